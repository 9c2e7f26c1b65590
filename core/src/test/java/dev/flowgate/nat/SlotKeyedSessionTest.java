// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
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

    private Packet open(final FlowInfo flow)
    {
        final PacketBatch batch = NatTestSupport.single(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(1000, 80),
            A, B, PacketMeta.REQ_STATEFUL_NAT);
        stage.process(batch, new FlowInfo[] {flow}, tables, 1L);
        final Packet p = batch.packet(0);
        assertFalse(p.meta().isDone(), () -> String.valueOf(p.meta().dropReason()));
        return p;
    }

    private FlowInfo forward()
    {
        return table.lookup(key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 6, 1000, 80));
    }

    private FlowInfo reverse(final int port)
    {
        return table.lookup(key.ipv4Ports(B, ip("20.0.0.9"), ip("1.1.1.0"), 6, 80, port));
    }

    @Test
    void shouldReleaseASessionOnlyWhenNeitherSlotIsActive()
    {
        lane(new LockFreeFlowTable(64, true));
        assertEquals(1, open(null).srcPort());
        final FlowInfo forward = forward();
        final FlowInfo reverse = reverse(1);
        assertNotNull(forward);
        assertNotNull(reverse);
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "both sides active");
        forward.status(FlowInfo.CANCELLED);
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "the reverse side is still active");
        reverse.status(FlowInfo.EXPIRED);
        assertEquals(1, allocator.reclaim(Integer.MAX_VALUE), "neither side active");
        assertEquals(0, allocator.sessions());
    }

    @Test
    void shouldReleaseASessionWhoseSlotsWereRemoved()
    {
        lane(new LockFreeFlowTable(64, true));
        open(null);
        final FlowInfo forward = forward();
        final FlowInfo reverse = forward.related();
        // Removed while still active (no status change): gone from the table is gone for the allocator too.
        assertTrue(table.remove(null, forward));
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "the reverse side is still mapped and active");
        assertTrue(table.remove(null, reverse));
        assertEquals(1, allocator.reclaim(Integer.MAX_VALUE));
    }

    /**
     * The forward key goes to a second session while the first one's reverse side is still active: the first session
     * must not be kept alive by the second one's flow in its old forward slot (same slot, same tag).
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
            "without step A3 the second session's flow keeps the first session's ports");
    }

    private int releasesAfterTheKeyMoved()
    {
        open(null);
        final FlowInfo first = forward();
        final FlowInfo firstReverse = reverse(1);
        first.status(FlowInfo.CANCELLED); // this direction only: the reverse stays active
        // The same 5-tuple again: a new session (the first is not dead, so its port 1 stays taken), same forward slot.
        assertEquals(2, open(first).srcPort());
        final FlowInfo second = forward();
        assertNotEquals(first, second);
        assertSame(firstReverse, reverse(1), "the first session's reverse side is still mapped");
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "the first session's reverse side is still active");
        firstReverse.status(FlowInfo.CANCELLED);
        assertEquals(1, allocator.reclaim(Integer.MAX_VALUE), "the first session has no active side left");
        assertEquals(1, allocator.sessions(), "the second session is kept");
        second.invalidatePair();
        return (int) allocator.released() + allocator.reclaim(Integer.MAX_VALUE);
    }

    @Test
    void shouldNotReleaseWhileAWriterIsInTheWay()
    {
        lane(InlineTestTables.alwaysSlowReads(64));
        open(null);
        forward().invalidatePair();
        assertEquals(0, allocator.reclaim(Integer.MAX_VALUE), "undecided sides count as live");
        assertEquals(1, allocator.sessions());
    }
}
