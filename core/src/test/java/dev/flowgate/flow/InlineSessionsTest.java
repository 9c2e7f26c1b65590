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
    /** The inline slots' last-seen tick: the tests' unit of time. */
    private static final long U = LockFreeFlowTable.SEEN_TICK_NANOS;
    private static final long TICK = 100 * U;
    private static final long TIMEOUT = 1_000 * U;
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
        create(1000, 50 * U, true);
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
        assertEquals(50 * U, table.pairLastSeen(read, 60 * U));
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
        create(1000, 50 * U, false);
        assertEquals(fwd.slot, sessions.lookup(fwdKey, read));
        assertEquals(InlineFlowView.PENDING, read.status, "found while its creator writes: a packet of the new one");
        assertTrue((table.ctrlForTest(fwd.slot) & LockFreeFlowTable.INACTIVE_HINT) != 0, "A2 saw PENDING");
        assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, 50L));
        assertEquals(0, table.ctrlForTest(fwd.slot) & LockFreeFlowTable.INACTIVE_HINT, "activated after the write");
    }

    @Test
    void shouldKeepAnInvalidationThatCameBeforeTheCreatorsWrite()
    {
        create(1000, 50 * U, false);
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
        create(1000, 50 * U, true);
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
        table.touch(rev.slot, 900 * U);
        assertEquals(0, wheel.expire(1_500 * U, Integer.MAX_VALUE));
        assertEquals(2, wheel.expire(2_000 * U, Integer.MAX_VALUE), "idle from 900 for its 1,000: both directions");
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

    /** The burst look-up of one key into {@code view}; returns what it attaches to the packet. */
    private FlowInfo burst(final FlowKey key, final InlineFlowView view)
    {
        final FlowInfo[] found = new FlowInfo[1];
        table.lookupInlineBurst(new FlowKey[] {key}, new long[1], found, new InlineFlowView[] {view}, new int[1], 1);
        return found[0];
    }

    /**
     * P7, H2 per packet: a session whose creator is still writing is attached by its handle alone (the view not
     * usable), and the stage's read by that handle sees the creator's write when it comes (the activation only clears
     * the hint, which the handle ignores).
     */
    @Test
    void shouldAttachAPendingSessionByItsHandleAndReadItAfterItsCreatorsWrite()
    {
        create(1000, 50 * U, false);
        final InlineFlowView packet = new InlineFlowView();
        assertSame(FlowInfo.INLINE_SESSION, burst(fwdKey, packet), "a packet of the new session");
        assertTrue(!packet.usable() && packet.isSession(), "the handle without a usable read");
        assertEquals(fwd.slot, packet.handle);
        assertEquals(fwd.slot, table.readSession(packet, read));
        assertEquals(InlineFlowView.PENDING, read.status);
        assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, 50L));
        assertEquals(fwd.slot, table.readSession(packet, read), "the same session after its activation");
        assertEquals(FlowInfo.ACTIVE, read.status);
        assertEquals(rev.slot, read.peerSlot);
        assertEquals(InlineFlowView.tagOf(fwdKey), read.tag());
    }

    /**
     * P7, H2 per packet: a packet's handle names the session its look-up validated, not the slot: after an
     * invalidation (its hint changes the version) or a removal and a new session of the same key in the same slot,
     * the read by the old handle misses (a tag-only check would read the next session's words).
     */
    @Test
    void shouldNotReadTheNextSessionOfAKeyByAPacketsHandle()
    {
        create(1000, 50 * U, true);
        final InlineFlowView packet = new InlineFlowView();
        assertSame(FlowInfo.INLINE_SESSION, burst(fwdKey, packet));
        assertTrue(packet.usable());
        assertEquals(2, sessions.remove(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag));
        create(1000, 60 * U, true);
        assertEquals(packet.handle, fwd.slot, "the same key in the same slot");
        assertEquals(LockFreeFlowTable.INLINE_MISS, table.readSession(packet, read), "removed since the look-up");
        final InlineFlowView next = new InlineFlowView();
        assertSame(FlowInfo.INLINE_SESSION, burst(fwdKey, next));
        assertEquals(fwd.slot, table.readSession(next, read));
        assertTrue(sessions.invalidate(read, FlowInfo.CANCELLED));
        assertEquals(LockFreeFlowTable.INLINE_MISS, table.readSession(next, read), "invalidated since the look-up");
        assertNull(burst(fwdKey, next), "and gone for the next look-up");
    }

    /** P7: genid, timeout, flags and the connection word by handle, both directions where the link leads back. */
    @Test
    void shouldWriteBothDirectionsByHandle()
    {
        create(1000, 50 * U, true);
        assertEquals(fwd.slot, sessions.find(fwdKey, read));
        assertTrue(sessions.setGenid(read, 9L));
        final int other = IdleTimeouts.intern(7 * TIMEOUT);
        assertTrue(sessions.idleTimeout(read.handle, read.tag(), read.peerSlot, read.peerTag, other));
        assertTrue(sessions.clearFlags(read.handle, read.tag(), read.peerSlot, read.peerTag,
            InlineFlowView.NAT_MASQUERADE));
        assertTrue(sessions.updateConnection(read.handle, read.tag(), read.peerSlot, read.peerTag, 0xF0, 0x35));
        for (final FlowKey k : new FlowKey[] {fwdKey, revKey})
        {
            assertTrue(sessions.find(k, read) >= 0);
            assertEquals(9L, read.genid);
            assertEquals(other, read.idleTimeoutIndex);
            assertEquals(InlineFlowView.NAT_V4, read.natFlags);
            assertEquals(k == fwdKey ? 0x30 : 0, read.connection, "the connection word: one direction only");
        }
        assertEquals(2, sessions.remove(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag));
        assertTrue(!sessions.setGenid(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag, 10L),
            "a removed session is not written");
        assertEquals(LockFreeFlowTable.INLINE_MISS, sessions.find(fwdKey, read));
    }
}
