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
    void shouldWriteMarkdownHtmlAndCharts(@TempDir final Path dir) throws IOException
    {
        final Report report = report(null);
        ReportWriter.write(report, null, dir);
        final String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.indexOf("EARLY vs LATE") < md.indexOf("## Questions"));
        assertTrue(md.contains("(tooling test fixture)"));
        assertTrue(md.contains("Allocation gate: FAILED, 1 of 8"));
        assertTrue(md.contains("![headline](headline.svg)"));
        final String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<img src=\"chart-TinyBenchmark.svg\""));
        for (final String chart : List.of("headline.svg", "chart-TinyBenchmark.svg", "chart-LookupBenchmark.svg",
            "chart-FixtureLatencyBenchmark.svg"))
        {
            assertTrue(Files.readString(dir.resolve(chart)).contains("<svg"), chart);
        }
        final String text = ReportWriter.text(report);
        assertTrue(text.contains("EARLY vs LATE"));
        assertTrue(text.contains("one dependent random load = 80"), text);
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
