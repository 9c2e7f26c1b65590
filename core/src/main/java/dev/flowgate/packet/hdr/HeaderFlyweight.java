// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * What every header flyweight shares: the wrapped buffer, the header's offset and network-order field access.
 * Subclasses are final and add typed accessors; {@code wrap} stays on each so it returns the subclass.
 */
abstract class HeaderFlyweight
{
    static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    MutableDirectBuffer buffer;
    int offset;

    final void wrapAt(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /**
     * The wrapped buffer.
     *
     * @return the buffer.
     */
    public final MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset of the header in the buffer.
     *
     * @return the offset.
     */
    public final int offset()
    {
        return offset;
    }

    final int u8(final int field)
    {
        return buffer.getByte(offset + field) & 0xFF;
    }

    final void u8(final int field, final int value)
    {
        buffer.putByte(offset + field, (byte) value);
    }

    final int u16(final int field)
    {
        return buffer.getShort(offset + field, NET) & 0xFFFF;
    }

    final void u16(final int field, final int value)
    {
        buffer.putShort(offset + field, (short) value, NET);
    }
}
