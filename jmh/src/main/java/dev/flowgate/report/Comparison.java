// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HEAD against BASE, per benchmark and parameter set: both scores, the ratio HEAD/BASE with a two-level (forks,
 * then iterations) bootstrap 95% interval, a p-value over forks (Welch's t test on the logs of the per-fork means:
 * iterations of one fork are not independent, so pooling them overstates significance), a verdict, allocation on
 * both sides, and a geometric-mean summary.
 *
 * <p>A row is {@code faster} or {@code slower} only when the change is significant (p below {@link #ALPHA} and the
 * interval of the ratio excludes 1) and at least the threshold; otherwise {@code same}. With fewer than 2 forks a
 * side there is no p-value and so no verdict but {@code same}. Whether higher is better
 * follows the unit: throughput ({@code ops/<time>}) higher, time per operation lower.
 */
public final class Comparison
{
    /** Significance level of the fork-level test. */
    public static final double ALPHA = 0.05;

    /** Verdict of a significant improvement at least the threshold. */
    public static final String FASTER = "faster";
    /** Verdict of a significant regression at least the threshold. */
    public static final String SLOWER = "slower";
    /** Verdict otherwise. */
    public static final String SAME = "same";

    /**
     * One benchmark at one parameter set.
     *
     * @param base the BASE result.
     * @param head the HEAD result.
     * @param ratio score(HEAD) / score(BASE) with its bootstrap 95% interval.
     * @param pValue the two-sided p-value over forks ({@link Statistics#forkWelchP}), NaN below 2 forks a side.
     * @param changePercent the speed change in percent: positive is faster, whatever the unit.
     * @param verdict {@link #FASTER}, {@link #SLOWER} or {@link #SAME}.
     * @param allocChanged whether B/op differs by more than {@link Report#ALLOC_GATE_BYTES}.
     * @param forks the fewer forks of the two sides: below {@link Statistics#MIN_FORKS_FOR_INTERVAL} the interval
     *     is a range, not a 95% interval one can trust.
     */
    public record Row(BenchmarkResult base, BenchmarkResult head, Interval ratio, double pValue,
        double changePercent, String verdict, boolean allocChanged, int forks)
    {
        /**
         * Whether the interval rests on too few forks to be called a confidence interval.
         *
         * @return true below {@link Statistics#MIN_FORKS_FOR_INTERVAL} forks.
         */
        public boolean isRange()
        {
            return forks < Statistics.MIN_FORKS_FOR_INTERVAL;
        }

        /**
         * Whether higher scores are better for this row's unit.
         *
         * @return true for throughput.
         */
        public boolean higherIsBetter()
        {
            return Units.isThroughput(head.primary().unit());
        }

        /**
         * The speed-up of HEAD over BASE (above 1: HEAD faster), whatever the unit.
         *
         * @return the speed-up.
         */
        public double speedup()
        {
            return higherIsBetter() ? ratio.ratio() : 1.0 / ratio.ratio();
        }
    }

    private final List<Row> rows;
    private final List<String> onlyInBase;
    private final List<String> onlyInHead;
    private final double thresholdPercent;
    /** HEAD/BASE of each fork of a paired run; null for a comparison of separate forks. */
    private final double[] pairedForkRatios;

    private Comparison(final List<Row> rows, final List<String> onlyInBase, final List<String> onlyInHead,
        final double thresholdPercent, final double[] pairedForkRatios)
    {
        this.rows = rows;
        this.onlyInBase = onlyInBase;
        this.onlyInHead = onlyInHead;
        this.thresholdPercent = thresholdPercent;
        this.pairedForkRatios = pairedForkRatios;
    }

    /**
     * Compares two result sets, matching entries by benchmark, mode, threads and parameters.
     *
     * @param base the BASE results.
     * @param head the HEAD results.
     * @param thresholdPercent the smallest change called faster or slower, in percent.
     * @param seed the bootstrap seed.
     * @return the comparison.
     */
    public static Comparison compare(final List<BenchmarkResult> base, final List<BenchmarkResult> head,
        final double thresholdPercent, final long seed)
    {
        final Map<String, BenchmarkResult> heads = new LinkedHashMap<>();
        for (final BenchmarkResult result : head)
        {
            heads.put(result.key(), result);
        }
        final List<Row> rows = new ArrayList<>();
        final List<String> onlyInBase = new ArrayList<>();
        for (final BenchmarkResult b : base)
        {
            final BenchmarkResult h = heads.remove(b.key());
            if (h == null || !h.primary().unit().equals(b.primary().unit()))
            {
                onlyInBase.add(b.key());
                continue;
            }
            rows.add(row(b, h, thresholdPercent, seed));
        }
        return new Comparison(Collections.unmodifiableList(rows), List.copyOf(onlyInBase),
            List.copyOf(heads.keySet()), thresholdPercent, null);
    }

    private static Row row(final BenchmarkResult b, final BenchmarkResult h, final double thresholdPercent,
        final long seed)
    {
        final double[] bs = b.primary().samples();
        final double[] hs = h.primary().samples();
        final Interval ratio = bs.length == 0 || hs.length == 0 ?
            new Interval(h.primary().score() / b.primary().score(), Double.NaN, Double.NaN) :
            Statistics.bootstrapRatio(h.primary().forks(), b.primary().forks(), seed);
        final double p = Statistics.forkWelchP(h.primary().forks(), b.primary().forks());
        final boolean higherIsBetter = Units.isThroughput(h.primary().unit());
        final double speedup = higherIsBetter ? ratio.ratio() : 1.0 / ratio.ratio();
        final double change = (speedup - 1.0) * 100.0;
        final String verdict = verdict(p, ratio, change, thresholdPercent);
        final double ba = b.allocPerOp();
        final double ha = h.allocPerOp();
        final boolean allocChanged = Double.isNaN(ba) != Double.isNaN(ha) ||
            !Double.isNaN(ba) && Math.abs(ha - ba) > Report.ALLOC_GATE_BYTES;
        final int forks = Math.min(nonEmptyForks(b), nonEmptyForks(h));
        return new Row(b, h, ratio, p, change, verdict, allocChanged, forks);
    }

    /**
     * The verdict rule: faster or slower only when significant (p below {@link #ALPHA}, interval excluding 1)
     * and at least the threshold.
     *
     * @param p the p-value.
     * @param ratio the ratio with its interval.
     * @param change the speed change in percent (positive: faster).
     * @param thresholdPercent the threshold.
     * @return the verdict.
     */
    public static String verdict(final double p, final Interval ratio, final double change,
        final double thresholdPercent)
    {
        final boolean significant = p < ALPHA && ratio.excludesOne();
        if (significant && change >= thresholdPercent)
        {
            return FASTER;
        }
        return significant && change <= -thresholdPercent ? SLOWER : SAME;
    }

    /**
     * A comparison of one paired run (both revisions in one JVM per fork): its ratio and p-value come from the
     * pairs, not from the two results' samples.
     *
     * @param base BASE's result (throughput).
     * @param head HEAD's result (throughput).
     * @param ratio throughput HEAD/BASE with its interval over forks.
     * @param pValue the p-value over forks.
     * @param forkRatios throughput HEAD/BASE of each fork.
     * @param thresholdPercent the smallest change called faster or slower.
     * @return the comparison, one row.
     */
    public static Comparison paired(final BenchmarkResult base, final BenchmarkResult head, final Interval ratio,
        final double pValue, final double[] forkRatios, final double thresholdPercent)
    {
        final double change = (ratio.ratio() - 1.0) * 100.0;
        final Row row = new Row(base, head, ratio, pValue, change, verdict(pValue, ratio, change, thresholdPercent),
            false, forkRatios.length);
        return new Comparison(List.of(row), List.of(), List.of(), thresholdPercent, forkRatios.clone());
    }

    /**
     * Whether both revisions ran in one JVM per fork ({@link #paired}).
     *
     * @return true for a paired comparison.
     */
    public boolean isPaired()
    {
        return pairedForkRatios != null;
    }

    /**
     * Throughput HEAD/BASE of each fork of a paired comparison.
     *
     * @return a copy of the ratios, empty when not paired.
     */
    public double[] pairedForkRatios()
    {
        return pairedForkRatios == null ? new double[0] : pairedForkRatios.clone();
    }

    private static int nonEmptyForks(final BenchmarkResult result)
    {
        return (int) result.primary().forks().stream().filter(f -> f.length > 0).count();
    }

    /**
     * The rows, in BASE file order.
     *
     * @return the rows.
     */
    public List<Row> rows()
    {
        return rows;
    }

    /**
     * Keys of BASE results without a HEAD result.
     *
     * @return the keys.
     */
    public List<String> onlyInBase()
    {
        return onlyInBase;
    }

    /**
     * Keys of HEAD results without a BASE result.
     *
     * @return the keys.
     */
    public List<String> onlyInHead()
    {
        return onlyInHead;
    }

    /**
     * The threshold of the verdicts.
     *
     * @return percent.
     */
    public double thresholdPercent()
    {
        return thresholdPercent;
    }

    /**
     * Geometric mean of the speed-ups of all rows (above 1: HEAD faster overall).
     *
     * @return the geometric mean, NaN without rows.
     */
    public double geometricMeanSpeedup()
    {
        return Statistics.geometricMean(rows.stream().mapToDouble(Row::speedup).toArray());
    }

    /**
     * How many rows have a verdict.
     *
     * @param verdict the verdict.
     * @return the count.
     */
    public long count(final String verdict)
    {
        return rows.stream().filter(r -> r.verdict().equals(verdict)).count();
    }

    /**
     * Significant regressions larger than a limit.
     *
     * @param percent the limit, in percent of speed.
     * @return the rows with a significant slow-down (p below {@link #ALPHA}, interval excluding 1) larger than the
     *     limit, whatever the threshold of the verdicts.
     */
    public List<Row> regressionsBeyond(final double percent)
    {
        return rows.stream().filter(r -> r.pValue() < ALPHA && r.ratio().excludesOne() && -r.changePercent() > percent)
            .toList();
    }
}
