// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.JmhJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest
{
    @Test
    void shouldPlanTheHeadlineQuestionsForQuick()
    {
        final List<SuiteRunner.Plan> plans = QuickProfile.plans(Catalog.ofClasspath(), ParamSpec.parse(List.of()));
        final List<String> names = plans.stream().map(p -> p.benchmark().name()).toList();
        assertTrue(names.contains("dev.flowgate.bench.pipeline.InvalidRatioPipelineBenchmark.oneThread"),
            names.toString());
        assertTrue(names.contains("dev.flowgate.bench.pipeline.PipelineBenchmark.twoThreads"), names.toString());
        final int combinations = plans.stream().mapToInt(SuiteRunner.Plan::combinations).sum();
        assertTrue(combinations >= 15 && combinations <= 25, "quick must stay about 3 minutes: " + combinations);
        final SuiteRunner.Plan twoThreads = plans.stream()
            .filter(p -> p.benchmark().name().endsWith("PipelineBenchmark.twoThreads")).findFirst().orElseThrow();
        assertEquals(List.of("MULTI_LOCK", "SINGLE_LOCK", "OPTIMISTIC", "SNAPSHOT"),
            twoThreads.params().get("flowAccess"));
        assertEquals(List.of("EARLY"), twoThreads.params().get("natValidation"));
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
