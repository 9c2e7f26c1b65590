// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.VerdictCheck;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.pipeline.PipelineStage;

class PipelineFixtureTest
{
    static List<Arguments> mixes()
    {
        final List<Arguments> out = new ArrayList<>();
        for (final Mix mix : Mix.values())
        {
            for (final NatValidation validation : NatValidation.values())
            {
                out.add(Arguments.of(mix, validation));
            }
        }
        return out;
    }

    private static PipelineFixture fixture(final Mix mix, final NatValidation validation)
    {
        return fixture(mix, validation, FlowInfoAccess.SINGLE_LOCK);
    }

    private static PipelineFixture fixture(final Mix mix, final NatValidation validation, final FlowInfoAccess access)
    {
        return PipelineWorker.fixture(mix.label(), 0.1, validation, access, FlowTableKind.LOCK_FREE,
            LookupKind.COMPILED, 10_000, 32, "test");
    }

    @ParameterizedTest
    @MethodSource("mixes")
    void shouldPassTheSetupCheckAndKeepTheVerdictsOverManyCycles(final Mix mix, final NatValidation validation)
    {
        keepTheVerdictsOverManyCycles(mix, validation, FlowInfoAccess.SINGLE_LOCK);
    }

    /**
     * INLINE: the connections are sessions without flow objects, as the stages create them (each found by its forward
     * key, its handle kept); the stale ones are put back a genid behind by handle.
     */
    @ParameterizedTest
    @EnumSource(value = Mix.class, names = {"ESTABLISHED", "STALE", "REALISTIC", "NEW_VALID"})
    void shouldKeepTheVerdictsOfInlineSessionsOverManyCycles(final Mix mix)
    {
        keepTheVerdictsOverManyCycles(mix, NatValidation.EARLY, FlowInfoAccess.INLINE);
    }

    private static void keepTheVerdictsOverManyCycles(
        final Mix mix, final NatValidation validation, final FlowInfoAccess access)
    {
        final PipelineFixture fixture = fixture(mix, validation, access);
        try
        {
            for (int c = 0; c < fixture.templates.connectionCount(); c++)
            {
                assertEquals(fixture.flowTable.lookup(fixture.templates.forwardKey(c)) == FlowInfo.INLINE_SESSION,
                    fixture.handles.isSession(c), "connection " + c + ": a session has its handle");
            }
            // Both NAT stages create sessions without flow objects under INLINE: the fixture's session paths run.
            assertEquals(access == FlowInfoAccess.INLINE ? fixture.templates.connectionCount() : 0,
                fixture.handles.count());
            final PipelineWorker worker = new PipelineWorker(fixture);
            final VerdictCounters counters = new VerdictCounters();
            // 20 pool cycles: new-valid sessions must keep being created and expire, nothing else may change.
            final int packets = 20 * fixture.pool;
            worker.run(packets, counters);
            assertEquals(packets, counters.accepted + counters.dropFiltered, mix + " " + validation + " " +
                worker.pipeline().dropCounters().dump());
            // About `flows` entries in steady state (new sessions take the place of filler).
            final long size = fixture.flowTable.size();
            assertTrue(size >= 2_000 && size < 20_000, "size " + size);
            final long invalid = fixture.templates.classCounts().getOrDefault(PacketClass.INVALID_R1, 0) +
                (PipelineFixture.PORT_FORWARD_STAGE != null || validation == NatValidation.EARLY ?
                fixture.templates.classCounts().getOrDefault(PacketClass.INVALID_R2, 0) : 0);
            assertEquals(20 * invalid, counters.dropFiltered, worker.pipeline().dropCounters().dump());
            final long established = fixture.templates.classCounts().getOrDefault(PacketClass.ESTABLISHED, 0);
            assertEquals(20 * established, worker.pipeline().flowFilter().bypassed(), "every established packet " +
                "bypasses, and no new-valid packet finds a session");
            assertEquals(0, counters.mixMismatch, "every packet has the verdict setup saw for its template");
            assertEquals(0, counters.bypassMismatch);
            counters.checkIteration();
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    @ParameterizedTest
    @MethodSource("workingSetMixes")
    void shouldTouchEveryFlowOfTheTable(final Mix mix)
    {
        final int flows = 10_000;
        final PipelineFixture fixture = fixture(mix, NatValidation.EARLY);
        try
        {
            final long creating = fixture.templates.classCounts().getOrDefault(PacketClass.NEW_VALID, 0) +
                fixture.templates.classCounts().getOrDefault(PacketClass.MULTI_MATCH, 0);
            // The pool's connections, with the live new sessions, make up the table: no untouched filler.
            assertTrue(fixture.touchedFlows + 3 * creating >= flows, mix + ": " + fixture.workingSet());
            assertTrue(fixture.flowTable.size() <= fixture.touchedFlows + 3 * creating, fixture.workingSet());
            if (mix != Mix.REALISTIC)
            {
                assertEquals(fixture.flowTable.size(), fixture.touchedFlows, fixture.workingSet());
            }
            // One cycle looks up every entry of the connections (stale: one per pair, which it re-stamps).
            final PipelineWorker worker = new PipelineWorker(fixture);
            worker.run(fixture.pool, new VerdictCounters());
            final long lookedUp = fixture.templates.classCounts().getOrDefault(PacketClass.ESTABLISHED, 0) +
                2L * fixture.templates.classCounts().getOrDefault(PacketClass.STALE, 0);
            assertEquals(fixture.touchedFlows, lookedUp);
            assertTrue(fixture.bytesPerFlow > 64 && fixture.bytesPerFlow < 4096, fixture.workingSet());
            assertEquals(fixture.touchedFlows * fixture.bytesPerFlow / (1 << 20), fixture.workingSetMiB(), 1e-9);
            // The secondary results: the first worker's only, so that JMH's sum over threads is the fixture's.
            final WorkingSet first = new WorkingSet();
            first.of(worker, fixture);
            assertEquals(fixture.touchedFlows, first.touchedFlows());
            assertEquals(fixture.bytesPerFlow, first.bytesPerFlow());
            assertEquals(fixture.flowTable.size(), first.flowEntries());
            final WorkingSet second = new WorkingSet();
            second.of(new PipelineWorker(fixture), fixture);
            assertEquals(0, second.workingSetMiB());
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    /**
     * new-valid's setup leaves the table empty (its sessions come from the packets): no figure per entry until the
     * first worker has settled, then the settled table's, which is of the order of an established entry's, not the
     * table's arrays divided by one.
     */
    @ParameterizedTest
    @EnumSource(value = FlowInfoAccess.class, names = {"INLINE", "SINGLE_LOCK"})
    void shouldTakeTheHeapPerEntryOfASessionCreatingMixOverItsSettledTable(final FlowInfoAccess access)
    {
        final PipelineFixture fixture = fixture(Mix.NEW_VALID, NatValidation.EARLY, access);
        try
        {
            assertEquals(0, fixture.flowTable.size(), fixture.workingSet());
            assertTrue(Double.isNaN(fixture.bytesPerFlow), fixture.workingSet());
            final PipelineWorker first = new PipelineWorker(fixture).settle();
            assertTrue(fixture.flowTable.size() > 1_000, fixture.workingSet());
            assertTrue(fixture.bytesPerFlow > 64 && fixture.bytesPerFlow < 4096, fixture.workingSet());
            final WorkingSet reported = new WorkingSet();
            reported.of(first, fixture);
            assertEquals(fixture.bytesPerFlow, reported.bytesPerFlow());
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    static List<Mix> workingSetMixes()
    {
        return List.of(Mix.ESTABLISHED, Mix.STALE, Mix.REALISTIC);
    }

    @Test
    void shouldSizeThePoolsToEveryFlow()
    {
        assertEquals(1_000_000, PipelineFixture.poolSize(Mix.ESTABLISHED, 1_000_000, 0, 32));
        assertEquals(10_016, PipelineFixture.poolSize(Mix.ESTABLISHED, 10_000, 0, 32));
        assertEquals(500_000, PipelineFixture.poolSize(Mix.STALE, 1_000_000, 0, 32));
        // Realistic at 0.1: 0.72 established + 0.09 stale entries and 3 x 0.135 live new entries per packet.
        assertEquals(823_072, PipelineFixture.poolSize(Mix.REALISTIC, 1_000_000, 0.1, 32));
        assertEquals(1 << 16, PipelineFixture.poolSize(Mix.NEW_VALID, 1_000_000, 0, 32));
        assertEquals(1 << 12, PipelineFixture.poolSize(Mix.INVALID_NAT, 10_000, 0, 32));
    }

    @ParameterizedTest
    @EnumSource(value = FlowInfoAccess.class, names = {"SINGLE_LOCK", "INLINE"})
    void shouldFailAnIterationWhoseFlowsAreGone(final FlowInfoAccess access)
    {
        final PipelineFixture fixture = fixture(Mix.ESTABLISHED, NatValidation.EARLY, access);
        try
        {
            // The broken variant: connection 0's flow pair (or session, by its handle) removed after the setup check
            // (connection 0 is masqueraded): its forward packets miss the bypass, its replies are R1 towards the
            // masquerade pool.
            if (fixture.handles.isSession(0))
            {
                assertEquals(2, fixture.handles.remove(0));
            }
            else
            {
                final FlowInfo forward = fixture.flowTable.lookup(fixture.templates.forwardKey(0));
                assertTrue(fixture.flowTable.remove(forward.key(), forward));
                assertTrue(fixture.flowTable.remove(forward.related().key(), forward.related()));
            }
            final PipelineWorker worker = new PipelineWorker(fixture);
            final VerdictCounters counters = new VerdictCounters();
            worker.run(fixture.pool, counters);
            assertTrue(counters.mixMismatch > 0, "replies dropped");
            assertTrue(counters.bypassMismatch > 0, "forward packets not bypassed");
            final IllegalStateException failed = assertThrows(IllegalStateException.class, counters::checkIteration);
            assertTrue(failed.getMessage().contains("differs from setup's"), failed.getMessage());
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    /**
     * The writer of {@code EstablishedPipelineBenchmark.twoThreadsWithWriter}: each re-stamp writes both directions'
     * slots under their claims (a session's by its handle), so each slot's version moves, and the genid stays.
     */
    @Test
    void shouldReStampBothSlotsOfATemplatesFlowUnderInline()
    {
        final PipelineFixture fixture = fixture(Mix.ESTABLISHED, NatValidation.EARLY, FlowInfoAccess.INLINE);
        try
        {
            final LockFreeFlowTable table = (LockFreeFlowTable) fixture.flowTable;
            final InlineFlowView before = new InlineFlowView();
            final InlineFlowView after = new InlineFlowView();
            for (int t = 0; t < 64; t++)
            {
                final int c = fixture.templates.connection(t);
                final FlowKey forward = fixture.templates.forwardKey(c);
                read(fixture, table, forward, before);
                final long peerSeq = readPeer(fixture, table, before);
                assertTrue(fixture.restamp(t));
                read(fixture, table, forward, after);
                assertTrue(after.seq > before.seq, "template " + t + ": the forward slot written");
                assertTrue(readPeer(fixture, table, after) > peerSeq, "template " + t + ": the reverse slot written");
                assertEquals(fixture.genid, after.genid);
            }
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    /** The forward direction's slot read: a session's by its key, a flow's by its object. */
    private static void read(
        final PipelineFixture fixture, final LockFreeFlowTable table, final FlowKey forward, final InlineFlowView out)
    {
        final FlowInfo flow = table.lookup(forward);
        final int r = flow == FlowInfo.INLINE_SESSION ? fixture.handles.sessions().find(forward, out) :
            table.readInlineOf(flow, out);
        assertTrue(r >= 0 && out.status == FlowInfo.ACTIVE, "a consistent active read of " + forward);
    }

    /** The seqlock version of the reverse slot linked from {@code forward}'s read. */
    private static long readPeer(final PipelineFixture fixture, final LockFreeFlowTable table,
        final InlineFlowView forward)
    {
        final InlineFlowView peer = new InlineFlowView();
        assertTrue(table.readInlineAt(forward.peerSlot, peer) >= 0);
        return peer.seq;
    }

    /**
     * Half of the realistic mix invalid, over 150 pool cycles: with invalid-nat packets on ephemeral client ports, the
     * workers' port sweep gave a new port-forward session the reverse tuple of an R2 packet at cycle 137 of this seed,
     * which was accepted from then on (one mix mismatch, then one bypass too many per cycle).
     */
    @Test
    void shouldKeepEveryInvalidPacketInvalidWhileNewSessionsSweepTheirPorts()
    {
        final PipelineFixture fixture = PipelineWorker.fixture(Mix.REALISTIC.label(), 0.5, NatValidation.EARLY,
            FlowInfoAccess.SINGLE_LOCK, FlowTableKind.LOCK_FREE, LookupKind.COMPILED, 10_000, 32, "test");
        try
        {
            final PipelineWorker worker = new PipelineWorker(fixture);
            final VerdictCounters counters = new VerdictCounters();
            worker.run(150 * fixture.pool, counters);
            assertEquals(0, counters.mixMismatch, worker.pipeline().dropCounters().dump());
            assertEquals(0, counters.bypassMismatch);
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    @Test
    void shouldProcessTheSameMixUnderEarlyAndLateAtInvalidRatioZero()
    {
        final PipelineFixture early = PipelineWorker.fixture("realistic", 0, NatValidation.EARLY,
            FlowInfoAccess.SINGLE_LOCK, FlowTableKind.LOCK_FREE, LookupKind.COMPILED, 10_000, 32, "test");
        final PipelineFixture late = PipelineWorker.fixture("realistic", 0, NatValidation.LATE,
            FlowInfoAccess.SINGLE_LOCK, FlowTableKind.LOCK_FREE, LookupKind.COMPILED, 10_000, 32, "test");
        try
        {
            assertEquals(early.templates.fingerprint(), late.templates.fingerprint(), "the same packets");
            assertEquals(early.flowTable.size(), late.flowTable.size());
            final PipelineWorker a = new PipelineWorker(early);
            final PipelineWorker b = new PipelineWorker(late);
            final VerdictCounters ca = new VerdictCounters();
            final VerdictCounters cb = new VerdictCounters();
            final int packets = 5 * early.pool;
            a.run(packets, ca);
            b.run(packets, cb);
            assertEquals(packets, ca.accepted, a.pipeline().dropCounters().dump());
            assertEquals(ca.accepted, cb.accepted, b.pipeline().dropCounters().dump());
            assertEquals(a.pipeline().flowFilter().bypassed(), b.pipeline().flowFilter().bypassed());
            assertEquals(early.flowTable.size(), late.flowTable.size(), "the same sessions created and reaped");
        }
        finally
        {
            early.flowTable.close();
            late.flowTable.close();
        }
    }

    @Test
    void shouldDropLateR1InTheMasqueradeStageAndR2InThePortForwardStage()
    {
        final PipelineFixture fixture = fixture(Mix.INVALID_NAT, NatValidation.LATE);
        try
        {
            final PipelineWorker worker = new PipelineWorker(fixture);
            worker.run(fixture.pool, new VerdictCounters());
            final long r1 = fixture.templates.classCounts().get(PacketClass.INVALID_R1);
            assertEquals(r1, worker.pipeline().dropCounters().count(PipelineStage.MASQUERADE, DropReason.FILTERED));
            assertEquals(0, worker.pipeline().dropCounters().count(PipelineStage.FLOW_FILTER, DropReason.FILTERED));
            final long r2 = fixture.templates.classCounts().get(PacketClass.INVALID_R2);
            final String pf = PipelineFixture.PORT_FORWARD_STAGE;
            final long r2Dropped = pf == null ? 0 : worker.pipeline().dropCounters().count(pf, DropReason.FILTERED) +
                worker.pipeline().dropCounters().count(pf, DropReason.NAT_NOT_PORT_FORWARDED);
            assertEquals(pf == null ? 0 : r2, r2Dropped, worker.pipeline().dropCounters().dump());
        }
        finally
        {
            fixture.flowTable.close();
        }
    }

    @Test
    void shouldFailTheStageAwareCheckOnAWrongStageOrVerdict()
    {
        final String ff = PipelineStage.FLOW_FILTER.label();
        final String masq = PipelineStage.MASQUERADE.label();
        // R1 dropped filtered by the flow-filter is the EARLY path, wrong under LATE.
        assertThrows(IllegalStateException.class, () -> VerdictCheck.pipeline(NatValidation.LATE, ff, masq, null)
            .count(PacketClass.INVALID_R1, ff, DropReason.FILTERED).verify("late"));
        // R2 accepted is allowed only while there is no port-forward stage.
        VerdictCheck.pipeline(NatValidation.LATE, ff, masq, null).count(PacketClass.INVALID_R2, null, null)
            .count(PacketClass.INVALID_R1, masq, DropReason.FILTERED).verify("late");
        assertThrows(IllegalStateException.class, () -> VerdictCheck.pipeline(NatValidation.LATE, ff, masq,
            "port-forward").count(PacketClass.INVALID_R2, null, null).verify("late, port-forward wired"));
        VerdictCheck.pipeline(NatValidation.LATE, ff, masq, "port-forward")
            .count(PacketClass.INVALID_R2, "port-forward", DropReason.FILTERED).verify("late, port-forward wired");
        // Every class strict: an established packet dropped, a new-valid packet dropped, R1 accepted.
        assertThrows(IllegalStateException.class, () -> VerdictCheck.pipeline(NatValidation.EARLY, ff, masq, null)
            .count(PacketClass.ESTABLISHED, masq, DropReason.FILTERED).verify("early"));
        assertThrows(IllegalStateException.class, () -> VerdictCheck.pipeline(NatValidation.EARLY, ff, masq, null)
            .count(PacketClass.NEW_VALID, ff, DropReason.FLOW_CAPACITY_EXCEEDED).verify("early"));
        final IllegalStateException wrong = assertThrows(IllegalStateException.class,
            () -> VerdictCheck.pipeline(NatValidation.EARLY, ff, masq, null).count(PacketClass.INVALID_R1, null, null)
                .verify("early"));
        assertTrue(wrong.getMessage().contains("INVALID_R1: accepted=1 (WRONG)"), wrong.getMessage());
    }

    @ParameterizedTest
    @MethodSource("mixes")
    void shouldNotAllocateInSteadyState(final Mix mix, final NatValidation validation)
    {
        notAllocateInSteadyState(mix, validation, FlowInfoAccess.SINGLE_LOCK);
    }

    /** INLINE: the stale sessions put back a genid behind by handle every pass, without allocating. */
    @ParameterizedTest
    @EnumSource(value = Mix.class, names = {"ESTABLISHED", "STALE"})
    void shouldNotAllocateInSteadyStateUnderInline(final Mix mix)
    {
        notAllocateInSteadyState(mix, NatValidation.EARLY, FlowInfoAccess.INLINE);
    }

    private static void notAllocateInSteadyState(
        final Mix mix, final NatValidation validation, final FlowInfoAccess access)
    {
        if (mix == Mix.NEW_VALID || mix == Mix.REALISTIC || mix == Mix.MULTI_MATCH)
        {
            return; // new sessions allocate (flow pair, NAT state; multi-match rule A is masquerade)
        }
        final PipelineFixture fixture = fixture(mix, validation, access);
        try
        {
            final PipelineWorker worker = new PipelineWorker(fixture);
            final VerdictCounters counters = new VerdictCounters();
            final com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 3000; round++)
            {
                worker.run(PipelineBenchmark.PACKETS * 4, counters);
            }
            // Measured round by round: the only allowed allocation is the drop log of invalid-nat packets, at most
            // one line per reason per second of the worker's clock (8 bursts a round).
            final int rounds = 500;
            int allocating = 0;
            for (int round = 0; round < rounds; round++)
            {
                final long before = bean.getCurrentThreadAllocatedBytes();
                worker.run(PipelineBenchmark.PACKETS * 4, counters);
                allocating += bean.getCurrentThreadAllocatedBytes() - before > 0 ? 1 : 0;
            }
            final long logLines = mix == Mix.INVALID_NAT ?
                2 * (1 + rounds * 8L * fixture.clockStep / 1_000_000_000L) : 0;
            assertTrue(allocating <= logLines, mix + " " + validation + ": " + allocating + " of " + rounds +
                " rounds allocated (allowed: " + logLines + " log lines)");
        }
        finally
        {
            fixture.flowTable.close();
        }
    }
}
