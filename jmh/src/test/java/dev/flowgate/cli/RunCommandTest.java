// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.JmhJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest
{
    @Test
    void shouldPlanTheAbsoluteFiguresOfThePairedVariantsForQuick()
    {
        final List<SuiteRunner.Plan> plans = QuickProfile.plans(Catalog.ofClasspath(), ParamSpec.parse(List.of()));
        final List<String> combinations = new ArrayList<>();
        for (final SuiteRunner.Plan plan : plans)
        {
            final String name = plan.benchmark().name().replace("dev.flowgate.bench.", "");
            plan.params().get(plan.params().containsKey("natValidation") ? "natValidation" : "bufferMiB")
                .forEach(v -> combinations.add(name + " " + v + (plan.params().containsKey("flowAccess") ?
                    " " + plan.params().get("flowAccess") : "")));
        }
        // The pairs' variants: established EARLY/LATE (SINGLE_LOCK), realistic at invalidRatio 0 EARLY/LATE,
        // MULTI_LOCK and SNAPSHOT (SINGLE_LOCK EARLY is the first): the run's JMH part stays about a minute.
        assertEquals(List.of("limits.MemoryLatencyBenchmark.dependentLoad 256",
            "pipeline.PipelineBenchmark.oneThread EARLY [SINGLE_LOCK]",
            "pipeline.PipelineBenchmark.oneThread LATE [SINGLE_LOCK]",
            "pipeline.InvalidRatioPipelineBenchmark.oneThread EARLY [SINGLE_LOCK]",
            "pipeline.InvalidRatioPipelineBenchmark.oneThread LATE [SINGLE_LOCK]",
            "pipeline.PipelineBenchmark.oneThread EARLY [MULTI_LOCK, SNAPSHOT]"), combinations);
        assertEquals(7, plans.stream().mapToInt(SuiteRunner.Plan::combinations).sum());
        assertTrue(plans.stream().filter(p -> p.benchmark().name().contains("InvalidRatio"))
            .allMatch(p -> p.params().get("invalidRatio").equals(List.of("0"))));
    }

    @Test
    void shouldPairTheQuickQuestionsEachGroupWithItsAaRow()
    {
        final List<PairedQuestions.Group> groups = QuickProfile.pairs(Catalog.ofClasspath(),
            ParamSpec.parse(List.of()));
        final List<String> questions = new ArrayList<>();
        for (final PairedQuestions.Group group : groups)
        {
            assertTrue(group.forks() >= 5, "a t interval over forks, never one fork's iterations: " + group);
            for (final PairedQuestions.Question q : group.questions())
            {
                final Map<String, String> a = group.variants().get(q.a()).params();
                final Map<String, String> b = group.variants().get(q.b()).params();
                assertTrue(q.a() != q.b(), "each side its own loader: " + q);
                questions.add(q.group() + (q.aa() ? " A/A " : " ") + q.label() + ": " + a.get(q.axis()) + "/" +
                    b.get(q.axis()) + " " + a.get("mix") + " " + a.get("flows") + " " + a.getOrDefault("invalidRatio",
                    "-") + " " + (q.axis().equals("flowAccess") ? a.get("natValidation") : a.get("flowAccess")));
                final Map<String, String> rest = new java.util.HashMap<>(a);
                rest.remove(q.axis());
                final Map<String, String> restB = new java.util.HashMap<>(b);
                restB.remove(q.axis());
                assertEquals(rest, restB, "only the axis differs: " + q);
            }
        }
        assertEquals(List.of(
            "early-late established: EARLY/LATE established 10000 0.1 SINGLE_LOCK",
            "early-late A/A EARLY, established: EARLY/EARLY established 10000 0.1 SINGLE_LOCK",
            "early-late realistic, invalidRatio 0: EARLY/LATE realistic 10000 0 SINGLE_LOCK",
            "flow-access SINGLE_LOCK, 1 thread: SINGLE_LOCK/MULTI_LOCK established 10000 0.1 EARLY",
            "flow-access SNAPSHOT, 1 thread: SNAPSHOT/MULTI_LOCK established 10000 0.1 EARLY",
            "flow-access A/A MULTI_LOCK, 1 thread: MULTI_LOCK/MULTI_LOCK established 10000 0.1 EARLY"), questions);
        // Established EARLY with SINGLE_LOCK serves both questions: eight sides, one loader each.
        assertEquals(List.of(8), groups.stream().map(g -> g.variants().size()).toList());
        final double seconds = PairedQuestions.estimateSeconds(groups) + ProfilePlan.estimateSeconds(
            QuickProfile.plans(Catalog.ofClasspath(), ParamSpec.parse(List.of())), RunProfile.QUICK);
        assertTrue(seconds < 200, "quick takes about 3 minutes, estimated " + seconds + " s");
    }

    @Test
    void shouldLetTheCommandLineOverrideTheQuickPlan()
    {
        final List<SuiteRunner.Plan> plans = QuickProfile.plans(Catalog.ofClasspath(),
            ParamSpec.parse(List.of("flows=1000000")));
        assertTrue(plans.stream().filter(p -> p.params().containsKey("flows"))
            .allMatch(p -> p.params().get("flows").equals(List.of("1000000"))));
    }

    /** The smoke profile on the fixture benchmark, really run by JMH (forks of this test's class path). */
    @Test
    @Tag("slow")
    void shouldRunTheSmokeProfileAndWriteTheReportFolder(@TempDir final Path out) throws Exception
    {
        // This checks function, not speed: do not wait for (or fail on) another JMH run holding /tmp/jmh.lock.
        System.setProperty("jmh.ignoreLock", "true");
        assertEquals(0, Flowgate.execute("run", "--profile", "smoke", "--bench", "TinyBenchmark", "--param",
            "flowAccess=MULTI_LOCK|SNAPSHOT", "--out", out.toString()));
        final List<BenchmarkResult> results = JmhJson.read(out.resolve("results.json"));
        assertEquals(2, results.size());
        for (final BenchmarkResult result : results)
        {
            assertEquals("EARLY", result.params().get("natValidation"));
            assertEquals(1, result.primary().samples().length);
            assertTrue(result.allocPerOp() < 0.1, String.valueOf(result.allocPerOp()));
        }
        final JsonNode env = JmhJson.mapper().readTree(out.resolve("environment.json").toFile());
        assertEquals("smoke", env.get("profile").asText());
        assertTrue(env.get("jvmFlags").toString().contains("-XX:+AlwaysPreTouch"));
        assertTrue(env.get("cores").asInt() > 0);
        assertTrue(Files.readString(out.resolve("report.md")).contains("SNAPSHOT"));
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("headline.svg")));
    }
}
