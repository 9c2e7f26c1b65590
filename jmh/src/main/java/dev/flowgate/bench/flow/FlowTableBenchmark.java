// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.flow;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.MutableFlowKey;

/**
 * Flow-table operations per {@code flowTable} and size. Every method processes {@link #BURST} keys per invocation
 * (ops/s = keys/s), in a random order fixed per thread at set-up; probe keys are set from arithmetic on the flow
 * number, so the harness itself adds no cache miss to a look-up:
 * getHit / getMiss (one look-up per key through a reused mutable key), getHitBurst (the whole burst hashed first,
 * then probed), replace (insert of a mapped key), insertRemove (insert of a fresh key then its removal: two table
 * operations per key, counted as one op), mixed (18 hits, one insert and one removal in 20 operations), and the
 * get and mixed workloads at 2 threads.
 */
@Question("How fast are flow-table get (hit, miss, burst-wide), insert, remove and a mixed workload for each "
    + "flowTable, by number of flows and threads?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-Dchronicle.analytics.disable=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
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
    static final int ORDER = 1 << 16;

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

    /** Per-thread state: a random order over the keys, miss keys, spare flows for inserts, burst arrays. */
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
        int spare;

        @Setup(Level.Trial)
        public void setUp(final FlowTableBenchmark b)
        {
            final int id = b.threadIds.incrementAndGet();
            final SplittableRandom random = new SplittableRandom(42 + id);
            order = new int[ORDER];
            for (int i = 0; i < ORDER; i++)
            {
                order[i] = random.nextInt(b.flows);
            }
            missSpace = 10_000 + id;
            missIds = new int[ORDER];
            for (int i = 0; i < ORDER; i++)
            {
                missIds[i] = random.nextInt(1 << 24);
            }
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
    }

    private int getHits(final Worker w)
    {
        final int[] order = w.order;
        final FlowTable t = table;
        int hits = 0;
        int c = w.cursor;
        for (int i = 0; i < BURST; i++)
        {
            hits += t.lookup(key(w.probe, order[c++ & (ORDER - 1)], 0)) != null ? 1 : 0;
        }
        w.cursor = c;
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getHit(final Worker w)
    {
        return getHits(w);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getMiss(final Worker w)
    {
        final int[] miss = w.missIds;
        final FlowTable t = table;
        int hits = 0;
        int c = w.cursor;
        for (int i = 0; i < BURST; i++)
        {
            hits += t.lookup(key(w.probe, miss[c++ & (ORDER - 1)], w.missSpace)) != null ? 1 : 0;
        }
        w.cursor = c;
        return hits;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getHitBurst(final Worker w)
    {
        final MutableFlowKey[] burst = w.burstKeys;
        final int[] order = w.order;
        int c = w.cursor;
        for (int i = 0; i < BURST; i++)
        {
            key(burst[i], order[c++ & (ORDER - 1)], 0);
        }
        w.cursor = c;
        table.lookupBurst(burst, w.hashes, w.results, BURST);
        int hits = 0;
        for (int i = 0; i < BURST; i++)
        {
            hits += w.results[i] != null ? 1 : 0;
        }
        return hits;
    }

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
            replaced += t.insert(f[order[c++ & (ORDER - 1)]]);
        }
        w.cursor = c;
        return replaced;
    }

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

    private int mixedOps(final Worker w)
    {
        final int[] order = w.order;
        final FlowInfo[] spares = w.spares;
        final FlowTable t = table;
        int done = 0;
        int c = w.cursor;
        int s = w.spare;
        for (int i = 0; i < BURST; i++)
        {
            final int step = c % 20;
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
                done += t.lookup(key(w.probe, order[c & (ORDER - 1)], 0)) != null ? 1 : 0;
            }
            c++;
        }
        w.cursor = c;
        w.spare = s;
        return done;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int mixed(final Worker w)
    {
        return mixedOps(w);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    @Threads(2)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int getHitThreads2(final Worker w)
    {
        return getHits(w);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    @Threads(2)
    @SteadyState(except = {SHARDED_LOCKED, CONCURRENT_HASH_MAP, CHRONICLE_MAP})
    public int mixedThreads2(final Worker w)
    {
        return mixedOps(w);
    }
}
