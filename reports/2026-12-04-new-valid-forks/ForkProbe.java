// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import java.util.SplittableRandom;

import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * A diagnostic, not part of the build: in one JVM, new-valid's speed over three fresh set-ups, then what a random
 * dependent load over 4, 32 and 256 MiB costs in that JVM, on one line. Run in a row of JVMs, it shows whether a
 * fork's speed goes with the host's memory latency (docs/measuring.md, "new-valid's fork speed follows the host's
 * memory latency"). It lives in the benchmark's package for {@link PipelineWorker}'s package-private API.
 */
public final class ForkProbe
{
    private static final int INTS_PER_LINE = 16;
    private static final int SET_UPS = 3;
    private static final int ROUNDS = 5;
    private static final int PACKETS = 1 << 21;

    private ForkProbe()
    {
    }

    /** A random cycle through {@code lines} cache lines: entry {@code i * 16} holds the next line's index. */
    static int[] cycle(final int lines, final long seed)
    {
        final int[] next = new int[lines * INTS_PER_LINE];
        final int[] order = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = lines - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < lines; i++)
        {
            next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
        }
        return next;
    }

    /** Nanoseconds per load along the cycle, after a quarter of the steps as warm-up. */
    static double chase(final int[] next, final int steps)
    {
        int p = 0;
        for (int i = 0; i < steps / 4; i++)
        {
            p = next[p];
        }
        final long start = System.nanoTime();
        for (int i = 0; i < steps; i++)
        {
            p = next[p];
        }
        final long elapsed = System.nanoTime() - start;
        if (p == -1)
        {
            System.out.println("unreachable"); // keeps the chase
        }
        return elapsed / (double) steps;
    }

    public static void main(final String[] args)
    {
        final int[] small = cycle(1 << 16, 1);
        final int[] mid = cycle(1 << 19, 2);
        final int[] big = cycle(1 << 22, 3);
        final StringBuilder speeds = new StringBuilder();
        for (int setUp = 0; setUp < SET_UPS; setUp++)
        {
            final PipelineFixture fixture = PipelineWorker.fixture("new-valid", 0.1, NatValidation.EARLY,
                FlowInfoAccess.INLINE, FlowTableKind.LOCK_FREE, LookupKind.COMPILED, 10_000, 32, "probe");
            final PipelineWorker worker = new PipelineWorker(fixture).settle();
            final VerdictCounters counters = new VerdictCounters();
            for (int i = 0; i < 3; i++)
            {
                worker.run(1 << 20, counters);
            }
            double sum = 0;
            for (int i = 0; i < ROUNDS; i++)
            {
                final long start = System.nanoTime();
                worker.run(PACKETS, counters);
                sum += PACKETS * 1e3 / (System.nanoTime() - start);
            }
            speeds.append(String.format(" setup%d %.3f", setUp, sum / ROUNDS));
            fixture.flowTable.close();
        }
        System.out.printf("4MiB %.1f 32MiB %.1f 256MiB %.1f ns |%s%n", chase(small, 2_000_000),
            chase(mid, 2_000_000), chase(big, 1_000_000), speeds);
    }
}
