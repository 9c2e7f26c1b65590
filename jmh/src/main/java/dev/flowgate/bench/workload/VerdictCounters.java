// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropReason;

/**
 * The verdict mix a benchmark thread processed in an iteration, reported by JMH next to the throughput (as
 * secondary results, events per second: divide by the primary score for the share). Counting costs one load and
 * one increment per packet, the same for every variant.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class VerdictCounters
{
    public long accepted;
    public long dropFiltered;
    public long dropUnroutable;
    public long dropNatFailure;
    public long dropNatOutOfResources;
    public long dropFlowCapacity;
    public long dropOther;

    @Setup(Level.Iteration)
    public void clear()
    {
        accepted = 0;
        dropFiltered = 0;
        dropUnroutable = 0;
        dropNatFailure = 0;
        dropNatOutOfResources = 0;
        dropFlowCapacity = 0;
        dropOther = 0;
    }

    /**
     * Counts a processed burst.
     *
     * @param batch the burst.
     */
    public void count(final PacketBatch batch)
    {
        final int n = batch.count();
        for (int i = 0; i < n; i++)
        {
            final DropReason reason = batch.packet(i).meta().dropReason();
            if (reason == null || !reason.isDrop())
            {
                accepted++;
            }
            else
            {
                countDrop(reason);
            }
        }
    }

    private void countDrop(final DropReason reason)
    {
        switch (reason)
        {
            case FILTERED:
                dropFiltered++;
                break;
            case UNROUTABLE:
                dropUnroutable++;
                break;
            case NAT_FAILURE:
                dropNatFailure++;
                break;
            case NAT_OUT_OF_RESOURCES:
                dropNatOutOfResources++;
                break;
            case FLOW_CAPACITY_EXCEEDED:
                dropFlowCapacity++;
                break;
            default:
                dropOther++;
                break;
        }
    }
}
