// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The statistics of reports and comparisons, on per-iteration samples: bootstrap confidence intervals of ratios of
 * means, the Mann-Whitney U test, geometric means. All random resampling is seeded.
 */
public final class Statistics
{
    /** Number of bootstrap resamples. */
    public static final int RESAMPLES = 4000;

    /** The seed reports use, so that the same file always gives the same intervals. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    /** Below this many forks (a side, or of a pair) an interval is shown as a range: too few for its coverage. */
    public static final int MIN_FORKS_FOR_INTERVAL = 5;

    /**
     * A ratio summarised from per-fork mean log ratios.
     *
     * @param ratio the geometric mean ratio: exp of the mean of the per-fork mean log ratios.
     * @param low the lower bound of the interval.
     * @param high the upper bound of the interval.
     * @param pValue two-sided p-value of "the true ratio is 1".
     * @param forks how many forks the interval rests on.
     */
    public record ForkSummary(double ratio, double low, double high, double pValue, int forks)
    {
        /**
         * As an {@link Interval}.
         *
         * @return the ratio and bounds.
         */
        public Interval interval()
        {
            return new Interval(ratio, low, high);
        }
    }

    private Statistics()
    {
    }

    /**
     * The ratio mean(numerator) / mean(denominator) of independent samples (each one from its own run, as a fork's
     * mean is) with a percentile-bootstrap 95% interval: both samples are resampled with replacement, independently,
     * {@link #RESAMPLES} times.
     *
     * @param numerator independent samples of the numerator.
     * @param denominator independent samples of the denominator.
     * @param seed the random seed.
     * @return the ratio and its interval (no bounds when either side has fewer than 2 samples).
     */
    public static Interval bootstrapRatio(final double[] numerator, final double[] denominator, final long seed)
    {
        return bootstrapRatio(eachAlone(numerator), eachAlone(denominator), seed);
    }

    private static List<double[]> eachAlone(final double[] samples)
    {
        final List<double[]> runs = new ArrayList<>(samples.length);
        for (final double sample : samples)
        {
            runs.add(new double[] {sample});
        }
        return runs;
    }

    /**
     * The ratio of the means of two sets of forks with a two-level percentile-bootstrap 95% interval: each
     * resample draws forks with replacement, then iterations with replacement within each drawn fork, so that
     * the fork-to-fork variation JMH warns about (JIT decisions, memory layout) widens the interval as it should.
     * With one fork on either side there is no interval: one JVM's iterations share its JIT compilation and its
     * phase of the host, and a bootstrap over them looks far more precise than it is (issue #12: one quick fork a side
     * gave 0.509 [0.480, 0.555] for a ratio near 1). Below {@link #MIN_FORKS_FOR_INTERVAL} forks a side the interval
     * is marked as a range.
     *
     * @param numerator the numerator's per-iteration samples, one array per fork.
     * @param denominator the denominator's, likewise.
     * @param seed the random seed.
     * @return the ratio and its interval (no bounds when either side has one fork or fewer than 2 samples).
     */
    public static Interval bootstrapRatio(final List<double[]> numerator, final List<double[]> denominator,
        final long seed)
    {
        final double[] allNumerator = flatten(numerator);
        final double[] allDenominator = flatten(denominator);
        if (allNumerator.length == 0 || allDenominator.length == 0)
        {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        final double ratio = StatUtils.mean(allNumerator) / StatUtils.mean(allDenominator);
        if (allNumerator.length < 2 || allDenominator.length < 2)
        {
            return new Interval(ratio, Double.NaN, Double.NaN);
        }
        final List<double[]> n = nonEmpty(numerator);
        final List<double[]> d = nonEmpty(denominator);
        if (n.size() < 2 || d.size() < 2)
        {
            return new Interval(ratio, Double.NaN, Double.NaN, true);
        }
        final RandomGenerator random = new Well19937c(seed);
        final double[] ratios = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++)
        {
            ratios[r] = resampledMean(n, random) / resampledMean(d, random);
        }
        final Percentile percentile = new Percentile();
        percentile.setData(ratios);
        return new Interval(ratio, percentile.evaluate(2.5), percentile.evaluate(97.5),
            Math.min(n.size(), d.size()) < MIN_FORKS_FOR_INTERVAL);
    }

    /**
     * The ratio of speeds (higher is faster) of two sample sets in the same unit: for throughput units the ratio
     * of the samples, for time units the ratio of their inverses.
     *
     * @param variant independent samples of the variant.
     * @param baseline independent samples of the baseline.
     * @param unit the unit of both.
     * @param seed the random seed.
     * @return speed(variant) / speed(baseline) with its interval.
     */
    public static Interval speedRatio(final double[] variant, final double[] baseline, final String unit,
        final long seed)
    {
        return speedRatio(eachAlone(variant), eachAlone(baseline), unit, seed);
    }

    /**
     * The ratio of speeds of two sets of forks in the same unit, with the two-level bootstrap interval.
     *
     * @param variant the variant's samples, one array per fork.
     * @param baseline the baseline's samples, one array per fork.
     * @param unit the unit of both.
     * @param seed the random seed.
     * @return speed(variant) / speed(baseline) with its interval.
     */
    public static Interval speedRatio(final List<double[]> variant, final List<double[]> baseline,
        final String unit, final long seed)
    {
        return Units.isThroughput(unit) ? bootstrapRatio(variant, baseline, seed) :
            bootstrapRatio(baseline, variant, seed);
    }

    /**
     * Two-sided p-value of the Mann-Whitney U test (normal approximation, as commons-math computes it).
     *
     * @param a the first samples.
     * @param b the second samples.
     * @return the p-value, NaN when either side is empty.
     */
    public static double mannWhitneyP(final double[] a, final double[] b)
    {
        if (a.length == 0 || b.length == 0)
        {
            return Double.NaN;
        }
        return new MannWhitneyUTest().mannWhitneyUTest(a, b);
    }

    /**
     * Geometric mean of positive values (NaN values are skipped).
     *
     * @param values the values.
     * @return their geometric mean, NaN when none is a number.
     */
    public static double geometricMean(final double[] values)
    {
        final double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v) && v > 0).toArray();
        return known.length == 0 ? Double.NaN : StatUtils.geometricMean(known);
    }

    /**
     * The mean of each fork's log ratios.
     *
     * @param forkLogRatios per fork, the log of each pair's ratio.
     * @return one mean per non-empty fork.
     */
    public static double[] forkMeans(final List<double[]> forkLogRatios)
    {
        return nonEmpty(forkLogRatios).stream().mapToDouble(StatUtils::mean).toArray();
    }

    /**
     * A t interval on the per-fork mean log ratios: forks are the independent units (each fork's JIT and memory
     * layout shift all of its pairs together), pairs within a fork only make each fork's mean precise. The
     * quantile is Student's t with forks - 1 degrees of freedom; the p-value is the one-sample t test of mean 0.
     *
     * @param forkLogRatios per fork, the log of each pair's ratio.
     * @param confidence the confidence level, e.g. 0.95.
     * @return the ratio with its interval (no bounds and NaN p-value with fewer than 2 forks).
     */
    public static ForkSummary forkTInterval(final List<double[]> forkLogRatios, final double confidence)
    {
        final double[] means = forkMeans(forkLogRatios);
        final int n = means.length;
        if (n == 0)
        {
            return new ForkSummary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        final double mean = StatUtils.mean(means);
        if (n < 2)
        {
            return new ForkSummary(Math.exp(mean), Double.NaN, Double.NaN, Double.NaN, n);
        }
        final double se = Math.sqrt(StatUtils.variance(means) / n);
        final TDistribution t = new TDistribution(null, n - 1);
        final double q = t.inverseCumulativeProbability(0.5 + confidence / 2);
        final double p = se == 0 ? (mean == 0 ? 1.0 : 0.0) : 2 * t.cumulativeProbability(-Math.abs(mean) / se);
        return new ForkSummary(Math.exp(mean), Math.exp(mean - q * se), Math.exp(mean + q * se), p, n);
    }

    /**
     * A hierarchical percentile bootstrap of the geometric mean ratio: each resample draws forks with replacement,
     * then, within each drawn fork, blocks of {@code block} consecutive pairs with replacement (consecutive pairs
     * share the host's state of the moment). The point estimate weighs forks equally, as {@link #forkTInterval} does.
     *
     * @param forkLogRatios per fork, the log of each pair's ratio.
     * @param block pairs per block (at least 1).
     * @param confidence the confidence level, e.g. 0.95.
     * @param seed the random seed.
     * @return the ratio and its interval; the p-value is twice the share of resamples on the far side of 1 (capped
     *     at 1), NaN without pairs.
     */
    public static ForkSummary hierarchicalBootstrap(final List<double[]> forkLogRatios, final int block,
        final double confidence, final long seed)
    {
        final List<double[]> forks = nonEmpty(forkLogRatios);
        if (forks.isEmpty())
        {
            return new ForkSummary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        final double mean = StatUtils.mean(forkMeans(forks));
        final RandomGenerator random = new Well19937c(seed);
        final double[] means = new double[RESAMPLES];
        int below = 0;
        int above = 0;
        for (int r = 0; r < RESAMPLES; r++)
        {
            double sum = 0;
            for (int f = 0; f < forks.size(); f++)
            {
                final double[] fork = forks.size() == 1 ? forks.get(0) : forks.get(random.nextInt(forks.size()));
                sum += blockResampledMean(fork, Math.max(1, block), random);
            }
            means[r] = sum / forks.size();
            below += means[r] < 0 ? 1 : 0;
            above += means[r] > 0 ? 1 : 0;
        }
        final Percentile percentile = new Percentile();
        percentile.setData(means);
        final double tail = (1 - confidence) / 2 * 100;
        final double p = Math.min(1.0, 2.0 * Math.min(below, above) / RESAMPLES);
        return new ForkSummary(Math.exp(mean), Math.exp(percentile.evaluate(tail)),
            Math.exp(percentile.evaluate(100 - tail)), p, forks.size());
    }

    /**
     * Two-sided p-value of Welch's t test on the logs of the per-fork means of two sides: the fork is the unit, as
     * iterations of one fork are not independent of each other.
     *
     * @param a the first side's per-iteration samples, one array per fork.
     * @param b the second side's, likewise.
     * @return the p-value, NaN when either side has fewer than 2 forks.
     */
    public static double forkWelchP(final List<double[]> a, final List<double[]> b)
    {
        final double[] la = logForkMeans(a);
        final double[] lb = logForkMeans(b);
        if (la.length < 2 || lb.length < 2)
        {
            return Double.NaN;
        }
        if (StatUtils.variance(la) == 0 && StatUtils.variance(lb) == 0)
        {
            return StatUtils.mean(la) == StatUtils.mean(lb) ? 1.0 : 0.0;
        }
        return new TTest().tTest(la, lb);
    }

    private static double[] logForkMeans(final List<double[]> forks)
    {
        return nonEmpty(forks).stream().mapToDouble(f -> Math.log(StatUtils.mean(f))).toArray();
    }

    private static double blockResampledMean(final double[] fork, final int block, final RandomGenerator random)
    {
        final int blocks = Math.max(1, fork.length / block);
        final int starts = Math.max(1, fork.length - block + 1);
        double sum = 0;
        int count = 0;
        for (int k = 0; k < blocks; k++)
        {
            final int start = random.nextInt(starts);
            final int end = Math.min(fork.length, start + block);
            for (int i = start; i < end; i++)
            {
                sum += fork[i];
            }
            count += end - start;
        }
        return sum / count;
    }

    private static double resampledMean(final List<double[]> forks, final RandomGenerator random)
    {
        double sum = 0;
        int count = 0;
        for (int f = 0; f < forks.size(); f++)
        {
            final double[] fork = forks.size() == 1 ? forks.get(0) : forks.get(random.nextInt(forks.size()));
            for (int i = 0; i < fork.length; i++)
            {
                sum += fork[random.nextInt(fork.length)];
            }
            count += fork.length;
        }
        return sum / count;
    }

    private static double[] flatten(final List<double[]> forks)
    {
        return forks.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static List<double[]> nonEmpty(final List<double[]> forks)
    {
        return forks.stream().filter(f -> f.length > 0).toList();
    }
}
