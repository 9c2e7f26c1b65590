// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * One reusable packet: an {@link UnsafeBuffer} view over a fixed slot of direct memory (the frame starts at index
 * 0), the frame length, its {@link PacketMeta} and its {@link ParsedPacket}. Nothing is allocated after
 * construction; {@link #reset()} prepares it for the next frame.
 *
 * <p>The address and port readers below are valid only after an OK parse, for the outer headers; they read the
 * buffer at the parsed offsets (the flow key builder and NAT use them).
 */
public final class Packet
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final UnsafeBuffer buffer;
    private final PacketMeta meta = new PacketMeta();
    private final ParsedPacket parsed = new ParsedPacket();
    private int length;

    /**
     * A packet over its own direct buffer (for tests, scenarios and generators; bursts use {@link PacketBatch}).
     *
     * @param capacity slot size in bytes.
     */
    public Packet(final int capacity)
    {
        this(new UnsafeBuffer(BufferUtil.allocateDirectAligned(alignedCapacity(capacity), 64), 0, capacity));
    }

    Packet(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }

    private static int alignedCapacity(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        return (capacity + 63) & ~63;
    }

    static Packet slot(final ByteBuffer memory, final int offset, final int capacity)
    {
        return new Packet(new UnsafeBuffer(memory, offset, capacity));
    }

    /**
     * The slot's buffer; the frame is at {@code [0, length())}.
     *
     * @return the buffer.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Slot capacity.
     *
     * @return the largest frame this packet can hold.
     */
    public int capacity()
    {
        return buffer.capacity();
    }

    /**
     * Frame length.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }

    /**
     * Sets the frame length.
     *
     * @param length 0 to {@link #capacity()}.
     * @return this.
     */
    public Packet length(final int length)
    {
        this.length = length;
        return this;
    }

    /**
     * The packet's metadata.
     *
     * @return the metadata, reused.
     */
    public PacketMeta meta()
    {
        return meta;
    }

    /**
     * The packet's parse result.
     *
     * @return the result, reused.
     */
    public ParsedPacket parsed()
    {
        return parsed;
    }

    /**
     * Clears length, metadata and parse result.
     *
     * @return this.
     */
    public Packet reset()
    {
        length = 0;
        meta.reset();
        parsed.reset();
        return this;
    }

    /**
     * Copies a frame into the slot and sets the length (metadata and parse result are left alone).
     *
     * @param source the frame bytes.
     * @param offset offset of the frame in {@code source}.
     * @param frameLength the frame length, at most {@link #capacity()}.
     * @return this.
     */
    public Packet copyFrom(final DirectBuffer source, final int offset, final int frameLength)
    {
        buffer.putBytes(0, source, offset, frameLength);
        length = frameLength;
        return this;
    }

    /**
     * Outer IPv4 source address (after an OK IPv4 parse).
     *
     * @return the address.
     */
    public int srcIpv4()
    {
        return buffer.getInt(parsed.l3Offset() + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET);
    }

    /**
     * Outer IPv4 destination address (after an OK IPv4 parse).
     *
     * @return the address.
     */
    public int dstIpv4()
    {
        return buffer.getInt(parsed.l3Offset() + Ipv4Descriptor.DST_ADDRESS_OFFSET, NET);
    }

    /**
     * Both outer IPv4 addresses in one read (after an OK IPv4 parse; bytes 12 to 19 of the header): the source in the
     * high 32 bits, the destination in the low 32.
     *
     * @return the addresses.
     */
    public long ipv4Addresses()
    {
        return buffer.getLong(parsed.l3Offset() + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET);
    }

    /**
     * Outer IPv6 source address, first 8 bytes (after an OK IPv6 parse).
     *
     * @return the high half.
     */
    public long srcIpv6Hi()
    {
        return buffer.getLong(parsed.l3Offset() + Ipv6Descriptor.SRC_ADDRESS_OFFSET, NET);
    }

    /**
     * Outer IPv6 source address, last 8 bytes.
     *
     * @return the low half.
     */
    public long srcIpv6Lo()
    {
        return buffer.getLong(parsed.l3Offset() + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, NET);
    }

    /**
     * Outer IPv6 destination address, first 8 bytes.
     *
     * @return the high half.
     */
    public long dstIpv6Hi()
    {
        return buffer.getLong(parsed.l3Offset() + Ipv6Descriptor.DST_ADDRESS_OFFSET, NET);
    }

    /**
     * Outer IPv6 destination address, last 8 bytes.
     *
     * @return the low half.
     */
    public long dstIpv6Lo()
    {
        return buffer.getLong(parsed.l3Offset() + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8, NET);
    }

    /**
     * TCP or UDP source port (same offset in both).
     *
     * @return the port.
     */
    public int srcPort()
    {
        return buffer.getShort(parsed.l4Offset() + TcpDescriptor.SRC_PORT_OFFSET, NET) & 0xFFFF;
    }

    /**
     * TCP or UDP destination port.
     *
     * @return the port.
     */
    public int dstPort()
    {
        return buffer.getShort(parsed.l4Offset() + TcpDescriptor.DST_PORT_OFFSET, NET) & 0xFFFF;
    }

    /**
     * Both TCP or UDP ports in one read (their first 4 bytes): the source port in the high 16 bits, the destination
     * port in the low 16.
     *
     * @return the ports.
     */
    public int ports()
    {
        return buffer.getInt(parsed.l4Offset() + TcpDescriptor.SRC_PORT_OFFSET, NET);
    }

    /**
     * ICMP echo identifier (the bytes 4..5 of any ICMP header).
     *
     * @return the identifier.
     */
    public int icmpIdentifier()
    {
        return buffer.getShort(parsed.l4Offset() + Icmp4Descriptor.IDENTIFIER_OFFSET, NET) & 0xFFFF;
    }
}
