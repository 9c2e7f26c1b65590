// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over an IPv4 header; see {@link Ipv4Descriptor}. Addresses are ints in network order.
 */
public final class Ipv4Flyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header lies within the packet.
     *
     * @param buffer the packet buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public Ipv4Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        wrapAt(buffer, offset);
        return this;
    }

    /**
     * Type of service (DSCP and ECN).
     *
     * @return the value.
     */
    public int tos()
    {
        return u8(Ipv4Descriptor.TOS_OFFSET);
    }

    /**
     * Sets the Type of service (DSCP and ECN) (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight tos(final int value)
    {
        u8(Ipv4Descriptor.TOS_OFFSET, value);
        return this;
    }

    /**
     * Total length.
     *
     * @return the value.
     */
    public int totalLength()
    {
        return u16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET);
    }

    /**
     * Sets the Total length (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight totalLength(final int value)
    {
        u16(Ipv4Descriptor.TOTAL_LENGTH_OFFSET, value);
        return this;
    }

    /**
     * Identification.
     *
     * @return the value.
     */
    public int identification()
    {
        return u16(Ipv4Descriptor.IDENTIFICATION_OFFSET);
    }

    /**
     * Sets the Identification (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight identification(final int value)
    {
        u16(Ipv4Descriptor.IDENTIFICATION_OFFSET, value);
        return this;
    }

    /**
     * Flags and fragment offset word.
     *
     * @return the value.
     */
    public int flagsFragment()
    {
        return u16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET);
    }

    /**
     * Sets the Flags and fragment offset word (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight flagsFragment(final int value)
    {
        u16(Ipv4Descriptor.FLAGS_FRAGMENT_OFFSET, value);
        return this;
    }

    /**
     * Time to live.
     *
     * @return the value.
     */
    public int ttl()
    {
        return u8(Ipv4Descriptor.TTL_OFFSET);
    }

    /**
     * Sets the Time to live (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight ttl(final int value)
    {
        u8(Ipv4Descriptor.TTL_OFFSET, value);
        return this;
    }

    /**
     * Protocol.
     *
     * @return the value.
     */
    public int protocol()
    {
        return u8(Ipv4Descriptor.PROTOCOL_OFFSET);
    }

    /**
     * Sets the Protocol (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight protocol(final int value)
    {
        u8(Ipv4Descriptor.PROTOCOL_OFFSET, value);
        return this;
    }

    /**
     * Header checksum.
     *
     * @return the value.
     */
    public int checksum()
    {
        return u16(Ipv4Descriptor.CHECKSUM_OFFSET);
    }

    /**
     * Sets the Header checksum (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight checksum(final int value)
    {
        u16(Ipv4Descriptor.CHECKSUM_OFFSET, value);
        return this;
    }

    /**
     * Source address.
     *
     * @return the value.
     */
    public int srcAddress()
    {
        return buffer.getInt(offset + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET);
    }

    /**
     * Sets the Source address (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight srcAddress(final int value)
    {
        buffer.putInt(offset + Ipv4Descriptor.SRC_ADDRESS_OFFSET, value, NET);
        return this;
    }

    /**
     * Destination address.
     *
     * @return the value.
     */
    public int dstAddress()
    {
        return buffer.getInt(offset + Ipv4Descriptor.DST_ADDRESS_OFFSET, NET);
    }

    /**
     * Sets the Destination address (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Ipv4Flyweight dstAddress(final int value)
    {
        buffer.putInt(offset + Ipv4Descriptor.DST_ADDRESS_OFFSET, value, NET);
        return this;
    }

    /**
     * Version nibble.
     *
     * @return the version (4 for a valid header).
     */
    public int version()
    {
        return u8(Ipv4Descriptor.VERSION_IHL_OFFSET) >>> 4;
    }

    /**
     * Internet header length in 32-bit words.
     *
     * @return IHL, 0 to 15.
     */
    public int ihl()
    {
        return u8(Ipv4Descriptor.VERSION_IHL_OFFSET) & 0x0F;
    }

    /**
     * Sets version and IHL.
     *
     * @param version the version nibble.
     * @param ihl the header length in words.
     * @return this.
     */
    public Ipv4Flyweight versionIhl(final int version, final int ihl)
    {
        u8(Ipv4Descriptor.VERSION_IHL_OFFSET, (version << 4) | (ihl & 0x0F));
        return this;
    }

    /**
     * Header length in bytes, IHL * 4.
     *
     * @return the header length.
     */
    public int headerLength()
    {
        return ihl() * 4;
    }

    /**
     * Fragment offset in 8-byte units.
     *
     * @return the offset.
     */
    public int fragmentOffset()
    {
        return flagsFragment() & Ipv4Descriptor.FRAGMENT_OFFSET_MASK;
    }

    /**
     * Whether the more-fragments flag is set.
     *
     * @return true when MF is set.
     */
    public boolean moreFragments()
    {
        return (flagsFragment() & Ipv4Descriptor.FLAG_MF) != 0;
    }

    /**
     * Whether the don't-fragment flag is set.
     *
     * @return true when DF is set.
     */
    public boolean dontFragment()
    {
        return (flagsFragment() & Ipv4Descriptor.FLAG_DF) != 0;
    }

    /**
     * Recomputes and stores the header checksum (full computation).
     *
     * @return this.
     */
    public Ipv4Flyweight updateChecksum()
    {
        checksum(Checksum.ipv4Header(buffer, offset, headerLength()));
        return this;
    }

    /**
     * Verifies the header checksum.
     *
     * @return true when valid.
     */
    public boolean isChecksumValid()
    {
        return Checksum.isIpv4HeaderValid(buffer, offset, headerLength());
    }
}
