// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

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
import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketTemplates;
import dev.flowgate.bench.workload.Topology;
import dev.flowgate.bench.workload.TrafficGenerator;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.PacketBatch;

/**
 * What the filter and pipeline benchmarks spend per packet outside the code they measure: {@code full} restores a
 * burst from its template bytes (what every pipeline pass does), {@code metaOnly} resets metadata only (what every
 * flow-filter pass does), both attaching the flows and counting verdicts as those benchmarks do. Subtract it from
 * their ns/packet for the stage's own cost.
 */
@Question("How much does restoring a burst before each pass cost per packet?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class BurstRestoreBenchmark
{
    static final int POOL = 4096;

    @Param({"established", "realistic"})
    public String mix;

    @Param({"32", "64"})
    public int burst;

    PacketTemplates templates;
    FlowInfo[] flows;
    PacketBatch batch;
    FlowInfo[] attached;
    int next;

    @Setup(Level.Trial)
    public void setUp()
    {
        templates = new TrafficGenerator(Topology.defaultTopology(), 1).generate(Mix.fromLabel(mix), POOL, 0.1);
        flows = templates.buildFlows(FlowInfoAccess.SNAPSHOT, 5);
        batch = new PacketBatch(burst, 128);
        attached = new FlowInfo[burst];
    }

    /** Restoring a burst's bytes and metadata: the pipeline benchmarks' overhead per packet. */
    @Benchmark
    @OperationsPerInvocation(PipelineBenchmark.PACKETS)
    @SteadyState
    public int full(final VerdictCounters counters)
    {
        int first = next;
        for (int k = 0; k < PipelineBenchmark.PACKETS / burst; k++)
        {
            templates.restore(batch, first, burst);
            templates.attachFlows(flows, attached, first, burst, 5);
            counters.count(batch);
            first = (first + burst) & (POOL - 1);
        }
        next = first;
        return batch.packet(0).length();
    }

    /** Resetting metadata only: the flow-filter benchmarks' overhead per packet. */
    @Benchmark
    @OperationsPerInvocation(PipelineBenchmark.PACKETS)
    @SteadyState
    public int metaOnly(final VerdictCounters counters)
    {
        int first = next;
        for (int k = 0; k < PipelineBenchmark.PACKETS / burst; k++)
        {
            templates.restoreMeta(batch, first, burst);
            templates.attachFlows(flows, attached, first, burst, 5);
            counters.count(batch);
            first = (first + burst) & (POOL - 1);
        }
        next = first;
        return batch.packet(0).meta().srcVni();
    }
}
