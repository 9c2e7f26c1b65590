// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropReason;

/**
 * The verdict mix a benchmark thread processed in an iteration, reported by JMH next to the throughput (as
 * secondary results, events per second: divide by the primary score for the share). Counting costs one load and
 * one increment per packet, the same for every variant.
 *
 * <p>Benchmarks that know each template's verdict from their setup check ({@link #count(PacketBatch, byte[], int)})
 * also count {@code mixMismatch}, the measured packets whose verdict differs from the one setup saw for the same
 * template, and may add {@code bypassMismatch}, the difference between the bypasses they expected and the ones the
 * flow-filter counted. Either non-zero fails the iteration ({@link #checkIteration}): the measured loop then processes
 * another mix than the setup check proved, so its score would be for the wrong path.
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
    public long mixMismatch;
    public long bypassMismatch;

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
        mixMismatch = 0;
        bypassMismatch = 0;
    }

    /**
     * Fails the iteration when its packets took other verdicts or paths than setup's check proved.
     *
     * @throws IllegalStateException with the counts.
     */
    @TearDown(Level.Iteration)
    public void checkIteration()
    {
        if (mixMismatch != 0 || bypassMismatch != 0)
        {
            throw new IllegalStateException("the measured loop's mix differs from setup's: " + mixMismatch +
                " packets with another verdict, bypasses off by " + bypassMismatch + " (accepted " + accepted +
                ", filtered " + dropFiltered + ", other drops " + (dropUnroutable + dropNatFailure +
                dropNatOutOfResources + dropFlowCapacity + dropOther) + ")");
        }
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
            countOne(batch.packet(i).meta().dropReason());
        }
    }

    /**
     * Counts a processed burst and the packets whose verdict is not their template's.
     *
     * @param batch    the burst.
     * @param expected per template, its verdict ({@link VerdictCheck#code}).
     * @param first    the template of the burst's first packet ({@code first + count <= expected.length}).
     */
    public void count(final PacketBatch batch, final byte[] expected, final int first)
    {
        final int n = batch.count();
        for (int i = 0; i < n; i++)
        {
            final DropReason reason = batch.packet(i).meta().dropReason();
            countOne(reason);
            mixMismatch += VerdictCheck.code(reason) != expected[first + i] ? 1 : 0;
        }
    }

    private void countOne(final DropReason reason)
    {
        if (reason == null || !reason.isDrop())
        {
            accepted++;
        }
        else
        {
            countDrop(reason);
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
