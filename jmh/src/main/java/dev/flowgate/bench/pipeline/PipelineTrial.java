// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The trial state the whole-pipeline benchmarks share: the axis they all have ({@code burst}) and their fixture, built
 * by each benchmark's own set-up from its parameters, and closed here. The three classes extend it (JMH sample 24;
 * JMH reads {@code @Param} fields of superclasses too, under the same names); their workers extend
 * {@link PipelineThread}.
 */
@State(Scope.Benchmark)
public abstract class PipelineTrial
{
    /** Packets per burst. */
    @Param({"32"})
    public int burst;

    PipelineFixture fixture;

    @TearDown(Level.Trial)
    public void tearDown()
    {
        fixture.flowTable.close();
    }
}
