// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.nat;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.nat.StaticNatStage;
import dev.flowgate.nat.StaticNatTables;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.PacketParser;

/**
 * Static NAT of a burst of {@link #BURST} TCP/UDP packets whose source and destination are both translated
 * (expose with exclusions, so the mapping has several pieces). Static NAT is not rewrite-idempotent (a translated
 * packet no longer matches), so each pass <b>restores the packets from templates</b> and re-parses them;
 * {@link #restoreOnly} measures that restoring alone, to subtract.
 */
@Question("How many packets per second does static NAT translate (both addresses), and what does it allocate?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class StaticNatBenchmark
{
    public static final int BURST = 64;
    static final int SLOT = 256;
    static final int VNI_A = 100;
    static final int VNI_B = 200;

    final PacketParser parser = new PacketParser();
    final StaticNatStage stage = new StaticNatStage();
    UnsafeBuffer templates;
    int[] lengths;
    PacketBatch batch;
    StaticNatTables tables;

    @Setup(Level.Trial)
    public void setUp()
    {
        final Expose a = Expose.builder().ips("10.0.0.0/16").not("10.0.3.0/24", "10.0.200.0/22")
            .staticNat("100.64.0.0/16").notAs("100.64.7.0/24", "100.64.100.0/22").build();
        final Expose b = Expose.builder().ips("192.168.0.0/24").staticNat("3.3.3.0/24").build();
        tables = StaticNatTables.build(Overlay.builder().vpc("a", "AAAAA", VNI_A).vpc("b", "BBBBB", VNI_B)
            .peering("a-b", Manifest.of("a", a), Manifest.of("b", b)).build());
        templates = new UnsafeBuffer(new byte[BURST * SLOT]);
        lengths = new int[BURST];
        for (int i = 0; i < BURST; i++)
        {
            final PacketBuilder builder = new PacketBuilder()
                .ipv4("10.0." + (i * 3 % 200) + "." + (i + 1), "3.3.3." + (i + 1));
            lengths[i] = (i % 2 == 0 ? builder.tcp(40000 + i, 443) : builder.udp(40000 + i, 53))
                .writeTo(templates, i * SLOT);
        }
        batch = new PacketBatch(BURST);
        restore();
        stage.process(batch, tables, 0);
        for (int i = 0; i < BURST; i++)
        {
            if (!batch.packet(i).meta().hasFlags(PacketMeta.NATTED))
            {
                throw new IllegalStateException("packet " + i + " not translated: check the configuration");
            }
        }
    }

    private void restore()
    {
        batch.reset();
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(templates, i * SLOT, lengths[i]);
            parser.parse(p);
            p.meta().srcVni(VNI_A).dstVni(VNI_B).setFlags(PacketMeta.REQ_STATELESS_NAT);
        }
    }

    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    public PacketBatch translate()
    {
        restore();
        stage.process(batch, tables, 0);
        return batch;
    }

    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    public PacketBatch restoreOnly()
    {
        restore();
        return batch;
    }
}
