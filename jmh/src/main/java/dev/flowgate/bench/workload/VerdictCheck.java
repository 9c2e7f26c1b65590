// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    private static final String ACCEPTED = "accepted";

    /** Per class, the allowed verdicts: "accepted", a reason label, or "stage: reason label". */
    private final Map<PacketClass, Set<String>> allowed = new EnumMap<>(PacketClass.class);
    /** The classes that must have been counted at least once. */
    private final Set<PacketClass> expected = EnumSet.noneOf(PacketClass.class);
    /** Per class, the counted verdicts in the same keys. */
    private final Map<PacketClass, Map<String, Long>> tally = new EnumMap<>(PacketClass.class);

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
     * The whole pipeline, stage by stage (counted with {@link #count(PacketClass, String, DropReason)}): valid
     * classes accepted; under EARLY R1 and R2 drop {@code filtered} in the flow-filter; under LATE R1 (towards a
     * masquerade pool, no flow) drops {@code filtered} in the masquerade stage (no source pool: session creation
     * denied), and R2 (from a port-forwarded endpoint, no flow) drops in the port-forward stage when the pipeline has
     * one ({@code filtered} or {@code nat-not-port-forwarded}), and is accepted while it has none.
     *
     * @param natValidation      EARLY or LATE.
     * @param portForwardStage   the port-forward stage's name in the pipeline, or null when it is not wired.
     * @param flowFilterStage    the flow-filter stage's name.
     * @param masqueradeStage    the masquerade stage's name.
     * @return the check.
     */
    public static VerdictCheck pipeline(final NatValidation natValidation, final String flowFilterStage,
        final String masqueradeStage, final String portForwardStage)
    {
        final VerdictCheck check = new VerdictCheck()
            .accept(PacketClass.ESTABLISHED, PacketClass.NEW_VALID, PacketClass.MULTI_MATCH, PacketClass.STALE);
        if (natValidation == NatValidation.EARLY)
        {
            return check.drop(PacketClass.INVALID_R1, flowFilterStage, DropReason.FILTERED)
                .drop(PacketClass.INVALID_R2, flowFilterStage, DropReason.FILTERED);
        }
        check.drop(PacketClass.INVALID_R1, masqueradeStage, DropReason.FILTERED);
        if (portForwardStage == null)
        {
            return check.accept(PacketClass.INVALID_R2);
        }
        return check.drop(PacketClass.INVALID_R2, portForwardStage, DropReason.FILTERED,
            DropReason.NAT_NOT_PORT_FORWARDED);
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
            allowedOf(c).add(ACCEPTED);
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
        return drop(packetClass, null, reasons);
    }

    /**
     * Allows drops for one class with any of the reasons, recorded by one stage.
     *
     * @param packetClass the class.
     * @param stage       the stage's name (null: counted without a stage).
     * @param reasons     the reasons.
     * @return this.
     */
    public VerdictCheck drop(final PacketClass packetClass, final String stage, final DropReason... reasons)
    {
        for (final DropReason r : reasons)
        {
            allowedOf(packetClass).add(key(stage, r));
        }
        return this;
    }

    /**
     * Requires packets of classes: {@link #verify} fails when one of them was never counted (a pool that lacks a class
     * of its mix measures another mix).
     *
     * @param classes the classes, e.g. {@link Mix#classes(double)}.
     * @return this.
     */
    public VerdictCheck expect(final Collection<PacketClass> classes)
    {
        expected.addAll(classes);
        return this;
    }

    private Set<String> allowedOf(final PacketClass packetClass)
    {
        return allowed.computeIfAbsent(packetClass, k -> new TreeSet<>());
    }

    /**
     * A verdict as {@link VerdictCounters#count(PacketBatch, byte[], int)} expects it (public methods of an
     * {@code @AuxCounters} state would be counters, so it lives here).
     *
     * @param reason the drop reason, null when accepted.
     * @return 0 for accepted, else the reason's ordinal + 1.
     */
    public static byte code(final DropReason reason)
    {
        return (byte) (reason == null || !reason.isDrop() ? 0 : reason.ordinal() + 1);
    }

    private static String key(final String stage, final DropReason reason)
    {
        if (reason == null || !reason.isDrop())
        {
            return ACCEPTED;
        }
        return stage == null ? reason.label() : stage + ": " + reason.label();
    }

    /**
     * Counts one packet's verdict.
     *
     * @param packetClass the packet's class.
     * @param stage       the stage that dropped it (null: not known, or accepted).
     * @param reason      its drop reason, null when accepted.
     * @return this.
     */
    public VerdictCheck count(final PacketClass packetClass, final String stage, final DropReason reason)
    {
        tally.computeIfAbsent(packetClass, k -> new TreeMap<>()).merge(key(stage, reason), 1L, Long::sum);
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
            count(c, null, batch.packet(i).meta().dropReason());
        }
        return this;
    }

    /**
     * Packets of a class counted with a verdict (without a stage).
     *
     * @param packetClass the class.
     * @param reason      the drop reason, null for accepted.
     * @return the count.
     */
    public long count(final PacketClass packetClass, final DropReason reason)
    {
        return countOf(packetClass, null, reason);
    }

    /**
     * Packets of a class counted with a verdict recorded by a stage.
     *
     * @param packetClass the class.
     * @param stage       the stage.
     * @param reason      the drop reason, null for accepted.
     * @return the count.
     */
    public long countOf(final PacketClass packetClass, final String stage, final DropReason reason)
    {
        return tally.getOrDefault(packetClass, Map.of()).getOrDefault(key(stage, reason), 0L);
    }

    /**
     * Fails loudly unless every counted packet has a verdict its class allows, something was counted, and every
     * expected class ({@link #expect}) was counted.
     *
     * @param what the benchmark and parameters, for the message.
     * @return this.
     * @throws IllegalStateException with the class-by-verdict table.
     */
    public VerdictCheck verify(final String what)
    {
        long total = 0;
        boolean ok = true;
        for (final Map.Entry<PacketClass, Map<String, Long>> row : tally.entrySet())
        {
            for (final Map.Entry<String, Long> cell : row.getValue().entrySet())
            {
                total += cell.getValue();
                ok &= allowed.getOrDefault(row.getKey(), Set.of()).contains(cell.getKey());
            }
        }
        final Set<PacketClass> missing = EnumSet.noneOf(PacketClass.class);
        for (final PacketClass c : expected)
        {
            if (!tally.containsKey(c))
            {
                missing.add(c);
            }
        }
        if (!ok || total == 0 || !missing.isEmpty())
        {
            throw new IllegalStateException(what + ": the verdict mix is not the one the benchmark names" +
                (missing.isEmpty() ? "" : " (no packet of " + missing + ")") + "\n" + table());
        }
        return this;
    }

    /**
     * The counted verdicts: per class, per verdict key ("accepted", a reason, or "stage: reason"), the packets.
     *
     * @return a copy.
     */
    public Map<PacketClass, Map<String, Long>> tally()
    {
        final Map<PacketClass, Map<String, Long>> copy = new EnumMap<>(PacketClass.class);
        tally.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    /**
     * The class-by-verdict table, with the allowed verdicts.
     *
     * @return the table text.
     */
    public String table()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<PacketClass, Map<String, Long>> row : tally.entrySet())
        {
            final Set<String> ok = allowed.getOrDefault(row.getKey(), Set.of());
            sb.append("  ").append(row.getKey()).append(':');
            for (final Map.Entry<String, Long> cell : row.getValue().entrySet())
            {
                sb.append(' ').append(cell.getKey()).append('=').append(cell.getValue())
                    .append(ok.contains(cell.getKey()) ? "" : " (WRONG)");
            }
            sb.append("   allowed: ").append(ok).append('\n');
        }
        return sb.toString();
    }
}
