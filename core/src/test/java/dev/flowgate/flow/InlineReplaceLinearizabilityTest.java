// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.12, N1-N2: a pair inserted with its NAT words (the insert sessions use, here with
 * keyed flows, whose references tell a read which insert its flow comes from), inserted again over itself (a replace),
 * removed, and read concurrently. A read that returns a flow with the words of another insert is reported as -1
 * ({@link #TORN}), which the sequential specification never produces. The mutant that replaces without holding the
 * state's version odd (R2 and the new words outside the claim) must be rejected.
 */
@Tag("lincheck")
class InlineReplaceLinearizabilityTest
{
    static final int TORN = -1;
    private static final FlowKey FORWARD = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
    private static final FlowKey REVERSE = LockFreeFlowTableLinearizabilityTest.COLLIDING[2];

    /** The words of insert {@code val} (a replace writes their NAT part). */
    static InlineFlowView words(final int val)
    {
        return InlineFlowStateLinearizabilityTest.state(val);
    }

    /**
     * {@link FlowTable#insertPair} of a keyed pair with each direction's words (N1, or N2 when its key is mapped): the
     * insert sessions use, with flows whose references tell which insert a read comes from.
     */
    static int insertPair(
        final LockFreeFlowTable table, final FlowInfo forward, final InlineFlowView fwd, final InlineFlowView rev)
    {
        final int result = table.put(forward, forward.key(), false, fwd);
        if (result != FlowTable.FULL)
        {
            table.put(forward.related(), forward.related().key(), true, rev);
        }
        return result;
    }

    /** The operations, on a table made by {@link #newTable()}. */
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[] pairs = {null, pair(), pair()};
        private final InlineFlowView[] states = {null, words(1), words(2)};

        private static FlowInfo pair()
        {
            return FlowInfo.relatedPair(FORWARD, REVERSE, Long.MAX_VALUE, FlowInfoAccess.INLINE);
        }

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        @Operation
        public int create(@Param(name = "val") final int val)
        {
            return insertPair(table, pairs[val], states[val], states[val]);
        }

        @Operation
        public boolean remove()
        {
            return table.remove(FORWARD) != null;
        }

        /** The forward key's flow and words: which insert both come from, 0 for none, or {@link #TORN}. */
        @Operation
        public int read()
        {
            final InlineFlowView v = new InlineFlowView();
            while (true)
            {
                final int r = table.readInline(FORWARD, v);
                if (r == LockFreeFlowTable.INLINE_MISS)
                {
                    return 0;
                }
                if (r >= 0)
                {
                    final int g = v.dstVni / 11;
                    final InlineFlowView e = words(g);
                    final boolean same = g >= 1 && g <= 2 && v.flow == pairs[g] && v.natAddress == e.natAddress &&
                        v.natPort == e.natPort && v.natChecksumDelta == e.natChecksumDelta;
                    return same ? g : TORN;
                }
                Thread.yield();
            }
        }
    }

    /** Mutant: the replace's R2 and new words are not under an odd version (the version still moves on after). */
    public static class UnclaimedReplaceOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
            {
                @Override
                long claimForReplace(final int base)
                {
                    return seqForTest(base);
                }
            };
        }
    }

    /** The sequential specification: the forward key absent (0) or the value of the last insert. */
    public static class Spec
    {
        private int state;

        public int create(final int val)
        {
            final int result = state == 0 ? FlowTable.INSERTED : FlowTable.REPLACED;
            state = val;
            return result;
        }

        public boolean remove()
        {
            final boolean present = state != 0;
            state = 0;
            return present;
        }

        public int read()
        {
            return state;
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Spec && state == ((Spec) o).state;
        }

        @Override
        public int hashCode()
        {
            return state;
        }
    }

    @Test
    void shouldBeLinearizableUnderModelChecking()
    {
        LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).check(Ops.class);
    }

    @Test
    void shouldCatchAReplaceOutsideTheClaim()
    {
        final String message = LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the unclaimed replace",
            () -> LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).minimizeFailedScenario(false)
                .check(UnclaimedReplaceOps.class));
        assertTrue(message.contains("read(") && message.contains(": " + TORN), "no torn read in " + message);
    }
}
