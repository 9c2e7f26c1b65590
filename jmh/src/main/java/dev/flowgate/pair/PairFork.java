// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowgate.pair.side.SideRunner;

/**
 * One fork of a paired run, in its own JVM: both sides' loaders and runners, calibration, warm-up until the JIT
 * is quiet, then {@code seconds} of pairs in seeded random order. Writes each pair's ns/op of
 * both sides to the result file. Exit status 0, or 1 with one line on stderr when a side fails (a set-up check,
 * a benchmark the runner refuses).
 */
public final class PairFork
{
    /** Wall time a round aims at. */
    static final long ROUND_NANOS = 10_000_000L;
    /** Pairs per warm-up window. */
    private static final int WINDOW = 25;
    /** A window is quiet when the JIT compiled for at most this long in it. */
    private static final long QUIET_COMPILE_MILLIS = 2;
    private static final long MIN_WARMUP_NANOS = 2_000_000_000L;
    private static final long PROGRESS_NANOS = 5_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean VERBOSE = Boolean.getBoolean("flowgate.pair.verbose");

    /**
     * What a fork runs.
     *
     * @param jarA side A's class path.
     * @param jarB side B's class path.
     * @param className the benchmark class.
     * @param method the benchmark method.
     * @param paramsA every parameter of side A.
     * @param paramsB every parameter of side B.
     * @param seconds measured seconds of pairs.
     * @param maxWarmupSeconds the longest warm-up before measuring anyway.
     * @param injectWorkPercent extra uncounted work of side B.
     * @param fork this fork's index (0-based).
     * @param forks how many forks the run has.
     * @param seed the seed of the pair order (this fork's).
     */
    public record Config(List<String> jarA, List<String> jarB, String className, String method,
        Map<String, String> paramsA, Map<String, String> paramsB, double seconds, double maxWarmupSeconds,
        double injectWorkPercent, int fork, int forks, long seed)
    {
    }

    /**
     * What a fork measured.
     *
     * @param aNsPerOp side A's ns per operation, one per pair.
     * @param bNsPerOp side B's, likewise.
     * @param aCpuNsPerOp side A's CPU ns per operation (of the thread running a one-thread side), one per pair.
     * @param bCpuNsPerOp side B's, likewise.
     * @param warmupSeconds the warm-up's length.
     * @param steady whether the warm-up ended steady (else it hit its limit).
     * @param threads threads per side.
     * @param invocationsA invocations per thread in a round of side A.
     * @param invocationsB likewise for B.
     * @param bFirst whether side B was set up first.
     * @param loaders the identities of the two sides' loaders.
     */
    public record Result(double[] aNsPerOp, double[] bNsPerOp, double[] aCpuNsPerOp, double[] bCpuNsPerOp,
        double warmupSeconds, boolean steady, int threads,
        long invocationsA, long invocationsB, boolean bFirst, List<String> loaders)
    {
    }

    private PairFork()
    {
    }

    /**
     * Runs one fork.
     *
     * @param args the config file and the result file.
     */
    public static void main(final String[] args) throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final Config config = mapper.readValue(new File(args[0]), Config.class);
        try
        {
            final Result result = run(config);
            mapper.writeValue(new File(args[1]), result);
        }
        catch (final RuntimeException ex)
        {
            Throwable root = ex;
            while (root.getCause() != null && root.getMessage() != null && root.getMessage().equals(
                root.getCause().toString()))
            {
                root = root.getCause();
            }
            System.err.println("pair fork " + (config.fork() + 1) + ": " + root.getMessage());
            if (Boolean.getBoolean("flowgate.debug"))
            {
                ex.printStackTrace();
            }
            System.exit(1);
        }
    }

    /** A side as the driver sees it: JDK interfaces only. */
    record Side(LongUnaryOperator round, Consumer<String> control, Map<String, String> info)
    {
    }

    static Side side(final String name, final List<String> classpath, final Config config,
        final Map<String, String> params, final double injectPercent)
    {
        final URL[] urls = new URL[classpath.size()];
        try
        {
            for (int i = 0; i < urls.length; i++)
            {
                urls[i] = Path.of(classpath.get(i)).toUri().toURL();
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("side " + name + ": " + ex, ex);
        }
        final Map<String, String> sideConfig = new LinkedHashMap<>();
        sideConfig.put(SideRunner.CLASS, config.className());
        sideConfig.put(SideRunner.METHOD, config.method());
        sideConfig.put(SideRunner.INJECT, String.valueOf(injectPercent));
        params.forEach((k, v) -> sideConfig.put(SideRunner.PARAM + k, v));
        return side(name, new SideLoader(name, urls), sideConfig);
    }

    /**
     * Builds a side's runner in its loader (its trial set-ups run here).
     *
     * @param name A or B.
     * @param loader the side's loader.
     * @param sideConfig the runner's configuration ({@link SideRunner}'s keys).
     * @return the side, seen through JDK interfaces.
     */
    @SuppressWarnings("unchecked")
    static Side side(final String name, final SideLoader loader, final Map<String, String> sideConfig)
    {
        try
        {
            final Object runner = Class.forName(SideRunner.class.getName(), true, loader).getConstructor(Map.class)
                .newInstance(sideConfig);
            return new Side((LongUnaryOperator) runner, (Consumer<String>) runner,
                ((Supplier<Map<String, String>>) runner).get());
        }
        catch (final java.lang.reflect.InvocationTargetException ex)
        {
            throw new IllegalStateException("side " + name + ": " + ex.getCause().getMessage(), ex.getCause());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("side " + name + ": " + ex, ex);
        }
    }

    static Result run(final Config config)
    {
        final boolean bFirst = config.fork() % 2 == 1;
        final Side first = bFirst ? side("B", config.jarB(), config, config.paramsB(), config.injectWorkPercent()) :
            side("A", config.jarA(), config, config.paramsA(), 0);
        final Side second = bFirst ? side("A", config.jarA(), config, config.paramsA(), 0) :
            side("B", config.jarB(), config, config.paramsB(), config.injectWorkPercent());
        final Side a = bFirst ? second : first;
        final Side b = bFirst ? first : second;
        final int threads = Integer.parseInt(a.info().get("threads"));
        final int ops = Integer.parseInt(a.info().get("opsPerInvocation"));
        final double perRound = (double) threads * ops;
        a.control().accept("iterationSetup");
        b.control().accept("iterationSetup");
        final String prefix = String.format(Locale.ROOT, "  fork %d/%d:", config.fork() + 1, config.forks());
        final long warmStart = System.nanoTime();
        final long[] k = {calibrate(a.round()), calibrate(b.round())};
        final SplittableRandom random = new SplittableRandom(config.seed());
        // Steady means the JIT has gone quiet (no compilation for two windows in a row): round times themselves
        // follow the host's load, which pairing cancels, so they cannot tell warm from cold on a busy machine.
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compiled = jit.getTotalCompilationTime();
        int quiet = 0;
        boolean steady = false;
        final long maxWarmup = (long) (config.maxWarmupSeconds() * 1e9);
        while (System.nanoTime() - warmStart < maxWarmup)
        {
            final double[][] window = new double[2][WINDOW];
            for (int i = 0; i < WINDOW; i++)
            {
                final long[] ns = pair(a.round(), b.round(), k, random);
                window[0][i] = ns[0] / (double) k[0];
                window[1][i] = ns[1] / (double) k[1];
            }
            final double[] medians = {median(window[0]), median(window[1])};
            final long nowCompiled = jit.getTotalCompilationTime();
            quiet = nowCompiled - compiled <= QUIET_COMPILE_MILLIS ? quiet + 1 : 0;
            compiled = nowCompiled;
            if (VERBOSE)
            {
                System.out.printf(Locale.ROOT, "%s warm-up window: ns/invocation A %.0f, B %.0f, JIT %d ms%n",
                    prefix, medians[0], medians[1], nowCompiled);
            }
            for (int s = 0; s < 2; s++)
            {
                k[s] = Math.max(1, Math.round(ROUND_NANOS / medians[s]));
            }
            steady = quiet >= 2;
            if (steady && System.nanoTime() - warmStart >= MIN_WARMUP_NANOS)
            {
                break;
            }
        }
        final double warmupSeconds = (System.nanoTime() - warmStart) / 1e9;
        System.out.printf(Locale.ROOT, "%s warm-up %.1f s (%s), rounds of %d and %d invocations%n", prefix,
            warmupSeconds, steady ? "steady" : "limit reached", k[0], k[1]);
        final List<double[]> pairs = new ArrayList<>();
        final long start = System.nanoTime();
        final long end = start + (long) (config.seconds() * 1e9);
        long progress = start + PROGRESS_NANOS;
        double logSum = 0;
        while (true)
        {
            final long[] ns = pair(a.round(), b.round(), k, random);
            final double aNs = ns[0] / (k[0] * perRound);
            final double bNs = ns[1] / (k[1] * perRound);
            pairs.add(new double[] {aNs, bNs, ns[2] / (k[0] * perRound), ns[3] / (k[1] * perRound)});
            logSum += Math.log(bNs / aNs);
            final long now = System.nanoTime();
            if (now >= end)
            {
                break;
            }
            if (now >= progress)
            {
                System.out.printf(Locale.ROOT, "%s %d pairs, %.0f s left, ratio so far %.4f%n", prefix, pairs.size(),
                    (end - now) / 1e9, Math.exp(logSum / pairs.size()));
                progress += PROGRESS_NANOS;
            }
        }
        a.control().accept("iterationTearDown");
        b.control().accept("iterationTearDown");
        a.control().accept("tearDown");
        b.control().accept("tearDown");
        final double[] aNs = pairs.stream().mapToDouble(p -> p[0]).toArray();
        final double[] bNs = pairs.stream().mapToDouble(p -> p[1]).toArray();
        final double[] aCpu = pairs.stream().mapToDouble(p -> p[2]).toArray();
        final double[] bCpu = pairs.stream().mapToDouble(p -> p[3]).toArray();
        return new Result(aNs, bNs, aCpu, bCpu, warmupSeconds, steady, threads, k[0], k[1], bFirst,
            List.of(a.info().get("loader"), b.info().get("loader")));
    }

    /**
     * Both sides' rounds in random order: elapsed ns of A, of B, then the driver thread's CPU ns of A and of B
     * (a one-thread side runs its round on the driver's thread). One call site serves both sides (and the fork
     * runs with SideRunner.applyAsLong not inlinable), so the driver cannot compile one side's round into itself
     * differently from the other's.
     */
    private static long[] pair(final LongUnaryOperator a, final LongUnaryOperator b, final long[] k,
        final SplittableRandom random)
    {
        final LongUnaryOperator[] sides = {a, b};
        final long[] ns = new long[4];
        final int first = random.nextBoolean() ? 0 : 1;
        for (int j = 0; j < 2; j++)
        {
            final int s = first ^ j;
            final long cpu = THREADS.getCurrentThreadCpuTime();
            ns[s] = sides[s].applyAsLong(k[s]);
            ns[s + 2] = THREADS.getCurrentThreadCpuTime() - cpu;
        }
        return ns;
    }

    /** Invocations per thread of a round of about {@link #ROUND_NANOS}, from doubling rounds (first JIT too). */
    private static long calibrate(final LongUnaryOperator side)
    {
        long n = 1;
        while (true)
        {
            final long ns = Math.max(1, side.applyAsLong(n));
            if (ns >= ROUND_NANOS / 4)
            {
                return Math.max(1, Math.round(n * (double) ROUND_NANOS / ns));
            }
            n *= 2;
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
