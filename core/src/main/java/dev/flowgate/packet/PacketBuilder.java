// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.EthernetDescriptor;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.hdr.UdpDescriptor;

/**
 * Fluent writer of test, scenario and generator packets: Ethernet (optionally one 802.1Q tag), IPv4 (optionally
 * with options) or IPv6 (optionally with extension headers; AH also after IPv4), then TCP, UDP, ICMP echo
 * request/reply, an ICMP error embedding another builder's packet, or any raw protocol with a payload. Checksums are
 * computed; deliberate corruptions (wrong checksum, wrong length fields, truncation) are opt-in.
 *
 * <pre>{@code
 * int length = new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(TcpDescriptor.SYN)
 *     .writeTo(buffer, 0);
 * }</pre>
 *
 * <p>Settings persist between writes, so a generator can change one field and write again. {@link #writeTo} does
 * not allocate; {@link #build()} returns a new array. The defaults are: MACs 02:00:00:00:00:01 to
 * 02:00:00:00:00:02, IPv4 10.0.0.1 to 10.0.0.2, TTL 64, TCP 40000 to 80 with ACK, no payload.
 */
public final class PacketBuilder
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int MAX_EXTENSIONS = 8;
    private static final int L4_ICMP_ECHO = -2;
    private static final int L4_ICMP_ERROR = -3;
    private static final int L4_ICMP_OTHER = -4;
    private static final byte[] NO_BYTES = new byte[0];

    private long srcMac = 0x02_00_00_00_00_01L;
    private long dstMac = 0x02_00_00_00_00_02L;
    private int vlanId = -1;

    private int ipVersion = 4;
    private int srcV4 = 0x0A00_0001;
    private int dstV4 = 0x0A00_0002;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int ttl = 64;
    private int tos;
    private int identification;
    private boolean dontFragment;
    private int fragmentUnits;
    private boolean moreFragments;
    private byte[] ipv4Options = NO_BYTES;
    private final int[] extensionTypes = new int[MAX_EXTENSIONS];
    private final int[] extensionLengths = new int[MAX_EXTENSIONS];
    private int extensionCount;
    private int extFragmentUnits;
    private boolean extMoreFragments;

    private int l4 = IpProtocol.TCP;
    private int srcPort = 40000;
    private int dstPort = 80;
    private int tcpFlags = TcpDescriptor.ACK;
    private int sequence;
    private int acknowledgment;
    private int window = 65535;
    private int icmpType;
    private boolean echoRequest;
    private int icmpCode;
    private int icmpIdentifier;
    private int icmpSequence;
    private PacketBuilder embedded;
    private int embeddedLength = -1;
    private byte[] payload = NO_BYTES;
    private int payloadLength;

    private int versionOverride = -1;
    private int ihlOverride = -1;
    private int totalLengthOverride = -1;
    private int payloadLengthOverride = -1;
    private int udpLengthOverride = -1;
    private int dataOffsetOverride = -1;
    private boolean badIpChecksum;
    private boolean badL4Checksum;
    private boolean zeroUdpChecksum;
    private int truncateTo = -1;

    /**
     * Sets the MAC addresses.
     *
     * @param src source MAC (48 bits).
     * @param dst destination MAC (48 bits).
     * @return this.
     */
    public PacketBuilder ethernet(final long src, final long dst)
    {
        srcMac = src;
        dstMac = dst;
        return this;
    }

    /**
     * Adds one 802.1Q tag.
     *
     * @param id VLAN id, 0 to 4095; -1 for none.
     * @return this.
     */
    public PacketBuilder vlan(final int id)
    {
        vlanId = id;
        return this;
    }

    /**
     * IPv4 with the given addresses.
     *
     * @param src source address.
     * @param dst destination address.
     * @return this.
     */
    public PacketBuilder ipv4(final int src, final int dst)
    {
        ipVersion = 4;
        srcV4 = src;
        dstV4 = dst;
        return this;
    }

    /**
     * IPv4 with the given addresses.
     *
     * @param src source, dotted quad.
     * @param dst destination, dotted quad.
     * @return this.
     */
    public PacketBuilder ipv4(final String src, final String dst)
    {
        return ipv4(IpAddresses.ipv4(src), IpAddresses.ipv4(dst));
    }

    /**
     * IPv6 with the given addresses.
     *
     * @param srcHi source, first 8 bytes.
     * @param srcLo source, last 8 bytes.
     * @param dstHi destination, first 8 bytes.
     * @param dstLo destination, last 8 bytes.
     * @return this.
     */
    public PacketBuilder ipv6(final long srcHi, final long srcLo, final long dstHi, final long dstLo)
    {
        ipVersion = 6;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        return this;
    }

    /**
     * IPv6 with the given addresses.
     *
     * @param src source, e.g. {@code 2001:db8::1}.
     * @param dst destination.
     * @return this.
     */
    public PacketBuilder ipv6(final String src, final String dst)
    {
        return ipv6(IpAddresses.ipv6Hi(src), IpAddresses.ipv6Lo(src), IpAddresses.ipv6Hi(dst), IpAddresses.ipv6Lo(dst));
    }

    /**
     * TTL (IPv4) or hop limit (IPv6).
     *
     * @param value 0 to 255.
     * @return this.
     */
    public PacketBuilder ttl(final int value)
    {
        ttl = value;
        return this;
    }

    /**
     * IPv4 type of service, or IPv6 traffic class.
     *
     * @param value the byte.
     * @return this.
     */
    public PacketBuilder tos(final int value)
    {
        tos = value;
        return this;
    }

    /**
     * IPv4 identification.
     *
     * @param value 16 bits.
     * @return this.
     */
    public PacketBuilder identification(final int value)
    {
        identification = value;
        return this;
    }

    /**
     * IPv4 don't-fragment flag.
     *
     * @param value the flag.
     * @return this.
     */
    public PacketBuilder dontFragment(final boolean value)
    {
        dontFragment = value;
        return this;
    }

    /**
     * IPv4 fragment fields.
     *
     * @param offsetUnits fragment offset in 8-byte units.
     * @param more the more-fragments flag.
     * @return this.
     */
    public PacketBuilder fragment(final int offsetUnits, final boolean more)
    {
        fragmentUnits = offsetUnits;
        moreFragments = more;
        return this;
    }

    /**
     * IPv4 options, padded with zero (end of options) to a multiple of 4 bytes; at most 40 bytes.
     *
     * @param options the option bytes.
     * @return this.
     */
    public PacketBuilder ipv4Options(final byte... options)
    {
        if (options.length > Ipv4Descriptor.MAX_HEADER_LENGTH - Ipv4Descriptor.MIN_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("at most 40 bytes of options: " + options.length);
        }
        final byte[] padded = new byte[(options.length + 3) & ~3];
        System.arraycopy(options, 0, padded, 0, options.length);
        ipv4Options = padded;
        return this;
    }

    /**
     * Appends an extension header after the IP header (any IPv6 one; after IPv4 only AH is meaningful).
     *
     * @param type 0, 43, 44, 51 or 60.
     * @param length bytes: a multiple of 8 (at least 8; the fragment header is always 8), or for AH a multiple
     *     of 4, at least 12.
     * @return this.
     */
    public PacketBuilder extension(final int type, final int length)
    {
        if (extensionCount == MAX_EXTENSIONS)
        {
            throw new IllegalStateException("at most " + MAX_EXTENSIONS + " extension headers");
        }
        final boolean auth = type == Ipv6Descriptor.EXT_AUTH;
        final int actual = type == Ipv6Descriptor.EXT_FRAGMENT ? Ipv6Descriptor.FRAGMENT_HEADER_LENGTH : length;
        if (auth ? actual < 12 || actual % 4 != 0 || actual > 1028 : actual < 8 || actual % 8 != 0 || actual > 2048)
        {
            throw new IllegalArgumentException("bad extension header length " + length + " for type " + type);
        }
        extensionTypes[extensionCount] = type;
        extensionLengths[extensionCount] = actual;
        extensionCount++;
        return this;
    }

    /**
     * Appends an IPv6 fragment header.
     *
     * @param offsetUnits fragment offset in 8-byte units.
     * @param more the M flag.
     * @return this.
     */
    public PacketBuilder ipv6Fragment(final int offsetUnits, final boolean more)
    {
        extFragmentUnits = offsetUnits;
        extMoreFragments = more;
        return extension(Ipv6Descriptor.EXT_FRAGMENT, Ipv6Descriptor.FRAGMENT_HEADER_LENGTH);
    }

    /**
     * TCP with the given ports.
     *
     * @param src source port.
     * @param dst destination port.
     * @return this.
     */
    public PacketBuilder tcp(final int src, final int dst)
    {
        l4 = IpProtocol.TCP;
        srcPort = src;
        dstPort = dst;
        return this;
    }

    /**
     * TCP flags.
     *
     * @param flags e.g. {@code TcpDescriptor.SYN | TcpDescriptor.ACK}.
     * @return this.
     */
    public PacketBuilder flags(final int flags)
    {
        tcpFlags = flags;
        return this;
    }

    /**
     * TCP sequence and acknowledgment numbers.
     *
     * @param seq sequence number.
     * @param ack acknowledgment number.
     * @return this.
     */
    public PacketBuilder sequence(final int seq, final int ack)
    {
        sequence = seq;
        acknowledgment = ack;
        return this;
    }

    /**
     * UDP with the given ports.
     *
     * @param src source port.
     * @param dst destination port.
     * @return this.
     */
    public PacketBuilder udp(final int src, final int dst)
    {
        l4 = IpProtocol.UDP;
        srcPort = src;
        dstPort = dst;
        return this;
    }

    /**
     * ICMP (v4 or v6, following the IP version) echo request.
     *
     * @param identifier echo identifier.
     * @param seq echo sequence number.
     * @return this.
     */
    public PacketBuilder icmpEchoRequest(final int identifier, final int seq)
    {
        return icmpEcho(true, identifier, seq);
    }

    /**
     * ICMP (v4 or v6, following the IP version) echo reply.
     *
     * @param identifier echo identifier.
     * @param seq echo sequence number.
     * @return this.
     */
    public PacketBuilder icmpEchoReply(final int identifier, final int seq)
    {
        return icmpEcho(false, identifier, seq);
    }

    private PacketBuilder icmpEcho(final boolean request, final int identifier, final int seq)
    {
        l4 = L4_ICMP_ECHO;
        echoRequest = request;
        icmpCode = 0;
        icmpIdentifier = identifier;
        icmpSequence = seq;
        return this;
    }

    /**
     * An ICMP error (type and code of the message's family, e.g. 3/1 for ICMPv4, 1/3 for ICMPv6) embedding the
     * IP packet that {@code offending} writes, whole or cut to {@link #embeddedLength(int)} bytes.
     *
     * @param type ICMP type.
     * @param code ICMP code.
     * @param offending builder of the embedded packet (its Ethernet settings are ignored).
     * @return this.
     */
    public PacketBuilder icmpError(final int type, final int code, final PacketBuilder offending)
    {
        l4 = L4_ICMP_ERROR;
        icmpType = type;
        icmpCode = code;
        embedded = offending;
        return this;
    }

    /**
     * Any other ICMP message: 4 bytes of zero after the checksum, then the payload.
     *
     * @param type ICMP type.
     * @param code ICMP code.
     * @return this.
     */
    public PacketBuilder icmp(final int type, final int code)
    {
        l4 = L4_ICMP_OTHER;
        icmpType = type;
        icmpCode = code;
        return this;
    }

    /**
     * How many bytes of the offending packet an ICMP error carries.
     *
     * @param length bytes from the embedded IP header on; -1 for all.
     * @return this.
     */
    public PacketBuilder embeddedLength(final int length)
    {
        embeddedLength = length;
        return this;
    }

    /**
     * A raw transport: the IP protocol number and then only the payload.
     *
     * @param protocol the protocol number.
     * @return this.
     */
    public PacketBuilder protocol(final int protocol)
    {
        if (protocol < 0 || protocol > 255)
        {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        l4 = protocol | 0x1000;
        return this;
    }

    /**
     * The transport payload.
     *
     * @param bytes the payload (kept by reference).
     * @return this.
     */
    public PacketBuilder payload(final byte[] bytes)
    {
        payload = bytes;
        payloadLength = -1;
        return this;
    }

    /**
     * A transport payload of the given length filled with a counting pattern.
     *
     * @param length bytes.
     * @return this.
     */
    public PacketBuilder payloadLength(final int length)
    {
        payload = NO_BYTES;
        payloadLength = length;
        return this;
    }

    /**
     * Corruption: write this IP version instead of the right one.
     *
     * @param version the version nibble; -1 to stop overriding.
     * @return this.
     */
    public PacketBuilder versionField(final int version)
    {
        versionOverride = version;
        return this;
    }

    /**
     * Corruption: write this IHL (the header keeps its real length).
     *
     * @param ihl 0 to 15; -1 to stop overriding.
     * @return this.
     */
    public PacketBuilder ihlField(final int ihl)
    {
        ihlOverride = ihl;
        return this;
    }

    /**
     * Corruption: write this IPv4 total length.
     *
     * @param length the value; -1 to stop overriding.
     * @return this.
     */
    public PacketBuilder totalLengthField(final int length)
    {
        totalLengthOverride = length;
        return this;
    }

    /**
     * Corruption: write this IPv6 payload length.
     *
     * @param length the value; -1 to stop overriding.
     * @return this.
     */
    public PacketBuilder payloadLengthField(final int length)
    {
        payloadLengthOverride = length;
        return this;
    }

    /**
     * Corruption: write this UDP length.
     *
     * @param length the value; -1 to stop overriding.
     * @return this.
     */
    public PacketBuilder udpLengthField(final int length)
    {
        udpLengthOverride = length;
        return this;
    }

    /**
     * Corruption: write this TCP data offset (the header stays 20 bytes).
     *
     * @param words 0 to 15; -1 to stop overriding.
     * @return this.
     */
    public PacketBuilder dataOffsetField(final int words)
    {
        dataOffsetOverride = words;
        return this;
    }

    /**
     * Corruption: a wrong IPv4 header checksum.
     *
     * @param value true to corrupt.
     * @return this.
     */
    public PacketBuilder badIpChecksum(final boolean value)
    {
        badIpChecksum = value;
        return this;
    }

    /**
     * Corruption: a wrong transport checksum.
     *
     * @param value true to corrupt.
     * @return this.
     */
    public PacketBuilder badL4Checksum(final boolean value)
    {
        badL4Checksum = value;
        return this;
    }

    /**
     * Writes a zero UDP checksum ("none", legal over IPv4 only).
     *
     * @param value true for zero.
     * @return this.
     */
    public PacketBuilder zeroUdpChecksum(final boolean value)
    {
        zeroUdpChecksum = value;
        return this;
    }

    /**
     * Corruption: cut the written frame to at most this many bytes.
     *
     * @param length bytes; -1 for no cut.
     * @return this.
     */
    public PacketBuilder truncate(final int length)
    {
        truncateTo = length;
        return this;
    }

    /**
     * Length of the Ethernet frame {@link #writeTo} writes (after any truncation).
     *
     * @return bytes.
     */
    public int length()
    {
        final int full = ethernetLength() + ipLength();
        return truncateTo >= 0 ? Math.min(truncateTo, full) : full;
    }

    /**
     * Writes the frame. For an ICMP error the buffer needs room for the whole embedded packet even when
     * {@link #embeddedLength(int)} cuts it.
     *
     * @param buffer destination.
     * @param offset where the frame starts.
     * @return the frame length (after any truncation).
     */
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        final int ethernet = ethernetLength();
        buffer.putInt(offset, (int) (dstMac >>> 16), NET);
        buffer.putShort(offset + 4, (short) dstMac, NET);
        buffer.putInt(offset + 6, (int) (srcMac >>> 16), NET);
        buffer.putShort(offset + 10, (short) srcMac, NET);
        final int etherType = ipVersion == 4 ? EthernetDescriptor.ETHER_TYPE_IPV4 : EthernetDescriptor.ETHER_TYPE_IPV6;
        if (vlanId >= 0)
        {
            buffer.putShort(
                offset + EthernetDescriptor.ETHER_TYPE_OFFSET, (short) EthernetDescriptor.ETHER_TYPE_VLAN, NET);
            buffer.putShort(offset + EthernetDescriptor.VLAN_TCI_OFFSET, (short) (vlanId & 0x0FFF), NET);
        }
        buffer.putShort(offset + ethernet - 2, (short) etherType, NET);
        final int full = ethernet + writeIpTo(buffer, offset + ethernet);
        return truncateTo >= 0 ? Math.min(truncateTo, full) : full;
    }

    /**
     * Writes the frame into a packet's slot and sets its length.
     *
     * @param packet the packet.
     * @return the frame length.
     */
    public int writeTo(final Packet packet)
    {
        final int length = writeTo(packet.buffer(), 0);
        packet.length(length);
        return length;
    }

    /**
     * Returns the frame as a new array.
     *
     * @return the bytes.
     */
    public byte[] build()
    {
        // Room for the whole embedded packet of an ICMP error, which is written before being cut.
        final int room = ethernetLength() + ipLength() + (embedded != null ? embedded.ipLength() : 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[room]);
        final int length = writeTo(buffer, 0);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private int ethernetLength()
    {
        return vlanId >= 0 ? EthernetDescriptor.VLAN_HEADER_LENGTH : EthernetDescriptor.HEADER_LENGTH;
    }

    private int ipHeaderLength()
    {
        return ipVersion == 4 ? Ipv4Descriptor.MIN_HEADER_LENGTH + ipv4Options.length : Ipv6Descriptor.HEADER_LENGTH;
    }

    private int extensionsLength()
    {
        int length = 0;
        for (int i = 0; i < extensionCount; i++)
        {
            length += extensionLengths[i];
        }
        return length;
    }

    private int payloadSize()
    {
        return payloadLength >= 0 ? payloadLength : payload.length;
    }

    private int l4Length()
    {
        if (l4 == IpProtocol.TCP)
        {
            return TcpDescriptor.MIN_HEADER_LENGTH + payloadSize();
        }
        if (l4 == IpProtocol.UDP)
        {
            return UdpDescriptor.HEADER_LENGTH + payloadSize();
        }
        if (l4 == L4_ICMP_ERROR)
        {
            return Icmp4Descriptor.HEADER_LENGTH + embeddedBytes();
        }
        if (l4 == L4_ICMP_ECHO || l4 == L4_ICMP_OTHER)
        {
            return Icmp4Descriptor.HEADER_LENGTH + payloadSize();
        }
        return payloadSize();
    }

    private int embeddedBytes()
    {
        final int whole = embedded.ipLength();
        return embeddedLength >= 0 ? Math.min(embeddedLength, whole) : whole;
    }

    /**
     * Length of the IP packet (without Ethernet, before any truncation).
     *
     * @return bytes.
     */
    public int ipLength()
    {
        return ipHeaderLength() + extensionsLength() + l4Length();
    }

    private int transportProtocol()
    {
        if (l4 == IpProtocol.TCP || l4 == IpProtocol.UDP)
        {
            return l4;
        }
        if (l4 == L4_ICMP_ECHO || l4 == L4_ICMP_ERROR || l4 == L4_ICMP_OTHER)
        {
            return ipVersion == 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
        }
        return l4 & 0xFF;
    }

    /**
     * Writes only the IP packet (no Ethernet header, no truncation): what an ICMP error embeds.
     *
     * @param buffer destination.
     * @param offset where the IP header starts.
     * @return the IP packet length.
     */
    public int writeIpTo(final MutableDirectBuffer buffer, final int offset)
    {
        final int headerLength = ipHeaderLength();
        final int extensions = extensionsLength();
        final int l4Length = l4Length();
        final int protocol = transportProtocol();
        final int firstProtocol = extensionCount > 0 ? extensionTypes[0] : protocol;
        final int l4Offset = offset + headerLength + extensions;
        if (ipVersion == 4)
        {
            writeIpv4Header(buffer, offset, headerLength, headerLength + extensions + l4Length, firstProtocol);
        }
        else
        {
            writeIpv6Header(buffer, offset, extensions + l4Length, firstProtocol);
        }
        writeExtensions(buffer, offset + headerLength, protocol);
        writeTransport(buffer, offset, l4Offset, l4Length, protocol);
        if (ipVersion == 4)
        {
            // With a corrupted IHL the checksum covers the claimed header, so only the IHL is wrong.
            final int claimed = ihlOverride >= 5 ? ihlOverride * 4 : headerLength;
            final int covered = claimed <= headerLength + extensions + l4Length ? claimed : headerLength;
            final int checksum = Checksum.ipv4Header(buffer, offset, covered);
            buffer.putShort(offset + Ipv4Descriptor.CHECKSUM_OFFSET,
                (short) (badIpChecksum ? checksum ^ 1 : checksum), NET);
        }
        return headerLength + extensions + l4Length;
    }

    private void writeIpv4Header(
        final MutableDirectBuffer buffer, final int offset, final int headerLength, final int totalLength,
        final int protocol)
    {
        final int version = versionOverride >= 0 ? versionOverride : 4;
        final int ihl = ihlOverride >= 0 ? ihlOverride : headerLength / 4;
        buffer.putByte(offset + Ipv4Descriptor.VERSION_IHL_OFFSET, (byte) ((version << 4) | (ihl & 0x0F)));
        buffer.putByte(offset + Ipv4Descriptor.TOS_OFFSET, (byte) tos);
        buffer.putShort(offset + Ipv4Descriptor.TOTAL_LENGTH_OFFSET,
            (short) (totalLengthOverride >= 0 ? totalLengthOverride : totalLength), NET);
        buffer.putShort(offset + Ipv4Descriptor.IDENTIFICATION_OFFSET, (short) identification, NET);
        final int flags = (dontFragment ? Ipv4Descriptor.FLAG_DF : 0) | (moreFragments ? Ipv4Descriptor.FLAG_MF : 0);
        buffer.putShort(offset + Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET,
            (short) (flags | (fragmentUnits & Ipv4Descriptor.FRAGMENT_OFFSET_MASK)), NET);
        buffer.putByte(offset + Ipv4Descriptor.TTL_OFFSET, (byte) ttl);
        buffer.putByte(offset + Ipv4Descriptor.PROTOCOL_OFFSET, (byte) protocol);
        buffer.putShort(offset + Ipv4Descriptor.CHECKSUM_OFFSET, (short) 0);
        buffer.putInt(offset + Ipv4Descriptor.SRC_ADDRESS_OFFSET, srcV4, NET);
        buffer.putInt(offset + Ipv4Descriptor.DST_ADDRESS_OFFSET, dstV4, NET);
        buffer.putBytes(offset + Ipv4Descriptor.MIN_HEADER_LENGTH, ipv4Options);
    }

    private void writeIpv6Header(
        final MutableDirectBuffer buffer, final int offset, final int payload, final int nextHeader)
    {
        final int version = versionOverride >= 0 ? versionOverride : 6;
        buffer.putInt(offset + Ipv6Descriptor.VERSION_TC_FLOW_OFFSET, (version << 28) | ((tos & 0xFF) << 20), NET);
        buffer.putShort(offset + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET,
            (short) (payloadLengthOverride >= 0 ? payloadLengthOverride : payload), NET);
        buffer.putByte(offset + Ipv6Descriptor.NEXT_HEADER_OFFSET, (byte) nextHeader);
        buffer.putByte(offset + Ipv6Descriptor.HOP_LIMIT_OFFSET, (byte) ttl);
        buffer.putLong(offset + Ipv6Descriptor.SRC_ADDRESS_OFFSET, srcHi, NET);
        buffer.putLong(offset + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, srcLo, NET);
        buffer.putLong(offset + Ipv6Descriptor.DST_ADDRESS_OFFSET, dstHi, NET);
        buffer.putLong(offset + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8, dstLo, NET);
    }

    private void writeExtensions(final MutableDirectBuffer buffer, final int offset, final int protocol)
    {
        int at = offset;
        for (int i = 0; i < extensionCount; i++)
        {
            final int type = extensionTypes[i];
            final int length = extensionLengths[i];
            final int next = i + 1 < extensionCount ? extensionTypes[i + 1] : protocol;
            buffer.setMemory(at, length, (byte) 0);
            buffer.putByte(at + Ipv6Descriptor.EXT_NEXT_HEADER_OFFSET, (byte) next);
            if (type == Ipv6Descriptor.EXT_FRAGMENT)
            {
                buffer.putShort(at + Ipv6Descriptor.FRAGMENT_OFFSET_FLAGS_OFFSET,
                    (short) ((extFragmentUnits << 3) | (extMoreFragments ? Ipv6Descriptor.FRAGMENT_FLAG_M : 0)), NET);
                buffer.putInt(at + Ipv6Descriptor.FRAGMENT_IDENTIFICATION_OFFSET, identification, NET);
            }
            else if (type == Ipv6Descriptor.EXT_AUTH)
            {
                buffer.putByte(at + Ipv6Descriptor.EXT_LENGTH_OFFSET, (byte) (length / 4 - 2));
            }
            else
            {
                buffer.putByte(at + Ipv6Descriptor.EXT_LENGTH_OFFSET, (byte) (length / 8 - 1));
            }
            at += length;
        }
    }

    private void writeTransport(
        final MutableDirectBuffer buffer, final int ipOffset, final int l4Offset, final int l4Length,
        final int protocol)
    {
        if (l4 == IpProtocol.TCP)
        {
            buffer.putShort(l4Offset + TcpDescriptor.SRC_PORT_OFFSET, (short) srcPort, NET);
            buffer.putShort(l4Offset + TcpDescriptor.DST_PORT_OFFSET, (short) dstPort, NET);
            buffer.putInt(l4Offset + TcpDescriptor.SEQUENCE_OFFSET, sequence, NET);
            buffer.putInt(l4Offset + TcpDescriptor.ACKNOWLEDGMENT_OFFSET, acknowledgment, NET);
            final int dataOffset = dataOffsetOverride >= 0 ? dataOffsetOverride : 5;
            buffer.putByte(l4Offset + TcpDescriptor.DATA_OFFSET_OFFSET, (byte) (dataOffset << 4));
            buffer.putByte(l4Offset + TcpDescriptor.FLAGS_OFFSET, (byte) tcpFlags);
            buffer.putShort(l4Offset + TcpDescriptor.WINDOW_OFFSET, (short) window, NET);
            buffer.putInt(l4Offset + TcpDescriptor.CHECKSUM_OFFSET, 0);
            writePayload(buffer, l4Offset + TcpDescriptor.MIN_HEADER_LENGTH);
        }
        else if (l4 == IpProtocol.UDP)
        {
            buffer.putShort(l4Offset + UdpDescriptor.SRC_PORT_OFFSET, (short) srcPort, NET);
            buffer.putShort(l4Offset + UdpDescriptor.DST_PORT_OFFSET, (short) dstPort, NET);
            buffer.putShort(l4Offset + UdpDescriptor.LENGTH_OFFSET,
                (short) (udpLengthOverride >= 0 ? udpLengthOverride : l4Length), NET);
            buffer.putShort(l4Offset + UdpDescriptor.CHECKSUM_OFFSET, (short) 0);
            writePayload(buffer, l4Offset + UdpDescriptor.HEADER_LENGTH);
        }
        else if (l4 == L4_ICMP_ECHO || l4 == L4_ICMP_ERROR || l4 == L4_ICMP_OTHER)
        {
            writeIcmp(buffer, l4Offset);
        }
        else
        {
            writePayload(buffer, l4Offset);
            return;
        }
        final int checksumAt = l4Offset + Checksum.checksumFieldOffset(protocol);
        int checksum = ipVersion == 4 ?
            Checksum.transportIpv4(buffer, ipOffset, l4Offset, l4Length, protocol) :
            Checksum.transportIpv6(buffer, ipOffset, l4Offset, l4Length, protocol);
        if (l4 == IpProtocol.UDP && zeroUdpChecksum)
        {
            checksum = 0;
        }
        else if (badL4Checksum)
        {
            checksum = (checksum ^ 1) == 0 ? checksum ^ 2 : checksum ^ 1;
        }
        buffer.putShort(checksumAt, (short) checksum, NET);
    }

    private void writeIcmp(final MutableDirectBuffer buffer, final int l4Offset)
    {
        final int type;
        if (l4 == L4_ICMP_ECHO)
        {
            type = ipVersion == 4 ?
                (echoRequest ? Icmp4Descriptor.TYPE_ECHO_REQUEST : Icmp4Descriptor.TYPE_ECHO_REPLY) :
                (echoRequest ? Icmp6Descriptor.TYPE_ECHO_REQUEST : Icmp6Descriptor.TYPE_ECHO_REPLY);
        }
        else
        {
            type = icmpType;
        }
        buffer.putByte(l4Offset + Icmp4Descriptor.TYPE_OFFSET, (byte) type);
        buffer.putByte(l4Offset + Icmp4Descriptor.CODE_OFFSET, (byte) icmpCode);
        buffer.putShort(l4Offset + Icmp4Descriptor.CHECKSUM_OFFSET, (short) 0);
        if (l4 == L4_ICMP_ECHO)
        {
            buffer.putShort(l4Offset + Icmp4Descriptor.IDENTIFIER_OFFSET, (short) icmpIdentifier, NET);
            buffer.putShort(l4Offset + Icmp4Descriptor.SEQUENCE_OFFSET, (short) icmpSequence, NET);
        }
        else
        {
            buffer.putInt(l4Offset + Icmp4Descriptor.IDENTIFIER_OFFSET, 0);
        }
        if (l4 == L4_ICMP_ERROR)
        {
            // Written whole, then only embeddedBytes() of it count as part of this packet.
            embedded.writeIpTo(buffer, l4Offset + Icmp4Descriptor.HEADER_LENGTH);
        }
        else
        {
            writePayload(buffer, l4Offset + Icmp4Descriptor.HEADER_LENGTH);
        }
    }

    private void writePayload(final MutableDirectBuffer buffer, final int offset)
    {
        if (payloadLength >= 0)
        {
            for (int i = 0; i < payloadLength; i++)
            {
                buffer.putByte(offset + i, (byte) i);
            }
        }
        else
        {
            buffer.putBytes(offset, payload);
        }
    }
}
