// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import dev.flowgate.filter.NatValidation;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropReason;

class VerdictCheckTest
{
    @Test
    void shouldFailWhenAnExpectedClassIsMissing()
    {
        // The broken variant: an invalid-nat pool without R2 packets passes on verdicts alone.
        final VerdictCheck onlyR1 = VerdictCheck.flowFilter(NatValidation.EARLY)
            .count(PacketClass.INVALID_R1, null, DropReason.FILTERED);
        onlyR1.verify("verdicts only");
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> VerdictCheck.flowFilter(NatValidation.EARLY).expect(Mix.INVALID_NAT.classes(0))
                .count(PacketClass.INVALID_R1, null, DropReason.FILTERED).verify("invalid-nat"));
        assertTrue(missing.getMessage().contains("no packet of [INVALID_R2]"), missing.getMessage());
        VerdictCheck.flowFilter(NatValidation.EARLY).expect(Mix.INVALID_NAT.classes(0))
            .count(PacketClass.INVALID_R1, null, DropReason.FILTERED)
            .count(PacketClass.INVALID_R2, null, DropReason.FILTERED).verify("invalid-nat");
    }

    @Test
    void shouldExpectEveryClassOfEachMix()
    {
        assertEquals(EnumSet.of(PacketClass.ESTABLISHED), Mix.ESTABLISHED.classes(0.1));
        assertEquals(EnumSet.of(PacketClass.STALE), Mix.STALE.classes(0.1));
        assertEquals(EnumSet.allOf(PacketClass.class), Mix.REALISTIC.classes(0.1));
        assertEquals(EnumSet.of(PacketClass.ESTABLISHED, PacketClass.NEW_VALID, PacketClass.MULTI_MATCH,
            PacketClass.STALE), Mix.REALISTIC.classes(0));
        // Every generated pool of a mix holds every class the mix expects.
        for (final Mix mix : Mix.values())
        {
            final PacketTemplates templates = new TrafficGenerator(Topology.defaultTopology(), 7)
                .generate(mix, 4096, 0.1);
            assertEquals(mix.classes(0.1), templates.classCounts().keySet(), mix.label());
        }
    }

    @Test
    void shouldCountPacketsWhoseVerdictIsNotTheirTemplatesAndFailTheIteration()
    {
        final PacketBatch batch = new PacketBatch(4, 128);
        batch.count(4);
        batch.packet(1).meta().drop(DropReason.FILTERED);
        final byte[] expected = {0, 0, VerdictCheck.code(DropReason.FILTERED), 0, 0, 0};
        final VerdictCounters same = new VerdictCounters();
        same.count(batch, expected, 1);
        assertEquals(0, same.mixMismatch);
        assertEquals(3, same.accepted);
        same.checkIteration();
        // Shifted by one template: packets 0 and 1 swap their verdicts against the expected ones.
        final VerdictCounters shifted = new VerdictCounters();
        shifted.count(batch, expected, 0);
        assertEquals(2, shifted.mixMismatch);
        final IllegalStateException failed = assertThrows(IllegalStateException.class, shifted::checkIteration);
        assertTrue(failed.getMessage().contains("2 packets with another verdict"), failed.getMessage());
        final VerdictCounters bypass = new VerdictCounters();
        bypass.bypassMismatch = 1;
        assertThrows(IllegalStateException.class, bypass::checkIteration);
        bypass.clear();
        bypass.checkIteration();
    }
}
