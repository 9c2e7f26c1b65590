// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The INLINE burst look-up (docs/spec/flow-table.md section 11.10): a consistent active read fills the view; a writer
 * in the way, a pending or an inactive state sends the key to the object path; the creator's write and the objects'
 * write-through keep the words in step.
 */
class InlineBurstLookupTest
{
    private final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
    private final FlowKey[] keys = new FlowKey[1];
    private final long[] hashes = new long[1];
    private final FlowInfo[] results = new FlowInfo[1];
    private final InlineFlowView[] views = {new InlineFlowView()};
    private final int[] viewOf = {0};

    private FlowInfo pair()
    {
        final MutableFlowKey k = new MutableFlowKey();
        final FlowInfo f = FlowInfo.relatedPair(k.ipv4Ports(1, 10, 20, 6, 1000, 80).toImmutable(),
            k.ipv4Ports(2, 20, 30, 6, 80, 2000).toImmutable(), Long.MAX_VALUE, FlowInfoAccess.INLINE);
        assertEquals(FlowTable.INSERTED, table.insertPair(f, null));
        keys[0] = f.key();
        return f;
    }

    private InlineFlowView lookUp()
    {
        table.lookupInlineBurst(keys, hashes, results, views, viewOf, 1);
        return views[0];
    }

    private void publish(final FlowInfo f)
    {
        final int flags = InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE;
        assertTrue(table.publishInlinePair(f, new InlineFlowView().state(7, flags | InlineFlowView.NAT_SRC, 0L,
            0x0102_0304L, 999), new InlineFlowView().state(9, flags, 0L, 10L, 1000),
            5 * LockFreeFlowTable.SEEN_TICK_NANOS));
    }

    @Test
    void shouldSendAPendingStateToTheObjectPath()
    {
        final FlowInfo f = pair();
        assertFalse(lookUp().usable(), "pending until the creator writes");
        assertSame(f, results[0], "the object path still finds the flow");
    }

    @Test
    void shouldFillTheViewFromTheCreatorsWrite()
    {
        final FlowInfo f = pair();
        f.genid(4);
        publish(f);
        final InlineFlowView v = lookUp();
        assertTrue(v.usable());
        assertSame(f, v.flow);
        assertSame(f, results[0]);
        assertEquals(7, v.dstVni);
        assertEquals(4, v.genid, "genid copied from the object under the claim");
        assertEquals(0x0102_0304, v.natAddress);
        assertEquals(999, v.natPort);
        assertEquals(table.slotOf(f.related()), v.peerSlot, "linked to the reverse slot");
        final long u = LockFreeFlowTable.SEEN_TICK_NANOS;
        assertEquals(5 * u, table.pairLastSeen(v, 6 * u));
    }

    @Test
    void shouldNotUseAReadOverlappingAWriter()
    {
        final FlowInfo f = pair();
        publish(f);
        final InlineFlowView v = lookUp();
        final int base = table.baseForTest(v.slot);
        final long seq = v.seq;
        assertTrue(table.claimSeq(base, seq), "a writer claims the state");
        assertFalse(lookUp().usable(), "odd version: the slow path, no spin");
        assertSame(f, results[0], "the slow path is the object");
        table.releaseSeq(base, seq);
        assertTrue(lookUp().usable());
        assertEquals(seq + 2, views[0].seq);
    }

    @Test
    void shouldFollowTheObjectsStatusAndGenid()
    {
        final FlowInfo f = pair();
        publish(f);
        f.setGenidPair(6);
        assertEquals(6, lookUp().genid, "re-stamp written through");
        assertTrue(table.setInlineFlags(views[0].slot, views[0].seq, InlineFlowView.NAT_PF_STEADY, 5));
        assertTrue((lookUp().natFlags & InlineFlowView.NAT_PF_STEADY) != 0);
        assertEquals(5, views[0].stageValue);
        assertEquals(7, views[0].dstVni, "the VNI beside the stage value is kept");
        f.setGenidPair(7);
        assertEquals(0, lookUp().natFlags & InlineFlowView.NAT_PF_STEADY, "a genid change clears the mark");
        f.invalidatePair();
        assertFalse(lookUp().usable());
        assertNull(results[0], "cancelled: not returned, as by lookup");
    }
}
