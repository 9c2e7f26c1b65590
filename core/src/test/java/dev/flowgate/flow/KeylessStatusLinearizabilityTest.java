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
 * docs/spec/flow-table.md section 11.13, K3: the status write-through of a keyless flow finds its slot through the
 * flow's slot cache instead of a probe. Insert, invalidate and look-up of two keyless pairs over the same two keys:
 * a look-up must never return a flow whose invalidation finished before it started. The control gives up after one
 * failed hint CAS (an activation that cleared the hint between the write-through's read and its CAS wins) and must
 * be rejected.
 */
@Tag("lincheck")
class KeylessStatusLinearizabilityTest
{
    private static final FlowKey FORWARD = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
    private static final FlowKey REVERSE = LockFreeFlowTableLinearizabilityTest.COLLIDING[2];

    /** The operations; a keyless pair is inserted at most once, so inserts run in one thread. */
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[] pairs = {null, FlowInfo.keylessPair(1), FlowInfo.keylessPair(2)};
        private final boolean[] inserted = new boolean[3];

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
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
            {
                @Override
                void keylessStatusChanged(final FlowInfo flow)
                {
                    final int slot = mappedSlotOf(flow);
                    if (slot >= 0)
                    {
                        setInactiveHint(slot, flow);
                    }
                }
            };
        }
    }

    /** The sequential specification: the forward key maps the last pair inserted, absent while it is cancelled. */
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

        public int lookup()
        {
            return mapped == 0 || cancelled[mapped] ? 0 : mapped;
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

    private static ModelCheckingOptions options()
    {
        return LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).addCustomScenario(
            new ExecutionScenario(
                List.of(),
                List.of(List.of(actor("insert", 1)), List.of(actor("invalidate", 1))),
                List.of(actor("lookup")),
                null));
    }

    private static Actor actor(final String operation, final Object... args)
    {
        for (final Method m : Ops.class.getMethods())
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
        options().check(Ops.class);
        options().iterations(0).invocationsPerIteration(5_000).check(Ops.class); // the control's budget
    }

    @Test
    void shouldCatchAWriteThroughThatGivesUp()
    {
        // The harmful interleaving needs three switches (activation's status load, then the write-through's read,
        // then the activation's CAS, then the write-through's CAS): the directed scenario alone, with a larger budget.
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the keyless write-through that gives up",
            () -> options().iterations(0).invocationsPerIteration(5_000).check(GiveUpOps.class));
    }
}
