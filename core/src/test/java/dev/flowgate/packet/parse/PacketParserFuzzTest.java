// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.TestStacks;
import dev.flowgate.packet.meta.DropReason;

/**
 * Seeded mutation fuzzing of the parser: valid frames of every stack, mutated (bit flips, random bytes, random
 * 16-bit words in the headers, truncation, extension), parsed from buffers of exactly the frame's length with Agrona
 * bounds checks on. Every frame must end OK (with offsets inside the frame) or with exactly one drop reason, and no
 * exception may escape. The seed is printed; replay with {@code -Dflowgate.fuzz.seed=<seed>}.
 */
class PacketParserFuzzTest
{
    private static final String SEED_PROP_NAME = "flowgate.fuzz.seed";

    @Test
    void shouldSurviveHundredThousandMutatedFrames()
    {
        fuzz(100_000);
    }

    @Test
    @Tag("slow")
    void shouldSurviveTenMillionMutatedFrames()
    {
        fuzz(10_000_000);
    }

    private static void fuzz(final int frames)
    {
        final long seed = Long.getLong(SEED_PROP_NAME, System.nanoTime());
        System.out.println("PacketParserFuzzTest seed=" + seed + " frames=" + frames +
            " (replay with -D" + SEED_PROP_NAME + "=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final TestStacks[] stacks = TestStacks.values();
        final byte[][] templates = new byte[stacks.length][];
        for (int i = 0; i < stacks.length; i++)
        {
            templates[i] = stacks[i].builder().build();
        }
        final PacketParser parser = new PacketParser();
        final ParsedPacket parsed = new ParsedPacket();
        final Packet packet = new Packet(4096);
        final int[] counts = new int[ParseStatus.values().length];
        for (int n = 0; n < frames; n++)
        {
            final byte[] frame = mutate(templates[random.nextInt(templates.length)], random);
            try
            {
                final int status = parser.parse(new UnsafeBuffer(frame), frame.length, parsed);
                counts[status]++;
                check(status, parsed, frame.length);
                packet.reset();
                packet.buffer().putBytes(0, frame);
                packet.length(frame.length);
                assertEquals(status, parser.parse(packet));
                final DropReason reason = packet.meta().dropReason();
                if (status == 0)
                {
                    assertNull(reason);
                }
                else
                {
                    assertEquals(ParseStatus.dropReason(status), reason);
                }
            }
            catch (final RuntimeException | AssertionError ex)
            {
                fail("frame " + n + " with seed " + seed + ": " + toHex(frame), ex);
            }
        }
        assertTrue(counts[0] > frames / 100, "too few frames parse OK: the mutations are too destructive");
        assertTrue(counts[0] < frames - frames / 100, "too few frames dropped: the mutations are too timid");
    }

    private static void check(final int status, final ParsedPacket parsed, final int length)
    {
        assertTrue(status >= 0 && status < ParseStatus.values().length);
        assertEquals(status, parsed.status());
        if (status != 0)
        {
            assertNotNull(ParseStatus.dropReason(status));
            return;
        }
        final int end = parsed.frameLength();
        assertTrue(end <= length);
        assertTrue(parsed.l3Offset() < parsed.l4Offset());
        assertEquals(end, parsed.l4Offset() + parsed.l4Length());
        assertTrue(parsed.ipVersion() == 4 || parsed.ipVersion() == 6);
        final int protocol = parsed.protocol();
        assertTrue(protocol == 6 || protocol == 17 || protocol == 1 || protocol == 58);
        assertTrue(parsed.l4Length() >= (protocol == 6 ? 20 : 8));
        if (parsed.hasEmbeddedPacket())
        {
            assertTrue(parsed.innerL3Offset() == parsed.l4Offset() + 8);
            assertTrue(parsed.innerL4Offset() + 8 <= end);
            assertTrue(parsed.innerL4Offset() >= parsed.innerL3Offset() + 20);
        }
    }

    private static byte[] mutate(final byte[] template, final SplittableRandom random)
    {
        byte[] frame = template.clone();
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++)
        {
            if (frame.length == 0)
            {
                break;
            }
            final int kind = random.nextInt(10);
            // Bias positions to the headers, where the parser's decisions are.
            final int position = random.nextInt(Math.min(frame.length, random.nextBoolean() ? 80 : frame.length));
            if (kind < 4)
            {
                frame[position] ^= (byte) (1 << random.nextInt(8));
            }
            else if (kind < 6)
            {
                frame[position] = (byte) random.nextInt(256);
            }
            else if (kind < 7 && position + 1 < frame.length)
            {
                final int word = random.nextBoolean() ? random.nextInt(65536) : random.nextInt(80);
                frame[position] = (byte) (word >>> 8);
                frame[position + 1] = (byte) word;
            }
            else if (kind < 9)
            {
                frame = java.util.Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            else
            {
                frame = java.util.Arrays.copyOf(frame, frame.length + random.nextInt(64));
            }
        }
        return frame;
    }

    private static String toHex(final byte[] frame)
    {
        final StringBuilder hex = new StringBuilder(frame.length * 2);
        for (final byte b : frame)
        {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
