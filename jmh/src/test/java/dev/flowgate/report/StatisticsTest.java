// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StatisticsTest
{
    private static final long SEED = Long.getLong("flowgate.test.seed", 20260101L);

    private static double[] normal(final Random random, final int n, final double mean, final double cv)
    {
        final double[] samples = new double[n];
        for (int i = 0; i < n; i++)
        {
            samples[i] = mean * (1 + cv * random.nextGaussian());
        }
        return samples;
    }

    @Test
    void shouldFindNoDifferenceBetweenSamplesOfTheSameDistribution()
    {
        System.out.println("StatisticsTest seed " + SEED + " (replay with -Dflowgate.test.seed=" + SEED + ")");
        final Random random = new Random(SEED);
        int covered = 0;
        int significant = 0;
        final int trials = 100;
        for (int t = 0; t < trials; t++)
        {
            final double[] a = normal(random, 12, 1e7, 0.03);
            final double[] b = normal(random, 12, 1e7, 0.03);
            final Interval ratio = Statistics.bootstrapRatio(a, b, t);
            covered += ratio.low() <= 1.0 && 1.0 <= ratio.high() ? 1 : 0;
            significant += Statistics.mannWhitneyP(a, b) < 0.05 ? 1 : 0;
        }
        assertTrue(covered >= 85, "interval covered 1 in " + covered + " of " + trials);
        assertTrue(significant <= 12, "Mann-Whitney significant in " + significant + " of " + trials);
    }

    @Test
    void shouldDetectATenPercentShiftAndCoverTheTrueRatio()
    {
        System.out.println("StatisticsTest seed " + SEED + " (replay with -Dflowgate.test.seed=" + SEED + ")");
        final Random random = new Random(SEED + 1);
        int covered = 0;
        int detected = 0;
        final int trials = 200;
        for (int t = 0; t < trials; t++)
        {
            final double[] head = normal(random, 20, 1.1e7, 0.04);
            final double[] base = normal(random, 20, 1e7, 0.04);
            final Interval ratio = Statistics.bootstrapRatio(head, base, t);
            covered += ratio.low() <= 1.1 && 1.1 <= ratio.high() ? 1 : 0;
            detected += Statistics.mannWhitneyP(head, base) < 0.05 && ratio.excludesOne() ? 1 : 0;
        }
        final double coverage = covered / (double) trials;
        assertTrue(coverage >= 0.89 && coverage <= 0.99, "coverage " + coverage);
        assertTrue(detected >= trials * 0.98, "detected in " + detected + " of " + trials);
    }

    @Test
    void shouldWidenTheIntervalWhenForksDisagree()
    {
        final Random random = new Random(SEED + 2);
        final double[] head1 = normal(random, 5, 1.00e7, 0.01);
        final double[] head2 = normal(random, 5, 1.20e7, 0.01);
        final double[] base1 = normal(random, 5, 1.00e7, 0.01);
        final double[] base2 = normal(random, 5, 1.20e7, 0.01);
        final double[] headAll = new double[10];
        final double[] baseAll = new double[10];
        System.arraycopy(head1, 0, headAll, 0, 5);
        System.arraycopy(head2, 0, headAll, 5, 5);
        System.arraycopy(base1, 0, baseAll, 0, 5);
        System.arraycopy(base2, 0, baseAll, 5, 5);
        final Interval flat = Statistics.bootstrapRatio(headAll, baseAll, 1);
        final Interval forks = Statistics.bootstrapRatio(List.of(head1, head2), List.of(base1, base2), 1);
        assertEquals(flat.ratio(), forks.ratio(), 1e-12);
        assertTrue(forks.high() - forks.low() > 1.5 * (flat.high() - flat.low()), flat.text() + " vs " + forks.text());
        assertTrue(forks.low() < 1.0 && forks.high() > 1.0, forks.text());
    }

    @Test
    void shouldMarkIntervalsFromFewerThanFiveForksASideAsRanges()
    {
        final List<double[]> five = new ArrayList<>();
        final List<double[]> four = new ArrayList<>();
        for (int f = 0; f < Statistics.MIN_FORKS_FOR_INTERVAL; f++)
        {
            five.add(new double[] {10.0 + f, 10.5 + f});
            if (f > 0)
            {
                four.add(new double[] {10.0 + f, 10.5 + f});
            }
        }
        final Interval enough = Statistics.bootstrapRatio(five, five, 1);
        assertFalse(enough.range(), enough.text());
        assertFalse(enough.text().contains("range"), enough.text());
        final Interval fewer = Statistics.bootstrapRatio(five, four, 1);
        assertTrue(fewer.range(), "4 forks on one side: " + fewer.text());
        assertTrue(fewer.text().matches("\\d\\.\\d{3} range \\[\\d\\.\\d{3}, \\d\\.\\d{3}]"), fewer.text());
    }

    @Test
    void shouldGiveNoIntervalFromOneForkASideHoweverManyIterations()
    {
        final double[] head = new double[50];
        final double[] base = new double[50];
        for (int i = 0; i < head.length; i++)
        {
            head[i] = 5.0 + 0.01 * (i % 7);
            base[i] = 10.0 + 0.01 * (i % 5);
        }
        final Interval one = Statistics.bootstrapRatio(List.of(head), List.of(base, base), 1);
        assertEquals(0.5, one.ratio(), 0.01);
        assertFalse(one.hasBounds(), one.text());
        assertTrue(one.range(), one.text());
        assertTrue(one.text().matches("0\\.50\\d \\(1 fork: no interval\\)"), one.text());
    }

    @Test
    void shouldTakeTheReciprocalOfAnIntervalWithItsBoundsSwappedAndItsRangeKept()
    {
        final Interval r = new Interval(2.0, 1.6, 2.5, true).reciprocal();
        assertEquals(0.5, r.ratio(), 1e-12);
        assertEquals(0.4, r.low(), 1e-12);
        assertEquals(0.625, r.high(), 1e-12);
        assertTrue(r.range());
    }

    @Test
    void shouldInvertTimeUnitsSoRatiosAreSpeedUps()
    {
        final double[] fast = {9.0, 9.0, 9.0};
        final double[] slow = {10.0, 10.0, 10.0};
        assertEquals(10.0 / 9.0, Statistics.speedRatio(fast, slow, "ns/op", 1).ratio(), 1e-12);
        assertEquals(0.9, Statistics.speedRatio(fast, slow, "ops/s", 1).ratio(), 1e-12);
    }

    @Test
    void shouldGiveTheGeometricMeanOfKnownValues()
    {
        assertEquals(2.0, Statistics.geometricMean(new double[] {1.0, 4.0, Double.NaN}), 1e-12);
        assertTrue(Double.isNaN(Statistics.geometricMean(new double[0])));
    }

    @Test
    void shouldConvertUnits()
    {
        assertEquals(20.0, Units.mopsPerSecond(20e6, "ops/s"), 1e-9);
        assertEquals(50.0, Units.nsPerOp(2e7, "ops/s"), 1e-9);
        assertEquals(50.0, Units.nsPerOp(0.05, "us/op"), 1e-9);
        assertEquals(50.0, Units.nsPerOp(2e4, "ops/ms"), 1e-9);
        assertTrue(Double.isNaN(Units.nsPerOp(1, "B/op")));
        assertTrue(Units.isConvertible("ns/op"));
        assertTrue(!Units.isConvertible("counts"));
    }

    @Test
    void shouldGiveTheTIntervalOfKnownForkMeans()
    {
        // Fork means of the logs 0.01, 0.02, 0.03: mean 0.02, sd 0.01, se 0.01 / sqrt(3). With 2 degrees of freedom
        // Student's t has closed forms: quantile (2q - 1) / sqrt(2q(1 - q)), cdf 1/2 + t / (2 sqrt(2 + t^2)).
        final List<double[]> forks = List.of(new double[] {0.0, 0.02}, new double[] {0.02}, new double[] {0.03});
        final double se = 0.01 / Math.sqrt(3);
        final double q = 0.95 / Math.sqrt(2 * 0.975 * 0.025);
        final double t = 0.02 / se;
        final double p = 2 * (0.5 - t / (2 * Math.sqrt(2 + t * t)));
        final Statistics.ForkSummary summary = Statistics.forkTInterval(forks, 0.95);
        assertEquals(3, summary.forks());
        assertEquals(Math.exp(0.02), summary.ratio(), 1e-12);
        assertEquals(Math.exp(0.02 - q * se), summary.low(), 1e-9);
        assertEquals(Math.exp(0.02 + q * se), summary.high(), 1e-9);
        assertEquals(p, summary.pValue(), 1e-9);
    }

    @Test
    void shouldGiveNoTIntervalFromOneFork()
    {
        final Statistics.ForkSummary summary = Statistics.forkTInterval(List.of(new double[] {0.1, 0.3}), 0.95);
        assertEquals(Math.exp(0.2), summary.ratio(), 1e-12);
        assertTrue(Double.isNaN(summary.low()) && Double.isNaN(summary.pValue()));
    }

    @Test
    void shouldGiveWelchsPOnForkMeansNotOnPooledIterations()
    {
        // Log fork means 0 and 0.2 against 1 and 1.2: t = 1 / sqrt(0.02), Welch's degrees of freedom exactly 2.
        final List<double[]> a = List.of(new double[] {1.0}, new double[] {Math.exp(0.2)});
        final List<double[]> b = List.of(new double[] {Math.exp(1.0)}, new double[] {Math.exp(1.2)});
        final double t = 1 / Math.sqrt(0.02);
        assertEquals(2 * (0.5 - t / (2 * Math.sqrt(2 + t * t))), Statistics.forkWelchP(a, b), 1e-9);
        // Two forks a side that disagree by 20% with tight iterations, HEAD ahead by 9%: pooled ranks call it
        // certain, forks do not.
        final Random random = new Random(SEED + 3);
        final List<double[]> head = List.of(normal(random, 50, 1.10e7, 0.005), normal(random, 50, 1.30e7, 0.005));
        final List<double[]> base = List.of(normal(random, 50, 1.00e7, 0.005), normal(random, 50, 1.20e7, 0.005));
        final double pooled = Statistics.mannWhitneyP(flat(head), flat(base));
        final double forks = Statistics.forkWelchP(head, base);
        assertTrue(pooled < 0.01, "pooled " + pooled);
        assertTrue(forks > 0.3, "forks " + forks);
        assertTrue(Double.isNaN(Statistics.forkWelchP(List.of(new double[] {1, 2}), base)));
    }

    @Test
    void shouldCoverTheTrueRatioWithForkIntervalsWhenForksShift()
    {
        // Each fork shifts all of its pairs (sd 2%), pairs scatter 5% around their fork: the true ratio is 1.02.
        System.out.println("StatisticsTest seed " + SEED + " (replay with -Dflowgate.test.seed=" + SEED + ")");
        final Random random = new Random(SEED + 4);
        final double truth = Math.log(1.02);
        final int trials = 100;
        int tCovered = 0;
        int bootCovered = 0;
        int pooledCovered = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            final List<double[]> forks = new java.util.ArrayList<>();
            for (int f = 0; f < 10; f++)
            {
                final double shift = truth + 0.02 * random.nextGaussian();
                final double[] logs = new double[50];
                for (int i = 0; i < logs.length; i++)
                {
                    logs[i] = shift + 0.05 * random.nextGaussian();
                }
                forks.add(logs);
            }
            final Statistics.ForkSummary t = Statistics.forkTInterval(forks, 0.95);
            final Statistics.ForkSummary boot = Statistics.hierarchicalBootstrap(forks, 5, 0.95, trial);
            final Statistics.ForkSummary pooled = Statistics.hierarchicalBootstrap(List.of(flat(forks)), 1, 0.95,
                trial);
            tCovered += t.low() <= 1.02 && 1.02 <= t.high() ? 1 : 0;
            bootCovered += boot.low() <= 1.02 && 1.02 <= boot.high() ? 1 : 0;
            pooledCovered += pooled.low() <= 1.02 && 1.02 <= pooled.high() ? 1 : 0;
        }
        assertTrue(tCovered >= 88 && tCovered <= 99, "t interval covered in " + tCovered + " of " + trials);
        assertTrue(bootCovered >= 82 && bootCovered <= 99, "bootstrap covered in " + bootCovered + " of " + trials);
        // Ignoring the forks (pooled pairs) covers far less often: the test can tell the two apart.
        assertTrue(pooledCovered < 75, "pooled covered in " + pooledCovered + " of " + trials);
    }

    private static double[] flat(final List<double[]> forks)
    {
        return forks.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
