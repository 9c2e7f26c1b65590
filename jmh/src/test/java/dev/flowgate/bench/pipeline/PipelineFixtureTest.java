// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

class PipelineFixtureTest
{
    @ParameterizedTest
    @EnumSource(Mix.class)
    void shouldPassTheSetupCheckAndPopulateTheFlowTable(final Mix mix)
    {
        for (final NatValidation validation : NatValidation.values())
        {
            final PipelineFixture fixture = PipelineWorker.fixture(mix.label(), 0.1, validation,
                FlowInfoAccess.SINGLE_LOCK, FlowTableKind.LOCK_FREE, LookupKind.COMPILED, 10_000, 32, "test");
            assertTrue(fixture.flowTable.size() >= 10_000 - 1, "size " + fixture.flowTable.size());
            final PipelineWorker worker = new PipelineWorker(fixture);
            final VerdictCounters counters = new VerdictCounters();
            worker.run(PipelineBenchmark.PACKETS * 100, counters);
            assertEquals(6400, counters.accepted + counters.dropFiltered);
            fixture.flowTable.close();
        }
    }
}
