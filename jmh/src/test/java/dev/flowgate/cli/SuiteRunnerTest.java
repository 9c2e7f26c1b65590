// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest
{
    /** Two passes over two combinations: four forks run, in turn, and each combination's two forks become one entry. */
    @Test
    void shouldRunEveryPassAndMergeTheForksOfEachCombination(@TempDir final Path dir) throws Exception
    {
        System.setProperty("jmh.ignoreLock", "true");
        final Catalog.Benchmark tiny = Catalog.ofClasspath().all().stream()
            .filter(b -> b.name().endsWith("TinyBenchmark.sum")).findFirst().orElseThrow();
        final Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("flowAccess", List.of("MULTI_LOCK", "SNAPSHOT"));
        params.put("natValidation", List.of("EARLY"));
        final SuiteRunner.Plan plan = new SuiteRunner.Plan(tiny, params, null, 0, 0, 2);
        assertEquals(4, plan.runs());
        final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        final SuiteRunner.Outcome outcome;
        try (PrintStream out = new PrintStream(terminal, true, StandardCharsets.UTF_8))
        {
            outcome = new SuiteRunner(RunProfile.SMOKE, null).run(List.of(plan), dir.resolve("jmh.log"), out);
        }
        assertEquals(List.of(), outcome.failures());
        assertEquals(2, outcome.results().size());
        for (final JsonNode entry : outcome.results())
        {
            assertEquals(2, entry.path("forks").asInt(), entry.path("params").toString());
            assertEquals(2, entry.path("primaryMetric").path("rawData").size());
        }
        final String progress = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("ran 4 combinations"), progress);
    }

    @Test
    void shouldRefuseAPlanWithoutPasses()
    {
        final Catalog.Benchmark tiny = Catalog.ofClasspath().all().get(0);
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> new SuiteRunner.Plan(tiny, Map.of(), null, 0, 0, 0));
        assertTrue(ex.getMessage().contains("passes"), ex.getMessage());
    }
}
