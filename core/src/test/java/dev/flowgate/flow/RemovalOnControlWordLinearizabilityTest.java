// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static dev.flowgate.flow.LockFreeFlowTableLinearizabilityTest.assertIncorrectResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.13, P2: a removal is decided by the CAS of the control word from LIVE to CLAIMED
 * (D1-D5), and a replace holds the word BUSY between its R1 and R3 so that no removal decides on the word while the
 * flow reference changes under it. Model checking of the table operations of
 * {@link LockFreeFlowTableLinearizabilityTest} with directed scenarios (a removal racing a replace, two removals of
 * one key, a removal by identity racing a replace), on a plain table and on one with inline state. Two controls must
 * fail with an invalid execution result: a replace whose R1 does not set BUSY (the removal decides between R1 and R2,
 * and the replace reports REPLACED for a flow left in a removed slot), and a removal whose CAS is a read, then a
 * write.
 */
@Tag("lincheck")
class RemovalOnControlWordLinearizabilityTest
{
    /** The table operations on a table with inline state (the replace then runs under the state's claim, N2). */
    public static class InlineOps extends LockFreeFlowTableLinearizabilityTest.Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }
    }

    /** Mutant: a replace's R1 leaves BUSY clear. */
    public static class UnheldReplaceOps extends LockFreeFlowTableLinearizabilityTest.Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new UnheldReplaceTable(false);
        }
    }

    /** The same mutant with inline state. */
    public static class UnheldInlineReplaceOps extends LockFreeFlowTableLinearizabilityTest.Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new UnheldReplaceTable(true);
        }
    }

    /** Mutant: the removal's CAS (LIVE to CLAIMED) is a read, then a write. */
    public static class NonAtomicRemovalOps extends LockFreeFlowTableLinearizabilityTest.Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new NonAtomicRemovalTable();
        }
    }

    /** A table whose replace does not hold its word BUSY (R1 without the bit; R3 stores the same word). */
    static final class UnheldReplaceTable extends LockFreeFlowTable
    {
        UnheldReplaceTable(final boolean inlineState)
        {
            super(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, inlineState);
        }

        @Override
        boolean casCtrl(final int slot, final long expect, final long update)
        {
            return super.casCtrl(slot, expect, (update & 3) == LIVE ? update & ~BUSY : update);
        }
    }

    /** A table whose removal decides by a read, then a write of the control word. */
    static final class NonAtomicRemovalTable extends LockFreeFlowTable
    {
        NonAtomicRemovalTable()
        {
            super(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8);
        }

        @Override
        boolean casCtrl(final int slot, final long expect, final long update)
        {
            final boolean removal = (expect & 3) == LIVE && (update & 3) == CLAIMED;
            final boolean seen = removal && ctrlForTest(slot) == expect; // a read, then a blind write
            if (seen)
            {
                storeCtrlForTest(slot, update);
            }
            return removal ? seen : super.casCtrl(slot, expect, update);
        }
    }

    /**
     * Only the removal racing a replace, with a larger budget: the unheld replace goes wrong only when the removal's
     * CAS falls between the replace's R1 and R2 and the replace's R2 between that CAS and the removal's clearing of
     * the reference (three thread switches), which the random scenarios' budget does not reach (1,000 invocations
     * do not find it; 5,000 do). Tagged slow: {@code mvn -P full} runs them.
     */
    private static ModelCheckingOptions removalDuringReplaceOnly()
    {
        return LockFreeFlowTableLinearizabilityTest.newModelChecking()
            .iterations(0)
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.directedInvocations", 5000))
            .sequentialSpecification(LockFreeFlowTableLinearizabilityTest.Spec.class)
            .addCustomScenario(removeDuringReplace());
    }

    /** The directed scenarios only: the random ones are LockFreeFlowTableLinearizabilityTest's, on the same table. */
    private static ModelCheckingOptions directed()
    {
        return LockFreeFlowTableLinearizabilityTest.modelChecking()
            .iterations(0)
            .addCustomScenario(removeDuringReplace())
            .addCustomScenario(removeDuringRemove())
            .addCustomScenario(expireDuringReplace());
    }

    /** Flow 1 of key 1 mapped; one thread replaces it with flow 2 while the other removes the key; then a look-up. */
    static ExecutionScenario removeDuringReplace()
    {
        return new ExecutionScenario(
            List.of(actor("insert", 1, 1)),
            List.of(List.of(actor("insert", 1, 2)), List.of(actor("remove", 1))),
            List.of(actor("lookup", 1)),
            null);
    }

    /** Two removals of one mapped key. */
    static ExecutionScenario removeDuringRemove()
    {
        return new ExecutionScenario(
            List.of(actor("insert", 1, 1)),
            List.of(List.of(actor("remove", 1)), List.of(actor("remove", 1))),
            List.of(actor("lookup", 1)),
            null);
    }

    /** A removal by identity of flow 1 (expiry) racing its replacement by flow 2: flow 2 must stay. */
    static ExecutionScenario expireDuringReplace()
    {
        return new ExecutionScenario(
            List.of(actor("insert", 1, 1)),
            List.of(List.of(actor("insert", 1, 2)), List.of(actor("expire", 1, 1))),
            List.of(actor("lookup", 1)),
            null);
    }

    private static Actor actor(final String operation, final Object... args)
    {
        for (final Method m : LockFreeFlowTableLinearizabilityTest.Ops.class.getMethods())
        {
            if (m.getName().equals(operation) && m.getParameterCount() == args.length)
            {
                return new Actor(m, List.of(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException(operation);
    }

    @Test
    void shouldBeLinearizableWithRemovalOnTheControlWord()
    {
        directed().check(LockFreeFlowTableLinearizabilityTest.Ops.class);
    }

    @Test
    void shouldBeLinearizableWithRemovalOnTheControlWordAndInlineState()
    {
        directed().check(InlineOps.class);
    }

    @Test
    @Tag("slow") // 5,000 invocations, 10-20 s each; jcstress's RemoveVersusReplaceUnheld runs in CI
    void shouldPassTheMutantsBudgetWhenTheReplaceHoldsItsWord()
    {
        removalDuringReplaceOnly().check(LockFreeFlowTableLinearizabilityTest.Ops.class);
        removalDuringReplaceOnly().check(InlineOps.class);
    }

    @Test
    @Tag("slow") // 5,000 invocations, 10-20 s each; jcstress's RemoveVersusReplaceUnheld runs in CI
    void shouldCatchAReplaceThatDoesNotHoldItsWord()
    {
        assertIncorrectResults("the unheld replace", () -> removalDuringReplaceOnly().check(UnheldReplaceOps.class));
    }

    @Test
    @Tag("slow") // 5,000 invocations, 10-20 s each; jcstress's RemoveVersusReplaceUnheld runs in CI
    void shouldCatchAnUnheldReplaceWithInlineState()
    {
        assertIncorrectResults("the unheld inline replace",
            () -> removalDuringReplaceOnly().check(UnheldInlineReplaceOps.class));
    }

    @Test
    void shouldCatchANonAtomicRemoval()
    {
        assertIncorrectResults("the non-atomic removal", () -> directed().check(NonAtomicRemovalOps.class));
    }

    @Test
    void shouldNotCatchTheMutantsInOneThread()
    {
        // the controls are concurrency-only: the directed scenarios run one operation after the other pass
        for (final LockFreeFlowTable table : List.of(
            new UnheldReplaceTable(false), new UnheldReplaceTable(true), new NonAtomicRemovalTable()))
        {
            final FlowKey key = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
            final FlowInfo first = new FlowInfo(key, 1, FlowInfoAccess.SNAPSHOT);
            final FlowInfo second = new FlowInfo(key, 2, FlowInfoAccess.SNAPSHOT);
            assertEquals(FlowTable.INSERTED, table.insert(first));
            assertEquals(FlowTable.REPLACED, table.insert(second));
            assertSame(second, table.lookup(key));
            assertEquals(false, table.remove(key, first));
            assertSame(second, table.remove(key));
            assertNull(table.remove(key));
            assertNull(table.lookup(key));
            assertEquals(0, table.size());
        }
    }
}
