// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.EthernetDescriptor;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * The parser reads an IPv4 header's fixed 20 bytes in three words and takes its fields and, without options, its
 * checksum from them: against the byte-wise fields and {@link Checksum#isIpv4HeaderValid} over the whole header, for
 * random headers with and without options and with right and wrong checksums.
 */
class PacketParserIpv4HeaderTest
{
    private final PacketParser parser = new PacketParser();
    private final ParsedPacket parsed = new ParsedPacket();

    @Test
    void shouldTakeTheFieldsAndTheChecksumFromTheHeaderWords()
    {
        final SplittableRandom random = new SplittableRandom(20261204);
        int bad = 0;
        int ok = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final boolean tcp = random.nextBoolean();
            final PacketBuilder builder = new PacketBuilder().ethernet(0x0A0B0C0D0E0FL, 0x0A0B0C0D0E10L)
                .ipv4(0x0A000000 | random.nextInt(1 << 24), random.nextInt())
                .ttl(random.nextInt(256)).tos(random.nextInt(256)).identification(random.nextInt(1 << 16))
                .dontFragment(random.nextBoolean());
            (tcp ? builder.tcp(1 + random.nextInt(65535), 1 + random.nextInt(65535)) :
                builder.udp(1 + random.nextInt(65535), 1 + random.nextInt(65535))).payloadLength(16);
            final int ihl = 20 + 4 * random.nextInt(3);
            if (ihl > 20)
            {
                final byte[] options = new byte[ihl - 20];
                for (int i = 0; i < options.length; i++)
                {
                    options[i] = (byte) random.nextInt(256);
                }
                builder.ipv4Options(options);
            }
            final byte[] frame = builder.build();
            final int l3 = EthernetDescriptor.HEADER_LENGTH;
            final UnsafeBuffer exact = new UnsafeBuffer(frame);
            if (random.nextInt(4) == 0)
            {
                exact.putShort(l3 + Ipv4Descriptor.CHECKSUM_OFFSET, (short) random.nextInt(1 << 16));
            }
            else
            {
                exact.putShort(l3 + Ipv4Descriptor.CHECKSUM_OFFSET, (short) 0);
                exact.putShort(l3 + Ipv4Descriptor.CHECKSUM_OFFSET, (short) Checksum.ipv4Header(exact, l3, ihl),
                    ByteOrder.BIG_ENDIAN);
            }
            final boolean valid = Checksum.isIpv4HeaderValid(exact, l3, ihl);
            final ParseStatus status = ParseStatus.of(parser.parse(exact, frame.length, parsed));
            assertEquals(!valid, status == ParseStatus.IPV4_BAD_CHECKSUM, "header " + n + ", ihl " + ihl + ": " +
                status);
            if (!valid)
            {
                bad++;
                continue;
            }
            assertEquals(4, parsed.ipVersion());
            assertEquals(exact.getByte(l3 + Ipv4Descriptor.PROTOCOL_OFFSET) & 0xFF, parsed.protocol());
            assertEquals(l3 + ihl, parsed.l4Offset());
            assertEquals(l3 + (exact.getShort(l3 + Ipv4Descriptor.TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF),
                parsed.frameLength);
            ok += status == ParseStatus.OK ? 1 : 0;
        }
        assertTrue(bad > 3_000 && ok > 10_000, "bad checksums " + bad + ", OK frames " + ok);
    }

    @Test
    void shouldFlagOnlyTheAllOnesDestinationMacAsBroadcast()
    {
        // The destination MAC comes out of one 8-byte read: one bit off in its first or last byte is not broadcast.
        final long[] macs = {0xFFFF_FFFF_FFFFL, 0xFFFF_FFFF_FFFEL, 0xFEFF_FFFF_FFFFL, 0x0A0B_0C0D_0E10L};
        final boolean[] broadcast = {true, false, false, false};
        for (int i = 0; i < macs.length; i++)
        {
            final Packet packet = new Packet(256);
            new PacketBuilder().ethernet(0xFFFF_FFFF_FFFFL, macs[i]).ipv4("10.0.0.1", "10.0.0.2").udp(1000, 53)
                .payloadLength(8).writeTo(packet);
            assertEquals(ParseStatus.OK.code(), parser.parse(packet), "mac " + Long.toHexString(macs[i]));
            assertEquals(broadcast[i], packet.meta().hasFlags(PacketMeta.IS_L2_BCAST), Long.toHexString(macs[i]));
        }
    }
}
