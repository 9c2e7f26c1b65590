// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.UdpDescriptor;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * NAT rewrites on random packets: after every random sequence of rewrites each checksum equals, exactly, a full
 * recomputation over the rewritten bytes (outer IPv4 header, outer transport, embedded IPv4 header, embedded
 * transport, outer ICMP).
 */
class PacketRewriterTest
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final PacketParser parser = new PacketParser();
    private final Packet packet = new Packet(2048);

    private static List<PacketBuilder> randomBuilders(final SplittableRandom random)
    {
        final List<PacketBuilder> builders = new ArrayList<>();
        final int src4 = 0x0A00_0000 | random.nextInt(1 << 24);
        final int dst4 = 0x0B00_0000 | random.nextInt(1 << 24);
        final long hi = 0x2001_0db8_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL);
        final int payload = random.nextInt(200);
        final int sport = 1 + random.nextInt(65535);
        final int dport = 1 + random.nextInt(65535);
        builders.add(new PacketBuilder().ipv4(src4, dst4).tcp(sport, dport).payloadLength(payload));
        builders.add(new PacketBuilder().ipv4(src4, dst4).udp(sport, dport).payloadLength(payload));
        builders.add(new PacketBuilder().ipv4(src4, dst4).udp(sport, dport).payloadLength(payload)
            .zeroUdpChecksum(true));
        builders.add(new PacketBuilder().ipv4(src4, dst4).icmpEchoRequest(sport, dport).payloadLength(payload));
        builders.add(new PacketBuilder().ipv6(hi, random.nextLong() | 2, hi + 1, random.nextLong()).tcp(sport, dport)
            .payloadLength(payload));
        builders.add(new PacketBuilder().ipv6(hi, random.nextLong() | 2, hi + 1, random.nextLong()).udp(sport, dport)
            .payloadLength(payload).extension(Ipv6Descriptor.EXT_HOP_BY_HOP, 8));
        builders.add(new PacketBuilder().ipv6(hi, random.nextLong() | 2, hi + 1, random.nextLong())
            .icmpEchoReply(sport, dport).payloadLength(payload));
        builders.add(new PacketBuilder().ipv4(dst4 + 1, src4).icmpError(Icmp4Descriptor.TYPE_DEST_UNREACHABLE, 1,
            new PacketBuilder().ipv4(src4, dst4).udp(sport, dport).payloadLength(payload % 50)));
        builders.add(new PacketBuilder().ipv4(dst4 + 1, src4).icmpError(Icmp4Descriptor.TYPE_TIME_EXCEEDED, 0,
            new PacketBuilder().ipv4(src4, dst4).tcp(sport, dport).payloadLength(payload % 50)));
        builders.add(new PacketBuilder().ipv4(dst4 + 1, src4).icmpError(Icmp4Descriptor.TYPE_TIME_EXCEEDED, 0,
            new PacketBuilder().ipv4(src4, dst4).icmpEchoRequest(sport, dport).payloadLength(payload % 50)));
        builders.add(new PacketBuilder().ipv6(hi + 2, 1, hi, 2).icmpError(Icmp6Descriptor.TYPE_DEST_UNREACHABLE, 1,
            new PacketBuilder().ipv6(hi, 2, hi + 1, 3).udp(sport, dport).payloadLength(payload % 50)));
        builders.add(new PacketBuilder().ipv6(hi + 2, 1, hi, 2).icmpError(Icmp6Descriptor.TYPE_TIME_EXCEEDED, 0,
            new PacketBuilder().ipv6(hi, 2, hi + 1, 3).tcp(sport, dport).payloadLength(payload % 50)));
        builders.add(new PacketBuilder().ipv6(hi + 2, 1, hi, 2).icmpError(Icmp6Descriptor.TYPE_TIME_EXCEEDED, 0,
            new PacketBuilder().ipv6(hi, 2, hi + 1, 3).icmpEchoRequest(sport, dport).payloadLength(payload % 50)));
        return builders;
    }

    @Test
    void shouldKeepEveryChecksumEqualToFullRecomputation()
    {
        final long seed = Long.getLong("flowgate.rewrite.seed", System.nanoTime());
        System.out.println("PacketRewriterTest seed=" + seed + " (replay with -Dflowgate.rewrite.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        int rewrites = 0;
        for (int round = 0; round < 300; round++)
        {
            for (final PacketBuilder builder : randomBuilders(random))
            {
                builder.writeTo(packet);
                packet.meta().reset();
                assertEquals(0, parser.parse(packet), "seed " + seed);
                final boolean zeroUdp = packet.parsed().protocol() == IpProtocol.UDP &&
                    packet.buffer().getShort(packet.parsed().l4Offset() + UdpDescriptor.CHECKSUM_OFFSET) == 0;
                final int steps = 1 + random.nextInt(4);
                for (int s = 0; s < steps; s++)
                {
                    rewriteRandomField(random);
                    rewrites++;
                }
                assertChecksumsFull(packet, zeroUdp, "seed " + seed + " round " + round);
            }
        }
        assertEquals(true, rewrites > 3000);
    }

    private void rewriteRandomField(final SplittableRandom random)
    {
        final ParsedPacket parsed = packet.parsed();
        final int choice = random.nextInt(parsed.hasEmbeddedPacket() ? 5 : 3);
        final int v4 = random.nextInt();
        final long hi = random.nextLong();
        final long lo = random.nextLong();
        final int word = 1 + random.nextInt(65535);
        final boolean ports = parsed.protocol() == IpProtocol.TCP || parsed.protocol() == IpProtocol.UDP;
        final boolean innerPorts = parsed.innerProtocol() == IpProtocol.TCP ||
            parsed.innerProtocol() == IpProtocol.UDP;
        switch (choice)
        {
            case 0:
                if (parsed.ipVersion() == 4)
                {
                    PacketRewriter.srcIpv4(packet, v4);
                    assertEquals(v4, packet.srcIpv4());
                }
                else
                {
                    PacketRewriter.srcIpv6(packet, hi, lo);
                    assertEquals(hi, packet.srcIpv6Hi());
                    assertEquals(lo, packet.srcIpv6Lo());
                }
                break;
            case 1:
                if (parsed.ipVersion() == 4)
                {
                    PacketRewriter.dstIpv4(packet, v4);
                    assertEquals(v4, packet.dstIpv4());
                }
                else
                {
                    PacketRewriter.dstIpv6(packet, hi, lo);
                    assertEquals(lo, packet.dstIpv6Lo());
                }
                break;
            case 2:
                if (ports)
                {
                    if (random.nextBoolean())
                    {
                        PacketRewriter.srcPort(packet, word);
                        assertEquals(word, packet.srcPort());
                    }
                    else
                    {
                        PacketRewriter.dstPort(packet, word);
                        assertEquals(word, packet.dstPort());
                    }
                }
                else if (!parsed.hasEmbeddedPacket())
                {
                    PacketRewriter.icmpIdentifier(packet, word);
                    assertEquals(word, packet.icmpIdentifier());
                }
                break;
            case 3:
                if (parsed.innerIpVersion() == 4)
                {
                    if (random.nextBoolean())
                    {
                        PacketRewriter.innerSrcIpv4(packet, v4);
                    }
                    else
                    {
                        PacketRewriter.innerDstIpv4(packet, v4);
                    }
                }
                else if (random.nextBoolean())
                {
                    PacketRewriter.innerSrcIpv6(packet, hi, lo);
                }
                else
                {
                    PacketRewriter.innerDstIpv6(packet, hi, lo);
                }
                break;
            default:
                if (innerPorts)
                {
                    final boolean src = random.nextBoolean();
                    if (src)
                    {
                        PacketRewriter.innerSrcPort(packet, word);
                    }
                    else
                    {
                        PacketRewriter.innerDstPort(packet, word);
                    }
                    assertEquals(word, packet.buffer().getShort(parsed.innerL4Offset() + (src ? 0 : 2), NET) & 0xFFFF);
                }
                else
                {
                    PacketRewriter.innerIcmpIdentifier(packet, word);
                    assertEquals(word, packet.buffer().getShort(parsed.innerL4Offset() + 4, NET) & 0xFFFF);
                }
                break;
        }
    }

    static void assertChecksumsFull(final Packet packet, final boolean zeroUdp, final String message)
    {
        final UnsafeBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int l3 = parsed.l3Offset();
        final int l4 = parsed.l4Offset();
        final int protocol = parsed.protocol();
        if (parsed.ipVersion() == 4)
        {
            final int ihl = (buffer.getByte(l3) & 0x0F) * 4;
            assertEquals(Checksum.ipv4Header(buffer, l3, ihl), stored(buffer, l3 + Ipv4Descriptor.CHECKSUM_OFFSET),
                message);
        }
        final int stored = stored(buffer, l4 + Checksum.checksumFieldOffset(protocol));
        if (zeroUdp)
        {
            assertEquals(0, stored, message + ": zero UDP checksum must stay zero");
        }
        else
        {
            final int full = parsed.ipVersion() == 4 ?
                Checksum.transportIpv4(buffer, l3, l4, parsed.l4Length(), protocol) :
                Checksum.transportIpv6(buffer, l3, l4, parsed.l4Length(), protocol);
            assertEquals(full, stored, message + ": outer transport");
        }
        if (parsed.hasEmbeddedPacket())
        {
            final int inner = parsed.innerL3Offset();
            final int innerL4 = parsed.innerL4Offset();
            final int innerProtocol = parsed.innerProtocol();
            final int available = parsed.innerL4Available();
            if (parsed.innerIpVersion() == 4)
            {
                assertEquals(Checksum.ipv4Header(buffer, inner, innerL4 - inner),
                    stored(buffer, inner + Ipv4Descriptor.CHECKSUM_OFFSET), message + ": inner ip");
            }
            final int innerFull = parsed.innerIpVersion() == 4 ?
                Checksum.transportIpv4(buffer, inner, innerL4, available, innerProtocol) :
                Checksum.transportIpv6(buffer, inner, innerL4, available, innerProtocol);
            assertEquals(innerFull, stored(buffer, innerL4 + Checksum.checksumFieldOffset(innerProtocol)),
                message + ": inner transport");
        }
    }

    private static int stored(final UnsafeBuffer buffer, final int at)
    {
        return buffer.getShort(at, NET) & 0xFFFF;
    }

    @Test
    void shouldKeepZeroUdpChecksumZeroAfterAddressAndPortRewrite()
    {
        new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1000, 53).payloadLength(20).zeroUdpChecksum(true)
            .writeTo(packet);
        assertEquals(0, parser.parse(packet));
        PacketRewriter.srcIpv4(packet, IpAddresses.ipv4("203.0.113.7"));
        PacketRewriter.srcPort(packet, 61000);
        assertEquals(0, packet.buffer().getShort(packet.parsed().l4Offset() + UdpDescriptor.CHECKSUM_OFFSET));
        assertChecksumsFull(packet, true, "zero udp");
    }

    @Test
    void shouldWriteUdpChecksumZeroResultAsAllOnes()
    {
        // Search a port whose rewrite makes the one's-complement sum 0xFFFF: the checksum must become 0xFFFF.
        for (int port = 1; port < 65536; port++)
        {
            new PacketBuilder().ipv4("10.0.0.1", "10.0.0.2").udp(1000, 53).payloadLength(4).writeTo(packet);
            assertEquals(0, parser.parse(packet));
            PacketRewriter.srcPort(packet, port);
            final int stored = stored(packet.buffer(), packet.parsed().l4Offset() + UdpDescriptor.CHECKSUM_OFFSET);
            if (stored == 0xFFFF)
            {
                assertChecksumsFull(packet, false, "port " + port);
                return;
            }
            assertEquals(true, stored != 0, "port " + port);
        }
        throw new AssertionError("no port produced a zero sum");
    }
}
