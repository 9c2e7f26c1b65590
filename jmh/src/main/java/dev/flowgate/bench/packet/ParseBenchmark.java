// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.packet;

import java.util.concurrent.TimeUnit;

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
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.parse.PacketParser;

/**
 * Parse + validate cost per header stack: Ethernet, IP, transport and, for ICMP errors, the embedded header;
 * including the IPv4 header checksum verification the parser does. Every invocation parses {@link #PACKETS}
 * packets ({@code 64 / burst} bursts of {@code burst}), so ops/s are packets/s.
 */
@Question("How much does parsing and validating one packet cost, per header stack?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ParseBenchmark
{
    /** Packets per invocation. */
    public static final int PACKETS = 64;

    /** Header stacks. */
    public enum Stack
    {
        IPV4_UDP,
        IPV4_TCP,
        IPV6_TCP,
        ICMP_ERROR
    }

    @Param({"IPV4_UDP", "IPV4_TCP", "IPV6_TCP", "ICMP_ERROR"})
    public Stack stack;

    @Param({"32", "64"})
    public int burst;

    private PacketBatch[] batches;
    private final PacketParser parser = new PacketParser();

    static PacketBuilder builder(final Stack stack, final int i)
    {
        final int src = 0x0A00_0000 | (i * 7919 & 0xFFFF);
        final int dst = 0xC0A8_0000 | (i * 104729 & 0xFFFF);
        final int port = 1024 + i;
        switch (stack)
        {
            case IPV4_UDP:
                return new PacketBuilder().ipv4(src, dst).udp(port, 53).payloadLength(64);
            case IPV4_TCP:
                return new PacketBuilder().ipv4(src, dst).tcp(port, 443).flags(TcpDescriptor.ACK).payloadLength(64);
            case IPV6_TCP:
                return new PacketBuilder().ipv6(0x2001_0db8_0000_0000L, src, 0x2001_0db8_0001_0000L, dst)
                    .tcp(port, 443).flags(TcpDescriptor.ACK).payloadLength(64);
            case ICMP_ERROR:
                return new PacketBuilder().ipv4(0xAC10_0001, src).icmpError(Icmp4Descriptor.TYPE_DEST_UNREACHABLE,
                    3, new PacketBuilder().ipv4(src, dst).udp(port, 53).payloadLength(64));
            default:
                throw new IllegalStateException(stack.name());
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        batches = new PacketBatch[PACKETS / burst];
        for (int b = 0; b < batches.length; b++)
        {
            batches[b] = new PacketBatch(burst);
            for (int i = 0; i < burst; i++)
            {
                builder(stack, b * burst + i).writeTo(batches[b].claim());
            }
        }
        // The verdict mix: every packet must parse OK, or this benchmark measures a drop path instead.
        if (parseAll() != 0)
        {
            throw new IllegalStateException("templates do not all parse OK for " + stack);
        }
    }

    private int parseAll()
    {
        int failures = 0;
        for (final PacketBatch batch : batches)
        {
            for (int i = 0; i < batch.count(); i++)
            {
                failures += parser.parse(batch.packet(i)) != 0 ? 1 : 0;
            }
        }
        return failures;
    }

    /** Parse and validate alone, per header stack: no stage runs after it. */
    @Benchmark
    @SteadyState
    @OperationsPerInvocation(PACKETS)
    public int parse()
    {
        final PacketParser p = parser;
        int sum = 0;
        for (final PacketBatch batch : batches)
        {
            final int count = batch.count();
            for (int i = 0; i < count; i++)
            {
                final Packet packet = batch.packet(i);
                sum += p.parse(packet) + packet.parsed().l4Offset();
            }
        }
        return sum;
    }
}
