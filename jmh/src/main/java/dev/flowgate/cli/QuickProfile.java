// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.List;

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

    /** The plan; a benchmark may appear more than once. */
    private static final List<ProfilePlan.Entry> PLAN = List.of(
        ProfilePlan.entry("limits.MemoryLatencyBenchmark.dependentLoad", "bufferMiB=256"),
        ProfilePlan.entry("pipeline.PipelineBenchmark.oneThread",
            "mix=new-valid|invalid-nat|realistic,natValidation=EARLY|LATE,flowAccess=SINGLE_LOCK,flows=10000"),
        ProfilePlan.entry("pipeline.InvalidRatioPipelineBenchmark.oneThread",
            "invalidRatio=0|0.1|0.5,natValidation=EARLY|LATE,flowAccess=SINGLE_LOCK"),
        ProfilePlan.entry("pipeline.PipelineBenchmark.oneThread", ESTABLISHED + ACCESS),
        ProfilePlan.entry("pipeline.PipelineBenchmark.twoThreads", ESTABLISHED + ACCESS));

    private QuickProfile()
    {
    }

    /**
     * The quick plans found in a build: a benchmark this build lacks is left out.
     *
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line; they win over the plan's.
     * @return the plans, in the order above; empty when the build has none but the limits benchmark.
     */
    static List<SuiteRunner.Plan> plans(final Catalog catalog, final ParamSpec cli)
    {
        final List<SuiteRunner.Plan> plans = ProfilePlan.resolve(PLAN, catalog, cli);
        return plans.stream().anyMatch(p -> !p.benchmark().name().startsWith("dev.flowgate.bench.limits.")) ?
            plans : List.of();
    }
}
