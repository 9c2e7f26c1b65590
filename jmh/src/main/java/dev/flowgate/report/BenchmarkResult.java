// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.Map;
import java.util.StringJoiner;

/**
 * One entry of a JMH JSON results file: a benchmark method at one parameter combination.
 *
 * @param benchmark the full benchmark name, {@code package.Class.method}.
 * @param mode the JMH mode short name ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss}).
 * @param threads the number of threads.
 * @param params the parameters in declaration order (empty when none).
 * @param primary the primary metric.
 * @param secondary the secondary metrics by name, e.g. {@code gc.alloc.rate.norm}.
 * @param jvm facts about the JVM that ran it: {@code jdkVersion}, {@code vmName}, {@code vmVersion},
 *     {@code jvmArgs}.
 */
public record BenchmarkResult(String benchmark, String mode, int threads, Map<String, String> params,
    Metric primary, Map<String, Metric> secondary, Map<String, String> jvm)
{
    /** The secondary metric of JMH's gc profiler giving bytes allocated per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";
    /** The secondary metric of the pipeline benchmarks giving the heap the flow table retains per entry. */
    public static final String BYTES_PER_FLOW = "bytesPerFlow";
    /** The secondary metric of the pipeline benchmarks giving the MiB of the entries one pool cycle touches. */
    public static final String WORKING_SET_MIB = "workingSetMiB";

    /**
     * The class part of the benchmark name.
     *
     * @return {@code package.Class}.
     */
    public String className()
    {
        final int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(0, dot);
    }

    /**
     * The method (or group) part of the benchmark name.
     *
     * @return the method name.
     */
    public String method()
    {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * The class name without its package.
     *
     * @return the simple class name.
     */
    public String simpleClassName()
    {
        final String cls = className();
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /**
     * Bytes allocated per operation (packet), from {@code gc.alloc.rate.norm}.
     *
     * @return B/op, NaN when the run had no gc profiler.
     */
    public double allocPerOp()
    {
        return secondaryScore(ALLOC_NORM);
    }

    /**
     * A secondary metric's score.
     *
     * @param name the metric's name, e.g. {@link #BYTES_PER_FLOW}.
     * @return its score, NaN when the benchmark did not report it.
     */
    public double secondaryScore(final String name)
    {
        final Metric m = secondary.get(name);
        return m == null ? Double.NaN : m.score();
    }

    /**
     * Whether the primary unit converts to packets/s and ns/packet.
     *
     * @return true for throughput and time-per-operation units.
     */
    public boolean convertible()
    {
        return Units.isConvertible(primary.unit());
    }

    /**
     * Millions of packets per second.
     *
     * @return Mpps, NaN when not convertible.
     */
    public double mpps()
    {
        return Units.mopsPerSecond(primary.score(), primary.unit());
    }

    /**
     * Nanoseconds per packet.
     *
     * @return ns/packet, NaN when not convertible.
     */
    public double nsPerPacket()
    {
        return Units.nsPerOp(primary.score(), primary.unit());
    }

    /**
     * The parameters and thread count as text, e.g. {@code burst=32 mix=established threads=2}.
     *
     * @return the text, {@code -} when there is nothing to show.
     */
    public String paramText()
    {
        return paramText(null);
    }

    /**
     * The parameters (less one) and the thread count as text.
     *
     * @param without a parameter name to leave out, or null.
     * @return the text, {@code -} when there is nothing to show.
     */
    public String paramText(final String without)
    {
        final StringJoiner joiner = new StringJoiner(" ");
        for (final Map.Entry<String, String> e : params.entrySet())
        {
            if (!e.getKey().equals(without))
            {
                joiner.add(e.getKey() + "=" + e.getValue());
            }
        }
        if (threads != 1)
        {
            joiner.add("threads=" + threads);
        }
        final String text = joiner.toString();
        return text.isEmpty() ? "-" : text;
    }

    /**
     * A key identifying the benchmark, mode, threads and parameters, for matching results across files.
     *
     * @return the key.
     */
    public String key()
    {
        return benchmark + " [" + mode + "] " + paramText();
    }
}
