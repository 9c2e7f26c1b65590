// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Test fixture of the pairing runner (test sources only): counts, in statics, its set-ups and invocations, so a
 * test can see which side's copy of the class ran what.
 */
@State(Scope.Benchmark)
public class PairFixtureBenchmark
{
    public static final AtomicLong INVOCATIONS = new AtomicLong();
    public static int trialSetups;
    public static int iterationSetups;
    public static String perThreadClass;

    @Param({"1"})
    public int step;

    @Setup(Level.Trial)
    public void setUp()
    {
        trialSetups++;
    }

    @Setup(Level.Iteration)
    public void iteration()
    {
        iterationSetups++;
    }

    /** Per-thread state: its own counter. */
    @State(Scope.Thread)
    public static class PerThread
    {
        long count;

        @Setup(Level.Trial)
        public void setUp()
        {
            perThreadClass = getClass().getName();
        }
    }

    @Benchmark
    public long count(final PerThread t)
    {
        INVOCATIONS.incrementAndGet();
        t.count += step;
        return t.count;
    }

    @Benchmark
    @Threads(2)
    public long twoThreads(final PerThread t)
    {
        INVOCATIONS.incrementAndGet();
        t.count += step;
        return t.count;
    }

    @Benchmark
    @Group("grouped")
    public void grouped()
    {
        INVOCATIONS.incrementAndGet();
    }
}
