// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.PortForwardConnectionTest.CLIENT_KEY;
import static dev.flowgate.nat.PortForwardConnectionTest.SERVER_KEY;
import static dev.flowgate.nat.PortForwardConnectionTest.client;
import static dev.flowgate.nat.PortForwardConnectionTest.find;
import static dev.flowgate.nat.PortForwardConnectionTest.server;
import static dev.flowgate.nat.PortForwardConnectionTest.word;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * docs/spec/nat.md section 3.8 and docs/spec/flow-table.md section 11.13, P7: a port-forwarded connection under INLINE
 * has no flow objects, and the stage's object path reads and writes it by the handle of the packet's look-up. A
 * handshake and a close go through the status machine by handle (SNAPSHOT's bytes, the close cancels both slots); a
 * reverse packet before the creator's write (not linked) is a packet without a connection; a handle whose connection
 * was removed and created again since the look-up writes nothing into the new one. Each has a control that must fail.
 */
class PortForwardSessionTest
{
    private static final int SYN = TcpDescriptor.SYN;
    private static final int ACK = TcpDescriptor.ACK;
    private static final int FIN = TcpDescriptor.FIN;
    private static final long S = PortForwardStageTest.S;

    private final LockFreeFlowTable table = new LockFreeFlowTable(1024, true);
    private final PortForwardTables tables = PortForwardStageTest.alone(PortForwardStageTest.overlay(
        PortForwardStageTest.forward(L4Protocol.TCP)));

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.buffer().getBytes(0, out);
        return out;
    }

    private static void same(final Packet expected, final Packet actual, final String what)
    {
        assertEquals(expected.meta().dropReason(), actual.meta().dropReason(), what + ": drop reason");
        assertArrayEquals(bytes(expected), bytes(actual), what + ": bytes");
    }

    private int status()
    {
        return word(table) & PortForwardStage.STATUS_BITS;
    }

    /** Control of the handshake: a stage whose status writes by handle write nothing. */
    private static final class NoStatusWrites extends InlineSessions
    {
        NoStatusWrites(final LockFreeFlowTable table)
        {
            super(table);
        }

        @Override
        public boolean updateConnection(
            final int slot, final int tag, final int peerSlot, final int peerTag, final int mask, final int value)
        {
            return false;
        }
    }

    /** Control of the close: a stage whose invalidation by handle writes nothing. */
    private static final class NoInvalidation extends InlineSessions
    {
        NoInvalidation(final LockFreeFlowTable table)
        {
            super(table);
        }

        @Override
        public boolean invalidate(
            final int slot, final int tag, final int peerSlot, final int peerTag, final int status)
        {
            return false;
        }
    }

    /**
     * SYN, SYN-ACK, ACK, a data packet, then FIN, FIN-ACK and the last ACK, each looked up as the pipeline does, on
     * INLINE (over {@code sessions}) and SNAPSHOT side by side.
     *
     * @return the slots' status after the last ACK (the forward's, the reverse's), or null when a step differed.
     */
    private int[] handshakeAndClose(final InlineSessions sessions)
    {
        final PortForwardConnectionTest.Worker inline = new PortForwardConnectionTest.Worker(
            new PortForwardStage(table, null, FlowInfoAccess.INLINE, sessions), table);
        final FlowTable snapTable = FlowTable.create(FlowTableKind.LOCK_FREE, 1024);
        final PortForwardConnectionTest.Worker snapshot = new PortForwardConnectionTest.Worker(snapTable,
            FlowInfoAccess.SNAPSHOT);
        final Object[][] steps = {
            {client(SYN), true, PortForwardSession.ONE_WAY},
            {server(SYN | ACK), false, PortForwardSession.TWO_WAY},
            {client(ACK), true, PortForwardSession.ESTABLISHED},
            {client(ACK), true, PortForwardSession.ESTABLISHED},
            {client(ACK), true, PortForwardSession.ESTABLISHED},
            {client(FIN | ACK), true, PortForwardSession.C_CLOSING},
            {server(FIN | ACK), false, PortForwardSession.LAST_ACK},
            {client(ACK), true, PortForwardSession.CLOSED},
        };
        for (int i = 0; i < steps.length; i++)
        {
            final PacketBuilder frame = (PacketBuilder) steps[i][0];
            final boolean fromClient = (Boolean) steps[i][1];
            final Packet expected = snapshot.run(tables, frame, fromClient, 1, i * S);
            final Packet actual = inline.run(tables, frame, fromClient, 1, i * S);
            if (expected.meta().dropReason() != actual.meta().dropReason() || status() != (int) steps[i][2])
            {
                return null;
            }
            same(expected, actual, "step " + i);
            if (i > 0)
            {
                assertSame(FlowInfo.INLINE_SESSION, inline.lookup.flows[0], "step " + i + ": no flow object");
            }
        }
        assertEquals(1, inline.stage.created());
        assertEquals(1, inline.stage.forwardedInline(),
            "the second data packet, its slot marked established by the first, took the inline path");
        return new int[] {find(table, CLIENT_KEY).status, find(table, SERVER_KEY).status};
    }

    @Test
    void shouldHandshakeAndCloseByHandle()
    {
        final int[] status = handshakeAndClose(new InlineSessions(table));
        assertArrayEquals(new int[] {FlowInfo.CANCELLED, FlowInfo.CANCELLED}, status, "closed: both slots cancelled");
        final InlineFlowView view = new InlineFlowView();
        final InlineSessions sessions = new InlineSessions(table);
        assertEquals(LockFreeFlowTable.INLINE_MISS, sessions.lookup(CLIENT_KEY, view), "the look-up removes it");
        assertEquals(LockFreeFlowTable.INLINE_MISS, sessions.lookup(SERVER_KEY, view));
        assertEquals(0, table.size());
    }

    @Test
    void shouldFailWhenTheStatusWritesByHandleWriteNothing()
    {
        assertNull(handshakeAndClose(new NoStatusWrites(table)), "the control: the status never leaves one-way");
    }

    @Test
    void shouldFailWhenTheInvalidationByHandleWritesNothing()
    {
        assertArrayEquals(new int[] {FlowInfo.ACTIVE, FlowInfo.ACTIVE}, handshakeAndClose(new NoInvalidation(table)),
            "the control: closed, but both slots still active");
    }

    /** A creator descheduled between N1' and C': the session inserted, both directions PENDING, nothing more. */
    private static final class NoCreatorWrite extends InlineSessions
    {
        NoCreatorWrite(final LockFreeFlowTable table)
        {
            super(table);
        }

        @Override
        public boolean publishPair(
            final FlowKey forwardKey, final FlowKey reverseKey, final InlineFlowView fwd, final InlineFlowView rev,
            final long now)
        {
            return true;
        }
    }

    /** Control of the reverse before C': a reader that finds an unlinked reverse's forward by its key. */
    private static final class ForwardByKey extends InlineSessions
    {
        ForwardByKey(final LockFreeFlowTable table)
        {
            super(table);
        }

        @Override
        public int readLinked(final InlineFlowView read, final InlineFlowView out)
        {
            return read.peerSlot < 0 ? find(CLIENT_KEY, out) : super.readLinked(read, out);
        }
    }

    /**
     * The SYN's worker inserts the connection but has not written C' yet; the server's SYN-ACK arrives on another
     * worker (whose look-up finds the reverse PENDING: the handle only).
     *
     * @return the SYN-ACK's drop reason.
     */
    private DropReason reverseBeforeTheCreatorsWrite(final InlineSessions reader)
    {
        final PortForwardConnectionTest.Worker creator = new PortForwardConnectionTest.Worker(
            new PortForwardStage(table, null, FlowInfoAccess.INLINE, new NoCreatorWrite(table)), table);
        final PortForwardConnectionTest.Worker other = new PortForwardConnectionTest.Worker(
            new PortForwardStage(table, null, FlowInfoAccess.INLINE, reader), table);
        assertNull(creator.run(tables, client(SYN), true, 1, 0).meta().dropReason());
        final InlineFlowView reverse = find(table, SERVER_KEY);
        assertEquals(InlineFlowView.PENDING, reverse.status);
        assertEquals(-1, reverse.peerSlot, "not linked before C'");
        final Packet synAck = other.run(tables, server(SYN | ACK), false, 1, 0);
        assertSame(FlowInfo.INLINE_SESSION, other.lookup.flows[0]);
        assertEquals(-1, other.lookup.view().slot, "PENDING: not usable, the handle only");
        return synAck.meta().dropReason();
    }

    @Test
    void shouldTakeTheNewConnectionPathForAReverseNotLinkedYet()
    {
        assertEquals(DropReason.FILTERED, reverseBeforeTheCreatorsWrite(new InlineSessions(table)),
            "a SYN-ACK without a connection: not a pure SYN");
        assertEquals(PortForwardSession.ONE_WAY, status(), "nothing written into the forward slot");
    }

    @Test
    void shouldFailWhenAnUnlinkedReverseFindsItsForwardByKey()
    {
        assertNull(reverseBeforeTheCreatorsWrite(new ForwardByKey(table)), "the control forwards it");
        assertEquals(PortForwardSession.TWO_WAY, status(), "and writes two-way before C'");
    }

    /**
     * A server packet looked up in connection 1, which is then removed and created again (connection 2, the same keys
     * in the same slots) before the stage runs.
     *
     * @param slotOnly the control: the packet's handle re-validated against the slot's current word (a handle that
     *                 names the slot alone).
     * @return the server packet's drop reason.
     */
    private DropReason staleHandle(final boolean slotOnly)
    {
        final PortForwardConnectionTest.Worker worker = new PortForwardConnectionTest.Worker(table,
            FlowInfoAccess.INLINE);
        final SessionLookup lookup = new SessionLookup(table);
        assertNull(worker.run(tables, client(SYN), true, 1, 0).meta().dropReason());
        final FlowInfo flow = lookup.lookUp(SERVER_KEY);
        final InlineFlowView stale = lookup.view();
        final InlineFlowView first = find(table, CLIENT_KEY);
        assertEquals(2, new InlineSessions(table).remove(first.handle, first.tag(), first.peerSlot, first.peerTag));
        assertNull(worker.run(tables, client(SYN), true, 1, S).meta().dropReason(), "connection 2");
        final InlineFlowView second = find(table, CLIENT_KEY);
        assertEquals(first.handle, second.handle, "the same forward slot");
        assertEquals(first.peerSlot, second.peerSlot, "the same reverse slot");
        assertEquals(stale.handle, second.peerSlot);
        if (slotOnly)
        {
            stale.ctrl = lookupCtrl();
        }
        return SessionLookup.run(worker.stage, NatTestSupport.single(server(SYN | ACK), PortForwardStageTest.P,
            PortForwardStageTest.C, PacketMeta.REQ_PORT_FORWARDING), flow, stale, tables, 1, 2 * S)
            .meta().dropReason();
    }

    private long lookupCtrl()
    {
        final SessionLookup fresh = new SessionLookup(table);
        fresh.lookUp(SERVER_KEY);
        return fresh.view().ctrl;
    }

    @Test
    void shouldWriteNothingIntoTheNextConnectionByAStaleHandle()
    {
        assertEquals(DropReason.FILTERED, staleHandle(false), "a packet without a connection");
        assertEquals(PortForwardSession.ONE_WAY, status(), "connection 2 untouched");
        assertEquals(FlowInfo.ACTIVE, find(table, CLIENT_KEY).status);
        assertEquals(FlowInfo.ACTIVE, find(table, SERVER_KEY).status);
    }

    @Test
    void shouldFailWithAHandleThatNamesTheSlotAlone()
    {
        assertNull(staleHandle(true), "the control: the stale packet is applied to connection 2");
        assertNotEquals(PortForwardSession.ONE_WAY, status());
    }
}
