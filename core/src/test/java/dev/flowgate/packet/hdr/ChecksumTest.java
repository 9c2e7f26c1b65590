// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChecksumTest
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private static UnsafeBuffer bytes(final int... values)
    {
        final byte[] array = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            array[i] = (byte) values[i];
        }
        return new UnsafeBuffer(array);
    }

    @Test
    void shouldMatchRfc1071Example()
    {
        final UnsafeBuffer buffer = bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
        assertEquals(0xddf2, Checksum.fold(Checksum.sum(buffer, 0, 8)));
        assertEquals(0x220d, Checksum.finish(Checksum.sum(buffer, 0, 8)));
    }

    @Test
    void shouldFoldAsEndAroundCarriesDo()
    {
        // The fixed steps against the loop they replaced, on the edges (0, 0xFFFF, 0x10000, all ones, the top bit,
        // and 0x0001_0000_FFFF_FFFF, the one that needs all four steps) and on random sums of every magnitude.
        final long[] edges = {0, 1, 0xFFFF, 0x10000, 0x1FFFE, 0xFFFF_FFFFL, 0x1_0000_0000L, -1L, Long.MIN_VALUE,
            0x7FFF_FFFF_FFFF_FFFFL, 0xFFFF_0000_FFFF_0000L, 0x0001_0000_FFFF_FFFFL};
        for (final long sum : edges)
        {
            assertEquals(loopFold(sum), Checksum.fold(sum), Long.toHexString(sum));
        }
        final SplittableRandom random = new SplittableRandom(1071);
        for (int i = 0; i < 1_000_000; i++)
        {
            final long sum = random.nextLong() >>> random.nextInt(64);
            assertEquals(loopFold(sum), Checksum.fold(sum), Long.toHexString(sum));
        }
    }

    @Test
    void shouldFoldSmallSumsAsTheLoopDoes()
    {
        // Every sum up to 2^21 (five words of all ones and more), the edges up to 2^31 - 1, then random ones.
        for (int sum = 0; sum < 1 << 21; sum++)
        {
            assertEquals(loopFold(sum), Checksum.foldSmall(sum), Integer.toHexString(sum));
        }
        final int[] edges = {0x7FFF_FFFF, 0x7FFF_0000, 0x7FFE_FFFF, 0x0001_FFFF, 0x1FFFE, 0x10000, 0xFFFF};
        for (final int sum : edges)
        {
            assertEquals(loopFold(sum), Checksum.foldSmall(sum), Integer.toHexString(sum));
            assertEquals(~loopFold(sum) & 0xFFFF, Checksum.finishSmall(sum), Integer.toHexString(sum));
        }
        final SplittableRandom random = new SplittableRandom(1624);
        for (int i = 0; i < 1_000_000; i++)
        {
            final int sum = random.nextInt() >>> (1 + random.nextInt(31));
            assertEquals(loopFold(sum), Checksum.foldSmall(sum), Integer.toHexString(sum));
        }
    }

    private static int loopFold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    @Test
    void shouldPadOddLengthWithZero()
    {
        final UnsafeBuffer buffer = bytes(0x12, 0x34, 0x56);
        assertEquals(0x1234 + 0x5600, Checksum.sum(buffer, 0, 3));
        assertEquals(0x5600, Checksum.sum(buffer, 2, 1));
        assertEquals(0, Checksum.sum(buffer, 0, 0));
    }

    @Test
    void shouldMatchNaiveSumAtAnyOffsetAndLength()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = (byte) random.nextInt(256);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        for (int offset = 0; offset < 17; offset++)
        {
            for (int length = 0; length < 280; length++)
            {
                long naive = 0;
                for (int i = 0; i < length; i += 2)
                {
                    naive += (data[offset + i] & 0xFF) << 8;
                    naive += i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
                }
                assertEquals(Checksum.fold(naive), Checksum.fold(Checksum.sum(buffer, offset, length)),
                    "offset " + offset + " length " + length);
            }
        }
    }

    @Test
    void shouldComputeAndVerifyKnownIpv4Header()
    {
        final UnsafeBuffer header = bytes(0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
            0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7);
        assertEquals(0xb861, Checksum.ipv4Header(header, 0, 20));
        assertFalse(Checksum.isIpv4HeaderValid(header, 0, 20));
        header.putShort(10, (short) 0xb861, NET);
        assertTrue(Checksum.isIpv4HeaderValid(header, 0, 20));
        assertEquals(0xb861, Checksum.ipv4Header(header, 0, 20));
    }

    @Test
    void shouldMapComputedZeroUdpChecksumToAllOnes()
    {
        assertEquals(0xFFFF, Checksum.udpChecksum(0));
        assertEquals(0x1234, Checksum.udpChecksum(0x1234));
    }

    /**
     * Incremental update (RFC 1624) equals full recomputation, exactly, for random data and random 16-, 32- and
     * 128-bit field changes.
     */
    @Test
    void shouldUpdateIncrementallyToTheFullChecksum()
    {
        final long seed = Long.getLong("flowgate.checksum.seed", System.nanoTime());
        System.out.println("ChecksumTest seed=" + seed + " (replay with -Dflowgate.checksum.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < 20_000; n++)
        {
            final int length = 40 + 2 * random.nextInt(200);
            final byte[] data = new byte[length + 1];
            for (int i = 0; i < data.length; i++)
            {
                // Mostly zero or 0xFF bytes now and then, to reach the 0x0000 / 0xFFFF corner cases.
                final int kind = random.nextInt(8);
                data[i] = (byte) (kind == 0 ? 0 : kind == 1 ? 0xFF : random.nextInt(256));
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(data);
            final int checksumAt = 2 * random.nextInt(length / 2);
            buffer.putShort(checksumAt, (short) 0);
            final int full = Checksum.finish(Checksum.sum(buffer, 0, length));
            buffer.putShort(checksumAt, (short) full, NET);

            int field;
            do
            {
                field = 2 * random.nextInt((length - 16) / 2);
            }
            while (field <= checksumAt + 1 && field + 16 > checksumAt);
            final int width = random.nextInt(3);
            final int updated;
            if (width == 0)
            {
                final int old = buffer.getShort(field, NET) & 0xFFFF;
                final int value = random.nextInt(4) == 0 ? old : random.nextInt(65536);
                buffer.putShort(field, (short) value, NET);
                updated = Checksum.update16(full, old, value);
            }
            else if (width == 1)
            {
                final int old = buffer.getInt(field, NET);
                final int value = random.nextInt(4) == 0 ? ~old : random.nextInt();
                buffer.putInt(field, value, NET);
                updated = Checksum.update32(full, old, value);
            }
            else
            {
                final long oldHi = buffer.getLong(field, NET);
                final long oldLo = buffer.getLong(field + 8, NET);
                final long hi = random.nextLong();
                final long lo = random.nextInt(4) == 0 ? oldLo : random.nextLong();
                buffer.putLong(field, hi, NET);
                buffer.putLong(field + 8, lo, NET);
                updated = Checksum.update128(full, oldHi, oldLo, hi, lo);
            }
            buffer.putShort(checksumAt, (short) 0);
            final int recomputed = Checksum.finish(Checksum.sum(buffer, 0, length));
            assertEquals(recomputed, updated, "iteration " + n + " seed " + seed);
        }
    }

    @Test
    void shouldVerifyTransportChecksumsAndTreatZeroUdpAsNone()
    {
        final byte[] frame = new dev.flowgate.packet.PacketBuilder().udp(1000, 2000).payloadLength(10)
            .zeroUdpChecksum(true).build();
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        assertTrue(Checksum.isTransportIpv4Valid(buffer, 14, 34, 18, IpProtocol.UDP));
        final int computed = Checksum.transportIpv4(buffer, 14, 34, 18, IpProtocol.UDP);
        buffer.putShort(34 + 6, (short) computed, NET);
        assertTrue(Checksum.isTransportIpv4Valid(buffer, 14, 34, 18, IpProtocol.UDP));
        buffer.putShort(34 + 6, (short) (computed ^ 0x10), NET);
        assertFalse(Checksum.isTransportIpv4Valid(buffer, 14, 34, 18, IpProtocol.UDP));
    }
}
