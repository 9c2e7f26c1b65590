// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.flowgate.pair.PairFork;
import dev.flowgate.pair.PairRunner;
import org.junit.jupiter.api.Test;

class PairCommandTest
{
    @Test
    void shouldSetUpAgainOnlyWhereASetUpIsCheap()
    {
        // 10^4 established flows set up in about a second: eight set-ups; a mix that settles sessions: two (enough to
        // balance the order); 10^6 flows take longer to set up than a fork measures: one. A given value wins.
        final Map<String, String> established = Map.of("mix", "established", "flows", "10000");
        assertEquals(PairCommand.DEFAULT_SET_UPS, PairCommand.setUps(null, established, established));
        assertEquals(PairCommand.DEFAULT_SET_UPS, PairCommand.setUps(null, Map.of(), Map.of()));
        assertEquals(PairCommand.SETTLING_SET_UPS, PairCommand.setUps(null, established,
            Map.of("mix", "realistic", "flows", "10000")));
        assertEquals(1, PairCommand.setUps(null, Map.of("mix", "established", "flows", "1000000"), established));
        assertEquals(3, PairCommand.setUps(3, established, established));
    }

    @Test
    void shouldAnswerBadArgumentsWithOneLineAndStatus2()
    {
        final PrintStream saved = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            final String[][] cases = {
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY"},
                {"pair", "NoSuchThing", "--a", "natValidation=EARLY", "--b", "natValidation=LATE"},
                {"pair", "TinyBenchmark.sum", "--a", "nope=1", "--b", "natValidation=LATE"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY|LATE", "--b", "natValidation=LATE"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE", "--forks",
                    "0"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE",
                    "--inject-work", "-1"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE",
                    "--confidence", "1.5"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE", "--copies",
                    "0"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE", "--heap",
                    "lots"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE",
                    "--b-property", "agrona.disable.bounds.checks"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE",
                    "--a-property", "a b=1"},
                {"pair", "TinyBenchmark.sum", "--a", "natValidation=EARLY", "--b", "natValidation=LATE",
                    "--a-property", "x=1,x=2"},
            };
            for (final String[] args : cases)
            {
                err.reset();
                assertEquals(2, Flowgate.execute(args), String.join(" ", args));
                final String text = err.toString(StandardCharsets.UTF_8).trim();
                assertTrue(!text.isEmpty() && !text.contains("\n") && !text.contains("Exception"), text);
            }
        }
        finally
        {
            System.setErr(saved);
        }
    }

    @Test
    void shouldGiveSmallFlowTablesA1GiBHeapPerCopy()
    {
        final Map<String, String> small = Map.of("flows", "10000", "mix", "established");
        final Map<String, String> large = Map.of("flows", "1000000", "mix", "established");
        assertTrue(PairCommand.forkFlags("2g", 1, small, small).contains("-Xmx1g"));
        assertTrue(PairCommand.forkFlags("2g", 3, small, small).contains("-Xmx3g"));
        assertTrue(PairCommand.forkFlags("2g", 1, small, large).contains("-Xmx4g"));
        assertTrue(PairCommand.forkFlags("2g", 1, Map.of(), Map.of()).contains("-Xmx4g"));
    }

    @Test
    void shouldSummarisePairsAsThroughputRatiosOverForks()
    {
        // Side B takes 10% and 30% longer per op in the two forks (CPU times; the wall times say otherwise and are
        // not used for one-thread sides): fork ratios A/B 1.1 and 1.3, geometric mean sqrt(1.43).
        final PairFork.Result f1 = result(new double[][] {{1, 1}, {9, 9}}, new double[][] {{100, 200}, {110, 220}});
        final PairFork.Result f2 = result(new double[][] {{1, 1}, {9, 9}}, new double[][] {{100, 100}, {130, 130}});
        final PairRunner.Outcome outcome = PairRunner.summarise(List.of(f1, f2), new int[] {0}, new int[] {1}, 0.95,
            1);
        assertEquals(Math.sqrt(1.1 * 1.3), outcome.summary().ratio(), 1e-12);
        assertEquals(1.1, outcome.forkRatios()[0], 1e-12);
        assertEquals(1.3, outcome.forkRatios()[1], 1e-12);
        assertEquals(2, outcome.pairs());
        assertTrue(outcome.line().startsWith("ratio 1.1958 ["), outcome.line());
        assertTrue(outcome.line().endsWith("], 2 forks x 2 pairs"), outcome.line());
        assertEquals("same", outcome.verdict()); // two forks: t with 1 degree of freedom, far too wide to call
    }

    @Test
    void shouldAverageTheLogTimesOfEachSidesCopies()
    {
        // Sides A1 B1 A2 B2: per cycle B's mean log time minus A's. Copy 2 of A is twice as slow as copy 1, which
        // its own JIT could do; the ratio is of geometric means, so A's time is sqrt(100 * 200) per cycle.
        final PairFork.Result f = result(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}},
            new double[][] {{100, 100}, {300, 300}, {200, 200}, {300, 300}});
        final PairRunner.Outcome outcome = PairRunner.summarise(List.of(f, f), new int[] {0, 2}, new int[] {1, 3},
            0.95, 1);
        assertEquals(300 / Math.sqrt(100 * 200), outcome.summary().ratio(), 1e-12);
        assertEquals(Math.sqrt(100 * 200), outcome.aNsPerOp(), 1e-9);
        assertEquals(300, outcome.bForks().get(1)[1], 1e-9);
    }

    private static PairFork.Result result(final double[][] wall, final double[][] cpu)
    {
        final int n = cpu.length;
        final int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        final List<String> names = new java.util.ArrayList<>();
        for (int s = 0; s < n; s++)
        {
            names.add("S" + s);
        }
        return new PairFork.Result(names, wall, cpu, ones, new long[n], 1, true, names, names, 1, new int[n][0],
            new int[] {wall[0].length}, 0);
    }
}
