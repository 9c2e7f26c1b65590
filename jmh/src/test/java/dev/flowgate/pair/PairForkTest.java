// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.flowgate.bench.fixture.PairFixtureBenchmark;
import org.junit.jupiter.api.Test;

class PairForkTest
{
    private static PairFork.SideSpec side(final String name, final String nat, final double inject)
    {
        return new PairFork.SideSpec(name, List.of("a.jar"), "Bench", "run", Map.of("natValidation", nat), inject);
    }

    @Test
    void shouldCollectAfterEverySideIsSetUpAndBeforeTheWarmUp()
    {
        // The side set up last must not keep young objects into its measured rounds: a full collection follows
        // the set-ups (surefire's JVM honours System.gc()).
        final List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        final PairFork.SideSpec a = new PairFork.SideSpec("A", classpath, PairFixtureBenchmark.class.getName(),
            "count", Map.of(), 0);
        final PairFork.SideSpec b = new PairFork.SideSpec("B", classpath, PairFixtureBenchmark.class.getName(),
            "count", Map.of(), 0);
        final PairFork.Result result = PairFork.run(new PairFork.Config(List.of(a, b), 0.2, 1, 1, 0, 1, 7));
        assertTrue(result.collectionsAfterSetUp() >= 1, "collections after set-up: " +
            result.collectionsAfterSetUp());
        assertTrue(result.cycles() >= PairFork.minCycles(0.2, 2), "cycles: " + result.cycles());
        assertTrue(PairRunner.DRIVER_FLAGS.contains("-Xbatch"), "pairing forks compile in the foreground");
    }

    @Test
    void shouldGiveASideItsSystemPropertiesWhileItsClassesInitialise() throws ReflectiveOperationException
    {
        // Side B runs without Agrona's bounds checks, side A with them; the fixture's set-up touches no buffer, so
        // the side's DirectBuffer is initialised while its properties hold, and the JVM's value comes back after.
        final String name = "agrona.disable.bounds.checks";
        final String jvmValue = System.getProperty(name);
        final List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        final PairFork.SideSpec a = new PairFork.SideSpec("A", classpath, PairFixtureBenchmark.class.getName(),
            "count", Map.of(), 0);
        final PairFork.SideSpec b = new PairFork.SideSpec("B", classpath, PairFixtureBenchmark.class.getName(),
            "count", Map.of(), 0, Map.of(name, "true"));
        try (SideLoader loaderA = PairFork.loader(a); SideLoader loaderB = PairFork.loader(b))
        {
            PairFork.side(b, loaderB);
            assertEquals(jvmValue, System.getProperty(name), "the JVM's value after B's set-up");
            PairFork.side(a, loaderA);
            assertEquals(Boolean.FALSE, boundsChecks(loaderB), "B: bounds checks");
            assertEquals(Boolean.TRUE, boundsChecks(loaderA), "A: bounds checks");
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static Object boundsChecks(final ClassLoader loader) throws ReflectiveOperationException
    {
        final Class<?> buffer = Class.forName(PairFork.AGRONA_BUFFER, false, loader);
        assertTrue(buffer.getClassLoader() == loader, "Agrona is the side's own");
        return buffer.getField("SHOULD_BOUNDS_CHECK").get(null);
    }

    @Test
    void shouldNeverRunARoundRightAfterItsOwnSide()
    {
        // No side repeats across a cycle's boundary (a plain shuffle repeats at a quarter of them with two sides), so
        // two sides alternate strictly; which starts is the seed's, and with six sides each starts about as often.
        final int[] startsWithA = new int[1];
        for (int seed = 0; seed < 2_000; seed++)
        {
            final int[] order = cycles(new SplittableRandom(seed), 2, 50, new int[2]);
            startsWithA[0] += order[0] == 0 ? 1 : 0;
        }
        assertEquals(0.5, startsWithA[0] / 2_000.0, 0.05, "forks whose pairs start with A");
        final int[] first = new int[6];
        final int cycles = 60_000;
        cycles(new SplittableRandom(11), 6, cycles, first);
        for (int s = 0; s < 6; s++)
        {
            assertEquals(1.0 / 6, first[s] / (double) cycles, 0.01, "side " + s + " first of 6");
        }
    }

    /** Runs cycles of n sides, checking each order, counting the sides that come first; the last order. */
    private static int[] cycles(final SplittableRandom random, final int n, final int cycles, final int[] first)
    {
        final int[] order = new int[n];
        java.util.Arrays.fill(order, -1);
        int last = -1;
        for (int c = 0; c < cycles; c++)
        {
            PairFork.nextOrder(random, order);
            assertTrue(order[0] != last, "cycle " + c + " of " + n + " sides starts with the side that ended the one "
                + "before");
            assertEquals(n, java.util.Arrays.stream(order).filter(s -> s >= 0 && s < n).distinct().count(),
                "a permutation");
            first[order[0]]++;
            last = order[n - 1];
        }
        return order;
    }

    @Test
    void shouldStartTheSidesInTheForksSetUpOrder()
    {
        // Trial set-up, iteration set-up and calibration all follow the order that rotates with the fork, so that
        // no side goes first in any of them in every fork (A always calibrated first ran faster in A/A runs).
        final List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        for (final int fork : new int[] {0, 1})
        {
            final List<PairFork.SideSpec> sides = List.of(
                new PairFork.SideSpec("A", classpath, PairFixtureBenchmark.class.getName(), "count",
                    Map.of("step", "1"), 0),
                new PairFork.SideSpec("B", classpath, PairFixtureBenchmark.class.getName(), "count",
                    Map.of("step", "2"), 0));
            System.clearProperty(PairFixtureBenchmark.EVENTS);
            PairFork.run(new PairFork.Config(sides, 0.05, 1, 1, fork, 2, 7));
            final String expected = fork == 0 ? "T1 T2 I1 I2 C1 C2 D1 D2 " : "T2 T1 I2 I1 C2 C1 D1 D2 ";
            assertEquals(expected, System.getProperty(PairFixtureBenchmark.EVENTS), "fork " + fork);
        }
        System.clearProperty(PairFixtureBenchmark.EVENTS);
    }

    @Test
    void shouldSetTheSidesUpAgainInTheReverseOrderEveryOtherTime()
    {
        // Four set-ups a fork: each tears the last state down and builds it afresh, the order reversed every other
        // time, so each side goes first in half of them; the rounds are counted per set-up.
        final List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        final List<PairFork.SideSpec> sides = List.of(
            new PairFork.SideSpec("A", classpath, PairFixtureBenchmark.class.getName(), "count", Map.of("step", "1"),
                0),
            new PairFork.SideSpec("B", classpath, PairFixtureBenchmark.class.getName(), "count", Map.of("step", "2"),
                0));
        System.clearProperty(PairFixtureBenchmark.EVENTS);
        final PairFork.Result result = PairFork.run(new PairFork.Config(sides, 0.2, 4, 1, 1, 2, 7));
        assertEquals("T2 T1 I2 I1 C2 C1 D1 D2 T1 T2 I1 I2 D1 D2 T2 T1 I2 I1 D1 D2 T1 T2 I1 I2 D1 D2 ",
            System.getProperty(PairFixtureBenchmark.EVENTS));
        System.clearProperty(PairFixtureBenchmark.EVENTS);
        assertEquals(4, result.cyclesPerSetUp().length);
        for (final int c : result.cyclesPerSetUp())
        {
            assertTrue(c >= PairFork.minCycles(0.05, 2), "cycles of a set-up: " + c);
        }
        assertEquals(result.cycles(), java.util.Arrays.stream(result.cyclesPerSetUp()).sum());
        assertArrayEquals(new int[] {2, 0, 1}, PairFork.setUpOrder(3, 2, 0));
        assertArrayEquals(new int[] {1, 0, 2}, PairFork.setUpOrder(3, 2, 1));
    }

    @Test
    void shouldMeasureAsManyPairsInASlowedForkAsInOthers()
    {
        // 5 s of pairs of two 10 ms rounds: 250 on an idle machine, at least 187 whatever the neighbours do.
        assertEquals(187, PairFork.minCycles(5, 2));
        assertEquals(62, PairFork.minCycles(5, 6));
        assertEquals(1, PairFork.minCycles(0.001, 2));
    }

    @Test
    void shouldTakeTheSetUpOrderOutOfTheForksSpread()
    {
        // Forks with A set up first read 0.03 and 0.05, with B first -0.01 and -0.03: order means 0.04 and -0.02,
        // ratio exp(0.01); within-order squares 4e-4 over 2 degrees of freedom, standard error
        // sqrt(2e-4) / 2 * sqrt(1/2 + 1/2), t(2) quantile 4.302653.
        final List<double[]> logs = List.of(new double[] {0.03}, new double[] {-0.01}, new double[] {0.05},
            new double[] {-0.03});
        final dev.flowgate.report.Statistics.ForkSummary s = PairRunner.blockedTInterval(logs,
            new int[] {1, 0, 1, 0}, 0.95);
        final double half = 4.302653 * Math.sqrt(2e-4) / 2;
        assertEquals(Math.exp(0.01), s.ratio(), 1e-12);
        assertEquals(Math.exp(0.01 - half), s.low(), 1e-6);
        assertEquals(Math.exp(0.01 + half), s.high(), 1e-6);
        // One order only: the plain t interval over forks.
        assertEquals(dev.flowgate.report.Statistics.forkTInterval(logs, 0.95).low(),
            PairRunner.blockedTInterval(logs, new int[] {1, 1, 1, 1}, 0.95).low(), 1e-12);
    }

    @Test
    void shouldBlockOnTheSetUpOrderOnlyWhenTheForksDidNotBalanceIt()
    {
        // Four forks of one pair each, log ratios 0.03, -0.01, 0.05, -0.03 with A set up first in forks 0 and 2.
        final double[] logs = {0.03, -0.01, 0.05, -0.03};
        for (final int setUps : new int[] {1, 2})
        {
            final List<PairFork.Result> forks = new java.util.ArrayList<>();
            for (int f = 0; f < logs.length; f++)
            {
                final double[][] t = {{100}, {100 * Math.exp(logs[f])}};
                final List<String> order = f % 2 == 0 ? List.of("A", "B") : List.of("B", "A");
                final int[] perSetUp = new int[setUps];
                perSetUp[0] = 1;
                forks.add(new PairFork.Result(List.of("A", "B"), t, t, new int[] {1, 1}, new long[2], 1, true, order,
                    order, 1, new int[][] {{0}, {1}}, perSetUp, 0));
            }
            final List<double[]> perFork = java.util.Arrays.stream(logs).mapToObj(l -> new double[] {l}).toList();
            final dev.flowgate.report.Statistics.ForkSummary expected = setUps == 2 ?
                dev.flowgate.report.Statistics.forkTInterval(perFork, 0.95) :
                PairRunner.blockedTInterval(perFork, new int[] {1, 0, 1, 0}, 0.95);
            final dev.flowgate.report.Statistics.ForkSummary s = PairRunner.summarise(forks, new int[] {0},
                new int[] {1}, 0.95, 1).summary();
            assertEquals(expected.low(), s.low(), 1e-9, setUps + " set-ups");
            assertEquals(expected.high(), s.high(), 1e-9, setUps + " set-ups");
        }
    }

    @Test
    void shouldFindTheSidesThatRunTheSameWork()
    {
        // A/A with two copies a side: all four are one work; B with injected work is another.
        assertArrayEquals(new int[] {0, 0, 0, 0}, PairFork.twins(List.of(side("A1", "EARLY", 0),
            side("B1", "EARLY", 0), side("A2", "EARLY", 0), side("B2", "EARLY", 0))));
        assertArrayEquals(new int[] {0, 1, 0, 1}, PairFork.twins(List.of(side("A1", "EARLY", 0),
            side("B1", "LATE", 0), side("A2", "EARLY", 0), side("B2", "LATE", 0))));
        assertArrayEquals(new int[] {0, 1}, PairFork.twins(List.of(side("A", "EARLY", 0), side("B", "EARLY", 2))));
    }

    @Test
    void shouldGiveSidesOfTheSameWorkOneRoundSize()
    {
        // Three copies of one work measured 90, 100 and 111 ns per invocation (noise): one size from their mean.
        final long[] k = new long[4];
        PairFork.roundSizes(new double[] {90, 100, 111.111, 200}, null, new int[] {0, 0, 0, 3}, k);
        assertEquals(k[0], k[1]);
        assertEquals(k[0], k[2]);
        assertEquals(100_000, k[0], 20);
        assertEquals(50_000, k[3]);
    }

    @Test
    void shouldSizeFromTheLastTwoWindows()
    {
        final long[] k = new long[1];
        PairFork.roundSizes(new double[] {50}, new double[] {200}, new int[] {0}, k);
        assertEquals(100_000, k[0]);
    }
}
