// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.nat;

import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.bench.workload.SessionHandles;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.parse.PacketParser;

/**
 * What the NAT stage benchmarks share: a burst of {@link #BURST} template packets from one VPC to another (each
 * written once into its slot, with its flow key), restored into a batch by copy and parse with the metadata a NAT
 * stage expects (source and destination VNI, the stage's request flag), the clean-up of the sessions a new-session
 * pass opened, and the setup's verdict check. Setup and pass bookkeeping only: restoring allocates nothing.
 */
final class NatBurst
{
    /** Packets per burst (and per invocation). */
    static final int BURST = 64;
    private static final int SLOT = 256;

    private final PacketParser parser = new PacketParser();
    private final UnsafeBuffer templates = new UnsafeBuffer(new byte[BURST * SLOT]);
    private final int[] lengths = new int[BURST];
    private final FlowKey[] keys = new FlowKey[BURST];
    private final int srcVni;
    private final int dstVni;
    private final int flags;
    /** A session's read in {@link #cancelSessions}. */
    private final InlineFlowView scratch = new InlineFlowView();
    /** The sessions of the table {@link #cancelSessions} cancels in (LOCK_FREE with inline state), or null. */
    private InlineSessions sessions;

    /**
     * An empty burst.
     *
     * @param srcVni the packets' source VNI.
     * @param dstVni their destination VNI (the flow-filter's result).
     * @param flags the metadata flags the stage acts on (e.g. {@code REQ_STATEFUL_NAT}).
     */
    NatBurst(final int srcVni, final int dstVni, final int flags)
    {
        this.srcVni = srcVni;
        this.dstVni = dstVni;
        this.flags = flags;
    }

    /**
     * Writes template {@code i} and records its flow key (IPv4 with ports).
     *
     * @param i the slot.
     * @param packet the packet.
     */
    void template(final int i, final PacketBuilder packet)
    {
        lengths[i] = packet.writeTo(templates, i * SLOT);
        final Packet p = new Packet(SLOT);
        p.copyFrom(templates, i * SLOT, lengths[i]);
        parser.parse(p);
        keys[i] = keyOf(p, srcVni);
    }

    /**
     * Restores every template into a batch: bytes, parse, metadata.
     *
     * @param batch a batch of at least {@link #BURST} packets.
     * @return the batch.
     */
    PacketBatch restore(final PacketBatch batch)
    {
        batch.reset();
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(templates, i * SLOT, lengths[i]);
            parser.parse(p);
            p.meta().srcVni(srcVni).dstVni(dstVni).setFlags(flags);
        }
        return batch;
    }

    /**
     * Resets the metadata of a parsed batch (its bytes are not rewritten: drop paths), as {@link #restore} sets it.
     *
     * @param batch the batch.
     * @param src the source VNI.
     * @param dst the destination VNI.
     */
    void resetMeta(final PacketBatch batch, final int src, final int dst)
    {
        for (int i = 0; i < batch.count(); i++)
        {
            batch.packet(i).meta().reset().srcVni(src).dstVni(dst).setFlags(flags);
        }
    }

    /**
     * The parser, for packets the fixture does not hold.
     *
     * @return the parser.
     */
    PacketParser parser()
    {
        return parser;
    }

    /**
     * The flow of template {@code i}'s forward direction, as created by a stage.
     *
     * @param table the flow table.
     * @param i the template.
     * @return the flow ({@link FlowInfo#INLINE_SESSION} for a session without flow objects), or null.
     */
    FlowInfo flow(final FlowTable table, final int i)
    {
        return table.lookup(keys[i]);
    }

    /**
     * The forward key of template {@code i}.
     *
     * @param i the template.
     * @return the key.
     */
    FlowKey key(final int i)
    {
        return keys[i];
    }

    /**
     * The flow key of a parsed packet (IPv4 with ports), as the flow look-up builds it.
     *
     * @param p      the packet.
     * @param srcVni its source VNI.
     * @return the key.
     */
    static FlowKey keyOf(final Packet p, final int srcVni)
    {
        return new MutableFlowKey().ipv4Ports(srcVni, p.srcIpv4(), p.dstIpv4(), p.parsed().protocol(), p.srcPort(),
            p.dstPort()).toImmutable();
    }

    /**
     * INLINE: each flow's inline read (as the burst look-up leaves it), for a stage benchmark that attaches flows
     * itself: a flow object's by {@code readInlineOf}, a session's ({@link FlowInfo#INLINE_SESSION}) by its key
     * ({@code InlineSessions.find}, which leaves the handle and a usable read).
     *
     * @param table the flow table (LOCK_FREE with inline state).
     * @param flows the flow of each packet.
     * @param keys  the key of each packet's direction (read for sessions only).
     * @return one view per flow, each a consistent read of an active flow.
     */
    static InlineFlowView[] readInline(final FlowTable table, final FlowInfo[] flows, final FlowKey[] keys)
    {
        final InlineSessions sessions = SessionHandles.sessionsOf(table);
        final InlineFlowView[] views = new InlineFlowView[flows.length];
        for (int i = 0; i < flows.length; i++)
        {
            views[i] = new InlineFlowView();
            final int r = flows[i] == FlowInfo.INLINE_SESSION ? sessions.find(keys[i], views[i]) :
                ((LockFreeFlowTable) table).readInlineOf(flows[i], views[i]); // INLINE flows carry no key
            if (r < 0 || !views[i].usable() || views[i].status != FlowInfo.ACTIVE || views[i].flow != flows[i])
            {
                throw new IllegalStateException("INLINE: no consistent active read of flow " + i);
            }
        }
        return views;
    }

    /**
     * Cancels the sessions a pass of the templates opened, so the next pass opens them again and the pools never run
     * dry: a flow pair by a look-up, {@code invalidatePair} and two removals; a session without flow objects by the
     * same steps by handle ({@code InlineSessions.find}, {@code invalidate}, {@code remove}).
     *
     * @param table the flow table.
     */
    void cancelSessions(final FlowTable table)
    {
        if (sessions == null || sessions.table() != table)
        {
            sessions = SessionHandles.sessionsOf(table); // once per table with inline state: no allocation per pass
        }
        final InlineSessions s = sessions;
        for (int i = 0; i < BURST; i++)
        {
            if (s != null && s.find(keys[i], scratch) >= 0)
            {
                s.invalidate(scratch, FlowInfo.CANCELLED);
                s.remove(scratch.handle, scratch.tag(), scratch.peerSlot, scratch.peerTag);
                continue;
            }
            final FlowInfo f = table.lookup(keys[i]);
            if (f != null)
            {
                f.invalidatePair();
                table.remove(f.key(), f);
                table.remove(f.related().key(), f.related());
            }
        }
    }

    /**
     * Fails the setup unless every packet of the batch has the expected verdict.
     *
     * @param batch the processed batch.
     * @param expected the drop reason, null for accepted.
     */
    static void check(final PacketBatch batch, final DropReason expected)
    {
        for (int i = 0; i < batch.count(); i++)
        {
            if (batch.packet(i).meta().dropReason() != expected)
            {
                throw new IllegalStateException("packet " + i + ": " + batch.packet(i).meta().dropReason() +
                    ", expected " + expected);
            }
        }
    }
}
