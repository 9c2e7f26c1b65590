// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

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

    private Statistics()
    {
    }

    /**
     * The ratio mean(numerator) / mean(denominator) with a percentile-bootstrap 95% interval: both samples are
     * resampled with replacement, independently, {@link #RESAMPLES} times.
     *
     * @param numerator samples of the numerator.
     * @param denominator samples of the denominator.
     * @param seed the random seed.
     * @return the ratio and its interval (no bounds when either side has fewer than 2 samples).
     */
    public static Interval bootstrapRatio(final double[] numerator, final double[] denominator, final long seed)
    {
        return bootstrapRatio(List.of(numerator), List.of(denominator), seed);
    }

    /**
     * The ratio of the means of two sets of forks with a two-level percentile-bootstrap 95% interval: each
     * resample draws forks with replacement, then iterations with replacement within each drawn fork, so that
     * the fork-to-fork variation JMH warns about (JIT decisions, memory layout) widens the interval as it should.
     * With one fork a side this is the plain bootstrap over iterations.
     *
     * @param numerator the numerator's per-iteration samples, one array per fork.
     * @param denominator the denominator's, likewise.
     * @param seed the random seed.
     * @return the ratio and its interval (no bounds when either side has fewer than 2 samples).
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
        final RandomGenerator random = new Well19937c(seed);
        final double[] ratios = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++)
        {
            ratios[r] = resampledMean(n, random) / resampledMean(d, random);
        }
        final Percentile percentile = new Percentile();
        percentile.setData(ratios);
        return new Interval(ratio, percentile.evaluate(2.5), percentile.evaluate(97.5));
    }

    /**
     * The ratio of speeds (higher is faster) of two sample sets in the same unit: for throughput units the ratio
     * of the samples, for time units the ratio of their inverses.
     *
     * @param variant samples of the variant.
     * @param baseline samples of the baseline.
     * @param unit the unit of both.
     * @param seed the random seed.
     * @return speed(variant) / speed(baseline) with its interval.
     */
    public static Interval speedRatio(final double[] variant, final double[] baseline, final String unit,
        final long seed)
    {
        return speedRatio(List.of(variant), List.of(baseline), unit, seed);
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
