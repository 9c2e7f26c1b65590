// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;

/**
 * A burst: a fixed array of reusable {@link Packet}s whose slots are consecutive fixed-size regions of one direct,
 * cache-line-aligned buffer. {@link #count()} packets are in use; {@link #claim()} hands out the next one,
 * {@link #reset()} makes the batch empty again. Nothing is allocated after construction.
 */
public final class PacketBatch
{
    /** Default slot size: a 1500-byte MTU frame with head room, rounded to cache lines. */
    public static final int DEFAULT_SLOT_SIZE = 2048;

    private final Packet[] packets;
    private final int slotSize;
    private int count;

    /**
     * A batch with {@link #DEFAULT_SLOT_SIZE} slots.
     *
     * @param capacity number of packets.
     */
    public PacketBatch(final int capacity)
    {
        this(capacity, DEFAULT_SLOT_SIZE);
    }

    /**
     * A batch.
     *
     * @param capacity number of packets.
     * @param slotSize bytes per packet, a positive multiple of 64.
     */
    public PacketBatch(final int capacity, final int slotSize)
    {
        if (capacity <= 0 || slotSize <= 0 || (slotSize & 63) != 0)
        {
            throw new IllegalArgumentException(
                "capacity must be positive and slotSize a positive multiple of 64: " + capacity + ", " + slotSize);
        }
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(capacity * slotSize, 64);
        this.packets = new Packet[capacity];
        this.slotSize = slotSize;
        for (int i = 0; i < capacity; i++)
        {
            packets[i] = Packet.slot(memory, i * slotSize, slotSize);
        }
    }

    /**
     * Number of slots.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return packets.length;
    }

    /**
     * Bytes per slot.
     *
     * @return the slot size.
     */
    public int slotSize()
    {
        return slotSize;
    }

    /**
     * Packets in use.
     *
     * @return the count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Sets the number of packets in use (the first {@code count} slots).
     *
     * @param count 0 to {@link #capacity()}.
     * @return this.
     */
    public PacketBatch count(final int count)
    {
        if (count < 0 || count > packets.length)
        {
            throw new IllegalArgumentException("count out of range: " + count);
        }
        this.count = count;
        return this;
    }

    /**
     * Whether every slot is in use.
     *
     * @return true when full.
     */
    public boolean isFull()
    {
        return count == packets.length;
    }

    /**
     * The packet in a slot.
     *
     * @param index 0 to {@link #capacity()} - 1.
     * @return the packet.
     */
    public Packet packet(final int index)
    {
        return packets[index];
    }

    /**
     * Resets and returns the next free packet, counting it as in use.
     *
     * @return the packet.
     * @throws IllegalStateException when the batch is full (a caller bug).
     */
    public Packet claim()
    {
        if (count == packets.length)
        {
            throw new IllegalStateException("batch full: " + count);
        }
        return packets[count++].reset();
    }

    /**
     * Resets the packets in use and empties the batch.
     *
     * @return this.
     */
    public PacketBatch reset()
    {
        for (int i = 0; i < count; i++)
        {
            packets[i].reset();
        }
        count = 0;
        return this;
    }
}
