// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over an ICMPv6 header; see {@link Icmp6Descriptor}.
 */
public final class Icmp6Flyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header lies within the packet.
     *
     * @param buffer the packet buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public Icmp6Flyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
        return u8(Icmp6Descriptor.TYPE_OFFSET);
    }

    /**
     * Sets the Type (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp6Flyweight type(final int value)
    {
        u8(Icmp6Descriptor.TYPE_OFFSET, value);
        return this;
    }

    /**
     * Code.
     *
     * @return the value.
     */
    public int code()
    {
        return u8(Icmp6Descriptor.CODE_OFFSET);
    }

    /**
     * Sets the Code (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp6Flyweight code(final int value)
    {
        u8(Icmp6Descriptor.CODE_OFFSET, value);
        return this;
    }

    /**
     * Checksum.
     *
     * @return the value.
     */
    public int checksum()
    {
        return u16(Icmp6Descriptor.CHECKSUM_OFFSET);
    }

    /**
     * Sets the Checksum (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp6Flyweight checksum(final int value)
    {
        u16(Icmp6Descriptor.CHECKSUM_OFFSET, value);
        return this;
    }

    /**
     * Echo identifier.
     *
     * @return the value.
     */
    public int identifier()
    {
        return u16(Icmp6Descriptor.IDENTIFIER_OFFSET);
    }

    /**
     * Sets the Echo identifier (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp6Flyweight identifier(final int value)
    {
        u16(Icmp6Descriptor.IDENTIFIER_OFFSET, value);
        return this;
    }

    /**
     * Echo sequence number.
     *
     * @return the value.
     */
    public int sequence()
    {
        return u16(Icmp6Descriptor.SEQUENCE_OFFSET);
    }

    /**
     * Sets the Echo sequence number (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public Icmp6Flyweight sequence(final int value)
    {
        u16(Icmp6Descriptor.SEQUENCE_OFFSET, value);
        return this;
    }

    /**
     * Whether this message is an error that embeds the offending packet.
     *
     * @return true for error types.
     */
    public boolean isError()
    {
        return Icmp6Descriptor.isError(type());
    }
}
