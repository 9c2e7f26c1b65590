// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;

/**
 * Canonical valid header stacks shared by the packet tests.
 */
public enum TestStacks
{
    IPV4_TCP,
    IPV4_UDP,
    IPV4_ICMP_ECHO,
    IPV4_ICMP_ERROR_UDP,
    IPV4_ICMP_ERROR_TCP,
    IPV4_VLAN_TCP,
    IPV4_OPTIONS_UDP,
    IPV4_AH_TCP,
    IPV6_TCP,
    IPV6_UDP,
    IPV6_ICMP_ECHO,
    IPV6_ICMP_ERROR_UDP,
    IPV6_EXT_TCP,
    IPV6_HOP_BY_HOP_UDP;

    public static final String SRC4 = "10.1.2.3";
    public static final String DST4 = "192.168.7.9";
    public static final String SRC6 = "2001:db8::10";
    public static final String DST6 = "2001:db8:ffff::20";

    public PacketBuilder builder()
    {
        switch (this)
        {
            case IPV4_TCP:
                return new PacketBuilder().ipv4(SRC4, DST4).tcp(40001, 443).flags(TcpDescriptor.SYN).payloadLength(13);
            case IPV4_UDP:
                return new PacketBuilder().ipv4(SRC4, DST4).udp(5353, 53).payloadLength(31);
            case IPV4_ICMP_ECHO:
                return new PacketBuilder().ipv4(SRC4, DST4).icmpEchoRequest(0x1234, 7).payloadLength(16);
            case IPV4_ICMP_ERROR_UDP:
                return new PacketBuilder().ipv4("172.16.0.1", SRC4)
                    .icmpError(Icmp4Descriptor.TYPE_DEST_UNREACHABLE, 3, IPV4_UDP.builder());
            case IPV4_ICMP_ERROR_TCP:
                return new PacketBuilder().ipv4("172.16.0.1", SRC4)
                    .icmpError(Icmp4Descriptor.TYPE_TIME_EXCEEDED, 0, IPV4_TCP.builder());
            case IPV4_VLAN_TCP:
                return IPV4_TCP.builder().vlan(100);
            case IPV4_OPTIONS_UDP:
                return IPV4_UDP.builder().ipv4Options(new byte[] {1, 1, 7, 7, 4, 0, 0, 0, 0});
            case IPV4_AH_TCP:
                return IPV4_TCP.builder().extension(Ipv6Descriptor.EXT_AUTH, 24);
            case IPV6_TCP:
                return new PacketBuilder().ipv6(SRC6, DST6).tcp(40001, 443).flags(TcpDescriptor.ACK).payloadLength(9);
            case IPV6_UDP:
                return new PacketBuilder().ipv6(SRC6, DST6).udp(5353, 53).payloadLength(21);
            case IPV6_ICMP_ECHO:
                return new PacketBuilder().ipv6(SRC6, DST6).icmpEchoReply(0x4321, 9).payloadLength(12);
            case IPV6_ICMP_ERROR_UDP:
                return new PacketBuilder().ipv6("2001:db8:1::1", SRC6)
                    .icmpError(Icmp6Descriptor.TYPE_DEST_UNREACHABLE, 4, IPV6_UDP.builder());
            case IPV6_EXT_TCP:
                return IPV6_TCP.builder().extension(Ipv6Descriptor.EXT_HOP_BY_HOP, 8)
                    .extension(Ipv6Descriptor.EXT_ROUTING, 24).extension(Ipv6Descriptor.EXT_DEST_OPTIONS, 16)
                    .ipv6Fragment(0, false).extension(Ipv6Descriptor.EXT_AUTH, 16);
            case IPV6_HOP_BY_HOP_UDP:
                return IPV6_UDP.builder().extension(Ipv6Descriptor.EXT_HOP_BY_HOP, 8);
            default:
                throw new IllegalStateException(name());
        }
    }

    public boolean ipv4()
    {
        return name().startsWith("IPV4");
    }

    public int l3Offset()
    {
        return this == IPV4_VLAN_TCP ? 18 : 14;
    }
}
