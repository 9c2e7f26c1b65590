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
import org.openjdk.jmh.infra.ThreadParams;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * The established-flow pipeline (flow lookup, flow-filter bypass, NAT once the stages are in) built four ways in
 * one run: {@code OURS_INLINE} (LOCK_FREE table with inline state, COMPILED lookup, INLINE access: no flow object on
 * the established path), {@code OURS_SNAPSHOT} (LOCK_FREE table, COMPILED lookup, SNAPSHOT access),
 * {@code OURS_SINGLE_LOCK}
 * (LOCK_FREE, COMPILED, SINGLE_LOCK) and {@code REFERENCE} (the reference's build: SHARDED_LOCKED, REFERENCE,
 * MULTI_LOCK), at {@code flows} entries, every one touched once per pool cycle ({@link WorkingSet}); the issue's
 * target is 3x REFERENCE and 0 B/packet for the first two.
 */
@Question("How much faster is the established-flow pipeline built our way than built the way the reference is?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EstablishedPipelineBenchmark extends PipelineTrial
{
    /** The builds compared. */
    public enum Build
    {
        OURS_INLINE(FlowTableKind.LOCK_FREE, LookupKind.COMPILED, FlowInfoAccess.INLINE),
        OURS_SNAPSHOT(FlowTableKind.LOCK_FREE, LookupKind.COMPILED, FlowInfoAccess.SNAPSHOT),
        OURS_SINGLE_LOCK(FlowTableKind.LOCK_FREE, LookupKind.COMPILED, FlowInfoAccess.SINGLE_LOCK),
        REFERENCE(FlowTableKind.SHARDED_LOCKED, LookupKind.REFERENCE, FlowInfoAccess.MULTI_LOCK);

        final FlowTableKind table;
        final LookupKind lookup;
        final FlowInfoAccess access;

        Build(final FlowTableKind table, final LookupKind lookup, final FlowInfoAccess access)
        {
            this.table = table;
            this.lookup = lookup;
            this.access = access;
        }
    }

    @Param({"OURS_SNAPSHOT", "OURS_SINGLE_LOCK", "REFERENCE", "OURS_INLINE"})
    public Build build;

    @Param({"10000", "1000000"})
    public int flows;

    /**
     * Flow pairs the writing worker of {@link #twoThreadsWithWriter} re-stamps per invocation of
     * {@link PipelineBenchmark#PACKETS} packets (with their own genid: the verdicts do not change, the flow state is
     * written: two stores in the object modes, a claimed write of both slots under INLINE, by the session's handle
     * when the stages create sessions without flow objects).
     */
    static final int RESTAMPS = 1;

    @Setup(Level.Trial)
    public void setUp()
    {
        fixture = PipelineWorker.fixture("established", 0, NatValidation.EARLY, build.access, build.table,
            build.lookup, flows, burst, "EstablishedPipelineBenchmark build=" + build);
    }

    /** One worker thread: its pipeline over the shared flow table, its burst, its position in the pool. */
    @State(Scope.Thread)
    public static class Worker extends PipelineThread
    {
        /** The fixture whose flows this worker re-stamps ({@link #twoThreadsWithWriter}, second thread only). */
        PipelineFixture restamp;
        int cursor;

        @Setup(Level.Trial)
        public void setUp(final EstablishedPipelineBenchmark b, final WorkingSet workingSet, final ThreadParams thread)
        {
            start(b, workingSet);
            restamp = thread.getThreadIndex() == 1 ? b.fixture : null;
        }

        void restamp()
        {
            final PipelineFixture f = restamp;
            final int n = f.flows.length;
            for (int done = 0, tries = 0; done < RESTAMPS && tries < n; tries++)
            {
                final int t = cursor;
                cursor = cursor + 1 == n ? 0 : cursor + 1;
                if (f.restamp(t))
                {
                    done++;
                }
            }
        }
    }

    /** Established packets only, one worker: the bypass path of each build. */
    @Benchmark
    @OperationsPerInvocation(PipelineBenchmark.PACKETS)
    @SteadyState
    public int established(final Worker w, final VerdictCounters counters)
    {
        return w.run(counters);
    }

    /**
     * Two workers; the second also writes flow state at a fixed rate ({@link #RESTAMPS} pair re-stamps per
     * invocation): the established pipeline with flow-state writes going on (only 2 cores: no third thread).
     */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(PipelineBenchmark.PACKETS)
    @SteadyState
    public int twoThreadsWithWriter(final Worker w, final VerdictCounters counters)
    {
        if (w.restamp != null)
        {
            w.restamp();
        }
        return w.run(counters);
    }
}
