// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.flow;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.bench.workload.TrafficGenerator;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.MutableFlowKey;

/**
 * Flow-table operations per {@code flowTable} and size. Every method processes {@link #BURST} keys per invocation
 * (ops/s = keys/s), in a random order fixed per thread at set-up: a permutation of all {@code flows} flows (every
 * flow once per cycle, uniform), and for misses as many keys of another VNI; probe keys are set from arithmetic on
 * the flow number, and the order is read sequentially, so the harness itself adds no cache miss to a look-up.
 * Set-up fails unless every hit key is found and no miss key is; {@link LookupCounters} counts the look-ups' hits
 * and misses per iteration and fails an iteration of a hit benchmark that missed, or of getMiss that hit:
 * getHit / getMiss (one look-up per key through a reused mutable key), getHitBurst (the whole burst hashed first,
 * then probed), replace (insert of a mapped key), insertRemove (insert of a fresh key then its removal: two table
 * operations per key, counted as one op), mixed (18 hits, one insert and one removal in 20 operations), and the
 * get and mixed workloads at 2 threads.
 */
@Question("How fast are flow-table get (hit, miss, burst-wide), insert, remove and a mixed workload for each "
    + "flowTable, by number of flows and threads?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class FlowTableBenchmark
{
    public static final int BURST = 64;
    // The peers allocate as their libraries do (entries, boxed keys, Chronicle's marshalling): that is measured and
    // reported, while the allocation gate holds LOCK_FREE, ours, to zero.
    static final String SHARDED_LOCKED = "flowTable=SHARDED_LOCKED";
    static final String CONCURRENT_HASH_MAP = "flowTable=CONCURRENT_HASH_MAP";
    static final String CHRONICLE_MAP = "flowTable=CHRONICLE_MAP";
    static final int SPARES = 4096;

    @Param({"LOCK_FREE", "SHARDED_LOCKED", "CONCURRENT_HASH_MAP", "CHRONICLE_MAP"})
    public FlowTableKind flowTable;

    @Param({"10000", "1000000"})
    public int flows;

    FlowTable table;
    FlowInfo[] infos;
    final AtomicInteger threadIds = new AtomicInteger();

    /** Sets flow {@code i} of key space {@code space} from arithmetic only (no memory load in the harness). */
    static MutableFlowKey key(final MutableFlowKey k, final int i, final int space)
    {
        return k.ipv4Ports(100 + space, 0x0a000000 + (i >>> 6), 0x0b000001 + space, 6, 1024 + (i & 63), 443);
    }

    static FlowKey key(final int i, final int space)
    {
        return key(new MutableFlowKey(), i, space).toImmutable();
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        table = FlowTable.create(flowTable, flows + 4 * SPARES);
        infos = new FlowInfo[flows];
        for (int i = 0; i < flows; i++)
        {
            infos[i] = new FlowInfo(key(i, 0), Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);
            if (table.insert(infos[i]) != FlowTable.INSERTED)
            {
                throw new IllegalStateException("setup insert failed at " + i);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        table.close();
    }

    /**
     * Per-thread state: a permutation of all flows, as many miss keys, spare flows for inserts, burst arrays; the
     * cursor runs over the order and wraps, the step counts operations (mixed's 20-operation cycle).
     */
    @State(Scope.Thread)
    public static class Worker
    {
        final MutableFlowKey probe = new MutableFlowKey();
        int[] order;
        int[] missIds;
        int missSpace;
        FlowInfo[] spares;
        MutableFlowKey[] burstKeys = new MutableFlowKey[BURST];
        long[] hashes = new long[BURST];
        FlowInfo[] results = new FlowInfo[BURST];
        int cursor;
        int step;
        int spare;

        @Setup(Level.Trial)
        public void setUp(final FlowTableBenchmark b)
        {
            final int id = b.threadIds.incrementAndGet();
            final SplittableRandom random = new SplittableRandom(42 + id);
            order = TrafficGenerator.permutation(b.flows, random);
            missSpace = 10_000 + id;
            missIds = new int[b.flows];
            for (int i = 0; i < missIds.length; i++)
            {
                missIds[i] = random.nextInt(1 << 24);
            }
            verifyKeys(b.table);
            for (int i = 0; i < BURST; i++)
            {
                burstKeys[i] = new MutableFlowKey();
            }
            spares = new FlowInfo[SPARES];
            for (int i = 0; i < SPARES; i++)
            {
                spares[i] = new FlowInfo(key(i, id), Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);
            }
        }

        /**
         * Fails unless every key of the order is in the table and no miss key is: a hit benchmark over keys that
         * miss (or the reverse) would time another path.
         */
        void verifyKeys(final FlowTable t)
        {
            int missing = 0;
            for (final int i : order)
            {
                missing += t.lookup(key(probe, i, 0)) == null ? 1 : 0;
            }
            int found = 0;
            for (final int i : missIds)
            {
                found += t.lookup(key(probe, i, missSpace)) != null ? 1 : 0;
            }
            if (missing != 0 || found != 0)
            {
                throw new IllegalStateException("FlowTableBenchmark: " + missing + " of " + order.length +
                    " hit keys are not in the table, " + found + " of " + missIds.length + " miss keys are");
            }
        }

        /** The next position of the order (wraps). */
        int advance(final int c)
        {
            return c + 1 == order.length ? 0 : c + 1;
        }
    }

    /**
     * The look-ups' hits and misses in an iteration (secondary results, counts). A hit benchmark (getHit,
     * getHitBurst, getHitThreads2, mixed, mixedThreads2: they look up mapped keys only) that missed, or getMiss that
     * hit, fails its iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class LookupCounters
    {
        public long hits;
        public long misses;

        @Setup(Level.Iteration)
        public void clear()
        {
            hits = 0;
            misses = 0;
        }

        @TearDown(Level.Iteration)
        public void checkIteration(final BenchmarkParams params)
        {
            verify(params.getBenchmark());
        }

        /**
         * Fails when the counts contradict the benchmark's name.
         *
         * @param benchmark the benchmark's full name.
         */
        void verify(final String benchmark)
        {
            final String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            final boolean missBenchmark = method.startsWith("getMiss");
            if (missBenchmark ? hits != 0 : misses != 0)
            {
                throw new IllegalStateException(benchmark + ": " + hits + " hits and " + misses + " misses in an " +
                    "iteration of a " + (missBenchmark ? "miss" : "hit") + " benchmark");
            }
        }

        void add(final int hit, final int lookups)
        {
            hits += hit;
            misses += lookups - hit;
        }
    }

    private int lookups(final Worker w, final int[] ids, final int space, final LookupCounters counters)
    {
        final FlowTable t = table;
        int hits = 0;
        int c = w.cursor;
        for (int i = 0; i < BURST; i++)
        {
            hits += t.lookup(key(w.probe, ids[c], space)) != null ? 1 : 0;
            c = w.advance(c);
        }
        w.cursor = c;
        counters.add(hits, BURST);
        return hits;
    }

    /** A look-up that finds its key, one key at a time. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getHit(final Worker w, final LookupCounters counters)
    {
        return lookups(w, w.order, 0, counters);
    }

    /** A look-up of a key that is absent: the probe runs to its end. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getMiss(final Worker w, final LookupCounters counters)
    {
        return lookups(w, w.missIds, w.missSpace, counters);
    }

    /** Hits with the whole burst hashed first, then probed: what batching the hash saves over getHit. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getHitBurst(final Worker w, final LookupCounters counters)
    {
        final MutableFlowKey[] burst = w.burstKeys;
        final int[] order = w.order;
        int c = w.cursor;
        for (int i = 0; i < BURST; i++)
        {
            key(burst[i], order[c], 0);
            c = w.advance(c);
        }
        w.cursor = c;
        table.lookupBurst(burst, w.hashes, w.results, BURST);
        int hits = 0;
        for (int i = 0; i < BURST; i++)
        {
            hits += w.results[i] != null ? 1 : 0;
        }
        counters.add(hits, BURST);
        return hits;
    }

    /** An insert over a mapped key: the write path without growth or removal. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int replace(final Worker w)
    {
        final FlowInfo[] f = infos;
        final int[] order = w.order;
        final FlowTable t = table;
        int replaced = 0;
        int c = w.cursor;
        for (int i = 0; i < BURST; i++)
        {
            replaced += t.insert(f[order[c]]);
            c = w.advance(c);
        }
        w.cursor = c;
        return replaced;
    }

    /** An insert of a fresh key and its removal: the table's churn, size unchanged. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int insertRemove(final Worker w)
    {
        final FlowInfo[] spares = w.spares;
        final FlowTable t = table;
        int done = 0;
        int s = w.spare;
        for (int i = 0; i < BURST; i++)
        {
            final FlowInfo f = spares[s++ & (SPARES - 1)];
            done += t.insert(f);
            done += t.remove(f.key(), f) ? 1 : 0;
        }
        w.spare = s;
        return done;
    }

    private int mixedOps(final Worker w, final LookupCounters counters)
    {
        final int[] order = w.order;
        final FlowInfo[] spares = w.spares;
        final FlowTable t = table;
        int done = 0;
        int hits = 0;
        int lookups = 0;
        int c = w.cursor;
        int n = w.step;
        int s = w.spare;
        for (int i = 0; i < BURST; i++)
        {
            final int step = n % 20;
            if (step == 18)
            {
                done += t.insert(spares[s & (SPARES - 1)]);
            }
            else if (step == 19)
            {
                final FlowInfo f = spares[s++ & (SPARES - 1)];
                done += t.remove(f.key(), f) ? 1 : 0;
            }
            else
            {
                hits += t.lookup(key(w.probe, order[c], 0)) != null ? 1 : 0;
                lookups++;
                c = w.advance(c);
            }
            n++;
        }
        w.cursor = c;
        w.step = n;
        w.spare = s;
        counters.add(hits, lookups);
        return done + hits;
    }

    /** 18 hits, one insert and one removal per 20 operations: a steady table under light churn. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int mixed(final Worker w, final LookupCounters counters)
    {
        return mixedOps(w, counters);
    }

    /** getHit at two threads: what sharing the table costs readers. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @Threads(2)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getHitThreads2(final Worker w, final LookupCounters counters)
    {
        return lookups(w, w.order, 0, counters);
    }

    /** mixed at two threads: readers and writers contending on one table. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @Threads(2)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int mixedThreads2(final Worker w, final LookupCounters counters)
    {
        return mixedOps(w, counters);
    }
}
