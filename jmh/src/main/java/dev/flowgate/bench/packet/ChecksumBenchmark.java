// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.packet;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.PacketRewriter;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * A NAT rewrite of source address and source port on a parsed TCP packet, with the checksums brought up to date
 * either incrementally (RFC 1624, {@code PacketRewriter}) or by full recomputation (IPv4 header and TCP over the
 * pseudo-header and the whole segment). Rewrite-idempotent: each invocation flips every packet between two
 * (address, port) pairs, so the packets stay valid and the same path is measured throughout. Ops/s are
 * packets/s.
 */
@Question("How much does an incremental checksum update save over a full recomputation for a NAT rewrite?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ChecksumBenchmark
{
    /** Packets per invocation. */
    public static final int BURST = 32;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int ADDRESS_A = 0xC633_6401;
    private static final int ADDRESS_B = 0xC633_6402;
    private static final long ADDRESS6_HI = 0x2001_0db8_00ff_0000L;
    private static final int PORT_A = 40000;
    private static final int PORT_B = 40001;

    /** Header stacks. */
    public enum Stack
    {
        IPV4_TCP,
        IPV6_TCP
    }

    /** How checksums are brought up to date. */
    public enum Update
    {
        INCREMENTAL,
        FULL
    }

    @Param({"IPV4_TCP", "IPV6_TCP"})
    public Stack stack;

    @Param({"INCREMENTAL", "FULL"})
    public Update update;

    /** TCP payload bytes: the full recomputation reads all of them. */
    @Param({"64", "1400"})
    public int payload;

    private final PacketBatch batch = new PacketBatch(BURST);
    private boolean flip;

    @Setup(Level.Trial)
    public void setUp()
    {
        final PacketParser parser = new PacketParser();
        for (int i = 0; i < BURST; i++)
        {
            final PacketBuilder builder = stack == Stack.IPV4_TCP ?
                new PacketBuilder().ipv4(0x0A00_0100 + i, 0x0B00_0001) :
                new PacketBuilder().ipv6(0xFD00_0000_0000_0000L, i + 1, 0x2001_0db8_0000_0000L, 1);
            final Packet packet = batch.claim();
            builder.tcp(1024 + i, 443).flags(TcpDescriptor.ACK).payloadLength(payload).writeTo(packet);
            if (parser.parse(packet) != 0)
            {
                throw new IllegalStateException("template does not parse");
            }
        }
        // Both paths must leave valid packets: run each once (A then back to B) and verify.
        rewriteIncremental(ADDRESS_A, PORT_A);
        rewriteFull(ADDRESS_B, PORT_B);
        for (int i = 0; i < BURST; i++)
        {
            final Packet packet = batch.packet(i);
            final ParsedPacket parsed = packet.parsed();
            final UnsafeBuffer buffer = packet.buffer();
            final boolean valid = stack == Stack.IPV4_TCP ?
                Checksum.isIpv4HeaderValid(buffer, parsed.l3Offset(), 20) && Checksum.isTransportIpv4Valid(
                buffer, parsed.l3Offset(), parsed.l4Offset(), parsed.l4Length(), IpProtocol.TCP) :
                Checksum.isTransportIpv6Valid(
                buffer, parsed.l3Offset(), parsed.l4Offset(), parsed.l4Length(), IpProtocol.TCP);
            if (!valid)
            {
                throw new IllegalStateException("rewrite broke a checksum at packet " + i);
            }
        }
    }

    /** One NAT rewrite with its checksum upkeep, incremental or full per {@code update}: the rest is the same. */
    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    public int rewrite()
    {
        flip = !flip;
        final int address = flip ? ADDRESS_A : ADDRESS_B;
        final int port = flip ? PORT_A : PORT_B;
        if (update == Update.INCREMENTAL)
        {
            rewriteIncremental(address, port);
        }
        else
        {
            rewriteFull(address, port);
        }
        return batch.packet(0).buffer().getShort(batch.packet(0).parsed().l4Offset() + TcpDescriptor.CHECKSUM_OFFSET);
    }

    private void rewriteIncremental(final int address, final int port)
    {
        final boolean v4 = stack == Stack.IPV4_TCP;
        for (int i = 0; i < BURST; i++)
        {
            final Packet packet = batch.packet(i);
            if (v4)
            {
                PacketRewriter.srcIpv4(packet, address);
            }
            else
            {
                PacketRewriter.srcIpv6(packet, ADDRESS6_HI, address);
            }
            PacketRewriter.srcPort(packet, port);
        }
    }

    private void rewriteFull(final int address, final int port)
    {
        final boolean v4 = stack == Stack.IPV4_TCP;
        for (int i = 0; i < BURST; i++)
        {
            final Packet packet = batch.packet(i);
            final UnsafeBuffer buffer = packet.buffer();
            final ParsedPacket parsed = packet.parsed();
            final int l3 = parsed.l3Offset();
            final int l4 = parsed.l4Offset();
            if (v4)
            {
                buffer.putInt(l3 + Ipv4Descriptor.SRC_ADDRESS_OFFSET, address, NET);
            }
            else
            {
                buffer.putLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET, ADDRESS6_HI, NET);
                buffer.putLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, address, NET);
            }
            buffer.putShort(l4 + TcpDescriptor.SRC_PORT_OFFSET, (short) port, NET);
            if (v4)
            {
                buffer.putShort(l3 + Ipv4Descriptor.CHECKSUM_OFFSET,
                    (short) Checksum.ipv4Header(buffer, l3, l4 - l3), NET);
                buffer.putShort(l4 + TcpDescriptor.CHECKSUM_OFFSET,
                    (short) Checksum.transportIpv4(buffer, l3, l4, parsed.l4Length(), IpProtocol.TCP), NET);
            }
            else
            {
                buffer.putShort(l4 + TcpDescriptor.CHECKSUM_OFFSET,
                    (short) Checksum.transportIpv6(buffer, l3, l4, parsed.l4Length(), IpProtocol.TCP), NET);
            }
        }
    }
}
