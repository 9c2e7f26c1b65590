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
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;
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
    static final FlowKey K1_REVERSE;
    static final long DEADLINE = 42L;

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
        K1_REVERSE = first.reverse(200);
    }

    private LockFreeFlowTableTests()
    {
    }

    static FlowKey key(final int i)
    {
        return new MutableFlowKey().ipv4Ports(100, 0x0a000000 + i, 0x0b000001, 6, 1024, 443).toImmutable();
    }

    /**
     * A reader racing an insert sees nothing or the complete flow, never a torn one: the writer builds the flow pair
     * (constructor fields, then the plain {@code related} links) and publishes it; the reader checks every field.
     */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "the look-up ran before the insert was published")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the look-up found the complete flow")
    @Outcome(expect = FORBIDDEN, desc = "a flow with a wrong key, deadline or related flow: broken publication")
    @State
    public static class InsertVersusLookup
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);

        @Actor
        public void writer()
        {
            table.insertPair(FlowInfo.relatedPair(K1, K1_REVERSE, DEADLINE, FlowInfoAccess.SNAPSHOT), null);
        }

        @Actor
        public void reader(final I_Result r)
        {
            r.r1 = checkedLookup(table, K1);
        }
    }

    /**
     * Two inserts of the same key: exactly one inserts, the other replaces it, and the arbiter finds the later one
     * mapped once (no duplicate slot, no lost entry).
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1, 2", expect = ACCEPTABLE, desc = "first inserted, second replaced it")
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "second inserted, first replaced it")
    @Outcome(expect = FORBIDDEN, desc = "both or neither inserted, a duplicate slot or a lost entry")
    @State
    public static class InsertVersusInsert
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);

        @Actor
        public void first(final IIII_Result r)
        {
            r.r1 = table.insert(new FlowInfo(K1, 1, FlowInfoAccess.SNAPSHOT));
        }

        @Actor
        public void second(final IIII_Result r)
        {
            r.r2 = table.insert(new FlowInfo(K1, 2, FlowInfoAccess.SNAPSHOT));
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            arbitrateInserts(table, r);
        }
    }

    /**
     * The arbiter of two inserts of K1 (values 1 and 2): the size, then the mapped flow's value (0 none), removing it;
     * a second mapping of K1 shows as a size above 1 or as a flow left after the removal (value 3).
     *
     * @param table the table.
     * @param r     r3 the size, r4 the mapped flow's value.
     */
    static void arbitrateInserts(final FlowTable table, final IIII_Result r)
    {
        r.r3 = table.size();
        final FlowInfo f = table.remove(K1);
        r.r4 = f == null ? 0 : table.lookup(K1) != null ? 3 : (int) f.expiresAt();
    }

    /** Two removals of the same key: exactly one gets the flow, and the table is empty afterwards. */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "the first removal won")
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE, desc = "the second removal won")
    @Outcome(expect = FORBIDDEN, desc = "both or neither removed the flow, or something is left")
    @State
    public static class RemoveVersusRemove
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);
        final FlowInfo flow = new FlowInfo(K1, DEADLINE, FlowInfoAccess.SNAPSHOT);

        {
            table.insert(flow);
        }

        @Actor
        public void first(final IIII_Result r)
        {
            r.r1 = table.remove(K1) == flow ? 1 : 0;
        }

        @Actor
        public void second(final IIII_Result r)
        {
            r.r2 = table.remove(K1) == flow ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            arbitrateRemovals(table, r);
        }
    }

    /**
     * A removal racing the replacement of the key's flow (docs/spec/flow-table.md section 11.13, P2): the removal
     * decides on the control word, and the replace holds the word BUSY while the flow reference changes, so either the
     * replace comes first (the removal takes the new flow) or the removal does (the new flow is a new entry).
     */
    @JCStressTest
    @Outcome(id = "2, 2, 0, 0", expect = ACCEPTABLE, desc = "replaced first, then the removal took the new flow")
    @Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "removed first, then the new flow was inserted")
    @Outcome(expect = FORBIDDEN, desc = "a replace into a removed slot, the old flow back, or a wrong size")
    @State
    public static class RemoveVersusReplace
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);
        final FlowInfo first = new FlowInfo(K1, DEADLINE, FlowInfoAccess.SNAPSHOT);
        final FlowInfo second = new FlowInfo(K1, DEADLINE, FlowInfoAccess.SNAPSHOT);

        {
            table.insert(first);
        }

        @Actor
        public void replacer(final IIII_Result r)
        {
            r.r1 = replaced(table, second);
        }

        @Actor
        public void remover(final IIII_Result r)
        {
            r.r2 = which(table.remove(K1), first, second);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            r.r3 = table.size();
            r.r4 = which(table.lookup(K1), first, second);
        }
    }

    /**
     * Inserts a flow over a mapped one.
     *
     * @return 2 when it replaced, 1 when it was inserted, 0 when the table was full.
     */
    static int replaced(final FlowTable table, final FlowInfo flow)
    {
        final int result = table.insert(flow);
        return result == FlowTable.REPLACED ? 2 : result == FlowTable.INSERTED ? 1 : 0;
    }

    /**
     * Which of two flows {@code found} is.
     *
     * @return 0 none, 1 the first, 2 the second.
     */
    static int which(final FlowInfo found, final FlowInfo first, final FlowInfo second)
    {
        return found == null ? 0 : found == first ? 1 : found == second ? 2 : 3;
    }

    /**
     * The arbiter of two removals of K1.
     *
     * @param table the table.
     * @param r     r3 the size, r4 1 when K1 is still found.
     */
    static void arbitrateRemovals(final FlowTable table, final IIII_Result r)
    {
        r.r3 = table.size();
        r.r4 = table.lookup(K1) == null ? 0 : 1;
    }

    /**
     * Looks a key up and checks the flow found: 0 none, 1 complete (key, deadline, related flow and its key), 2 torn.
     *
     * @param table the table.
     * @param key   K1.
     * @return the outcome.
     */
    static int checkedLookup(final FlowTable table, final FlowKey key)
    {
        final FlowInfo f = table.lookup(key);
        if (f == null)
        {
            return 0;
        }
        final FlowInfo related = f.related();
        final boolean complete = f.key().equalsKey(key) && f.expiresAt() == DEADLINE && related != null &&
            related.related() == f && related.key().equalsKey(K1_REVERSE) && related.expiresAt() == DEADLINE;
        return complete ? 1 : 2;
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

    /**
     * A purge racing an insert (docs/spec/flow-table.md section 7): K2 is mapped at the shared home slot; one actor
     * inserts K1 (its scan passes K2, so it claims the next slot, EMPTY) while the other removes K2, whose removal
     * purges the tombstone at the home slot when its successor is EMPTY. The arbiter must find K1 mapped, K2 gone and
     * the size 1, whichever came first: a purge that empties the home slot behind a claimed K1 loses K1.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "K1 mapped, size 1, K2 removed")
    @Outcome(expect = FORBIDDEN, desc = "K1 lost behind a purged slot, or a wrong size or removal")
    @State
    public static class PurgeVersusInsert
    {
        final FlowTable table = withK2(new LockFreeFlowTable(CAPACITY));
        final FlowInfo flow1 = new FlowInfo(K1, DEADLINE, FlowInfoAccess.SNAPSHOT);

        @Actor
        public void inserter()
        {
            table.insert(flow1);
        }

        @Actor
        public void remover()
        {
            table.remove(K2);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            arbitratePurge(table, flow1, r);
        }
    }

    /**
     * The state of {@link PurgeVersusInsert} before the race.
     *
     * @param table an empty table.
     * @return the table, with K2 mapped at the home slot that K1 shares.
     */
    static FlowTable withK2(final FlowTable table)
    {
        table.insert(new FlowInfo(K2, DEADLINE, FlowInfoAccess.SNAPSHOT));
        return table;
    }

    /**
     * The arbiter of {@link PurgeVersusInsert}.
     *
     * @param table the table.
     * @param flow1 K1's flow, inserted by one actor.
     * @param r     r1 1 when K1 maps its flow, r2 the size, r3 1 when K2 is still found.
     */
    static void arbitratePurge(final FlowTable table, final FlowInfo flow1, final III_Result r)
    {
        r.r1 = table.lookup(K1) == flow1 ? 1 : 0;
        r.r2 = table.size();
        r.r3 = table.lookup(K2) == null ? 0 : 1;
    }

    /**
     * Look-ups racing removals that purge (section 7): K2 at the home slot, K1 after it; the writer removes K2,
     * then K1 (the second removal purges both slots); the reader looks up K1, then K2. Slots are emptied only behind
     * removed keys, so once K1 is gone for the reader, K2 (removed before it) is gone too.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both looked up before the removals")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "K1 before its removal, K2 after its removal")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "both after their removals")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "K2 seen after K1's removal, which followed K2's")
    @State
    public static class PurgeVersusLookup
    {
        final FlowTable table = new LockFreeFlowTable(CAPACITY);

        {
            table.insert(new FlowInfo(K2, DEADLINE, FlowInfoAccess.SNAPSHOT));
            table.insert(new FlowInfo(K1, DEADLINE, FlowInfoAccess.SNAPSHOT));
        }

        @Actor
        public void writer()
        {
            table.remove(K2);
            table.remove(K1);
        }

        @Actor
        public void reader(final II_Result r)
        {
            r.r1 = table.lookup(K1) == null ? 0 : 1;
            r.r2 = table.lookup(K2) == null ? 0 : 1;
        }
    }
}
