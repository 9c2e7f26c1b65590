// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.flowgate.alloc.SteadyStateAllocation;

/**
 * The expiry wheel's nodes over slot indices (docs/spec/flow-table.md section 11.13, P4, and H6' of P7): one node per
 * session without flow objects, scheduled by its forward handle, expired at the session's last-seen time plus the
 * idle timeout its slot names, validated against its slot before it acts, bounded work per call, nodes reused through
 * the free list, no allocation in steady state, index 0 never read as "no timeout". Each property of the node
 * protocol is also run against a broken wheel (a test seam overridden) that must fail it.
 */
class SlotWheelTest
{
    /** The inline slots' last-seen tick: the tests' unit of time. */
    private static final long U = LockFreeFlowTable.SEEN_TICK_NANOS;
    private static final long TICK = 100 * U;
    private static final long TIMEOUT = 1_000 * U;
    private static final int SHORT = IdleTimeouts.intern(TIMEOUT);
    private static final int LONG = IdleTimeouts.intern(10 * TIMEOUT);

    private final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
    private final InlineSessions sessions = new InlineSessions(table);
    private final InlineFlowView found = new InlineFlowView();
    private final MutableFlowKey fwdKey = new MutableFlowKey();
    private final MutableFlowKey revKey = new MutableFlowKey();
    private final InlineFlowView fwd = new InlineFlowView();
    private final InlineFlowView rev = new InlineFlowView();

    /** The mutant of H2: a read that does not check the node's tag (only that the slot is LIVE). */
    private static final class UntaggedWheel extends FlowTimerWheel
    {
        private final LockFreeFlowTable inline;

        UntaggedWheel(final LockFreeFlowTable table)
        {
            super(table, TICK, 64, 0L);
            inline = table;
        }

        @Override
        int readSlot(final int slot, final int tag, final InlineFlowView v)
        {
            return inline.readInlineAt(slot, v);
        }
    }

    /** The mutant of H3: a forward slot is the node's pair whatever reverse it links to. */
    private static final class UnlinkedWheel extends FlowTimerWheel
    {
        UnlinkedWheel(final LockFreeFlowTable table)
        {
            super(table, TICK, 64, 0L);
        }

        @Override
        boolean linksTo(final InlineFlowView v, final int peer, final int peerTag)
        {
            return true;
        }
    }

    /** The mutant of H4: the idle timeout the pair was created with, not the one its slot names now. */
    private static final class ScheduledTimeoutWheel extends FlowTimerWheel
    {
        ScheduledTimeoutWheel(final LockFreeFlowTable table)
        {
            super(table, TICK, 64, 0L);
        }

        @Override
        long idleTimeout(final InlineFlowView v)
        {
            return TIMEOUT;
        }
    }

    /** The mutant of the free list: a node is never reused, so the pool keeps growing. */
    private static final class LeakingWheel extends FlowTimerWheel
    {
        LeakingWheel(final LockFreeFlowTable table)
        {
            super(table, TICK, 64, 0L);
        }

        @Override
        void recycleNode(final int n)
        {
        }
    }

    private static FlowKey forwardKey(final int port)
    {
        return new MutableFlowKey().ipv4Ports(1, 10, 20, 6, port, 80).toImmutable();
    }

    private static FlowKey reverseKey(final int port)
    {
        return new MutableFlowKey().ipv4Ports(2, 20, 99, 6, 80, port).toImmutable();
    }

    /**
     * A session as the NAT stages make it: words and timeout index with the claim (N1'), then the creator's write
     * (C') and the wheel's node by the forward handle (H6'), the first deadline {@code now} plus the timeout. Leaves
     * the forward's handle in {@link #fwd} and the reverse's slot in {@link #rev}; allocates nothing.
     */
    private void insert(final int port, final int reversePort, final long now, final int timeoutIndex,
        final FlowTimerWheel wheel, final boolean publish)
    {
        fwd.state(7, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000001L, 4000)
            .idleTimeoutIndex(timeoutIndex);
        rev.state(8, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000002L, 5000)
            .idleTimeoutIndex(timeoutIndex);
        fwdKey.ipv4Ports(1, 10, 20, 6, port, 80);
        revKey.ipv4Ports(2, 20, 99, 6, 80, reversePort);
        assertNotEquals(FlowTable.FULL, sessions.insertPair(fwdKey, revKey, fwd, rev));
        if (publish)
        {
            assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, now));
        }
        if (wheel != null)
        {
            wheel.scheduleSession(sessions, fwdKey, fwd, now + TIMEOUT);
        }
    }

    private void insert(final int port, final long now, final int timeoutIndex, final FlowTimerWheel wheel)
    {
        insert(port, port, now, timeoutIndex, wheel, true);
    }

    /** Whether a session direction of {@code key} is mapped (its read left in {@link #found}). */
    private boolean mapped(final FlowKey key)
    {
        return sessions.find(key, found) >= 0;
    }

    private static FlowTimerWheel wheel(final LockFreeFlowTable table)
    {
        return new FlowTimerWheel(table, TICK, 64, 0L);
    }

    @Test
    void shouldScheduleOneNodePerPairAndExpireItAtTheLastTouchPlusTheSlotsTimeout()
    {
        final FlowTimerWheel wheel = wheel(table);
        insert(1000, 0L, SHORT, wheel);
        assertEquals(2, wheel.scheduled(), "one node, counted as the session's two directions");
        table.touch(rev.slot, 800 * U); // the reverse direction extends the session
        assertEquals(0, wheel.expire(1_050 * U, Integer.MAX_VALUE));
        assertTrue(mapped(forwardKey(1000)));
        table.touch(fwd.slot, 1_700 * U); // and so does the forward
        assertEquals(0, wheel.expire(2_650 * U, Integer.MAX_VALUE));
        assertTrue(mapped(reverseKey(1000)));
        assertEquals(2, wheel.expire(2_800 * U, Integer.MAX_VALUE), "idle from 1,700 for its 1,000: both directions");
        assertEquals(0, wheel.scheduled());
        assertFalse(mapped(forwardKey(1000)));
        assertEquals(0, table.size());
    }

    /**
     * A session whose slot names index 0 (no stage writes it since the registry refuses to give it; a writer bug, or
     * a table user that never set the index) is kept for the longest timeout known, not expired at its last touch.
     */
    @Test
    void shouldKeepASessionWithIndexZeroForTheLongestTimeoutKnown()
    {
        final long second = 1_000_000_000L;
        final FlowTimerWheel wheel = new FlowTimerWheel(table, second, 64, 0L);
        insert(1000, 0L, 0, wheel);
        assertEquals(0, wheel.expire(2 * second, Integer.MAX_VALUE), "not expired at its last touch");
        assertTrue(mapped(forwardKey(1000)));
        final long longest = IdleTimeouts.nanos(0);
        assertTrue(longest >= IdleTimeouts.UNKNOWN_FLOOR_NANOS);
        assertEquals(0, wheel.expire(longest - second, Integer.MAX_VALUE));
        assertTrue(mapped(reverseKey(1000)));
        assertEquals(2, wheel.expire(longest + 2 * second, Integer.MAX_VALUE), "idle for the longest timeout");
        assertEquals(0, table.size());
    }

    @Test
    void shouldVisitFlowsAndPairsInOneExpiry()
    {
        final FlowTimerWheel wheel = wheel(table);
        final FlowInfo keyed = new FlowInfo(forwardKey(7), TIMEOUT, FlowInfoAccess.SNAPSHOT);
        assertEquals(FlowTable.INSERTED, table.insert(keyed, wheel));
        insert(1000, 0L, SHORT, wheel);
        assertEquals(3, wheel.scheduled());
        assertEquals(3, wheel.expire(1_100 * U, Integer.MAX_VALUE));
        assertEquals(FlowInfo.EXPIRED, keyed.status());
        assertEquals(0, table.size());
    }

    @Test
    void shouldExpireANonActivePairAtItsTick()
    {
        final FlowTimerWheel wheel = wheel(table);
        insert(1000, 0L, LONG, wheel);
        assertTrue(sessions.invalidate(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag,
            FlowInfo.CANCELLED));
        table.touch(fwd.slot, 900 * U); // not idle: only its status expires it
        assertEquals(2, wheel.expire(1_100 * U, Integer.MAX_VALUE));
        assertEquals(0, table.size());
        assertEquals(0, wheel.scheduled());
    }

    @Test
    void shouldDropTheNodeOfARemovedOrReusedSlotWithoutTouchingTheNewFlow()
    {
        assertDropsStaleNodes(wheel(table));
    }

    @Test
    void shouldFailToDropStaleNodesWithoutTheTagCheck()
    {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
            () -> assertDropsStaleNodes(new UntaggedWheel(table)));
        assertTrue(e.getMessage().startsWith("the node followed the idle reverse"), e.getMessage());
    }

    private void assertDropsStaleNodes(final FlowTimerWheel wheel)
    {
        // A session whose both directions were removed: its node is freed when visited.
        insert(2000, 0L, SHORT, wheel);
        assertEquals(2, sessions.remove(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag));
        // A session whose forward was removed (by key, as a look-up's lazy removal takes one direction), its slot
        // reused by the reverse of another key's session that no wheel of this test holds: not published yet, so not
        // linked and PENDING, and touched recently.
        insert(1000, 0L, SHORT, wheel);
        final int slot = fwd.slot;
        assertEquals(FlowInfo.INLINE_SESSION, table.remove(forwardKey(1000)));
        insert(3000, portWithHome(slot), 0L, SHORT, null, false);
        assertEquals(slot, rev.slot, "the new session's reverse took the removed forward's slot");
        table.touch(slot, 900 * U);
        assertEquals(4, wheel.scheduled());
        wheel.expire(1_100 * U, Integer.MAX_VALUE);
        assertFalse(mapped(reverseKey(1000)), "the node followed the idle reverse, and expired it");
        assertEquals(0, wheel.scheduled(), "both nodes left the wheel");
        assertTrue(mapped(revKey), "the slot's new session untouched");
        assertEquals(InlineFlowView.PENDING, found.status);
        assertEquals(slot, found.handle);
        assertEquals(900 * U, table.lastSeen(slot, 1_100 * U));
        assertEquals(2, table.size());
    }

    @Test
    void shouldFollowTheOldReverseOfAKeyPairedAgain()
    {
        assertFollowsOldReverse(wheel(table));
    }

    @Test
    void shouldFailToFollowTheOldReverseWithoutThePeerCheck()
    {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
            () -> assertFollowsOldReverse(new UnlinkedWheel(table)));
        assertTrue(e.getMessage().startsWith("the old reverse, idle, expired"), e.getMessage());
    }

    private void assertFollowsOldReverse(final FlowTimerWheel wheel)
    {
        insert(1000, 0L, SHORT, wheel);
        // Another session of the same forward key with another reverse (two workers creating it at once): the
        // forward slot is replaced in place and links to the new reverse; the old reverse stays mapped, alone.
        fwd.state(7, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000001L, 4001)
            .idleTimeoutIndex(SHORT);
        rev.state(8, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0x0A000002L, 5000)
            .idleTimeoutIndex(SHORT);
        fwdKey.ipv4Ports(1, 10, 20, 6, 1000, 80);
        revKey.ipv4Ports(2, 20, 99, 6, 80, 81);
        assertEquals(FlowTable.REPLACED, sessions.insertPair(fwdKey, revKey, fwd, rev));
        assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, 0L));
        table.touch(fwd.slot, 900 * U);
        assertEquals(3, table.size());
        wheel.expire(1_100 * U, Integer.MAX_VALUE);
        assertFalse(mapped(reverseKey(1000)), "the old reverse, idle, expired");
        assertEquals(0, wheel.scheduled());
        assertTrue(mapped(forwardKey(1000)), "the new session untouched");
        assertEquals(FlowInfo.ACTIVE, found.status);
        assertEquals(InlineFlowView.tagOf(revKey), found.peerTag);
        assertEquals(2, table.size());
    }

    /** A port whose reverse key's home slot is {@code slot} (its tag differs from the removed forward's). */
    private int portWithHome(final int slot)
    {
        final int mask = table.slotCount() - 1;
        for (int port = 3000; port < 60_000; port++)
        {
            if (((int) reverseKey(port).hash64() & mask) == slot)
            {
                return port;
            }
        }
        throw new IllegalStateException("no port with home " + slot);
    }

    @Test
    void shouldTakeATimeoutChangeFromTheSlot()
    {
        assertTimeoutFromSlot(wheel(table));
    }

    @Test
    void shouldFailToTakeATimeoutChangeWithTheScheduleTimeout()
    {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
            () -> assertTimeoutFromSlot(new ScheduledTimeoutWheel(table)));
        assertTrue(e.getMessage().startsWith("idle for 5,000 of its 10,000"), e.getMessage());
    }

    private void assertTimeoutFromSlot(final FlowTimerWheel wheel)
    {
        insert(1000, 0L, SHORT, wheel);
        // Port forwarding: the connection became established, both directions get the longer timeout (by handle).
        assertTrue(sessions.idleTimeout(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag, LONG));
        assertEquals(0, wheel.expire(5_000 * U, Integer.MAX_VALUE), "idle for 5,000 of its 10,000");
        assertTrue(mapped(forwardKey(1000)));
        assertEquals(2, wheel.expire(10_100 * U, Integer.MAX_VALUE));
        assertEquals(0, table.size());
    }

    @Test
    void shouldKeepTheTimeoutIndexThroughTheCreatorsWrite()
    {
        insert(1000, 1000, 0L, SHORT, null, false);
        // A timeout write between the insert and the creator's write (C'): the reverse is not linked yet.
        assertTrue(sessions.idleTimeout(fwd.slot, InlineFlowView.tagOf(fwdKey), fwd.peerSlot, fwd.peerTag, LONG));
        assertTrue(sessions.publishPair(fwdKey, revKey, fwd, rev, 0L));
        assertTrue(mapped(forwardKey(1000)));
        assertEquals(LONG, found.idleTimeoutIndex);
        assertEquals(FlowInfo.ACTIVE, found.status);
        assertTrue(mapped(reverseKey(1000)));
        assertEquals(LONG, found.idleTimeoutIndex, "written into the unlinked reverse too, and kept by C'");
    }

    @Test
    void shouldBoundTheWorkOfEachExpiry()
    {
        final FlowTimerWheel wheel = wheel(table);
        for (int i = 0; i < 10; i++)
        {
            insert(1000 + i, 0L, SHORT, wheel);
        }
        int calls = 0;
        int reaped = 0;
        while (wheel.scheduled() > 0 && calls < 100)
        {
            final int r = wheel.expire(1_100 * U, 3);
            assertTrue(r <= 2 * 3, "at most 3 visits, each a pair");
            reaped += r;
            calls++;
        }
        assertEquals(20, reaped);
        assertTrue(calls >= 1 + 10 / 3 + 11 / 3, "11 bucket steps and 10 visits, 3 a call: " + calls);
        assertEquals(0, table.size());
    }

    @Test
    void shouldReuseFreedNodesWithoutAllocating()
    {
        assertReusesNodes(wheel(table));
    }

    @Test
    void shouldFailToReuseNodesWithoutTheFreeList()
    {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
            () -> assertReusesNodes(new LeakingWheel(table)));
        assertTrue(e.getMessage().startsWith("freed nodes reused"), e.getMessage());
    }

    /** Rounds of one new session and its expiry: same pool, no bytes per window. */
    private void assertReusesNodes(final FlowTimerWheel wheel)
    {
        final int capacity = wheel.nodeCapacityForTest();
        SteadyStateAllocation.assertNone("a session scheduled and expired", 2_000, 200, i ->
        {
            final long now = i * 2 * TIMEOUT;
            insert(1000 + (i & 7), 1000 + (i & 7), now, SHORT, wheel, true);
            assertEquals(2, wheel.expire(now + TIMEOUT + TICK, Integer.MAX_VALUE));
        });
        assertEquals(capacity, wheel.nodeCapacityForTest(), "freed nodes reused");
        assertFalse(wheel.scheduled() != 0);
        assertFalse(mapped(forwardKey(1000)));
    }
}
