// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.EthernetDescriptor;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.hdr.UdpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * Validating parser: Ethernet (one optional 802.1Q tag), IPv4 (options, AH) or IPv6 (hop-by-hop, routing,
 * destination options, fragment and AH extension headers), then TCP, UDP, ICMPv4 or ICMPv6, and for ICMP errors the
 * embedded IP header plus 8 bytes.
 *
 * <p>Every read is checked against the frame length first; the parser never throws on packet content and returns
 * an int {@link ParseStatus} code, each failure mapped to exactly one {@link DropReason}. Checks, in order, with the
 * first failing one deciding: Ethernet length, VLAN tag length, ethertype; IPv4 length, version, IHL, IHL * 4
 * within the frame, total length, header checksum, source address, fragment (offset 1, non-first); or IPv6
 * length, version, payload length, source address, extension chain (truncation, fragments); then transport
 * (length, TCP data offset, UDP length, zero ports, ICMP length, embedded header of errors). A frame longer than
 * the IP packet is trimmed, not dropped.
 *
 * <p>The parser verifies the IPv4 header checksum (cheap, 20 bytes) but not transport checksums: those cost a pass
 * over the payload and the gateway forwards payloads it does not inspect; {@link Checksum} offers the verification
 * the ICMP-error handler needs (RFC 5508 REQ-3). TTL / hop limit are left to forwarding.
 *
 * <p>One instance per thread; it keeps no state between calls and does not allocate.
 */
public final class PacketParser
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private static final int OK = ParseStatus.OK.code();
    private static final int ETHERNET_TRUNCATED = ParseStatus.ETHERNET_TRUNCATED.code();
    private static final int VLAN_TRUNCATED = ParseStatus.VLAN_TRUNCATED.code();
    private static final int NOT_IP = ParseStatus.NOT_IP.code();
    private static final int IPV4_TRUNCATED = ParseStatus.IPV4_TRUNCATED.code();
    private static final int IPV4_BAD_VERSION = ParseStatus.IPV4_BAD_VERSION.code();
    private static final int IPV4_BAD_IHL = ParseStatus.IPV4_BAD_IHL.code();
    private static final int IPV4_IHL_BEYOND_FRAME = ParseStatus.IPV4_IHL_BEYOND_FRAME.code();
    private static final int IPV4_BAD_TOTAL_LENGTH = ParseStatus.IPV4_BAD_TOTAL_LENGTH.code();
    private static final int IPV4_BAD_CHECKSUM = ParseStatus.IPV4_BAD_CHECKSUM.code();
    private static final int IPV4_BAD_SOURCE = ParseStatus.IPV4_BAD_SOURCE.code();
    private static final int IPV6_TRUNCATED = ParseStatus.IPV6_TRUNCATED.code();
    private static final int IPV6_BAD_VERSION = ParseStatus.IPV6_BAD_VERSION.code();
    private static final int IPV6_BAD_PAYLOAD_LENGTH = ParseStatus.IPV6_BAD_PAYLOAD_LENGTH.code();
    private static final int IPV6_BAD_SOURCE = ParseStatus.IPV6_BAD_SOURCE.code();
    private static final int EXTENSION_TRUNCATED = ParseStatus.EXTENSION_TRUNCATED.code();
    private static final int FRAGMENT_OFFSET_ONE = ParseStatus.FRAGMENT_OFFSET_ONE.code();
    private static final int FRAGMENT_NOT_FIRST = ParseStatus.FRAGMENT_NOT_FIRST.code();
    private static final int TCP_TRUNCATED = ParseStatus.TCP_TRUNCATED.code();
    private static final int TCP_BAD_DATA_OFFSET = ParseStatus.TCP_BAD_DATA_OFFSET.code();
    private static final int UDP_TRUNCATED = ParseStatus.UDP_TRUNCATED.code();
    private static final int UDP_BAD_LENGTH = ParseStatus.UDP_BAD_LENGTH.code();
    private static final int ZERO_PORT = ParseStatus.ZERO_PORT.code();
    private static final int ICMP_TRUNCATED = ParseStatus.ICMP_TRUNCATED.code();
    private static final int ICMP_ERROR_INCOMPLETE = ParseStatus.ICMP_ERROR_INCOMPLETE.code();
    private static final int ICMP_ERROR_BAD_EMBEDDED = ParseStatus.ICMP_ERROR_BAD_EMBEDDED.code();
    private static final int UNSUPPORTED_TRANSPORT = ParseStatus.UNSUPPORTED_TRANSPORT.code();

    /** Minimum bytes of an ICMP error's embedded packet after its IP header. */
    private static final int EMBEDDED_L4_MIN = 8;

    // Results of the extension-header walk (no allocation: the walker returns a status and leaves these).
    private int walkOffset;
    private int walkProtocol;
    private int walkFragment;

    /**
     * Parses a packet's frame, trims its length to the IP packet on success, and on failure records the drop
     * reason in its metadata (first reason wins) and sets nothing else. Sets {@link PacketMeta#IS_L2_BCAST} for a
     * broadcast destination MAC.
     *
     * @param packet the packet; its {@code parsed()} result is overwritten.
     * @return a {@link ParseStatus} code, 0 when OK.
     */
    public int parse(final Packet packet)
    {
        final DirectBuffer buffer = packet.buffer();
        final ParsedPacket out = packet.parsed();
        final int status = parse(buffer, packet.length(), out);
        if (status == OK)
        {
            packet.length(out.frameLength);
            // The destination MAC is the first 6 of these 8 bytes (an OK frame has at least 14).
            if ((buffer.getLong(EthernetDescriptor.DST_MAC_OFFSET, NET) >>> 16) == 0xFFFF_FFFF_FFFFL)
            {
                packet.meta().setFlags(PacketMeta.IS_L2_BCAST);
            }
        }
        else
        {
            packet.meta().drop(ParseStatus.dropReason(status));
        }
        return status;
    }

    /**
     * Parses a frame that starts at index 0 of the buffer.
     *
     * @param buffer the frame; bytes at {@code length} and beyond are never read.
     * @param length the frame length.
     * @param out the result, reset first.
     * @return a {@link ParseStatus} code, 0 when OK; also stored in {@code out.status()}.
     */
    public int parse(final DirectBuffer buffer, final int length, final ParsedPacket out)
    {
        out.reset();
        final int status = parseEthernet(buffer, length, out);
        out.status = status;
        return status;
    }

    private int parseEthernet(final DirectBuffer buffer, final int length, final ParsedPacket out)
    {
        if (length < EthernetDescriptor.HEADER_LENGTH)
        {
            return ETHERNET_TRUNCATED;
        }
        int etherType = u16(buffer, EthernetDescriptor.ETHER_TYPE_OFFSET);
        int l3Offset = EthernetDescriptor.HEADER_LENGTH;
        if (etherType == EthernetDescriptor.ETHER_TYPE_VLAN)
        {
            if (length < EthernetDescriptor.VLAN_HEADER_LENGTH)
            {
                return VLAN_TRUNCATED;
            }
            out.vlanId = u16(buffer, EthernetDescriptor.VLAN_TCI_OFFSET) & EthernetDescriptor.VLAN_ID_MASK;
            etherType = u16(buffer, EthernetDescriptor.VLAN_ETHER_TYPE_OFFSET);
            l3Offset = EthernetDescriptor.VLAN_HEADER_LENGTH;
        }
        out.etherType = etherType;
        out.l3Offset = l3Offset;
        if (etherType == EthernetDescriptor.ETHER_TYPE_IPV4)
        {
            return parseIpv4(buffer, length, l3Offset, out);
        }
        if (etherType == EthernetDescriptor.ETHER_TYPE_IPV6)
        {
            return parseIpv6(buffer, length, l3Offset, out);
        }
        return NOT_IP;
    }

    private int parseIpv4(final DirectBuffer buffer, final int length, final int l3, final ParsedPacket out)
    {
        final int available = length - l3;
        if (available < Ipv4Descriptor.MIN_HEADER_LENGTH)
        {
            return IPV4_TRUNCATED;
        }
        // The fixed 20 bytes in three reads (available >= 20): every field below comes out of them, and so does the
        // checksum of a header without options.
        final long w0 = buffer.getLong(l3, NET); // version/IHL, TOS, total length, identification, flags/fragment
        final long w1 = buffer.getLong(l3 + 8, NET); // TTL, protocol, header checksum, source address
        final long w2 = buffer.getInt(l3 + 16, NET) & 0xFFFF_FFFFL; // destination address
        final int versionIhl = (int) (w0 >>> 56);
        if ((versionIhl >>> 4) != 4)
        {
            return IPV4_BAD_VERSION;
        }
        final int headerLength = (versionIhl & 0x0F) * 4;
        if (headerLength < Ipv4Descriptor.MIN_HEADER_LENGTH)
        {
            return IPV4_BAD_IHL;
        }
        if (headerLength > available)
        {
            return IPV4_IHL_BEYOND_FRAME;
        }
        final int totalLength = (int) (w0 >>> 32) & 0xFFFF;
        if (totalLength < headerLength || totalLength > available)
        {
            return IPV4_BAD_TOTAL_LENGTH;
        }
        final boolean checksumValid = headerLength == Ipv4Descriptor.MIN_HEADER_LENGTH ?
            Checksum.isIpv4HeaderValid(w0, w1, w2) : Checksum.isIpv4HeaderValid(buffer, l3, headerLength);
        if (!checksumValid)
        {
            return IPV4_BAD_CHECKSUM;
        }
        final int src = (int) w1;
        if (src == 0 || src == -1 || (src >>> 24) == 127 || (src >>> 28) == 0xE)
        {
            return IPV4_BAD_SOURCE;
        }
        final int fragmentOffset = (int) w0 & 0xFFFF;
        final int units = fragmentOffset & Ipv4Descriptor.FRAGMENT_OFFSET_MASK;
        if (units == 1)
        {
            return FRAGMENT_OFFSET_ONE;
        }
        if (units != 0)
        {
            return FRAGMENT_NOT_FIRST;
        }
        out.fragment = (fragmentOffset & Ipv4Descriptor.FLAG_MF) != 0 ?
            ParsedPacket.FRAGMENT_FIRST : ParsedPacket.FRAGMENT_NONE;
        out.ipVersion = 4;
        final int end = l3 + totalLength;
        out.frameLength = end;
        int protocol = (int) (w1 >>> 48) & 0xFF;
        int l4Offset = l3 + headerLength;
        if (protocol == Ipv6Descriptor.EXT_AUTH)
        {
            final int walk = walkExtensions(buffer, l4Offset, end, protocol, false);
            if (walk != OK)
            {
                return walk;
            }
            protocol = walkProtocol;
            l4Offset = walkOffset;
        }
        return parseTransport(buffer, l4Offset, end, protocol, out);
    }

    private int parseIpv6(final DirectBuffer buffer, final int length, final int l3, final ParsedPacket out)
    {
        final int available = length - l3;
        if (available < Ipv6Descriptor.HEADER_LENGTH)
        {
            return IPV6_TRUNCATED;
        }
        if ((u8(buffer, l3) >>> 4) != 6)
        {
            return IPV6_BAD_VERSION;
        }
        final int payloadLength = u16(buffer, l3 + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET);
        if (payloadLength > available - Ipv6Descriptor.HEADER_LENGTH)
        {
            return IPV6_BAD_PAYLOAD_LENGTH;
        }
        final long srcHi = buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET, NET);
        final long srcLo = buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, NET);
        if ((srcHi >>> 56) == 0xFF || (srcHi == 0 && (srcLo == 0 || srcLo == 1)))
        {
            return IPV6_BAD_SOURCE;
        }
        out.ipVersion = 6;
        final int end = l3 + Ipv6Descriptor.HEADER_LENGTH + payloadLength;
        out.frameLength = end;
        final int walk = walkExtensions(
            buffer, l3 + Ipv6Descriptor.HEADER_LENGTH, end, u8(buffer, l3 + Ipv6Descriptor.NEXT_HEADER_OFFSET), true);
        if (walk != OK)
        {
            return walk;
        }
        out.fragment = walkFragment;
        return parseTransport(buffer, walkOffset, end, walkProtocol, out);
    }

    /**
     * Walks extension headers (all IPv6 ones when {@code ipv6}, else only AH) from {@code offset} while they lie
     * within {@code end}; leaves the transport offset, protocol and fragment status in the walk fields.
     */
    private int walkExtensions(
        final DirectBuffer buffer, final int offset, final int end, final int nextHeader, final boolean ipv6)
    {
        int at = offset;
        int header = nextHeader;
        int fragment = ParsedPacket.FRAGMENT_NONE;
        while (isExtension(header, ipv6))
        {
            if (end - at < Ipv6Descriptor.EXT_MIN_LENGTH)
            {
                return EXTENSION_TRUNCATED;
            }
            final int lengthField = u8(buffer, at + Ipv6Descriptor.EXT_LENGTH_OFFSET);
            final int headerLength;
            if (header == Ipv6Descriptor.EXT_FRAGMENT)
            {
                headerLength = Ipv6Descriptor.FRAGMENT_HEADER_LENGTH;
                final int word = u16(buffer, at + Ipv6Descriptor.FRAGMENT_OFFSET_FLAGS_OFFSET);
                final int fragmentOffset = word & Ipv6Descriptor.FRAGMENT_OFFSET_MASK;
                if (fragmentOffset == 8)
                {
                    return FRAGMENT_OFFSET_ONE;
                }
                if (fragmentOffset != 0)
                {
                    return FRAGMENT_NOT_FIRST;
                }
                if ((word & Ipv6Descriptor.FRAGMENT_FLAG_M) != 0)
                {
                    fragment = ParsedPacket.FRAGMENT_FIRST;
                }
            }
            else if (header == Ipv6Descriptor.EXT_AUTH)
            {
                headerLength = (lengthField + 2) * 4;
            }
            else
            {
                headerLength = (lengthField + 1) * 8;
            }
            if (headerLength > end - at)
            {
                return EXTENSION_TRUNCATED;
            }
            header = u8(buffer, at + Ipv6Descriptor.EXT_NEXT_HEADER_OFFSET);
            at += headerLength;
        }
        walkOffset = at;
        walkProtocol = header;
        walkFragment = fragment;
        return OK;
    }

    private static boolean isExtension(final int header, final boolean ipv6)
    {
        if (header == Ipv6Descriptor.EXT_AUTH)
        {
            return true;
        }
        return ipv6 && (header == Ipv6Descriptor.EXT_HOP_BY_HOP || header == Ipv6Descriptor.EXT_ROUTING ||
            header == Ipv6Descriptor.EXT_FRAGMENT || header == Ipv6Descriptor.EXT_DEST_OPTIONS);
    }

    private int parseTransport(
        final DirectBuffer buffer, final int l4, final int end, final int protocol, final ParsedPacket out)
    {
        out.protocol = protocol;
        out.l4Offset = l4;
        final int l4Length = end - l4;
        out.l4Length = l4Length;
        switch (protocol)
        {
            case IpProtocol.TCP:
            {
                if (l4Length < TcpDescriptor.MIN_HEADER_LENGTH)
                {
                    return TCP_TRUNCATED;
                }
                final int headerLength = (u8(buffer, l4 + TcpDescriptor.DATA_OFFSET_OFFSET) >>> 4) * 4;
                if (headerLength < TcpDescriptor.MIN_HEADER_LENGTH || headerLength > l4Length)
                {
                    return TCP_BAD_DATA_OFFSET;
                }
                return checkPorts(buffer, l4);
            }
            case IpProtocol.UDP:
            {
                if (l4Length < UdpDescriptor.HEADER_LENGTH)
                {
                    return UDP_TRUNCATED;
                }
                final int udpLength = u16(buffer, l4 + UdpDescriptor.LENGTH_OFFSET);
                final boolean badLength = out.fragment == ParsedPacket.FRAGMENT_NONE ?
                    udpLength != l4Length : udpLength < l4Length;
                if (badLength)
                {
                    return UDP_BAD_LENGTH;
                }
                return checkPorts(buffer, l4);
            }
            case IpProtocol.ICMP:
                return out.ipVersion == 4 ? parseIcmp(buffer, l4, end, out) : UNSUPPORTED_TRANSPORT;
            case IpProtocol.ICMPV6:
                return out.ipVersion == 6 ? parseIcmp(buffer, l4, end, out) : UNSUPPORTED_TRANSPORT;
            default:
                return UNSUPPORTED_TRANSPORT;
        }
    }

    private static int checkPorts(final DirectBuffer buffer, final int l4)
    {
        // Source and destination ports are at the same offsets in TCP and UDP, one 16-bit half each of this read
        // (in either byte order).
        final int ports = buffer.getInt(l4 + TcpDescriptor.SRC_PORT_OFFSET);
        return (ports & 0xFFFF) == 0 || (ports >>> 16) == 0 ? ZERO_PORT : OK;
    }

    private int parseIcmp(final DirectBuffer buffer, final int l4, final int end, final ParsedPacket out)
    {
        if (end - l4 < Icmp4Descriptor.HEADER_LENGTH)
        {
            return ICMP_TRUNCATED;
        }
        final int type = u8(buffer, l4 + Icmp4Descriptor.TYPE_OFFSET);
        out.icmpType = type;
        out.icmpCode = u8(buffer, l4 + Icmp4Descriptor.CODE_OFFSET);
        final boolean v4 = out.ipVersion == 4;
        if (v4 ? !Icmp4Descriptor.isError(type) : !Icmp6Descriptor.isError(type))
        {
            return OK;
        }
        final int inner = l4 + Icmp4Descriptor.HEADER_LENGTH;
        final int available = end - inner;
        if (v4)
        {
            if (available < Ipv4Descriptor.MIN_HEADER_LENGTH + EMBEDDED_L4_MIN)
            {
                return ICMP_ERROR_INCOMPLETE;
            }
            final int versionIhl = u8(buffer, inner);
            final int headerLength = (versionIhl & 0x0F) * 4;
            if ((versionIhl >>> 4) != 4 || headerLength < Ipv4Descriptor.MIN_HEADER_LENGTH)
            {
                return ICMP_ERROR_BAD_EMBEDDED;
            }
            if (available < headerLength + EMBEDDED_L4_MIN)
            {
                return ICMP_ERROR_INCOMPLETE;
            }
            out.innerProtocol = u8(buffer, inner + Ipv4Descriptor.PROTOCOL_OFFSET);
            out.innerL4Offset = inner + headerLength;
        }
        else
        {
            if (available < Ipv6Descriptor.HEADER_LENGTH + EMBEDDED_L4_MIN)
            {
                return ICMP_ERROR_INCOMPLETE;
            }
            if ((u8(buffer, inner) >>> 4) != 6)
            {
                return ICMP_ERROR_BAD_EMBEDDED;
            }
            final int walk = walkEmbeddedIpv6(buffer, inner, end);
            if (walk != OK)
            {
                return walk;
            }
            out.innerProtocol = walkProtocol;
            out.innerL4Offset = walkOffset;
        }
        out.innerL3Offset = inner;
        out.innerIpVersion = out.ipVersion;
        return OK;
    }

    /**
     * Walks the embedded IPv6 header's extension chain; a chain cut by the end of the error message, or one that
     * leaves fewer than 8 bytes of transport, makes the error incomplete. Fragment headers are skipped (no drop for
     * an embedded non-first fragment: its addresses still identify the flow).
     */
    private int walkEmbeddedIpv6(final DirectBuffer buffer, final int inner, final int end)
    {
        int at = inner + Ipv6Descriptor.HEADER_LENGTH;
        int header = u8(buffer, inner + Ipv6Descriptor.NEXT_HEADER_OFFSET);
        while (isExtension(header, true))
        {
            if (end - at < Ipv6Descriptor.EXT_MIN_LENGTH)
            {
                return ICMP_ERROR_INCOMPLETE;
            }
            final int lengthField = u8(buffer, at + Ipv6Descriptor.EXT_LENGTH_OFFSET);
            final int headerLength = header == Ipv6Descriptor.EXT_FRAGMENT ? Ipv6Descriptor.FRAGMENT_HEADER_LENGTH :
                header == Ipv6Descriptor.EXT_AUTH ? (lengthField + 2) * 4 : (lengthField + 1) * 8;
            if (headerLength > end - at)
            {
                return ICMP_ERROR_INCOMPLETE;
            }
            header = u8(buffer, at + Ipv6Descriptor.EXT_NEXT_HEADER_OFFSET);
            at += headerLength;
        }
        if (end - at < EMBEDDED_L4_MIN)
        {
            return ICMP_ERROR_INCOMPLETE;
        }
        walkOffset = at;
        walkProtocol = header;
        return OK;
    }

    private static int u8(final DirectBuffer buffer, final int index)
    {
        return buffer.getByte(index) & 0xFF;
    }

    private static int u16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, NET) & 0xFFFF;
    }
}
