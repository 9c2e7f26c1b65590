// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.List;
import java.util.concurrent.Callable;

import dev.flowgate.report.BenchmarkInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists the benchmarks, one line each: full name, parameters with their values, the question.")
final class ListCommand implements Callable<Integer>
{
    @Option(names = "--bench", paramLabel = "REGEX", description = "Only benchmarks whose name contains a match.")
    private String bench;

    @Override
    public Integer call()
    {
        final Catalog catalog = Catalog.ofClasspath();
        final List<Catalog.Benchmark> benchmarks = bench == null ? catalog.all() : catalog.matching(bench);
        if (bench != null && benchmarks.isEmpty())
        {
            throw new UsageException("--bench '" + bench + "' matches no benchmark");
        }
        for (final Catalog.Benchmark benchmark : benchmarks)
        {
            System.out.println(line(benchmark));
        }
        if (catalog.all().isEmpty())
        {
            System.err.println("flowgate list: no benchmarks in this build yet");
        }
        return 0;
    }

    static String line(final Catalog.Benchmark benchmark)
    {
        final StringBuilder line = new StringBuilder(benchmark.name());
        if (!benchmark.params().isEmpty())
        {
            line.append("  ").append(Catalog.describe(benchmark.params()));
        }
        BenchmarkInfo.question(benchmark.className()).ifPresent(q -> line.append("  \"").append(q).append('"'));
        return line.toString();
    }
}
