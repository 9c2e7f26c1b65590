// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.13, P3: the slot, not the object, decides an INLINE flow's status and genid. Each
 * check first makes the slot and the object disagree (a slot-only conditional write), then asks the reader; each runs
 * against a control that decides on the object, which must give the other answer.
 */
class SlotOwnedStatusTest
{
    private static final long PIPELINE_GENID = 9L;

    /** The control: T3's look-up decides on the object, as before P3. */
    static final class ObjectDecidesTable extends LockFreeFlowTable
    {
        ObjectDecidesTable()
        {
            super(64, true);
        }

        @Override
        int slotStatus(final int slot, final long c, final FlowInfo info)
        {
            return OBJECT_STATUS;
        }
    }

    private static FlowInfo publishedPair(final LockFreeFlowTable table)
    {
        final MutableFlowKey k = new MutableFlowKey();
        final FlowInfo f = FlowInfo.relatedPair(k.ipv4Ports(1, 10, 20, 6, 1000, 80).toImmutable(),
            k.ipv4Ports(2, 20, 30, 6, 80, 2000).toImmutable(), Long.MAX_VALUE, FlowInfoAccess.INLINE);
        assertEquals(FlowTable.INSERTED, table.insertPair(f, null));
        final int flags = InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE;
        assertTrue(table.publishInlinePair(f, new InlineFlowView().state(7, flags | InlineFlowView.NAT_SRC, 0L, 1L, 9),
            new InlineFlowView().state(9, flags, 0L, 10L, 1000), 5L));
        return f;
    }

    private static InlineFlowView read(final LockFreeFlowTable table, final FlowInfo f)
    {
        final InlineFlowView v = new InlineFlowView();
        assertTrue(table.readInline(f.key(), v) >= 0);
        return v;
    }

    /** Slot CANCELLED, object ACTIVE, hint set (T1 of a reactivation leaves it set): what does a look-up return? */
    private static FlowInfo lookupAfterSlotOnlyCancel(final LockFreeFlowTable table)
    {
        final FlowInfo f = publishedPair(table);
        f.invalidate(); // object, hint and slot
        f.status(FlowInfo.ACTIVE); // reactivated: object and slot ACTIVE, hint still set
        final InlineFlowView v = read(table, f);
        assertEquals(FlowInfo.ACTIVE, v.status);
        assertTrue(table.writeStatus(v.slot, v.seq, FlowInfo.CANCELLED)); // the slot alone
        assertTrue(f.isActive(), "the object still says active");
        return table.lookup(f.key());
    }

    @Test
    void shouldDecideALookupOnTheSlotsStatus()
    {
        assertNull(lookupAfterSlotOnlyCancel(new LockFreeFlowTable(64, true)), "T3: the slot's CANCELLED decides");
        assertTrue(lookupAfterSlotOnlyCancel(new ObjectDecidesTable()) != null, "control: the object decides");
    }

    @Test
    void shouldWriteStatusAndGenidIntoBothSlots()
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
        final FlowInfo f = publishedPair(table);
        f.setGenidPair(PIPELINE_GENID);
        assertEquals(PIPELINE_GENID, read(table, f).genid, "T4, forward");
        assertEquals(PIPELINE_GENID, read(table, f.related()).genid, "T4, reverse");
        f.invalidatePair();
        assertEquals(FlowInfo.CANCELLED, read(table, f).status, "T1, forward");
        assertEquals(FlowInfo.CANCELLED, read(table, f.related()).status, "T1, reverse");
        f.status(FlowInfo.ACTIVE);
        assertEquals(FlowInfo.ACTIVE, read(table, f).status, "T1: a reactivation is a slot write too");
    }

    /** The flow-filter's INLINE object path (no view): bypass decided on the slot's genid (T6). */
    @Test
    void shouldTakeTheObjectPathsGenidFromTheSlot()
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
        final FlowInfo f = publishedPair(table);
        final InlineFlowView v = read(table, f);
        assertTrue(table.writeGenid(v.slot, v.seq, PIPELINE_GENID)); // the slot alone: the object keeps genid 0
        assertEquals(0L, f.genid());
        final FlowInfoReader r = FlowInfoReader.create(FlowInfoAccess.INLINE, SyncCounter.OFF);
        r.begin(f, null, PIPELINE_GENID);
        assertFalse(r.readInline(), "no view: the object path");
        assertTrue(r.tryBypass(), "fresh by the slot's genid");
        assertEquals(7, r.dstVni());
    }

    /** The object path's status decision (T6): slot CANCELLED, object ACTIVE. */
    @Test
    void shouldTakeTheObjectPathsStatusFromTheSlot()
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
        final FlowInfo f = publishedPair(table);
        f.genid(PIPELINE_GENID);
        final InlineFlowView v = read(table, f);
        assertTrue(table.writeStatus(v.slot, v.seq, FlowInfo.CANCELLED));
        assertTrue(f.isActive());
        final FlowInfoReader r = FlowInfoReader.create(FlowInfoAccess.INLINE, SyncCounter.OFF);
        r.begin(f, null, PIPELINE_GENID);
        assertFalse(r.hasActiveFlow(), "the slot's CANCELLED decides");
        r.begin(f, null, PIPELINE_GENID);
        assertFalse(r.tryBypass());
    }
}
