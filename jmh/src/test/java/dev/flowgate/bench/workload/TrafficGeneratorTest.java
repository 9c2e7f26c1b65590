// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flowgate.config.NatRequirement;
import dev.flowgate.filter.FlowFilterLookup;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.filter.LookupResult;
import dev.flowgate.filter.RemoteData;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.PacketParser;

class TrafficGeneratorTest
{
    private static final long SEED = Long.getLong("flowgate.seed", 20260313L);
    private static final long GENID = 5;

    static
    {
        System.out.println("TrafficGeneratorTest seed " + SEED + " (replay with -Dflowgate.seed=" + SEED + ")");
    }

    @ParameterizedTest
    @EnumSource(Mix.class)
    void shouldGenerateTheSamePacketsForTheSameSeed(final Mix mix)
    {
        final Topology topology = Topology.of(2, 3);
        final PacketTemplates a = new TrafficGenerator(topology, SEED).generate(mix, 257, 0.1);
        final PacketTemplates b = new TrafficGenerator(topology, SEED).generate(mix, 257, 0.1);
        final PacketTemplates c = new TrafficGenerator(topology, SEED + 1).generate(mix, 257, 0.1);
        assertEquals(257, a.size());
        boolean differs = false;
        for (int i = 0; i < a.size(); i++)
        {
            assertArrayEquals(a.frame(i), b.frame(i));
            assertEquals(a.srcVni(i), b.srcVni(i));
            assertSame(a.packetClass(i), b.packetClass(i));
            assertEquals(a.connection(i), b.connection(i));
            differs |= !Arrays.equals(a.frame(i), c.frame(i));
        }
        assertTrue(differs, "another seed gives other packets");
    }

    @ParameterizedTest
    @EnumSource(Mix.class)
    void shouldHitTheLookupResultEachClassNames(final Mix mix)
    {
        for (final Topology topology : new Topology[] {Topology.defaultTopology(), Topology.of(3, 4)})
        {
            final FlowFilterLookup table = FlowFilterTables.build(topology.overlay()).lookup(LookupKind.COMPILED);
            final PacketTemplates templates = new TrafficGenerator(topology, SEED).generate(mix, 1000, 0.1);
            final FlowInfo[] flows = templates.buildFlows(FlowInfoAccess.SINGLE_LOCK, GENID);
            final Packet packet = new Packet(PacketBatch.DEFAULT_SLOT_SIZE);
            final PacketParser parser = new PacketParser();
            for (int i = 0; i < templates.size(); i++)
            {
                templates.copyTo(i, packet);
                assertEquals(0, parser.parse(packet), "packet " + i + " parses");
                assertTrue(packet.meta().hasFlags(PacketMeta.IS_OVERLAY));
                final boolean ports = packet.parsed().protocol() == IpProtocol.TCP ||
                    packet.parsed().protocol() == IpProtocol.UDP;
                final LookupResult result = table.lookup4(templates.srcVni(i), packet.srcIpv4(), packet.dstIpv4(),
                    ports, packet.srcPort(), packet.dstPort());
                assertNotNull(result, mix + " packet " + i + " " + templates.packetClass(i) + " has a result");
                assertClass(templates.packetClass(i), result, flows[i], i);
            }
        }
    }

    private static void assertClass(final PacketClass c, final LookupResult result, final FlowInfo flow, final int i)
    {
        final String what = c + " packet " + i + ": " + result;
        switch (c)
        {
            case NEW_VALID:
                assertTrue(result.isSingle(), what);
                assertFalse(r1(result.single()) || r2(result.single()), what);
                assertNull(flow, what);
                break;
            case INVALID_R1:
                assertTrue(result.isSingle() && r1(result.single()), what);
                assertNull(flow, what);
                break;
            case INVALID_R2:
                assertTrue(result.isSingle() && r2(result.single()), what);
                assertNull(flow, what);
                break;
            case MULTI_MATCH:
                assertTrue(result.isMultiple() && result.size() == 2, what);
                assertEquals(result.member(0).vni(), result.member(1).vni(), what);
                assertTrue(ruleA(result) || ruleB(result), what);
                assertNull(flow, what);
                break;
            case ESTABLISHED:
            case STALE:
                assertTrue(result.isSingle(), what);
                assertNotNull(flow, what);
                assertEquals(c == PacketClass.STALE ? GENID - 1 : GENID, flow.genid(), what);
                assertEquals(result.single().vni(), flow.lockedState().dstVni(), what + " flow's dst VNI");
                final FlowInfoReader reader = FlowInfoReader.create(FlowInfoAccess.SINGLE_LOCK);
                reader.begin(flow, GENID);
                assertEquals(c == PacketClass.ESTABLISHED, reader.tryBypass(), what + " bypass");
                break;
            default:
                throw new AssertionError(what);
        }
    }

    private static boolean r1(final RemoteData rd)
    {
        return rd.dstNatReq() == NatRequirement.STATEFUL;
    }

    private static boolean r2(final RemoteData rd)
    {
        return rd.srcNatReq() != null && rd.srcNatReq().isPortForwarding();
    }

    /** Source masquerade and source port forwarding (TCP): rule A of docs/spec/flow-filter.md section 4, step 5d(v). */
    private static boolean ruleA(final LookupResult result)
    {
        boolean stateful = false;
        boolean pf = false;
        for (final RemoteData rd : result.members())
        {
            stateful |= rd.srcNatReq() == NatRequirement.STATEFUL;
            pf |= rd.srcNatReq() != null && rd.srcNatReq().isPortForwarding() && rd.appliesTo(L4Protocol.TCP);
        }
        return stateful && pf;
    }

    /** Destination port forwarding (TCP) and destination masquerade: rule B. */
    private static boolean ruleB(final LookupResult result)
    {
        boolean stateful = false;
        boolean pf = false;
        for (final RemoteData rd : result.members())
        {
            stateful |= rd.dstNatReq() == NatRequirement.STATEFUL;
            pf |= rd.dstNatReq() != null && rd.dstNatReq().isPortForwarding() && rd.appliesTo(L4Protocol.TCP);
        }
        return stateful && pf;
    }

    @Test
    void shouldBlendRealisticWithTheInvalidRatio()
    {
        final Topology topology = Topology.defaultTopology();
        for (final double ratio : new double[] {0, 0.01, 0.1, 0.5})
        {
            final Map<PacketClass, Integer> counts = new TrafficGenerator(topology, SEED)
                .generate(Mix.REALISTIC, 10_000, ratio).classCounts();
            final int invalid = counts.getOrDefault(PacketClass.INVALID_R1, 0) +
                counts.getOrDefault(PacketClass.INVALID_R2, 0);
            assertEquals(Math.round(10_000 * ratio), invalid, "ratio " + ratio);
            assertTrue(counts.get(PacketClass.ESTABLISHED) > counts.get(PacketClass.NEW_VALID), counts.toString());
            assertTrue(counts.get(PacketClass.STALE) > 0 && counts.get(PacketClass.MULTI_MATCH) > 0,
                counts.toString());
        }
    }

    @Test
    void shouldGenerateOnlyTheClassesOfAMix()
    {
        final TrafficGenerator generator = new TrafficGenerator(Topology.defaultTopology(), SEED);
        assertEquals(Map.of(PacketClass.ESTABLISHED, 64), generator.generate(Mix.ESTABLISHED, 64, 0).classCounts());
        assertEquals(Map.of(PacketClass.STALE, 64), generator.generate(Mix.STALE, 64, 0).classCounts());
        assertEquals(Map.of(PacketClass.MULTI_MATCH, 64), generator.generate(Mix.MULTI_MATCH, 64, 0).classCounts());
        assertEquals(Map.of(PacketClass.INVALID_R1, 32, PacketClass.INVALID_R2, 32),
            generator.generate(Mix.INVALID_NAT, 64, 0).classCounts());
        assertThrows(IllegalArgumentException.class, () -> generator.generate(Mix.REALISTIC, 64, 1.5));
        final PacketTemplates stale = generator.generate(Mix.STALE, 64, 0);
        final java.util.Set<Integer> seen = new java.util.HashSet<>();
        int replies = 0;
        for (int i = 0; i < stale.size(); i++)
        {
            assertTrue(seen.add(stale.connection(i)), "a stale connection sends one packet per pass");
            replies += stale.isReply(i) ? 1 : 0;
        }
        assertEquals(32, replies);
        assertEquals(Mix.NEW_VALID, Mix.fromLabel("new-valid"));
    }

    @Test
    void shouldGenerateMasqueradeConnectionsOnlyWhenAsked()
    {
        final PacketTemplates both = new TrafficGenerator(Topology.defaultTopology(), SEED).generate(Mix.ESTABLISHED,
            64, 0);
        final PacketTemplates masq = new TrafficGenerator(Topology.defaultTopology(), SEED)
            .portForwardConnections(false).generate(Mix.ESTABLISHED, 64, 0);
        int bothMasq = 0;
        for (int c = 0; c < both.connectionCount(); c++)
        {
            bothMasq += both.isMasquerade(c) ? 1 : 0;
        }
        assertEquals(both.connectionCount() / 2, bothMasq);
        for (int c = 0; c < masq.connectionCount(); c++)
        {
            assertTrue(masq.isMasquerade(c), "connection " + c);
            assertEquals(Topology.CLIENTS_VNI, masq.forwardKey(c).srcVni());
        }
    }

    @Test
    void shouldReplaceATemplateFrameAndVni()
    {
        final PacketTemplates templates = new TrafficGenerator(Topology.defaultTopology(), SEED)
            .generate(Mix.ESTABLISHED, 8, 0);
        final byte[] other = templates.frame(1);
        templates.replace(0, other, 4242);
        assertArrayEquals(other, templates.frame(0));
        assertEquals(4242, templates.srcVni(0));
        assertThrows(IllegalArgumentException.class, () -> templates.replace(0, new byte[4096], 1));
    }

    @Test
    void shouldFailTheVerdictCheckLoudlyOnAWrongMix()
    {
        final PacketTemplates templates = new TrafficGenerator(Topology.defaultTopology(), SEED)
            .generate(Mix.INVALID_NAT, 32, 0);
        final PacketBatch batch = new PacketBatch(32);
        templates.restore(batch, 0, 32);
        final IllegalStateException wrong = assertThrows(IllegalStateException.class,
            () -> VerdictCheck.flowFilter(NatValidation.EARLY).count(templates, 0, batch).verify("test"));
        assertTrue(wrong.getMessage().contains("INVALID_R1: accepted=") &&
            wrong.getMessage().contains("(WRONG)"), wrong.getMessage());
        for (int i = 0; i < 32; i++)
        {
            batch.packet(i).meta().drop(DropReason.FILTERED);
        }
        final VerdictCheck check = VerdictCheck.flowFilter(NatValidation.EARLY).count(templates, 0, batch)
            .verify("test");
        assertEquals(16, check.count(PacketClass.INVALID_R2, DropReason.FILTERED));
        assertThrows(IllegalStateException.class,
            () -> VerdictCheck.flowFilter(NatValidation.EARLY).verify("nothing counted"));
    }

    @Test
    void shouldRestoreBurstsWithoutAllocating()
    {
        final PacketTemplates templates = new TrafficGenerator(Topology.defaultTopology(), SEED)
            .generate(Mix.STALE, 100, 0);
        final FlowInfo[] flows = templates.buildFlows(FlowInfoAccess.SNAPSHOT, GENID);
        final PacketBatch batch = new PacketBatch(32);
        final FlowInfo[] attached = new FlowInfo[32];
        final VerdictCounters counters = new VerdictCounters();
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        int first = 0;
        for (int round = 0; round < 200_000; round++)
        {
            final long before = bean.getCurrentThreadAllocatedBytes();
            first = (round * 32) % templates.size();
            templates.restore(batch, first, 32);
            templates.restoreMeta(batch, first, 32);
            templates.attachFlows(flows, attached, first, 32, GENID);
            counters.count(batch);
            allocated = bean.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated);
        assertEquals(32L * 200_000, counters.accepted);
        assertEquals(GENID - 1, attached[0].genid());
        assertEquals(templates.srcVni((first + 4) % templates.size()), batch.packet(4).meta().srcVni());
        assertSame(flows[(first + 4) % templates.size()], attached[4]);
    }
}
