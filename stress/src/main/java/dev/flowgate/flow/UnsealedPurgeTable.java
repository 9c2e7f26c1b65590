// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A deliberately broken {@link LockFreeFlowTable} for the jcstress controls: its tombstone purge
 * (docs/spec/flow-table.md section 7) checks that the successor is EMPTY but does not seal it, so an insert can claim
 * the successor and revalidate before the tombstone in front of it becomes EMPTY, and its key is then unreachable.
 * The controls show that the jcstress purge test catches such a table.
 */
public final class UnsealedPurgeTable extends LockFreeFlowTable
{
    private static final int GAP_SPINS = 256;

    /**
     * A broken table.
     *
     * @param capacity the capacity.
     */
    public UnsealedPurgeTable(final int capacity)
    {
        super(capacity);
    }

    @Override
    boolean seal(final int slot, final long empty)
    {
        if (ctrlForTest(slot) != empty)
        {
            return false;
        }
        // Widen the gap between the check and the purge, so that a short CI run sees the race every time.
        for (int i = 0; i < GAP_SPINS; i++)
        {
            Thread.onSpinWait();
        }
        return true;
    }

    @Override
    void unseal(final int slot, final long empty)
    {
        // nothing was sealed
    }
}
