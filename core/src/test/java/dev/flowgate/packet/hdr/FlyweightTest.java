// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Setters write big-endian values at the descriptor offsets (relative to the wrap offset) and getters read them
 * back unsigned.
 */
class FlyweightTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    private int u8(final int index)
    {
        return buffer.getByte(index) & 0xFF;
    }

    @Test
    void shouldWriteEthernetFieldsAtTheirOffsets()
    {
        final EthernetFlyweight eth = new EthernetFlyweight().wrap(buffer, 3);
        eth.dstMac(0x0102_0304_0506L).srcMac(0xF1F2_F3F4_F5F6L).etherType(EthernetDescriptor.ETHER_TYPE_IPV6);
        assertEquals(0x01, u8(3));
        assertEquals(0x06, u8(3 + 5));
        assertEquals(0xF1, u8(3 + EthernetDescriptor.SRC_MAC_OFFSET));
        assertEquals(0x86, u8(3 + EthernetDescriptor.ETHER_TYPE_OFFSET));
        assertEquals(0x0102_0304_0506L, eth.dstMac());
        assertEquals(0xF1F2_F3F4_F5F6L, eth.srcMac());
        assertFalse(eth.isVlanTagged());
        assertEquals(EthernetDescriptor.HEADER_LENGTH, eth.headerLength());
        assertEquals(EthernetDescriptor.ETHER_TYPE_IPV6, eth.payloadEtherType());
        eth.etherType(EthernetDescriptor.ETHER_TYPE_VLAN).vlanId(0xABC);
        assertTrue(eth.isVlanTagged());
        assertEquals(0xABC, eth.vlanId());
        assertEquals(3, eth.offset());
    }

    @Test
    void shouldWriteIpv4FieldsAtTheirOffsets()
    {
        final Ipv4Flyweight ip = new Ipv4Flyweight().wrap(buffer, 10);
        ip.versionIhl(4, 5).tos(0xFE).totalLength(0xFFF0).identification(0xBEEF)
            .flagsFragment(Ipv4Descriptor.FLAG_MF | 0x1FFF).ttl(255).protocol(IpProtocol.UDP)
            .srcAddress(0xC0A8_0001).dstAddress(0xFFFF_FFFE);
        assertEquals(0x45, u8(10));
        assertEquals(0xFF, u8(10 + Ipv4Descriptor.TOTAL_LENGTH_OFFSET));
        assertEquals(0xC0, u8(10 + Ipv4Descriptor.SRC_ADDRESS_OFFSET));
        assertEquals(4, ip.version());
        assertEquals(20, ip.headerLength());
        assertEquals(0xFE, ip.tos());
        assertEquals(0xFFF0, ip.totalLength());
        assertEquals(0xBEEF, ip.identification());
        assertTrue(ip.moreFragments());
        assertFalse(ip.dontFragment());
        assertEquals(0x1FFF, ip.fragmentOffset());
        assertEquals(255, ip.ttl());
        assertEquals(IpProtocol.UDP, ip.protocol());
        assertEquals(0xC0A8_0001, ip.srcAddress());
        assertEquals(0xFFFF_FFFE, ip.dstAddress());
        ip.updateChecksum();
        assertTrue(ip.isChecksumValid());
        ip.ttl(254);
        assertFalse(ip.isChecksumValid());
    }

    @Test
    void shouldWriteIpv6FieldsAtTheirOffsets()
    {
        final Ipv6Flyweight ip = new Ipv6Flyweight().wrap(buffer, 0);
        ip.versionClassLabel(6, 0xAB, 0xF_1234).payloadLength(1280).nextHeader(IpProtocol.TCP).hopLimit(1)
            .srcAddress(0x2001_0db8_0000_0001L, -1L).dstAddress(0xFE80_0000_0000_0000L, 2);
        assertEquals(0x6A, u8(0));
        assertEquals(6, ip.version());
        assertEquals(0xAB, ip.trafficClass());
        assertEquals(0xF_1234, ip.flowLabel());
        assertEquals(1280, ip.payloadLength());
        assertEquals(IpProtocol.TCP, ip.nextHeader());
        assertEquals(1, ip.hopLimit());
        assertEquals(0x20, u8(Ipv6Descriptor.SRC_ADDRESS_OFFSET));
        assertEquals(0x2001_0db8_0000_0001L, ip.srcAddressHi());
        assertEquals(-1L, ip.srcAddressLo());
        assertEquals(0xFE80_0000_0000_0000L, ip.dstAddressHi());
        assertEquals(2L, ip.dstAddressLo());
    }

    @Test
    void shouldWriteTransportFieldsAtTheirOffsets()
    {
        final TcpFlyweight tcp = new TcpFlyweight().wrap(buffer, 20);
        tcp.srcPort(65535).dstPort(1).sequence(-2).acknowledgment(7).dataOffset(15)
            .flags(TcpDescriptor.SYN | TcpDescriptor.ACK).window(0x8000).checksum(0xABCD).urgentPointer(9);
        assertEquals(0xFF, u8(20));
        assertEquals(0xF0, u8(20 + TcpDescriptor.DATA_OFFSET_OFFSET));
        assertEquals(65535, tcp.srcPort());
        assertEquals(1, tcp.dstPort());
        assertEquals(-2, tcp.sequence());
        assertEquals(7, tcp.acknowledgment());
        assertEquals(60, tcp.headerLength());
        assertTrue(tcp.hasFlags(TcpDescriptor.SYN | TcpDescriptor.ACK));
        assertEquals(0x8000, tcp.window());
        assertEquals(0xABCD, tcp.checksum());
        assertEquals(9, tcp.urgentPointer());

        final UdpFlyweight udp = new UdpFlyweight().wrap(buffer, 64);
        udp.srcPort(53).dstPort(40000).length(8).checksum(0);
        assertEquals(40000, udp.dstPort());
        assertEquals(8, udp.length());
        assertEquals(0x9C, u8(64 + UdpDescriptor.DST_PORT_OFFSET));

        final Icmp4Flyweight icmp4 = new Icmp4Flyweight().wrap(buffer, 80);
        icmp4.type(Icmp4Descriptor.TYPE_TIME_EXCEEDED).code(1).identifier(0xFFFE).sequence(3).checksum(1);
        assertTrue(icmp4.isError());
        assertEquals(0xFFFE, icmp4.identifier());
        assertEquals(3, icmp4.sequence());
        final Icmp6Flyweight icmp6 = new Icmp6Flyweight().wrap(buffer, 96);
        icmp6.type(Icmp6Descriptor.TYPE_ECHO_REQUEST).code(0).identifier(77);
        assertFalse(icmp6.isError());
        assertEquals(Icmp6Descriptor.TYPE_ECHO_REQUEST, u8(96));
        assertEquals(77, icmp6.identifier());
        assertTrue(Icmp6Descriptor.isError(Icmp6Descriptor.TYPE_PACKET_TOO_BIG));
        assertFalse(Icmp4Descriptor.isError(Icmp4Descriptor.TYPE_ECHO_REPLY));
    }
}
