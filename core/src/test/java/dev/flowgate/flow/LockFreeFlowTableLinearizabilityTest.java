// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link LockFreeFlowTable} (look-up, insert, remove, and the expiry's removal by identity) on a
 * key space of three keys that share one home slot in an eight-slot table, so every operation walks a probe chain with
 * claims and tombstones; and the same test against a broken table whose control-word "CAS" is a plain read-then-write,
 * which the test must catch.
 *
 * <p>Blind spots: Lincheck checks sequential consistency of whole operations under its own scheduler (model checking
 * explores thread switches at shared-memory accesses; the stress mode runs real threads); weaker-than-volatile
 * orderings (our acquire/release and plain key words) are not explored as reorderings, which is what jcstress would
 * add. Capacity (FULL) and {@code size()} are left out: the count is reserved before publication, so during a
 * concurrent insert {@code size()} may already include it (Lincheck found exactly that when size was an operation);
 * both are exact when no insert or remove is in flight.
 */
@Tag("lincheck")
class LockFreeFlowTableLinearizabilityTest
{
    static final int KEYS = 3;
    /** Room for every key plus one in-flight reservation per thread (FULL is not part of the test). */
    static final int CAPACITY = KEYS + 2;
    static final FlowKey[] COLLIDING = collidingKeys();

    private static FlowKey[] collidingKeys()
    {
        final FlowKey[] keys = new FlowKey[KEYS + 1];
        int found = 1;
        for (int i = 0; found <= KEYS; i++)
        {
            final FlowKey k = FlowTableContractTest.key(i);
            if ((k.hash64() & 7) == 1)
            {
                keys[found++] = k;
            }
        }
        return keys;
    }

    /** Two flows (values 1 and 2) for each colliding key 1..KEYS, indexed [key][value]; fresh per scenario. */
    private static FlowInfo[][] flows()
    {
        final FlowInfo[][] flows = new FlowInfo[KEYS + 1][3];
        for (int k = 1; k <= KEYS; k++)
        {
            for (int v = 1; v <= 2; v++)
            {
                flows[k][v] = new FlowInfo(COLLIDING[k], v, FlowInfoAccess.SNAPSHOT);
            }
        }
        return flows;
    }

    /** The operations, on a table made by {@link #newTable()}. */
    @Param(name = "key", gen = IntGen.class, conf = "1:3")
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[][] flows = flows();

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(CAPACITY, 8);
        }

        @Operation
        public int insert(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            return table.insert(flows[key][val]);
        }

        @Operation
        public int lookup(@Param(name = "key") final int key)
        {
            final FlowInfo f = table.lookup(COLLIDING[key]);
            return f == null ? 0 : (int) f.expiresAt();
        }

        @Operation
        public int remove(@Param(name = "key") final int key)
        {
            final FlowInfo f = table.remove(COLLIDING[key]);
            return f == null ? 0 : (int) f.expiresAt();
        }

        @Operation
        public boolean expire(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            return table.remove(COLLIDING[key], flows[key][val]);
        }

    }

    /** Ops over a table whose control-word CAS is not atomic. */
    public static class BrokenOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new BrokenTable();
        }
    }

    static final class BrokenTable extends LockFreeFlowTable
    {
        BrokenTable()
        {
            super(CAPACITY, 8);
        }

        @Override
        boolean casCtrl(final int slot, final long expect, final long update)
        {
            // read, then write: two inserts can both "claim" the same slot
            if (ctrlForTest(slot) != expect)
            {
                return false;
            }
            storeCtrlForTest(slot, update);
            return true;
        }
    }

    /**
     * Insert, invalidate and look-up of the same six flows: a look-up must never return a flow whose invalidation
     * finished before it started (the slot's status hint must not go stale). Insert results are not compared: whether
     * a cancelled flow was already removed lazily (INSERTED) or not yet (REPLACED) is not observable otherwise.
     */
    @Param(name = "key", gen = IntGen.class, conf = "1:3")
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class StatusOps
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[][] flows = flows();

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(CAPACITY, 8);
        }

        @Operation
        public void insert(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            table.insert(flows[key][val]);
        }

        @Operation
        public void invalidate(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            flows[key][val].invalidate();
        }

        @Operation
        public int lookup(@Param(name = "key") final int key)
        {
            final FlowInfo f = table.lookup(COLLIDING[key]);
            return f == null ? 0 : (int) f.expiresAt();
        }
    }

    /** StatusOps over a table that never writes a status change through to the slot's hint. */
    public static class StaleHintOps extends StatusOps
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(CAPACITY, 8)
            {
                @Override
                void statusChanged(final FlowInfo flow)
                {
                    // broken: the hint stays clear after the flow was invalidated
                }
            };
        }
    }

    /** The sequential specification of StatusOps: a map whose cancelled flows look absent. */
    public static class StatusSpec
    {
        private final int[] mapped = new int[KEYS + 1];
        private final boolean[][] cancelled = new boolean[KEYS + 1][3];

        public void insert(final int key, final int val)
        {
            mapped[key] = val;
        }

        public void invalidate(final int key, final int val)
        {
            cancelled[key][val] = true;
        }

        public int lookup(final int key)
        {
            final int v = mapped[key];
            return v == 0 || cancelled[key][v] ? 0 : v;
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof StatusSpec && Arrays.equals(mapped, ((StatusSpec) o).mapped) &&
                Arrays.deepEquals(cancelled, ((StatusSpec) o).cancelled);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(mapped) * 31 + Arrays.deepHashCode(cancelled);
        }
    }

    /** The sequential specification: a map with identity removal. */
    public static class Spec
    {
        private final Map<Integer, Integer> map = new HashMap<>();

        public int insert(final int key, final int val)
        {
            return map.put(key, val) == null ? FlowTable.INSERTED : FlowTable.REPLACED;
        }

        public int lookup(final int key)
        {
            return map.getOrDefault(key, 0);
        }

        public int remove(final int key)
        {
            final Integer v = map.remove(key);
            return v == null ? 0 : v;
        }

        public boolean expire(final int key, final int val)
        {
            return map.remove(key, val);
        }
    }

    static ModelCheckingOptions modelChecking()
    {
        return new ModelCheckingOptions()
            .iterations(Integer.getInteger("flowgate.lincheck.iterations", 10))
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.invocations", 200))
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(Spec.class);
    }

    @Test
    void shouldBeLinearizableUnderModelChecking()
    {
        modelChecking().check(Ops.class);
    }

    static ModelCheckingOptions statusModelChecking()
    {
        return new ModelCheckingOptions()
            .iterations(Integer.getInteger("flowgate.lincheck.iterations", 10))
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.invocations", 200))
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(StatusSpec.class);
    }

    @Test
    void shouldKeepTheStatusHintCoherentUnderModelChecking()
    {
        statusModelChecking().check(StatusOps.class);
    }

    @Test
    void shouldKeepTheStatusHintCoherentUnderStress()
    {
        new StressOptions()
            .iterations(Integer.getInteger("flowgate.lincheck.iterations", 10))
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.invocations", 200))
            .threads(2)
            .actorsPerThread(3)
            .sequentialSpecification(StatusSpec.class)
            .check(StatusOps.class);
    }

    @Test
    void shouldCatchAStaleStatusHint()
    {
        final AssertionError error =
            assertThrows(AssertionError.class, () -> statusModelChecking().check(StaleHintOps.class));
        final String message = String.valueOf(error.getMessage());
        final int end = message.indexOf("The following interleaving");
        System.out.println("Lincheck on the stale-hint table:\n" + (end > 0 ? message.substring(0, end) : message));
    }

    @Test
    void shouldBeLinearizableUnderStress()
    {
        new StressOptions()
            .iterations(Integer.getInteger("flowgate.lincheck.iterations", 10))
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.invocations", 200))
            .threads(2)
            .actorsPerThread(3)
            .sequentialSpecification(Spec.class)
            .check(Ops.class);
    }

    @Test
    void shouldCatchTheBrokenNonAtomicClaim()
    {
        final AssertionError error = assertThrows(AssertionError.class, () -> modelChecking().check(BrokenOps.class));
        final String message = String.valueOf(error.getMessage());
        final int end = message.indexOf("The following interleaving");
        System.out.println("Lincheck on the broken table:\n" + (end > 0 ? message.substring(0, end) : message));
    }
}
