// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * Parsing, rewriting with incremental checksum updates, restoring templates and resetting a warmed burst
 * allocate nothing.
 */
class PacketAllocationTest
{
    private static final int BURST = 32;

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldParseAndRewriteWarmedBurstWithoutAllocating()
    {
        final TestStacks[] stacks = TestStacks.values();
        final UnsafeBuffer templates = new UnsafeBuffer(new byte[BURST * 256]);
        final int[] lengths = new int[BURST];
        for (int i = 0; i < BURST; i++)
        {
            lengths[i] = stacks[i % stacks.length].builder().writeTo(templates, i * 256);
        }
        final PacketBatch batch = new PacketBatch(BURST);
        final PacketParser parser = new PacketParser();
        final long[] sink = new long[1];
        for (int i = 0; i < 30_000; i++)
        {
            burst(batch, parser, templates, lengths, i, sink);
        }
        // The counter itself allocates a little per call on some JDKs (816 bytes on JDK 17 here): calibrate.
        long overhead = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++)
        {
            final long first = allocatedBytes();
            overhead = Math.min(overhead, allocatedBytes() - first);
        }
        final long before = allocatedBytes();
        for (int i = 0; i < 2_000; i++)
        {
            burst(batch, parser, templates, lengths, i, sink);
        }
        final long allocated = allocatedBytes() - before - overhead;
        assertTrue(sink[0] != 0);
        assertEquals(0, allocated, "bytes allocated over 2,000 warmed bursts");
    }

    @Test
    void shouldSeeAnAllocationInTheSameMeasurement()
    {
        // Canary: the method above would report a per-burst allocation; this proves the counter sees one.
        long overhead = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++)
        {
            final long first = allocatedBytes();
            overhead = Math.min(overhead, allocatedBytes() - first);
        }
        final long before = allocatedBytes();
        final Object[] keep = new Object[100];
        for (int i = 0; i < keep.length; i++)
        {
            keep[i] = new long[8];
        }
        final long allocated = allocatedBytes() - before - overhead;
        assertTrue(allocated >= 100 * 64, "allocated " + allocated + " for " + keep.length + " arrays");
    }

    private static void burst(
        final PacketBatch batch, final PacketParser parser, final UnsafeBuffer templates, final int[] lengths,
        final int round, final long[] sink)
    {
        batch.reset();
        for (int i = 0; i < BURST; i++)
        {
            batch.claim().copyFrom(templates, i * 256, lengths[i]);
        }
        for (int i = 0; i < batch.count(); i++)
        {
            final Packet packet = batch.packet(i);
            if (parser.parse(packet) != 0)
            {
                continue;
            }
            final ParsedPacket parsed = packet.parsed();
            if (parsed.ipVersion() == 4)
            {
                PacketRewriter.srcIpv4(packet, 0xC633_7100 | (round & 0xFF));
            }
            else
            {
                PacketRewriter.srcIpv6(packet, 0x2001_0db8_0000_0000L, round);
            }
            if (parsed.protocol() == IpProtocol.TCP || parsed.protocol() == IpProtocol.UDP)
            {
                PacketRewriter.srcPort(packet, 1024 + (round & 0x7FFF));
            }
            else if (parsed.hasEmbeddedPacket() && parsed.innerIpVersion() == 4)
            {
                PacketRewriter.innerDstIpv4(packet, 0xC633_7100 | (round & 0xFF));
                PacketRewriter.innerDstPort(packet, 1024 + (round & 0x7FFF));
            }
            else
            {
                PacketRewriter.icmpIdentifier(packet, round & 0xFFFF);
            }
            sink[0] += packet.length() + parsed.l4Offset();
        }
    }
}
