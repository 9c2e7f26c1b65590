// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A deliberately broken {@link LockFreeFlowTable} for the jcstress controls: the CAS of a removal's control word from
 * LIVE to CLAIMED (its linearization point, docs/spec/flow-table.md section 11.13, P2) is a volatile read, then a
 * volatile write, so two removals of one key can both take the flow. The controls show that the remove/remove test
 * catches such a table.
 */
public final class NonAtomicRemoveTable extends LockFreeFlowTable
{
    private static final int GAP_SPINS = 64;

    /**
     * A broken table.
     *
     * @param capacity the capacity.
     */
    public NonAtomicRemoveTable(final int capacity)
    {
        super(capacity);
    }

    @Override
    boolean casCtrl(final int slot, final long expect, final long update)
    {
        if ((expect & 3) != LIVE || (update & 3) != CLAIMED)
        {
            return super.casCtrl(slot, expect, update);
        }
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
