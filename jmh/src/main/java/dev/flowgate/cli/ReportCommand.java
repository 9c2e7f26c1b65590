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
import dev.flowgate.report.JmhJson;
import dev.flowgate.report.Report;
import dev.flowgate.report.ReportException;
import dev.flowgate.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Renders report.md, report.html and charts from a JMH JSON results file (from any machine; "
        + "environment.json next to it is used when present).")
final class ReportCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "RESULTS.json", description = "A JMH JSON results file (-rf json).")
    private Path results;

    @Option(names = "--baseline", paramLabel = "VARIANT",
        description = "Baseline value of the ratio columns (default: MULTI_LOCK for flowAccess, LATE for "
            + "natValidation, REFERENCE for lookup, SHARDED_LOCKED for flowTable, else the first value).")
    private String baseline;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the results file's folder).")
    private Path out;

    @Override
    public Integer call() throws IOException
    {
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
        ReportWriter.write(report, environment, dir);
        System.out.print(ReportWriter.text(report));
        System.out.println("report: " + dir.resolve("report.html"));
        return 0;
    }
}
