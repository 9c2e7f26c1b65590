// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTimerWheel;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.IpAddresses;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketRewriter;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * The masquerade (stateful NAT) stage (docs/spec/nat.md sections 2.5 to 2.8). For each packet that is not done, is
 * flagged {@link PacketMeta#REQ_STATEFUL_NAT}, is not an ICMP error and not yet {@link PacketMeta#NATTED}:
 * <ol>
 *   <li>established or reply (hot path): the attached flow is active and carries a {@link MasqueradeState} of the
 *   packet's family: both directions' deadlines are extended (quirk 8 fixed) and the packet is rewritten from the
 *   state; no allocator access, no allocation;</li>
 *   <li>otherwise a new session: source pool for (protocol, source VNI, destination VNI, source address), none
 *   gives {@code filtered} (the LATE path of a packet towards a masqueraded peer without a flow, with a
 *   rate-limited line saying which pool is missing); destination pool if any; allocation (exhaustion:
 *   {@code nat-out-of-resources}, nothing kept); a related flow pair inserted into the flow table; the packet
 *   rewritten.</li>
 * </ol>
 * Under {@code INLINE} a session's creator also writes each direction's rewrite into its slot's inline state
 * (docs/spec/nat.md section 2.9), and the established path rewrites from the packet's inline read and records the
 * packet time in its own slot only, without loading the flow or the state object. A session of one side (no
 * destination pool) has no state object at all under INLINE: its rewrite lives in its slots only
 * (docs/spec/nat.md section 2.11).
 * Not thread-safe: one instance per worker, each with its worker id for the allocator's per-worker port blocks.
 */
public final class MasqueradeStage extends PerPacketStage
{
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int ICMPV6_ECHO_REPLY = 129;
    private static final int UNSUPPORTED_ICMP = -1;
    private static final int UNSUPPORTED_PROTOCOL = -2;

    private final FlowTable flowTable;
    private final FlowTimerWheel wheel;
    private final FlowInfoAccess access;
    private final int worker;
    private final NatLog log = new NatLog("stateful-NAT");
    private final MasqueradeIp[] ipOut = new MasqueradeIp[1];
    private final MasqueradeEndpoints endpoints = new MasqueradeEndpoints();
    private final MutableFlowKey forwardKey = new MutableFlowKey();
    private final MutableFlowKey reverseKey = new MutableFlowKey();
    /** The table when the mode is INLINE and the table carries inline state, else null. */
    private final LockFreeFlowTable inline;
    /** Sessions without flow objects over {@link #inline} (docs/spec/flow-table.md section 11.13, P7), or null. */
    private final InlineSessions sessions;
    private final InlineFlowView fwdInline = new InlineFlowView();
    private final InlineFlowView revInline = new InlineFlowView();
    /** The slow path's read of a session without state objects (its burst read was not usable). */
    private final InlineFlowView slowView = new InlineFlowView();
    private long established;
    private long establishedInline;
    private long created;

    /**
     * A stage for one worker.
     *
     * @param flowTable the shared flow table sessions are inserted into.
     * @param wheel     this worker's expiry wheel, or null for no expiry tracking.
     * @param access    the flow-information access mode new flows are created for.
     * @param worker    this worker's id, below the allocator's worker count.
     */
    public MasqueradeStage(
        final FlowTable flowTable, final FlowTimerWheel wheel, final FlowInfoAccess access, final int worker)
    {
        super(PacketMeta.REQ_STATEFUL_NAT, PacketMeta.NATTED, NO_ICMP_ERRORS);
        this.flowTable = flowTable;
        this.wheel = wheel;
        this.access = access;
        this.worker = worker;
        this.inline = NatInline.table(flowTable, access);
        this.sessions = inline != null ? new InlineSessions(inline) : null;
    }

    /**
     * Processes a burst.
     *
     * @param batch    the burst.
     * @param flowInfo the flow attached to each packet by the flow lookup, or null entries.
     * @param tables   the configuration snapshot of this burst, or null when no masquerade is configured (packets
     *                 then drop as {@code nat-failure}, the reference's "no allocator available").
     * @param nowNanos the burst's time.
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final MasqueradeTables tables, final long nowNanos)
    {
        process(batch, flowInfo, null, tables, nowNanos);
    }

    /**
     * Processes a burst whose flows may have been read inline (INLINE).
     *
     * @param batch    the burst.
     * @param flowInfo the flow attached to each packet by the flow lookup, or null entries.
     * @param views    each packet's inline read, or null.
     * @param tables   the configuration snapshot of this burst, or null.
     * @param nowNanos the burst's time.
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final InlineFlowView[] views,
        final MasqueradeTables tables, final long nowNanos)
    {
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            final Packet packet = take(batch, i);
            if (packet != null)
            {
                record(packet, i, processPacket(packet, flowInfo[i], views == null ? null : views[i], tables,
                    nowNanos));
            }
        }
    }

    /**
     * Packets translated from an existing session.
     *
     * @return the count.
     */
    public long established()
    {
        return established;
    }

    /**
     * Packets of {@link #established()} translated from their inline read (INLINE), without loading the flow.
     *
     * @return the count.
     */
    public long establishedInline()
    {
        return establishedInline;
    }

    /**
     * Slow-path reads of sessions without state objects that had to take their slot's claim (docs/spec/flow-table.md
     * section 11.12, Q3).
     *
     * @return the count.
     */
    public long inlineClaimedReads()
    {
        return slowView.claimedReads;
    }

    /**
     * Sessions created by this stage.
     *
     * @return the count.
     */
    public long created()
    {
        return created;
    }

    private DropReason processPacket(
        final Packet packet, final FlowInfo flow, final InlineFlowView view, final MasqueradeTables tables,
        final long nowNanos)
    {
        final PacketMeta meta = packet.meta();
        final DropReason unusable = checkRoutableIp(packet, meta);
        if (unusable != null)
        {
            return unusable;
        }
        final ParsedPacket parsed = packet.parsed();
        final int version = parsed.ipVersion();
        final boolean ipv6 = version == 6;
        if (inline != null && NatInline.usable(view, flow, InlineFlowView.NAT_MASQUERADE, ipv6))
        {
            // Established under INLINE: the rewrite of this direction from the packet's one read of its slot.
            establishedInline++;
            return translateInline(packet, meta, view, ipv6, nowNanos);
        }
        if (flow == FlowInfo.INLINE_SESSION)
        {
            // A session without flow objects whose burst read was not usable (pending, a writer in the way): read
            // by the packet's handle; gone or inactive since its look-up, it is a packet without a session.
            if (view != null && inline.readSession(view, slowView) >= 0 && active(slowView.status) &&
                NatInline.usable(slowView, flow, InlineFlowView.NAT_MASQUERADE, ipv6))
            {
                return translateInline(packet, meta, slowView, ipv6, nowNanos);
            }
        }
        else if (flow != null && flow.isActive())
        {
            final Object state = flow.readNatState();
            if (state == null && inline != null && inline.readInlineOf(flow, slowView) >= 0 &&
                NatInline.usable(slowView, flow, InlineFlowView.NAT_MASQUERADE, ipv6))
            {
                // A session without state objects (docs/spec/nat.md section 2.11) whose burst read was not usable:
                // its slot, re-read.
                return translateInline(packet, meta, slowView, ipv6, nowNanos);
            }
            if (state instanceof MasqueradeState && ((MasqueradeState) state).ipv6 == ipv6)
            {
                final MasqueradeState session = (MasqueradeState) state;
                flow.resetExpiry(nowNanos, session.idleTimeoutNanos);
                final FlowInfo other = flow.related();
                if (other != null)
                {
                    other.resetExpiry(nowNanos, session.idleTimeoutNanos);
                }
                established++;
                return translate(packet, meta, session);
            }
        }
        if (tables == null)
        {
            return DropReason.NAT_FAILURE;
        }
        return newSession(packet, meta, tables, ipv6, nowNanos);
    }

    /** A session's status as a look-up takes it: {@code PENDING} is a session whose creator is still writing. */
    private static boolean active(final int status)
    {
        return status == FlowInfo.ACTIVE || status == InlineFlowView.PENDING;
    }

    /** The established INLINE path: this direction's rewrite from a read of its slot; the packet time in the slot. */
    private DropReason translateInline(
        final Packet packet, final PacketMeta meta, final InlineFlowView view, final boolean ipv6, final long nowNanos)
    {
        inline.touch(view.slot, nowNanos);
        established++;
        final boolean src = (view.natFlags & InlineFlowView.NAT_SRC) != 0;
        final long hi = NatInline.hi(view);
        final long lo = NatInline.lo(view);
        if (view.natPort == 0 || (src && (ipv6 ? (hi >>> 56) == 0xFF : !StaticNatStage.isUnicast4((int) lo))))
        {
            // The packet drops (port 0, non-unicast source): decided and left as the object path leaves it.
            return translate(packet, meta, ipv6, src, hi, lo, view.natPort, !src, hi, lo, view.natPort);
        }
        NatInline.rewrite(packet, src, ipv6, hi, lo, view.natPort, view.natChecksumDelta, true);
        meta.setFlags(PacketMeta.NATTED);
        return null;
    }

    private DropReason newSession(
        final Packet packet, final PacketMeta meta, final MasqueradeTables tables, final boolean ipv6,
        final long nowNanos)
    {
        final ParsedPacket parsed = packet.parsed();
        final int protoClass = protoClass(parsed, ipv6);
        if (protoClass == UNSUPPORTED_ICMP)
        {
            return DropReason.NAT_FAILURE; // unsupported ICMP message category
        }
        if (protoClass == UNSUPPORTED_PROTOCOL)
        {
            return DropReason.UNSUPPORTED_TRANSPORT;
        }
        final MasqueradeEndpoints e = endpoints;
        e.read(packet, meta, ipv6, protoClass == MasqueradeAllocator.PROTO_ICMP);
        final MasqueradePool srcPool = tables.srcPool(protoClass, e.srcVni, e.dstVni, e.srcHi, e.srcLo, ipv6);
        if (srcPool == null)
        {
            if (log.shouldLog(DropReason.FILTERED, nowNanos))
            {
                logDenied(packet, meta, ipv6, nowNanos);
            }
            return DropReason.FILTERED;
        }
        final MasqueradePool dstPool = tables.dstPool(protoClass, e.srcVni, e.dstVni, e.dstHi, e.dstLo, ipv6);
        final MasqueradeAllocator allocator = tables.allocator();
        final DropReason exhausted = allocate(allocator, srcPool, dstPool, nowNanos);
        if (exhausted != null)
        {
            return exhausted;
        }
        e.keys(parsed.protocol(), forwardKey, reverseKey);
        if (inline != null && e.natDst == null)
        {
            return newInlineSession(packet, meta, allocator, parsed.protocol(), ipv6, nowNanos);
        }
        // The flows first, then their states: allocated next to each other, as the established path reads them.
        final FlowInfo forward = FlowInfo.relatedPair(forwardKey.toImmutable(), reverseKey.toImmutable(),
            nowNanos + e.idleTimeoutNanos, access);
        final MasqueradeState out = new MasqueradeState(e, true);
        final MasqueradeState back = new MasqueradeState(e, false);
        forward.writeLocked(e.dstVni, out, null);
        forward.related().writeLocked(e.srcVni, back, null);
        forward.idleTimeout(e.idleTimeoutNanos);
        forward.related().idleTimeout(e.idleTimeoutNanos);
        if (flowTable.insertPair(forward, wheel) == FlowTable.FULL)
        {
            e.release(allocator);
            return DropReason.FLOW_CAPACITY_EXCEEDED;
        }
        if (inline != null)
        {
            publishInline(forward, meta, ipv6, nowNanos);
        }
        allocator.register(forward, e.natSrc, e.natSrcPort, e.natDst, e.natDstPort);
        created++;
        return translate(packet, meta, out);
    }

    /**
     * docs/spec/nat.md section 2.11: a session of one masquerade side under INLINE, without state objects and without
     * flow objects (docs/spec/flow-table.md section 11.13, P7): each direction's key and rewrite are written into its
     * slot before it can be found (N1'), the creator's write follows (C'), the wheel and the allocator's row name the
     * session by its forward handle and its slots: nothing is allocated.
     */
    private DropReason newInlineSession(
        final Packet packet, final PacketMeta meta, final MasqueradeAllocator allocator, final int proto,
        final boolean ipv6, final long nowNanos)
    {
        final MasqueradeEndpoints e = endpoints;
        inlineWords(meta, proto, ipv6);
        if (sessions.insertPair(forwardKey, reverseKey, fwdInline, revInline) == FlowTable.FULL)
        {
            e.release(allocator);
            return DropReason.FLOW_CAPACITY_EXCEEDED;
        }
        sessions.publishPair(forwardKey, reverseKey, fwdInline, revInline, nowNanos);
        if (wheel != null)
        {
            wheel.scheduleSession(sessions, forwardKey, fwdInline, nowNanos + e.idleTimeoutNanos);
        }
        // Section 11.13, P5: the row names the session by its slots (the views' peer links).
        allocator.register(inline, fwdInline, revInline, e.natSrc, e.natSrcPort, e.natDst, e.natDstPort);
        created++;
        final MasqueradeIp nat = e.natSrc;
        return translate(packet, meta, ipv6, true, nat.hi, nat.lo, e.natSrcPort, false, 0L, 0L, 0);
    }

    /**
     * docs/spec/nat.md section 2.5 steps 4 and 6: a port from the source pool, then from the destination pool if
     * any; the session's idle timeout is the shorter pool's.
     *
     * @return null when allocated (in {@link #endpoints}), else {@code nat-out-of-resources} with nothing kept.
     */
    private DropReason allocate(
        final MasqueradeAllocator allocator, final MasqueradePool srcPool, final MasqueradePool dstPool,
        final long nowNanos)
    {
        final MasqueradeEndpoints e = endpoints;
        allocator.reclaim(MasqueradeAllocator.RECLAIM_PER_ALLOCATION);
        final int srcPort = allocator.allocate(srcPool, worker, ipOut, nowNanos);
        if (srcPort < 0)
        {
            return outOfResources(srcPool, nowNanos);
        }
        e.natSrc = ipOut[0];
        e.natSrcPort = srcPort;
        e.idleTimeoutNanos = srcPool.idleTimeoutNanos;
        e.idleTimeoutIndex = srcPool.idleTimeoutIndex;
        if (dstPool != null)
        {
            final int dstPort = allocator.allocate(dstPool, worker, ipOut, nowNanos);
            if (dstPort < 0)
            {
                allocator.release(e.natSrc, srcPort); // no half-created state
                return outOfResources(dstPool, nowNanos);
            }
            e.natDst = ipOut[0];
            e.natDstPort = dstPort;
            if (dstPool.idleTimeoutNanos < srcPool.idleTimeoutNanos)
            {
                e.idleTimeoutNanos = dstPool.idleTimeoutNanos;
                e.idleTimeoutIndex = dstPool.idleTimeoutIndex;
            }
        }
        return null;
    }

    /**
     * INLINE: each direction's rewrite into its slot. One word pair per direction holds one side's rewrite: double
     * masquerade (a destination pool too) stays on the object path.
     */
    private void publishInline(final FlowInfo forward, final PacketMeta meta, final boolean ipv6, final long nowNanos)
    {
        inlineWords(meta, forward.key().proto(), ipv6);
        inline.publishInlinePair(forward, fwdInline, revInline, nowNanos);
    }

    /** Both directions' VNI, NAT flags and rewrite (with its checksum delta, D1) into the stage's two views. */
    private void inlineWords(final PacketMeta meta, final int proto, final boolean ipv6)
    {
        final MasqueradeEndpoints e = endpoints;
        final MasqueradeIp nat = e.natSrc;
        final int natPort = e.natSrcPort;
        final int flags = (ipv6 ? InlineFlowView.NAT_V6 : InlineFlowView.NAT_V4) |
            (e.natDst != null ? InlineFlowView.NAT_OBJECT : 0) | InlineFlowView.NAT_MASQUERADE;
        // D1: the forward packet's source (the reverse's destination) becomes the allocated address and port.
        fwdInline.state(meta.dstVni(), flags | InlineFlowView.NAT_SRC, nat.hi, nat.lo, natPort).checksumDelta(
            NatInline.delta(proto, ipv6, true, e.srcHi, e.srcLo, nat.hi, nat.lo, true, e.srcPort, natPort))
            .idleTimeoutIndex(e.idleTimeoutIndex);
        revInline.state(meta.srcVni(), flags, e.srcHi, e.srcLo, e.srcPort).checksumDelta(
            NatInline.delta(proto, ipv6, true, nat.hi, nat.lo, e.srcHi, e.srcLo, true, natPort, e.srcPort))
            .idleTimeoutIndex(e.idleTimeoutIndex);
    }

    private static DropReason translate(final Packet packet, final PacketMeta meta, final MasqueradeState state)
    {
        return translate(packet, meta, state.ipv6, state.hasSrc, state.srcHi, state.srcLo, state.srcPort,
            state.hasDst, state.dstHi, state.dstLo, state.dstPort);
    }

    private static int protoClass(final ParsedPacket parsed, final boolean ipv6)
    {
        final int proto = parsed.protocol();
        if (proto == IpProtocol.TCP)
        {
            return MasqueradeAllocator.PROTO_TCP;
        }
        if (proto == IpProtocol.UDP)
        {
            return MasqueradeAllocator.PROTO_UDP;
        }
        if (proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6)
        {
            final int type = parsed.icmpType();
            final boolean echo = ipv6 ? type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY :
                type == ICMP_ECHO_REQUEST || type == ICMP_ECHO_REPLY;
            return echo ? MasqueradeAllocator.PROTO_ICMP : UNSUPPORTED_ICMP;
        }
        return UNSUPPORTED_PROTOCOL;
    }

    private DropReason outOfResources(final MasqueradePool pool, final long nowNanos)
    {
        if (log.shouldLog(DropReason.NAT_OUT_OF_RESOURCES, nowNanos))
        {
            log.log(DropReason.NAT_OUT_OF_RESOURCES, nowNanos, "masquerade " + pool.description +
                " is exhausted (" + pool.size() + " addresses, every port in use by live sessions)");
        }
        return DropReason.NAT_OUT_OF_RESOURCES;
    }

    /** docs/spec/nat.md section 2.7 step 5: addresses, then ports or the echo identifier. */
    @SuppressWarnings("checkstyle:ParameterNumber") // the state's fields, from the object or the inline words
    private static DropReason translate(
        final Packet packet, final PacketMeta meta, final boolean ipv6, final boolean hasSrc, final long srcHi,
        final long srcLo, final int srcPort, final boolean hasDst, final long dstHi, final long dstLo,
        final int dstPort)
    {
        final int proto = packet.parsed().protocol();
        if (ipv6)
        {
            if (hasSrc)
            {
                if ((srcHi >>> 56) == 0xFF)
                {
                    return DropReason.NAT_FAILURE;
                }
                PacketRewriter.srcIpv6(packet, srcHi, srcLo);
            }
            if (hasDst)
            {
                PacketRewriter.dstIpv6(packet, dstHi, dstLo);
            }
        }
        else
        {
            if (hasSrc)
            {
                if (!StaticNatStage.isUnicast4((int) srcLo))
                {
                    return DropReason.NAT_FAILURE;
                }
                PacketRewriter.srcIpv4(packet, (int) srcLo);
            }
            if (hasDst)
            {
                PacketRewriter.dstIpv4(packet, (int) dstLo);
            }
        }
        if (proto == IpProtocol.TCP || proto == IpProtocol.UDP)
        {
            if ((hasSrc && srcPort == 0) || (hasDst && dstPort == 0))
            {
                return DropReason.MALFORMED; // invalid port 0
            }
            if (hasSrc)
            {
                PacketRewriter.srcPort(packet, srcPort);
            }
            if (hasDst)
            {
                PacketRewriter.dstPort(packet, dstPort);
            }
        }
        else if (proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6)
        {
            if (hasSrc || hasDst)
            {
                PacketRewriter.icmpIdentifier(packet, hasSrc ? srcPort : dstPort);
            }
        }
        else
        {
            return DropReason.UNSUPPORTED_TRANSPORT;
        }
        meta.setFlags(PacketMeta.NATTED);
        return null;
    }

    private void logDenied(final Packet packet, final PacketMeta meta, final boolean ipv6, final long nowNanos)
    {
        final String a = ipv6 ? IpAddresses.ipv6ToString(packet.srcIpv6Hi(), packet.srcIpv6Lo()) :
            IpAddresses.ipv4ToString(packet.srcIpv4());
        final String b = ipv6 ? IpAddresses.ipv6ToString(packet.dstIpv6Hi(), packet.dstIpv6Lo()) :
            IpAddresses.ipv4ToString(packet.dstIpv4());
        log.log(DropReason.FILTERED, nowNanos, "new NAT session creation denied: no masquerade pool covers source " +
            a + " of VNI " + meta.srcVni() + " towards VNI " + meta.dstVni() + " (the packet needs masquerade only " +
            "because its destination " + b + " is masqueraded, or its session expired)");
    }
}
