// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 or IPv6 CIDR prefix without host bits; an immutable value.
 *
 * <p>The network address is held left-aligned in 128 bits: for IPv6, {@link #hi()} and {@link #lo()} are the
 * first and last 8 bytes of the address; for IPv4, {@link #hi()} carries the address in its upper 32 bits
 * (see {@link #address4()} for the plain {@code int}) and {@link #lo()} is 0. Bit {@code i} of the address is
 * thus bit {@code 63 - i} of {@code hi} for {@code i < 64} whatever the family, which lets tries walk both
 * families with one code path.
 *
 * <p>Order: every IPv4 prefix before every IPv6 prefix, then by network address (unsigned), then by length.
 */
public final class Prefix implements Comparable<Prefix>
{
    /** Length of an IPv4 address in bits. */
    public static final int IPV4_BITS = 32;
    /** Length of an IPv6 address in bits. */
    public static final int IPV6_BITS = 128;

    private final long hi;
    private final long lo;
    private final int length;
    private final boolean ipv6;

    private Prefix(final boolean ipv6, final long hi, final long lo, final int length)
    {
        this.ipv6 = ipv6;
        this.hi = hi;
        this.lo = lo;
        this.length = length;
    }

    /**
     * The strict IPv4 constructor.
     *
     * @param address the network address, network byte order read as a big-endian int.
     * @param length  0..32.
     * @return the prefix.
     * @throws IllegalArgumentException if the length is out of range or the address has host bits set.
     */
    public static Prefix of4(final int address, final int length)
    {
        checkLength(length, IPV4_BITS);
        final long aligned = (address & 0xFFFF_FFFFL) << IPV4_BITS;
        if ((aligned & ~hiMask(length)) != 0)
        {
            throw new IllegalArgumentException("host bits set in " + AddressText.format4(address) + "/" + length);
        }
        return new Prefix(false, aligned, 0, length);
    }

    /**
     * The strict IPv6 constructor.
     *
     * @param hi     the first 8 bytes of the network address, big-endian.
     * @param lo     the last 8 bytes of the network address, big-endian.
     * @param length 0..128.
     * @return the prefix.
     * @throws IllegalArgumentException if the length is out of range or the address has host bits set.
     */
    public static Prefix of6(final long hi, final long lo, final int length)
    {
        checkLength(length, IPV6_BITS);
        if ((hi & ~hiMask(length)) != 0 || (lo & ~loMask(length)) != 0)
        {
            throw new IllegalArgumentException("host bits set in " + AddressText.format6(hi, lo) + "/" + length);
        }
        return new Prefix(true, hi, lo, length);
    }

    /**
     * The IPv4 prefix of the given length containing the address: host bits are zeroed.
     *
     * @param address any address, network byte order read as a big-endian int.
     * @param length  0..32.
     * @return the prefix.
     */
    public static Prefix containing4(final int address, final int length)
    {
        checkLength(length, IPV4_BITS);
        return new Prefix(false, ((address & 0xFFFF_FFFFL) << IPV4_BITS) & hiMask(length), 0, length);
    }

    /**
     * The IPv6 prefix of the given length containing the address: host bits are zeroed.
     *
     * @param hi     the first 8 bytes of any address.
     * @param lo     the last 8 bytes.
     * @param length 0..128.
     * @return the prefix.
     */
    public static Prefix containing6(final long hi, final long lo, final int length)
    {
        checkLength(length, IPV6_BITS);
        return new Prefix(true, hi & hiMask(length), lo & loMask(length), length);
    }

    /**
     * Parses {@code ADDRESS/LENGTH} (IPv4 dotted quad or IPv6 text form); host bits are silently zeroed, as in
     * the reference ({@code 10.0.3.0/23} is {@code 10.0.2.0/23}).
     *
     * @param text the text.
     * @return the prefix.
     * @throws PrefixFormatException saying what is wrong.
     */
    public static Prefix parse(final String text)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            throw new PrefixFormatException("invalid prefix \"" + text + "\": expected ADDRESS/LENGTH");
        }
        final String addressText = text.substring(0, slash);
        final String lengthText = text.substring(slash + 1);
        final boolean v6 = addressText.indexOf(':') >= 0;
        final int maxLength = v6 ? IPV6_BITS : IPV4_BITS;
        final int length = parseLength(text, lengthText, maxLength);
        try
        {
            if (v6)
            {
                final long[] words = AddressText.parse6(addressText);
                return containing6(words[0], words[1], length);
            }
            return containing4(AddressText.parse4(addressText), length);
        }
        catch (final PrefixFormatException ex)
        {
            throw new PrefixFormatException("invalid prefix \"" + text + "\": " + ex.getMessage());
        }
    }

    private static int parseLength(final String text, final String lengthText, final int maxLength)
    {
        if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(Character::isDigit))
        {
            throw new PrefixFormatException("invalid prefix \"" + text + "\": length \"" + lengthText
                + "\" is not a number");
        }
        final int length = Integer.parseInt(lengthText);
        if (length > maxLength)
        {
            throw new PrefixFormatException("invalid prefix \"" + text + "\": length " + length + " exceeds "
                + maxLength);
        }
        return length;
    }

    private static void checkLength(final int length, final int maxLength)
    {
        if (length < 0 || length > maxLength)
        {
            throw new IllegalArgumentException("prefix length " + length + " outside 0.." + maxLength);
        }
    }

    static long hiMask(final int length)
    {
        if (length >= 64)
        {
            return -1L;
        }
        return length == 0 ? 0L : -1L << (64 - length);
    }

    static long loMask(final int length)
    {
        if (length <= 64)
        {
            return 0L;
        }
        return length == IPV6_BITS ? -1L : -1L << (IPV6_BITS - length);
    }

    /**
     * @return true for an IPv6 prefix, false for IPv4.
     */
    public boolean isIpv6()
    {
        return ipv6;
    }

    /**
     * @return the prefix length in bits.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return 32 for IPv4, 128 for IPv6.
     */
    public int maxLength()
    {
        return ipv6 ? IPV6_BITS : IPV4_BITS;
    }

    /**
     * @return the upper 64 bits of the left-aligned network address (see the class comment).
     */
    public long hi()
    {
        return hi;
    }

    /**
     * @return the lower 64 bits of the left-aligned network address (0 for IPv4).
     */
    public long lo()
    {
        return lo;
    }

    /**
     * @return the IPv4 network address as an int in the shared convention.
     * @throws IllegalStateException for an IPv6 prefix.
     */
    public int address4()
    {
        if (ipv6)
        {
            throw new IllegalStateException("not an IPv4 prefix: " + this);
        }
        return (int) (hi >>> IPV4_BITS);
    }

    /**
     * Whether the IPv4 address lies inside this prefix (always false for an IPv6 prefix). Allocation-free.
     *
     * @param address the address, network byte order read as a big-endian int.
     * @return true if the address matches.
     */
    public boolean contains4(final int address)
    {
        return !ipv6 && ((((address & 0xFFFF_FFFFL) << IPV4_BITS) ^ hi) & hiMask(length)) == 0;
    }

    /**
     * Whether the IPv6 address lies inside this prefix (always false for an IPv4 prefix). Allocation-free.
     *
     * @param addressHi the first 8 bytes of the address.
     * @param addressLo the last 8 bytes.
     * @return true if the address matches.
     */
    public boolean contains6(final long addressHi, final long addressLo)
    {
        return ipv6 && ((addressHi ^ hi) & hiMask(length)) == 0 && ((addressLo ^ lo) & loMask(length)) == 0;
    }

    /**
     * Bit {@code index} of the network address, counted from the most significant bit (0).
     *
     * @param index 0..maxLength-1.
     * @return 0 or 1.
     */
    public int bit(final int index)
    {
        return index < 64 ? (int) (hi >>> (63 - index)) & 1 : (int) (lo >>> (127 - index)) & 1;
    }

    /**
     * Whether every address of {@code other} is in this prefix: same family, not longer, same leading bits.
     *
     * @param other the other prefix.
     * @return true if this prefix covers the other (a prefix covers itself).
     */
    public boolean covers(final Prefix other)
    {
        return ipv6 == other.ipv6 && length <= other.length &&
            ((other.hi ^ hi) & hiMask(length)) == 0 && ((other.lo ^ lo) & loMask(length)) == 0;
    }

    /**
     * @param other the other prefix.
     * @return true if one covers the other (two prefixes are either nested or disjoint).
     */
    public boolean collides(final Prefix other)
    {
        return covers(other) || other.covers(this);
    }

    /**
     * @param other the other prefix.
     * @return the smaller of two colliding prefixes, or empty if they do not collide.
     */
    public Optional<Prefix> intersection(final Prefix other)
    {
        if (covers(other))
        {
            return Optional.of(other);
        }
        return other.covers(this) ? Optional.of(this) : Optional.empty();
    }

    /**
     * This prefix minus {@code other}: {@code [this]} if they do not collide, empty if this lies inside
     * {@code other}, otherwise the CIDR complement chain: split this prefix in halves repeatedly, emitting the
     * half that does not contain {@code other} and descending into the one that does; exactly
     * {@code other.length() - this.length()} prefixes, longest last.
     *
     * @param other the prefix to remove.
     * @return the disjoint prefixes whose union is the difference, in emission order.
     */
    public List<Prefix> subtract(final Prefix other)
    {
        if (!collides(other))
        {
            return List.of(this);
        }
        if (other.covers(this))
        {
            return List.of();
        }
        final List<Prefix> result = new ArrayList<>(other.length - length);
        long curHi = hi;
        long curLo = lo;
        for (int len = length; len < other.length; len++)
        {
            // The half at depth len+1 that does not contain other differs from other in bit len.
            final int otherBit = other.bit(len);
            final long flipHi = len < 64 ? 1L << (63 - len) : 0L;
            final long flipLo = len < 64 ? 0L : 1L << (127 - len);
            final long siblingHi = otherBit == 1 ? curHi : curHi | flipHi;
            final long siblingLo = otherBit == 1 ? curLo : curLo | flipLo;
            result.add(new Prefix(ipv6, siblingHi, siblingLo, len + 1));
            curHi = otherBit == 1 ? curHi | flipHi : curHi;
            curLo = otherBit == 1 ? curLo | flipLo : curLo;
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * The reference's merge: if one prefix covers the other, the larger; if both have the same length and are
     * the two halves of one parent, that parent, but only when this prefix is the lower half (the parent is
     * built from this prefix's address with the strict constructor); otherwise empty.
     *
     * @param other the other prefix.
     * @return the merged prefix, or empty.
     */
    public Optional<Prefix> merge(final Prefix other)
    {
        if (covers(other))
        {
            return Optional.of(this);
        }
        if (other.covers(this))
        {
            return Optional.of(other);
        }
        if (ipv6 != other.ipv6 || length != other.length || length == 0 || bit(length - 1) != 0)
        {
            return Optional.empty();
        }
        final Prefix parent = new Prefix(ipv6, hi, lo, length - 1);
        return parent.covers(other) ? Optional.of(parent) : Optional.empty();
    }

    /**
     * @return the number of addresses, {@code 2^(maxLength - length)}.
     */
    public BigInteger addressCount()
    {
        return BigInteger.ONE.shiftLeft(maxLength() - length);
    }

    @Override
    public int compareTo(final Prefix other)
    {
        if (ipv6 != other.ipv6)
        {
            return ipv6 ? 1 : -1;
        }
        int cmp = Long.compareUnsigned(hi, other.hi);
        if (cmp == 0)
        {
            cmp = Long.compareUnsigned(lo, other.lo);
        }
        return cmp != 0 ? cmp : Integer.compare(length, other.length);
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (this == obj)
        {
            return true;
        }
        if (!(obj instanceof Prefix))
        {
            return false;
        }
        final Prefix other = (Prefix) obj;
        return ipv6 == other.ipv6 && hi == other.hi && lo == other.lo && length == other.length;
    }

    @Override
    public int hashCode()
    {
        return (Long.hashCode(hi) * 31 + Long.hashCode(lo)) * 31 + length + (ipv6 ? 1000 : 0);
    }

    /**
     * @return {@code 10.0.2.0/23} or {@code 2001:db8::/32} (RFC 5952 form).
     */
    @Override
    public String toString()
    {
        return (ipv6 ? AddressText.format6(hi, lo) : AddressText.format4(address4())) + "/" + length;
    }
}
