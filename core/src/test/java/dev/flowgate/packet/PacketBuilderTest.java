// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.EthernetFlyweight;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp4Flyweight;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.Icmp6Flyweight;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Flyweight;
import dev.flowgate.packet.hdr.Ipv6Flyweight;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.hdr.TcpFlyweight;
import dev.flowgate.packet.hdr.UdpFlyweight;
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

    @ParameterizedTest
    @EnumSource(TestStacks.class)
    void shouldBuildValidChecksumsForEveryStack(final TestStacks stack)
    {
        final ParsedPacket parsed = parse(stack.builder());
        assertEquals(stack.l3Offset(), parsed.l3Offset());
        final int l3 = parsed.l3Offset();
        if (stack.ipv4())
        {
            assertTrue(new Ipv4Flyweight().wrap(packet.buffer(), l3).isChecksumValid());
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
    void shouldRoundTripIpv4TcpFields()
    {
        final ParsedPacket parsed = parse(new PacketBuilder().ethernet(0x0A0B0C0D0E0FL, 0xFFFFFFFFFFFFL).vlan(42)
            .ipv4("10.9.8.7", "10.6.5.4").ttl(17).tos(0xB8).identification(777).dontFragment(true)
            .tcp(1234, 4321).flags(TcpDescriptor.SYN | TcpDescriptor.ECE).sequence(0xDEADBEEF, 99).payloadLength(5));
        final EthernetFlyweight eth = new EthernetFlyweight().wrap(packet.buffer(), 0);
        assertEquals(0x0A0B0C0D0E0FL, eth.srcMac());
        assertEquals(0xFFFFFFFFFFFFL, eth.dstMac());
        assertTrue(eth.isVlanTagged());
        assertEquals(42, eth.vlanId());
        assertEquals(42, parsed.vlanId());
        assertEquals(0x0800, eth.payloadEtherType());
        assertEquals(18, eth.headerLength());
        assertTrue(packet.meta().hasFlags(dev.flowgate.packet.meta.PacketMeta.IS_L2_BCAST));
        final Ipv4Flyweight ip = new Ipv4Flyweight().wrap(packet.buffer(), parsed.l3Offset());
        assertEquals(4, ip.version());
        assertEquals(5, ip.ihl());
        assertEquals(17, ip.ttl());
        assertEquals(0xB8, ip.tos());
        assertEquals(777, ip.identification());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertEquals(0, ip.fragmentOffset());
        assertEquals(IpProtocol.TCP, ip.protocol());
        assertEquals(20 + 20 + 5, ip.totalLength());
        assertEquals(IpAddresses.ipv4("10.9.8.7"), ip.srcAddress());
        assertEquals(IpAddresses.ipv4("10.6.5.4"), packet.dstIpv4());
        final TcpFlyweight tcp = new TcpFlyweight().wrap(packet.buffer(), parsed.l4Offset());
        assertEquals(1234, tcp.srcPort());
        assertEquals(4321, packet.dstPort());
        assertEquals(0xDEADBEEF, tcp.sequence());
        assertEquals(99, tcp.acknowledgment());
        assertEquals(5, tcp.dataOffset());
        assertTrue(tcp.hasFlags(TcpDescriptor.SYN | TcpDescriptor.ECE));
        assertFalse(tcp.hasFlags(TcpDescriptor.ACK));
        assertEquals(65535, tcp.window());
        assertEquals(25, parsed.l4Length());
    }

    @Test
    void shouldRoundTripIpv6UdpFields()
    {
        final ParsedPacket parsed = parse(new PacketBuilder().ipv6("fd00::1:2", "2001:db8::ff").ttl(3).tos(0x20)
            .udp(1, 65535).payloadLength(100));
        final Ipv6Flyweight ip = new Ipv6Flyweight().wrap(packet.buffer(), parsed.l3Offset());
        assertEquals(6, ip.version());
        assertEquals(0x20, ip.trafficClass());
        assertEquals(0, ip.flowLabel());
        assertEquals(3, ip.hopLimit());
        assertEquals(108, ip.payloadLength());
        assertEquals(0xFD00_0000_0000_0000L, ip.srcAddressHi());
        assertEquals(0x0000_0000_0001_0002L, packet.srcIpv6Lo());
        assertEquals(0x2001_0DB8_0000_0000L, packet.dstIpv6Hi());
        assertEquals(0xFFL, ip.dstAddressLo());
        final UdpFlyweight udp = new UdpFlyweight().wrap(packet.buffer(), parsed.l4Offset());
        assertEquals(1, udp.srcPort());
        assertEquals(65535, udp.dstPort());
        assertEquals(108, udp.length());
        assertEquals(6, parsed.ipVersion());
        assertEquals(IpProtocol.UDP, parsed.protocol());
    }

    @Test
    void shouldRoundTripIcmpEchoAndErrors()
    {
        ParsedPacket parsed = parse(TestStacks.IPV4_ICMP_ECHO.builder());
        final Icmp4Flyweight icmp4 = new Icmp4Flyweight().wrap(packet.buffer(), parsed.l4Offset());
        assertEquals(Icmp4Descriptor.TYPE_ECHO_REQUEST, icmp4.type());
        assertEquals(0x1234, icmp4.identifier());
        assertEquals(7, icmp4.sequence());
        assertEquals(0x1234, packet.icmpIdentifier());
        assertFalse(parsed.isIcmpError());

        parsed = parse(TestStacks.IPV6_ICMP_ECHO.builder());
        final Icmp6Flyweight icmp6 = new Icmp6Flyweight().wrap(packet.buffer(), parsed.l4Offset());
        assertEquals(Icmp6Descriptor.TYPE_ECHO_REPLY, icmp6.type());
        assertEquals(0x4321, icmp6.identifier());
        assertEquals(9, icmp6.sequence());

        parsed = parse(TestStacks.IPV4_ICMP_ERROR_UDP.builder());
        assertTrue(parsed.isIcmpError());
        assertEquals(Icmp4Descriptor.TYPE_DEST_UNREACHABLE, parsed.icmpType());
        assertEquals(3, parsed.icmpCode());
        assertEquals(parsed.l4Offset() + 8, parsed.innerL3Offset());
        assertEquals(4, parsed.innerIpVersion());
        assertEquals(IpProtocol.UDP, parsed.innerProtocol());
        assertEquals(parsed.innerL3Offset() + 20, parsed.innerL4Offset());
        assertEquals(8 + 31, parsed.innerL4Available());
        final Ipv4Flyweight inner = new Ipv4Flyweight().wrap(packet.buffer(), parsed.innerL3Offset());
        assertEquals(IpAddresses.ipv4(TestStacks.SRC4), inner.srcAddress());
        assertTrue(inner.isChecksumValid());
        assertEquals(5353, new UdpFlyweight().wrap(packet.buffer(), parsed.innerL4Offset()).srcPort());

        parsed = parse(TestStacks.IPV6_ICMP_ERROR_UDP.builder());
        assertEquals(6, parsed.innerIpVersion());
        assertEquals(parsed.innerL3Offset() + 40, parsed.innerL4Offset());
        assertEquals(53, new UdpFlyweight().wrap(packet.buffer(), parsed.innerL4Offset()).dstPort());
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
