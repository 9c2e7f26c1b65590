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
 * docs/spec/flow-table.md section 11.13, K3-K4: the status write-through and the removal of a keyless flow find its
 * slot through the flow's slot cache instead of a probe. Insert, invalidate, remove and look-up of two keyless pairs
 * over the same two keys: a look-up must never return a flow whose invalidation finished before it started, and a
 * removal removes only its own flow. Two controls must be rejected: a write-through that gives up after one failed
 * hint CAS (an activation that cleared the hint between the write-through's read and its CAS wins), and a removal
 * that removes whatever flow its cached slot maps (the identity check dropped: a replace in between loses the new
 * flow).
 */
@Tag("lincheck")
class KeylessStatusLinearizabilityTest
{
    static final FlowKey FORWARD = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
    static final FlowKey REVERSE = LockFreeFlowTableLinearizabilityTest.COLLIDING[2];

    /** The operations; a keyless pair is inserted at most once, so inserts run in one thread. */
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        final LockFreeFlowTable table = newTable();
        final FlowInfo[] pairs = {null, FlowInfo.keylessPair(1), FlowInfo.keylessPair(2)};
        final boolean[] inserted = new boolean[3];

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        @Operation(nonParallelGroup = "insert")
        public void insert(@Param(name = "val") final int val)
        {
            if (!inserted[val])
            {
                inserted[val] = true;
                table.insertInlinePair(pairs[val], FORWARD, REVERSE, new InlineFlowView(), new InlineFlowView(), null);
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
            return table.remove(null, pairs[val]);
        }

        @Operation
        public int lookup()
        {
            final FlowInfo f = table.lookup(FORWARD);
            return f == null ? 0 : (int) f.expiresAt();
        }
    }

    /** Mutant: K3 tries the hint CAS once and returns when it fails. */
    public static class GiveUpOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new MutantTable(true);
        }
    }

    /** Mutant: K4 removes the flow its cached slot maps now, whichever it is. */
    public static class AnyFlowRemovalOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new MutantTable(false);
        }
    }

    /** One of the two mutants: the write-through that gives up, or the removal without the identity check. */
    static final class MutantTable extends LockFreeFlowTable
    {
        private final boolean giveUp;

        MutantTable(final boolean giveUp)
        {
            super(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
            this.giveUp = giveUp;
        }

        @Override
        void keylessStatusChanged(final FlowInfo flow)
        {
            final int slot = mappedSlotOf(flow);
            if (!giveUp)
            {
                super.keylessStatusChanged(flow);
            }
            else if (slot >= 0)
            {
                setInactiveHint(slot, flow);
            }
        }

        @Override
        boolean removeKeyless(final FlowInfo flow)
        {
            final int slot = mappedSlotOf(flow);
            final FlowInfo current = giveUp || slot < 0 ? flow : infoForTest(slot);
            return current != null && super.removeKeyless(current);
        }
    }

    /**
     * The sequential specification: the forward key maps the last pair inserted until that pair is removed; a
     * look-up of a cancelled pair removes it (lazily) and finds nothing.
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

    /** K3's window: the activation of a pair races its invalidation. */
    private static ExecutionScenario invalidateDuringInsert()
    {
        return new ExecutionScenario(List.of(), List.of(List.of(actor("insert", 1)), List.of(actor("invalidate", 1))),
            List.of(actor("lookup")), null);
    }

    /** K4's window: the removal of a pair races its replacement by another. */
    private static ExecutionScenario removeDuringReplace()
    {
        return new ExecutionScenario(List.of(actor("insert", 1)),
            List.of(List.of(actor("insert", 2)), List.of(actor("remove", 1))), List.of(actor("lookup")), null);
    }

    /**
     * One directed scenario alone, with a larger budget: each harmful interleaving needs three switches (e.g. the
     * activation's status load, the write-through's read, the activation's CAS, the write-through's CAS).
     */
    private static ModelCheckingOptions directed(final ExecutionScenario scenario)
    {
        return directed(Spec.class, scenario);
    }

    /** One directed scenario against {@code spec}, with the directed budget (also used by P3's test). */
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
    void shouldKeepTheHintOfKeylessFlowsCoherentUnderModelChecking()
    {
        LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).check(Ops.class);
        directed(invalidateDuringInsert()).check(Ops.class); // the controls' budgets
        directed(removeDuringReplace()).check(Ops.class);
    }

    @Test
    void shouldCatchAWriteThroughThatGivesUp()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the keyless write-through that gives up",
            () -> directed(invalidateDuringInsert()).check(GiveUpOps.class));
    }

    @Test
    void shouldCatchARemovalWithoutTheIdentityCheck()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the keyless removal of any flow",
            () -> directed(removeDuringReplace()).check(AnyFlowRemovalOps.class));
    }
}
