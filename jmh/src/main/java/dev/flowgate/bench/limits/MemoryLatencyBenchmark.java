// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.limits;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * The memory floor of this machine, measured in the same run as the rest of the suite, so per-packet costs can be
 * read in units of "random DRAM loads".
 *
 * <ul>
 *   <li>{@link #dependentLoad()}: latency of one load in a dependent chain (pointer chasing through one random
 *   cyclic permutation, Sattolo's algorithm, so the chain visits every slot and the prefetcher cannot guess).
 *   Reported as average time in ns per load ({@code Mode.AverageTime}, {@code OperationsPerInvocation(LOADS)}).</li>
 *   <li>{@link #independentLoads()}: throughput of random loads whose addresses do not depend on earlier loads
 *   (a multiplicative-congruential index sequence), so the core overlaps misses; loads per second.</li>
 * </ul>
 *
 * <p>{@code bufferMiB} is the buffer size: 8 (smoke; inside the last-level cache on most servers), 256 and 1024
 * (far beyond it: the DRAM floor). Both figures include TLB misses (no huge pages requested).
 */
@Question("What do a dependent and an independent random load cost on this machine, in and beyond the cache?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MemoryLatencyBenchmark
{
    /** Loads per invocation. */
    public static final int LOADS = 1024;

    @Param({"8", "256", "1024"})
    public int bufferMiB;

    private int[] next;
    private int mask;
    private int position;
    private long index;

    @Setup
    public void setUp()
    {
        final int slots = Integer.highestOneBit(bufferMiB * (1024 * 1024 / Integer.BYTES));
        next = new int[slots];
        mask = slots - 1;
        for (int i = 0; i < slots; i++)
        {
            next[i] = i;
        }
        // Sattolo's algorithm: a uniformly random permutation with exactly one cycle.
        final SplittableRandom random = new SplittableRandom(0x5EED);
        for (int i = slots - 1; i > 0; i--)
        {
            final int j = random.nextInt(i);
            final int tmp = next[i];
            next[i] = next[j];
            next[j] = tmp;
        }
        position = 0;
        index = 1;
    }

    /** Latency of a load whose address comes from the previous load: nothing to overlap. */
    @Benchmark
    @SteadyState
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(LOADS)
    public int dependentLoad()
    {
        final int[] chain = next;
        int p = position;
        for (int i = 0; i < LOADS; i++)
        {
            p = chain[p];
        }
        position = p;
        return p;
    }

    /** Throughput of loads whose addresses come from arithmetic: the core overlaps the misses. */
    @Benchmark
    @SteadyState
    @OperationsPerInvocation(LOADS)
    public long independentLoads()
    {
        final int[] data = next;
        final int m = mask;
        long x = index;
        long sum = 0;
        for (int i = 0; i < LOADS; i++)
        {
            // Addresses come from arithmetic only, never from loaded values: the loads can overlap.
            x = x * 0x5851F42D4C957F2DL + 0x14057B7EF767814FL;
            sum += data[(int) (x >>> 33) & m];
        }
        index = x;
        return sum;
    }
}
