// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static dev.flowgate.nat.NatTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParseStatus;

class IcmpErrorStageTest
{
    private static final int A = MasqueradeStageTest.A;
    private static final int B = MasqueradeStageTest.B;
    private static final int C = PortForwardStageTest.C;
    private static final int P = PortForwardStageTest.P;
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private FlowTable table;
    private IcmpErrorStage stage;
    private MasqueradeTables masq;
    private MasqueradeStage masqStage;

    @BeforeEach
    void setUp()
    {
        table = FlowTable.create(FlowTableKind.LOCK_FREE, 4096);
        stage = new IcmpErrorStage(table);
        masq = MasqueradeTables.build(MasqueradeStageTest.overlay(MasqueradeStageTest.masq("1.1.1.0/30")),
            MasqueradeAllocator.deterministic());
        masqStage = new MasqueradeStage(table, null, FlowInfoAccess.MULTI_LOCK, 0);
    }

    private void masquerade(final PacketBuilder frame)
    {
        final PacketBatch b = NatTestSupport.single(frame, A, B, PacketMeta.REQ_STATEFUL_NAT);
        masqStage.process(b, new FlowInfo[1], masq, 0);
        assertFalse(b.packet(0).meta().isDone());
    }

    private Packet error(final PacketBuilder frame, final int srcVni)
    {
        final PacketBatch batch = NatTestSupport.single(frame, srcVni, 0, PacketMeta.IS_OVERLAY);
        stage.process(batch, 0);
        return batch.packet(0);
    }

    /** Every checksum of an ICMPv4 error: outer IPv4 header, ICMP, embedded IPv4 header and embedded transport. */
    static void assertErrorChecksumsValid(final Packet p)
    {
        final var parsed = p.parsed();
        final UnsafeBuffer buffer = p.buffer();
        assertTrue(Checksum.isIpv4HeaderValid(buffer, parsed.l3Offset(), 20), "outer IPv4 header checksum");
        assertTrue(Checksum.isTransportIpv4Valid(buffer, parsed.l3Offset(), parsed.l4Offset(), parsed.l4Length(), 1),
            "ICMP checksum");
        final int inner = parsed.innerL3Offset();
        assertTrue(Checksum.isIpv4HeaderValid(buffer, inner, 20), "embedded IPv4 header checksum");
        final int innerProto = parsed.innerProtocol();
        assertTrue(Checksum.isTransportIpv4Valid(buffer, inner, parsed.innerL4Offset(), parsed.innerL4Available(),
            innerProto), "embedded transport checksum (quirk 1 fixed)");
    }

    private static int innerSrc(final Packet p)
    {
        return p.buffer().getInt(p.parsed().innerL3Offset() + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET);
    }

    private static int innerDst(final Packet p)
    {
        return p.buffer().getInt(p.parsed().innerL3Offset() + Ipv4Descriptor.DST_ADDRESS_OFFSET, NET);
    }

    private static int innerWord(final Packet p, final int offset)
    {
        return p.buffer().getShort(p.parsed().innerL4Offset() + offset, NET) & 0xFFFF;
    }

    @Test
    void shouldRestoreMasqueradedUdpFlow()
    {
        masquerade(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443));
        // b's side reports port unreachable about 1.1.1.0:1 -> 20.0.0.9:443.
        final Packet p = error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(3, 3,
            new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(1, 443)), B);
        assertFalse(p.meta().isDone(), () -> "dropped " + p.meta().dropReason());
        assertEquals(A, p.meta().dstVni());
        assertEquals("10.0.0.5", text(p.dstIpv4()));
        assertEquals("20.0.0.1", text(p.srcIpv4()), "outer source unchanged");
        assertEquals("10.0.0.5", text(innerSrc(p)));
        assertEquals(9998, innerWord(p, TcpDescriptor.SRC_PORT_OFFSET));
        assertEquals("20.0.0.9", text(innerDst(p)));
        assertEquals(443, innerWord(p, TcpDescriptor.DST_PORT_OFFSET));
        assertFalse(p.meta().hasFlags(PacketMeta.NATTED));
        assertErrorChecksumsValid(p);
        assertEquals(1, stage.translated());
    }

    @Test
    void shouldRestoreMasqueradedTcpFlowBothDirections()
    {
        masquerade(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(4000, 80).flags(TcpDescriptor.SYN));
        final Packet p = error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(11, 0,
            new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").tcp(1, 80).flags(TcpDescriptor.SYN)), B);
        assertFalse(p.meta().isDone(), () -> "dropped " + p.meta().dropReason());
        assertEquals("10.0.0.5", text(p.dstIpv4()));
        assertEquals("10.0.0.5", text(innerSrc(p)));
        assertEquals(4000, innerWord(p, TcpDescriptor.SRC_PORT_OFFSET));
        assertErrorChecksumsValid(p);
        // a's side reports an error about the restored reply 20.0.0.9:80 -> 10.0.0.5:4000: b must see it about
        // 20.0.0.9:80 -> 1.1.1.0:1, sent to 20.0.0.9.
        final Packet q = error(new PacketBuilder().ipv4("10.0.0.1", "20.0.0.9").icmpError(3, 1,
            new PacketBuilder().ipv4("20.0.0.9", "10.0.0.5").tcp(80, 4000)), A);
        assertFalse(q.meta().isDone(), () -> "dropped " + q.meta().dropReason());
        assertEquals(B, q.meta().dstVni());
        assertEquals("20.0.0.9", text(q.dstIpv4()));
        assertEquals("1.1.1.0", text(innerDst(q)));
        assertEquals(1, innerWord(q, TcpDescriptor.DST_PORT_OFFSET));
        assertEquals("20.0.0.9", text(innerSrc(q)));
        assertErrorChecksumsValid(q);
    }

    @Test
    void shouldRestoreEchoIdentifierInsideError()
    {
        masquerade(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").icmpEchoRequest(77, 1));
        final Packet p = error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(11, 0,
            new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").icmpEchoRequest(0, 1)), B);
        assertFalse(p.meta().isDone(), () -> "dropped " + p.meta().dropReason());
        assertEquals("10.0.0.5", text(p.dstIpv4()));
        assertEquals("10.0.0.5", text(innerSrc(p)));
        assertEquals(77, innerWord(p, Icmp4Descriptor.IDENTIFIER_OFFSET));
        assertErrorChecksumsValid(p);
    }

    @Test
    void shouldTranslatePortForwardedFlowBothDirections()
    {
        final PortForwardTables tables = PortForwardStageTest.alone(PortForwardStageTest.overlay(
            PortForwardStageTest.forward(L4Protocol.TCP)));
        final PortForwardStage pf = new PortForwardStage(table, null, FlowInfoAccess.OPTIMISTIC);
        final PacketBatch syn = NatTestSupport.single(new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2")
            .tcp(40000, 83).flags(TcpDescriptor.SYN), C, P, PacketMeta.REQ_PORT_FORWARDING);
        pf.process(syn, new FlowInfo[1], tables, 0);
        assertFalse(syn.packet(0).meta().isDone());
        // The private side reports an error about the forwarded SYN 10.13.0.7:40000 -> 10.50.0.2:8083.
        final Packet toClient = error(new PacketBuilder().ipv4("10.50.0.1", "10.13.0.7").icmpError(3, 1,
            new PacketBuilder().ipv4("10.13.0.7", "10.50.0.2").tcp(40000, 8083).flags(TcpDescriptor.SYN)), P);
        assertFalse(toClient.meta().isDone(), () -> "dropped " + toClient.meta().dropReason());
        assertEquals(C, toClient.meta().dstVni());
        assertEquals("198.51.100.2", text(toClient.srcIpv4()), "outer source: the public address");
        assertEquals("10.13.0.7", text(toClient.dstIpv4()));
        assertEquals("198.51.100.2", text(innerDst(toClient)));
        assertEquals(83, innerWord(toClient, TcpDescriptor.DST_PORT_OFFSET));
        assertErrorChecksumsValid(toClient);
        // The client side reports an error about a reply 198.51.100.2:83 -> 10.13.0.7:40000.
        final Packet toServer = error(new PacketBuilder().ipv4("10.13.0.1", "198.51.100.2").icmpError(3, 1,
            new PacketBuilder().ipv4("198.51.100.2", "10.13.0.7").tcp(83, 40000)), C);
        assertFalse(toServer.meta().isDone(), () -> "dropped " + toServer.meta().dropReason());
        assertEquals(P, toServer.meta().dstVni());
        assertEquals("10.50.0.2", text(toServer.dstIpv4()));
        assertEquals("10.50.0.2", text(innerSrc(toServer)));
        assertEquals(8083, innerWord(toServer, TcpDescriptor.SRC_PORT_OFFSET));
        assertErrorChecksumsValid(toServer);
        // Once the other direction is gone, the error is filtered.
        table.lookup(new MutableFlowKey().ipv4Ports(C, ip("10.13.0.7"), ip("198.51.100.2"), 6, 40000, 83))
            .invalidate();
        final Packet late = error(new PacketBuilder().ipv4("10.50.0.1", "10.13.0.7").icmpError(3, 1,
            new PacketBuilder().ipv4("10.13.0.7", "10.50.0.2").tcp(40000, 8083)), P);
        assertEquals(DropReason.FILTERED, late.meta().dropReason());
    }

    @Test
    void shouldDropEachFailureWithOneReason()
    {
        masquerade(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443));
        final PacketBuilder offending = new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(1, 443);
        assertEquals(DropReason.INVALID_CHECKSUM, error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0")
            .icmpError(3, 3, offending).badL4Checksum(true), B).meta().dropReason(), "ICMP checksum");
        assertEquals(DropReason.INVALID_CHECKSUM, error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0")
            .icmpError(3, 3, new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(1, 443).badIpChecksum(true)), B)
            .meta().dropReason(), "embedded IPv4 header checksum");
        assertEquals(DropReason.FILTERED, error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0")
            .icmpError(3, 3, new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(2, 443)), B).meta().dropReason(),
            "no flow");
        assertEquals(DropReason.UNROUTABLE, error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0")
            .icmpError(3, 3, offending), 0).meta().dropReason());
        assertEquals(DropReason.ICMP_ERROR_INCOMPLETE, error(new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0")
            .icmpError(3, 3, new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").icmp(13, 0)), B).meta().dropReason(),
            "embedded packet that cannot be keyed");

        // A short embedded packet: the parser reports it; the handler gives the same reason after the checksum.
        final PacketBatch batch = new PacketBatch(1);
        final Packet shortError = batch.claim();
        new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(3, 3, offending).embeddedLength(24)
            .writeTo(shortError);
        assertEquals(ParseStatus.ICMP_ERROR_INCOMPLETE.code(), NatTestSupport.PARSER.parse(shortError));
        shortError.meta().srcVni(B).setFlags(PacketMeta.IS_OVERLAY);
        stage.process(batch, 0);
        assertEquals(DropReason.ICMP_ERROR_INCOMPLETE, shortError.meta().dropReason());
        assertEquals(0, stage.translated());
    }

    @Test
    void shouldSkipPacketsOutsideItsScope()
    {
        masquerade(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443));
        final PacketBuilder frame = new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(3, 3,
            new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(1, 443));
        final int[][] cases = {
            {0, 0}, // not overlay
            {PacketMeta.IS_OVERLAY | PacketMeta.REQ_STATELESS_NAT, 0}, // static NAT's
            {PacketMeta.IS_OVERLAY, A}, // destination already known
        };
        for (final int[] c : cases)
        {
            final PacketBatch b = NatTestSupport.single(frame, B, c[1], c[0]);
            stage.process(b, 0);
            assertNull(b.packet(0).meta().dropReason());
            assertEquals("1.1.1.0", text(b.packet(0).dstIpv4()));
        }
        final PacketBatch notError = NatTestSupport.single(new PacketBuilder().ipv4("20.0.0.9", "1.1.1.0")
            .udp(443, 1), B, 0, PacketMeta.IS_OVERLAY);
        stage.process(notError, 0);
        assertNull(notError.packet(0).meta().dropReason());
        assertEquals(0, stage.translated());
    }

    @Test
    void shouldTranslateAndDropWithoutAllocating()
    {
        masquerade(new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443));
        final int burst = 16;
        final int slot = 256;
        final UnsafeBuffer templates = new UnsafeBuffer(new byte[burst * slot]);
        final int[] lengths = new int[burst];
        for (int i = 0; i < burst; i++)
        {
            final PacketBuilder offending = new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(i % 2 == 0 ? 1 : 2,
                443);
            lengths[i] = new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(3, 3, offending)
                .writeTo(templates, i * slot);
        }
        final PacketBatch batch = new PacketBatch(burst);
        SteadyStateAllocation.assertNone("ICMP errors translated and dropped", 40_000, 2_000,
            round -> burst(batch, templates, lengths));
        assertNull(batch.packet(0).meta().dropReason());
        assertEquals("10.0.0.5", text(batch.packet(0).dstIpv4()));
        assertEquals(DropReason.FILTERED, batch.packet(1).meta().dropReason());
    }

    private void burst(final PacketBatch batch, final UnsafeBuffer templates, final int[] lengths)
    {
        batch.reset();
        for (int i = 0; i < lengths.length; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(templates, i * 256, lengths[i]);
            NatTestSupport.PARSER.parse(p);
            p.meta().srcVni(B).setFlags(PacketMeta.IS_OVERLAY);
        }
        stage.process(batch, 0);
    }
}
