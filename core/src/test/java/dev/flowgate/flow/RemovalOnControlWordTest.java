// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.13, P2, seen from one thread: right after a removal's CAS of the control word
 * (D2), while the slot's flow reference still holds the flow (D3 has not run), a look-up and a seqlock read already
 * find the key absent: the decision is the control word's, not the reference's. A variant whose D2 leaves the word
 * LIVE (the removal decided by the reference, as before P2) is shown to fail the same check.
 */
class RemovalOnControlWordTest
{
    private static final FlowKey KEY = FlowTableContractTest.key(1);

    /** A table that, from inside a removal's D2, looks the key up and reads its slot's reference. */
    static final class ProbeTable extends LockFreeFlowTable
    {
        private final boolean staysLive;
        private final InlineFlowView view = new InlineFlowView();
        FlowInfo referenceAtD2;
        FlowInfo lookupAtD2;
        int readAtD2 = Integer.MIN_VALUE;

        ProbeTable(final boolean inlineState, final boolean staysLive)
        {
            super(8, 32, inlineState);
            this.staysLive = staysLive;
        }

        @Override
        boolean casCtrl(final int slot, final long expect, final long update)
        {
            final boolean d2 = (expect & 3) == LIVE && (update & 3) == CLAIMED;
            final boolean swapped = super.casCtrl(slot, expect, d2 && staysLive ? (update & ~3L) | LIVE : update);
            if (swapped && d2)
            {
                referenceAtD2 = infoForTest(slot);
                lookupAtD2 = lookup(KEY);
                readAtD2 = hasInlineState() ? readInline(KEY, view) : readAtD2;
            }
            return swapped;
        }
    }

    private static ProbeTable removeFrom(final boolean inlineState, final boolean staysLive)
    {
        final ProbeTable table = new ProbeTable(inlineState, staysLive);
        final FlowInfo flow = new FlowInfo(KEY, 7L, FlowInfoAccess.SNAPSHOT);
        assertEquals(FlowTable.INSERTED, table.insert(flow));
        assertSame(flow, table.remove(KEY));
        assertSame(flow, table.referenceAtD2, "D3 has not run yet: the slot still holds the flow");
        return table;
    }

    @Test
    void shouldFindTheKeyAbsentFromTheRemovalsCasOn()
    {
        assertNull(removeFrom(false, false).lookupAtD2);
        final ProbeTable inline = removeFrom(true, false);
        assertNull(inline.lookupAtD2);
        assertEquals(LockFreeFlowTable.INLINE_MISS, inline.readAtD2);
        assertNull(inline.lookup(KEY));
        assertEquals(0, inline.size());
    }

    @Test
    void shouldSeeTheFlowWhenTheRemovalLeavesTheWordLive()
    {
        // the check above fails against a removal that decides on the reference (word left LIVE at D2)
        final ProbeTable table = removeFrom(true, true);
        assertSame(table.referenceAtD2, table.lookupAtD2);
        assertTrue(table.readAtD2 >= 0, "the seqlock read found the slot: " + table.readAtD2);
    }
}
