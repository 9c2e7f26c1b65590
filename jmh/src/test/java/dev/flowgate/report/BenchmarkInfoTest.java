// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchmarkInfoTest
{
    private static final String ONE_THREAD = "dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread";

    @Test
    void shouldCheckSteadyStateMethodsExceptForTheirExceptedParameters()
    {
        assertTrue(BenchmarkInfo.steadyState(ONE_THREAD, Map.of("mix", "established", "flows", "10000")));
        assertFalse(BenchmarkInfo.steadyState(ONE_THREAD, Map.of("mix", "new-valid", "flows", "10000")));
        assertFalse(BenchmarkInfo.steadyState("dev.flowgate.bench.pipeline.PipelineBenchmark.twoThreads",
            Map.of("mix", "established")));
        assertFalse(BenchmarkInfo.steadyState("no.such.Benchmark.method", Map.of()));
    }
}
