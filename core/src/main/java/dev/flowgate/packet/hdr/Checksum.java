// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Internet checksums (RFC 1071): full computation and verification, and RFC 1624 incremental updates.
 *
 * <p>Full computations return the value to store, computed as if the checksum field were zero; they are used
 * by the builder and by whoever refreshes checksums off the fast path. Incremental updates
 * ({@link #update16}, {@link #update32}, {@link #update128}) implement RFC 1624 equation 3,
 * {@code HC' = ~(~HC + ~m + m')}; for a checksum that was computed in full they give exactly the value a full
 * recomputation would (both produce a folded sum in 1..0xFFFF before complementing). UDP's special cases are the
 * caller's: over IPv4 a stored zero means "no checksum" and must stay zero after a rewrite, and a computed zero
 * is sent as 0xFFFF ({@link #udpChecksum(int)}).
 *
 * <p>Nothing here allocates; every method is static.
 */
public final class Checksum
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final boolean NATIVE_IS_NET = ByteOrder.nativeOrder() == NET;

    private Checksum()
    {
    }

    /**
     * The one's-complement sum of a byte range read as big-endian 16-bit words, folded to 16 bits; an odd last byte
     * is padded with zero on the right. Callers may add further big-endian quantities (pseudo-header fields) to the
     * result before {@link #finish(long)}.
     *
     * <p>Reads 8 bytes at a time in native order: the one's-complement sum is byte-order independent (RFC 1071
     * section 2(B)), so summing byte-swapped words and swapping the folded result gives the same value.
     *
     * @param buffer the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the folded sum, 0 only when every word is zero.
     */
    public static long sum(final DirectBuffer buffer, final int offset, final int length)
    {
        long sum = 0;
        int i = offset;
        final int end = offset + length;
        // Each 32-bit half is congruent, modulo 0xFFFF, to the sum of its two 16-bit words.
        while (i + 8 <= end)
        {
            final long value = buffer.getLong(i);
            sum += (value >>> 32) + (value & 0xFFFF_FFFFL);
            i += 8;
        }
        if (i + 4 <= end)
        {
            sum += buffer.getInt(i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= end)
        {
            sum += buffer.getShort(i) & 0xFFFF;
            i += 2;
        }
        if (i < end)
        {
            final int last = buffer.getByte(i) & 0xFF;
            sum += NATIVE_IS_NET ? last << 8 : last;
        }
        final int folded = fold(sum);
        return NATIVE_IS_NET ? folded : Short.reverseBytes((short) folded) & 0xFFFF;
    }

    /**
     * Folds a sum to 16 bits with end-around carries.
     *
     * @param sum an unfolded sum.
     * @return the folded sum, 1..0xFFFF unless the sum was 0.
     */
    public static int fold(final long sum)
    {
        // Four fixed steps, no loop: a loop's exit depends on the data, and its mispredictions cost more than the
        // steps. 2^32 and 2^16 are both 1 modulo 0xFFFF, so each step keeps the value modulo 0xFFFF, and a non-zero
        // value non-zero: below 2^33, then below 0x30000, then at most 0x10001, then at most 0xFFFF.
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /**
     * {@link #fold} of a sum below 2^31, the size of every incremental update's (a handful of 16-bit words): two
     * steps, half the dependent chain. The first leaves at most 0xFFFF + 0x7FFF, the second at most 0xFFFF.
     *
     * @param sum an unfolded sum, 0 to 2^31 - 1.
     * @return the folded sum, 1..0xFFFF unless the sum was 0.
     */
    public static int foldSmall(final int sum)
    {
        final int s = (sum & 0xFFFF) + (sum >>> 16);
        return (s & 0xFFFF) + (s >>> 16);
    }

    /**
     * {@link #finish} of a sum below 2^31.
     *
     * @param sum an unfolded sum, 0 to 2^31 - 1.
     * @return the checksum, 16 bits.
     */
    public static int finishSmall(final int sum)
    {
        return ~foldSmall(sum) & 0xFFFF;
    }

    /**
     * The checksum to store for a sum: the complement of its fold.
     *
     * @param sum an unfolded sum.
     * @return the checksum, 16 bits.
     */
    public static int finish(final long sum)
    {
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Maps a computed UDP checksum of zero to 0xFFFF (RFC 768: zero means "no checksum").
     *
     * @param checksum a computed checksum.
     * @return the value to send.
     */
    public static int udpChecksum(final int checksum)
    {
        return checksum == 0 ? 0xFFFF : checksum;
    }

    /**
     * The sum of a range, leaving out the 16-bit checksum field at {@code fieldOffset} (relative, even).
     */
    private static long sumSkipping(
        final DirectBuffer buffer, final int offset, final int length, final int fieldOffset)
    {
        return sum(buffer, offset, fieldOffset) +
            sum(buffer, offset + fieldOffset + 2, length - fieldOffset - 2);
    }

    /**
     * The IPv4 header checksum to store.
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv4 header.
     * @param headerLength IHL * 4.
     * @return the checksum.
     */
    public static int ipv4Header(final DirectBuffer buffer, final int ipOffset, final int headerLength)
    {
        return finish(sumSkipping(buffer, ipOffset, headerLength, Ipv4Descriptor.CHECKSUM_OFFSET));
    }

    /**
     * Verifies an IPv4 header checksum.
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv4 header.
     * @param headerLength IHL * 4.
     * @return true when the header sums to 0xFFFF.
     */
    public static boolean isIpv4HeaderValid(final DirectBuffer buffer, final int ipOffset, final int headerLength)
    {
        return fold(sum(buffer, ipOffset, headerLength)) == 0xFFFF;
    }

    /**
     * Verifies the checksum of an IPv4 header without options from its 20 bytes read big-endian as 8, 8 and 4 bytes
     * (what the parser reads anyway).
     *
     * @param w0 bytes 0 to 7.
     * @param w1 bytes 8 to 15.
     * @param w2 bytes 16 to 19, unsigned.
     * @return true when the header sums to 0xFFFF.
     */
    public static boolean isIpv4HeaderValid(final long w0, final long w1, final long w2)
    {
        // Each 32-bit half is congruent, modulo 0xFFFF, to the sum of its two 16-bit words (as in sum()).
        return fold((w0 >>> 32) + (w0 & 0xFFFF_FFFFL) + (w1 >>> 32) + (w1 & 0xFFFF_FFFFL) + w2) == 0xFFFF;
    }

    /**
     * The IPv4 pseudo-header sum (source, destination, protocol, transport length).
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv4 header.
     * @param protocol the IP protocol.
     * @param l4Length transport header plus data.
     * @return the unfolded sum.
     */
    public static long pseudoHeaderIpv4(
        final DirectBuffer buffer, final int ipOffset, final int protocol, final int l4Length)
    {
        return sum(buffer, ipOffset + Ipv4Descriptor.SRC_ADDRESS_OFFSET, 8) + protocol + l4Length;
    }

    /**
     * The IPv6 pseudo-header sum (source, destination, upper-layer length, next header).
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv6 header.
     * @param protocol the upper-layer protocol.
     * @param l4Length transport header plus data.
     * @return the unfolded sum.
     */
    public static long pseudoHeaderIpv6(
        final DirectBuffer buffer, final int ipOffset, final int protocol, final int l4Length)
    {
        return sum(buffer, ipOffset + Ipv6Descriptor.SRC_ADDRESS_OFFSET, 32) + protocol + l4Length;
    }

    /**
     * Offset of the checksum field in a transport header.
     *
     * @param protocol 6, 17, 1 or 58.
     * @return the offset.
     * @throws IllegalArgumentException for another protocol.
     */
    public static int checksumFieldOffset(final int protocol)
    {
        switch (protocol)
        {
            case IpProtocol.TCP:
                return TcpDescriptor.CHECKSUM_OFFSET;
            case IpProtocol.UDP:
                return UdpDescriptor.CHECKSUM_OFFSET;
            case IpProtocol.ICMP:
            case IpProtocol.ICMPV6:
                return Icmp4Descriptor.CHECKSUM_OFFSET;
            default:
                throw new IllegalArgumentException("no checksum known for protocol " + protocol);
        }
    }

    /**
     * The transport checksum to store for a TCP, UDP or ICMPv4 message over IPv4 (ICMPv4 has no pseudo-header;
     * a UDP result of zero is returned as 0xFFFF).
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv4 header.
     * @param l4Offset offset of the transport header.
     * @param l4Length transport header plus data.
     * @param protocol 6, 17 or 1.
     * @return the checksum.
     */
    public static int transportIpv4(
        final DirectBuffer buffer, final int ipOffset, final int l4Offset, final int l4Length, final int protocol)
    {
        final long pseudo = protocol == IpProtocol.ICMP ? 0 : pseudoHeaderIpv4(buffer, ipOffset, protocol, l4Length);
        final int checksum = finish(pseudo + sumSkipping(buffer, l4Offset, l4Length, checksumFieldOffset(protocol)));
        return protocol == IpProtocol.UDP ? udpChecksum(checksum) : checksum;
    }

    /**
     * The transport checksum to store for a TCP, UDP or ICMPv6 message over IPv6 (all with the pseudo-header).
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv6 header (its addresses are used).
     * @param l4Offset offset of the transport header.
     * @param l4Length transport header plus data.
     * @param protocol 6, 17 or 58.
     * @return the checksum.
     */
    public static int transportIpv6(
        final DirectBuffer buffer, final int ipOffset, final int l4Offset, final int l4Length, final int protocol)
    {
        final long pseudo = pseudoHeaderIpv6(buffer, ipOffset, protocol, l4Length);
        final int checksum = finish(pseudo + sumSkipping(buffer, l4Offset, l4Length, checksumFieldOffset(protocol)));
        return protocol == IpProtocol.UDP ? udpChecksum(checksum) : checksum;
    }

    /**
     * Verifies a transport checksum over IPv4. A zero UDP checksum (none) is valid.
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv4 header.
     * @param l4Offset offset of the transport header.
     * @param l4Length transport header plus data.
     * @param protocol 6, 17 or 1.
     * @return true when valid.
     */
    public static boolean isTransportIpv4Valid(
        final DirectBuffer buffer, final int ipOffset, final int l4Offset, final int l4Length, final int protocol)
    {
        if (protocol == IpProtocol.UDP && buffer.getShort(l4Offset + UdpDescriptor.CHECKSUM_OFFSET, NET) == 0)
        {
            return true;
        }
        final long pseudo = protocol == IpProtocol.ICMP ? 0 : pseudoHeaderIpv4(buffer, ipOffset, protocol, l4Length);
        return fold(pseudo + sum(buffer, l4Offset, l4Length)) == 0xFFFF;
    }

    /**
     * Verifies a transport checksum over IPv6 (a zero UDP checksum is invalid over IPv6).
     *
     * @param buffer the packet.
     * @param ipOffset offset of the IPv6 header.
     * @param l4Offset offset of the transport header.
     * @param l4Length transport header plus data.
     * @param protocol 6, 17 or 58.
     * @return true when valid.
     */
    public static boolean isTransportIpv6Valid(
        final DirectBuffer buffer, final int ipOffset, final int l4Offset, final int l4Length, final int protocol)
    {
        return fold(pseudoHeaderIpv6(buffer, ipOffset, protocol, l4Length) + sum(buffer, l4Offset, l4Length)) ==
            0xFFFF;
    }

    /**
     * RFC 1624 update of a checksum for a 16-bit field change.
     *
     * @param checksum the stored checksum.
     * @param oldValue the field's old value (16 bits).
     * @param newValue the field's new value (16 bits).
     * @return the new checksum.
     */
    public static int update16(final int checksum, final int oldValue, final int newValue)
    {
        return finish((~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF));
    }

    /**
     * RFC 1624 update of a checksum for a 32-bit field change (an IPv4 address).
     *
     * @param checksum the stored checksum.
     * @param oldValue the field's old value.
     * @param newValue the field's new value.
     * @return the new checksum.
     */
    public static int update32(final int checksum, final int oldValue, final int newValue)
    {
        // Five 16-bit words: below 2^19.
        return finishSmall((~checksum & 0xFFFF) +
            (~oldValue >>> 16) + (~oldValue & 0xFFFF) + (newValue >>> 16) + (newValue & 0xFFFF));
    }

    /**
     * RFC 1624 update of a checksum for a 128-bit field change (an IPv6 address as two longs).
     *
     * @param checksum the stored checksum.
     * @param oldHi the old address's first 8 bytes.
     * @param oldLo the old address's last 8 bytes.
     * @param newHi the new address's first 8 bytes.
     * @param newLo the new address's last 8 bytes.
     * @return the new checksum.
     */
    public static int update128(
        final int checksum, final long oldHi, final long oldLo, final long newHi, final long newLo)
    {
        final long sum = (~checksum & 0xFFFF) + words(~oldHi) + words(~oldLo) + words(newHi) + words(newLo);
        return finish(sum);
    }

    private static long words(final long value)
    {
        return (value >>> 48) + ((value >>> 32) & 0xFFFF) + ((value >>> 16) & 0xFFFF) + (value & 0xFFFF);
    }
}
