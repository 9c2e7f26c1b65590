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

    private final String[] stages;
    private final long[] counts;

    /**
     * @param stages the stage names, indexed by stage number.
     */
    public DropCounters(final String... stages)
    {
        this.stages = stages.clone();
        this.counts = new long[stages.length * REASONS];
    }

    /**
     * Counts one drop.
     *
     * @param stage  the stage number.
     * @param reason the drop reason.
     */
    public void increment(final int stage, final DropReason reason)
    {
        counts[stage * REASONS + reason.id()]++;
    }

    /**
     * @param stage  the stage number.
     * @param reason the reason.
     * @return the count.
     */
    public long count(final int stage, final DropReason reason)
    {
        return counts[stage * REASONS + reason.id()];
    }

    /**
     * @param stageName a stage's name.
     * @param reason    the reason.
     * @return the count, 0 for an unknown stage.
     */
    public long count(final String stageName, final DropReason reason)
    {
        for (int s = 0; s < stages.length; s++)
        {
            if (stages[s].equals(stageName))
            {
                return count(s, reason);
            }
        }
        return 0;
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
        for (int s = 0; s < stages.length; s++)
        {
            for (final DropReason reason : DropReason.values())
            {
                final long c = counts[s * REASONS + reason.id()];
                if (c != 0)
                {
                    sb.append(String.format("%-14s %-24s %d%n", stages[s], reason.label(), c));
                }
            }
        }
        return sb.toString();
    }
}
