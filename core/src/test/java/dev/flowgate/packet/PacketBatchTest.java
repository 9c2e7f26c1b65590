// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.flowgate.packet.meta.DropReason;

class PacketBatchTest
{
    @Test
    void shouldHandOutDisjointReusableSlots()
    {
        final PacketBatch batch = new PacketBatch(4, 128);
        final Packet first = batch.claim();
        final Packet second = batch.claim();
        assertEquals(2, batch.count());
        assertEquals(128, first.capacity());
        first.buffer().setMemory(0, 128, (byte) 1);
        second.buffer().setMemory(0, 128, (byte) 2);
        assertEquals(1, first.buffer().getByte(127));
        assertEquals(2, second.buffer().getByte(0));
        assertThrows(IndexOutOfBoundsException.class, () -> first.buffer().getByte(128));
        assertSame(first, batch.packet(0));
    }

    @Test
    void shouldResetPacketsAndRefuseToOverfill()
    {
        final PacketBatch batch = new PacketBatch(2);
        final Packet packet = batch.claim();
        packet.length(60);
        packet.meta().drop(DropReason.FILTERED);
        batch.claim();
        assertTrue(batch.isFull());
        assertThrows(IllegalStateException.class, batch::claim);
        batch.reset();
        assertEquals(0, batch.count());
        assertEquals(0, packet.length());
        assertNull(packet.meta().dropReason());
        assertSame(packet, batch.claim());
    }

    @Test
    void shouldRejectBadSizes()
    {
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(0));
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(4, 100));
        assertThrows(IllegalArgumentException.class, () -> new PacketBatch(4).count(5));
    }
}
