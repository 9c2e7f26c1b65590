// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static dev.flowgate.nat.NatTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.FlowTimerWheel;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.IpAddresses;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

class PortForwardStageTest
{
    /** The clients' VNI (the peer P). */
    static final int C = 100;
    /** The port-forwarding VPC's VNI (V). */
    static final int P = 200;
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;
    static final int SYN = TcpDescriptor.SYN;
    static final int ACK = TcpDescriptor.ACK;
    static final int FIN = TcpDescriptor.FIN;
    static final int RST = TcpDescriptor.RST;

    private FlowTable table;
    private PortForwardStage stage;
    private final MutableFlowKey key = new MutableFlowKey();

    /** 198.51.100.0/30 ports 80-89 forward to 10.50.0.0/30 ports 8080-8089. */
    static Expose forward(final L4Protocol proto)
    {
        return Expose.builder().ips("10.50.0.0/30:8080-8089").portForward(proto, "198.51.100.0/30:80-89").build();
    }

    static Overlay overlay(final Expose... pfExposes)
    {
        return Overlay.builder().vpc("c", "CCCCC", C).vpc("p", "PPPPP", P)
            .peering("c-p", Manifest.of("c", Expose.of("10.13.0.0/16", "fd13::/64")), Manifest.of("p", pfExposes))
            .build();
    }

    /** The tables of a configuration that is the only one its stage sees (mapping ids of its own). */
    static PortForwardTables alone(final Overlay overlay)
    {
        return PortForwardTables.build(overlay, new PortForwardMappings());
    }

    @BeforeEach
    void setUp()
    {
        table = FlowTable.create(FlowTableKind.LOCK_FREE, 4096);
        stage = new PortForwardStage(table, new FlowTimerWheel(table, MS, 1024, 0), FlowInfoAccess.SINGLE_LOCK);
    }

    private Packet run(final PortForwardTables tables, final PacketBuilder frame, final int src, final int dst,
        final FlowInfo flow, final long now)
    {
        final PacketBatch batch = NatTestSupport.single(frame, src, dst, PacketMeta.REQ_PORT_FORWARDING);
        stage.process(batch, new FlowInfo[] {flow}, tables, now);
        return batch.packet(0);
    }

    private static PacketBuilder client(final int flags)
    {
        return new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2").tcp(40000, 83).flags(flags);
    }

    private static PacketBuilder server(final int flags)
    {
        return new PacketBuilder().ipv4("10.50.0.2", "10.13.0.7").tcp(8083, 40000).flags(flags);
    }

    private FlowInfo forwardFlow()
    {
        return table.lookup(key.ipv4Ports(C, ip("10.13.0.7"), ip("198.51.100.2"), 6, 40000, 83));
    }

    private static int status(final FlowInfo flow)
    {
        return ((PortForwardState) flow.lockedState().portFwState()).status();
    }

    @Test
    void shouldOpenOnSynAndRewriteReplyBack()
    {
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.TCP)));
        assertEquals(1, tables.size());
        final Packet syn = run(tables, client(SYN), C, P, null, 0);
        assertFalse(syn.meta().isDone(), () -> "dropped " + syn.meta().dropReason());
        assertEquals("10.50.0.2", text(syn.dstIpv4()), "same host bits");
        assertEquals(8083, syn.dstPort(), "same port offset");
        assertEquals("10.13.0.7", text(syn.srcIpv4()));
        assertFalse(syn.meta().hasFlags(PacketMeta.NATTED), "NATTED not set, as upstream");
        StaticNatStageTest.assertChecksumsValid(syn);
        assertEquals(2, table.size());
        final FlowInfo fwd = forwardFlow();
        assertNotNull(fwd);
        final FlowInfo rev = table.lookup(key.ipv4Ports(P, ip("10.50.0.2"), ip("10.13.0.7"), 6, 8083, 40000));
        assertSame(fwd.related(), rev);
        assertEquals(P, fwd.lockedState().dstVni());
        assertEquals(C, rev.lockedState().dstVni());
        assertNull(fwd.lockedState().natState());
        assertEquals(PortForwardSession.ONE_WAY, status(fwd));
        assertEquals(10 * S, fwd.expiresAt(), "initial timeout");

        final Packet synAck = run(tables, server(SYN | ACK), P, C, rev, S);
        assertFalse(synAck.meta().isDone());
        assertEquals("198.51.100.2", text(synAck.srcIpv4()));
        assertEquals(83, synAck.srcPort());
        assertEquals("10.13.0.7", text(synAck.dstIpv4()));
        StaticNatStageTest.assertChecksumsValid(synAck);
        assertEquals(PortForwardSession.TWO_WAY, status(rev));
        assertEquals(11 * S, fwd.expiresAt(), "both directions extended (quirk 8 fixed)");

        final Packet ack = run(tables, client(ACK), C, P, fwd, 2 * S);
        assertFalse(ack.meta().isDone());
        assertEquals(PortForwardSession.ESTABLISHED, status(fwd));
        assertEquals(2 * S + Duration.ofMinutes(30).toNanos(), fwd.expiresAt(), "TCP established timeout");
        assertEquals(2 * S + Duration.ofMinutes(30).toNanos(), rev.expiresAt());
        assertEquals(1, stage.created());
        assertEquals(2, stage.forwarded());
    }

    @Test
    void shouldDropNonSynWithoutStateAndOtherNewConnectionFailures()
    {
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.TCP)));
        assertEquals(DropReason.FILTERED, run(tables, client(ACK), C, P, null, 0).meta().dropReason());
        assertEquals(DropReason.FILTERED, run(tables, client(SYN | ACK), C, P, null, 0).meta().dropReason());
        assertEquals(DropReason.FILTERED, run(tables, client(0), C, P, null, 0).meta().dropReason());
        assertEquals(DropReason.INTERNAL_FAILURE, run(tables, client(SYN), 0, P, null, 0).meta().dropReason());
        assertEquals(DropReason.FILTERED, run(tables, new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2")
            .tcp(40000, 90).flags(SYN), C, P, null, 0).meta().dropReason(), "port outside the range");
        assertEquals(DropReason.FILTERED, run(tables, new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2")
            .udp(40000, 83), C, P, null, 0).meta().dropReason(), "TCP-only rule");
        assertEquals(DropReason.FILTERED, run(tables, new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2")
            .icmpEchoRequest(1, 1), C, P, null, 0).meta().dropReason(), "not TCP/UDP: dropped (quirk 11 kept)");
        assertEquals(DropReason.FILTERED, run(tables, new PacketBuilder().ipv4("10.13.0.7", "224.0.0.1")
            .tcp(40000, 83).flags(SYN), C, P, null, 0).meta().dropReason(), "destination not unicast");
        assertEquals(DropReason.FILTERED, run(null, client(SYN), C, P, null, 0).meta().dropReason(), "no tables");
        assertEquals(0, table.size());
        // Unflagged, ICMP errors and done packets are skipped.
        final PacketBatch unflagged = NatTestSupport.single(client(ACK), C, P, 0);
        stage.process(unflagged, new FlowInfo[1], tables, 0);
        assertFalse(unflagged.packet(0).meta().isDone());
        final PacketBatch error = NatTestSupport.single(new PacketBuilder().ipv4("10.13.0.1", "198.51.100.2")
            .icmpError(3, 1, client(SYN)), C, P, PacketMeta.REQ_PORT_FORWARDING);
        stage.process(error, new FlowInfo[1], tables, 0);
        assertFalse(error.packet(0).meta().isDone());
    }

    @Test
    void shouldDropLatePacketFromForwardedPrivateEndpointWithoutFlow()
    {
        // Without the flow-filter's EARLY check, a packet from 10.50.0.2:8083 (source-side port forwarding) with no
        // flow reaches this stage: TCP non-SYN and UDP alike are filtered here (docs/spec/nat.md section 5.3).
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.ANY)));
        assertEquals(DropReason.FILTERED, run(tables, server(ACK), P, C, null, 0).meta().dropReason());
        assertEquals(DropReason.FILTERED, run(tables, server(SYN), P, C, null, 0).meta().dropReason(),
            "a SYN from the inside finds no rule keyed by the private VPC");
        assertEquals(DropReason.FILTERED, run(tables, new PacketBuilder().ipv4("10.50.0.2", "10.13.0.7")
            .udp(8083, 40000), P, C, null, 0).meta().dropReason());
        assertEquals(0, table.size());
    }

    @Test
    void shouldForwardUdpWithItsTimeouts()
    {
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.ANY)));
        assertEquals(2, tables.size(), "any = one TCP and one UDP rule");
        final PacketBuilder request = new PacketBuilder().ipv4("10.13.0.7", "198.51.100.3").udp(5353, 89);
        final Packet first = run(tables, request, C, P, null, 0);
        assertEquals("10.50.0.3", text(first.dstIpv4()));
        assertEquals(8089, first.dstPort());
        StaticNatStageTest.assertChecksumsValid(first);
        final FlowInfo fwd = table.lookup(key.ipv4Ports(C, ip("10.13.0.7"), ip("198.51.100.3"), 17, 5353, 89));
        final FlowInfo rev = fwd.related();
        final Packet reply = run(tables, new PacketBuilder().ipv4("10.50.0.3", "10.13.0.7").udp(8089, 5353), P, C,
            rev, S);
        assertEquals("198.51.100.3", text(reply.srcIpv4()));
        assertEquals(89, reply.srcPort());
        assertEquals(PortForwardSession.TWO_WAY, status(fwd));
        assertEquals(11 * S, rev.expiresAt());
        run(tables, request, C, P, fwd, 2 * S);
        assertEquals(PortForwardSession.ESTABLISHED, status(fwd));
        assertEquals(32 * S, fwd.expiresAt(), "UDP established timeout 30 s");
        // An expose idle timeout replaces the established default.
        final PortForwardTables custom = alone(overlay(Expose.builder().ips("10.50.0.9/32:53-53")
            .portForward(L4Protocol.UDP, "198.51.100.9/32:53-53").idleTimeout(Duration.ofSeconds(5)).build()));
        final PacketBuilder dns = new PacketBuilder().ipv4("10.13.0.7", "198.51.100.9").udp(999, 53);
        run(custom, dns, C, P, null, 0);
        final FlowInfo dnsFwd = table.lookup(key.ipv4Ports(C, ip("10.13.0.7"), ip("198.51.100.9"), 17, 999, 53));
        run(custom, new PacketBuilder().ipv4("10.50.0.9", "10.13.0.7").udp(53, 999), P, C, dnsFwd.related(), 0);
        run(custom, dns, C, P, dnsFwd, 100 * S);
        assertEquals(105 * S, dnsFwd.expiresAt());
    }

    @Test
    void shouldForwardIpv6()
    {
        final PortForwardTables tables = alone(overlay(Expose.builder().ips("fd50::/126:8080-8089")
            .portForward(L4Protocol.TCP, "2001:db8::/126:80-89").build()));
        final Packet syn = run(tables, new PacketBuilder().ipv6("fd13::7", "2001:db8::3").tcp(1234, 80).flags(SYN),
            C, P, null, 0);
        assertFalse(syn.meta().isDone());
        assertEquals(IpAddresses.ipv6Hi("fd50::3"), syn.dstIpv6Hi());
        assertEquals(IpAddresses.ipv6Lo("fd50::3"), syn.dstIpv6Lo());
        assertEquals(8080, syn.dstPort());
        StaticNatStageTest.assertChecksumsValid(syn);
    }

    @Test
    void shouldFollowStatusMachineTable()
    {
        // {status, forward?1:0, flags, expected} for TCP, docs/spec/nat.md section 3.5 in order (quirk 12 kept).
        final int[][] cases = {
            {PortForwardSession.TWO_WAY, 1, ACK, PortForwardSession.ESTABLISHED},
            {PortForwardSession.TWO_WAY, 1, SYN | ACK, PortForwardSession.TWO_WAY},
            {PortForwardSession.TWO_WAY, 1, ACK | RST, PortForwardSession.ESTABLISHED},
            {PortForwardSession.ESTABLISHED, 1, FIN | ACK, PortForwardSession.C_CLOSING},
            {PortForwardSession.S_CLOSING, 1, ACK, PortForwardSession.S_HALF_CLOSE},
            {PortForwardSession.S_CLOSING, 1, FIN | ACK, PortForwardSession.LAST_ACK},
            {PortForwardSession.S_CLOSING, 1, FIN, PortForwardSession.S_CLOSING},
            {PortForwardSession.S_HALF_CLOSE, 1, FIN, PortForwardSession.LAST_ACK},
            {PortForwardSession.LAST_ACK, 1, ACK, PortForwardSession.CLOSED},
            {PortForwardSession.LAST_ACK, 1, ACK | RST, PortForwardSession.CLOSED},
            {PortForwardSession.ONE_WAY, 1, RST, PortForwardSession.RESET},
            {PortForwardSession.ONE_WAY, 1, SYN, PortForwardSession.ONE_WAY},
            {PortForwardSession.ONE_WAY, 1, SYN | ACK, PortForwardSession.ONE_WAY},
            {PortForwardSession.ONE_WAY, 0, SYN | ACK, PortForwardSession.TWO_WAY},
            {PortForwardSession.ONE_WAY, 0, SYN | ACK | RST, PortForwardSession.TWO_WAY},
            {PortForwardSession.ONE_WAY, 0, SYN, PortForwardSession.ONE_WAY},
            {PortForwardSession.ESTABLISHED, 0, FIN, PortForwardSession.S_CLOSING},
            {PortForwardSession.C_CLOSING, 0, ACK, PortForwardSession.C_HALF_CLOSE},
            {PortForwardSession.C_CLOSING, 0, FIN | ACK, PortForwardSession.LAST_ACK},
            {PortForwardSession.C_HALF_CLOSE, 0, FIN, PortForwardSession.LAST_ACK},
            {PortForwardSession.LAST_ACK, 0, ACK, PortForwardSession.CLOSED},
            {PortForwardSession.ESTABLISHED, 0, RST, PortForwardSession.RESET},
            {PortForwardSession.ESTABLISHED, 0, ACK, PortForwardSession.ESTABLISHED},
            {PortForwardSession.TWO_WAY, 0, ACK, PortForwardSession.TWO_WAY},
            {PortForwardSession.C_CLOSING, 1, ACK, PortForwardSession.C_CLOSING},
        };
        for (final int[] c : cases)
        {
            assertEquals(c[3], PortForwardStage.nextStatus(c[0], c[1] == 1, true, c[2]),
                () -> "status " + c[0] + (c[1] == 1 ? " forward" : " reverse") + " flags 0x" +
                    Integer.toHexString(c[2]));
        }
        // UDP: forward two-way -> established, reverse one-way -> two-way, nothing else moves.
        assertEquals(PortForwardSession.ESTABLISHED, PortForwardStage.nextStatus(PortForwardSession.TWO_WAY, true,
            false, 0));
        assertEquals(PortForwardSession.ONE_WAY, PortForwardStage.nextStatus(PortForwardSession.ONE_WAY, true, false,
            0));
        assertEquals(PortForwardSession.TWO_WAY, PortForwardStage.nextStatus(PortForwardSession.ONE_WAY, false,
            false, 0));
        assertEquals(PortForwardSession.ESTABLISHED, PortForwardStage.nextStatus(PortForwardSession.ESTABLISHED,
            false, false, RST), "flags ignored for UDP");
    }

    @Test
    void shouldInvalidatePairOnResetAndOnClose()
    {
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.TCP)));
        run(tables, client(SYN), C, P, null, 0);
        final FlowInfo fwd = forwardFlow();
        final Packet rst = run(tables, server(RST), P, C, fwd.related(), 0);
        assertFalse(rst.meta().isDone(), "the reset itself is forwarded");
        assertEquals("198.51.100.2", text(rst.srcIpv4()));
        assertEquals(FlowInfo.CANCELLED, fwd.status());
        assertEquals(FlowInfo.CANCELLED, fwd.related().status());
        assertNull(forwardFlow());

        // A full close: SYN, SYN+ACK, ACK, FIN (client), ACK, FIN (server), ACK.
        run(tables, client(SYN), C, P, null, 0);
        final FlowInfo f = forwardFlow();
        final FlowInfo r = f.related();
        run(tables, server(SYN | ACK), P, C, r, 0);
        run(tables, client(ACK), C, P, f, 0);
        run(tables, client(FIN | ACK), C, P, f, 0);
        assertEquals(PortForwardSession.C_CLOSING, status(f));
        run(tables, server(ACK), P, C, r, 0);
        assertEquals(PortForwardSession.C_HALF_CLOSE, status(f));
        run(tables, server(FIN | ACK), P, C, r, 0);
        assertEquals(PortForwardSession.LAST_ACK, status(f));
        assertEquals(FlowInfo.ACTIVE, f.status());
        final Packet last = run(tables, client(ACK), C, P, f, 0);
        assertFalse(last.meta().isDone());
        assertEquals(PortForwardSession.CLOSED, status(f));
        assertEquals(FlowInfo.CANCELLED, f.status());
        assertEquals(FlowInfo.CANCELLED, r.status());
    }

    @Test
    void shouldKeepEstablishedDeadlineWhenClosing()
    {
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.TCP)));
        run(tables, client(SYN), C, P, null, 0);
        final FlowInfo f = forwardFlow();
        run(tables, server(SYN | ACK), P, C, f.related(), 0);
        run(tables, client(ACK), C, P, f, 0);
        final long established = f.expiresAt();
        run(tables, client(FIN | ACK), C, P, f, S);
        assertEquals(established, f.expiresAt(), "the initial timeout would shorten the deadline: ignored");
    }

    @Test
    void shouldRevalidateFlowsAfterConfigurationChange()
    {
        final PortForwardMappings ids = new PortForwardMappings();
        final PortForwardTables v1 = PortForwardTables.build(overlay(forward(L4Protocol.TCP)), ids);
        run(v1, client(SYN), C, P, null, 0);
        final FlowInfo f = forwardFlow();
        run(v1, server(SYN | ACK), P, C, f.related(), 0);

        // Same mapping, new timeout: re-pointed without lookup; the new established timeout applies.
        final PortForwardTables v2 = PortForwardTables.build(overlay(Expose.builder().ips("10.50.0.0/30:8080-8089")
            .portForward(L4Protocol.TCP, "198.51.100.0/30:80-89").idleTimeout(Duration.ofSeconds(60)).build()),
            ids);
        final Packet p2 = run(v2, client(ACK), C, P, f, S);
        assertFalse(p2.meta().isDone());
        assertEquals(1, stage.revalidated());
        assertEquals(61 * S, f.expiresAt());

        // A wider rule that still maps this connection the same way: accepted by docs/spec/nat.md section 3.4 step 1.
        final PortForwardTables v3 = PortForwardTables.build(overlay(Expose.builder().ips("10.50.0.0/29:8080-8089")
            .portForward(L4Protocol.TCP, "198.51.100.0/29:80-89").build()), ids);
        final Packet p3 = run(v3, server(ACK), P, C, f.related(), 2 * S);
        assertFalse(p3.meta().isDone(), () -> "dropped " + p3.meta().dropReason());
        assertEquals("198.51.100.2", text(p3.srcIpv4()));
        assertEquals(2, stage.revalidated());
        final Packet p3b = run(v3, client(ACK), C, P, f, 3 * S);
        assertFalse(p3b.meta().isDone());
        assertEquals(2, stage.revalidated(), "both directions share the re-pointed rule");

        // The public range now goes to other private ports: the connection is dropped and its flows invalidated.
        final PortForwardTables v4 = PortForwardTables.build(overlay(Expose.builder().ips("10.50.0.0/29:9080-9089")
            .portForward(L4Protocol.TCP, "198.51.100.0/29:80-89").build()), ids);
        final Packet p4 = run(v4, client(ACK), C, P, f, 4 * S);
        assertEquals(DropReason.FILTERED, p4.meta().dropReason());
        assertEquals(FlowInfo.CANCELLED, f.status());
        assertEquals(FlowInfo.CANCELLED, f.related().status());
    }

    @Test
    void shouldDropReplyOfVanishedRule()
    {
        final PortForwardMappings ids = new PortForwardMappings();
        final PortForwardTables v1 = PortForwardTables.build(overlay(forward(L4Protocol.TCP)), ids);
        run(v1, client(SYN), C, P, null, 0);
        final FlowInfo f = forwardFlow();
        final PortForwardTables v2 = PortForwardTables.build(overlay(Expose.of("10.50.0.0/30")), ids);
        final Packet reply = run(v2, server(SYN | ACK), P, C, f.related(), 0);
        assertEquals(DropReason.FILTERED, reply.meta().dropReason());
        assertEquals(FlowInfo.CANCELLED, f.status());
    }

    @Test
    void shouldPreferLongestCoveringPrefix()
    {
        // Quirk 11 fixed: the /32 rule wins over the /30 rule that also covers 198.51.100.2:83.
        final Overlay overlay = Overlay.builder().vpc("c", "CCCCC", C).vpc("p", "PPPPP", P).vpc("q", "QQQQQ", 300)
            .peering("c-p", Manifest.of("c", Expose.of("10.13.0.0/16")), Manifest.of("p", forward(L4Protocol.TCP)))
            .peering("c-q", Manifest.of("c", Expose.of("10.14.0.0/16")), Manifest.of("q", Expose.builder()
                .ips("10.70.0.1/32:22-22").portForward(L4Protocol.TCP, "198.51.100.2/32:83-83").build()))
            .build();
        final PortForwardTables tables = alone(overlay);
        final Packet syn = run(tables, client(SYN), C, 300, null, 0);
        assertEquals("10.70.0.1", text(syn.dstIpv4()));
        assertEquals(22, syn.dstPort());
        assertEquals(300, forwardFlow().lockedState().dstVni());
        final Packet other = run(tables, new PacketBuilder().ipv4("10.13.0.7", "198.51.100.1").tcp(40000, 83)
            .flags(SYN), C, P, null, 0);
        assertEquals("10.50.0.1", text(other.dstIpv4()));
    }

    @Test
    void shouldRejectInvalidRulesAndSkipOverlaps()
    {
        assertThrows(NatConfigException.class, () -> alone(overlay(Expose.builder()
            .ips("10.50.0.0/30:8080-8089").portForward(L4Protocol.TCP, "198.51.100.0/29:80-84").build())));
        assertThrows(NatConfigException.class, () -> alone(overlay(Expose.builder()
            .ips("10.50.0.0/30:0-9").portForward(L4Protocol.TCP, "198.51.100.0/30:80-89").build())));
        final Expose second = Expose.builder().ips("10.50.0.8/30:8080-8089").portForward(L4Protocol.TCP,
            "198.51.100.0/30:85-94").build();
        final Overlay overlay = Overlay.builder().vpc("c", "CCCCC", C).vpc("p", "PPPPP", P).vpc("q", "QQQQQ", 300)
            .peering("c-p", Manifest.of("c", Expose.of("10.13.0.0/16")), Manifest.of("p", forward(L4Protocol.TCP)))
            .peering("c-q", Manifest.of("c", Expose.of("10.14.0.0/16")), Manifest.of("q", second))
            .build();
        assertEquals(1, alone(overlay).size(), "the overlapping rule of q is skipped");
    }

    @Test
    void shouldDropWhenFlowTableIsFull()
    {
        table = FlowTable.create(FlowTableKind.LOCK_FREE, 1);
        stage = new PortForwardStage(table, null, FlowInfoAccess.SNAPSHOT);
        table.insert(new FlowInfo(new MutableFlowKey().ipv4Ports(9, 1, 2, 6, 3, 4).toImmutable(), 0,
            FlowInfoAccess.SNAPSHOT));
        final PortForwardTables tables = alone(overlay(forward(L4Protocol.TCP)));
        final Packet syn = run(tables, client(SYN), C, P, null, 0);
        assertEquals(DropReason.FLOW_CAPACITY_EXCEEDED, syn.meta().dropReason());
        assertEquals("198.51.100.2", text(syn.dstIpv4()), "not rewritten");
        assertTrue(stage.created() == 0);
    }
}
