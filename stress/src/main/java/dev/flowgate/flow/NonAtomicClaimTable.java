// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A deliberately broken {@link LockFreeFlowTable} for the jcstress controls: its control-word "CAS" is a volatile
 * read, then a volatile write, so two inserts of one key can both claim the same free slot and both report
 * {@link FlowTable#INSERTED}. The controls show that the jcstress tests catch such a table.
 */
public final class NonAtomicClaimTable extends LockFreeFlowTable
{
    private static final int GAP_SPINS = 64;

    /**
     * A broken table.
     *
     * @param capacity the capacity.
     */
    public NonAtomicClaimTable(final int capacity)
    {
        super(capacity);
    }

    @Override
    boolean casCtrl(final int slot, final long expect, final long update)
    {
        if (ctrlForTest(slot) != expect)
        {
            return false;
        }
        // Widen the gap between the read and the write, so that a short CI run sees the race every time.
        for (int i = 0; i < GAP_SPINS; i++)
        {
            Thread.onSpinWait();
        }
        storeCtrlForTest(slot, update);
        return true;
    }
}
