// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.stress.flow;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;

/**
 * jcstress tests of the inline per-flow state's seqlock (docs/spec/flow-table.md section 11) on real threads and
 * the JIT's real orderings, two actors each (the machine has two cores).
 */
public final class InlineFlowStateTests
{
    static final int TORN = -1;

    private InlineFlowStateTests()
    {
    }

    static InlineFlowView state(final int val)
    {
        final InlineFlowView v = new InlineFlowView();
        v.status = FlowInfo.ACTIVE;
        v.dstVni = val * 11;
        v.genid = val;
        v.natAddress = val * 0x0101_0101;
        v.natPort = val * 7;
        v.natChecksumDelta = val * 3;
        v.peerSlot = val;
        v.peerTag = val * 5;
        return v;
    }

    /** The value a state was written from, or {@link #TORN} when its words come from different writes. */
    static int decode(final InlineFlowView v)
    {
        final int g = (int) v.genid;
        final boolean same = v.dstVni == g * 11 && v.natAddress == g * 0x0101_0101 && v.natPort == g * 7 &&
            v.natChecksumDelta == g * 3 && v.peerSlot == g && v.peerTag == g * 5;
        return same ? g : TORN;
    }

    static LockFreeFlowTable tableWithState1()
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(LockFreeFlowTableTests.CAPACITY, true);
        table.insert(new FlowInfo(LockFreeFlowTableTests.K1, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT));
        table.writeInline(LockFreeFlowTableTests.K1, state(1));
        return table;
    }

    /** A seqlock read racing a full state write sees the old state, the new one, or goes to the slow path. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the read saw the state before the write")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "the read saw the written state")
    @Outcome(id = "-2", expect = ACCEPTABLE, desc = "the read overlapped the write: slow path")
    @Outcome(expect = FORBIDDEN, desc = "a torn state (-1) or a miss")
    @State
    public static class WriteVersusRead
    {
        final LockFreeFlowTable table = tableWithState1();
        final InlineFlowView next = state(2);
        final InlineFlowView out = new InlineFlowView();

        @Actor
        public void writer()
        {
            table.writeInline(LockFreeFlowTableTests.K1, next);
        }

        @Actor
        public void reader(final I_Result r)
        {
            final int slot = table.readInline(LockFreeFlowTableTests.K1, out);
            r.r1 = slot == LockFreeFlowTable.INLINE_SLOW ? -2 : slot < 0 ? -3 : decode(out);
        }
    }

    /**
     * Two writers over the same read (an invalidation and a packet re-stamping the genid): exactly one wins, and the
     * state shows exactly its write.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the invalidation won; genid unchanged")
    @Outcome(id = "0, 1, 7", expect = ACCEPTABLE, desc = "the re-stamp won; status unchanged (encoded as genid)")
    @Outcome(expect = FORBIDDEN, desc = "both or neither won, or a lost or mixed write")
    @State
    public static class StatusVersusGenid
    {
        final LockFreeFlowTable table = tableWithState1();
        final InlineFlowView seen = new InlineFlowView();
        final int slot = table.readInline(LockFreeFlowTableTests.K1, seen);
        final long seq = seen.seq;
        int statusWon;
        int genidWon;

        @Actor
        public void invalidate()
        {
            statusWon = table.writeStatus(slot, seq, FlowInfo.CANCELLED) ? 1 : 0;
        }

        @Actor
        public void restamp()
        {
            genidWon = table.writeGenid(slot, seq, 7L) ? 1 : 0;
        }

        /**
         * Who won, and what the state shows.
         *
         * @param r won flags of the invalidation and the re-stamp, then 1 (cancelled only), 7 (re-stamped only) or
         *     a negative value (miss, or both or neither applied).
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            final InlineFlowView v = new InlineFlowView();
            final int s = table.readInline(LockFreeFlowTableTests.K1, v);
            r.r1 = statusWon;
            r.r2 = genidWon;
            final boolean cancelledOnly = v.status == FlowInfo.CANCELLED && v.genid == 1L;
            final boolean restampedOnly = v.status == FlowInfo.ACTIVE && v.genid == 7L;
            r.r3 = s < 0 ? -1 : cancelledOnly ? 1 : restampedOnly ? 7 : -2;
        }
    }
}
