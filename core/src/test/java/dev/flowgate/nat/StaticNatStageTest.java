// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static dev.flowgate.nat.NatTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.lpm.PrefixWithOptionalPorts;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

class StaticNatStageTest
{
    static final int VNI_A = 100;
    static final int VNI_B = 200;

    /** Expose E1 of the worked example S1 (docs/spec/nat.md section 1.4). */
    static Expose exposeE1()
    {
        return Expose.builder().ips("1.1.0.0/16", "1.2.0.0/23", "1.2.3.0/24")
            .not("1.1.5.0/24", "1.1.3.0/24", "1.1.1.0/24")
            .staticNat("2.1.0.0/16", "2.2.0.0/24").notAs("2.1.8.0/24").build();
    }

    static Overlay overlay(final Expose aExpose, final Expose bExpose)
    {
        return Overlay.builder().vpc("a", "AAAAA", VNI_A).vpc("b", "BBBBB", VNI_B)
            .peering("a-b", Manifest.of("a", aExpose), Manifest.of("b", bExpose)).build();
    }

    private static List<PrefixWithOptionalPorts> list(final String... texts)
    {
        return java.util.Arrays.stream(texts).map(PrefixWithOptionalPorts::parse).toList();
    }

    @Test
    void shouldMapWorkedExampleS1()
    {
        final StaticNatTables tables = StaticNatTables.build(overlay(exposeE1(), Expose.of("3.0.0.0/24")));
        final int[] r = tables.translateSource4(VNI_A, VNI_B, ip("1.2.3.4"), 40000);
        assertEquals("2.2.0.4", text(r[0]));
        assertEquals(-1, r[1], "static NAT without port ranges keeps the port");
        // The reply direction: B's dst_nat maps A's public address back.
        final int[] back = tables.translateDestination4(VNI_B, ip("2.2.0.4"), 80);
        assertEquals("1.2.3.4", text(back[0]));
        assertNull(tables.translateSource4(VNI_A, VNI_B, ip("1.1.1.7"), 1), "excluded address is not mapped");
    }

    @Test
    void shouldAdvanceInsidePortRangesLikeTheReferenceHelper()
    {
        // (1.1.1.1, 4800) + 6400 in [4000,4999] -> (1.1.1.8, 4200): element 8200 of the target.
        final List<PrefixWithOptionalPorts> orig = list("10.0.0.0/24:1-1000");
        final StaticNatMapping m = new StaticNatMapping(orig, list("1.1.1.0/24:4000-4999"));
        final NatResult out = new NatResult();
        assertTrue(StaticNatMapping.map4(m, 0, orig.get(0), ip("10.0.0.8"), 201, out));
        assertEquals("1.1.1.8", text(out.ipv4));
        assertEquals(4200, out.port);
        // (1.0.0.0, 4200) + 15428 in [4000,4999] -> (1.0.0.15, 4628).
        final List<PrefixWithOptionalPorts> orig2 = list("10.0.0.0/27:0-999");
        final StaticNatMapping m2 = new StaticNatMapping(orig2, list("1.0.0.0/27:4000-4999"));
        assertTrue(StaticNatMapping.map4(m2, 0, orig2.get(0), ip("10.0.0.15"), 628, out));
        assertEquals("1.0.0.15", text(out.ipv4));
        assertEquals(4628, out.port);
    }

    @Test
    void shouldWalkTargetsInSetOrderAcrossPortRanges()
    {
        // Original Q/31 ports 1-200 (400 elements); targets P/31 1-100 then 9.0.0.0/31 101-200: flat list.
        final List<PrefixWithOptionalPorts> orig = list("10.0.0.0/31:1-200");
        final StaticNatMapping m = new StaticNatMapping(orig, list("9.0.0.0/31:101-200", "8.0.0.0/31:1-100"));
        final NatResult out = new NatResult();
        // Set order puts 8.0.0.0/31 first. Index 200 = (10.0.0.1, 1) -> first element of 9.0.0.0/31 -> (9.0.0.0, 101)
        assertTrue(StaticNatMapping.map4(m, 0, orig.get(0), ip("10.0.0.1"), 1, out));
        assertEquals("9.0.0.0", text(out.ipv4));
        assertEquals(101, out.port);
        assertTrue(StaticNatMapping.map4(m, 0, orig.get(0), ip("10.0.0.0"), 101, out));
        assertEquals("8.0.0.1", text(out.ipv4));
        assertEquals(1, out.port);
    }

    @Test
    void shouldRejectTargetListedWithAdjacentPortRanges()
    {
        final NatConfigException e = assertThrows(NatConfigException.class,
            () -> new StaticNatMapping(list("10.0.0.0/31:1-200"), list("9.0.0.0/31:1-100", "9.0.0.0/31:101-200")));
        assertTrue(e.getMessage().contains("adjacent"), e.getMessage());
    }

    @Test
    void shouldRejectDifferentSizes()
    {
        assertThrows(NatConfigException.class,
            () -> new StaticNatMapping(list("10.0.0.0/24"), list("9.0.0.0/25")));
    }

    @Test
    void shouldTranslateBothDirectionsOfATcpPacket()
    {
        final StaticNatTables tables = StaticNatTables.build(overlay(exposeE1(),
            Expose.builder().ips("192.168.0.0/24").staticNat("3.3.3.0/24").build()));
        final StaticNatStage stage = new StaticNatStage();
        final PacketBatch out = NatTestSupport.single(new PacketBuilder().ipv4("1.2.3.4", "3.3.3.9").tcp(40000, 443),
            VNI_A, VNI_B, PacketMeta.REQ_STATELESS_NAT);
        stage.process(out, tables, 0);
        final Packet p = out.packet(0);
        assertFalse(p.meta().isDone());
        assertTrue(p.meta().hasFlags(PacketMeta.NATTED));
        assertEquals("2.2.0.4", text(p.srcIpv4()));
        assertEquals("192.168.0.9", text(p.dstIpv4()));
        assertChecksumsValid(p);
        // Reply from 192.168.0.9 to 2.2.0.4 in B's tables.
        final PacketBatch reply = NatTestSupport.single(
            new PacketBuilder().ipv4("192.168.0.9", "2.2.0.4").tcp(443, 40000), VNI_B, VNI_A,
            PacketMeta.REQ_STATELESS_NAT);
        stage.process(reply, tables, 0);
        assertEquals("3.3.3.9", text(reply.packet(0).srcIpv4()));
        assertEquals("1.2.3.4", text(reply.packet(0).dstIpv4()));
        assertChecksumsValid(reply.packet(0));
    }

    @Test
    void shouldTranslatePortsOfPortRangedStaticNat()
    {
        final Expose a = Expose.builder().ips("10.0.0.0/30:1000-1099").staticNat("5.0.0.0/29:2000-2049").build();
        final StaticNatTables tables = StaticNatTables.build(overlay(a, Expose.of("3.0.0.0/24")));
        final StaticNatStage stage = new StaticNatStage();
        // (10.0.0.1, 1010): index 110 -> address 2 of 5.0.0.0/29, port 2010.
        final PacketBatch b = NatTestSupport.single(new PacketBuilder().ipv4("10.0.0.1", "3.0.0.1").udp(1010, 53),
            VNI_A, VNI_B, PacketMeta.REQ_STATELESS_NAT);
        stage.process(b, tables, 0);
        assertEquals("5.0.0.2", text(b.packet(0).srcIpv4()));
        assertEquals(2010, b.packet(0).srcPort());
        assertChecksumsValid(b.packet(0));
        // A port outside the range: no rule, unchanged, not dropped.
        final PacketBatch c = NatTestSupport.single(new PacketBuilder().ipv4("10.0.0.1", "3.0.0.1").udp(999, 53),
            VNI_A, VNI_B, PacketMeta.REQ_STATELESS_NAT);
        stage.process(c, tables, 0);
        assertFalse(c.packet(0).meta().isDone());
        assertFalse(c.packet(0).meta().hasFlags(PacketMeta.NATTED));
        assertEquals("10.0.0.1", text(c.packet(0).srcIpv4()));
    }

    @Test
    void shouldDropWithoutVniAndSkipUnflagged()
    {
        final StaticNatTables tables = StaticNatTables.build(overlay(exposeE1(), Expose.of("3.0.0.0/24")));
        final StaticNatStage stage = new StaticNatStage();
        final PacketBuilder f = new PacketBuilder().ipv4("1.2.3.4", "3.0.0.1").tcp(1, 2);
        final PacketBatch noDst = NatTestSupport.single(f, VNI_A, 0, PacketMeta.REQ_STATELESS_NAT);
        stage.process(noDst, tables, 0);
        assertEquals(DropReason.UNROUTABLE, noDst.packet(0).meta().dropReason());
        final PacketBatch unknown = NatTestSupport.single(f, 999, VNI_B, PacketMeta.REQ_STATELESS_NAT);
        stage.process(unknown, tables, 0);
        assertEquals(DropReason.UNROUTABLE, unknown.packet(0).meta().dropReason());
        final PacketBatch unflagged = NatTestSupport.single(f, VNI_A, VNI_B, 0);
        stage.process(unflagged, tables, 0);
        assertEquals("1.2.3.4", text(unflagged.packet(0).srcIpv4()));
    }

    @Test
    void shouldTranslateIcmpErrorInnerPacket()
    {
        // B (192.168.0.9, seen by A as 3.3.3.9) had received 2.2.0.4:40000 -> 192.168.0.9:443 and reports an error.
        final StaticNatTables tables = StaticNatTables.build(overlay(exposeE1(),
            Expose.builder().ips("192.168.0.0/24").staticNat("3.3.3.0/24").build()));
        final PacketBuilder offending = new PacketBuilder().ipv4("2.2.0.4", "192.168.0.9").tcp(40000, 443);
        final PacketBuilder error = new PacketBuilder().ipv4("192.168.0.1", "2.2.0.4").icmpError(3, 1, offending);
        final PacketBatch b = NatTestSupport.single(error, VNI_B, VNI_A, PacketMeta.REQ_STATELESS_NAT);
        new StaticNatStage().process(b, tables, 0);
        final Packet p = b.packet(0);
        assertFalse(p.meta().isDone(), () -> String.valueOf(p.meta().dropReason()));
        assertEquals("3.3.3.1", text(p.srcIpv4()));
        assertEquals("1.2.3.4", text(p.dstIpv4()));
        final int inner = p.parsed().innerL3Offset();
        assertEquals("1.2.3.4", text(p.buffer().getInt(inner + 12, java.nio.ByteOrder.BIG_ENDIAN)));
        assertEquals("3.3.3.9", text(p.buffer().getInt(inner + 16, java.nio.ByteOrder.BIG_ENDIAN)));
        assertChecksumsValid(p);
    }

    @Test
    void shouldDropIcmpErrorWithBadChecksumAsFiltered()
    {
        final StaticNatTables tables = StaticNatTables.build(overlay(exposeE1(), Expose.of("3.0.0.0/24")));
        final PacketBuilder offending = new PacketBuilder().ipv4("2.2.0.4", "3.0.0.9").udp(1, 2);
        final PacketBuilder error = new PacketBuilder().ipv4("3.0.0.1", "2.2.0.4").icmpError(3, 1, offending)
            .badL4Checksum(true);
        final PacketBatch b = NatTestSupport.single(error, VNI_B, VNI_A, PacketMeta.REQ_STATELESS_NAT);
        new StaticNatStage().process(b, tables, 0);
        assertEquals(DropReason.FILTERED, b.packet(0).meta().dropReason());
    }

    @Test
    void shouldTranslateIpv6NatType()
    {
        final Expose a = Expose.builder().ips("fd00::/120").staticNat("2001:db8::100/120").build();
        final StaticNatTables tables = StaticNatTables.build(overlay(a, Expose.of("2001:db8:1::/64")));
        final PacketBatch b = NatTestSupport.single(new PacketBuilder().ipv6("fd00::7", "2001:db8:1::1").udp(5, 6),
            VNI_A, VNI_B, PacketMeta.REQ_STATELESS_NAT);
        new StaticNatStage().process(b, tables, 0);
        final Packet p = b.packet(0);
        assertEquals(dev.flowgate.packet.IpAddresses.ipv6Lo("2001:db8::107"), p.srcIpv6Lo());
        assertChecksumsValid(p);
    }

    static void assertChecksumsValid(final Packet p)
    {
        final var parsed = p.parsed();
        if (parsed.ipVersion() == 4)
        {
            assertTrue(Checksum.isIpv4HeaderValid(p.buffer(), parsed.l3Offset(), 20), "IPv4 header checksum");
            assertTrue(Checksum.isTransportIpv4Valid(p.buffer(), parsed.l3Offset(), parsed.l4Offset(),
                parsed.l4Length(), parsed.protocol()), "transport checksum");
        }
        else
        {
            assertTrue(Checksum.isTransportIpv6Valid(p.buffer(), parsed.l3Offset(), parsed.l4Offset(),
                parsed.l4Length(), parsed.protocol()), "transport checksum");
        }
    }
}
