// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A deliberately broken {@link LockFreeFlowTable} for the jcstress controls: a replace's R1 leaves its control word
 * without BUSY (docs/spec/flow-table.md section 11.13, P2), so a removal can decide on the word between the replace's
 * R1 and R2; both windows (after R1, and between the removal's CAS and its clearing of the reference) are widened so
 * that a short run sees the race. The controls show that the remove/replace test catches such a table.
 */
public final class UnheldReplaceTable extends LockFreeFlowTable
{
    private static final int GAP_SPINS = 128;

    /**
     * A broken table.
     *
     * @param capacity the capacity.
     */
    public UnheldReplaceTable(final int capacity)
    {
        super(capacity);
    }

    @Override
    boolean casCtrl(final int slot, final long expect, final long update)
    {
        final boolean replace = (update & 3) == LIVE && (update & BUSY) != 0;
        final boolean removal = (expect & 3) == LIVE && (update & 3) == CLAIMED;
        final boolean swapped = super.casCtrl(slot, expect, replace ? update & ~BUSY : update);
        for (int i = 0; swapped && (replace || removal) && i < GAP_SPINS; i++)
        {
            Thread.onSpinWait();
        }
        return swapped;
    }
}
