// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest
{
    static Path fixture(final String name)
    {
        try
        {
            return Path.of(ReportTest.class.getResource(name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Report report(final String baseline)
    {
        return Report.build(JmhJson.read(fixture("run-fixture.json")), new Baselines(baseline));
    }

    @Test
    void shouldParseJmhJsonWithRawDataAndAllocation()
    {
        final List<BenchmarkResult> results = JmhJson.read(fixture("run-fixture.json"));
        assertEquals(12, results.size());
        final BenchmarkResult first = results.get(0);
        assertEquals("dev.flowgate.bench.fixture.TinyBenchmark", first.className());
        assertEquals("sum", first.method());
        assertEquals("MULTI_LOCK", first.params().get("flowAccess"));
        assertEquals(2, first.primary().forks().size());
        assertEquals(10, first.primary().samples().length);
        assertEquals("ops/s", first.primary().unit());
        assertTrue(first.allocPerOp() < 0.001);
        assertEquals(1e9 / first.primary().score(), first.nsPerPacket(), 1e-9);
    }

    @Test
    void shouldComputeHeadlineRatiosWithIntervalsCoveringTheTrueRatio()
    {
        final Report report = report(null);
        final List<Report.HeadlineRow> early = report.headline().stream()
            .filter(r -> r.axis().equals("natValidation")).toList();
        assertEquals(4, early.size());
        for (final Report.HeadlineRow row : early)
        {
            assertEquals("EARLY", row.variant().params().get("natValidation"));
            assertEquals("LATE", row.baseline().params().get("natValidation"));
            assertEquals(row.variant().threads(), row.baseline().threads());
            assertTrue(row.ratio().low() < 1.1 && 1.1 < row.ratio().high(), row.ratio().text());
            assertTrue(row.ratio().excludesOne(), row.ratio().text());
        }
        final List<Report.HeadlineRow> access = report.headline().stream()
            .filter(r -> r.axis().equals("flowAccess")).toList();
        assertEquals(4, access.size());
        for (final Report.HeadlineRow row : access)
        {
            assertEquals("SNAPSHOT", row.variant().params().get("flowAccess"));
            assertEquals(2.0, row.ratio().ratio(), 0.1);
        }
    }

    @Test
    void shouldExpressCostsInDependentLoadLatencies()
    {
        final Report report = report(null);
        assertEquals("256", report.loadLatency().orElseThrow().params().get("bufferMiB"));
        final BenchmarkResult lookup = report.results().stream()
            .filter(r -> "COMPILED".equals(r.params().get("lookup"))).findFirst().orElseThrow();
        assertEquals(lookup.nsPerPacket() / report.loadLatency().orElseThrow().nsPerPacket(), report.loads(lookup),
            1e-12);
    }

    @Test
    void shouldListSteadyStateResultsThatAllocate()
    {
        final Report report = report(null);
        assertEquals(8, report.steadyStateChecked());
        assertEquals(1, report.gateViolations().size());
        final BenchmarkResult violation = report.gateViolations().get(0);
        assertEquals(2, violation.threads());
        assertEquals("SNAPSHOT", violation.params().get("flowAccess"));
        assertEquals("LATE", violation.params().get("natValidation"));
    }

    @Test
    void shouldUseKnownBaselinesAndTheOverride()
    {
        final Report.Section lookup = report(null).sections().stream()
            .filter(s -> s.className().endsWith("LookupBenchmark")).findFirst().orElseThrow();
        assertEquals("REFERENCE", lookup.axes().get("lookup"));
        final Report.Row compiled = lookup.rows().stream()
            .filter(r -> "COMPILED".equals(r.result().params().get("lookup"))).findFirst().orElseThrow();
        assertEquals(3.0, compiled.ratios().get("lookup").ratio(), 0.1);

        final Report.Section overridden = report("COMPILED").sections().stream()
            .filter(s -> s.className().endsWith("LookupBenchmark")).findFirst().orElseThrow();
        assertEquals("COMPILED", overridden.axes().get("lookup"));
        final Report.Row reference = overridden.rows().stream()
            .filter(r -> "REFERENCE".equals(r.result().params().get("lookup"))).findFirst().orElseThrow();
        assertEquals(1.0 / 3.0, reference.ratios().get("lookup").ratio(), 0.02);

        final Report.Section tiny = report(null).sections().stream()
            .filter(s -> s.className().endsWith("TinyBenchmark")).findFirst().orElseThrow();
        assertEquals("How fast is summing a burst of ints? (tooling test fixture)", tiny.question());
        assertEquals("LATE", tiny.axes().get("natValidation"));
        assertEquals("MULTI_LOCK", tiny.axes().get("flowAccess"));
    }

    @Test
    void shouldWriteMarkdownHtmlAndReadableChartsWithoutPairs(@TempDir final Path dir) throws IOException
    {
        final Report report = report(null);
        ReportWriter.write(report, null, dir);
        final String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.indexOf("No paired results") < md.indexOf("## Environment"), md);
        assertFalse(md.contains("## The answers"));
        assertTrue(md.indexOf("## Environment") < md.indexOf("## Unpaired ratios"));
        assertTrue(md.indexOf("## Unpaired ratios") < md.indexOf("## Questions"));
        assertTrue(md.contains("(tooling test fixture)"));
        assertTrue(md.contains("allocation gate | FAILED, 1 of 8"), md);
        assertTrue(md.contains("](headline-natValidation-TinyBenchmark.sum.svg)"), md);
        final String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<img src=\"chart-TinyBenchmark.svg\""));
        assertTrue(html.contains("<p class=\"notice\">No paired results"));
        assertReadableCharts(dir, 6);
        final String text = ReportWriter.text(report);
        assertTrue(text.contains("EARLY vs LATE"));
        assertTrue(text.contains("one dependent random load = 80"), text);
    }

    @Test
    void shouldShowBytesPerFlowAndWorkingSetWhereTheBenchmarkReportsThem(@TempDir final Path dir) throws IOException
    {
        final ObjectMapper json = new ObjectMapper();
        final ArrayNode runs = (ArrayNode) json.readTree(fixture("run-fixture.json").toFile());
        int n = 0;
        for (final var node : runs)
        {
            if (node.path("benchmark").asText().endsWith("LookupBenchmark.lookup"))
            {
                final ObjectNode secondary = (ObjectNode) node.path("secondaryMetrics");
                secondary.set(BenchmarkResult.BYTES_PER_FLOW, metric(json, 585.2 + n, "B/flow"));
                secondary.set(BenchmarkResult.WORKING_SET_MIB, metric(json, 558.1 + n, "MiB"));
                n++;
            }
        }
        assertTrue(n > 0);
        final Path results = dir.resolve("results.json");
        json.writeValue(results.toFile(), runs);
        final Path out = Files.createDirectory(dir.resolve("report"));
        ReportWriter.write(Report.build(JmhJson.read(results), new Baselines(null)), null, out);
        final String md = Files.readString(out.resolve("report.md"));
        final String lookup = md.substring(md.indexOf("### LookupBenchmark"));
        final List<String> rows = lookup.lines().filter(l -> l.startsWith("| ")).toList();
        assertTrue(rows.get(0).contains("| B/flow | working set MiB |"), rows.get(0));
        assertTrue(rows.stream().anyMatch(r -> r.contains("| 585.2 | 558.1 |")), lookup);
        final String tiny = md.substring(md.indexOf("### TinyBenchmark"), md.indexOf("### LookupBenchmark"));
        assertFalse(tiny.contains("B/flow |"), tiny);
    }

    private static ObjectNode metric(final ObjectMapper json, final double score, final String unit)
    {
        final ObjectNode m = json.createObjectNode();
        m.put("score", score);
        m.put("scoreError", 0.0);
        m.put("scoreUnit", unit);
        m.set("rawData", json.createArrayNode().add(json.createArrayNode().add(score)));
        return m;
    }

    @Test
    void shouldShowOnlyTheParametersThatVaryWithinATable(@TempDir final Path dir) throws IOException
    {
        ReportWriter.write(report(null), null, dir);
        final String md = Files.readString(dir.resolve("report.md"));
        final String lookup = md.substring(md.indexOf("### LookupBenchmark"));
        final String header = lookup.lines().filter(l -> l.startsWith("| ")).findFirst().orElseThrow();
        assertTrue(header.startsWith("| lookup | score |"), header);
        assertFalse(header.contains("parameters"), header);
    }

    @Test
    void shouldAnswerFromPairedResultsWithTheirAaRow(@TempDir final Path dir) throws IOException
    {
        Files.copy(fixture("pairs-fixture.json"), dir.resolve(Pairs.FILE));
        final Report report = report(null);
        ReportWriter.write(report, null, dir);
        final String md = Files.readString(dir.resolve("report.md"));
        assertFalse(md.contains("No paired results"));
        assertTrue(md.indexOf("## The answers") < md.indexOf("## Environment"));
        assertFalse(md.contains("## Unpaired ratios"), "no separate-fork ratios beside the answers");
        assertTrue(md.contains("EARLY/LATE, paired: 0.970 to 1.610 over 3 cases; 1 faster, 1 slower, 1 same by the " +
            "verdict's rule; 2 of 3 95% intervals exclude 1; A/A noise row 1.004 range [0.991, 1.017]."), md);
        assertTrue(md.contains("mode/MULTI_LOCK, paired: 1.900 range [1.700, 2.100] (SNAPSHOT); 1 faster, 0 slower, " +
            "0 same by the verdict's rule; 1 of 1 95% intervals exclude 1; no A/A row"), md);
        assertTrue(md.contains("| A/A mix=established | 1.004 range [0.991, 1.017] |"), md);
        assertTrue(md.contains("| mix=new-valid | 0.970 range [0.950, 0.990] |"),
            "a label computed when missing: " + md);
        final String early = Files.readString(dir.resolve("answer-early-late.svg"));
        assertEquals(4, early.split("class=\"point\"", -1).length - 1);
        assertReadableCharts(dir, 6);
    }

    @Test
    void shouldSplitTheMeasuredNsPerPacketByStageWhereTheRunHasStageProfiles(@TempDir final Path dir)
        throws IOException
    {
        ReportWriter.write(report(null), null, dir);
        final String without = Files.readString(dir.resolve("report.md"));
        assertTrue(without.contains("## Where a packet's time goes\n\nNo stage split in this run (no stages.json)"),
            without);
        assertFalse(Files.exists(dir.resolve("stages.svg")));
        Files.copy(fixture("stages-fixture.json"), dir.resolve(Stages.FILE));
        ReportWriter.write(report(null), null, dir);
        final String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.indexOf("## Where a packet's time goes") < md.indexOf("## Questions"), md);
        assertTrue(md.contains("](stages.svg)"), md);
        // The fixture's EARLY profile: 4173 samples, flow lookup 954 of them; the measured forks' mean is
        // 1e9 / 22061288 ops/s = 45.33 ns, not the profiler fork's 48.
        final double total = 1e9 / JmhJson.read(fixture("run-fixture.json")).get(0).primary().score();
        final String section = md.substring(md.indexOf("## Where a packet's time goes"), md.indexOf("## Questions"));
        final String early = section.lines().filter(l -> l.startsWith("| EARLY |")).findFirst().orElseThrow();
        assertTrue(early.startsWith(String.format(Locale.ROOT, "| EARLY | %.1f | %.1f | %.1f |", total,
            total * 436 / 4173, total * 954 / 4173)), early);
        assertTrue(early.endsWith("| 4173 |"), early);
        assertTrue(section.contains("Every row: flowAccess=MULTI_LOCK."), section);
        final String svg = Files.readString(dir.resolve("stages.svg"));
        assertEquals(18, svg.split("class=\"bar\"", -1).length - 1, "9 stages in each of 2 bars");
        assertReadableCharts(dir, 7);
    }

    private static void assertReadableCharts(final Path dir, final int atLeast) throws IOException
    {
        try (var files = Files.list(dir))
        {
            final List<Path> charts = files.filter(f -> f.toString().endsWith(".svg")).toList();
            assertTrue(charts.size() >= atLeast, charts.toString());
            for (final Path chart : charts)
            {
                final List<String> problems = SvgCheck.problems(Files.readString(chart));
                assertTrue(problems.isEmpty(), chart.getFileName() + ": " + problems);
            }
        }
    }

    @Test
    void shouldRejectFilesThatAreNotJmhResults(@TempDir final Path dir) throws IOException
    {
        final Path missing = dir.resolve("missing.json");
        assertEquals("no such file: " + missing,
            assertThrows(ReportException.class, () -> JmhJson.read(missing)).getMessage());
        final Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"benchmark\": ");
        assertTrue(assertThrows(ReportException.class, () -> JmhJson.read(broken)).getMessage()
            .contains("is not valid JSON"));
        final Path object = Files.writeString(dir.resolve("object.json"), "{}");
        assertTrue(assertThrows(ReportException.class, () -> JmhJson.read(object)).getMessage()
            .contains("expected a JSON array"));
        final Path other = Files.writeString(dir.resolve("other.json"), "[{\"name\": 1}]");
        assertTrue(assertThrows(ReportException.class, () -> JmhJson.read(other)).getMessage()
            .contains("entry 0 is not a JMH result"));
        assertFalse(JmhJson.read(Files.writeString(dir.resolve("empty.json"), "[]")).iterator().hasNext());
    }
}
