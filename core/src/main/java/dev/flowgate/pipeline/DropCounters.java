// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.packet.meta.DropReason;

/**
 * Drop counts per stage and reason: one plain {@code long} per (stage, reason) in a flat array, written by one worker
 * only (each worker's {@link Pipeline} has its own), read by anyone after the bursts (values may lag while bursts
 * run). Allocation-free to increment.
 */
public final class DropCounters
{
    private static final int REASONS = DropReason.values().length;

    private final long[] counts = new long[PipelineStage.count() * REASONS];

    /**
     * Counts one drop.
     *
     * @param stage  the stage that recorded it.
     * @param reason the drop reason.
     */
    public void increment(final PipelineStage stage, final DropReason reason)
    {
        counts[stage.ordinal() * REASONS + reason.id()]++;
    }

    /**
     * @param stage  the stage.
     * @param reason the reason.
     * @return the count.
     */
    public long count(final PipelineStage stage, final DropReason reason)
    {
        return counts[stage.ordinal() * REASONS + reason.id()];
    }

    /**
     * @param stageLabel a stage's {@link PipelineStage#label()}.
     * @param reason     the reason.
     * @return the count, 0 for an unknown stage.
     */
    public long count(final String stageLabel, final DropReason reason)
    {
        for (int s = 0; s < PipelineStage.count(); s++)
        {
            if (PipelineStage.of(s).label().equals(stageLabel))
            {
                return counts[s * REASONS + reason.id()];
            }
        }
        return 0;
    }

    /**
     * The drops of each stage, all reasons together.
     *
     * @return a new array indexed by {@link PipelineStage#ordinal()}.
     */
    public long[] stageTotals()
    {
        final long[] totals = new long[PipelineStage.count()];
        for (int i = 0; i < counts.length; i++)
        {
            totals[i / REASONS] += counts[i];
        }
        return totals;
    }

    /**
     * @return all drops of all stages.
     */
    public long total()
    {
        long sum = 0;
        for (final long c : counts)
        {
            sum += c;
        }
        return sum;
    }

    /**
     * A readable dump: one line {@code stage reason count} per non-zero counter, in stage order.
     *
     * @return the text (empty when nothing was dropped).
     */
    public String dump()
    {
        final StringBuilder sb = new StringBuilder();
        for (final PipelineStage stage : PipelineStage.values())
        {
            for (final DropReason reason : DropReason.values())
            {
                final long c = count(stage, reason);
                if (c != 0)
                {
                    sb.append(String.format("%-14s %-24s %d%n", stage.label(), reason.label(), c));
                }
            }
        }
        return sb.toString();
    }
}
