// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.flowgate.filter.NatValidation;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropReason;

/**
 * The check every mix benchmark runs in setup: a sample of its traffic goes through the stage or pipeline under
 * test, and each packet's verdict (accepted, or the drop reason) must be one its {@link PacketClass} allows. A
 * benchmark whose packets take another path fails its setup with an {@link IllegalStateException} that prints the
 * class-by-verdict table, instead of reporting a fast number for the wrong path.
 */
public final class VerdictCheck
{
    private final Map<PacketClass, Set<DropReason>> drops = new EnumMap<>(PacketClass.class);
    private final Set<PacketClass> accepted = EnumSet.noneOf(PacketClass.class);
    private final long[][] tally = new long[PacketClass.values().length][DropReason.values().length + 1];

    private VerdictCheck()
    {
    }

    /**
     * The flow-filter stage alone: every class accepted, except invalid-nat under EARLY (dropped {@code filtered}).
     *
     * @param natValidation EARLY or LATE.
     * @return the check.
     */
    public static VerdictCheck flowFilter(final NatValidation natValidation)
    {
        final boolean early = natValidation == NatValidation.EARLY;
        final VerdictCheck check = new VerdictCheck()
            .accept(PacketClass.ESTABLISHED, PacketClass.NEW_VALID, PacketClass.MULTI_MATCH, PacketClass.STALE);
        if (early)
        {
            check.drop(PacketClass.INVALID_R1, DropReason.FILTERED).drop(PacketClass.INVALID_R2, DropReason.FILTERED);
        }
        else
        {
            check.accept(PacketClass.INVALID_R1, PacketClass.INVALID_R2);
        }
        return check;
    }

    /**
     * The whole pipeline: as {@link #flowFilter} under EARLY; under LATE the invalid-nat packets pass the
     * flow-filter and a NAT stage must drop them (a NAT reason, or {@code filtered} for a denied allocation). While
     * the pipeline has no NAT stage yet ({@code hasNatStages} false) LATE lets them through, accepted.
     *
     * @param natValidation EARLY or LATE.
     * @param hasNatStages  whether the pipeline runs NAT stages after the flow-filter.
     * @return the check.
     */
    public static VerdictCheck pipeline(final NatValidation natValidation, final boolean hasNatStages)
    {
        if (natValidation == NatValidation.EARLY || !hasNatStages)
        {
            return flowFilter(natValidation);
        }
        final DropReason[] nat = {DropReason.NAT_FAILURE, DropReason.NAT_OUT_OF_RESOURCES,
            DropReason.NAT_NOT_PORT_FORWARDED, DropReason.FILTERED};
        return new VerdictCheck()
            .accept(PacketClass.ESTABLISHED, PacketClass.NEW_VALID, PacketClass.MULTI_MATCH, PacketClass.STALE)
            .drop(PacketClass.INVALID_R1, nat).drop(PacketClass.INVALID_R2, nat);
    }

    /**
     * An empty check: nothing allowed yet.
     *
     * @return the check.
     */
    public static VerdictCheck allowing()
    {
        return new VerdictCheck();
    }

    /**
     * Allows acceptance for classes.
     *
     * @param classes the classes.
     * @return this.
     */
    public VerdictCheck accept(final PacketClass... classes)
    {
        for (final PacketClass c : classes)
        {
            accepted.add(c);
        }
        return this;
    }

    /**
     * Allows drops for one class with any of the reasons.
     *
     * @param packetClass the class.
     * @param reasons     the reasons.
     * @return this.
     */
    public VerdictCheck drop(final PacketClass packetClass, final DropReason... reasons)
    {
        final Set<DropReason> set = drops.computeIfAbsent(packetClass, k -> EnumSet.noneOf(DropReason.class));
        for (final DropReason r : reasons)
        {
            set.add(r);
        }
        return this;
    }

    /**
     * Counts the verdicts of a processed burst.
     *
     * @param templates the templates the burst was restored from.
     * @param first     the first template.
     * @param batch     the processed burst.
     * @return this.
     */
    public VerdictCheck count(final PacketTemplates templates, final int first, final PacketBatch batch)
    {
        for (int i = 0; i < batch.count(); i++)
        {
            final PacketClass c = templates.packetClass((first + i) % templates.size());
            final DropReason reason = batch.packet(i).meta().dropReason();
            tally[c.ordinal()][reason == null || !reason.isDrop() ? 0 : 1 + reason.id()]++;
        }
        return this;
    }

    /**
     * Packets of a class counted with a verdict.
     *
     * @param packetClass the class.
     * @param reason      the drop reason, null for accepted.
     * @return the count.
     */
    public long count(final PacketClass packetClass, final DropReason reason)
    {
        return tally[packetClass.ordinal()][reason == null ? 0 : 1 + reason.id()];
    }

    /**
     * Fails loudly unless every counted packet has a verdict its class allows and something was counted.
     *
     * @param what the benchmark and parameters, for the message.
     * @return this.
     * @throws IllegalStateException with the class-by-verdict table.
     */
    public VerdictCheck verify(final String what)
    {
        long total = 0;
        boolean ok = true;
        for (final PacketClass c : PacketClass.values())
        {
            final long[] row = tally[c.ordinal()];
            for (int v = 0; v < row.length; v++)
            {
                total += row[v];
                if (row[v] > 0 && !allowed(c, v))
                {
                    ok = false;
                }
            }
        }
        if (!ok || total == 0)
        {
            throw new IllegalStateException(what + ": the verdict mix is not the one the benchmark names\n" + table());
        }
        return this;
    }

    private boolean allowed(final PacketClass c, final int verdict)
    {
        if (verdict == 0)
        {
            return accepted.contains(c);
        }
        return drops.getOrDefault(c, Set.of()).contains(DropReason.fromId(verdict - 1));
    }

    /**
     * The class-by-verdict table, with the allowed verdicts.
     *
     * @return the table text.
     */
    public String table()
    {
        final StringBuilder sb = new StringBuilder();
        for (final PacketClass c : PacketClass.values())
        {
            final long[] row = tally[c.ordinal()];
            final StringBuilder cells = new StringBuilder();
            for (int v = 0; v < row.length; v++)
            {
                if (row[v] > 0)
                {
                    cells.append(' ').append(v == 0 ? "accepted" : DropReason.fromId(v - 1).label()).append('=')
                        .append(row[v]).append(allowed(c, v) ? "" : " (WRONG)");
                }
            }
            if (cells.length() > 0)
            {
                sb.append("  ").append(c).append(':').append(cells).append("   allowed: ")
                    .append(accepted.contains(c) ? "accepted " : "").append(drops.getOrDefault(c, Set.of()))
                    .append('\n');
            }
        }
        return sb.toString();
    }
}
