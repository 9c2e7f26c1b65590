// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over an ICMPv4 header; see {@link Icmp4Descriptor}.
 */
public final class Icmp4Flyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header lies within the packet.
     *
     * @param buffer the packet buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public Icmp4Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        wrapAt(buffer, offset);
        return this;
    }

    /**
     * Type.
     *
     * @return the value.
     */
    public int type()
    {
        return u8(Icmp4Descriptor.TYPE_OFFSET);
    }

    /**
     * Sets the Type (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp4Flyweight type(final int value)
    {
        u8(Icmp4Descriptor.TYPE_OFFSET, value);
        return this;
    }

    /**
     * Code.
     *
     * @return the value.
     */
    public int code()
    {
        return u8(Icmp4Descriptor.CODE_OFFSET);
    }

    /**
     * Sets the Code (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp4Flyweight code(final int value)
    {
        u8(Icmp4Descriptor.CODE_OFFSET, value);
        return this;
    }

    /**
     * Checksum.
     *
     * @return the value.
     */
    public int checksum()
    {
        return u16(Icmp4Descriptor.CHECKSUM_OFFSET);
    }

    /**
     * Sets the Checksum (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp4Flyweight checksum(final int value)
    {
        u16(Icmp4Descriptor.CHECKSUM_OFFSET, value);
        return this;
    }

    /**
     * Echo identifier.
     *
     * @return the value.
     */
    public int identifier()
    {
        return u16(Icmp4Descriptor.IDENTIFIER_OFFSET);
    }

    /**
     * Sets the Echo identifier (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp4Flyweight identifier(final int value)
    {
        u16(Icmp4Descriptor.IDENTIFIER_OFFSET, value);
        return this;
    }

    /**
     * Echo sequence number.
     *
     * @return the value.
     */
    public int sequence()
    {
        return u16(Icmp4Descriptor.SEQUENCE_OFFSET);
    }

    /**
     * Sets the Echo sequence number (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp4Flyweight sequence(final int value)
    {
        u16(Icmp4Descriptor.SEQUENCE_OFFSET, value);
        return this;
    }

    /**
     * Whether this message is an error that embeds the offending packet.
     *
     * @return true for error types.
     */
    public boolean isError()
    {
        return Icmp4Descriptor.isError(type());
    }
}
