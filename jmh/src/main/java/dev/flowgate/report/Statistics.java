// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.Arrays;

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
        if (numerator.length == 0 || denominator.length == 0)
        {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        final double ratio = StatUtils.mean(numerator) / StatUtils.mean(denominator);
        if (numerator.length < 2 || denominator.length < 2)
        {
            return new Interval(ratio, Double.NaN, Double.NaN);
        }
        final RandomGenerator random = new Well19937c(seed);
        final double[] ratios = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++)
        {
            ratios[r] = resampledMean(numerator, random) / resampledMean(denominator, random);
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

    private static double resampledMean(final double[] samples, final RandomGenerator random)
    {
        double sum = 0;
        for (int i = 0; i < samples.length; i++)
        {
            sum += samples[random.nextInt(samples.length)];
        }
        return sum / samples.length;
    }
}
