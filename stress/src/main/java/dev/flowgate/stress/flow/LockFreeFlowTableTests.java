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
 * jcstress tests of the lock-free flow table's publication and status hint (docs/spec/flow-table.md sections 4, 5,
 * 7 and 8), two actors each (the machine has two cores).
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

    /**
     * An invalidation racing the insert of the same flow, then a look-up by the invalidating thread: the flow must
     * never be returned (the slot's status hint must not stay clear after the invalidation returned).
     */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "not found, or found cancelled and removed")
    @Outcome(id = "1", expect = FORBIDDEN, desc = "the cancelled flow returned: stale status hint")
    @State
    public static class InvalidateVersusInsert
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);
        final FlowInfo flow = new FlowInfo(K1, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);

        @Actor
        public void writer()
        {
            table.insert(flow);
        }

        @Actor
        public void invalidator(final I_Result r)
        {
            flow.invalidate();
            r.r1 = table.lookup(K1) == flow ? 1 : 0;
        }
    }

    /**
     * An invalidation racing the replacement that maps the invalidated flow: the look-up after the invalidation sees
     * the old flow or nothing, never the cancelled new one.
     */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "the new flow found cancelled and removed")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the old flow, before the replacement")
    @Outcome(id = "2", expect = FORBIDDEN, desc = "the cancelled new flow returned: stale status hint")
    @State
    public static class InvalidateVersusReplace
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);
        final FlowInfo old = new FlowInfo(K1, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);
        final FlowInfo replacement = new FlowInfo(K1, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);

        {
            table.insert(old);
        }

        @Actor
        public void writer()
        {
            table.insert(replacement);
        }

        /**
         * Invalidates the new flow, then looks the key up.
         *
         * @param r 0 nothing, 1 the old flow, 2 the cancelled new flow.
         */
        @Actor
        public void invalidator(final I_Result r)
        {
            replacement.invalidate();
            final FlowInfo f = table.lookup(K1);
            r.r1 = f == null ? 0 : f == old ? 1 : 2;
        }
    }
}
