// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A deliberately broken {@link LockFreeFlowTable} with inline state for the jcstress controls: a replace with NAT words
 * (docs/spec/flow-table.md section 11.12, N2) does not hold the state's version odd around its flow swap and its
 * words (the version still moves on afterwards), and waits a little after the swap, so a reader can pair the new flow
 * with the old words. The controls show that the replace/read test catches such a table.
 */
public final class UnclaimedReplaceTable extends LockFreeFlowTable
{
    private static final int GAP_SPINS = 256;

    /**
     * A broken table.
     *
     * @param capacity the capacity.
     */
    public UnclaimedReplaceTable(final int capacity)
    {
        super(capacity, true);
    }

    @Override
    long claimForReplace(final int base)
    {
        return seqForTest(base);
    }

    @Override
    boolean casInfo(final int slot, final FlowInfo expect, final FlowInfo update)
    {
        final boolean swapped = super.casInfo(slot, expect, update);
        // Widen the gap between the swap and the words, so that a short CI run sees the race.
        for (int i = 0; swapped && i < GAP_SPINS; i++)
        {
            Thread.onSpinWait();
        }
        return swapped;
    }
}
