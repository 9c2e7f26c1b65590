// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowgate.report.Baselines;
import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.Comparison;
import dev.flowgate.report.ComparisonWriter;
import dev.flowgate.report.JmhJson;
import dev.flowgate.report.Pairs;
import dev.flowgate.report.Report;
import dev.flowgate.report.ReportException;
import dev.flowgate.report.ReportWriter;
import dev.flowgate.report.Stages;
import dev.flowgate.report.Statistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Renders report.md, report.html and charts from a JMH JSON results file (from any machine; "
        + "environment.json, pairs.json and stages.json next to it are used when present). Given a "
        + "comparison.json, renders that comparison again from the base.json and head.json beside it.")
final class ReportCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "RESULTS.json", description = "A JMH JSON results file (-rf json), or the "
        + "comparison.json of a comparison folder.")
    private Path results;

    @Option(names = "--baseline", paramLabel = "VARIANT",
        description = "Baseline value of the ratio columns (default: MULTI_LOCK for flowAccess, LATE for "
            + "natValidation, REFERENCE for lookup, SHARDED_LOCKED for flowTable, REFERENCE for build, else the "
            + "first value).")
    private String baseline;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the results file's folder).")
    private Path out;

    @Override
    public Integer call() throws IOException
    {
        if (results.getFileName() != null && results.getFileName().toString().equals("comparison.json"))
        {
            return comparison();
        }
        final List<BenchmarkResult> parsed = JmhJson.read(results);
        if (baseline != null && parsed.stream().noneMatch(r -> r.params().containsValue(baseline)))
        {
            throw new UsageException("--baseline " + baseline + ": no parameter of " + results + " has that value");
        }
        final Path parent = results.toAbsolutePath().getParent();
        final Path dir = out != null ? out : parent;
        final Path envFile = parent.resolve("environment.json");
        JsonNode environment = null;
        if (Files.isRegularFile(envFile))
        {
            try
            {
                environment = JmhJson.mapper().readTree(envFile.toFile());
            }
            catch (final IOException ex)
            {
                throw new ReportException(envFile + " is not valid JSON");
            }
        }
        final Report report = Report.build(parsed, new Baselines(baseline));
        final List<Pairs.Pair> pairs = Pairs.read(parent);
        ReportWriter.write(report, environment, pairs, Stages.read(parent), dir);
        System.out.print(ReportWriter.text(report, pairs));
        System.out.println("report: " + dir.resolve("report.html"));
        return 0;
    }

    private Integer comparison() throws IOException
    {
        final Path parent = results.toAbsolutePath().getParent();
        final JsonNode json;
        try
        {
            json = JmhJson.mapper().readTree(results.toFile());
        }
        catch (final IOException ex)
        {
            throw new ReportException(results + " is not valid JSON");
        }
        if (json == null || !json.path("thresholdPercent").isNumber() || !json.path("base").isTextual())
        {
            throw new ReportException(results + ": not a flowgate comparison (no base or thresholdPercent)");
        }
        final Comparison comparison = Comparison.compare(JmhJson.read(parent.resolve("base.json")),
            JmhJson.read(parent.resolve("head.json")), json.get("thresholdPercent").asDouble(),
            Statistics.DEFAULT_SEED);
        final Path dir = out != null ? out : parent;
        ComparisonWriter.write(comparison, json.get("base").asText(), json.path("head").asText(), dir);
        System.out.print(ComparisonWriter.text(comparison));
        System.out.println("comparison: " + dir.resolve("comparison.html"));
        return 0;
    }
}
