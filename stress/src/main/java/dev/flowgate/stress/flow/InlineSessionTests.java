// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.stress.flow;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineWordsInsert;
import dev.flowgate.flow.LockFreeFlowTable;

/**
 * jcstress tests of the insert with NAT words that sessions use (docs/spec/flow-table.md section 11.12) on real
 * threads: a pair inserted over another pair of the same keys (a replace with new words, N2) while a reader reads the
 * forward key's slot. The pairs are keyed flows, whose references show which insert a read's flow comes from (a
 * session's sentinel is one object for all).
 */
public final class InlineSessionTests
{
    static final int TORN = -1;
    static final int SLOW = -2;
    static final int MISS = -3;

    private InlineSessionTests()
    {
    }

    /** The words of insert {@code val}: {@link InlineFlowStateTests#state} (a replace writes its NAT part). */
    static InlineFlowView words(final int val)
    {
        return InlineFlowStateTests.state(val);
    }

    static FlowInfo pair()
    {
        return FlowInfo.relatedPair(LockFreeFlowTableTests.K1, LockFreeFlowTableTests.K1_REVERSE, Long.MAX_VALUE,
            FlowInfoAccess.INLINE);
    }

    /** Which insert (1 or 2) both the read's flow and its words come from, or {@link #TORN}. */
    static int decode(final InlineFlowView v, final FlowInfo first, final FlowInfo second)
    {
        final int g = v.dstVni / 11;
        final InlineFlowView e = words(g);
        final boolean same = v.natAddress == e.natAddress && v.natPort == e.natPort &&
            v.natChecksumDelta == e.natChecksumDelta &&
            (g == 1 ? v.flow == first : g == 2 && v.flow == second);
        return same ? g : TORN;
    }

    /** The state of the replace/read race over {@code table}: pair 1 inserted with words 1. */
    static class ReplaceState
    {
        final LockFreeFlowTable table;
        final FlowInfo first = pair();
        final FlowInfo second = pair();
        final InlineFlowView out = new InlineFlowView();

        ReplaceState(final LockFreeFlowTable table)
        {
            this.table = table;
            InlineWordsInsert.insertPair(table, first, words(1), words(1));
        }

        void replace()
        {
            InlineWordsInsert.insertPair(table, second, words(2), words(2));
        }

        int read()
        {
            final int slot = table.readInline(LockFreeFlowTableTests.K1, out);
            return slot == LockFreeFlowTable.INLINE_SLOW ? SLOW : slot < 0 ? MISS : decode(out, first, second);
        }
    }

    /** A read racing a replace with new words sees the old flow with its words, the new one with its, or goes slow. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the read saw the first pair and its words")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "the read saw the second pair and its words")
    @Outcome(id = "-2", expect = ACCEPTABLE, desc = "the read overlapped the replace: slow path")
    @Outcome(expect = FORBIDDEN, desc = "a flow with the other pair's words (-1), or a miss (-3)")
    @State
    public static class ReplaceVersusRead extends ReplaceState
    {
        public ReplaceVersusRead()
        {
            super(new LockFreeFlowTable(LockFreeFlowTableTests.CAPACITY, true));
        }

        @Actor
        public void writer()
        {
            replace();
        }

        @Actor
        public void reader(final I_Result r)
        {
            r.r1 = read();
        }
    }
}
