// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowLockedState;

/**
 * The flow-filter stage (as in {@link FlowFilterBenchmark}) beside a second thread that keeps refreshing the same
 * flows the way NAT stages do: {@code writeLocked} with the values already there and, for flows of the current
 * generation, {@code setGenidPair} (stale flows are left stale, so the paths and verdicts do not change). This is
 * where the lock choices of {@code flowAccess} show. Under INLINE each re-stamp also writes both slots' inline
 * state under their versions, and a packet whose read meets that write takes the object path; a session without flow
 * objects ({@link FilterFixture}) has no locked part to rewrite, so the writer rewrites its genid by its handle, the
 * one already there (a full write of both slots under their versions, as {@code writeLocked} rewrites the values
 * already there; a stale session stays stale). The reader's rate is the {@code contended:filter} result; the
 * writer's ops are flows written. Not a steady-state gate: in SNAPSHOT mode (and INLINE over keyed flow pairs) every
 * write publishes a new snapshot object, which this benchmark reports (the lock modes' {@code StampedLock} and the
 * re-stamps of sessions allocate nothing on either side).
 */
@Question("How much does a concurrent writer refreshing flow state slow the flow-filter stage, per flowAccess?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class FlowFilterContendedBenchmark
{
    /** Flows written per writer invocation. */
    public static final int WRITES = 64;

    @Param({"established", "stale", "realistic"})
    public String mix;

    @Param({"EARLY"})
    public NatValidation natValidation;

    /** INLINE: the flows also in a LOCK_FREE table with inline state, read per pass ({@link FilterFixture}). */
    @Param({"SNAPSHOT", "OPTIMISTIC", "SINGLE_LOCK", "MULTI_LOCK", "INLINE"})
    public FlowInfoAccess flowAccess;

    @Param({"COMPILED"})
    public LookupKind lookup;

    @Param({"32"})
    public int burst;

    FilterFixture fixture;
    FlowInfo[] written;
    /** Per written flow, its connection (a session's is written by its handle). */
    int[] writtenConnection;
    int[] writtenVni;
    Object[] writtenNat;
    Object[] writtenPortFw;
    boolean[] writtenFresh;

    @Setup(Level.Trial)
    public void setUp()
    {
        fixture = new FilterFixture(mix, flowAccess, lookup, burst);
        fixture.check(natValidation, flowAccess, "FlowFilterContendedBenchmark mix=" + mix + " flowAccess=" +
            flowAccess);
        int n = 0;
        for (final FlowInfo flow : fixture.flows)
        {
            n += flow == null ? 0 : 1;
        }
        written = new FlowInfo[n];
        writtenConnection = new int[n];
        writtenVni = new int[n];
        writtenNat = new Object[n];
        writtenPortFw = new Object[n];
        writtenFresh = new boolean[n];
        int k = 0;
        for (int t = 0; t < fixture.flows.length; t++)
        {
            final FlowInfo flow = fixture.flows[t];
            if (flow != null)
            {
                final FlowLockedState state = flow.lockedState();
                written[k] = flow;
                writtenConnection[k] = fixture.templates.connection(t);
                writtenVni[k] = state.dstVni();
                writtenNat[k] = state.natState();
                writtenPortFw[k] = state.portFwState();
                // From the template's class: the check above has just refreshed every stale flow to GENID.
                writtenFresh[k] = fixture.templates.packetClass(t) != PacketClass.STALE;
                k++;
            }
        }
    }

    /** The filter thread. */
    @State(Scope.Thread)
    public static class Worker
    {
        FilterWorker worker;

        @Setup(Level.Trial)
        public void setUp(final FlowFilterContendedBenchmark b)
        {
            worker = new FilterWorker(b.fixture, b.natValidation, b.flowAccess);
        }
    }

    /** The writer's position. */
    @State(Scope.Thread)
    public static class Writer
    {
        int next;
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    @OperationsPerInvocation(FlowFilterBenchmark.PACKETS)
    public int filter(final Worker w, final VerdictCounters counters)
    {
        return w.worker.run(FlowFilterBenchmark.PACKETS, counters);
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    @OperationsPerInvocation(WRITES)
    public int writer(final Writer w)
    {
        final FlowInfo[] flows = written;
        final int n = flows.length;
        int k = w.next;
        for (int i = 0; i < WRITES; i++)
        {
            if (flows[k] == FlowInfo.INLINE_SESSION)
            {
                // A session has no locked part: its refresh is a full write of both slots by handle with the genid
                // already there (the current one, or a stale template's one behind), as writeLocked rewrites values.
                fixture.handles.setGenid(writtenConnection[k], writtenFresh[k] ? FilterFixture.GENID :
                    FilterFixture.GENID - 1);
            }
            else
            {
                flows[k].writeLocked(writtenVni[k], writtenNat[k], writtenPortFw[k]);
                if (writtenFresh[k])
                {
                    flows[k].setGenidPair(FilterFixture.GENID);
                }
            }
            if (++k == n)
            {
                k = 0;
            }
        }
        w.next = k;
        return k;
    }
}
