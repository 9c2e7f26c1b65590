// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * INLINE flows without key objects (docs/spec/flow-table.md section 11.13): inserted under keys that are only copied
 * into their slots (K1), found there by look-ups, their status written through from the cached slot (K3), removed
 * from it by a wheel or a caller (K4), linked to their peers by the slots' tags, and replaced in place like keyed
 * flows.
 */
class KeylessFlowTest
{
    private static final long TIMEOUT = 1_000L;

    private final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
    private final MutableFlowKey fwdKey = new MutableFlowKey();
    private final MutableFlowKey revKey = new MutableFlowKey();
    private final InlineFlowView fwd = new InlineFlowView();
    private final InlineFlowView rev = new InlineFlowView();
    private final InlineFlowView view = new InlineFlowView();

    private FlowKey forwardKey(final int port)
    {
        return new MutableFlowKey().ipv4Ports(1, 10, 20, 6, port, 80).toImmutable();
    }

    private FlowKey reverseKey(final int port)
    {
        return new MutableFlowKey().ipv4Ports(2, 20, 99, 6, 80, port).toImmutable();
    }

    /** A keyless pair inserted and published through the stage's reused mutable keys, which then change. */
    private FlowInfo insert(final int port, final FlowTimerWheel wheel)
    {
        final FlowInfo forward = FlowInfo.keylessPair(TIMEOUT);
        forward.idleTimeout(TIMEOUT);
        forward.related().idleTimeout(TIMEOUT);
        fwd.state(7, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000001L, 4000);
        rev.state(8, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000002L, 5000);
        fwdKey.set(forwardKey(port));
        revKey.set(reverseKey(port));
        final int r = table.insertInlinePair(forward, fwdKey, revKey, fwd, rev, wheel);
        assertNotEquals(FlowTable.FULL, r);
        assertTrue(table.publishInlinePair(forward, fwd, rev, 0L));
        fwdKey.ipv4Ports(9, 9, 9, 17, 9, 9); // the stage reuses its keys: the table must have copied the words
        revKey.ipv4Ports(9, 9, 9, 17, 9, 9);
        return forward;
    }

    @Test
    void shouldFindAKeylessPairByItsKeysWords()
    {
        final FlowInfo forward = insert(1000, null);
        assertNull(forward.key());
        assertNull(forward.related().key());
        assertSame(forward, table.lookup(forwardKey(1000)));
        assertSame(forward.related(), table.lookup(reverseKey(1000)));
        assertEquals(2, table.size());
        assertTrue(table.readInline(forwardKey(1000), view) >= 0);
        assertSame(forward, view.flow);
        assertEquals(FlowInfo.ACTIVE, view.status);
        assertEquals(7, view.dstVni);
        assertEquals(4000, view.natPort);
    }

    @Test
    void shouldLinkThePeersWithTheirSlotsTags()
    {
        final FlowInfo forward = insert(1000, null);
        final int fs = table.slotOf(forward);
        final int rs = table.slotOf(forward.related());
        assertNotEquals(-1, fs);
        assertNotEquals(-1, rs);
        assertEquals(fs, table.readInline(forwardKey(1000), view));
        assertEquals(rs, view.peerSlot);
        assertEquals(InlineFlowView.tagOf(reverseKey(1000)), view.peerTag);
        assertEquals(rs, table.readInline(reverseKey(1000), view));
        assertEquals(fs, view.peerSlot);
        assertEquals(InlineFlowView.tagOf(forwardKey(1000)), view.peerTag);
    }

    @Test
    void shouldWriteAnInvalidationThroughToTheCachedSlot()
    {
        final FlowInfo forward = insert(1000, null);
        forward.invalidatePair();
        assertNull(table.lookup(forwardKey(1000)), "the inactive hint must be set: a look-up loads the status");
        assertNull(table.lookup(reverseKey(1000)));
        assertEquals(0, table.size(), "the look-ups removed the cancelled flows lazily");
        assertEquals(-1, table.slotOf(forward));
    }

    @Test
    void shouldRemoveAKeylessFlowFromItsSlot()
    {
        final FlowInfo forward = insert(1000, null);
        assertTrue(table.remove(null, forward));
        assertFalse(table.remove(null, forward), "removed once");
        assertNull(table.lookup(forwardKey(1000)));
        assertSame(forward.related(), table.lookup(reverseKey(1000)));
        assertEquals(1, table.size());
        assertEquals(-1, table.slotOf(forward));
    }

    @Test
    void shouldExpireKeylessFlowsOnTheWheel()
    {
        final FlowTimerWheel wheel = new FlowTimerWheel(table, 100L, 64, 0L);
        final FlowInfo forward = insert(1000, wheel);
        assertEquals(2, wheel.scheduled());
        wheel.expire(10 * TIMEOUT, Integer.MAX_VALUE);
        assertEquals(0, wheel.scheduled());
        assertEquals(FlowInfo.EXPIRED, forward.status());
        assertEquals(0, table.size(), "both directions removed from their slots");
        assertNull(table.lookup(forwardKey(1000)));
        assertNull(table.lookup(reverseKey(1000)));
    }

    @Test
    void shouldReplaceAKeylessPairInPlace()
    {
        final FlowInfo old = insert(1000, null);
        final int slot = table.slotOf(old);
        final FlowInfo replacement = insert(1000, null);
        assertSame(replacement, table.lookup(forwardKey(1000)));
        assertEquals(slot, table.slotOf(replacement));
        assertEquals(-1, table.slotOf(old));
        assertFalse(table.remove(null, old), "the replaced flow is no longer mapped");
        assertEquals(2, table.size());
    }

    @Test
    void shouldRefuseAKeylessFlowWithoutItsKeys()
    {
        assertThrows(IllegalArgumentException.class, () -> table.insertPair(FlowInfo.keylessPair(TIMEOUT), null));
        assertEquals(0, table.size());
    }

    @Test
    void shouldRefuseAKeylessFlowInATableWithoutInlineState()
    {
        final LockFreeFlowTable plain = new LockFreeFlowTable(64, false);
        assertThrows(IllegalStateException.class, () -> plain.insertInlinePair(FlowInfo.keylessPair(TIMEOUT),
            forwardKey(1), reverseKey(1), fwd, rev, null));
    }
}
