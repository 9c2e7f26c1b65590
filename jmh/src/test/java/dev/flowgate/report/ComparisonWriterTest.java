// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonWriterTest
{
    private static BenchmarkResult result(final double score)
    {
        return new BenchmarkResult("dev.flowgate.bench.X.run", "thrpt", 1, Map.of("flows", "10000"),
            new Metric(score, Double.NaN, "ops/s", List.of(new double[] {score}, new double[] {score})), Map.of(),
            Map.of());
    }

    @Test
    void shouldDescribeAPairedComparisonByItsOwnStatisticAndListItsForks(@TempDir final Path dir) throws IOException
    {
        final Comparison paired = Comparison.paired(result(5.0e6), result(4.8e6),
            new Interval(0.958, 0.949, 0.967), 1e-5, new double[] {0.951, 0.963}, 2.0);
        ComparisonWriter.write(paired, "base", "head", dir);
        final String page = Files.readString(dir.resolve("comparison.md"));
        assertTrue(page.contains("HEAD/BASE per fork: 0.951 0.963."), page);
        assertTrue(page.contains("1 row: 0 faster, 1 slower, 0 same"), "one row, counted in the singular: " + page);
        assertTrue(page.contains("both revisions ran in one JVM per fork"), page);
        assertFalse(page.contains("bootstrap"), "the unpaired statistic is not what a paired row shows: " + page);
        assertFalse(page.contains("NaN"), "a paired side has no JMH error to show: " + page);
        final JsonNode json = JmhJson.mapper().readTree(dir.resolve("comparison.json").toFile());
        assertTrue(json.get("paired").asBoolean());
        assertEquals(0.963, json.get("rows").get(0).get("forkRatios").get(1).asDouble(), 1e-12);
        assertEquals("slower", json.get("rows").get(0).get("verdict").asText());
    }

    @Test
    void shouldKeepTheBootstrapFootnoteForSeparateForks(@TempDir final Path dir) throws IOException
    {
        final Comparison separate = Comparison.compare(List.of(result(5.0e6)), List.of(result(4.8e6)), 2.0, 1);
        ComparisonWriter.write(separate, "base", "head", dir);
        final String page = Files.readString(dir.resolve("comparison.md"));
        assertTrue(page.contains("bootstrap over forks"), page);
        assertFalse(page.contains("per fork:"), page);
        assertFalse(JmhJson.mapper().readTree(dir.resolve("comparison.json").toFile()).has("paired"));
    }
}
