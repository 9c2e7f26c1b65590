// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteOrder;

import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.EthernetDescriptor;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.hdr.UdpDescriptor;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.packet.parse.ParsedPacket;

class PacketBuilderTest
{
    private final PacketParser parser = new PacketParser();
    private final Packet packet = new Packet(2048);

    private ParsedPacket parse(final PacketBuilder builder)
    {
        builder.writeTo(packet);
        packet.meta().reset();
        assertEquals(0, parser.parse(packet), () -> "status " + packet.parsed().status());
        return packet.parsed();
    }

    // The fields are read at the descriptors' offsets, as the parser and rewriter read them: one way to read a header.
    private int u8(final int offset)
    {
        return packet.buffer().getByte(offset) & 0xFF;
    }

    private int u16(final int offset)
    {
        return packet.buffer().getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private int i32(final int offset)
    {
        return packet.buffer().getInt(offset, ByteOrder.BIG_ENDIAN);
    }

    private long i64(final int offset)
    {
        return packet.buffer().getLong(offset, ByteOrder.BIG_ENDIAN);
    }

    private long mac(final int offset)
    {
        return ((long) u16(offset) << 32) | (i32(offset + 2) & 0xFFFF_FFFFL);
    }

    @ParameterizedTest
    @EnumSource(TestStacks.class)
    void shouldBuildValidChecksumsForEveryStack(final TestStacks stack)
    {
        final ParsedPacket parsed = parse(stack.builder());
        assertEquals(stack.l3Offset(), parsed.l3Offset());
        final int l3 = parsed.l3Offset();
        if (stack.ipv4())
        {
            assertTrue(Checksum.isIpv4HeaderValid(packet.buffer(), l3, (u8(l3) & 0xF) * 4));
            assertTrue(Checksum.isTransportIpv4Valid(
                packet.buffer(), l3, parsed.l4Offset(), parsed.l4Length(), parsed.protocol()));
        }
        else
        {
            assertTrue(Checksum.isTransportIpv6Valid(
                packet.buffer(), l3, parsed.l4Offset(), parsed.l4Length(), parsed.protocol()));
        }
        assertEquals(packet.length(), parsed.l4Offset() + parsed.l4Length());
        assertEquals(stack.builder().length(), packet.length());
    }

    @Test
    void shouldReadBothAddressesAndBothPortsInOneWordEach()
    {
        // The flow key's reads: one word for both IPv4 addresses, one for both ports, the same values as the
        // field-wise readers (high bits set, so that no sign extension hides).
        parse(new PacketBuilder().ethernet(1, 2).ipv4("200.1.2.3", "250.4.5.6").tcp(65535, 40000).payloadLength(3));
        assertEquals(((long) packet.srcIpv4() << 32) | (packet.dstIpv4() & 0xFFFF_FFFFL), packet.ipv4Addresses());
        assertEquals(0xC8010203_FA040506L, packet.ipv4Addresses());
        assertEquals((packet.srcPort() << 16) | packet.dstPort(), packet.ports());
        assertEquals(65535, packet.ports() >>> 16);
        assertEquals(40000, packet.ports() & 0xFFFF);
        parse(new PacketBuilder().ethernet(1, 2).vlan(7).ipv4("10.0.0.1", "10.0.0.2").udp(53, 65534).payloadLength(1));
        assertEquals(0x0A000001_0A000002L, packet.ipv4Addresses());
        assertEquals((53 << 16) | 65534, packet.ports());
    }

    @Test
    void shouldRoundTripIpv4TcpFields()
    {
        final ParsedPacket parsed = parse(new PacketBuilder().ethernet(0x0A0B0C0D0E0FL, 0xFFFFFFFFFFFFL).vlan(42)
            .ipv4("10.9.8.7", "10.6.5.4").ttl(17).tos(0xB8).identification(777).dontFragment(true)
            .tcp(1234, 4321).flags(TcpDescriptor.SYN | TcpDescriptor.ECE).sequence(0xDEADBEEF, 99).payloadLength(5));
        assertEquals(0x0A0B0C0D0E0FL, mac(EthernetDescriptor.SRC_MAC_OFFSET));
        assertEquals(0xFFFFFFFFFFFFL, mac(EthernetDescriptor.DST_MAC_OFFSET));
        assertEquals(EthernetDescriptor.ETHER_TYPE_VLAN, u16(EthernetDescriptor.ETHER_TYPE_OFFSET));
        assertEquals(42, u16(EthernetDescriptor.VLAN_TCI_OFFSET) & EthernetDescriptor.VLAN_ID_MASK);
        assertEquals(42, parsed.vlanId());
        assertEquals(EthernetDescriptor.ETHER_TYPE_IPV4, u16(EthernetDescriptor.VLAN_ETHER_TYPE_OFFSET));
        assertEquals(EthernetDescriptor.VLAN_HEADER_LENGTH, parsed.l3Offset());
        assertTrue(packet.meta().hasFlags(dev.flowgate.packet.meta.PacketMeta.IS_L2_BCAST));
        final int ip = parsed.l3Offset();
        assertEquals(0x45, u8(ip + Ipv4Descriptor.VERSION_IHL_OFFSET));
        assertEquals(17, u8(ip + Ipv4Descriptor.TTL_OFFSET));
        assertEquals(0xB8, u8(ip + Ipv4Descriptor.TOS_OFFSET));
        assertEquals(777, u16(ip + Ipv4Descriptor.IDENTIFICATION_OFFSET));
        assertEquals(Ipv4Descriptor.FLAG_DF, u16(ip + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET));
        assertEquals(IpProtocol.TCP, u8(ip + Ipv4Descriptor.PROTOCOL_OFFSET));
        assertEquals(20 + 20 + 5, u16(ip + Ipv4Descriptor.TOTAL_LENGTH_OFFSET));
        assertEquals(IpAddresses.ipv4("10.9.8.7"), i32(ip + Ipv4Descriptor.SRC_ADDRESS_OFFSET));
        assertEquals(IpAddresses.ipv4("10.6.5.4"), packet.dstIpv4());
        final int tcp = parsed.l4Offset();
        assertEquals(1234, u16(tcp + TcpDescriptor.SRC_PORT_OFFSET));
        assertEquals(4321, packet.dstPort());
        assertEquals(0xDEADBEEF, i32(tcp + TcpDescriptor.SEQUENCE_OFFSET));
        assertEquals(99, i32(tcp + TcpDescriptor.ACKNOWLEDGMENT_OFFSET));
        assertEquals(5, u8(tcp + TcpDescriptor.DATA_OFFSET_OFFSET) >>> 4);
        assertEquals(TcpDescriptor.SYN | TcpDescriptor.ECE, u8(tcp + TcpDescriptor.FLAGS_OFFSET));
        assertEquals(65535, u16(tcp + TcpDescriptor.WINDOW_OFFSET));
        assertEquals(25, parsed.l4Length());
    }

    @Test
    void shouldRoundTripIpv6UdpFields()
    {
        final ParsedPacket parsed = parse(new PacketBuilder().ipv6("fd00::1:2", "2001:db8::ff").ttl(3).tos(0x20)
            .udp(1, 65535).payloadLength(100));
        final int ip = parsed.l3Offset();
        final int versionClassFlow = i32(ip + Ipv6Descriptor.VERSION_TC_FLOW_OFFSET);
        assertEquals(6, versionClassFlow >>> 28);
        assertEquals(0x20, (versionClassFlow >>> 20) & 0xFF);
        assertEquals(0, versionClassFlow & 0xF_FFFF);
        assertEquals(3, u8(ip + Ipv6Descriptor.HOP_LIMIT_OFFSET));
        assertEquals(108, u16(ip + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET));
        assertEquals(0xFD00_0000_0000_0000L, i64(ip + Ipv6Descriptor.SRC_ADDRESS_OFFSET));
        assertEquals(0x0000_0000_0001_0002L, packet.srcIpv6Lo());
        assertEquals(0x2001_0DB8_0000_0000L, packet.dstIpv6Hi());
        assertEquals(0xFFL, i64(ip + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8));
        final int udp = parsed.l4Offset();
        assertEquals(1, u16(udp + UdpDescriptor.SRC_PORT_OFFSET));
        assertEquals(65535, u16(udp + UdpDescriptor.DST_PORT_OFFSET));
        assertEquals(108, u16(udp + UdpDescriptor.LENGTH_OFFSET));
        assertEquals(6, parsed.ipVersion());
        assertEquals(IpProtocol.UDP, parsed.protocol());
    }

    @Test
    void shouldRoundTripIcmpEchoAndErrors()
    {
        ParsedPacket parsed = parse(TestStacks.IPV4_ICMP_ECHO.builder());
        final int icmp4 = parsed.l4Offset();
        assertEquals(Icmp4Descriptor.TYPE_ECHO_REQUEST, u8(icmp4 + Icmp4Descriptor.TYPE_OFFSET));
        assertEquals(0x1234, u16(icmp4 + Icmp4Descriptor.IDENTIFIER_OFFSET));
        assertEquals(7, u16(icmp4 + Icmp4Descriptor.SEQUENCE_OFFSET));
        assertEquals(0x1234, packet.icmpIdentifier());
        assertFalse(parsed.hasEmbeddedPacket());

        parsed = parse(TestStacks.IPV6_ICMP_ECHO.builder());
        final int icmp6 = parsed.l4Offset();
        assertEquals(Icmp6Descriptor.TYPE_ECHO_REPLY, u8(icmp6 + Icmp6Descriptor.TYPE_OFFSET));
        assertEquals(0x4321, u16(icmp6 + Icmp6Descriptor.IDENTIFIER_OFFSET));
        assertEquals(9, u16(icmp6 + Icmp6Descriptor.SEQUENCE_OFFSET));

        parsed = parse(TestStacks.IPV4_ICMP_ERROR_UDP.builder());
        assertTrue(parsed.hasEmbeddedPacket());
        assertEquals(Icmp4Descriptor.TYPE_DEST_UNREACHABLE, parsed.icmpType());
        assertEquals(3, parsed.icmpCode());
        assertEquals(parsed.l4Offset() + 8, parsed.innerL3Offset());
        assertEquals(4, parsed.innerIpVersion());
        assertEquals(IpProtocol.UDP, parsed.innerProtocol());
        assertEquals(parsed.innerL3Offset() + 20, parsed.innerL4Offset());
        assertEquals(8 + 31, parsed.innerL4Available());
        final int inner = parsed.innerL3Offset();
        assertEquals(IpAddresses.ipv4(TestStacks.SRC4), i32(inner + Ipv4Descriptor.SRC_ADDRESS_OFFSET));
        assertTrue(Checksum.isIpv4HeaderValid(packet.buffer(), inner, Ipv4Descriptor.MIN_HEADER_LENGTH));
        assertEquals(5353, u16(parsed.innerL4Offset() + UdpDescriptor.SRC_PORT_OFFSET));

        parsed = parse(TestStacks.IPV6_ICMP_ERROR_UDP.builder());
        assertEquals(6, parsed.innerIpVersion());
        assertEquals(parsed.innerL3Offset() + 40, parsed.innerL4Offset());
        assertEquals(53, u16(parsed.innerL4Offset() + UdpDescriptor.DST_PORT_OFFSET));
    }

    @Test
    void shouldWalkExtensionHeadersToTransport()
    {
        ParsedPacket parsed = parse(TestStacks.IPV6_EXT_TCP.builder());
        assertEquals(14 + 40 + 8 + 24 + 16 + 8 + 16, parsed.l4Offset());
        assertEquals(IpProtocol.TCP, parsed.protocol());
        assertEquals(ParsedPacket.FRAGMENT_NONE, parsed.fragment());
        parsed = parse(TestStacks.IPV4_AH_TCP.builder());
        assertEquals(14 + 20 + 24, parsed.l4Offset());
        assertEquals(IpProtocol.TCP, parsed.protocol());
        parsed = parse(TestStacks.IPV4_OPTIONS_UDP.builder());
        assertEquals(14 + 32, parsed.l4Offset());
    }

    @Test
    void shouldCutEmbeddedPacketAndTruncate()
    {
        final PacketBuilder builder = TestStacks.IPV4_ICMP_ERROR_TCP.builder().embeddedLength(28);
        final ParsedPacket parsed = parse(builder);
        assertEquals(8, parsed.innerL4Available());
        assertEquals(14 + 20 + 8 + 28, packet.length());
        assertEquals(10, builder.truncate(10).build().length);
    }

    @Test
    void shouldFillPayloadAndKeepExplicitPayload()
    {
        final byte[] frame = new PacketBuilder().udp(1, 2).payload(new byte[] {9, 8, 7}).build();
        assertEquals(14 + 20 + 8 + 3, frame.length);
        assertEquals(7, frame[frame.length - 1]);
    }
}
