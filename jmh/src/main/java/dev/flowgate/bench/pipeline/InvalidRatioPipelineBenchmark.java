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
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * The realistic mix through the whole pipeline (as {@link PipelineBenchmark}, one thread) by the share of
 * invalid-nat packets: where EARLY's gain over LATE shows. The rest of the mix: 80% established, 12% new-valid (2
 * points of them ICMP echo requests, the rest TCP SYN and UDP), 5% stale, 3% multi-match, IPv4 only (the default
 * topology has no IPv6 expose). At {@code invalidRatio} 0 no verdict depends on the validation: the setup runs the
 * pool under EARLY and under LATE in every fork and fails unless both give the same verdicts, so EARLY/LATE there
 * compares the same work (expected ratio 1). Each worker then runs {@code PipelineWorker.SETTLE_PACKETS} packets
 * before JMH's warm-up (compiled code, session population and allocator in their steady state).
 * Not {@code @SteadyState}: the realistic mix's new connections create sessions, which allocate on purpose.
 */
@Question("How much does EARLY change the whole pipeline's throughput against LATE as the share of invalid-nat "
    + "packets grows?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InvalidRatioPipelineBenchmark extends MixPipelineTrial
{
    @Param({"realistic"})
    public String mix;

    @Param({"0", "0.01", "0.1", "0.5"})
    public double invalidRatio;

    @Param({"SINGLE_LOCK", "MULTI_LOCK"})
    public FlowInfoAccess flowAccess;

    @Param({"LOCK_FREE"})
    public FlowTableKind flowTable;

    @Param({"10000"})
    public int flows;

    @Setup(Level.Trial)
    public void setUp()
    {
        build(mix, invalidRatio, flowAccess, flowTable, flows, "InvalidRatioPipelineBenchmark");
    }

    /** One worker thread. */
    @State(Scope.Thread)
    public static class Worker extends PipelineThread
    {
        @Setup(Level.Trial)
        public void setUp(final InvalidRatioPipelineBenchmark b, final WorkingSet workingSet)
        {
            start(b, workingSet);
        }
    }

    /** The realistic mix on one worker: how the invalid-nat share moves EARLY against LATE. */
    @Benchmark
    @OperationsPerInvocation(PipelineBenchmark.PACKETS)
    public int oneThread(final Worker w, final VerdictCounters counters)
    {
        return w.run(counters);
    }
}
