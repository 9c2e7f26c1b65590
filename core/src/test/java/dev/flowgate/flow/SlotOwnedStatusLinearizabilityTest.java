// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.13, P3 (T1-T3): the slot owns the status of a keyed INLINE flow (double
 * masquerade, the scenario runner's flow blocks). Two flow pairs over the same two keys are created as those callers
 * create them (insert, then the creator's C2), invalidated, removed and looked up, by the contract's look-up (which
 * decides on the slot's status word when the hint is set, T3) and by the burst's seqlock read; a look-up must never
 * return a flow whose invalidation finished before it started. Two controls must be rejected: a creator whose C2
 * writes ACTIVE instead of copying the status under its claim (it overwrites an invalidation that came between the
 * publication and C2, T2), and a look-up that takes the status word without re-checking the control word (it may read
 * the status of the slot's next flow, T3).
 */
@Tag("lincheck")
class SlotOwnedStatusLinearizabilityTest
{
    static final FlowKey FORWARD = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
    static final FlowKey REVERSE = LockFreeFlowTableLinearizabilityTest.COLLIDING[2];

    /** The operations; a pair is inserted at most once, so inserts run in one thread. */
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        final LockFreeFlowTable table = newTable();
        final FlowInfo[] pairs = {null, pair(1), pair(2)};
        final boolean[] inserted = new boolean[3];

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        private static FlowInfo pair(final int val)
        {
            return FlowInfo.relatedPair(FORWARD, REVERSE, val, FlowInfoAccess.INLINE);
        }

        @Operation(nonParallelGroup = "insert")
        public void insert(@Param(name = "val") final int val)
        {
            if (!inserted[val])
            {
                inserted[val] = true;
                final InlineFlowView fwd = new InlineFlowView().state(val, 0, 0L, 0L, 0);
                final InlineFlowView rev = new InlineFlowView().state(val, 0, 0L, 0L, 0);
                InlineReplaceLinearizabilityTest.insertPair(table, pairs[val], fwd, rev);
                table.publishInlinePair(pairs[val], fwd, rev, 1L);
            }
        }

        @Operation
        public void invalidate(@Param(name = "val") final int val)
        {
            pairs[val].invalidate();
        }

        @Operation
        public boolean remove(@Param(name = "val") final int val)
        {
            return table.remove(FORWARD, pairs[val]);
        }

        @Operation
        public int lookup()
        {
            final FlowInfo f = table.lookup(FORWARD);
            return f == null ? 0 : (int) f.expiresAt();
        }

        /** The burst look-up of one key: an active seqlock read, else the contract's look-up (B3). */
        @Operation
        public int burst()
        {
            final FlowInfo[] found = new FlowInfo[1];
            table.lookupInlineBurst(new FlowKey[] {FORWARD}, new long[1], found, new InlineFlowView[] {
                new InlineFlowView()}, new int[1], 1);
            return found[0] == null ? 0 : (int) found[0].expiresAt();
        }
    }

    /** A table with one of the two mutants: C2 writing ACTIVE blindly, or T3 without the control-word re-check. */
    static LockFreeFlowTable mutant(final boolean blindCreator)
    {
        return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
        {
            @Override
            int creatorStatus(final FlowInfo flow)
            {
                return blindCreator ? FlowInfo.ACTIVE : super.creatorStatus(flow);
            }

            @Override
            boolean unchangedSince(final int slot, final long c)
            {
                return !blindCreator || super.unchangedSince(slot, c);
            }
        };
    }

    /** Mutant: C2 writes ACTIVE instead of the status it copies under its claim. */
    public static class BlindCreatorOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return mutant(true);
        }
    }

    /** Mutant: T3 takes the status word without re-checking the control word. */
    public static class UncheckedStatusOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return mutant(false);
        }
    }

    /**
     * The sequential specification: the forward key maps the last pair inserted until that pair is removed; a
     * look-up of a cancelled pair removes it (lazily) and finds nothing; the burst look-up is a look-up.
     */
    public static class Spec
    {
        private int mapped;
        private final boolean[] inserted = new boolean[3];
        private final boolean[] cancelled = new boolean[3];

        public void insert(final int val)
        {
            if (!inserted[val])
            {
                inserted[val] = true;
                mapped = val;
            }
        }

        public void invalidate(final int val)
        {
            cancelled[val] = true;
        }

        public boolean remove(final int val)
        {
            final boolean mine = mapped == val;
            mapped = mine ? 0 : mapped;
            return mine;
        }

        public int lookup()
        {
            if (mapped != 0 && cancelled[mapped])
            {
                mapped = 0;
            }
            return mapped;
        }

        public int burst()
        {
            return lookup();
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Spec && mapped == ((Spec) o).mapped &&
                Arrays.equals(inserted, ((Spec) o).inserted) &&
                Arrays.equals(cancelled, ((Spec) o).cancelled);
        }

        @Override
        public int hashCode()
        {
            return mapped * 31 + Arrays.hashCode(inserted) * 7 + Arrays.hashCode(cancelled);
        }
    }

    /** T2's window: an invalidation between the publication and the creator's C2. */
    private static ExecutionScenario invalidateDuringCreation()
    {
        return new ExecutionScenario(List.of(), List.of(List.of(actor("insert", 1)), List.of(actor("invalidate", 1))),
            List.of(actor("lookup"), actor("burst")), null);
    }

    /** T3's window: the slot of a cancelled pair is removed and reused by an active pair under a look-up. */
    private static ExecutionScenario reuseDuringLookup()
    {
        return new ExecutionScenario(List.of(actor("insert", 1), actor("invalidate", 1)),
            List.of(List.of(actor("lookup")), List.of(actor("remove", 1), actor("insert", 2))), List.of(), null);
    }

    private static ModelCheckingOptions directed(final ExecutionScenario scenario)
    {
        return directed(Spec.class, scenario);
    }

    /**
     * One directed scenario against {@code spec} alone, with a larger budget (harmful interleavings need three
     * switches or more); also used by the connection word's test.
     */
    static ModelCheckingOptions directed(final Class<?> spec, final ExecutionScenario scenario)
    {
        return LockFreeFlowTableLinearizabilityTest.modelChecking(spec).iterations(0)
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.directed", 1_000))
            .addCustomScenario(scenario);
    }

    private static Actor actor(final String operation, final Object... args)
    {
        return actor(Ops.class, operation, args);
    }

    /** The actor of {@code ops}' operation {@code operation} with {@code args}. */
    static Actor actor(final Class<?> ops, final String operation, final Object... args)
    {
        for (final Method m : ops.getMethods())
        {
            if (m.getName().equals(operation) && m.getParameterCount() == args.length)
            {
                return new Actor(m, List.of(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException(operation);
    }

    @Test
    void shouldDecideOnTheSlotsStatusUnderModelChecking()
    {
        LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).check(Ops.class);
        directed(invalidateDuringCreation()).check(Ops.class); // the controls' budgets
        directed(reuseDuringLookup()).check(Ops.class);
    }

    @Test
    void shouldCatchACreatorThatOverwritesTheStatus()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the creator that writes ACTIVE blindly",
            () -> directed(invalidateDuringCreation()).check(BlindCreatorOps.class));
    }

    @Test
    void shouldCatchAStatusLoadWithoutTheRecheck()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the status load without the re-check",
            () -> directed(reuseDuringLookup()).check(UncheckedStatusOps.class));
    }
}
