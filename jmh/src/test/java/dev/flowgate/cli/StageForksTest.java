// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.Metric;
import org.junit.jupiter.api.Test;

class StageForksTest
{
    private static BenchmarkResult result(final String benchmark, final int threads, final String mix,
        final String nat, final String access)
    {
        return new BenchmarkResult(benchmark, "thrpt", threads, Map.of("mix", mix, "natValidation", nat,
            "flowAccess", access), new Metric(1e6, 1e4, "ops/s", List.of()), Map.of(), Map.of());
    }

    @Test
    void shouldProfileTheFirstOneThreadResultOfEachMixAndNatValidation()
    {
        final List<BenchmarkResult> results = new ArrayList<>();
        results.add(result("dev.flowgate.bench.limits.MemoryLatencyBenchmark.dependentLoad", 1, "-", "-", "-"));
        results.add(result(StageForks.BENCHMARK, 1, "new-valid", "EARLY", "SINGLE_LOCK"));
        results.add(result(StageForks.BENCHMARK, 1, "new-valid", "LATE", "SINGLE_LOCK"));
        results.add(result(StageForks.BENCHMARK, 1, "established", "EARLY", "MULTI_LOCK"));
        results.add(result(StageForks.BENCHMARK, 1, "established", "EARLY", "SNAPSHOT"));
        results.add(result(StageForks.BENCHMARK.replace("oneThread", "twoThreads"), 2, "invalid-nat", "EARLY",
            "SINGLE_LOCK"));
        results.add(result(StageForks.BENCHMARK, 2, "invalid-nat", "LATE", "SINGLE_LOCK"));
        results.add(result("dev.flowgate.bench.pipeline.InvalidRatioPipelineBenchmark.oneThread", 1, "realistic",
            "EARLY", "SINGLE_LOCK"));
        final List<BenchmarkResult> selected = StageForks.selected(results);
        assertEquals(List.of(results.get(1), results.get(2), results.get(3)), selected);
    }
}
