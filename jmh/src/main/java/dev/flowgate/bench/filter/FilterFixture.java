// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.PacketTemplates;
import dev.flowgate.bench.workload.SessionHandles;
import dev.flowgate.bench.workload.Topology;
import dev.flowgate.bench.workload.TrafficGenerator;
import dev.flowgate.bench.workload.VerdictCheck;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.FlowFilterContext;
import dev.flowgate.filter.FlowFilterStage;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowLockedState;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.parse.PacketParser;

/**
 * The flow-filter stage alone over a mix: the default topology, a pool of {@link #POOL} generated packets parsed
 * once into bursts, the flows of the flow classes built directly (no flow lookup in front of the stage), and the
 * setup check. The stage does not rewrite packets, so a pass only resets each packet's metadata and attaches its
 * flow (stale flows put back one genid behind): that restore is part of every measured pass and is measured alone
 * by {@code BurstRestoreBenchmark}.
 *
 * <p>INLINE: the flows are also published, pair by pair, in a LOCK_FREE table with inline state (destination VNI and
 * NAT kind written from their locked parts, status and genid from the objects, which write through on every change),
 * and each pass reads every packet's slot into its {@link InlineFlowView} ({@link LockFreeFlowTable#readInlineAt}:
 * the seqlock read of the state line the burst look-up makes, without its hashing and probing, as the object modes
 * get their flows attached without a look-up); a read that is not consistent and active leaves the view cleared, so
 * the stage takes the object path, as after the pipeline's burst look-up.
 *
 * <p>INLINE with sessions without flow objects (docs/spec/flow-table.md section 11.13, P7; what the benchmarks use
 * under INLINE since the NAT stages create sessions so, the keyed flow pairs above stay for tests): the connections are
 * created as the NAT stages create them ({@code InlineSessions}: words, links, genid; both slots map
 * {@code FlowInfo.INLINE_SESSION}), each packet carries the sentinel and its read with the session's handle (the slot
 * and the control word a look-up validated, kept per template), and the stale sessions are put back a genid behind by
 * their connection's handle ({@link SessionHandles}).
 */
final class FilterFixture
{
    /** Packets in the pool the bursts cycle through. */
    static final int POOL = 4096;
    /** The pipeline genid of every pass. */
    static final long GENID = 5;
    /** The traffic seed. */
    static final long SEED = 0x5EED_F10FL;
    /** The invalid ratio of the realistic mix. */
    static final double REALISTIC_INVALID_RATIO = 0.1;

    final Mix mix;
    final PacketTemplates templates;
    final FlowFilterContext ctx;
    final FlowInfo[] flows;
    final PacketBatch[] bursts;
    final int burst;
    /** INLINE: the table holding the flows, and each template's slot (-1: no flow); null otherwise. */
    final LockFreeFlowTable inlineTable;
    final int[] slots;
    /** Sessions without flow objects: each connection's handle; null for flow objects. */
    final SessionHandles handles;
    /** Sessions: each template's control word of its slot, as a look-up validates it (the packet's handle). */
    final long[] ctrls;

    /** A fixture whose INLINE connections are sessions without flow objects, as the NAT stages create them. */
    FilterFixture(final String mix, final FlowInfoAccess access, final LookupKind lookup, final int burst)
    {
        this(mix, access, lookup, burst, access == FlowInfoAccess.INLINE);
    }

    /**
     * A fixture.
     *
     * @param sessions INLINE only: the connections as sessions without flow objects (docs/spec/flow-table.md section
     *                 11.13, P7); false: keyed flow pairs, whose slots carry their VNI and NAT kind.
     */
    FilterFixture(final String mix, final FlowInfoAccess access, final LookupKind lookup, final int burst,
        final boolean sessions)
    {
        if (sessions && access != FlowInfoAccess.INLINE)
        {
            throw new IllegalArgumentException("sessions without flow objects exist under INLINE only, not " + access);
        }
        this.burst = burst;
        final Topology topology = Topology.defaultTopology();
        this.mix = Mix.fromLabel(mix);
        templates = new TrafficGenerator(topology, SEED).generate(this.mix, POOL, REALISTIC_INVALID_RATIO);
        ctx = FlowFilterContext.build(topology.overlay(), lookup);
        if (sessions)
        {
            inlineTable = (LockFreeFlowTable) FlowTable.create(FlowTableKind.LOCK_FREE,
                Math.max(1, 2 * templates.connectionCount()), FlowInfoAccess.INLINE);
            handles = new SessionHandles(inlineTable, templates.connectionCount());
            flows = templates.buildSessions(handles, GENID);
            slots = new int[POOL];
            ctrls = new long[POOL];
            findSessions();
        }
        else
        {
            flows = templates.buildFlows(access, GENID);
            inlineTable = access == FlowInfoAccess.INLINE ? publishInline(flows) : null;
            slots = inlineTable == null ? null : slotsOf(inlineTable, flows);
            handles = null;
            ctrls = null;
        }
        bursts = new PacketBatch[POOL / burst];
        final PacketParser parser = new PacketParser();
        for (int b = 0; b < bursts.length; b++)
        {
            bursts[b] = new PacketBatch(burst, 128);
            templates.restore(bursts[b], b * burst, burst);
            for (int i = 0; i < burst; i++)
            {
                if (parser.parse(bursts[b].packet(i)) != 0)
                {
                    throw new IllegalStateException("template " + (b * burst + i) + " does not parse");
                }
            }
        }
    }

    /** INLINE: a table of just the flow pairs, each direction's inline state written from its flow. */
    private static LockFreeFlowTable publishInline(final FlowInfo[] flows)
    {
        // In template order (so every fork inserts alike), each pair once.
        final Set<FlowInfo> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<FlowInfo> pairs = new ArrayList<>();
        for (final FlowInfo flow : flows)
        {
            if (flow != null && !seen.contains(flow.related()) && seen.add(flow))
            {
                pairs.add(flow);
            }
        }
        final LockFreeFlowTable table = (LockFreeFlowTable) FlowTable.create(FlowTableKind.LOCK_FREE,
            Math.max(1, 2 * pairs.size()), FlowInfoAccess.INLINE);
        for (final FlowInfo flow : pairs)
        {
            if (table.insertPair(flow, null) != FlowTable.INSERTED ||
                !table.publishInlinePair(flow, inlineState(flow), inlineState(flow.related()), 0L))
            {
                throw new IllegalStateException("INLINE: flow pair " + flow.key() + " not published");
            }
        }
        return table;
    }

    /** What a NAT stage would write inline for a flow: its VNI and NAT kind (the rewrite stays in the object). */
    private static InlineFlowView inlineState(final FlowInfo flow)
    {
        final FlowLockedState locked = flow.lockedState();
        final int kind = locked.natState() != null ? InlineFlowView.NAT_MASQUERADE :
            locked.portFwState() != null ? InlineFlowView.NAT_PORT_FORWARDING : 0;
        return new InlineFlowView().state(locked.dstVni(), kind | InlineFlowView.NAT_OBJECT, 0L, 0L, 0);
    }

    private static int[] slotsOf(final LockFreeFlowTable table, final FlowInfo[] flows)
    {
        final int[] slots = new int[flows.length];
        for (int t = 0; t < flows.length; t++)
        {
            slots[t] = flows[t] == null ? -1 : table.slotOf(flows[t]);
            if (flows[t] != null && slots[t] < 0)
            {
                throw new IllegalStateException("INLINE: the flow of template " + t + " is not in the table");
            }
        }
        return slots;
    }

    /** Sessions: each template's slot and control word, from a look-up of its direction's key. */
    private void findSessions()
    {
        final InlineFlowView read = new InlineFlowView();
        for (int t = 0; t < POOL; t++)
        {
            slots[t] = -1;
            final int c = templates.connection(t);
            if (c >= 0)
            {
                final FlowKey key = templates.isReply(t) ? templates.reverseKey(c) : templates.forwardKey(c);
                if (handles.sessions().find(key, read) < 0 || read.status != FlowInfo.ACTIVE)
                {
                    throw new IllegalStateException("INLINE: no session for template " + t);
                }
                slots[t] = read.handle;
                ctrls[t] = read.ctrl;
            }
        }
    }

    /**
     * Resets and processes burst {@code b}.
     *
     * @param views INLINE: the worker's views, one per burst position; null otherwise.
     * @return the burst.
     */
    PacketBatch pass(final FlowFilterStage stage, final FlowInfo[] attached, final InlineFlowView[] views,
        final int b)
    {
        final PacketBatch batch = bursts[b];
        final int first = b * burst;
        templates.restoreMeta(batch, first, burst);
        templates.attachFlows(flows, attached, first, burst, GENID, handles);
        if (views != null)
        {
            readInline(views, first);
        }
        stage.process(batch, attached, views, ctx, GENID, 0L);
        return batch;
    }

    /**
     * INLINE: each packet's slot read into its view (after the stale flows were put back a genid behind). A session's
     * view also holds its handle, usable read or not, as the burst look-up leaves it.
     */
    private void readInline(final InlineFlowView[] views, final int first)
    {
        final LockFreeFlowTable table = inlineTable;
        final long[] words = ctrls;
        for (int i = 0; i < burst; i++)
        {
            final InlineFlowView view = views[i];
            final int slot = slots[first + i];
            final boolean read = slot >= 0 && table.readInlineAt(slot, view) >= 0 && view.status == FlowInfo.ACTIVE;
            if (!read)
            {
                view.clear();
            }
            if (words != null && slot >= 0)
            {
                view.handle = slot;
                view.ctrl = read ? view.ctrl : words[first + i];
                view.table = table;
            }
        }
    }

    /**
     * The views a worker passes: one per burst position under INLINE, else null.
     *
     * @return the views, or null.
     */
    InlineFlowView[] newViews()
    {
        if (inlineTable == null)
        {
            return null;
        }
        final InlineFlowView[] views = new InlineFlowView[burst];
        for (int i = 0; i < burst; i++)
        {
            views[i] = new InlineFlowView();
        }
        return views;
    }

    /**
     * Runs the whole pool through a fresh stage and fails loudly unless every packet got the verdict its class
     * allows and took the path it names (bypass for established, with its flow's destination VNI; under INLINE
     * decided from the inline read; the early check for invalid-nat under EARLY).
     */
    void check(final NatValidation natValidation, final FlowInfoAccess access, final String what)
    {
        final FlowFilterStage stage = new FlowFilterStage(natValidation, access);
        final VerdictCheck check = VerdictCheck.flowFilter(natValidation)
            .expect(mix.classes(REALISTIC_INVALID_RATIO));
        final FlowInfo[] attached = new FlowInfo[burst];
        final InlineFlowView[] views = newViews();
        final VerdictCounters counters = new VerdictCounters();
        long wrongVni = 0;
        for (int b = 0; b < bursts.length; b++)
        {
            check.count(templates, b * burst, pass(stage, attached, views, b));
            counters.count(bursts[b]);
            wrongVni += wrongVnis(b);
        }
        check.verify(what);
        final long established = count(PacketClass.ESTABLISHED);
        final long inline = inlineTable != null ? established : 0;
        final boolean early = natValidation == NatValidation.EARLY;
        final long r1 = early ? count(PacketClass.INVALID_R1) : 0;
        final long r2 = early ? count(PacketClass.INVALID_R2) : 0;
        if (stage.bypassed() != established || stage.bypassedInline() != inline || wrongVni != 0 ||
            stage.natRequirementDrops(true) != r1 || stage.natRequirementDrops(false) != r2 ||
            counters.accepted + stage.dropped() != POOL)
        {
            throw new IllegalStateException(what + ": paths differ from the mix: bypassed " + stage.bypassed() +
                " (expected " + established + "), of them from the inline read " + stage.bypassedInline() +
                " (expected " + inline + "), with another VNI than their flow's " + wrongVni + ", R1 drops " +
                stage.natRequirementDrops(true) + " (expected " + r1 + "), R2 drops " +
                stage.natRequirementDrops(false) + " (expected " + r2 + ")\n" + check.table());
        }
    }

    /** Established packets of burst {@code b} accepted with a destination VNI other than their flow's. */
    private int wrongVnis(final int b)
    {
        int wrong = 0;
        for (int i = 0; i < burst; i++)
        {
            final Packet packet = bursts[b].packet(i);
            if (templates.packetClass(b * burst + i) == PacketClass.ESTABLISHED && !packet.meta().isDone() &&
                packet.meta().dstVni() != templates.flowDstVni(b * burst + i))
            {
                wrong++;
            }
        }
        return wrong;
    }

    private long count(final PacketClass c)
    {
        return templates.classCounts().getOrDefault(c, 0);
    }
}
