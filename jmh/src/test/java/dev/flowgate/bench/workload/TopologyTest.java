// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flowgate.config.OverlayLoader;
import dev.flowgate.config.OverlayValidator;
import dev.flowgate.config.Peering;
import dev.flowgate.config.Vpc;
import dev.flowgate.filter.FlowFilterLookup;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.lpm.Prefix;

class TopologyTest
{
    static String defaultTopologyYaml() throws Exception
    {
        try (InputStream in = TopologyTest.class.getResourceAsStream("default-topology.yaml"))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldEqualTheDefaultTopologyFileAtScaleOne() throws Exception
    {
        final var loaded = OverlayLoader.load("default-topology.yaml", defaultTopologyYaml());
        final var built = Topology.defaultTopology().overlay();
        assertEquals(loaded.vpcs(), built.vpcs());
        assertEquals(loaded.peeringsByName(), built.peeringsByName());
        assertEquals(loaded, built);
    }

    @Test
    void shouldBuildTablesThatLookUpLikeTheFile() throws Exception
    {
        final FlowFilterLookup fromFile = FlowFilterTables.build(
            OverlayLoader.load("default-topology.yaml", defaultTopologyYaml())).lookup(LookupKind.COMPILED);
        final FlowFilterLookup built = FlowFilterTables.build(Topology.defaultTopology().overlay())
            .lookup(LookupKind.COMPILED);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int hits = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final int src = (10 << 24) | (random.nextInt(10, 16) << 16) | random.nextInt(1 << 16);
            final int dst = random.nextBoolean() ? (10 << 24) | (random.nextInt(20, 61) << 16) | random.nextInt(256) :
                (198 << 24) | (51 << 16) | (100 << 8) | random.nextInt(256);
            final int dstPort = random.nextBoolean() ? 80 : 2222;
            final var a = fromFile.lookup4(Topology.CLIENTS_VNI, src, dst, true, 1024, dstPort);
            final var b = built.lookup4(Topology.CLIENTS_VNI, src, dst, true, 1024, dstPort);
            assertSame(a == null, b == null);
            if (a != null)
            {
                hits++;
                assertEquals(a, b);
            }
        }
        assertTrue(hits > 1000, "hits " + hits);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "1,4", "2,1", "4,16", "16,1", "8,32"})
    void shouldPassValidationAtEveryScale(final int vpcs, final int prefixes)
    {
        final Topology topology = Topology.of(vpcs, prefixes);
        assertEquals(List.of(), OverlayValidator.validate(topology.overlay()));
        assertEquals(1 + 6 * vpcs, topology.overlay().vpcs().size());
        assertEquals(6 * vpcs, topology.overlay().peerings().size());
        FlowFilterTables.build(topology.overlay());
    }

    @Test
    @Tag("slow")
    void shouldPassValidationAtTheLargestScale()
    {
        shouldPassValidationAtEveryScale(Topology.MAX_VPCS, Topology.MAX_PREFIXES_PER_EXPOSE);
    }

    @Test
    void shouldScaleWithFreshDisjointPrefixesAndVnis()
    {
        final Topology topology = Topology.of(3, 4);
        final Set<Integer> vnis = new HashSet<>();
        for (final Vpc vpc : topology.overlay().vpcs())
        {
            assertTrue(vnis.add(vpc.vni()));
        }
        final List<Prefix> all = new java.util.ArrayList<>();
        for (final Topology.Group group : topology.groups())
        {
            for (final PeerKind kind : PeerKind.values())
            {
                assertEquals(4, group.clientPrefixes(kind).size());
                all.addAll(group.clientPrefixes(kind));
                all.addAll(group.peerPrefixes(kind));
            }
            all.addAll(group.staticPublic());
            all.add(Prefix.of4(group.masqPool(), 28));
            all.add(Prefix.of4(group.overlapPool(), 28));
        }
        for (int i = 0; i < all.size(); i++)
        {
            for (int j = i + 1; j < all.size(); j++)
            {
                assertTrue(!all.get(i).collides(all.get(j)), all.get(i) + " vs " + all.get(j));
            }
        }
        final Peering overlap = topology.overlay().peering("clients-overlap-2");
        assertEquals(2, overlap.right().exposes().size());
        assertNull(topology.overlay().peering("clients-internet-1").right().defaultExpose());
    }

    @Test
    void shouldRejectScalesOutsideTheAddressPlan()
    {
        assertThrows(IllegalArgumentException.class, () -> Topology.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Topology.of(Topology.MAX_VPCS + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Topology.of(1, Topology.MAX_PREFIXES_PER_EXPOSE + 1));
    }
}
