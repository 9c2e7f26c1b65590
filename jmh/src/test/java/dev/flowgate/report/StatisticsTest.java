// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
