// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowView;

class FilterFixtureTest
{
    private static final boolean[] BOTH = {true, false};
    private static final boolean[] OBJECTS = {false};

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldPassTheSetupCheckForEveryMixAndSetting(final FlowInfoAccess access)
    {
        for (final Mix mix : Mix.values())
        {
            for (final NatValidation validation : NatValidation.values())
            {
                for (final LookupKind lookup : LookupKind.values())
                {
                    // INLINE: sessions without flow objects, and keyed flow pairs.
                    for (final boolean sessions : access == FlowInfoAccess.INLINE ? BOTH : OBJECTS)
                    {
                        final FilterFixture fixture = new FilterFixture(mix.label(), access, lookup, 32, sessions);
                        fixture.check(validation, access, mix + " " + validation + " " + access + " " + lookup +
                            (sessions ? " sessions" : ""));
                        // A second pass over the same flows takes the same paths (stale flows are re-aged).
                        fixture.check(validation, access, "second pass");
                    }
                }
            }
        }
    }

    @Test
    void shouldFailTheCheckWhenTheMixIsNotWhatTheStageSees()
    {
        final FilterFixture fixture =
            new FilterFixture("established", FlowInfoAccess.SNAPSHOT, LookupKind.COMPILED, 32);
        // Flows one generation behind are no longer bypassed: the check must refuse to measure that.
        for (final var flow : fixture.flows)
        {
            if (flow != null)
            {
                flow.setGenidPair(FilterFixture.GENID - 1);
            }
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> fixture.check(NatValidation.EARLY, FlowInfoAccess.SNAPSHOT, "wrong"));
        assertTrue(e.getMessage().contains("(expected 4096)") && !e.getMessage().contains("bypassed 4096"),
            e.getMessage());
    }

    @Test
    void shouldFailTheCheckWhenTheInlineStateIsNotTheFlows()
    {
        final FilterFixture fixture =
            new FilterFixture("established", FlowInfoAccess.INLINE, LookupKind.COMPILED, 32, false);
        fixture.check(NatValidation.EARLY, FlowInfoAccess.INLINE, "intact");
        // Each slot's VNI one off its flow's: the bypass takes the VNI from the inline read, so the check sees it.
        for (final FlowInfo flow : fixture.flows)
        {
            if (flow != null)
            {
                fixture.inlineTable.publishInlinePair(flow, wrongVni(flow), wrongVni(flow.related()), 0L);
            }
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> fixture.check(NatValidation.EARLY, FlowInfoAccess.INLINE, "wrong"));
        assertTrue(e.getMessage().contains("another VNI than their flow's 4096"), e.getMessage());
    }

    @Test
    void shouldFailTheCheckWhenTheStageDoesNotReadInline()
    {
        // INLINE flows checked as SNAPSHOT: same verdicts, but no bypass is decided from the inline read.
        final FilterFixture fixture =
            new FilterFixture("established", FlowInfoAccess.INLINE, LookupKind.COMPILED, 32, false);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> fixture.check(NatValidation.EARLY, FlowInfoAccess.SNAPSHOT, "object path"));
        assertTrue(e.getMessage().contains("from the inline read 0 (expected 4096)"), e.getMessage());
    }

    @Test
    void shouldBypassSessionsWithoutFlowObjectsFromTheirReads()
    {
        final FilterFixture fixture =
            new FilterFixture("established", FlowInfoAccess.INLINE, LookupKind.COMPILED, 32);
        assertEquals(fixture.templates.connectionCount(), fixture.handles.count());
        for (final FlowInfo flow : fixture.flows)
        {
            assertTrue(flow == null || flow == FlowInfo.INLINE_SESSION);
        }
        // Every established packet bypassed from its session's read, with its connection's VNI (check's conditions).
        fixture.check(NatValidation.EARLY, FlowInfoAccess.INLINE, "sessions");
        fixture.check(NatValidation.EARLY, FlowInfoAccess.INLINE, "second pass");
        // The broken variant: the sessions removed by their handles; the packets' reads miss and the check refuses.
        for (int c = 0; c < fixture.templates.connectionCount(); c++)
        {
            assertEquals(2, fixture.handles.remove(c));
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> fixture.check(NatValidation.EARLY, FlowInfoAccess.INLINE, "sessions removed"));
        // Established packets without their sessions are new traffic: some now take other verdicts (the EARLY NAT
        // check), and none is bypassed.
        assertTrue(e.getMessage().startsWith("sessions removed:"), e.getMessage());
    }

    @Test
    void shouldRefuseSessionsOutsideInline()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new FilterFixture("established", FlowInfoAccess.SNAPSHOT, LookupKind.COMPILED, 32, true));
    }

    private static InlineFlowView wrongVni(final FlowInfo flow)
    {
        return new InlineFlowView().state(flow.lockedState().dstVni() + 1, InlineFlowView.NAT_MASQUERADE |
            InlineFlowView.NAT_OBJECT, 0L, 0L, 0);
    }

    @ParameterizedTest
    @CsvSource({"realistic, SNAPSHOT, false", "realistic, INLINE, true", "established, INLINE, true",
        "stale, INLINE, true", "established, INLINE, false"})
    void shouldProcessBurstsWithoutAllocating(final String mix, final FlowInfoAccess access, final boolean sessions)
    {
        final FilterFixture fixture = new FilterFixture(mix, access, LookupKind.COMPILED, 32, sessions);
        final FilterWorker worker = new FilterWorker(fixture, NatValidation.EARLY, access);
        final VerdictCounters counters = new VerdictCounters();
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = -1;
        // Whole pool cycles (64 invocations each), so that the bypasses are the mix's established share exactly.
        final int cycles = 320;
        final int rounds = cycles * FilterFixture.POOL / FlowFilterBenchmark.PACKETS;
        for (int round = 0; round < rounds; round++)
        {
            final long before = bean.getCurrentThreadAllocatedBytes();
            worker.run(FlowFilterBenchmark.PACKETS, counters);
            allocated = bean.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated);
        assertEquals((long) rounds * FlowFilterBenchmark.PACKETS, counters.accepted + counters.dropFiltered);
        assertEquals(mix.equals("realistic"), counters.dropFiltered > 0);
        // INLINE: the established packets were decided from their inline reads, not from the objects.
        final long established = fixture.templates.classCounts().getOrDefault(PacketClass.ESTABLISHED, 0);
        assertEquals(access == FlowInfoAccess.INLINE ? established * cycles : 0, worker.bypassedInline());
    }
}
