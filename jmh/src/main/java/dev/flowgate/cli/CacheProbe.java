// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.SplittableRandom;

/**
 * How contended the host's shared last-level cache is right now: a dependent pointer chase over {@link #MIB} MiB,
 * one load per 64-byte line in a random cyclic order. On a small VM that working set is at the edge of the cache
 * share the neighbours leave (a few tens of ns per load when they are quiet, over 100 when they are not, see
 * docs/measuring.md), which is where the whole-pipeline benchmarks live; {@code flowgate run} records it before and
 * after a run in environment.json so that a report says what kind of machine it ran on.
 */
final class CacheProbe
{
    /** The working set of the probe. */
    static final int MIB = 12;
    private static final int INTS_PER_LINE = 16;
    private static final long SEED = 0xCAC4EL;

    private CacheProbe()
    {
    }

    /**
     * A single cycle through {@code lines} cache lines in random order: {@code next[i * 16]} holds the int index of
     * the line after line {@code i} (Sattolo's shuffle, so the chase visits every line before it repeats).
     *
     * @param lines number of 64-byte lines.
     * @return the array to chase.
     */
    static int[] cycle(final int lines)
    {
        final int[] order = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = lines - 1; i > 0; i--)
        {
            final int j = random.nextInt(i);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        final int[] next = new int[lines * INTS_PER_LINE];
        for (int i = 0; i < lines; i++)
        {
            next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
        }
        return next;
    }

    /**
     * Nanoseconds per dependent load over {@code mib} MiB, after one lap to warm up.
     *
     * @param mib working set.
     * @param millis how long to chase.
     * @return the mean time per load.
     */
    static double nsPerLoad(final int mib, final long millis)
    {
        final int[] next = cycle(mib * 1024 * 1024 / (INTS_PER_LINE * Integer.BYTES));
        int p = chase(next, 0, next.length / INTS_PER_LINE);
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        long loads = 0;
        final long start = System.nanoTime();
        long now = start;
        while (now < deadline)
        {
            p = chase(next, p, 100_000);
            loads += 100_000;
            now = System.nanoTime();
        }
        if (p < 0)
        {
            throw new AssertionError("keeps the chase alive");
        }
        return (double) (now - start) / loads;
    }

    private static int chase(final int[] next, final int from, final int loads)
    {
        int p = from;
        for (int i = 0; i < loads; i++)
        {
            p = next[p];
        }
        return p;
    }
}
