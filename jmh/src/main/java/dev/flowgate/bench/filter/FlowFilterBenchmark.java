// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

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
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;

/**
 * The flow-filter stage alone (docs/spec/flow-filter.md section 4) on the default topology, one thread, per {@code
 * mix}, {@code natValidation}, {@code flowAccess}, {@code lookup} and {@code burst}. An invocation processes
 * {@link #PACKETS} packets in bursts of {@code burst}, cycling through a pool of 4096 generated packets, so ops/s are
 * packets/s. Each pass resets the packets' metadata and attaches their flows (rewrite-free: the stage rewrites no
 * bytes; the restore cost is {@code BurstRestoreBenchmark}'s) and counts the verdicts ({@link VerdictCounters}).
 * Setup runs the whole pool once and fails unless the verdicts and paths are the mix's (see {@link FilterFixture}).
 * The realistic mix has 10% invalid-nat packets.
 */
@Question("How fast is the flow-filter stage alone per traffic mix, and how much do natValidation, flowAccess and "
    + "lookup change it?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class FlowFilterBenchmark
{
    /** Packets per invocation (two bursts of 32 or one of 64). */
    public static final int PACKETS = 64;

    @Param({"established", "stale", "new-valid", "multi-match", "invalid-nat", "realistic"})
    public String mix;

    @Param({"EARLY", "LATE"})
    public NatValidation natValidation;

    /** INLINE: the flows also in a LOCK_FREE table with inline state, read per pass ({@link FilterFixture}). */
    @Param({"SNAPSHOT", "OPTIMISTIC", "SINGLE_LOCK", "MULTI_LOCK", "INLINE"})
    public FlowInfoAccess flowAccess;

    @Param({"COMPILED", "REFERENCE"})
    public LookupKind lookup;

    @Param({"32", "64"})
    public int burst;

    FilterFixture fixture;

    @Setup(Level.Trial)
    public void setUp()
    {
        fixture = new FilterFixture(mix, flowAccess, lookup, burst);
        fixture.check(natValidation, flowAccess, "FlowFilterBenchmark mix=" + mix + " natValidation=" +
            natValidation + " flowAccess=" + flowAccess + " lookup=" + lookup + " burst=" + burst);
    }

    /** One worker thread. */
    @State(Scope.Thread)
    public static class Worker
    {
        FilterWorker worker;

        @Setup(Level.Trial)
        public void setUp(final FlowFilterBenchmark b)
        {
            worker = new FilterWorker(b.fixture, b.natValidation, b.flowAccess);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    @SteadyState(except = "lookup=REFERENCE") // the oracle enumerates matches into fresh collections
    public int filter(final Worker w, final VerdictCounters counters)
    {
        return w.worker.run(PACKETS, counters);
    }
}
