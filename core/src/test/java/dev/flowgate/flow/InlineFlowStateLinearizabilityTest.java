// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the inline per-flow state's seqlock (docs/spec/flow-table.md section 11) together with insert
 * and remove, on three keys sharing one home slot of an eight-slot table (so slots are tombstoned and reclaimed under
 * the readers). A write stores a whole state derived from one value; a read that returns a mix of two writes is
 * reported as -1, which the sequential specification never produces. Two protocol mutants must be rejected: a writer
 * that does not make the version odd and bump it, and a reader that does not re-check the version.
 *
 * <p>Blind spot, as for the table's own Lincheck test: interleavings only, not weaker orderings; the fences are
 * argued in the spec, and jcstress (stress/.../InlineFlowStateTests) runs the same races on real threads.
 */
@Tag("lincheck")
class InlineFlowStateLinearizabilityTest
{
    static final int PENDING = 100;
    static final int TORN = -1;

    static InlineFlowView state(final int val)
    {
        final InlineFlowView v = new InlineFlowView();
        v.status = FlowInfo.ACTIVE;
        v.dstVni = val * 11;
        v.genid = val;
        v.natAddress = val * 0x0101_0101;
        v.natPort = val * 7;
        v.natChecksumDelta = val * 3;
        v.peerSlot = val;
        v.peerTag = val * 5;
        return v;
    }

    /** The value a consistent state was written from, {@link #PENDING}, or {@link #TORN}. */
    static int decode(final InlineFlowView v)
    {
        if (v.status == InlineFlowView.PENDING)
        {
            return v.genid == 0 && v.dstVni == 0 && v.natAddress == 0 && v.peerSlot == -1 ?
                PENDING : TORN;
        }
        final int g = (int) v.genid;
        final InlineFlowView e = state(g);
        final boolean same = v.dstVni == e.dstVni && v.natAddress == e.natAddress && v.natPort == e.natPort &&
            v.natChecksumDelta == e.natChecksumDelta &&
            v.peerSlot == e.peerSlot && v.peerTag == e.peerTag;
        return same ? g : TORN;
    }

    /** The operations, on a table made by {@link #newTable()}. */
    @Param(name = "key", gen = IntGen.class, conf = "1:3")
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[] flows = new FlowInfo[LockFreeFlowTableLinearizabilityTest.KEYS + 1];
        private final InlineFlowView[] states = {null, state(1), state(2)};
        private final InlineFlowView out = new InlineFlowView();

        {
            for (int k = 1; k < flows.length; k++)
            {
                flows[k] = new FlowInfo(LockFreeFlowTableLinearizabilityTest.COLLIDING[k], 0, FlowInfoAccess.SNAPSHOT);
            }
        }

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        @Operation
        public int insert(@Param(name = "key") final int key)
        {
            return table.insert(flows[key]);
        }

        @Operation
        public boolean remove(@Param(name = "key") final int key)
        {
            return table.remove(LockFreeFlowTableLinearizabilityTest.COLLIDING[key]) != null;
        }

        @Operation
        public boolean write(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            return table.writeInline(LockFreeFlowTableLinearizabilityTest.COLLIDING[key], states[val]) >= 0;
        }

        /** The established path with the test's slow path: read again (a real caller would take its slow path). */
        @Operation
        public int read(@Param(name = "key") final int key)
        {
            final InlineFlowView v = new InlineFlowView();
            while (true)
            {
                final int r = table.readInline(LockFreeFlowTableLinearizabilityTest.COLLIDING[key], v);
                if (r == LockFreeFlowTable.INLINE_MISS)
                {
                    return 0;
                }
                if (r >= 0)
                {
                    return decode(v);
                }
                Thread.yield();
            }
        }
    }

    /** Mutant: writers neither make the version odd nor bump it. */
    public static class NoVersionBumpOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
            {
                @Override
                boolean claimSeq(final int base, final long seen)
                {
                    return true;
                }

                @Override
                void releaseSeq(final int base, final long seen)
                {
                }
            };
        }
    }

    /** Mutant: readers do not re-check the version after their data loads. */
    public static class NoRecheckOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
            {
                @Override
                boolean seqUnchanged(final int base, final long seq)
                {
                    return true;
                }
            };
        }
    }

    /** The sequential specification: per key absent (0), pending ({@link #PENDING}) or the value last written. */
    public static class Spec
    {
        private final int[] state = new int[LockFreeFlowTableLinearizabilityTest.KEYS + 1];

        public int insert(final int key)
        {
            if (state[key] == 0)
            {
                state[key] = PENDING;
                return FlowTable.INSERTED;
            }
            return FlowTable.REPLACED;
        }

        public boolean remove(final int key)
        {
            final boolean present = state[key] != 0;
            state[key] = 0;
            return present;
        }

        public boolean write(final int key, final int val)
        {
            if (state[key] == 0)
            {
                return false;
            }
            state[key] = val;
            return true;
        }

        public int read(final int key)
        {
            return state[key];
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Spec && Arrays.equals(state, ((Spec) o).state);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(state);
        }
    }

    static ModelCheckingOptions modelChecking()
    {
        return LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class);
    }

    @Test
    void shouldBeLinearizableUnderModelChecking()
    {
        modelChecking().check(Ops.class);
    }

    @Test
    void shouldBeLinearizableUnderStress()
    {
        // Half the model-checking budget: stress adds real-thread timing, model checking does the exhaustive part.
        new StressOptions()
            .iterations(Integer.getInteger("flowgate.lincheck.iterations", 10) / 2)
            .invocationsPerIteration(Integer.getInteger("flowgate.lincheck.invocations", 200))
            .threads(2)
            .actorsPerThread(3)
            .sequentialSpecification(Spec.class)
            .check(Ops.class);
    }

    @Test
    void shouldCatchAWriterThatDoesNotBumpTheVersion()
    {
        assertTornRead(NoVersionBumpOps.class, "no version bump");
    }

    @Test
    void shouldCatchAReaderThatDoesNotRecheckTheVersion()
    {
        assertTornRead(NoRecheckOps.class, "no re-check");
    }

    /** The mutant must fail with an invalid result (not a hang or an exception): a torn read. */
    private static void assertTornRead(final Class<?> ops, final String name)
    {
        // No minimisation: the failing scenario is already three operations; minimising re-runs the search.
        final String message = LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the " + name + " mutant",
            () -> modelChecking().minimizeFailedScenario(false).check(ops));
        assertTrue(message.contains("read(") && message.contains(": " + TORN), name + ": no torn read in " + message);
    }
}
