// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.InlineTestTables;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * docs/spec/nat.md section 2.11: a masquerade session under INLINE keeps no state object; its packets whose burst read
 * is not usable (here: no views at all, the object path) are translated from the slot
 * (docs/spec/flow-table.md section 11.12), the flow-filter's object path reads its VNI and NAT kind there, and so are
 * ICMP errors about it, byte for byte as SNAPSHOT translates them from its objects. Over a table whose seqlock reads
 * always fail, the slow path must take the slot's claim (Q3) and still translate.
 */
class InlineSessionTest
{
    private static final int A = MasqueradeStageTest.A;
    private static final int B = MasqueradeStageTest.B;

    /** The NAT stages (masquerade, port forwarding, ICMP errors) of one mode over their own table. */
    private static final class Lane
    {
        final FlowTable table;
        final MasqueradeTables tables = MasqueradeTables.build(
            MasqueradeStageTest.overlay(MasqueradeStageTest.masq("1.1.1.0/30")), MasqueradeAllocator.deterministic());
        final PortForwardTables pfTables = PortForwardStageTest.alone(PortForwardStageTest.overlay(
            PortForwardStageTest.forward(L4Protocol.TCP)));
        final MasqueradeStage stage;
        final PortForwardStage pfStage;
        final PortForwardConnectionTest.Worker pf;
        final IcmpErrorStage errors;

        Lane(final FlowTable table, final FlowInfoAccess access)
        {
            this.table = table;
            stage = new MasqueradeStage(table, null, access, 0);
            pfStage = new PortForwardStage(table, null, access);
            pf = new PortForwardConnectionTest.Worker(pfStage, table);
            errors = new IcmpErrorStage(table);
        }

        Packet forward(final PacketBuilder frame, final boolean fromClient)
        {
            return pf.run(pfTables, frame, fromClient, 0L, 1L);
        }

        Packet nat(final PacketBuilder frame, final int src, final int dst, final FlowInfo flow)
        {
            final PacketBatch batch = NatTestSupport.single(frame, src, dst, PacketMeta.REQ_STATEFUL_NAT);
            stage.process(batch, new FlowInfo[] {flow}, tables, 1L);
            return batch.packet(0);
        }

        /** A packet of a session without flow objects, attached as the burst look-up attaches it (by handle). */
        Packet nat(final PacketBuilder frame, final int src, final int dst, final InlineFlowView view)
        {
            final PacketBatch batch = NatTestSupport.single(frame, src, dst, PacketMeta.REQ_STATEFUL_NAT);
            stage.process(batch, new FlowInfo[] {FlowInfo.INLINE_SESSION}, new InlineFlowView[] {view}, tables, 1L);
            return batch.packet(0);
        }

        Packet error(final PacketBuilder frame, final int src)
        {
            final PacketBatch batch = NatTestSupport.single(frame, src, 0, PacketMeta.IS_OVERLAY);
            errors.process(batch, 1L);
            return batch.packet(0);
        }
    }

    /**
     * The handle of {@code read} alone, as the burst look-up leaves it when its read is not usable (a writer in the
     * way, a pending state): the stages must read the session by it.
     */
    static InlineFlowView handleOnly(final InlineFlowView read)
    {
        final InlineFlowView v = new InlineFlowView();
        v.handle = read.handle;
        v.ctrl = read.ctrl;
        v.table = read.table;
        v.flow = FlowInfo.INLINE_SESSION;
        return v;
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.buffer().getBytes(0, out);
        return out;
    }

    private static void assertSamePacket(final Packet expected, final Packet actual, final String what)
    {
        assertEquals(expected.meta().dropReason(), actual.meta().dropReason(), what + ": drop reason");
        assertNull(actual.meta().dropReason(), what);
        assertEquals(expected.meta().dstVni(), actual.meta().dstVni(), what + ": destination VNI");
        assertArrayEquals(bytes(expected), bytes(actual), what + ": bytes");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldTranslateASessionWithoutStateObjectsFromItsSlot(final boolean slowReads)
    {
        final LockFreeFlowTable table = slowReads ? InlineTestTables.alwaysSlowReads(1024) :
            new LockFreeFlowTable(1024, true);
        final Lane inline = new Lane(table, FlowInfoAccess.INLINE);
        final Lane snapshot = new Lane(FlowTable.create(FlowTableKind.LOCK_FREE, 1024), FlowInfoAccess.SNAPSHOT);
        final PacketBuilder out = new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443);
        assertSamePacket(snapshot.nat(out, A, B, (FlowInfo) null), inline.nat(out, A, B, (FlowInfo) null),
            "first packet");

        // docs/spec/flow-table.md section 11.13, P7: no flow objects, both slots map the sentinel.
        final MutableFlowKey key = new MutableFlowKey();
        final InlineSessions sessions = new InlineSessions(table);
        final InlineFlowView forward = new InlineFlowView();
        key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 17, 9998, 443);
        assertSame(FlowInfo.INLINE_SESSION, table.lookup(key), "the slot maps the sentinel");
        assertTrue(sessions.find(key, forward) >= 0);
        final InlineFlowView reverse = new InlineFlowView();
        assertEquals(forward.peerSlot, sessions.find(key.ipv4Ports(B, ip("20.0.0.9"), ip("1.1.1.0"), 17, 443, 1),
            reverse), "the forward links to the reverse");
        assertEquals(forward.handle, reverse.peerSlot, "and the reverse to the forward");
        assertEquals(B, forward.dstVni);
        assertEquals(FlowInfo.ACTIVE, forward.status);
        assertTrue((forward.natFlags & InlineFlowView.NAT_MASQUERADE) != 0, "masquerade flag in the slot");

        // The flow-filter's object path (no usable view) takes the VNI and NAT kind from the slot, by handle.
        final FlowInfoReader reader = FlowInfoReader.create(FlowInfoAccess.INLINE);
        reader.begin(FlowInfo.INLINE_SESSION, handleOnly(forward), 0L);
        assertTrue(reader.tryBypass(), "bypass on the object path");
        assertEquals(B, reader.dstVni());
        assertEquals(FlowInfoReader.NAT_MASQUERADE, reader.natFlag());
        reader.begin(FlowInfo.INLINE_SESSION, handleOnly(reverse), 0L);
        assertEquals(FlowInfoReader.MM_MASQUERADE, reader.multiMatch());
        assertEquals(A, reader.dstVni());

        final FlowInfo snapForward = snapshot.table.lookup(
            key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 17, 9998, 443));
        assertSamePacket(snapshot.nat(out, A, B, snapForward), inline.nat(out, A, B, handleOnly(forward)),
            "established, by handle");
        final PacketBuilder reply = new PacketBuilder().ipv4("20.0.0.9", "1.1.1.0").udp(443, 1);
        assertSamePacket(snapshot.nat(reply, B, A, snapForward.related()), inline.nat(reply, B, A,
            handleOnly(reverse)), "reply");
        assertEquals(1, inline.stage.created(), "no second session");
        assertEquals(2, inline.stage.established());

        final PacketBuilder error = new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(3, 3,
            new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(1, 443));
        final Packet expected = snapshot.error(error, B);
        assertSamePacket(expected, inline.error(error, B), "ICMP error about the session");
        assertEquals(A, expected.meta().dstVni());
        assertEquals(slowReads ? 2 : 0, inline.stage.inlineClaimedReads(), "reads that took the slot's claim");
    }

    /**
     * docs/spec/nat.md section 3.8: a port-forwarded connection under INLINE keeps no objects (docs/spec/flow-table.md
     * section 11.13, P7: its slots map the sentinel), its status and rule live in the forward slot's connection word
     * (P6); the handshake goes through the status machine from the slots, by each packet's handle, as SNAPSHOT's does
     * from its objects. Over a table whose seqlock reads always fail the burst look-up leaves only the handle, and the
     * stage's read by handle takes the slot's claim (Q3). ICMP errors about it are translated from its slots too.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldForwardAConnectionWithoutStateObjectsFromItsSlots(final boolean slowReads)
    {
        final LockFreeFlowTable table = slowReads ? InlineTestTables.alwaysSlowReads(1024) :
            new LockFreeFlowTable(1024, true);
        final Lane inline = new Lane(table, FlowInfoAccess.INLINE);
        final Lane snapshot = new Lane(FlowTable.create(FlowTableKind.LOCK_FREE, 1024), FlowInfoAccess.SNAPSHOT);
        final PacketBuilder syn = new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2").tcp(40000, 83)
            .flags(TcpDescriptor.SYN);
        assertSamePacket(snapshot.forward(syn, true), inline.forward(syn, true), "SYN");
        assertSame(FlowInfo.INLINE_SESSION, table.lookup(PortForwardConnectionTest.CLIENT_KEY), "no flow object");
        assertSame(FlowInfo.INLINE_SESSION, table.lookup(PortForwardConnectionTest.SERVER_KEY));
        InlineFlowView view = PortForwardConnectionTest.find(table, PortForwardConnectionTest.CLIENT_KEY);
        final int mapping = inline.pfTables.ruleOf(view.connection >>> 4).mappingId;
        assertEquals(PortForwardStage.connectionWord(mapping, PortForwardSession.ONE_WAY), view.connection,
            "the connection word (status, rule) in the forward slot");
        assertEquals(0, PortForwardConnectionTest.find(table, PortForwardConnectionTest.SERVER_KEY).connection,
            "one copy: none in the reverse slot");
        final PacketBuilder synAck = new PacketBuilder().ipv4("10.50.0.2", "10.13.0.7").tcp(8083, 40000)
            .flags(TcpDescriptor.SYN | TcpDescriptor.ACK);
        assertSamePacket(snapshot.forward(synAck, false), inline.forward(synAck, false), "SYN-ACK");
        final PacketBuilder ack = new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2").tcp(40000, 83)
            .flags(TcpDescriptor.ACK);
        assertSamePacket(snapshot.forward(ack, true), inline.forward(ack, true), "ACK");
        view = PortForwardConnectionTest.find(table, PortForwardConnectionTest.CLIENT_KEY);
        assertEquals(PortForwardStage.connectionWord(mapping, PortForwardSession.ESTABLISHED), view.connection);
        assertEquals(1, inline.pfStage.created(), "no second connection");

        final PacketBuilder error = new PacketBuilder().ipv4("10.50.0.1", "10.13.0.7").icmpError(3, 1,
            new PacketBuilder().ipv4("10.13.0.7", "10.50.0.2").tcp(40000, 8083).flags(TcpDescriptor.ACK));
        assertSamePacket(snapshot.error(error, PortForwardStageTest.P), inline.error(error, PortForwardStageTest.P),
            "ICMP error about the connection");
        // SYN-ACK: its own slot and the forward slot's connection word; ACK: its own slot.
        assertEquals(slowReads ? 3 : 0, inline.pfStage.inlineClaimedReads(), "reads that took the slot's claim");
    }
}
