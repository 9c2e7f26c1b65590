// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.hdr.UdpDescriptor;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * In-place NAT rewrites of a parsed packet with RFC 1624 incremental checksum updates: addresses, ports and the
 * ICMP echo identifier, of the outer headers and of an ICMP error's embedded packet. After any of these, every
 * checksum that was valid before is still valid, with the value a full recomputation would give.
 *
 * <p>Which checksums each change touches: an IPv4 address, the IPv4 header checksum and the TCP/UDP checksum
 * (pseudo-header), not ICMPv4's; an IPv6 address, the TCP/UDP/ICMPv6 checksum (pseudo-header); a port, the TCP/UDP
 * checksum; the identifier, the ICMP checksum. A UDP checksum of zero (none) is left at zero, and a UDP result of
 * zero is written as 0xFFFF. For the embedded packet, its IPv4 header checksum and its transport checksum when the
 * field lies within the frame (UDP and ICMP always, TCP only when 18 bytes are present) are updated, and the outer
 * ICMP checksum absorbs every changed word. Note: the reference leaves the embedded transport checksum unchanged
 * (a quirk, see docs/spec/nat.md section 0.4); callers that want that behaviour can save and restore it.
 *
 * <p>Preconditions: the packet parsed OK and is of the right family (IPv4 for the {@code Ipv4} methods, etc.);
 * ports only for TCP/UDP; identifier only for ICMP. Stateless, no allocation.
 */
public final class PacketRewriter
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int NONE = -1;

    private PacketRewriter()
    {
    }

    /**
     * Rewrites the outer IPv4 source address.
     *
     * @param packet a parsed IPv4 packet.
     * @param address the new address.
     */
    public static void srcIpv4(final Packet packet, final int address)
    {
        ipv4Address(packet, Ipv4Descriptor.SRC_ADDRESS_OFFSET, address);
    }

    /**
     * Rewrites the outer IPv4 destination address.
     *
     * @param packet a parsed IPv4 packet.
     * @param address the new address.
     */
    public static void dstIpv4(final Packet packet, final int address)
    {
        ipv4Address(packet, Ipv4Descriptor.DST_ADDRESS_OFFSET, address);
    }

    private static void ipv4Address(final Packet packet, final int field, final int address)
    {
        final MutableDirectBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int l3 = parsed.l3Offset();
        final int old = buffer.getInt(l3 + field, NET);
        buffer.putInt(l3 + field, address, NET);
        final int ipChecksum = l3 + Ipv4Descriptor.CHECKSUM_OFFSET;
        buffer.putShort(ipChecksum, (short) Checksum.update32(u16(buffer, ipChecksum), old, address), NET);
        final int l4Checksum = pseudoHeaderChecksumOffset(parsed);
        if (l4Checksum != NONE)
        {
            update32(buffer, l4Checksum, old, address, parsed.protocol() == IpProtocol.UDP);
        }
    }

    /**
     * Rewrites the outer IPv6 source address.
     *
     * @param packet a parsed IPv6 packet.
     * @param hi first 8 bytes of the new address.
     * @param lo last 8 bytes of the new address.
     */
    public static void srcIpv6(final Packet packet, final long hi, final long lo)
    {
        ipv6Address(packet, Ipv6Descriptor.SRC_ADDRESS_OFFSET, hi, lo);
    }

    /**
     * Rewrites the outer IPv6 destination address.
     *
     * @param packet a parsed IPv6 packet.
     * @param hi first 8 bytes of the new address.
     * @param lo last 8 bytes of the new address.
     */
    public static void dstIpv6(final Packet packet, final long hi, final long lo)
    {
        ipv6Address(packet, Ipv6Descriptor.DST_ADDRESS_OFFSET, hi, lo);
    }

    private static void ipv6Address(final Packet packet, final int field, final long hi, final long lo)
    {
        final MutableDirectBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int at = parsed.l3Offset() + field;
        final long oldHi = buffer.getLong(at, NET);
        final long oldLo = buffer.getLong(at + 8, NET);
        buffer.putLong(at, hi, NET);
        buffer.putLong(at + 8, lo, NET);
        final int l4Checksum = pseudoHeaderChecksumOffset(parsed);
        if (l4Checksum != NONE)
        {
            final int old = u16(buffer, l4Checksum);
            if (parsed.protocol() != IpProtocol.UDP || old != 0)
            {
                final int updated = Checksum.update128(old, oldHi, oldLo, hi, lo);
                putChecksum(buffer, l4Checksum, updated, parsed.protocol() == IpProtocol.UDP);
            }
        }
    }

    /**
     * Rewrites the outer TCP or UDP source port.
     *
     * @param packet a parsed TCP or UDP packet.
     * @param port the new port.
     */
    public static void srcPort(final Packet packet, final int port)
    {
        port(packet, TcpDescriptor.SRC_PORT_OFFSET, port);
    }

    /**
     * Rewrites the outer TCP or UDP destination port.
     *
     * @param packet a parsed TCP or UDP packet.
     * @param port the new port.
     */
    public static void dstPort(final Packet packet, final int port)
    {
        port(packet, TcpDescriptor.DST_PORT_OFFSET, port);
    }

    private static void port(final Packet packet, final int field, final int port)
    {
        final ParsedPacket parsed = packet.parsed();
        final int l4 = parsed.l4Offset();
        final boolean udp = parsed.protocol() == IpProtocol.UDP;
        final int checksum = l4 + (udp ? UdpDescriptor.CHECKSUM_OFFSET : TcpDescriptor.CHECKSUM_OFFSET);
        set16(packet.buffer(), l4 + field, port, checksum, udp);
    }

    /**
     * Rewrites the outer ICMP (v4 or v6) echo identifier.
     *
     * @param packet a parsed ICMP packet.
     * @param identifier the new identifier.
     */
    public static void icmpIdentifier(final Packet packet, final int identifier)
    {
        final int l4 = packet.parsed().l4Offset();
        set16(packet.buffer(), l4 + Icmp4Descriptor.IDENTIFIER_OFFSET, identifier,
            l4 + Icmp4Descriptor.CHECKSUM_OFFSET, false);
    }

    /**
     * Rewrites the embedded IPv4 source address of an ICMPv4 error.
     *
     * @param packet a parsed ICMPv4 error with an IPv4 embedded packet.
     * @param address the new address.
     */
    public static void innerSrcIpv4(final Packet packet, final int address)
    {
        innerIpv4Address(packet, Ipv4Descriptor.SRC_ADDRESS_OFFSET, address);
    }

    /**
     * Rewrites the embedded IPv4 destination address of an ICMPv4 error.
     *
     * @param packet a parsed ICMPv4 error with an IPv4 embedded packet.
     * @param address the new address.
     */
    public static void innerDstIpv4(final Packet packet, final int address)
    {
        innerIpv4Address(packet, Ipv4Descriptor.DST_ADDRESS_OFFSET, address);
    }

    private static void innerIpv4Address(final Packet packet, final int field, final int address)
    {
        final MutableDirectBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int inner = parsed.innerL3Offset();
        final int outerChecksum = parsed.l4Offset() + Icmp4Descriptor.CHECKSUM_OFFSET;
        final int old = buffer.getInt(inner + field, NET);
        buffer.putInt(inner + field, address, NET);
        update32(buffer, outerChecksum, old, address, false);
        final int innerIpChecksum = inner + Ipv4Descriptor.CHECKSUM_OFFSET;
        final int oldIpChecksum = u16(buffer, innerIpChecksum);
        final int newIpChecksum = Checksum.update32(oldIpChecksum, old, address);
        set16(buffer, innerIpChecksum, newIpChecksum, outerChecksum, false);
        final int innerL4Checksum = innerPseudoHeaderChecksumOffset(parsed);
        if (innerL4Checksum != NONE)
        {
            final boolean udp = parsed.innerProtocol() == IpProtocol.UDP;
            final int oldL4 = u16(buffer, innerL4Checksum);
            if (!udp || oldL4 != 0)
            {
                final int newL4 = fixUdp(Checksum.update32(oldL4, old, address), udp);
                set16(buffer, innerL4Checksum, newL4, outerChecksum, false);
            }
        }
    }

    /**
     * Rewrites the embedded IPv6 source address of an ICMPv6 error.
     *
     * @param packet a parsed ICMPv6 error.
     * @param hi first 8 bytes of the new address.
     * @param lo last 8 bytes of the new address.
     */
    public static void innerSrcIpv6(final Packet packet, final long hi, final long lo)
    {
        innerIpv6Address(packet, Ipv6Descriptor.SRC_ADDRESS_OFFSET, hi, lo);
    }

    /**
     * Rewrites the embedded IPv6 destination address of an ICMPv6 error.
     *
     * @param packet a parsed ICMPv6 error.
     * @param hi first 8 bytes of the new address.
     * @param lo last 8 bytes of the new address.
     */
    public static void innerDstIpv6(final Packet packet, final long hi, final long lo)
    {
        innerIpv6Address(packet, Ipv6Descriptor.DST_ADDRESS_OFFSET, hi, lo);
    }

    private static void innerIpv6Address(final Packet packet, final int field, final long hi, final long lo)
    {
        final MutableDirectBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int at = parsed.innerL3Offset() + field;
        final int outerChecksum = parsed.l4Offset() + Icmp4Descriptor.CHECKSUM_OFFSET;
        final long oldHi = buffer.getLong(at, NET);
        final long oldLo = buffer.getLong(at + 8, NET);
        buffer.putLong(at, hi, NET);
        buffer.putLong(at + 8, lo, NET);
        // The outer ICMPv6 checksum covers the embedded bytes (its own pseudo-header is the outer one).
        buffer.putShort(outerChecksum,
            (short) Checksum.update128(u16(buffer, outerChecksum), oldHi, oldLo, hi, lo), NET);
        final int innerL4Checksum = innerPseudoHeaderChecksumOffset(parsed);
        if (innerL4Checksum != NONE)
        {
            final boolean udp = parsed.innerProtocol() == IpProtocol.UDP;
            final int oldL4 = u16(buffer, innerL4Checksum);
            if (!udp || oldL4 != 0)
            {
                final int newL4 = fixUdp(Checksum.update128(oldL4, oldHi, oldLo, hi, lo), udp);
                set16(buffer, innerL4Checksum, newL4, outerChecksum, false);
            }
        }
    }

    /**
     * Rewrites the embedded TCP or UDP source port of an ICMP error.
     *
     * @param packet a parsed ICMP error whose embedded packet is TCP or UDP.
     * @param port the new port.
     */
    public static void innerSrcPort(final Packet packet, final int port)
    {
        innerWord(packet, TcpDescriptor.SRC_PORT_OFFSET, port);
    }

    /**
     * Rewrites the embedded TCP or UDP destination port of an ICMP error.
     *
     * @param packet a parsed ICMP error whose embedded packet is TCP or UDP.
     * @param port the new port.
     */
    public static void innerDstPort(final Packet packet, final int port)
    {
        innerWord(packet, TcpDescriptor.DST_PORT_OFFSET, port);
    }

    /**
     * Rewrites the embedded ICMP echo identifier of an ICMP error.
     *
     * @param packet a parsed ICMP error whose embedded packet is an ICMP echo of the same family.
     * @param identifier the new identifier.
     */
    public static void innerIcmpIdentifier(final Packet packet, final int identifier)
    {
        innerWord(packet, Icmp4Descriptor.IDENTIFIER_OFFSET, identifier);
    }

    private static void innerWord(final Packet packet, final int field, final int value)
    {
        final MutableDirectBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int outerChecksum = parsed.l4Offset() + Icmp4Descriptor.CHECKSUM_OFFSET;
        final int at = parsed.innerL4Offset() + field;
        final int old = u16(buffer, at);
        set16(buffer, at, value, outerChecksum, false);
        final int innerChecksum = innerTransportChecksumOffset(parsed);
        if (innerChecksum != NONE)
        {
            final boolean udp = parsed.innerProtocol() == IpProtocol.UDP;
            final int oldL4 = u16(buffer, innerChecksum);
            if (!udp || oldL4 != 0)
            {
                final int newL4 = fixUdp(Checksum.update16(oldL4, old, value), udp);
                set16(buffer, innerChecksum, newL4, outerChecksum, false);
            }
        }
    }

    /** Offset of the outer TCP/UDP/ICMPv6 checksum (the ones covering a pseudo-header), or NONE. */
    private static int pseudoHeaderChecksumOffset(final ParsedPacket parsed)
    {
        final int protocol = parsed.protocol();
        if (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.ICMPV6)
        {
            return parsed.l4Offset() + Checksum.checksumFieldOffset(protocol);
        }
        return NONE;
    }

    /** Offset of the embedded TCP/UDP/ICMPv6 checksum when it lies within the frame, or NONE. */
    private static int innerPseudoHeaderChecksumOffset(final ParsedPacket parsed)
    {
        return parsed.innerProtocol() == IpProtocol.ICMP ? NONE : innerTransportChecksumOffset(parsed);
    }

    /** Offset of the embedded transport checksum when it lies within the frame, or NONE. */
    private static int innerTransportChecksumOffset(final ParsedPacket parsed)
    {
        final int protocol = parsed.innerProtocol();
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP &&
            protocol != IpProtocol.ICMP && protocol != IpProtocol.ICMPV6)
        {
            return NONE;
        }
        final int field = Checksum.checksumFieldOffset(protocol);
        return field + 2 <= parsed.innerL4Available() ? parsed.innerL4Offset() + field : NONE;
    }

    /** Writes a 16-bit field and updates the checksum at {@code checksumAt} for the change. */
    private static void set16(
        final MutableDirectBuffer buffer, final int at, final int value, final int checksumAt, final boolean udp)
    {
        final int old = u16(buffer, at);
        buffer.putShort(at, (short) value, NET);
        final int checksum = u16(buffer, checksumAt);
        if (!udp || checksum != 0)
        {
            putChecksum(buffer, checksumAt, Checksum.update16(checksum, old, value & 0xFFFF), udp);
        }
    }

    private static void update32(
        final MutableDirectBuffer buffer, final int checksumAt, final int old, final int value, final boolean udp)
    {
        final int checksum = u16(buffer, checksumAt);
        if (!udp || checksum != 0)
        {
            putChecksum(buffer, checksumAt, Checksum.update32(checksum, old, value), udp);
        }
    }

    private static void putChecksum(
        final MutableDirectBuffer buffer, final int at, final int checksum, final boolean udp)
    {
        buffer.putShort(at, (short) fixUdp(checksum, udp), NET);
    }

    private static int fixUdp(final int checksum, final boolean udp)
    {
        return udp ? Checksum.udpChecksum(checksum) : checksum;
    }

    private static int u16(final MutableDirectBuffer buffer, final int at)
    {
        return buffer.getShort(at, NET) & 0xFFFF;
    }
}
