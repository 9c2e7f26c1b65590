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
    // Counters are methods: JMH zeroes an @AuxCounters state's public fields before every iteration.
    private double entries;
    private double touched;
    private double perFlow;
    private double touchedMiB;
    private double poolMiB;

    public double flowEntries()
    {
        return entries;
    }

    public double touchedFlows()
    {
        return touched;
    }

    public double bytesPerFlow()
    {
        return perFlow;
    }

    public double workingSetMiB()
    {
        return touchedMiB;
    }

    public double packetPoolMiB()
    {
        return poolMiB;
    }

    /**
     * Takes a worker's fixture's numbers (the first worker's only).
     *
     * @param worker  the worker.
     * @param fixture its fixture.
     */
    void of(final PipelineWorker worker, final PipelineFixture fixture)
    {
        if (worker.isFirst())
        {
            entries = fixture.flowTable.size();
            touched = fixture.touchedFlows;
            perFlow = fixture.bytesPerFlow;
            touchedMiB = fixture.workingSetMiB();
            poolMiB = fixture.packetPoolMiB();
        }
    }
}
