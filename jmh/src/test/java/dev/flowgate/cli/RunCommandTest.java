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
    void shouldPickTheHeadlineBenchmarksForQuick()
    {
        // The filter and pipeline benchmarks with a headline axis, and the limits load latency; not the others.
        final List<String> names = RunCommand.quickSelection(Catalog.ofClasspath()).stream()
            .map(Catalog.Benchmark::name).toList();
        assertTrue(names.contains("dev.flowgate.bench.filter.FlowFilterBenchmark.filter"), names.toString());
        assertTrue(names.contains("dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("BurstRestore") || n.contains("TinyBenchmark") ||
            n.contains("EstablishedPipeline")), names.toString());
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
