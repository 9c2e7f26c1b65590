// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;

/**
 * Sessions without flow objects (docs/spec/flow-table.md section 11.13, P7), one thread: what N1, the creator's
 * write, the look-ups, the invalidation and removal by handle and the wheel leave in the slots, and that a session's
 * whole life (create, schedule, expire) allocates nothing. The concurrent properties and their controls are
 * {@link InlineSessionsLinearizabilityTest}'s.
 */
class InlineSessionsTest
{
    private static final long TICK = 100L;
    private static final long TIMEOUT = 1_000L;
    private static final int SHORT = IdleTimeouts.intern(TIMEOUT);

    private final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
    private final InlineSessions sessions = new InlineSessions(table);
    private final MutableFlowKey fwdKey = new MutableFlowKey();
    private final MutableFlowKey revKey = new MutableFlowKey();
    private final InlineFlowView fwd = new InlineFlowView();
    private final InlineFlowView rev = new InlineFlowView();
    private final InlineFlowView read = new InlineFlowView();

    /** A session as a NAT stage makes it: N1 (reverse, then forward linked), then the creator's write. */
    private void create(final int port, final long now, final boolean publish)
    {
        fwd.state(7, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000001L, 4000)
            .idleTimeoutIndex(SHORT);
        rev.state(8, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000002L, 5000)
            .idleTimeoutIndex(SHORT);
        fwd.genid = 5;
        rev.genid = 5;
        fwdKey.ipv4Ports(1, 10, 20, 6, port, 80);
        revKey.ipv4Ports(2, 20, 99, 6, 80, port);
        assertEquals(FlowTable.INSERTED, sessions.insertPair(fwdKey, revKey, fwd, rev));
        if (publish)
        {
            assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, now));
        }
    }

    @Test
    void shouldMapBothDirectionsToTheSentinelWithLinksAndWords()
    {
        create(1000, 50L, true);
        assertSame(FlowInfo.INLINE_SESSION, table.lookup(fwdKey));
        assertSame(FlowInfo.INLINE_SESSION, table.lookup(revKey));
        assertEquals(fwd.slot, table.readInline(fwdKey, read));
        assertEquals(FlowInfo.ACTIVE, read.status);
        assertEquals(7, read.dstVni);
        assertEquals(5, read.genid);
        assertEquals(rev.slot, read.peerSlot, "the forward linked at its claim (N1)");
        assertEquals(InlineFlowView.tagOf(revKey), read.peerTag);
        assertEquals(rev.slot, table.readInline(revKey, read));
        assertEquals(fwd.slot, read.peerSlot, "the reverse linked by the creator");
        assertEquals(50L, table.pairLastSeen(read));
        assertEquals(2, table.size());
        final FlowInfo[] found = new FlowInfo[1];
        final InlineFlowView[] views = {new InlineFlowView()};
        table.lookupInlineBurst(new FlowKey[] {fwdKey}, new long[1], found, views, new int[1], 1);
        assertSame(FlowInfo.INLINE_SESSION, found[0], "the burst look-up: an active consistent read");
        assertEquals(fwd.slot, views[0].slot);
        assertTrue(sessions.invalidate(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag,
            FlowInfo.CANCELLED));
        table.lookupInlineBurst(new FlowKey[] {fwdKey}, new long[1], found, views, new int[1], 1);
        assertNull(found[0], "cancelled: the burst's fallback look-up removes it from its validated word");
        assertEquals(1, table.size(), "the reverse is removed by its own look-up");
    }

    @Test
    void shouldActivateOnlyByTheCreatorsWrite()
    {
        create(1000, 50L, false);
        assertEquals(fwd.slot, sessions.lookup(fwdKey, read));
        assertEquals(InlineFlowView.PENDING, read.status, "found while its creator writes: a packet of the new one");
        assertTrue((table.ctrlForTest(fwd.slot) & LockFreeFlowTable.INACTIVE_HINT) != 0, "A2 saw PENDING");
        assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, 50L));
        assertEquals(0, table.ctrlForTest(fwd.slot) & LockFreeFlowTable.INACTIVE_HINT, "activated after the write");
    }

    @Test
    void shouldKeepAnInvalidationThatCameBeforeTheCreatorsWrite()
    {
        create(1000, 50L, false);
        assertTrue(sessions.invalidate(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag,
            FlowInfo.CANCELLED));
        assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, 50L));
        assertEquals(LockFreeFlowTable.INLINE_MISS, sessions.lookup(fwdKey, read), "cancelled, removed lazily");
        assertNull(table.lookup(revKey), "both directions cancelled");
        assertEquals(0, table.size());
    }

    @Test
    void shouldNotTouchTheNextSessionOfAKeyByAStaleHandle()
    {
        create(1000, 50L, true);
        final int slot = fwd.slot;
        final int peerSlot = fwd.peerSlot;
        final int peerTag = fwd.peerTag;
        final int tag = InlineFlowView.tagOf(fwdKey);
        assertEquals(2, sessions.remove(slot, tag, peerSlot, peerTag));
        rev.state(8, 0, 0L, 0L, 0);
        fwdKey.ipv4Ports(1, 10, 20, 6, 1000, 80);
        revKey.ipv4Ports(2, 20, 99, 6, 80, 2000); // another translation: another reverse key
        fwd.state(9, 0, 0L, 0L, 0);
        sessions.insertPair(fwdKey, revKey, fwd, rev);
        sessions.publishPair(fwdKey, revKey, fwd, rev, 60L);
        assertEquals(0, sessions.remove(slot, tag, peerSlot, peerTag), "the old handle names no session");
        assertTrue(!sessions.invalidate(slot, tag, peerSlot, peerTag, FlowInfo.CANCELLED));
        assertTrue(sessions.lookup(fwdKey, read) >= 0);
        assertEquals(9, read.dstVni);
        assertEquals(FlowInfo.ACTIVE, read.status);
    }

    @Test
    void shouldRefuseStatusStoresIntoTheSentinel()
    {
        assertThrows(IllegalStateException.class, FlowInfo.INLINE_SESSION::invalidate);
        assertThrows(IllegalStateException.class, () -> FlowInfo.INLINE_SESSION.genid(3));
    }

    @Test
    void shouldExpireASessionOnTheWheelAtItsLastTouchPlusItsTimeout()
    {
        final FlowTimerWheel wheel = new FlowTimerWheel(table, TICK, 64, 0L);
        create(1000, 0L, true);
        wheel.scheduleSession(sessions, fwdKey, fwd, TIMEOUT);
        table.touch(rev.slot, 900L);
        assertEquals(0, wheel.expire(1_500L, Integer.MAX_VALUE));
        assertEquals(2, wheel.expire(2_000L, Integer.MAX_VALUE), "idle from 900 for its 1,000: both directions");
        assertEquals(0, wheel.scheduled());
        assertEquals(0, table.size());
    }

    @Test
    void shouldCreateAndExpireSessionsWithoutAllocating()
    {
        final FlowTimerWheel wheel = new FlowTimerWheel(table, TICK, 64, 0L);
        SteadyStateAllocation.assertNone("a session created, scheduled and expired", 2_000, 200, i ->
        {
            final long now = i * 2 * TIMEOUT;
            create(1000 + (i & 7), now, true);
            wheel.scheduleSession(sessions, fwdKey, fwd, now + TIMEOUT);
            assertEquals(2, wheel.expire(now + TIMEOUT + TICK, Integer.MAX_VALUE));
        });
        assertEquals(0, table.size());
    }
}
