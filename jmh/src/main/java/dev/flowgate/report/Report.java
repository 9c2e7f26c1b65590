// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A report built from JMH results: a section per question (benchmark class) with ratios to the baseline variant,
 * the headline table (EARLY vs LATE, each flow-access mode vs MULTI_LOCK), the allocation gate, and the
 * dependent-load latency of the {@code limits} area as a unit of per-packet cost.
 */
public final class Report
{
    /**
     * Steady-state benchmarks allocating more than this many bytes per operation fail the allocation gate. Not 0:
     * {@code gc.alloc.rate.norm} divides everything allocated during an iteration, JMH's own bookkeeping included,
     * by the operations, which leaves a few thousandths of a byte per packet on a path that allocates nothing. Any
     * real per-packet allocation is at least one 16-byte object per burst, i.e. 0.25 B/packet or more for bursts
     * up to 64, far above the threshold.
     */
    public static final double ALLOC_GATE_BYTES = 0.1;

    /** The package whose benchmarks measure this machine's memory floor. */
    public static final String LIMITS_PACKAGE = "dev.flowgate.bench.limits.";

    private final List<BenchmarkResult> results;
    private final List<Section> sections = new ArrayList<>();
    private final List<HeadlineRow> headline = new ArrayList<>();
    private final List<BenchmarkResult> gateViolations = new ArrayList<>();
    private final int steadyStateChecked;
    private final Optional<BenchmarkResult> loadLatency;

    /**
     * One row of a question's table.
     *
     * @param result the result.
     * @param ratios per axis, the speed ratio to the baseline variant with the same other parameters (absent
     *     when there is no such baseline result; ratio 1 for the baseline itself).
     */
    public record Row(BenchmarkResult result, Map<String, Interval> ratios)
    {
    }

    /**
     * A question: one benchmark class.
     *
     * @param className the class.
     * @param question its {@code @Question}, or empty.
     * @param axes the variant parameters and their baselines.
     * @param rows its results.
     */
    public record Section(String className, String question, Map<String, String> axes, List<Row> rows)
    {
    }

    /**
     * One line of the headline table.
     *
     * @param axis {@code natValidation} or {@code flowAccess}.
     * @param variant the variant result (e.g. EARLY).
     * @param baseline the baseline result (e.g. LATE) with the same other parameters.
     * @param ratio speed(variant) / speed(baseline) with its bootstrap 95% interval.
     */
    public record HeadlineRow(String axis, BenchmarkResult variant, BenchmarkResult baseline, Interval ratio)
    {
    }

    private Report(final List<BenchmarkResult> results, final Baselines baselines, final long seed)
    {
        this.results = List.copyOf(results);
        final Map<String, List<BenchmarkResult>> byClass = new TreeMap<>();
        for (final BenchmarkResult result : results)
        {
            byClass.computeIfAbsent(result.className(), k -> new ArrayList<>()).add(result);
        }
        for (final Map.Entry<String, List<BenchmarkResult>> e : byClass.entrySet())
        {
            final Map<String, String> axes = baselines.axes(e.getValue());
            final List<Row> rows = new ArrayList<>();
            for (final BenchmarkResult result : e.getValue())
            {
                final Map<String, Interval> ratios = new LinkedHashMap<>();
                for (final Map.Entry<String, String> axis : axes.entrySet())
                {
                    twin(e.getValue(), result, axis.getKey(), axis.getValue())
                        .ifPresent(base -> ratios.put(axis.getKey(), ratio(result, base, seed)));
                }
                rows.add(new Row(result, Collections.unmodifiableMap(ratios)));
            }
            sections.add(new Section(e.getKey(), BenchmarkInfo.question(e.getKey()).orElse(""),
                Collections.unmodifiableMap(axes), Collections.unmodifiableList(rows)));
        }
        headline("natValidation", "LATE", seed);
        headline("flowAccess", "MULTI_LOCK", seed);
        int checked = 0;
        for (final BenchmarkResult result : results)
        {
            if (BenchmarkInfo.steadyState(result.benchmark(), result.params()) && !Double.isNaN(result.allocPerOp()))
            {
                checked++;
                if (result.allocPerOp() > ALLOC_GATE_BYTES)
                {
                    gateViolations.add(result);
                }
            }
        }
        steadyStateChecked = checked;
        loadLatency = results.stream()
            .filter(r -> r.benchmark().startsWith(LIMITS_PACKAGE) && r.convertible())
            .filter(r -> r.method().toLowerCase(Locale.ROOT).contains("dependent") ||
                r.benchmark().toLowerCase(Locale.ROOT).contains("latency"))
            .max((a, b) -> Double.compare(a.nsPerPacket(), b.nsPerPacket()));
    }

    /**
     * Builds a report.
     *
     * @param results the results.
     * @param baselines the baseline choice of the ratio columns.
     * @return the report.
     */
    public static Report build(final List<BenchmarkResult> results, final Baselines baselines)
    {
        return new Report(results, baselines, Statistics.DEFAULT_SEED);
    }

    /**
     * All results.
     *
     * @return the results in file order.
     */
    public List<BenchmarkResult> results()
    {
        return results;
    }

    /**
     * The questions, by class name.
     *
     * @return the sections.
     */
    public List<Section> sections()
    {
        return Collections.unmodifiableList(sections);
    }

    /**
     * The headline table.
     *
     * @return its rows: first every EARLY vs LATE pair, then every flow-access mode vs MULTI_LOCK.
     */
    public List<HeadlineRow> headline()
    {
        return Collections.unmodifiableList(headline);
    }

    /**
     * Steady-state benchmarks allocating more than {@link #ALLOC_GATE_BYTES} per operation.
     *
     * @return the failing results, empty when the gate passes.
     */
    public List<BenchmarkResult> gateViolations()
    {
        return Collections.unmodifiableList(gateViolations);
    }

    /**
     * How many results the allocation gate checked (steady-state and measured with the gc profiler).
     *
     * @return the count.
     */
    public int steadyStateChecked()
    {
        return steadyStateChecked;
    }

    /**
     * The {@code limits} result giving the latency of one dependent random load (its score in ns/op): of the
     * benchmarks in {@code dev.flowgate.bench.limits} whose method mentions "dependent" or whose name mentions
     * "latency", the slowest (the one over the largest buffer).
     *
     * @return the result, empty when the run has none.
     */
    public Optional<BenchmarkResult> loadLatency()
    {
        return loadLatency;
    }

    /**
     * A per-packet cost in dependent-load latencies.
     *
     * @param result a result.
     * @return ns/packet divided by ns/load, NaN without a {@code limits} result.
     */
    public double loads(final BenchmarkResult result)
    {
        return loadLatency.map(l -> result.nsPerPacket() / l.nsPerPacket()).orElse(Double.NaN);
    }

    private void headline(final String axis, final String baseline, final long seed)
    {
        for (final BenchmarkResult result : results)
        {
            final String value = result.params().get(axis);
            if (value != null && !value.equals(baseline))
            {
                twin(results, result, axis, baseline).ifPresent(
                    base -> headline.add(new HeadlineRow(axis, result, base, ratio(result, base, seed))));
            }
        }
    }

    private static Interval ratio(final BenchmarkResult variant, final BenchmarkResult baseline, final long seed)
    {
        if (variant == baseline)
        {
            return new Interval(1.0, 1.0, 1.0);
        }
        if (!variant.primary().unit().equals(baseline.primary().unit()))
        {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        final double[] v = variant.primary().samples();
        final double[] b = baseline.primary().samples();
        if (v.length == 0 || b.length == 0)
        {
            return new Interval(Units.speed(variant.primary().score(), variant.primary().unit()) /
                Units.speed(baseline.primary().score(), baseline.primary().unit()), Double.NaN, Double.NaN);
        }
        return Statistics.speedRatio(variant.primary().forks(), baseline.primary().forks(), variant.primary().unit(),
            seed);
    }

    private static Optional<BenchmarkResult> twin(final List<BenchmarkResult> candidates,
        final BenchmarkResult result, final String axis, final String value)
    {
        if (!result.params().containsKey(axis))
        {
            return Optional.empty();
        }
        final Map<String, String> wanted = new LinkedHashMap<>(result.params());
        wanted.put(axis, value);
        for (final BenchmarkResult candidate : candidates)
        {
            if (candidate.benchmark().equals(result.benchmark()) && candidate.mode().equals(result.mode()) &&
                candidate.threads() == result.threads() && candidate.params().equals(wanted))
            {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
