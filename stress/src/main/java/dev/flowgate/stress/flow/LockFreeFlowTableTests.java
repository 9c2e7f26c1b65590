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
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;

/**
 * jcstress tests of the lock-free flow table's publication (docs/spec/flow-table.md sections 4, 5 and 7), two
 * actors each (the machine has two cores).
 */
public final class LockFreeFlowTableTests
{
    static final int CAPACITY = 4;
    static final FlowKey K1;
    static final FlowKey K2;

    static
    {
        final int slots = new LockFreeFlowTable(CAPACITY).slotCount();
        final FlowKey first = key(0);
        FlowKey second = null;
        for (int i = 1; second == null; i++)
        {
            final FlowKey k = key(i);
            if (((k.hash64() ^ first.hash64()) & (slots - 1)) == 0)
            {
                second = k;
            }
        }
        K1 = first;
        K2 = second;
    }

    private LockFreeFlowTableTests()
    {
    }

    static FlowKey key(final int i)
    {
        return new MutableFlowKey().ipv4Ports(100, 0x0a000000 + i, 0x0b000001, 6, 1024, 443).toImmutable();
    }

    /** A reader racing an insert sees nothing or the complete flow, never a torn or foreign slot. */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "the look-up ran before the insert was published")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the look-up found the published flow")
    @Outcome(expect = FORBIDDEN, desc = "a torn or foreign flow")
    @State
    public static class InsertVersusLookup
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);
        final FlowInfo flow = new FlowInfo(K1, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);

        @Actor
        public void writer()
        {
            table.insert(flow);
        }

        @Actor
        public void reader(final I_Result r)
        {
            final FlowInfo f = table.lookup(K1);
            r.r1 = f == null ? 0 : f == flow ? 1 : 2;
        }
    }

    /**
     * A slot recycled from K1 to K2 (same home slot) while a reader looks up K1: the reader sees K1's flow or
     * nothing, never K2's flow (the version in the control word invalidates its read).
     */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "K1 already removed")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "K1's flow, before its removal")
    @Outcome(expect = FORBIDDEN, desc = "K2's flow returned for K1")
    @State
    public static class RecycleVersusLookup
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);
        final FlowInfo flow1 = new FlowInfo(K1, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);
        final FlowInfo flow2 = new FlowInfo(K2, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);

        {
            table.insert(flow1);
        }

        @Actor
        public void writer()
        {
            table.remove(K1);
            table.insert(flow2);
        }

        @Actor
        public void reader(final I_Result r)
        {
            final FlowInfo f = table.lookup(K1);
            r.r1 = f == null ? 0 : f == flow1 ? 1 : 2;
        }
    }
}
