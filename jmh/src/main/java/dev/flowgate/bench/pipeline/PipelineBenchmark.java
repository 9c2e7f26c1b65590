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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * The whole pipeline (parse, flow lookup, flow-filter, static NAT, masquerade, expirations) on the default topology,
 * per {@code mix}, {@code natValidation}, {@code flowAccess}, {@code flowTable}, {@code lookup}, {@code flows} (entries
 * pre-populated in the shared flow table; the established, stale and realistic pools touch every one of them per pool
 * cycle, see {@link PipelineFixture} and {@link WorkingSet}) and {@code burst}; {@code oneThread} and
 * {@code twoThreads} (two workers, each its own pipeline, sharing the flow table and the configuration). An invocation
 * processes {@link #PACKETS} packets; every burst is restored from its template bytes first (the restore is measured
 * alone by {@link BurstRestoreBenchmark}). {@code invalidRatio} applies to the realistic mix only (the others ignore
 * it; {@code InvalidRatioPipelineBenchmark} varies it). Setup runs the pool once and fails unless the verdicts and the
 * bypass count are the mix's, and every iteration fails whose packets get other verdicts or bypasses than setup saw
 * ({@code VerdictCounters}) ({@link PipelineFixture}: sessions created through the pipeline, new-valid and multi-match
 * ports varied per pool cycle so first packets stay first packets). {@code oneThread} is allocation-free for
 * established, stale and invalid-nat; new-valid, multi-match and realistic create sessions (flow pair, NAT state) on
 * purpose and allocate for them. The realistic mix carries ICMP echo requests (2% of its valid packets) besides TCP and
 * UDP; no mix carries IPv6 (the default topology exposes IPv4 only). Where no packet is invalid-nat, setup checks that
 * EARLY and LATE give the same verdicts; session-creating mixes run {@code PipelineWorker.SETTLE_PACKETS} packets per
 * worker before the warm-up.
 *
 * <p>Three questions in one class (natValidation, flowAccess, flowTable): its class, method and parameter names are
 * fixed by the profiles and committed reports, so it is not split.
 */
@Question("How much does the whole pipeline's throughput change with natValidation, flowAccess and flowTable, per "
    + "traffic mix?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PipelineBenchmark extends MixPipelineTrial
{
    /** Packets per invocation (two bursts of 32 or one of 64). */
    public static final int PACKETS = 64;

    @Param({"established", "stale", "new-valid", "multi-match", "invalid-nat", "realistic"})
    public String mix;

    @Param({"0.1"})
    public double invalidRatio;

    /** INLINE runs over LOCK_FREE only: its combinations with another table fail their set-up in one line. */
    @Param({"SNAPSHOT", "OPTIMISTIC", "SINGLE_LOCK", "MULTI_LOCK", "INLINE"})
    public FlowInfoAccess flowAccess;

    @Param({"LOCK_FREE", "SHARDED_LOCKED"})
    public FlowTableKind flowTable;

    @Param({"10000", "1000000"})
    public int flows;

    @Setup(Level.Trial)
    public void setUp()
    {
        build(mix, invalidRatio, flowAccess, flowTable, flows, "PipelineBenchmark");
    }

    /** One worker thread: its pipeline over the shared flow table, its burst, its position in the pool. */
    @State(Scope.Thread)
    public static class Worker extends PipelineThread
    {
        @Setup(Level.Trial)
        public void setUp(final PipelineBenchmark b, final WorkingSet workingSet)
        {
            start(b, workingSet);
        }
    }

    /** The whole pipeline on one worker: the per-packet cost of the parameters' build and mix. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    @SteadyState(except = {"mix=new-valid", "mix=multi-match", "mix=realistic"})
    public int oneThread(final Worker w, final VerdictCounters counters)
    {
        return w.run(counters);
    }

    /** Two workers sharing the flow table and configuration: how the pipeline scales to a second core. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(PACKETS)
    public int twoThreads(final Worker w, final VerdictCounters counters)
    {
        return w.run(counters);
    }
}
