// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headline answers of a run: each paired ratio (ratio [95%], forks x pairs, verdict) with JMH's absolute
 * figures of both sides beside it (Mpps, ns/packet, B/packet, loads/packet), where the run measured those variants.
 * The ratio comes from the pair (both sides in one JVM per fork); the absolute figures from separate JMH forks.
 */
public final class Answers
{
    /** The report groups in the order they are shown: group, title, what the ratio is. */
    static final String[][] GROUPS = {
        {Pairs.EARLY_LATE, "EARLY vs LATE", "EARLY/LATE"},
        {Pairs.FLOW_ACCESS, "Flow-info access vs MULTI_LOCK", "mode/MULTI_LOCK"},
        {Pairs.REFERENCE, "Ours vs the reference's build", "ours/reference"},
    };

    private Answers()
    {
    }

    /**
     * The terminal's headline: one table per group that has pairs.
     *
     * @param report the run's JMH results.
     * @param pairs the run's paired results.
     * @return the text.
     */
    public static String text(final Report report, final List<Pairs.Pair> pairs)
    {
        final StringBuilder out = new StringBuilder();
        for (final String[] group : GROUPS)
        {
            final List<Pairs.Pair> rows = Pairs.group(pairs, group[0]);
            if (rows.isEmpty())
            {
                continue;
            }
            out.append(group[1]).append(": throughput ratio ").append(group[2])
                .append(", paired (both sides in one JVM per fork), 95% CI; A, B: JMH's separate forks\n");
            out.append(table(report, rows, group[2]).text()).append('\n');
        }
        if (!out.isEmpty())
        {
            out.append("Ratios: paired, over forks (a range below ").append(Statistics.MIN_FORKS_FOR_INTERVAL)
                .append(" forks). Mpps, ns/packet, B/packet, loads/packet: JMH's own forks, absolute figures only; ")
                .append("their quotients carry the host's noise that pairing cancels.\n");
        }
        return out.toString();
    }

    /**
     * The table of one group's pairs.
     *
     * @param report the run's JMH results.
     * @param pairs the group's pairs.
     * @param what what the ratio is, e.g. {@code EARLY/LATE}.
     * @return the table.
     */
    public static Table table(final Report report, final List<Pairs.Pair> pairs, final String what)
    {
        final Table table = new Table(List.of("pair", "ratio " + what + " [95% CI]", "forks x pairs", "verdict",
            "Mpps A / B", "ns/packet A / B", "B/packet A / B", "loads/packet A / B"));
        for (final Pairs.Pair p : pairs)
        {
            final String label = (p.aa() ? "A/A " : "") + p.label();
            if (p.failed())
            {
                table.add(List.of(label, "FAILED: " + p.error(), "-", "failed", "-", "-", "-", "-"));
                continue;
            }
            final Optional<BenchmarkResult> a = result(report, p.benchmark(), p.paramsA());
            final Optional<BenchmarkResult> b = p.aa() ? a : result(report, p.benchmark(), p.paramsB());
            table.add(List.of(label, p.ratio().text(), p.forks() + " x " + p.pairsPerFork(), p.verdict(),
                both(a, b, BenchmarkResult::mpps, 3), both(a, b, BenchmarkResult::nsPerPacket, 1),
                both(a, b, BenchmarkResult::allocPerOp, 2), both(a, b, report::loads, 2)));
        }
        return table;
    }

    /**
     * The JMH result of a benchmark with exactly these parameters.
     *
     * @param report the run's results.
     * @param benchmark the benchmark's full name.
     * @param params every parameter.
     * @return the result, if the run has it.
     */
    static Optional<BenchmarkResult> result(final Report report, final String benchmark,
        final Map<String, String> params)
    {
        return report.results().stream().filter(r -> r.benchmark().equals(benchmark) &&
            r.params().equals(params)).findFirst();
    }

    private static String both(final Optional<BenchmarkResult> a, final Optional<BenchmarkResult> b,
        final java.util.function.ToDoubleFunction<BenchmarkResult> metric, final int decimals)
    {
        final List<String> parts = new ArrayList<>();
        for (final Optional<BenchmarkResult> side : List.of(a, b))
        {
            parts.add(side.map(r -> ReportWriter.format(metric.applyAsDouble(r), decimals)).orElse("-"));
        }
        return parts.get(0) + " / " + parts.get(1);
    }
}
