// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class StandardProfileTest
{
    private static final String BENCH = "dev.flowgate.bench.";
    private static final String FIXTURES = BENCH + "fixture.";
    private static final Catalog CATALOG = Catalog.ofClasspath();
    private static final List<SuiteRunner.Plan> PLANS = StandardProfile.plans(CATALOG, ParamSpec.parse(List.of()));

    /** Every combination of a plan, as benchmark name + sorted parameters. */
    private static List<String> combinations(final SuiteRunner.Plan plan)
    {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new TreeMap<>());
        for (final Map.Entry<String, List<String>> p : plan.params().entrySet())
        {
            final List<Map<String, String>> next = new ArrayList<>();
            for (final Map<String, String> partial : out)
            {
                for (final String value : p.getValue())
                {
                    final Map<String, String> extended = new TreeMap<>(partial);
                    extended.put(p.getKey(), value);
                    next.add(extended);
                }
            }
            out = next;
        }
        return out.stream().map(m -> plan.benchmark().name() + " " + m).toList();
    }

    private static Set<String> all()
    {
        final Set<String> all = new HashSet<>();
        PLANS.forEach(p -> all.addAll(combinations(p)));
        return all;
    }

    private static String combination(final String benchmark, final String params)
    {
        final Catalog.Benchmark b = CATALOG.all().stream().filter(x -> x.name().equals(BENCH + benchmark))
            .findFirst().orElseThrow();
        final Map<String, String> values = new TreeMap<>();
        b.params().forEach((k, v) -> values.put(k, v.get(0)));
        for (final String pair : params.split(","))
        {
            final String[] kv = pair.split("=");
            values.put(kv[0], kv[1]);
        }
        return b.name() + " " + values;
    }

    @Test
    void shouldPlanEveryBenchmarkOfTheSuiteExplicitly()
    {
        final List<String> unplanned = StandardProfile.unplanned(CATALOG).stream().map(Catalog.Benchmark::name)
            .filter(n -> !n.startsWith(FIXTURES)).toList();
        assertEquals(List.of(), unplanned, "benchmarks the standard plan does not name");
        final Set<String> planned = new HashSet<>();
        PLANS.forEach(p -> planned.add(p.benchmark().name()));
        for (final Catalog.Benchmark benchmark : CATALOG.all())
        {
            assertTrue(planned.contains(benchmark.name()), benchmark.name() + " is not in the standard run");
        }
    }

    @Test
    void shouldNameOnlyDeclaredBenchmarksAndValuesAndRunEveryValueOfEveryAxisOfAClass()
    {
        final Set<String> names = new HashSet<>();
        CATALOG.all().forEach(b -> names.add(b.name()));
        for (final ProfilePlan.Entry entry : StandardProfile.entries())
        {
            assertTrue(names.contains(entry.benchmark()), "no benchmark " + entry.benchmark());
        }
        final Map<String, Map<String, Set<String>>> seen = new LinkedHashMap<>();
        for (final SuiteRunner.Plan plan : PLANS)
        {
            for (final Map.Entry<String, List<String>> p : plan.params().entrySet())
            {
                final List<String> declared = plan.benchmark().params().get(p.getKey());
                assertTrue(declared.containsAll(p.getValue()), plan.benchmark().name() + " " + p.getKey() + "=" +
                    p.getValue() + " not among " + declared);
                seen.computeIfAbsent(plan.benchmark().className(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.getKey(), k -> new HashSet<>()).addAll(p.getValue());
            }
        }
        for (final Catalog.Benchmark benchmark : CATALOG.all())
        {
            benchmark.params().forEach((k, v) -> assertEquals(new HashSet<>(v),
                seen.get(benchmark.className()).get(k), benchmark.className() + ": every value of " + k + " runs"));
        }
    }

    @Test
    void shouldRunEachCombinationOnce()
    {
        final List<String> list = new ArrayList<>();
        PLANS.forEach(p -> list.addAll(combinations(p)));
        assertEquals(list.size(), new HashSet<>(list).size(), "a combination planned twice");
        assertEquals(list.size(), PLANS.stream().mapToInt(SuiteRunner.Plan::combinations).sum());
    }

    @Test
    void shouldFinishInUnderAnHourOnTwoCores()
    {
        final List<SuiteRunner.Plan> suite = PLANS.stream()
            .filter(p -> !p.benchmark().name().startsWith(FIXTURES)).toList();
        final double seconds = ProfilePlan.estimateSeconds(suite, RunProfile.STANDARD);
        final int combinations = suite.stream().mapToInt(SuiteRunner.Plan::combinations).sum();
        System.out.printf("standard: %d combinations, estimated %s%n", combinations, ProgressFormat.clock(seconds));
        final Map<String, double[]> byClass = new TreeMap<>();
        for (final SuiteRunner.Plan plan : suite)
        {
            final double[] sum = byClass.computeIfAbsent(plan.benchmark().className(), k -> new double[2]);
            sum[0] += plan.runs();
            sum[1] += plan.runs() * ProfilePlan.estimateSeconds(plan, RunProfile.STANDARD);
        }
        byClass.forEach((k, v) -> System.out.printf("  %-60s %4.0f runs %s%n", k, v[0],
            ProgressFormat.clock(v[1])));
        assertTrue(seconds < 60 * 60, "estimated " + ProgressFormat.clock(seconds));
        // Not trivially small either: at least the headline questions and one fork per benchmark.
        assertTrue(combinations > 100, combinations + " combinations");
    }

    @Test
    void shouldRunBothHeadlineQuestionsWithAllTheirValues()
    {
        final Set<String> all = all();
        for (final String mix : List.of("established", "stale", "new-valid", "multi-match", "invalid-nat",
            "realistic"))
        {
            for (final String v : List.of("EARLY", "LATE"))
            {
                final String c = combination("pipeline.PipelineBenchmark.oneThread", "mix=" + mix + ",natValidation=" +
                    v + ",flowAccess=SINGLE_LOCK");
                assertTrue(all.contains(c), c);
            }
        }
        for (final String ratio : List.of("0", "0.01", "0.1", "0.5"))
        {
            for (final String v : List.of("EARLY", "LATE"))
            {
                final String c = combination("pipeline.InvalidRatioPipelineBenchmark.oneThread", "invalidRatio=" +
                    ratio + ",natValidation=" + v + ",flowAccess=SINGLE_LOCK");
                assertTrue(all.contains(c), c);
            }
        }
        for (final String method : List.of("oneThread", "twoThreads"))
        {
            for (final String flows : List.of("10000", "1000000"))
            {
                final boolean ends = method.equals("oneThread") && flows.equals("1000000");
                for (final String access : ends ? List.of("MULTI_LOCK", "SNAPSHOT") :
                    List.of("MULTI_LOCK", "SINGLE_LOCK", "OPTIMISTIC", "SNAPSHOT"))
                {
                    final String c = combination("pipeline.PipelineBenchmark." + method, "mix=established," +
                        "natValidation=EARLY,flowTable=LOCK_FREE,flows=" + flows + ",flowAccess=" + access);
                    assertTrue(all.contains(c), c);
                }
            }
        }
    }

    @Test
    void shouldKeepTheClassCallCountsOfSingleShotBenchmarks()
    {
        final SuiteRunner.Plan build = PLANS.stream()
            .filter(p -> p.benchmark().name().endsWith("LpmBuildBenchmark.build") &&
                p.params().get("prefixes").equals(List.of("900000")))
            .findFirst().orElseThrow();
        assertTrue(build.benchmark().singleShot());
        assertEquals(1, build.benchmark().warmupIterations());
        assertEquals(3, build.benchmark().iterations());
        assertEquals(4.0 * build.shotSeconds(), ProfilePlan.estimateSeconds(build, RunProfile.STANDARD) -
            ProfilePlan.START_SECONDS - ProfilePlan.PRETOUCH_SECONDS_PER_GIB *
            ProfilePlan.gib(build.heap() != null ? build.heap() : build.benchmark().heap()) -
            build.setupSeconds(), 1e-9);
    }

    @Test
    void shouldLetTheCommandLineFixValuesWithoutRunningACombinationTwice()
    {
        final List<SuiteRunner.Plan> plans = StandardProfile.plans(CATALOG, ParamSpec.parse(List.of("flows=10000")));
        final List<String> list = new ArrayList<>();
        plans.forEach(p -> list.addAll(combinations(p)));
        assertTrue(list.stream().noneMatch(c -> c.contains("flows=1000000")));
        assertTrue(list.size() < PLANS.stream().mapToInt(SuiteRunner.Plan::combinations).sum());
    }

    @Test
    void shouldGiveTheValuesThatRunTheHeapThePlanSizedForThem()
    {
        // The plan's first entry (8|256 MiB, a small heap) takes the command line's 1024 and the later 1024 MiB
        // entry (3 GiB) is dropped as the same values: the 1 GiB chain must still get the 3 GiB heap.
        final List<SuiteRunner.Plan> big = StandardProfile.plans(CATALOG, ParamSpec.parse(List.of(
            "bufferMiB=1024")));
        final SuiteRunner.Plan load = big.stream().filter(p -> p.benchmark().name().endsWith(
            "MemoryLatencyBenchmark.dependentLoad")).findFirst().orElseThrow();
        assertEquals(List.of("1024"), load.params().get("bufferMiB"));
        assertEquals("3g", load.heap());
        final SuiteRunner.Plan small = StandardProfile.plans(CATALOG, ParamSpec.parse(List.of("bufferMiB=8")))
            .stream().filter(p -> p.benchmark().name().endsWith("MemoryLatencyBenchmark.dependentLoad")).findFirst()
            .orElseThrow();
        assertEquals(PLANS.get(0).heap(), small.heap());
        // Values no entry sized a heap for run with the class's own.
        final SuiteRunner.Plan other = StandardProfile.plans(CATALOG, ParamSpec.parse(List.of("bufferMiB=64")))
            .stream().filter(p -> p.benchmark().name().endsWith("MemoryLatencyBenchmark.dependentLoad")).findFirst()
            .orElseThrow();
        assertEquals(null, other.heap());
    }

    @Test
    void shouldFitTheWholeRunPairsIncludedInAnHour()
    {
        final ParamSpec none = ParamSpec.parse(List.of());
        final double jmh = ProfilePlan.estimateSeconds(PLANS, RunProfile.STANDARD);
        final double pairs = PairedQuestions.estimateSeconds(StandardProfile.pairs(CATALOG, none));
        System.out.printf("standard estimate: JMH %.0f s, pairs %.0f s, total %.0f s%n", jmh, pairs, jmh + pairs);
        assertEquals(jmh + pairs, StandardProfile.estimateSeconds(CATALOG, none), 1e-6);
        assertTrue(jmh + pairs < 3600, "standard estimated at " + (jmh + pairs) + " s");
    }

    @Test
    void shouldStateTheEstimateInTheRunHelp() throws NoSuchFieldException
    {
        final ParamSpec none = ParamSpec.parse(List.of());
        final String help = String.join(" ", RunCommand.class.getDeclaredField("profileName")
            .getAnnotation(picocli.CommandLine.Option.class).description());
        final long jmh = Math.round(ProfilePlan.estimateSeconds(PLANS, RunProfile.STANDARD) / 60);
        final long pairs = Math.round(PairedQuestions.estimateSeconds(StandardProfile.pairs(CATALOG, none)) / 60);
        final long total = Math.round(StandardProfile.estimateSeconds(CATALOG, none) / 60);
        assertTrue(help.contains("estimated " + total + " min (" + jmh + " JMH, " + pairs + " pairs)"), help);
    }

    @Test
    void shouldScaleTheTimeLeftByHowTheFinishedCombinationsCompareWithTheirEstimate()
    {
        final ProgressFormat progress = new ProgressFormat(Catalog.silent(), new java.io.PrintStream(
            java.io.OutputStream.nullOutputStream()), 3, new double[] {10, 20, 30});
        assertEquals(60, progress.secondsLeft(0, 0), 1e-9);
        // The first took twice its estimate: the rest will too.
        assertEquals(100, progress.secondsLeft(20, 1), 1e-9);
        assertEquals(0, progress.secondsLeft(70, 3), 1e-9);
    }

    @Test
    void shouldPairEveryHeadlineQuestionWithAnAaRowPerGroup()
    {
        final List<PairedQuestions.Group> groups = StandardProfile.pairs(CATALOG, ParamSpec.parse(List.of()));
        final Set<String> asked = new java.util.TreeSet<>();
        final Map<String, Integer> aa = new TreeMap<>();
        for (final PairedQuestions.Group group : groups)
        {
            // 10^6-flow groups run 3 forks (ranges) to fit the hour; every other group gives a 5-fork interval.
            assertTrue(group.forks() >= (group.name().contains("10^6") ? 3 : 5), group.name());
            for (final PairedQuestions.Question q : group.questions())
            {
                final Map<String, String> a = group.variants().get(q.a()).params();
                final Map<String, String> b = group.variants().get(q.b()).params();
                if (q.aa())
                {
                    aa.merge(q.group(), 1, Integer::sum);
                    assertEquals(a, b);
                    continue;
                }
                final String bench = group.variants().get(q.a()).benchmark().replace(BENCH + "pipeline.", "");
                asked.add(bench + " " + a.get(q.axis()) + "/" + b.get(q.axis()) + " " + (q.axis().equals("build") ?
                    a.get("flows") : q.axis().equals("flowAccess") ? a.get("flows") : a.get("mix") + " " +
                    a.getOrDefault("invalidRatio", "")));
            }
            if (group.questions().stream().anyMatch(q -> "0.5".equals(group.variants().get(q.a()).params()
                .get("invalidRatio"))))
            {
                assertEquals(2, group.variants().size(), "invalidRatio 0.5 fails its mix check: alone in its group");
            }
        }
        final Set<String> expected = new java.util.TreeSet<>();
        for (final String mix : List.of("established", "stale", "new-valid", "multi-match", "invalid-nat",
            "realistic"))
        {
            expected.add("PipelineBenchmark.oneThread EARLY/LATE " + mix + " 0.1");
        }
        for (final String ratio : List.of("0", "0.01", "0.1", "0.5"))
        {
            expected.add("InvalidRatioPipelineBenchmark.oneThread EARLY/LATE realistic " + ratio);
        }
        // The modes come from the axis: a mode added to PipelineBenchmark joins without a change here.
        for (final String method : List.of("oneThread", "twoThreads"))
        {
            final List<String> modes = CATALOG.all().stream()
                .filter(x -> x.name().equals(BENCH + "pipeline.PipelineBenchmark." + method)).findFirst()
                .orElseThrow().params().get("flowAccess");
            for (final String mode : modes)
            {
                if (!mode.equals("MULTI_LOCK"))
                {
                    expected.add("PipelineBenchmark." + method + " " + mode + "/MULTI_LOCK 10000");
                    expected.add("PipelineBenchmark." + method + " " + mode + "/MULTI_LOCK 1000000");
                }
            }
        }
        expected.add("EstablishedPipelineBenchmark.established OURS_SNAPSHOT/REFERENCE 10000");
        expected.add("EstablishedPipelineBenchmark.established OURS_SINGLE_LOCK/REFERENCE 10000");
        assertEquals(expected, asked);
        assertEquals(Map.of("early-late", 1, "flow-access", 1, "reference", 1), aa);
    }
}
