// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The flow-lookup stage (docs/spec/flows.md section 4): for each packet that is not done and is overlay, builds the
 * flow key from the parsed packet (source VNI, 5-tuple, ICMP identifier, or the embedded packet of an ICMP error),
 * looks it up and attaches the active flow found to {@code flowInfo[i]} (null otherwise). The keys of a burst are built
 * first and looked up together ({@link FlowTable#lookupBurst}), then each flow found is touched once (its generation
 * id, which the flow-filter's bypass reads next): the cache misses of the packets of a burst are independent, so
 * issued back to back they overlap instead of queueing one per packet behind the stages' work. Reusable keys and
 * scratch arrays per stage: allocation-free.
 *
 * <p>Under {@code INLINE} ({@link #process(PacketBatch, FlowInfo[], InlineFlowView[], FlowTable)} over a table with
 * inline state) the look-up is {@link LockFreeFlowTable#lookupInlineBurst}: hash all keys, touch all their slots, then
 * read each slot's inline state into the packet's view; the flow objects are not touched.
 */
public final class FlowLookupStage
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final long U32 = 0xFFFF_FFFFL;

    private final MutableFlowKey[] keys;
    private final long[] hashes;
    private final FlowInfo[] found;
    private final int[] packetOf;
    /** Sum of the touched generation ids: keeps the touching loads. */
    private long touched;

    /**
     * A stage for bursts of up to {@code burstCapacity} packets (larger bursts are looked up in chunks).
     *
     * @param burstCapacity keys looked up together.
     */
    public FlowLookupStage(final int burstCapacity)
    {
        if (burstCapacity < 1)
        {
            throw new IllegalArgumentException("burst capacity must be positive: " + burstCapacity);
        }
        keys = new MutableFlowKey[burstCapacity];
        for (int i = 0; i < burstCapacity; i++)
        {
            keys[i] = new MutableFlowKey();
        }
        hashes = new long[burstCapacity];
        found = new FlowInfo[burstCapacity];
        packetOf = new int[burstCapacity];
    }

    /**
     * Processes a burst.
     *
     * @param batch    the packets.
     * @param flowInfo receives the flow of each packet (entries of skipped packets are set to null).
     * @param table    the flow table.
     */
    public void process(final PacketBatch batch, final FlowInfo[] flowInfo, final FlowTable table)
    {
        process(batch, flowInfo, null, table);
    }

    /**
     * Processes a burst, reading the inline state of each packet's flow into its view when {@code views} is not null
     * and the table has inline state.
     *
     * @param batch    the packets.
     * @param flowInfo receives the flow of each packet (entries of skipped packets are set to null).
     * @param views    receives each packet's inline read (cleared when unusable), or null.
     * @param table    the flow table.
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final InlineFlowView[] views, final FlowTable table)
    {
        final LockFreeFlowTable inline = views != null && table instanceof LockFreeFlowTable &&
            ((LockFreeFlowTable) table).hasInlineState() ? (LockFreeFlowTable) table : null;
        final int count = batch.count();
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            final Packet packet = batch.packet(i);
            final PacketMeta meta = packet.meta();
            flowInfo[i] = null;
            if (views != null)
            {
                views[i].clear();
            }
            if (meta.isDone() || !meta.hasFlags(PacketMeta.IS_OVERLAY) || !buildKey(packet, keys[n]))
            {
                continue;
            }
            packetOf[n++] = i;
            if (n == keys.length)
            {
                lookUp(flowInfo, views, table, inline, n);
                n = 0;
            }
        }
        if (n > 0)
        {
            lookUp(flowInfo, views, table, inline, n);
        }
    }

    private void lookUp(
        final FlowInfo[] flowInfo, final InlineFlowView[] views, final FlowTable table, final LockFreeFlowTable inline,
        final int n)
    {
        if (inline != null)
        {
            inline.lookupInlineBurst(keys, hashes, found, views, packetOf, n);
            for (int j = 0; j < n; j++)
            {
                flowInfo[packetOf[j]] = found[j];
                found[j] = null;
            }
            return;
        }
        table.lookupBurst(keys, hashes, found, n);
        long sum = 0;
        for (int j = 0; j < n; j++)
        {
            final FlowInfo f = found[j];
            found[j] = null;
            flowInfo[packetOf[j]] = f;
            if (f != null)
            {
                sum += f.genid();
            }
        }
        touched += sum;
    }

    /**
     * Builds the flow key of a parsed packet: TCP/UDP 5-tuple, ICMP echo (identifier), ICMP error (outer addresses
     * and the embedded packet's summary), other ICMP (addresses only).
     *
     * @param packet a parsed packet with its source VNI in the metadata.
     * @param out    the key to fill.
     * @return false when no key can be built (not parsed, or a protocol without a key).
     */
    public static boolean buildKey(final Packet packet, final MutableFlowKey out)
    {
        final ParsedPacket parsed = packet.parsed();
        if (!parsed.isOk())
        {
            return false;
        }
        final int vni = packet.meta().srcVni();
        final boolean v6 = parsed.ipVersion() == 6;
        final long v4 = v6 ? 0L : packet.ipv4Addresses();
        final long srcHi = v6 ? packet.srcIpv6Hi() : 0L;
        final long srcLo = v6 ? packet.srcIpv6Lo() : v4 >>> 32;
        final long dstHi = v6 ? packet.dstIpv6Hi() : 0L;
        final long dstLo = v6 ? packet.dstIpv6Lo() : v4 & U32;
        final int protocol = parsed.protocol();
        if (IpProtocol.hasPorts(protocol))
        {
            final int ports = packet.ports();
            if (v6)
            {
                out.ipv6Ports(vni, srcHi, srcLo, dstHi, dstLo, protocol, ports >>> 16, ports & 0xFFFF);
            }
            else
            {
                out.ipv4Ports(vni, (int) srcLo, (int) dstLo, protocol, ports >>> 16, ports & 0xFFFF);
            }
            return true;
        }
        if (protocol != IpProtocol.ICMP && protocol != IpProtocol.ICMPV6)
        {
            return false;
        }
        if (parsed.hasEmbeddedPacket())
        {
            out.icmpError(vni, v6, srcHi, srcLo, dstHi, dstLo);
            embedded(packet, parsed, out);
            return true;
        }
        if (isEcho(v6, parsed.icmpType()))
        {
            out.icmpQuery(vni, v6, srcHi, srcLo, dstHi, dstLo, packet.icmpIdentifier());
        }
        else
        {
            out.icmpUnsupported(vni, v6, srcHi, srcLo, dstHi, dstLo);
        }
        return true;
    }

    private static boolean isEcho(final boolean v6, final int type)
    {
        return v6 ? type == Icmp6Descriptor.TYPE_ECHO_REQUEST || type == Icmp6Descriptor.TYPE_ECHO_REPLY :
            type == Icmp4Descriptor.TYPE_ECHO_REQUEST || type == Icmp4Descriptor.TYPE_ECHO_REPLY;
    }

    private static void embedded(final Packet packet, final ParsedPacket parsed, final MutableFlowKey out)
    {
        final UnsafeBuffer b = packet.buffer();
        final int l3 = parsed.innerL3Offset();
        final int l4 = parsed.innerL4Offset();
        final boolean v6 = parsed.innerIpVersion() == 6;
        final long srcHi = v6 ? b.getLong(l3 + 8, NET) : 0L;
        final long srcLo = v6 ? b.getLong(l3 + 16, NET) : b.getInt(l3 + 12, NET) & U32;
        final long dstHi = v6 ? b.getLong(l3 + 24, NET) : 0L;
        final long dstLo = v6 ? b.getLong(l3 + 32, NET) : b.getInt(l3 + 16, NET) & U32;
        final int proto = parsed.innerProtocol();
        if (IpProtocol.hasPorts(proto))
        {
            out.embedded(FlowKey.KIND_PORTS, v6, srcHi, srcLo, dstHi, dstLo, proto, b.getShort(l4, NET) & 0xFFFF,
                b.getShort(l4 + 2, NET) & 0xFFFF);
        }
        else if ((proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6) && isEcho(v6, b.getByte(l4) & 0xFF))
        {
            out.embedded(FlowKey.KIND_ICMP_QUERY, v6, srcHi, srcLo, dstHi, dstLo, proto,
                b.getShort(l4 + 4, NET) & 0xFFFF, 0);
        }
        else
        {
            out.embedded(FlowKey.KIND_ICMP_UNSUPPORTED, v6, srcHi, srcLo, dstHi, dstLo, proto, 0, 0);
        }
    }
}
