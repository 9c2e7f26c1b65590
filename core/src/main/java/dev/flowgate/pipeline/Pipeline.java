// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.filter.FlowFilterStage;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTimerWheel;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.SyncCounter;
import dev.flowgate.nat.IcmpErrorStage;
import dev.flowgate.nat.MasqueradeStage;
import dev.flowgate.nat.PortForwardStage;
import dev.flowgate.nat.StaticNatStage;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropListener;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * One worker's pipeline (docs/spec/flows.md section 5.4): parse (standing in for decapsulation), flow lookup,
 * flow-filter, ICMP-error handler, port forwarding, static NAT, masquerade and expirations. {@link #process} runs the
 * stages burst-phased: each stage over the whole burst, in order, a NAT stage only when some packet of the burst can
 * be its (docs/spec/flows.md section 5.1). Each worker has an id below the publisher's {@link
 * ConfigPublisher#workers()}: its masquerade sessions come from its own port blocks (docs/spec/nat.md section 2.2), and
 * its expiry wheel holds the flows it created.
 *
 * <p>Per burst: one configuration and its genid, read once from the {@link ConfigPublisher}; a packet that is done is
 * skipped by every later stage (the first drop reason wins, docs/spec/flows.md section 5.5); each drop is counted once,
 * against the stage that recorded it ({@link #dropCounters()}). Flows of an older genid are revalidated by the
 * flow-filter's stale path (full lookup, then genid re-stamped or the pair invalidated). Expirations do bounded work
 * per burst (at most one burst's worth of flows visited). Not thread-safe: one instance per worker; the flow table and
 * the publisher are shared.
 *
 * <p>Under {@link FlowInfoAccess#INLINE} the flow lookup also reads each packet's inline flow state into its
 * {@link InlineFlowView} (one per burst position, reused), and the flow-filter and the NAT stages decide from it.
 */
public final class Pipeline
{
    private static final long TICK_NANOS = 1_000_000L;
    private static final int WHEEL_TICKS = 1 << 12;

    private final PipelineOptions options;
    private final ConfigPublisher publisher;
    private final FlowTable flowTable;
    private final FlowTimerWheel wheel;
    private final ParseStage parse = new ParseStage();
    private final FlowLookupStage flowLookup;
    private final FlowFilterStage flowFilter;
    private final IcmpErrorStage icmpError;
    private final PortForwardStage portForward;
    private final StaticNatStage staticNat = new StaticNatStage();
    private final MasqueradeStage masquerade;
    private final FlowInfo[] flowInfo;
    /** INLINE: each packet's inline read; null in the other modes. */
    private final InlineFlowView[] views;
    private final boolean[] doneBefore;
    private final byte[] dropStage;
    private final DropCounters drops = new DropCounters();
    private final int worker;
    private PipelineConfig lastConfig;
    private long reaped;

    /**
     * Worker 0's pipeline over a shared flow table.
     *
     * @param options   the axes and sizes.
     * @param publisher where configurations come from.
     * @param flowTable the flow table shared by the workers.
     * @param counter   the flow-filter's synchronisation counter ({@link SyncCounter#OFF} normally).
     * @param nowNanos  the clock at creation (the expiry wheel starts there).
     */
    public Pipeline(
        final PipelineOptions options, final ConfigPublisher publisher, final FlowTable flowTable,
        final SyncCounter counter, final long nowNanos)
    {
        this(options, publisher, flowTable, counter, 0, nowNanos);
    }

    /**
     * One worker's pipeline over a shared flow table and publisher.
     *
     * @param options   the axes and sizes.
     * @param publisher where configurations come from (shared by the workers).
     * @param flowTable the flow table shared by the workers.
     * @param counter   the flow-filter's synchronisation counter ({@link SyncCounter#OFF} normally).
     * @param worker    this worker's id, 0 to {@code publisher.workers() - 1}; no two live pipelines of one
     *                  publisher should share an id (sharing is safe, but the workers then contend for the same
     *                  current port blocks).
     * @param nowNanos  the clock at creation (the expiry wheel starts there).
     * @throws IllegalArgumentException when the worker id is out of range.
     */
    public Pipeline(
        final PipelineOptions options, final ConfigPublisher publisher, final FlowTable flowTable,
        final SyncCounter counter, final int worker, final long nowNanos)
    {
        if (worker < 0 || worker >= publisher.workers())
        {
            throw new IllegalArgumentException("worker " + worker + " out of range: the publisher's masquerade " +
                "allocator serves " + publisher.workers() + " worker(s)");
        }
        if (options.flowAccess() == FlowInfoAccess.INLINE &&
            !(flowTable instanceof LockFreeFlowTable && ((LockFreeFlowTable) flowTable).hasInlineState()))
        {
            throw new IllegalArgumentException("flowAccess=INLINE needs a LOCK_FREE flow table built with inline " +
                "state, not " + flowTable.kind());
        }
        this.worker = worker;
        this.options = options;
        this.flowLookup = new FlowLookupStage(options.burstSize());
        this.publisher = publisher;
        this.flowTable = flowTable;
        this.wheel = new FlowTimerWheel(flowTable, TICK_NANOS, WHEEL_TICKS, nowNanos);
        this.flowFilter = new FlowFilterStage(options.natValidation(), options.flowAccess(), counter);
        this.icmpError = new IcmpErrorStage(flowTable);
        this.portForward = new PortForwardStage(flowTable, wheel, options.flowAccess());
        this.masquerade = new MasqueradeStage(flowTable, wheel, options.flowAccess(), worker);
        this.flowInfo = new FlowInfo[options.burstSize()];
        if (options.flowAccess() == FlowInfoAccess.INLINE)
        {
            views = new InlineFlowView[options.burstSize()];
            for (int i = 0; i < views.length; i++)
            {
                views[i] = new InlineFlowView();
            }
        }
        else
        {
            views = null;
        }
        this.doneBefore = new boolean[options.burstSize()];
        this.dropStage = new byte[options.burstSize()];
        icmpError.dropListener(new StageDrops(PipelineStage.ICMP_ERROR));
        portForward.dropListener(new StageDrops(PipelineStage.PORT_FORWARD));
        staticNat.dropListener(new StageDrops(PipelineStage.STATIC_NAT));
        masquerade.dropListener(new StageDrops(PipelineStage.MASQUERADE));
    }

    /**
     * A pipeline with its own flow table of the options' kind and capacity.
     *
     * @param options   the axes and sizes.
     * @param publisher where configurations come from.
     * @param nowNanos  the clock at creation.
     */
    public Pipeline(final PipelineOptions options, final ConfigPublisher publisher, final long nowNanos)
    {
        this(options, publisher, FlowTable.create(options.flowTable(), options.flowCapacity(), options.flowAccess()),
            SyncCounter.OFF, nowNanos);
    }

    /**
     * Processes one burst. Packets keep their verdict in their metadata: a drop reason, or none when accepted.
     *
     * @param batch    at most {@link PipelineOptions#burstSize()} packets, with their source VNI set (0 for none).
     * @param nowNanos the clock.
     */
    public void process(final PacketBatch batch, final long nowNanos)
    {
        final int count = batch.count();
        if (count > flowInfo.length)
        {
            throw new IllegalArgumentException("burst of " + count + " exceeds " + flowInfo.length);
        }
        final PipelineConfig config = publisher.laCurrent();
        lastConfig = config;
        final long genid = config.genid();
        recordDoneOnEntry(batch, count);
        parse.process(batch);
        if (parse.droppedAny())
        {
            count(batch, count, PipelineStage.PARSE);
        }
        // The flow lookup attaches flows and records no reason: no scan after it.
        flowLookup.process(batch, flowInfo, views, flowTable);
        flowFilter.process(batch, flowInfo, views, config.flowFilter(), genid, nowNanos);
        final int live = count(batch, count, PipelineStage.FLOW_FILTER);
        // The NAT stages count their drops as they record them (StageDrops): no scan after them. A NAT stage that no
        // packet of the burst can be taken by is skipped (docs/spec/flows.md section 5.1): each takes only packets
        // not done that carry its flag (the ICMP-error stage: ICMP errors), and no later stage sets those flags.
        if (parse.sawIcmpErrors())
        {
            icmpError.process(batch, nowNanos);
        }
        if ((live & PacketMeta.REQ_PORT_FORWARDING) != 0)
        {
            portForward.process(batch, flowInfo, views, config.portForward(), genid, nowNanos);
        }
        if ((live & PacketMeta.REQ_STATELESS_NAT) != 0)
        {
            staticNat.process(batch, config.staticNat(), nowNanos);
        }
        if ((live & PacketMeta.REQ_STATEFUL_NAT) != 0)
        {
            masquerade.process(batch, flowInfo, views, config.masquerade(), nowNanos);
        }
        reaped += wheel.expire(nowNanos, Math.max(count, 1));
    }

    /**
     * Which packets arrive done, so that each stage's drops are counted once, against that stage (the parse and
     * flow-filter stages record reasons in several places: {@link #count} scans the burst after the flow-filter, and
     * after the parse when it dropped a packet).
     */
    private void recordDoneOnEntry(final PacketBatch batch, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            doneBefore[i] = batch.packet(i).meta().isDone();
            dropStage[i] = -1;
        }
    }

    /** Counts the stage's drops; returns the flags of the packets not done after it, or-ed together. */
    private int count(final PacketBatch batch, final int count, final PipelineStage stage)
    {
        int live = 0;
        for (int i = 0; i < count; i++)
        {
            if (!doneBefore[i])
            {
                final PacketMeta meta = batch.packet(i).meta();
                final DropReason reason = meta.dropReason();
                if (reason != null)
                {
                    doneBefore[i] = true;
                    if (reason.isDrop())
                    {
                        drops.increment(stage, reason);
                        dropStage[i] = (byte) stage.ordinal();
                    }
                }
                else
                {
                    live |= meta.flags();
                }
            }
        }
        return live;
    }

    /** A NAT stage's drops, counted against it as the stage records them. */
    private final class StageDrops implements DropListener
    {
        private final PipelineStage stage;

        StageDrops(final PipelineStage stage)
        {
            this.stage = stage;
        }

        @Override
        public void recorded(final int index, final DropReason reason)
        {
            if (reason.isDrop())
            {
                drops.increment(stage, reason);
                dropStage[index] = (byte) stage.ordinal();
            }
        }
    }

    /**
     * The flow attached to each packet of the last burst by the flow lookup.
     *
     * @param index the packet's index in the burst.
     * @return the flow, or null.
     */
    public FlowInfo flowInfo(final int index)
    {
        return flowInfo[index];
    }

    /**
     * The inline read the flow lookup left for each packet of the last burst (INLINE only): for a session without
     * flow objects ({@link FlowInfo#INLINE_SESSION}) its handle, whether or not the read was usable.
     *
     * @param index the packet's index in the burst.
     * @return the view, or null when the access mode is not INLINE.
     */
    public InlineFlowView inlineView(final int index)
    {
        return views == null ? null : views[index];
    }

    /**
     * The stage that dropped a packet of the last burst.
     *
     * @param index the packet's index in the burst.
     * @return its stage, or null when this pipeline did not drop it (accepted, or dropped before the pipeline).
     */
    public PipelineStage dropStage(final int index)
    {
        final int stage = dropStage[index];
        return stage < 0 ? null : PipelineStage.of(stage);
    }

    /**
     * The drop counters of this worker.
     *
     * @return the counters.
     */
    public DropCounters dropCounters()
    {
        return drops;
    }

    /**
     * The configuration the last burst used.
     *
     * @return the configuration, or null before the first burst.
     */
    public PipelineConfig lastConfig()
    {
        return lastConfig;
    }

    /**
     * This worker's id.
     *
     * @return the id, below the publisher's worker count.
     */
    public int worker()
    {
        return worker;
    }

    /**
     * The options.
     *
     * @return the options.
     */
    public PipelineOptions options()
    {
        return options;
    }

    /**
     * The flow table.
     *
     * @return the table.
     */
    public FlowTable flowTable()
    {
        return flowTable;
    }

    /**
     * This worker's expiry wheel (the NAT stages schedule the flows they create on it).
     *
     * @return the wheel.
     */
    public FlowTimerWheel wheel()
    {
        return wheel;
    }

    /**
     * The flow-filter stage (its path counters).
     *
     * @return the stage.
     */
    public FlowFilterStage flowFilter()
    {
        return flowFilter;
    }

    /**
     * The masquerade stage (its path counters).
     *
     * @return the stage.
     */
    public MasqueradeStage masquerade()
    {
        return masquerade;
    }

    /**
     * The port-forwarding stage (its path counters).
     *
     * @return the stage.
     */
    public PortForwardStage portForward()
    {
        return portForward;
    }

    /**
     * Flows reaped by the expirations so far.
     *
     * @return the count.
     */
    public long reaped()
    {
        return reaped;
    }
}
