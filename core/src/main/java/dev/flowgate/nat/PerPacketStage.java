// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropListener;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * The burst loop the four NAT stages share (template method): skip a packet that is done or that the stage does not
 * take, decide the rest one by one, record the reason of a packet that drops (the first reason wins,
 * docs/spec/flows.md section 5.5) and tell the stage's {@link DropListener} (a pipeline counts it there). A stage sets
 * its burst's configuration in its own fields before {@link #run} and clears them after, so nothing is captured or
 * allocated per packet.
 *
 * <p>Sealed to the four stages: each is final and calls {@link #run} from its own {@code process}, where the JIT
 * knows the receiver's exact class and binds {@link #accepts} and {@link #processPacket} statically.
 */
abstract sealed class PerPacketStage permits IcmpErrorStage, MasqueradeStage, PortForwardStage, StaticNatStage
{
    private DropListener dropListener = DropListener.NONE;

    /**
     * Sets who is told of each reason this stage records.
     *
     * @param listener the listener ({@link DropListener#NONE} by default).
     */
    public final void dropListener(final DropListener listener)
    {
        dropListener = listener;
    }

    /**
     * Runs the stage over a burst.
     *
     * @param batch    the burst.
     * @param flowInfo the flow attached to each packet by the flow lookup, or null when the stage reads none.
     * @param views    each packet's inline read, or null.
     * @param nowNanos the burst's time.
     */
    final void run(
        final PacketBatch batch, final FlowInfo[] flowInfo, final InlineFlowView[] views, final long nowNanos)
    {
        final DropListener listener = dropListener;
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            final Packet packet = batch.packet(i);
            final PacketMeta meta = packet.meta();
            if (meta.isDone() || !accepts(packet, meta))
            {
                continue;
            }
            final DropReason reason = processPacket(packet, meta, flowInfo == null ? null : flowInfo[i],
                views == null ? null : views[i], nowNanos);
            if (reason != null)
            {
                meta.drop(reason);
                listener.recorded(i, reason);
            }
        }
    }

    /**
     * Whether this stage handles a packet that is not done.
     *
     * @param packet the packet.
     * @param meta   its metadata.
     * @return true to process it.
     */
    abstract boolean accepts(Packet packet, PacketMeta meta);

    /**
     * Decides one packet the stage accepts.
     *
     * @param packet   the packet.
     * @param meta     its metadata.
     * @param flow     its attached flow, or null.
     * @param view     its inline read, or null.
     * @param nowNanos the burst's time.
     * @return the reason the packet drops, or null when it goes on.
     */
    abstract DropReason processPacket(
        Packet packet, PacketMeta meta, FlowInfo flow, InlineFlowView view, long nowNanos);

    /**
     * What static NAT and masquerade check first: both VNIs known ({@code unroutable}), then an IPv4 or IPv6 packet
     * parsed whole ({@code not-ip}).
     *
     * @param packet the packet.
     * @param meta   its metadata.
     * @return the reason it drops, or null.
     */
    static DropReason checkRoutableIp(final Packet packet, final PacketMeta meta)
    {
        if (meta.srcVni() == 0 || meta.dstVni() == 0)
        {
            return DropReason.UNROUTABLE;
        }
        final ParsedPacket parsed = packet.parsed();
        final int version = parsed.ipVersion();
        return !parsed.isOk() || (version != 4 && version != 6) ? DropReason.NOT_IP : null;
    }
}
