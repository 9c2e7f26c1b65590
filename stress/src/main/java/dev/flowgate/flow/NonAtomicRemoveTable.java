// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A deliberately broken {@link LockFreeFlowTable} for the jcstress controls: the CAS of a slot's flow reference (the
 * linearization point of a removal) is a volatile read, then a volatile write, so two removals of one key can both
 * take the flow. The controls show that the remove/remove test catches such a table.
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
    boolean casInfo(final int slot, final FlowInfo expect, final FlowInfo update)
    {
        if (infoForTest(slot) != expect)
        {
            return false;
        }
        // Widen the gap between the read and the write, so that a short CI run sees the race every time.
        for (int i = 0; i < GAP_SPINS; i++)
        {
            Thread.onSpinWait();
        }
        storeInfoForTest(slot, update);
        return true;
    }
}
