// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import dev.flowgate.bench.workload.VerdictCounters;

/**
 * What one thread of a whole-pipeline benchmark holds: its {@link PipelineWorker} over the benchmark's fixture. JMH
 * injects concrete {@code @State} classes only, so each benchmark keeps a nested {@code Worker} state that extends
 * this and only names its own benchmark class in its trial set-up.
 */
public abstract class PipelineThread
{
    PipelineWorker worker;

    /**
     * Takes this thread's worker of the fixture, settles it (session-creating mixes only, see
     * {@link PipelineWorker#settle()}) and reports the working set (first worker only).
     */
    final void start(final PipelineTrial trial, final WorkingSet workingSet)
    {
        worker = new PipelineWorker(trial.fixture).settle();
        workingSet.of(worker, trial.fixture);
    }

    /** One invocation: {@link PipelineBenchmark#PACKETS} packets. */
    final int run(final VerdictCounters counters)
    {
        return worker.run(PipelineBenchmark.PACKETS, counters);
    }
}
