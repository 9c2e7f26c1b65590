// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a UDP header; see {@link UdpDescriptor}.
 */
public final class UdpFlyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header lies within the packet.
     *
     * @param buffer the packet buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public UdpFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
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
        return u16(UdpDescriptor.SRC_PORT_OFFSET);
    }

    /**
     * Sets the Source port (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public UdpFlyweight srcPort(final int value)
    {
        u16(UdpDescriptor.SRC_PORT_OFFSET, value);
        return this;
    }

    /**
     * Destination port.
     *
     * @return the value.
     */
    public int dstPort()
    {
        return u16(UdpDescriptor.DST_PORT_OFFSET);
    }

    /**
     * Sets the Destination port (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public UdpFlyweight dstPort(final int value)
    {
        u16(UdpDescriptor.DST_PORT_OFFSET, value);
        return this;
    }

    /**
     * Length of header and data.
     *
     * @return the value.
     */
    public int length()
    {
        return u16(UdpDescriptor.LENGTH_OFFSET);
    }

    /**
     * Sets the Length of header and data (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public UdpFlyweight length(final int value)
    {
        u16(UdpDescriptor.LENGTH_OFFSET, value);
        return this;
    }

    /**
     * Checksum (0 = none over IPv4).
     *
     * @return the value.
     */
    public int checksum()
    {
        return u16(UdpDescriptor.CHECKSUM_OFFSET);
    }

    /**
     * Sets the Checksum (0 = none over IPv4) (no checksum is updated).
     *
     * @param value the new value.
     * @return this.
     */
    public UdpFlyweight checksum(final int value)
    {
        u16(UdpDescriptor.CHECKSUM_OFFSET, value);
        return this;
    }
}
