// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * Generated packets kept as template bytes plus what each is: its source VNI (the overlay metadata a VXLAN decap
 * would give), its {@link PacketClass}, and for flow classes the connection it belongs to and its direction.
 *
 * <p>Restoring: NAT rewrites packets in place and stages write metadata, so benchmarks restore a burst before each
 * pass: {@link #restore} copies the frame bytes and resets metadata and parse result (for pipelines, which parse);
 * {@link #restoreMeta} only resets the metadata and keeps the parse result (for stages that do not rewrite, like the
 * flow-filter, over packets parsed once in setup). Both allocate nothing.
 */
public final class PacketTemplates
{
    /** The masquerade state object attached to generated flows (only its presence matters to the flow-filter). */
    public static final Object NAT_STATE = new Object()
    {
        @Override
        public String toString()
        {
            return "nat-state";
        }
    };
    /** The port-forwarding state object attached to generated flows. */
    public static final Object PORT_FW_STATE = new Object()
    {
        @Override
        public String toString()
        {
            return "port-fw-state";
        }
    };

    private final int count;
    private final int stride;
    private final UnsafeBuffer frames;
    private final int[] lengths;
    private final int[] srcVnis;
    private final PacketClass[] classes;
    private final int[] connections;
    private final boolean[] replies;
    private final Connection[] connectionTable;

    /** One connection of the flow classes: its two keys, each direction's destination VNI, its NAT kind. */
    record Connection(FlowKey forward, FlowKey reverse, int forwardDstVni, int reverseDstVni, int natKind,
        boolean stale)
    {
    }

    PacketTemplates(final byte[][] frameBytes, final int[] srcVnis, final PacketClass[] classes,
        final int[] connections, final boolean[] replies, final Connection[] connectionTable)
    {
        this.count = frameBytes.length;
        int max = 64;
        for (final byte[] frame : frameBytes)
        {
            max = Math.max(max, frame.length);
        }
        this.stride = (max + 63) & ~63;
        this.frames = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(1, count) * stride, 64));
        this.lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            frames.putBytes(i * stride, frameBytes[i]);
            lengths[i] = frameBytes[i].length;
        }
        this.srcVnis = srcVnis.clone();
        this.classes = classes.clone();
        this.connections = connections.clone();
        this.replies = replies.clone();
        this.connectionTable = connectionTable.clone();
    }

    public int size()
    {
        return count;
    }

    public int srcVni(final int index)
    {
        return srcVnis[index];
    }

    public PacketClass packetClass(final int index)
    {
        return classes[index];
    }

    /**
     * The connection of a flow-class packet.
     *
     * @param index the packet.
     * @return the connection index, -1 for packets without a flow.
     */
    public int connection(final int index)
    {
        return connections[index];
    }

    /**
     * Whether a flow-class packet travels in the reply direction of its connection.
     *
     * @param index the packet.
     * @return true for the reply direction.
     */
    public boolean isReply(final int index)
    {
        return replies[index];
    }

    /**
     * The bytes of the pool the measured loop reads per cycle: every frame slot, and per template its length, source
     * VNI, connection, class (a compressed reference) and direction; the setup-only connection table is not counted.
     *
     * @return the bytes.
     */
    public long poolBytes()
    {
        return (long) count * (stride + 4 * Integer.BYTES + 1);
    }

    /**
     * The bytes between two templates in the frame buffer (the longest frame rounded up to a cache line).
     *
     * @return the stride.
     */
    public int stride()
    {
        return stride;
    }

    public int connectionCount()
    {
        return connectionTable.length;
    }

    /**
     * The forward key of a connection (its first packet's addresses, ports and source VNI).
     *
     * @param connection the connection index.
     * @return the key.
     */
    public FlowKey forwardKey(final int connection)
    {
        return connectionTable[connection].forward();
    }

    /**
     * The reverse key of a connection (its replies' key).
     *
     * @param connection the connection index.
     * @return the key.
     */
    public FlowKey reverseKey(final int connection)
    {
        return connectionTable[connection].reverse();
    }

    /**
     * Whether a connection is masqueraded (otherwise port-forwarded).
     *
     * @param connection the connection index.
     * @return true for masquerade.
     */
    public boolean isMasquerade(final int connection)
    {
        return connectionTable[connection].natKind() == FlowInfoReader.NAT_MASQUERADE;
    }

    /**
     * Replaces one template's frame and source VNI (setup only: a pipeline fixture addresses reply-direction
     * templates from what the NAT stages did to the connection's first packet).
     *
     * @param index  the template.
     * @param frame  the new frame, at most the stride long.
     * @param srcVni the new source VNI.
     */
    public void replace(final int index, final byte[] frame, final int srcVni)
    {
        if (frame.length > stride)
        {
            throw new IllegalArgumentException("frame of " + frame.length + " exceeds the stride " + stride);
        }
        frames.putBytes(index * stride, frame);
        lengths[index] = frame.length;
        srcVnis[index] = srcVni;
    }

    /**
     * Per template, the flow of its connection and direction, from each connection's forward flow (as a NAT stage
     * created it).
     *
     * @param forwardFlows per connection, its forward flow (the reply's is its related), or
     *                     {@link FlowInfo#INLINE_SESSION} for a session without flow objects.
     * @return per template, the flow to attach, or null.
     */
    public FlowInfo[] flowsOf(final FlowInfo[] forwardFlows)
    {
        final FlowInfo[] perPacket = new FlowInfo[count];
        for (int i = 0; i < count; i++)
        {
            if (connections[i] >= 0)
            {
                final FlowInfo forward = forwardFlows[connections[i]];
                // A session without flow objects has the sentinel in both directions (no related flow).
                perPacket[i] = replies[i] && forward != FlowInfo.INLINE_SESSION ? forward.related() : forward;
            }
        }
        return perPacket;
    }

    /**
     * How many packets of each class.
     *
     * @return the counts (classes absent have no entry).
     */
    public Map<PacketClass, Integer> classCounts()
    {
        final Map<PacketClass, Integer> counts = new EnumMap<>(PacketClass.class);
        for (final PacketClass c : classes)
        {
            counts.merge(c, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The templates by IP version and protocol, e.g. {@code ipv4/tcp=3900, ipv4/icmp=80} (setup and reports only).
     *
     * @return the counts, by key.
     */
    public Map<String, Integer> protocolCounts()
    {
        final PacketParser parser = new PacketParser();
        final Packet packet = new Packet(stride);
        final Map<String, Integer> counts = new TreeMap<>();
        for (int t = 0; t < count; t++)
        {
            copyTo(t, packet);
            final String key;
            if (parser.parse(packet) != 0)
            {
                key = "unparsed";
            }
            else
            {
                final int protocol = packet.parsed().protocol();
                final String name = protocol == IpProtocol.TCP ? "tcp" : protocol == IpProtocol.UDP ? "udp" :
                    protocol == IpProtocol.ICMP || protocol == IpProtocol.ICMPV6 ? "icmp" : String.valueOf(protocol);
                key = "ipv" + packet.parsed().ipVersion() + "/" + name;
            }
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * A 64-bit digest of every template's bytes, source VNI and class, in order: two fixtures process the same packets
     * exactly when their fingerprints are equal (FNV-1a, setup only).
     *
     * @return the digest.
     */
    public long fingerprint()
    {
        long h = 0xcbf2_9ce4_8422_2325L;
        for (int t = 0; t < count; t++)
        {
            final int base = t * stride;
            for (int i = 0; i < lengths[t]; i++)
            {
                h = (h ^ (frames.getByte(base + i) & 0xFF)) * 0x0100_0000_01b3L;
            }
            h = (h ^ srcVnis[t]) * 0x0100_0000_01b3L;
            h = (h ^ classes[t].ordinal()) * 0x0100_0000_01b3L;
        }
        return h;
    }

    /**
     * The template's bytes (a copy, for tests).
     *
     * @param index the packet.
     * @return the frame.
     */
    public byte[] frame(final int index)
    {
        final byte[] bytes = new byte[lengths[index]];
        frames.getBytes(index * stride, bytes);
        return bytes;
    }

    /**
     * Copies one template into a packet: frame bytes and length, metadata reset, source VNI and {@code IS_OVERLAY} set.
     * The parse result is left for the parser to overwrite, as it does for every frame it parses (it clears the result
     * first): every caller parses a restored packet before reading it, and clearing it here too cost the pipeline
     * benchmarks 16 stores a packet (1.7% of the established path at 10^4 flows, paired).
     *
     * @param index  the template.
     * @param packet the packet.
     */
    public void copyTo(final int index, final Packet packet)
    {
        packet.copyFrom(frames, index * stride, lengths[index]);
        packet.meta().reset().srcVni(srcVnis[index]).setFlags(PacketMeta.IS_OVERLAY);
    }

    /**
     * Restores a burst: templates {@code first .. first + n - 1} (wrapping) into packets 0 .. n - 1 and sets the
     * batch count.
     *
     * @param batch the batch, capacity at least {@code n}.
     * @param first the first template.
     * @param n     the burst size.
     */
    public void restore(final PacketBatch batch, final int first, final int n)
    {
        int t = first;
        for (int i = 0; i < n; i++)
        {
            if (t >= count)
            {
                t = 0;
            }
            copyTo(t++, batch.packet(i));
        }
        batch.count(n);
    }

    /**
     * Resets only the metadata of a burst restored before (frames and parse results are kept: for stages that do
     * not rewrite).
     *
     * @param batch the batch.
     * @param first the first template the batch was restored from.
     * @param n     the burst size.
     */
    public void restoreMeta(final PacketBatch batch, final int first, final int n)
    {
        int t = first;
        for (int i = 0; i < n; i++)
        {
            if (t >= count)
            {
                t = 0;
            }
            batch.packet(i).meta().reset().srcVni(srcVnis[t++]).setFlags(PacketMeta.IS_OVERLAY);
        }
        batch.count(n);
    }

    /**
     * Builds the flows of the flow classes directly (for benchmarks of the flow-filter alone, which has no flow
     * lookup): one related pair per connection, locked part {@code (dst VNI, NAT state)} as a NAT stage writes it,
     * genid {@code genid} (stale connections {@code genid - 1}).
     *
     * @param access the flows' read mode.
     * @param genid  the pipeline genid the packets will be processed with.
     * @return per template, the flow to attach, or null.
     */
    public FlowInfo[] buildFlows(final FlowInfoAccess access, final long genid)
    {
        final FlowInfo[] pairs = new FlowInfo[connectionTable.length];
        for (int c = 0; c < pairs.length; c++)
        {
            final Connection conn = connectionTable[c];
            final FlowInfo forward = FlowInfo.relatedPair(conn.forward(), conn.reverse(), Long.MAX_VALUE, access);
            final boolean masquerade = conn.natKind() == FlowInfoReader.NAT_MASQUERADE;
            forward.writeLocked(conn.forwardDstVni(), masquerade ? NAT_STATE : null,
                masquerade ? null : PORT_FW_STATE);
            forward.related().writeLocked(conn.reverseDstVni(), masquerade ? NAT_STATE : null,
                masquerade ? null : PORT_FW_STATE);
            forward.setGenidPair(conn.stale() ? genid - 1 : genid);
            pairs[c] = forward;
        }
        return flowsOf(pairs);
    }

    /**
     * Builds the flow classes' connections as sessions without flow objects (docs/spec/flow-table.md section 11.13,
     * P7) in a table with inline state, for benchmarks of the flow-filter alone: per connection both directions with
     * their destination VNI and NAT kind, genid {@code genid} (stale connections {@code genid - 1}), created as a NAT
     * stage creates them ({@link InlineSessions#insertPair}, {@link InlineSessions#publishPair}), and each connection's
     * handle recorded in {@code handles}.
     *
     * @param handles the handles (over the table to fill), one per connection.
     * @param genid   the pipeline genid the packets will be processed with.
     * @return per template, {@link FlowInfo#INLINE_SESSION}, or null.
     */
    public FlowInfo[] buildSessions(final SessionHandles handles, final long genid)
    {
        final InlineSessions sessions = handles.sessions();
        final InlineFlowView fwd = new InlineFlowView();
        final InlineFlowView rev = new InlineFlowView();
        final FlowInfo[] forwardFlows = new FlowInfo[connectionTable.length];
        for (int c = 0; c < forwardFlows.length; c++)
        {
            final Connection conn = connectionTable[c];
            final int kind = conn.natKind() == FlowInfoReader.NAT_MASQUERADE ? InlineFlowView.NAT_MASQUERADE :
                InlineFlowView.NAT_PORT_FORWARDING;
            fwd.state(conn.forwardDstVni(), kind, 0L, 0L, 0);
            rev.state(conn.reverseDstVni(), kind, 0L, 0L, 0);
            fwd.genid = conn.stale() ? genid - 1 : genid;
            rev.genid = fwd.genid;
            if (sessions.insertPair(conn.forward(), conn.reverse(), fwd, rev) != FlowTable.INSERTED ||
                !sessions.publishPair(conn.forward(), conn.reverse(), fwd, rev, 0L))
            {
                throw new IllegalStateException("connection " + c + " " + conn.forward() + ": session not created");
            }
            handles.record(c, fwd.slot, InlineFlowView.tagOf(conn.forward()), fwd.peerSlot, fwd.peerTag);
            forwardFlows[c] = FlowInfo.INLINE_SESSION;
        }
        return flowsOf(forwardFlows);
    }

    /**
     * The destination VNI a template's flow carries (its connection's, in its direction).
     *
     * @param index the template, of a flow class.
     * @return the VNI.
     */
    public int flowDstVni(final int index)
    {
        final Connection conn = connectionTable[connections[index]];
        return replies[index] ? conn.reverseDstVni() : conn.forwardDstVni();
    }

    /**
     * Attaches a burst's flows: {@code perPacket[first ..]} (wrapping) into {@code flowInfo[0 .. n - 1]}, and puts
     * stale flows back one genid behind {@code genid} (the flow-filter refreshed them on the previous pass).
     *
     * @param perPacket the flows of {@link #buildFlows}.
     * @param flowInfo  the burst's flow array.
     * @param first     the first template.
     * @param n         the burst size.
     * @param genid     the genid the burst is processed with.
     */
    public void attachFlows(final FlowInfo[] perPacket, final FlowInfo[] flowInfo, final int first, final int n,
        final long genid)
    {
        attachFlows(perPacket, flowInfo, first, n, genid, null);
    }

    /**
     * {@link #attachFlows(FlowInfo[], FlowInfo[], int, int, long)} where connections may be sessions without flow
     * objects: a stale template whose flow is {@link FlowInfo#INLINE_SESSION} is put back by its connection's
     * handle.
     *
     * @param perPacket the flows ({@link #flowsOf}, {@link #buildFlows} or {@link #buildSessions}).
     * @param flowInfo  the burst's flow array.
     * @param first     the first template.
     * @param n         the burst size.
     * @param genid     the genid the burst is processed with.
     * @param handles   the connections' session handles, or null when no flow is a session.
     */
    public void attachFlows(final FlowInfo[] perPacket, final FlowInfo[] flowInfo, final int first, final int n,
        final long genid, final SessionHandles handles)
    {
        int t = first;
        for (int i = 0; i < n; i++)
        {
            if (t >= count)
            {
                t = 0;
            }
            final FlowInfo flow = perPacket[t];
            if (flow != null && classes[t] == PacketClass.STALE)
            {
                if (flow == FlowInfo.INLINE_SESSION)
                {
                    handles.setGenid(connections[t], genid - 1);
                }
                else
                {
                    flow.setGenidPair(genid - 1);
                }
            }
            flowInfo[i] = flow;
            t++;
        }
    }

    @Override
    public String toString()
    {
        return "PacketTemplates{" + count + " packets " + classCounts() + ", " + connectionTable.length +
            " connections, stride " + stride + "}";
    }
}
