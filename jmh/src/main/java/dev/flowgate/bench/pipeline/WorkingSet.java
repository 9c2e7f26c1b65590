// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A pipeline fixture's working set as JMH secondary results, the same value in every iteration: {@code flowEntries}
 * (the table's entries after setup), {@code touchedFlows} (entries of the pool's connections, each touched once per
 * pool cycle), {@code bytesPerFlow} (heap retained per entry: table slots at their load factor, flows, keys, NAT
 * sessions), {@code workingSetMiB} (touched entries times bytes per flow) and {@code packetPoolMiB} (the template
 * pool the bursts are restored from). Only the first worker reports them, so JMH's sum over threads is the value;
 * JMH also sums EVENTS over iterations and forks, so a report reads one iteration's value (any element of the
 * metric's rawData), not the score.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class WorkingSet
{
    public double flowEntries;
    public double touchedFlows;
    public double bytesPerFlow;
    public double workingSetMiB;
    public double packetPoolMiB;

    /**
     * Takes a worker's fixture's numbers (the first worker's only).
     *
     * @param worker the worker.
     * @param fixture its fixture.
     */
    void of(final PipelineWorker worker, final PipelineFixture fixture)
    {
        if (worker.isFirst())
        {
            flowEntries = fixture.flowTable.size();
            touchedFlows = fixture.touchedFlows;
            bytesPerFlow = fixture.bytesPerFlow;
            workingSetMiB = fixture.workingSetMiB();
            packetPoolMiB = fixture.packetPoolMiB();
        }
    }
}
