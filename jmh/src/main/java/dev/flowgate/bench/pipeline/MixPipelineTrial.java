// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import org.openjdk.jmh.annotations.Param;

import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * The trial state of the two benchmarks that run a traffic mix under both NAT validations ({@link PipelineBenchmark},
 * {@link InvalidRatioPipelineBenchmark}): the axes they share with the same values, declared once, and their fixture's
 * set-up from those and the axes each varies its own way.
 */
public abstract class MixPipelineTrial extends PipelineTrial
{
    @Param({"EARLY", "LATE"})
    public NatValidation natValidation;

    @Param({"COMPILED"})
    public LookupKind lookup;

    /** Builds the fixture (each subclass's trial set-up, from its own axes), checking the mix's verdicts. */
    final void build(
        final String mix, final double invalidRatio, final FlowInfoAccess flowAccess, final FlowTableKind flowTable,
        final int flows, final String benchmark)
    {
        fixture = PipelineWorker.fixture(mix, invalidRatio, natValidation, flowAccess, flowTable, lookup, flows, burst,
            benchmark);
    }
}
