// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static dev.flowgate.nat.NatTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

class MasqueradeStageTest
{
    static final int A = 100;
    static final int B = 200;
    static final long MS = 1_000_000L;

    private FlowTable table;
    private FlowTimerWheel wheel;
    private MasqueradeAllocator allocator;
    private MasqueradeStage stage;
    private final MutableFlowKey key = new MutableFlowKey();

    static Overlay overlay(final Expose aExpose)
    {
        return Overlay.builder().vpc("a", "AAAAA", A).vpc("b", "BBBBB", B)
            .peering("a-b", Manifest.of("a", aExpose), Manifest.of("b", Expose.of("20.0.0.0/24", "fd20::/64")))
            .build();
    }

    static Expose masq(final String... pool)
    {
        return Expose.builder().ips("10.0.0.0/24").masquerade(pool).build();
    }

    @BeforeEach
    void setUp()
    {
        table = FlowTable.create(FlowTableKind.LOCK_FREE, 4096);
        wheel = new FlowTimerWheel(table, MS, 1024, 0);
        allocator = MasqueradeAllocator.deterministic();
        stage = new MasqueradeStage(table, wheel, FlowInfoAccess.SINGLE_LOCK, 0);
    }

    private Packet run(final MasqueradeTables tables, final PacketBuilder frame, final int src, final int dst,
        final FlowInfo flow, final long now)
    {
        final PacketBatch batch = NatTestSupport.single(frame, src, dst, PacketMeta.REQ_STATEFUL_NAT);
        stage.process(batch, new FlowInfo[] {flow}, tables, now);
        return batch.packet(0);
    }

    @Test
    void shouldCreateSessionPairAndRestoreReply()
    {
        final MasqueradeTables tables = MasqueradeTables.build(overlay(masq("1.1.1.0/30")), allocator);
        final Packet out = run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443), A, B, null, 0);
        assertFalse(out.meta().isDone());
        assertTrue(out.meta().hasFlags(PacketMeta.NATTED));
        assertEquals("1.1.1.0", text(out.srcIpv4()), "lowest pool address first");
        assertEquals(1, out.srcPort(), "deterministic blocks: port 0 never, then 1");
        assertEquals("20.0.0.9", text(out.dstIpv4()));
        assertEquals(443, out.dstPort());
        StaticNatStageTest.assertChecksumsValid(out);
        assertEquals(2, table.size());
        final FlowInfo forward = table.lookup(key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 17, 9998, 443));
        assertNotNull(forward);
        assertEquals(B, forward.lockedState().dstVni());
        assertTrue(forward.lockedState().natState() instanceof MasqueradeState);
        final FlowInfo reverse = table.lookup(key.ipv4Ports(B, ip("20.0.0.9"), ip("1.1.1.0"), 17, 443, 1));
        assertNotNull(reverse);
        assertTrue(reverse == forward.related());
        assertEquals(A, reverse.lockedState().dstVni());
        assertEquals(120_000 * MS, forward.expiresAt(), "default idle timeout");

        final Packet reply = run(tables, new PacketBuilder().ipv4("20.0.0.9", "1.1.1.0").udp(443, 1), B, A,
            reverse, 5 * MS);
        assertFalse(reply.meta().isDone());
        assertEquals("20.0.0.9", text(reply.srcIpv4()));
        assertEquals("10.0.0.5", text(reply.dstIpv4()));
        assertEquals(9998, reply.dstPort());
        StaticNatStageTest.assertChecksumsValid(reply);
        assertEquals(1, stage.created());
        assertEquals(1, stage.established());
        assertEquals(120_005 * MS, forward.expiresAt(), "both directions refreshed (quirk 8 fixed)");
    }

    @Test
    void shouldUseEstablishedSessionWithoutAllocating()
    {
        final MasqueradeTables tables = MasqueradeTables.build(overlay(masq("1.1.1.0/30")), allocator);
        final PacketBuilder f = new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(4000, 80);
        run(tables, f, A, B, null, 0);
        final FlowInfo forward = table.lookup(key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 6, 4000, 80));
        final Packet second = run(tables, f, A, B, forward, MS);
        assertEquals("1.1.1.0", text(second.srcIpv4()));
        assertEquals(1, second.srcPort());
        assertEquals(1, stage.created());
        // A second connection gets the next port of the same block.
        final Packet other = run(tables, new PacketBuilder().ipv4("10.0.0.6", "20.0.0.9").tcp(4000, 80), A, B, null,
            MS);
        assertEquals("1.1.1.0", text(other.srcIpv4()));
        assertEquals(2, other.srcPort());
    }

    @Test
    void shouldTranslateIcmpEchoIdentifiersBothFamilies()
    {
        final MasqueradeTables tables = MasqueradeTables.build(overlay(Expose.builder().ips("10.0.0.0/24", "fd10::/64")
            .masquerade("1.1.1.0/30").build()), allocator);
        final Packet echo = run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").icmpEchoRequest(77, 1), A, B,
            null, 0);
        assertFalse(echo.meta().isDone());
        assertEquals("1.1.1.0", text(echo.srcIpv4()));
        assertEquals(0, echo.icmpIdentifier(), "identifier 0 is allowed for ICMP");
        final FlowInfo reverse = table.lookup(key.icmpQuery(B, false, 0, ip("20.0.0.9") & 0xFFFF_FFFFL, 0,
            ip("1.1.1.0") & 0xFFFF_FFFFL, 0));
        assertNotNull(reverse);
        final Packet reply = run(tables, new PacketBuilder().ipv4("20.0.0.9", "1.1.1.0").icmpEchoReply(0, 1), B, A,
            reverse, MS);
        assertEquals(77, reply.icmpIdentifier());
        assertEquals("10.0.0.5", text(reply.dstIpv4()));
        StaticNatStageTest.assertChecksumsValid(reply);
        // IPv6: a separate family pool is needed; here the expose mixes families, so use an IPv6-only one.
        final MasqueradeAllocator alloc6 = MasqueradeAllocator.deterministic();
        final MasqueradeTables t6 = MasqueradeTables.build(overlay(Expose.builder().ips("fd10::/64")
            .masquerade("2001:db8::/126").build()), alloc6);
        final Packet echo6 = run(t6, new PacketBuilder().ipv6("fd10::5", "fd20::9").icmpEchoRequest(99, 1), A, B,
            null, 0);
        assertFalse(echo6.meta().isDone(), () -> "ICMPv6 masquerade works (quirk 6 fixed): " +
            echo6.meta().dropReason());
        assertEquals(IpAddresses.ipv6Lo("2001:db8::"), echo6.srcIpv6Lo());
        StaticNatStageTest.assertChecksumsValid(echo6);
    }

    @Test
    void shouldDropLatePathAsFilteredWhenNoSourcePool()
    {
        // b -> a's public pool address without a flow: flagged for masquerade only because of the destination.
        final MasqueradeTables tables = MasqueradeTables.build(overlay(masq("1.1.1.0/30")), allocator);
        final Packet p = run(tables, new PacketBuilder().ipv4("20.0.0.9", "1.1.1.0").tcp(80, 1).flags(0x02), B, A,
            null, 0);
        assertEquals(DropReason.FILTERED, p.meta().dropReason());
        assertEquals(0, table.size());
        assertEquals(0, allocator.addressesInUse());
    }

    @Test
    void shouldMapEveryFailureToExactlyOneReason()
    {
        final MasqueradeTables tables = MasqueradeTables.build(overlay(masq("1.1.1.0/30")), allocator);
        final PacketBuilder tcp = new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(1, 2);
        assertEquals(DropReason.UNROUTABLE, run(tables, tcp, 0, B, null, 0).meta().dropReason());
        assertEquals(DropReason.UNROUTABLE, run(tables, tcp, A, 0, null, 0).meta().dropReason());
        assertEquals(DropReason.NAT_FAILURE, run(null, tcp, A, B, null, 0).meta().dropReason(), "no allocator");
        assertEquals(DropReason.NAT_FAILURE, run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9")
            .icmp(13, 0), A, B, null, 0).meta().dropReason(), "unsupported ICMP category");
        assertEquals(DropReason.FILTERED, run(tables, new PacketBuilder().ipv4("10.9.0.5", "20.0.0.9").tcp(1, 2), A, B,
            null, 0).meta().dropReason(), "no source pool");
        assertEquals(0, table.size());
    }

    @Test
    void shouldExhaustPoolAndRecoverAfterExpiry()
    {
        // Port forwarding reserves 1.1.1.0 ports 1-65279 (quirk 4 fixed: public side): 256 TCP ports remain.
        final Expose pf = Expose.builder().ips("10.0.0.200/32:1-65279").portForward(L4Protocol.TCP,
            "1.1.1.0/32:1-65279").build();
        final Overlay overlay = Overlay.builder().vpc("a", "AAAAA", A).vpc("b", "BBBBB", B)
            .peering("a-b", Manifest.of("a", masq("1.1.1.0/32"), pf), Manifest.of("b", Expose.of("20.0.0.0/24")))
            .build();
        final MasqueradeTables tables = MasqueradeTables.build(overlay, allocator);
        int ok = 0;
        DropReason last = null;
        for (int i = 0; i < 300; i++)
        {
            final Packet p = run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(10_000 + i, 80), A, B,
                null, 0);
            if (p.meta().isDone())
            {
                last = p.meta().dropReason();
            }
            else
            {
                assertTrue(p.srcPort() >= 65280, "reserved port handed out: " + p.srcPort());
                ok++;
            }
        }
        assertEquals(256, ok);
        assertEquals(DropReason.NAT_OUT_OF_RESOURCES, last);
        assertEquals(2 * 256, table.size(), "no half-created state");
        // Idle timeout passes: the wheel reaps every flow, the allocator reclaims the ports.
        wheel.expire(200_000 * MS, Integer.MAX_VALUE);
        assertEquals(0, table.size());
        final Packet again = run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(5, 80), A, B, null,
            200_001 * MS);
        assertFalse(again.meta().isDone(), () -> String.valueOf(again.meta().dropReason()));
        assertEquals(MasqueradeAllocator.RECLAIM_PER_ALLOCATION, allocator.released(), "reclaimed lazily");
        allocator.reclaim(Integer.MAX_VALUE);
        assertEquals(256, allocator.released());
        assertEquals(1, allocator.sessions());
    }

    @Test
    void shouldNotHandOutAPortTwiceAfterReconfiguration()
    {
        final MasqueradeTables first = MasqueradeTables.build(overlay(masq("1.1.1.0/30")), allocator);
        final Packet p1 = run(first, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(1000, 80), A, B, null, 0);
        // Another configuration (a peering without NAT added): the reference rebuilds the allocator (quirk 7).
        final Overlay changed = Overlay.builder().vpc("a", "AAAAA", A).vpc("b", "BBBBB", B).vpc("c", "CCCCC", 300)
            .peering("a-b", Manifest.of("a", masq("1.1.1.0/30")),
                Manifest.of("b", Expose.of("20.0.0.0/24", "fd20::/64")))
            .peering("b-c", Manifest.of("b", Expose.of("20.0.0.0/24")), Manifest.of("c", Expose.of("30.0.0.0/24")))
            .build();
        final MasqueradeTables second = MasqueradeTables.build(changed, allocator);
        final Packet p2 = run(second, new PacketBuilder().ipv4("10.0.0.6", "20.0.0.9").tcp(1000, 80), A, B, null, 0);
        assertEquals(p1.srcIpv4(), p2.srcIpv4());
        assertNotEquals(p1.srcPort(), p2.srcPort());
    }

    @Test
    void shouldReallocateAfterSessionInvalidated()
    {
        final MasqueradeTables tables = MasqueradeTables.build(overlay(masq("1.1.1.0/30")), allocator);
        run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(1000, 80), A, B, null, 0);
        final FlowInfo forward = table.lookup(key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 6, 1000, 80));
        forward.invalidatePair();
        final Packet p = run(tables, new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").tcp(1000, 80), A, B, forward, 0);
        assertEquals(1, p.srcPort(), "the dead session's port was reclaimed and is the lowest again");
        assertEquals(1, allocator.released());
    }
}
