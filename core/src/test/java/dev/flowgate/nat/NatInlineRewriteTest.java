// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.PacketRewriter;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.parse.PacketParser;

/**
 * docs/spec/nat.md section 2.9, D1-D2: the INLINE rewrite with the precomputed checksum delta writes, byte for byte,
 * what the object path's field-by-field {@link PacketRewriter} updates write, for masquerade (every field) and port
 * forwarding (the fields that differ), over random addresses and ports, and over transport checksums forced to the
 * edge values 0 and 0xFFFF (UDP: 0 means none) with ports that sum to zero.
 */
class NatInlineRewriteTest
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int ROUNDS = 3000;

    private final PacketParser parser = new PacketParser();
    private final Packet expected = new Packet(2048);
    private final Packet actual = new Packet(2048);

    @Test
    void shouldWriteTheObjectPathsBytes()
    {
        final long seed = NatTestSupport.seed("NatInlineRewriteTest");
        final SplittableRandom random = new SplittableRandom(seed);
        int edges = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final int kind = random.nextInt(7);
            final boolean ipv6 = kind >= 4;
            final int proto = kind % 4 == 0 ? IpProtocol.TCP : kind % 4 == 1 || kind % 4 == 3 ? IpProtocol.UDP :
                ipv6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP;
            final boolean src = random.nextBoolean();
            final boolean icmp = proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6;
            final int picked = edge(random, 1 + random.nextInt(65535));
            final int oldPort = picked == 0 && !icmp ? 0xFFFF : picked; // a packet with port 0 does not parse
            final boolean always = icmp || random.nextBoolean();
            final int newPort = random.nextInt(4) == 0 ? oldPort : edge(random, 1 + random.nextInt(65535));
            final long hi = 0x2001_0db8_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL);
            final PacketBuilder b = new PacketBuilder();
            if (ipv6)
            {
                b.ipv6(hi, random.nextLong(), hi + 1, random.nextLong());
            }
            else
            {
                b.ipv4(0x0A00_0000 | random.nextInt(1 << 24), 0x0B00_0000 | random.nextInt(1 << 24));
            }
            if (proto == IpProtocol.TCP)
            {
                b.tcp(src ? oldPort : 1234, src ? 4321 : oldPort);
            }
            else if (proto == IpProtocol.UDP)
            {
                b.udp(src ? oldPort : 1234, src ? 4321 : oldPort).zeroUdpChecksum(kind == 3);
            }
            else
            {
                b.icmpEchoRequest(oldPort, 7);
            }
            b.payloadLength(random.nextInt(100));
            build(b, expected);
            build(b, actual);
            final int checksumAt = expected.parsed().l4Offset() + Checksum.checksumFieldOffset(proto);
            if (kind != 3 && random.nextInt(4) == 0)
            {
                final int forced = random.nextBoolean() ? 0 : 0xFFFF; // the ones' complement zeros
                expected.buffer().putShort(checksumAt, (short) forced, NET);
                actual.buffer().putShort(checksumAt, (short) forced, NET);
                edges++;
            }
            final long oldHi = ipv6 ? (src ? expected.srcIpv6Hi() : expected.dstIpv6Hi()) : 0L;
            final long oldLo = ipv6 ? (src ? expected.srcIpv6Lo() : expected.dstIpv6Lo()) :
                (src ? expected.srcIpv4() : expected.dstIpv4()) & 0xFFFF_FFFFL;
            final boolean sameAddress = random.nextInt(4) == 0;
            final long newHi = sameAddress ? oldHi : ipv6 ? random.nextLong() : 0L;
            final long newLo = sameAddress ? oldLo : ipv6 ? random.nextLong() : random.nextInt() & 0xFFFF_FFFFL;

            objectPath(expected, src, ipv6, newHi, newLo, newPort, always);
            final boolean address = always || newHi != oldHi || newLo != oldLo;
            final int delta = NatInline.delta(proto, ipv6, address, oldHi, oldLo, newHi, newLo,
                always || newPort != oldPort, oldPort, newPort);
            NatInline.rewrite(actual, src, ipv6, newHi, newLo, newPort, delta, always);
            for (int i = 0; i < expected.length(); i++)
            {
                assertEquals(expected.buffer().getByte(i), actual.buffer().getByte(i), "byte " + i + " of round " +
                    round + " (kind " + kind + ", src " + src + ", always " + always + "), seed " + seed);
            }
        }
        assertTrue(edges > 100, "edge checksums tried: " + edges);
    }

    /** Ports of 0xFFFF and 0 make a rewrite's words sum to zero, the case where +0 and -0 differ. */
    private static int edge(final SplittableRandom random, final int port)
    {
        final int r = random.nextInt(8);
        return r == 0 ? 0xFFFF : r == 1 ? 0 : port;
    }

    private void build(final PacketBuilder b, final Packet packet)
    {
        b.writeTo(packet);
        packet.meta().reset();
        assertEquals(0, parser.parse(packet));
    }

    /** What MasqueradeStage.translate (always) and PortForwardStage.rewrite (fields that differ) do. */
    private static void objectPath(
        final Packet packet, final boolean src, final boolean ipv6, final long hi, final long lo, final int port,
        final boolean always)
    {
        final int proto = packet.parsed().protocol();
        if (ipv6)
        {
            final boolean differs = src ? packet.srcIpv6Hi() != hi || packet.srcIpv6Lo() != lo :
                packet.dstIpv6Hi() != hi || packet.dstIpv6Lo() != lo;
            if (always || differs)
            {
                if (src)
                {
                    PacketRewriter.srcIpv6(packet, hi, lo);
                }
                else
                {
                    PacketRewriter.dstIpv6(packet, hi, lo);
                }
            }
        }
        else if (always || (src ? packet.srcIpv4() : packet.dstIpv4()) != (int) lo)
        {
            if (src)
            {
                PacketRewriter.srcIpv4(packet, (int) lo);
            }
            else
            {
                PacketRewriter.dstIpv4(packet, (int) lo);
            }
        }
        if (proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6)
        {
            PacketRewriter.icmpIdentifier(packet, port);
        }
        else if (always || (src ? packet.srcPort() : packet.dstPort()) != port)
        {
            if (src)
            {
                PacketRewriter.srcPort(packet, port);
            }
            else
            {
                PacketRewriter.dstPort(packet, port);
            }
        }
    }
}
