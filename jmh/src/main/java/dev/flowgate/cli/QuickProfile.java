// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --profile quick} runs: the two headline questions, each on the benchmark that answers it, with the
 * parameter values that answer it and the first value of every other parameter (about 20 combinations, ~3 min).
 *
 * <ul>
 * <li>EARLY vs LATE: the whole pipeline per mix, and per share of invalid packets;</li>
 * <li>each flow-info access mode vs MULTI_LOCK: the established-flow pipeline at 1 and 2 threads;</li>
 * <li>the machine's dependent-load latency beyond the cache, the unit of the per-packet costs.</li>
 * </ul>
 */
final class QuickProfile
{
    private static final String ACCESS = "flowAccess=MULTI_LOCK|SINGLE_LOCK|OPTIMISTIC|SNAPSHOT";
    private static final String ESTABLISHED = "mix=established,natValidation=EARLY,flowTable=LOCK_FREE,flows=10000,";

    /** Benchmark full name and its parameter values, in the syntax of {@code --param}; a name may repeat. */
    private static final List<Map.Entry<String, String>> PLAN = List.of(
        Map.entry("dev.flowgate.bench.limits.MemoryLatencyBenchmark.dependentLoad", "bufferMiB=256"),
        Map.entry("dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread",
            "mix=new-valid|invalid-nat|realistic,natValidation=EARLY|LATE,flowAccess=SINGLE_LOCK,flows=10000"),
        Map.entry("dev.flowgate.bench.pipeline.InvalidRatioPipelineBenchmark.oneThread",
            "invalidRatio=0|0.1|0.5,natValidation=EARLY|LATE,flowAccess=SINGLE_LOCK"),
        Map.entry("dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread", ESTABLISHED + ACCESS),
        Map.entry("dev.flowgate.bench.pipeline.PipelineBenchmark.twoThreads", ESTABLISHED + ACCESS));

    private QuickProfile()
    {
    }

    /**
     * The quick plans found in a build: a benchmark this build lacks is left out.
     *
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line; they win over the plan's.
     * @return the plans, in the order above.
     */
    static List<SuiteRunner.Plan> plans(final Catalog catalog, final ParamSpec cli)
    {
        final Map<String, Catalog.Benchmark> byName = new LinkedHashMap<>();
        for (final Catalog.Benchmark benchmark : catalog.all())
        {
            byName.put(benchmark.name(), benchmark);
        }
        final List<SuiteRunner.Plan> plans = new ArrayList<>();
        for (final Map.Entry<String, String> entry : PLAN)
        {
            final Catalog.Benchmark benchmark = byName.get(entry.getKey());
            if (benchmark != null)
            {
                final Map<String, List<String>> params = cli.resolve(benchmark, RunProfile.ParamPolicy.FIRST);
                for (final Map.Entry<String, List<String>> p : ParamSpec.parse(List.of(entry.getValue()))
                    .values().entrySet())
                {
                    if (!cli.values().containsKey(p.getKey()) && params.containsKey(p.getKey()))
                    {
                        params.put(p.getKey(), p.getValue());
                    }
                }
                plans.add(new SuiteRunner.Plan(benchmark, params));
            }
        }
        return plans.stream().anyMatch(p -> !p.benchmark().name().startsWith("dev.flowgate.bench.limits.")) ?
            plans : List.of();
    }
}
