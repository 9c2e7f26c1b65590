// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.InlineTestTables;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * docs/spec/flow-table.md section 11.13, P5: the masquerade allocator knows a session without flow objects by its two
 * slots (slot, tag and the creator's peer links), not by its flows, and releases its ports exactly when neither side
 * is still mapped and active, as it does from the flow objects in the other modes.
 */
class SlotKeyedSessionTest
{
    private static final int A = MasqueradeStageTest.A;
    private static final int B = MasqueradeStageTest.B;

    private final MutableFlowKey key = new MutableFlowKey();
    private MasqueradeAllocator allocator;
    private MasqueradeTables tables;
    private LockFreeFlowTable table;
    private MasqueradeStage stage;

    private void lane(final LockFreeFlowTable t)
    {
        table = t;
        allocator = MasqueradeAllocator.deterministic();
        tables = MasqueradeTables.build(MasqueradeStageTest.overlay(MasqueradeStageTest.masq("1.1.1.0/30")), allocator);
        stage = new MasqueradeStage(table, null, FlowInfoAccess.INLINE, 0);
    }

    private Packet open(final InlineFlowView handle)
    {
        final PacketBatch batch = NatTestSupport.single(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(1000, 80),
            A, B, PacketMeta.REQ_STATEFUL_NAT);
        stage.process(batch, new FlowInfo[] {handle == null ? null : FlowInfo.INLINE_SESSION},
            new InlineFlowView[] {handle == null ? new InlineFlowView() : InlineSessionTest.handleOnly(handle)}, tables,
            1L);
        final Packet p = batch.packet(0);
        assertFalse(p.meta().isDone(), () -> String.valueOf(p.meta().dropReason()));
        return p;
    }

    /** A read of the session direction of {@code k} (its handle and link), or null. */
    private InlineFlowView read(final MutableFlowKey k)
    {
        final InlineFlowView v = new InlineFlowView();
        return new InlineSessions(table).find(k, v) >= 0 ? v : null;
    }

    private InlineFlowView forward()
    {
        return read(key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 6, 1000, 80));
    }

    private InlineFlowView reverse(final int port)
    {
        return read(key.ipv4Ports(B, ip("20.0.0.9"), ip("1.1.1.0"), 6, 80, port));
    }

    @Test
    void shouldReleaseASessionOnlyWhenNeitherSlotIsActive()
    {
        lane(new LockFreeFlowTable(64, true));
        assertEquals(1, open(null).srcPort());
        final InlineFlowView forward = forward();
        final InlineFlowView reverse = reverse(1);
        assertNotNull(forward);
        assertNotNull(reverse);
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "both sides active");
        assertTrue(InlineTestTables.setDirectionStatus(forward, FlowInfo.CANCELLED));
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "the reverse side is still active");
        assertTrue(InlineTestTables.setDirectionStatus(reverse, FlowInfo.EXPIRED));
        assertEquals(1, allocator.reclaim(Integer.MAX_VALUE), "neither side active");
        assertEquals(0, allocator.sessions());
    }

    @Test
    void shouldReleaseASessionWhoseSlotsWereRemoved()
    {
        lane(new LockFreeFlowTable(64, true));
        open(null);
        final InlineFlowView forward = forward();
        final InlineFlowView reverse = reverse(1);
        // Removed while still active (no status change): gone from the table is gone for the allocator too.
        assertTrue(InlineTestTables.removeDirection(forward));
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "the reverse side is still mapped and active");
        assertTrue(InlineTestTables.removeDirection(reverse));
        assertEquals(1, allocator.reclaim(Integer.MAX_VALUE));
    }

    /**
     * The forward key goes to a second session while the first one's reverse side is still active: the first session
     * must not be kept alive by the second one in its old forward slot (same slot, same tag).
     */
    @Test
    void shouldReleaseASessionWhoseKeyWentToAnotherSession()
    {
        lane(new LockFreeFlowTable(64, true));
        assertEquals(2, releasesAfterTheKeyMoved(), "the first session once the reverse side ends, then the second");
    }

    @Test
    void shouldKeepTheFirstSessionAliveWithoutThePeerCheck()
    {
        lane(InlineTestTables.sessionSideWithoutPeerCheck(64));
        assertThrows(AssertionFailedError.class, this::releasesAfterTheKeyMoved,
            "without step A3 the second session keeps the first session's ports");
    }

    private int releasesAfterTheKeyMoved()
    {
        open(null);
        final InlineFlowView first = forward();
        final InlineFlowView firstReverse = reverse(1);
        assertTrue(InlineTestTables.setDirectionStatus(first, FlowInfo.CANCELLED)); // the reverse stays active
        // The same 5-tuple again: a new session (the first is not dead, so its port 1 stays taken), same forward slot.
        assertEquals(2, open(first).srcPort());
        final InlineFlowView second = forward();
        assertEquals(first.handle, second.handle, "the same forward slot");
        assertNotEquals(first.peerSlot, second.peerSlot, "another session: another reverse");
        assertEquals(firstReverse.handle, reverse(1).handle, "the first session's reverse side is still mapped");
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "the first session's reverse side is still active");
        assertTrue(InlineTestTables.setDirectionStatus(firstReverse, FlowInfo.CANCELLED));
        assertEquals(1, allocator.reclaim(Integer.MAX_VALUE), "the first session has no active side left");
        assertEquals(1, allocator.sessions(), "the second session is kept");
        new InlineSessions(table).invalidate(second, FlowInfo.CANCELLED);
        return (int) allocator.released() + allocator.reclaim(Integer.MAX_VALUE);
    }

    @Test
    void shouldNotReleaseWhileAWriterIsInTheWay()
    {
        lane(InlineTestTables.alwaysSlowReads(64));
        open(null);
        assertTrue(new InlineSessions(table).invalidate(forward(), FlowInfo.CANCELLED));
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "undecided sides count as live");
        assertEquals(1, allocator.sessions());
    }
}
