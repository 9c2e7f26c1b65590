// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over the fixed IPv6 header; see {@link Ipv6Descriptor}. An address is two longs: hi is the first 8
 * bytes, lo the last 8, both big-endian.
 */
public final class Ipv6Flyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header lies within the packet.
     *
     * @param buffer the packet buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public Ipv6Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        wrapAt(buffer, offset);
        return this;
    }

    /**
     * Version nibble.
     *
     * @return the version (6 for a valid header).
     */
    public int version()
    {
        return (buffer.getByte(offset) & 0xFF) >>> 4;
    }

    /**
     * Traffic class.
     *
     * @return the traffic class byte.
     */
    public int trafficClass()
    {
        return (buffer.getInt(offset + Ipv6Descriptor.VERSION_TC_FLOW_OFFSET, NET) >>> 20) & 0xFF;
    }

    /**
     * Flow label.
     *
     * @return the 20-bit flow label.
     */
    public int flowLabel()
    {
        return buffer.getInt(offset + Ipv6Descriptor.VERSION_TC_FLOW_OFFSET, NET) & 0xF_FFFF;
    }

    /**
     * Writes version, traffic class and flow label.
     *
     * @param version the version nibble.
     * @param trafficClass the traffic class byte.
     * @param flowLabel the 20-bit flow label.
     * @return this.
     */
    public Ipv6Flyweight versionClassLabel(final int version, final int trafficClass, final int flowLabel)
    {
        buffer.putInt(offset + Ipv6Descriptor.VERSION_TC_FLOW_OFFSET,
            (version << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & 0xF_FFFF), NET);
        return this;
    }

    /**
     * Payload length (extension headers and transport).
     *
     * @return the payload length.
     */
    public int payloadLength()
    {
        return buffer.getShort(offset + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET, NET) & 0xFFFF;
    }

    /**
     * Sets the payload length.
     *
     * @param value the payload length.
     * @return this.
     */
    public Ipv6Flyweight payloadLength(final int value)
    {
        buffer.putShort(offset + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET, (short) value, NET);
        return this;
    }

    /**
     * Next header.
     *
     * @return the next header number.
     */
    public int nextHeader()
    {
        return buffer.getByte(offset + Ipv6Descriptor.NEXT_HEADER_OFFSET) & 0xFF;
    }

    /**
     * Sets the next header.
     *
     * @param value the next header number.
     * @return this.
     */
    public Ipv6Flyweight nextHeader(final int value)
    {
        buffer.putByte(offset + Ipv6Descriptor.NEXT_HEADER_OFFSET, (byte) value);
        return this;
    }

    /**
     * Hop limit.
     *
     * @return the hop limit.
     */
    public int hopLimit()
    {
        return buffer.getByte(offset + Ipv6Descriptor.HOP_LIMIT_OFFSET) & 0xFF;
    }

    /**
     * Sets the hop limit.
     *
     * @param value the hop limit.
     * @return this.
     */
    public Ipv6Flyweight hopLimit(final int value)
    {
        buffer.putByte(offset + Ipv6Descriptor.HOP_LIMIT_OFFSET, (byte) value);
        return this;
    }

    /**
     * Source address, first 8 bytes.
     *
     * @return the high half.
     */
    public long srcAddressHi()
    {
        return buffer.getLong(offset + Ipv6Descriptor.SRC_ADDRESS_OFFSET, NET);
    }

    /**
     * Source address, last 8 bytes.
     *
     * @return the low half.
     */
    public long srcAddressLo()
    {
        return buffer.getLong(offset + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, NET);
    }

    /**
     * Sets the source address (no checksum is updated).
     *
     * @param hi first 8 bytes.
     * @param lo last 8 bytes.
     * @return this.
     */
    public Ipv6Flyweight srcAddress(final long hi, final long lo)
    {
        buffer.putLong(offset + Ipv6Descriptor.SRC_ADDRESS_OFFSET, hi, NET);
        buffer.putLong(offset + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, lo, NET);
        return this;
    }

    /**
     * Destination address, first 8 bytes.
     *
     * @return the high half.
     */
    public long dstAddressHi()
    {
        return buffer.getLong(offset + Ipv6Descriptor.DST_ADDRESS_OFFSET, NET);
    }

    /**
     * Destination address, last 8 bytes.
     *
     * @return the low half.
     */
    public long dstAddressLo()
    {
        return buffer.getLong(offset + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8, NET);
    }

    /**
     * Sets the destination address (no checksum is updated).
     *
     * @param hi first 8 bytes.
     * @param lo last 8 bytes.
     * @return this.
     */
    public Ipv6Flyweight dstAddress(final long hi, final long lo)
    {
        buffer.putLong(offset + Ipv6Descriptor.DST_ADDRESS_OFFSET, hi, NET);
        buffer.putLong(offset + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8, lo, NET);
        return this;
    }
}
