// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a TCP header; see {@link TcpDescriptor}.
 */
public final class TcpFlyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header lies within the packet.
     *
     * @param buffer the packet buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public TcpFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        wrapAt(buffer, offset);
        return this;
    }

    /**
     * Source port.
     *
     * @return the value.
     */
    public int srcPort()
    {
        return u16(TcpDescriptor.SRC_PORT_OFFSET);
    }

    /**
     * Sets the Source port (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight srcPort(final int value)
    {
        u16(TcpDescriptor.SRC_PORT_OFFSET, value);
        return this;
    }

    /**
     * Destination port.
     *
     * @return the value.
     */
    public int dstPort()
    {
        return u16(TcpDescriptor.DST_PORT_OFFSET);
    }

    /**
     * Sets the Destination port (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight dstPort(final int value)
    {
        u16(TcpDescriptor.DST_PORT_OFFSET, value);
        return this;
    }

    /**
     * Sequence number.
     *
     * @return the value.
     */
    public int sequence()
    {
        return buffer.getInt(offset + TcpDescriptor.SEQUENCE_OFFSET, NET);
    }

    /**
     * Sets the Sequence number (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight sequence(final int value)
    {
        buffer.putInt(offset + TcpDescriptor.SEQUENCE_OFFSET, value, NET);
        return this;
    }

    /**
     * Acknowledgment number.
     *
     * @return the value.
     */
    public int acknowledgment()
    {
        return buffer.getInt(offset + TcpDescriptor.ACKNOWLEDGMENT_OFFSET, NET);
    }

    /**
     * Sets the Acknowledgment number (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight acknowledgment(final int value)
    {
        buffer.putInt(offset + TcpDescriptor.ACKNOWLEDGMENT_OFFSET, value, NET);
        return this;
    }

    /**
     * Flags byte (CWR..FIN).
     *
     * @return the value.
     */
    public int flags()
    {
        return u8(TcpDescriptor.FLAGS_OFFSET);
    }

    /**
     * Sets the Flags byte (CWR..FIN) (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight flags(final int value)
    {
        u8(TcpDescriptor.FLAGS_OFFSET, value);
        return this;
    }

    /**
     * Window.
     *
     * @return the value.
     */
    public int window()
    {
        return u16(TcpDescriptor.WINDOW_OFFSET);
    }

    /**
     * Sets the Window (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight window(final int value)
    {
        u16(TcpDescriptor.WINDOW_OFFSET, value);
        return this;
    }

    /**
     * Checksum.
     *
     * @return the value.
     */
    public int checksum()
    {
        return u16(TcpDescriptor.CHECKSUM_OFFSET);
    }

    /**
     * Sets the Checksum (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight checksum(final int value)
    {
        u16(TcpDescriptor.CHECKSUM_OFFSET, value);
        return this;
    }

    /**
     * Urgent pointer.
     *
     * @return the value.
     */
    public int urgentPointer()
    {
        return u16(TcpDescriptor.URGENT_POINTER_OFFSET);
    }

    /**
     * Sets the Urgent pointer (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public TcpFlyweight urgentPointer(final int value)
    {
        u16(TcpDescriptor.URGENT_POINTER_OFFSET, value);
        return this;
    }

    /**
     * Data offset in 32-bit words.
     *
     * @return the data offset, 0 to 15.
     */
    public int dataOffset()
    {
        return u8(TcpDescriptor.DATA_OFFSET_OFFSET) >>> 4;
    }

    /**
     * Sets the data offset in 32-bit words, keeping the reserved bits.
     *
     * @param words the data offset, 0 to 15.
     * @return this.
     */
    public TcpFlyweight dataOffset(final int words)
    {
        u8(TcpDescriptor.DATA_OFFSET_OFFSET, (words << 4) | (u8(TcpDescriptor.DATA_OFFSET_OFFSET) & 0x0F));
        return this;
    }

    /**
     * Header length in bytes, data offset * 4.
     *
     * @return the header length.
     */
    public int headerLength()
    {
        return dataOffset() * 4;
    }

    /**
     * Whether all the given flags are set.
     *
     * @param mask flag bits, e.g. {@link TcpDescriptor#SYN}.
     * @return true when all are set.
     */
    public boolean hasFlags(final int mask)
    {
        return (flags() & mask) == mask;
    }
}
