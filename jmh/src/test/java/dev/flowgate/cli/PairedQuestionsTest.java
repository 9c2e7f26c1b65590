// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowgate.report.Baselines;
import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.JmhJson;
import dev.flowgate.report.Metric;
import dev.flowgate.report.Pairs;
import dev.flowgate.report.Report;
import dev.flowgate.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedQuestionsTest
{
    private static final String TINY = "dev.flowgate.bench.fixture.TinyBenchmark.sum";

    /**
     * Real forks of the fixture benchmark: a group of three sides (EARLY, LATE and EARLY's A/A twin) answers two
     * ratios from the same forks, and a group whose benchmark the runner refuses (@Group) is recorded as failed
     * without stopping the run; pairs.json reads back, and the terminal table shows both with JMH's figures.
     */
    @Test
    void shouldWritePairsJsonWithAFailedGroupRecordedAndPrintTheAnswers(@TempDir final Path dir) throws Exception
    {
        final PairedQuestions.Group tiny = new PairedQuestions.Builder("tiny EARLY/LATE", 2, 0.3, "256m",
            Catalog.ofClasspath(), ParamSpec.parse(List.of()))
            .earlyLate("fixture.TinyBenchmark.sum", "flowAccess=SNAPSHOT", true, "tiny").build();
        assertEquals(3, tiny.variants().size());
        final PairedQuestions.Variant grouped = new PairedQuestions.Variant(
            "dev.flowgate.bench.fixture.PairFixtureBenchmark.grouped", Map.of("step", "1"));
        final PairedQuestions.Group broken = new PairedQuestions.Group("broken", List.of(grouped, grouped),
            List.of(new PairedQuestions.Question(Pairs.FLOW_ACCESS, "grouped", false, 0, 1, "step")), 2, 0.3,
            "256m");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int failed = PairedQuestions.run(List.of(tiny, broken), dir, ForkedJmh.currentJava(),
            new PrintStream(out, true, StandardCharsets.UTF_8));
        final String progress = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, failed, progress);
        assertTrue(progress.contains("pairs [1/2] tiny EARLY/LATE: 3 sides, 2 forks"), progress);
        assertTrue(progress.contains("[2/2] fork: tiny EARLY/LATE"), progress);
        assertTrue(progress.contains("FAILED: broken: "), progress);

        final JsonNode json = JmhJson.mapper().readTree(dir.resolve(Pairs.FILE).toFile());
        assertEquals(3, json.get("pairs").size());
        final JsonNode earlyLate = json.get("pairs").get(0);
        assertEquals(TINY, earlyLate.get("benchmark").asText());
        assertEquals("{\"natValidation\":\"EARLY\"}", earlyLate.get("a").toString());
        assertEquals("{\"natValidation\":\"LATE\"}", earlyLate.get("b").toString());
        assertEquals("SNAPSHOT", earlyLate.get("params").get("flowAccess").asText());
        assertEquals(2, earlyLate.get("forks").asInt());
        assertEquals(2, earlyLate.get("forkRatios").size());
        assertTrue(earlyLate.get("pairsPerFork").asInt() > 0);
        assertEquals("early-late", earlyLate.get("group").asText());
        assertFalse(earlyLate.get("aa").asBoolean());
        assertEquals(3, earlyLate.get("sides").asInt());
        final JsonNode aa = json.get("pairs").get(1);
        assertTrue(aa.get("aa").asBoolean());
        assertEquals(aa.get("a"), aa.get("b"));
        // The twin ran in the same forks as the pair it shares side A with, over as many cycles.
        assertEquals(earlyLate.get("pairsPerForkEach"), aa.get("pairsPerForkEach"));
        assertEquals(earlyLate.get("aNsPerOp").asDouble(), aa.get("aNsPerOp").asDouble(), 1e-9);

        final List<Pairs.Pair> pairs = Pairs.read(dir);
        assertEquals(3, pairs.size());
        assertTrue(pairs.get(2).failed());
        assertTrue(pairs.get(2).error().contains("@Group"), pairs.get(2).error());
        assertFalse(pairs.get(0).failed());
        assertTrue(pairs.get(0).ratio().hasBounds());

        final List<BenchmarkResult> jmh = new ArrayList<>();
        for (final String nat : List.of("EARLY", "LATE"))
        {
            jmh.add(new BenchmarkResult(TINY, "thrpt", 1, Map.of("natValidation", nat, "flowAccess", "SNAPSHOT"),
                new Metric(nat.equals("EARLY") ? 2e8 : 1e8, 1e6, "ops/s", List.of(new double[] {1})), Map.of(),
                Map.of()));
        }
        final String text = ReportWriter.text(Report.build(jmh, new Baselines(null)), pairs);
        assertTrue(text.startsWith("EARLY vs LATE: throughput ratio EARLY/LATE, paired"), text);
        final String row = text.lines().filter(l -> l.startsWith("tiny ")).findFirst().orElseThrow();
        assertTrue(row.contains(" range ["), "2 forks: a range, not a 95% interval: " + row);
        assertTrue(row.contains(pairs.get(0).ratio().text()), row);
        assertTrue(row.contains(" 2 x " + pairs.get(0).pairsPerFork() + " "), row);
        assertTrue(row.contains("200.000 / 100.000"), "Mpps of A and B from JMH: " + row);
        assertTrue(row.contains("5.0 / 10.0"), "ns/packet of A and B from JMH: " + row);
        final String twin = text.lines().filter(l -> l.startsWith("A/A EARLY, tiny")).findFirst().orElseThrow();
        assertTrue(twin.contains("200.000 / 200.000"), twin);
        assertTrue(text.contains("grouped") && text.contains("FAILED: "), text);
        assertFalse(text.contains("EARLY/LATE, 95% CI"), "no separate-fork ratio beside the paired answers: " + text);
        assertTrue(text.contains("Allocation gate: "), text);
        assertTrue(Files.isRegularFile(dir.resolve("pairs").resolve("group-1").resolve("fork-1-result.json")));
    }

    /** flowgate report reads pairs.json beside results.json and prints the paired answers, not separate-fork ones. */
    @Test
    void shouldReadPairsJsonInFlowgateReport(@TempDir final Path dir) throws Exception
    {
        final Path results = dir.resolve("results.json");
        Files.copy(Path.of(PairedQuestionsTest.class.getResource("/dev/flowgate/report/run-fixture.json").toURI()),
            results);
        Files.writeString(dir.resolve(Pairs.FILE), """
            {"pairs": [
              {"benchmark": "%1$s", "params": {"flowAccess": "SNAPSHOT"}, "a": {"natValidation": "EARLY"},
               "b": {"natValidation": "LATE"}, "forks": 6, "pairsPerFork": 300, "ratio": 1.031, "ratioLow": 1.012,
               "ratioHigh": 1.05, "pValue": 0.01, "verdict": "faster", "aNsPerOp": 1, "bNsPerOp": 1,
               "group": "early-late", "aa": false, "label": "tiny"},
              {"benchmark": "%1$s", "params": {"flowAccess": "MULTI_LOCK"}, "a": {"natValidation": "EARLY"},
               "b": {"natValidation": "LATE"}, "failed": true, "error": "pair fork 1: mix check failed",
               "group": "early-late", "aa": false, "label": "broken"}
            ]}
            """.formatted(TINY));
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, Flowgate.execute("report", results.toString()));
        }
        finally
        {
            System.setOut(saved);
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        final BenchmarkResult early = JmhJson.read(results).stream().filter(r -> r.benchmark().equals(TINY) &&
            r.params().equals(Map.of("flowAccess", "SNAPSHOT", "natValidation", "EARLY"))).findFirst().orElseThrow();
        final String row = text.lines().filter(l -> l.startsWith("tiny ")).findFirst().orElseThrow(() ->
            new AssertionError(text));
        assertTrue(row.contains("1.031 [1.012, 1.050]") && row.contains("6 x 300") && row.contains("faster"), row);
        assertTrue(row.contains(ReportWriter.format(early.mpps(), 3) + " / "), "A's Mpps from results.json: " + row);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("broken ") && l.contains("FAILED: pair fork 1: mix "
            + "check failed")), text);
        assertFalse(text.contains("EARLY/LATE, 95% CI"), text);
        final String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("EARLY/LATE, paired: 1.031 [1.012, 1.050] (tiny); 1 faster, 0 slower, 0 same by the "
            + "verdict's rule; 1 of 1 95% intervals exclude 1; 1 failed; no A/A row"), md);
        assertTrue(md.contains("| broken | FAILED: pair fork 1: mix check failed |"), md);
    }
}
