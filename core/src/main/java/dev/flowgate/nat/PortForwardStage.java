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
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * The port-forwarding stage (docs/spec/nat.md sections 3.4 to 3.6). For each packet that is not done, is flagged
 * {@link PacketMeta#REQ_PORT_FORWARDING} and is not an ICMP error (those are the {@link IcmpErrorStage}'s):
 * <ol>
 *   <li>fast path: the attached flow is active and carries a {@link PortForwardState} of the packet's family. If the
 *   state's rule belongs to another configuration than this burst's, the flow is revalidated first (the same
 *   mapping still configured: re-pointed; else docs/spec/nat.md section 3.4 step 1: the new rule maps the
 *   connection the same way: re-pointed, otherwise {@code filtered} and the pair invalidated). Then the packet is
 *   rewritten (forward flow: destination to the private endpoint; reverse flow: source to the public endpoint), the
 *   shared status moves (docs/spec/nat.md section 3.5, {@link #nextStatus}), and both directions' deadlines move to
 *   now + the established timeout when the status is established, now + the initial timeout otherwise, never
 *   earlier; closed or reset invalidates the pair (the packet still goes through). No allocation.</li>
 *   <li>slow path (no usable flow): a TCP packet must be a pure SYN, the rule of (source VNI, protocol) covering the
 *   destination (address, port) is looked up, a related flow pair is created with status one-way and the initial
 *   timeout, inserted, and the packet's destination rewritten.</li>
 * </ol>
 * Drop reasons (exactly one each): {@code internal-failure} (no source VNI); {@code filtered} (not IP, not TCP/UDP,
 * destination not unicast, TCP without state that is not a pure SYN, no rule, mapping not unicast, stale flow the
 * new configuration maps elsewhere); {@code flow-capacity-exceeded} (table full). The {@code NATTED} flag is neither
 * tested nor set, as upstream. Under {@code INLINE} (docs/spec/nat.md section 3.7) the creator writes each
 * direction's rewrite into its slot, the object path marks an established connection whose rule it has checked
 * with its status ({@link InlineFlowView#NAT_PF_STEADY}), and a packet of a marked flow of this burst's genid that
 * the status machine would leave in that status is rewritten from its inline read and recorded in its own slot only:
 * no status change, no object loaded. A connection under INLINE has no objects at all: its words live in its two
 * slots, its status and rule (a mapping id) in the forward direction's slot, the one copy both directions read and
 * write (docs/spec/nat.md section 3.8, docs/spec/flow-table.md section 11.13, P6), and both slots map
 * {@link FlowInfo#INLINE_SESSION}: the object path reads and writes it by the packet's handle (P7). Not thread-safe:
 * one instance per worker.
 */
public final class PortForwardStage extends PerPacketStage
{
    /** Connection word (docs/spec/flow-table.md section 11.13, P6): the status, bits 3..0. */
    static final int STATUS_BITS = 0xF;
    /** Connection word: the rule's mapping id ({@link PortForwardMappings}), bits 31..4. */
    static final int MAPPING_BITS = ~STATUS_BITS;
    private static final int MAPPING_SHIFT = 4;

    private final FlowTable flowTable;
    private final FlowTimerWheel wheel;
    private final FlowInfoAccess access;
    private final NatLog log = new NatLog("port-forwarder");
    private final MutableFlowKey forwardKey = new MutableFlowKey();
    private final MutableFlowKey reverseKey = new MutableFlowKey();
    /** The table when the mode is INLINE and the table carries inline state, else null. */
    private final LockFreeFlowTable inline;
    /** Connections without flow objects over {@link #inline} (docs/spec/flow-table.md section 11.13, P7), or null. */
    private final InlineSessions sessions;
    private final InlineFlowView fwdInline = new InlineFlowView();
    private final InlineFlowView revInline = new InlineFlowView();
    /** The object path's read of the packet's direction, by its handle, and the state refilled from it. */
    private final InlineFlowView slowView = new InlineFlowView();
    /** The object path's read of the forward slot of a reverse packet's connection (its connection word). */
    private final InlineFlowView ownerView = new InlineFlowView();
    private final PortForwardState slowState = new PortForwardState();
    /** With {@link #slowState}: the forward direction's handle (slot, tag, link), which every write names. */
    private int fwdSlot;
    private int fwdTag;
    private int revSlot;
    private int revTag;
    /** With {@link #slowState}: the connection word as read, kept in step with this packet's writes. */
    private int connection;
    private long forwarded;
    private long forwardedInline;
    private long created;
    private long revalidated;

    /**
     * A stage for one worker.
     *
     * @param flowTable the shared flow table connections are inserted into.
     * @param wheel     this worker's expiry wheel, or null for no expiry tracking.
     * @param access    the flow-information access mode new flows are created for.
     */
    public PortForwardStage(final FlowTable flowTable, final FlowTimerWheel wheel, final FlowInfoAccess access)
    {
        this(flowTable, wheel, access, sessionsOf(NatInline.table(flowTable, access)));
    }

    /** A stage whose connections without flow objects go through {@code sessions} (the tests' controls). */
    PortForwardStage(
        final FlowTable flowTable, final FlowTimerWheel wheel, final FlowInfoAccess access,
        final InlineSessions sessions)
    {
        super(PacketMeta.REQ_PORT_FORWARDING, 0, NO_ICMP_ERRORS);
        this.flowTable = flowTable;
        this.wheel = wheel;
        this.access = access;
        this.sessions = sessions;
        this.inline = sessions != null ? sessions.table() : null;
    }

    private static InlineSessions sessionsOf(final LockFreeFlowTable inline)
    {
        return inline != null ? new InlineSessions(inline) : null;
    }

    /**
     * Processes a burst.
     *
     * @param batch    the burst.
     * @param flowInfo the flow attached to each packet by the flow lookup, or null entries.
     * @param tables   the configuration snapshot of this burst (null: no rules).
     * @param nowNanos the burst's time.
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final PortForwardTables tables, final long nowNanos)
    {
        // Without inline reads nothing compares a genid: a flow's rule carries its configuration.
        process(batch, flowInfo, null, tables, 0L, nowNanos);
    }

    /**
     * Processes a burst whose flows may have been read inline (INLINE).
     *
     * @param batch    the burst.
     * @param flowInfo the flow attached to each packet by the flow lookup, or null entries.
     * @param views    each packet's inline read, or null.
     * @param tables   the configuration snapshot of this burst (null: no rules).
     * @param genid    the configuration generation of this burst (INLINE: an inline read of another genid takes the
     *                 object path).
     * @param nowNanos the burst's time.
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final InlineFlowView[] views,
        final PortForwardTables tables, final long genid, final long nowNanos)
    {
        final PortForwardTables t = tables == null ? PortForwardTables.EMPTY : tables;
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            final Packet packet = take(batch, i);
            if (packet != null)
            {
                record(packet, i, processPacket(packet, flowInfo[i], views == null ? null : views[i], t, genid,
                    nowNanos));
            }
        }
    }

    /**
     * Packets of existing connections forwarded (fast path).
     *
     * @return the count.
     */
    public long forwarded()
    {
        return forwarded;
    }

    /**
     * Packets of {@link #forwarded()} rewritten from their inline read (INLINE), without loading the flow.
     *
     * @return the count.
     */
    public long forwardedInline()
    {
        return forwardedInline;
    }

    /**
     * Connections (flow pairs) created.
     *
     * @return the count.
     */
    public long created()
    {
        return created;
    }

    /**
     * Flows re-pointed at a rule of a newer configuration.
     *
     * @return the count.
     */
    public long revalidated()
    {
        return revalidated;
    }

    /**
     * The status machine of docs/spec/nat.md section 3.5, arms in the reference's order (quirk 12 kept: a specific arm
     * wins over RST, e.g. two-way + ACK+RST on the forward path is established).
     *
     * @param status  the current status.
     * @param forward true for a packet of the forward (destination-rewritten) flow.
     * @param tcp     true for TCP.
     * @param flags   the TCP flags (ignored for UDP).
     * @return the new status.
     */
    static int nextStatus(final int status, final boolean forward, final boolean tcp, final int flags)
    {
        if (!tcp)
        {
            if (forward)
            {
                return status == PortForwardSession.TWO_WAY ? PortForwardSession.ESTABLISHED : status;
            }
            return status == PortForwardSession.ONE_WAY ? PortForwardSession.TWO_WAY : status;
        }
        final boolean syn = (flags & TcpDescriptor.SYN) != 0;
        final boolean ack = (flags & TcpDescriptor.ACK) != 0;
        final boolean fin = (flags & TcpDescriptor.FIN) != 0;
        final boolean rst = (flags & TcpDescriptor.RST) != 0;
        if (forward)
        {
            if (status == PortForwardSession.TWO_WAY && !syn && ack)
            {
                return PortForwardSession.ESTABLISHED;
            }
            if (status == PortForwardSession.ESTABLISHED && fin)
            {
                return PortForwardSession.C_CLOSING;
            }
            if (status == PortForwardSession.S_CLOSING && !fin && ack)
            {
                return PortForwardSession.S_HALF_CLOSE;
            }
            if (status == PortForwardSession.S_CLOSING && fin && ack)
            {
                return PortForwardSession.LAST_ACK;
            }
            if (status == PortForwardSession.S_HALF_CLOSE && fin)
            {
                return PortForwardSession.LAST_ACK;
            }
        }
        else
        {
            if (status == PortForwardSession.ONE_WAY && syn && ack)
            {
                return PortForwardSession.TWO_WAY;
            }
            if (status == PortForwardSession.ESTABLISHED && fin)
            {
                return PortForwardSession.S_CLOSING;
            }
            if (status == PortForwardSession.C_CLOSING && !fin && ack)
            {
                return PortForwardSession.C_HALF_CLOSE;
            }
            if (status == PortForwardSession.C_CLOSING && fin && ack)
            {
                return PortForwardSession.LAST_ACK;
            }
            if (status == PortForwardSession.C_HALF_CLOSE && fin)
            {
                return PortForwardSession.LAST_ACK;
            }
        }
        if (status == PortForwardSession.LAST_ACK && ack)
        {
            return PortForwardSession.CLOSED;
        }
        return rst ? PortForwardSession.RESET : status;
    }

    private DropReason processPacket(
        final Packet packet, final FlowInfo flow, final InlineFlowView view, final PortForwardTables tables,
        final long genid, final long nowNanos)
    {
        final PacketMeta meta = packet.meta();
        final ParsedPacket parsed = packet.parsed();
        final int proto = parsed.protocol();
        if (flow != null && parsed.isOk() && (proto == IpProtocol.TCP || proto == IpProtocol.UDP))
        {
            if (inline != null && steady(packet, view, flow, genid))
            {
                // Established under INLINE: nothing changes but this direction's last-seen time.
                inline.touch(view.slot, nowNanos);
                NatInline.rewrite(packet, (view.natFlags & InlineFlowView.NAT_SRC) != 0, parsed.ipVersion() == 6,
                    NatInline.hi(view), NatInline.lo(view), view.natPort, view.natChecksumDelta, false);
                forwarded++;
                forwardedInline++;
                return null;
            }
            final PortForwardState pf = flow == FlowInfo.INLINE_SESSION ? sessionState(view) : objectState(flow);
            if (pf != null && pf.ipv6 == (parsed.ipVersion() == 6))
            {
                final int before = status(pf);
                final DropReason reason = established(packet, meta, flow, pf, tables, nowNanos);
                if (pf == slowState && reason == null)
                {
                    markSteady(view, pf, tables, genid, before);
                }
                return reason;
            }
        }
        return newConnection(packet, meta, tables, genid, nowNanos);
    }

    /** The object modes: the state object of an active flow, or null. */
    private static PortForwardState objectState(final FlowInfo flow)
    {
        final Object state = flow.isActive() ? flow.readPortFwState() : null;
        return state instanceof PortForwardState ? (PortForwardState) state : null;
    }

    /**
     * docs/spec/nat.md section 3.8: a connection without flow objects, read by the packet's handle
     * (docs/spec/flow-table.md section 11.13, P7, H2: {@link LockFreeFlowTable#readSession}) and the connection word of
     * its forward slot (P6): this slot's for a forward packet; for a reverse one, the slot its link names, read by that
     * link, whose own link must lead back ({@link InlineSessions#readLinked}). {@code PENDING} counts as active (the
     * creator is still writing).
     *
     * @return the stage's scratch state, or null: no handle, the handle's session gone (removed, replaced, cancelled or
     *     expired since the look-up), a reverse not linked yet (before the creator's write), or no connection word.
     */
    private PortForwardState sessionState(final InlineFlowView view)
    {
        if (inline == null || view == null || !view.isSession() || inline.readSession(view, slowView) < 0 ||
            !connected(slowView))
        {
            return null;
        }
        final InlineFlowView owner;
        if ((slowView.natFlags & InlineFlowView.NAT_SRC) == 0)
        {
            owner = slowView;
        }
        else if (sessions.readLinked(slowView, ownerView) >= 0 && connected(ownerView))
        {
            owner = ownerView;
        }
        else
        {
            return null;
        }
        if (owner.connection == 0)
        {
            return null;
        }
        fwdSlot = owner.handle;
        fwdTag = owner.tag();
        revSlot = owner.peerSlot;
        revTag = owner.peerTag;
        connection = owner.connection;
        return slowState.fill(slowView);
    }

    /** A read of a port-forwarded direction whose session is active or still being created. */
    private static boolean connected(final InlineFlowView read)
    {
        return (read.status == FlowInfo.ACTIVE || read.status == InlineFlowView.PENDING) &&
            (read.natFlags & InlineFlowView.NAT_PORT_FORWARDING) != 0;
    }

    /**
     * The connection word of a mapping and a status (never 0: mapping ids start at 1).
     *
     * @param mappingId the rule's mapping id.
     * @param status    the status.
     * @return the word.
     */
    static int connectionWord(final int mappingId, final int status)
    {
        return (mappingId << MAPPING_SHIFT) | (status & STATUS_BITS);
    }

    /** The connection's status: the session's, or (INLINE) the connection word's. */
    private int status(final PortForwardState s)
    {
        return s.session != null ? s.session.lvStatus() : connection & STATUS_BITS;
    }

    /**
     * Slow-path reads of connections without state objects that had to take their slot's claim
     * (docs/spec/flow-table.md section 11.12, Q3).
     *
     * @return the count.
     */
    public long inlineClaimedReads()
    {
        return slowView.claimedReads + ownerView.claimedReads;
    }

    /**
     * INLINE: the packet's read carries the connection's status, checked against a rule of this burst's configuration,
     * and the status machine would leave that status as it is for this packet.
     */
    private static boolean steady(final Packet packet, final InlineFlowView view, final FlowInfo flow, final long genid)
    {
        if (!NatInline.usable(view, flow, InlineFlowView.NAT_PORT_FORWARDING, packet.parsed().ipVersion() == 6) ||
            (view.natFlags & InlineFlowView.NAT_PF_STEADY) == 0 || view.genid != genid)
        {
            return false;
        }
        final boolean tcp = packet.parsed().protocol() == IpProtocol.TCP;
        final int flags = tcp ? packet.buffer().getByte(packet.parsed().l4Offset() + TcpDescriptor.FLAGS_OFFSET) &
            0xFF : 0;
        final boolean forward = (view.natFlags & InlineFlowView.NAT_SRC) == 0;
        return nextStatus(view.stageValue, forward, tcp, flags) == view.stageValue;
    }

    /**
     * INLINE, after the object path handled a packet of a connection without flow objects: the connection's status,
     * with a rule of this configuration, is marked in this direction's slot (a conditional write over the packet's
     * burst read, which fails harmlessly when a writer came between); a status change clears the mark in both
     * directions (full writes by the forward handle, before the stage returns, so no later packet of either direction
     * takes the inline path on the old status). Closed and reset are never marked.
     */
    private void markSteady(
        final InlineFlowView view, final PortForwardState s, final PortForwardTables tables, final long genid,
        final int before)
    {
        final PortForwardRule rule = rule(s, tables);
        final int status = status(s);
        if (status != before)
        {
            sessions.clearFlags(fwdSlot, fwdTag, revSlot, revTag, InlineFlowView.NAT_PF_STEADY);
            return;
        }
        if (status == PortForwardSession.CLOSED || status == PortForwardSession.RESET || !view.usable() ||
            view.slot != slowView.handle || view.genid != genid || rule == null || rule.owner != tables ||
            ((view.natFlags & InlineFlowView.NAT_PF_STEADY) != 0 && view.stageValue == status))
        {
            return;
        }
        inline.setInlineFlags(view.slot, view.seq, InlineFlowView.NAT_PF_STEADY, status);
    }

    private DropReason established(
        final Packet packet, final PacketMeta meta, final FlowInfo flow, final PortForwardState s,
        final PortForwardTables tables, final long nowNanos)
    {
        PortForwardRule rule = rule(s, tables);
        if (rule == null || rule.owner != tables)
        {
            rule = revalidate(packet, meta, flow, s, rule, tables, nowNanos);
            if (rule == null)
            {
                return DropReason.FILTERED;
            }
        }
        rewrite(packet, s.dstNat, s.ipv6, s.useHi, s.useLo, s.usePort);
        final boolean tcp = packet.parsed().protocol() == IpProtocol.TCP;
        final int flags = tcp ? packet.buffer().getByte(packet.parsed().l4Offset() + TcpDescriptor.FLAGS_OFFSET) &
            0xFF : 0;
        final int old = status(s);
        final int next = nextStatus(old, s.dstNat, tcp, flags);
        if (next != old)
        {
            if (s.session != null)
            {
                s.session.soStatus(next);
            }
            else
            {
                // P6 by handle: the forward slot's status bits, last writer wins as the session's store (the
                // connection removed or replaced since the read: nothing written, the transition after the removal).
                sessions.updateConnection(fwdSlot, fwdTag, revSlot, revTag, STATUS_BITS, next);
                connection = (connection & MAPPING_BITS) | next;
            }
        }
        final boolean est = next == PortForwardSession.ESTABLISHED;
        if (next == PortForwardSession.CLOSED || next == PortForwardSession.RESET)
        {
            invalidatePair(flow, s);
        }
        else if (s == slowState)
        {
            recordInline(est ? rule.establishedTimeoutIndex : rule.initialTimeoutIndex, nowNanos);
        }
        else
        {
            // Quirk 8 fixed: both directions every time (the reference extends the other one only on the transition
            // to established, so a one-way stream could lose its reverse flow).
            final long timeout = est ? rule.establishedTimeoutNanos : rule.initialTimeoutNanos;
            flow.resetExpiry(nowNanos, timeout);
            final FlowInfo other = flow.related();
            if (other != null)
            {
                other.resetExpiry(nowNanos, timeout);
            }
        }
        forwarded++;
        return null;
    }

    /**
     * docs/spec/flow-table.md section 11.13, P4 and P7: a packet of a connection without flow objects that took the
     * object path records its time in its own slot (the expiry wheel reads the slots), and a timeout that changed (the
     * connection became established, or a rule of another configuration) goes into both directions' slots, a full
     * write of each by the forward handle.
     */
    private void recordInline(final int timeoutIndex, final long nowNanos)
    {
        inline.touch(slowView.handle, nowNanos);
        if (slowView.idleTimeoutIndex != timeoutIndex)
        {
            sessions.idleTimeout(fwdSlot, fwdTag, revSlot, revTag, timeoutIndex);
        }
    }

    /**
     * Invalidates a connection: its two flow objects, or (no flow objects) both directions' slots by the forward
     * handle ({@link InlineSessions#invalidate}: status {@code CANCELLED}, then the hint, so that look-ups remove it).
     */
    private void invalidatePair(final FlowInfo flow, final PortForwardState s)
    {
        if (s == slowState)
        {
            sessions.invalidate(fwdSlot, fwdTag, revSlot, revTag, FlowInfo.CANCELLED);
        }
        else
        {
            flow.invalidatePair();
        }
    }

    /**
     * The connection's rule: the session's, or under INLINE this configuration's rule of the slot's mapping id (null
     * when this configuration has none).
     */
    private PortForwardRule rule(final PortForwardState s, final PortForwardTables tables)
    {
        return s.session != null ? s.session.lvRule() : tables.ruleOf(connection >>> MAPPING_SHIFT);
    }

    /**
     * The flow's rule is from another configuration: the same mapping in this one, or docs/spec/nat.md section 3.4,
     * step 1. Under INLINE ({@code old} null) this configuration has no rule of the connection's mapping, so only
     * step 1 is left.
     *
     * @return the rule now used, or null when the flow was invalidated (the packet drops as filtered).
     */
    private PortForwardRule revalidate(
        final Packet packet, final PacketMeta meta, final FlowInfo flow, final PortForwardState s,
        final PortForwardRule old, final PortForwardTables tables, final long nowNanos)
    {
        PortForwardRule current = old == null ? null : tables.sameMapping(old);
        if (current == null)
        {
            final int proto = packet.parsed().protocol();
            if (s.dstNat)
            {
                // Forward flow: the packet's destination must still map to the private endpoint in use.
                final int port = packet.dstPort();
                final PortForwardRule r = s.ipv6 ?
                    tables.lookup6(meta.srcVni(), proto, packet.dstIpv6Hi(), packet.dstIpv6Lo(), port) :
                    tables.lookup4(meta.srcVni(), proto, packet.dstIpv4(), port);
                final boolean same = r != null && r.dstVni == s.flowDstVni && r.mapPort(port) == s.usePort &&
                    (s.ipv6 ? r.map6Hi(packet.dstIpv6Hi()) == s.useHi && r.map6Lo(packet.dstIpv6Lo()) == s.useLo :
                        r.map4(packet.dstIpv4()) == (int) s.useLo);
                current = same ? r : null;
            }
            else
            {
                // Reverse flow: the public endpoint in use must still map to the packet's source.
                final PortForwardRule r = s.ipv6 ?
                    tables.lookup6(s.flowDstVni, proto, s.useHi, s.useLo, s.usePort) :
                    tables.lookup4(s.flowDstVni, proto, (int) s.useLo, s.usePort);
                final boolean same = r != null && r.dstVni == meta.srcVni() &&
                    r.mapPort(s.usePort) == packet.srcPort() &&
                    (s.ipv6 ? r.map6Hi(s.useHi) == packet.srcIpv6Hi() && r.map6Lo(s.useLo) == packet.srcIpv6Lo() :
                        r.map4((int) s.useLo) == packet.srcIpv4());
                current = same ? r : null;
            }
            if (current == null)
            {
                invalidatePair(flow, s);
                if (log.shouldLog(DropReason.FILTERED, nowNanos))
                {
                    final String was = old != null ? old.describe() :
                        tables.describeMapping(connection >>> MAPPING_SHIFT);
                    log.log(DropReason.FILTERED, nowNanos, "the configuration no longer forwards this connection " +
                        "(rule was " + was + "): flows invalidated");
                }
                return null;
            }
        }
        if (s.session != null)
        {
            s.session.soRule(current);
        }
        else
        {
            // P6 by handle: the forward slot's mapping bits (one write re-points both directions, as the session's
            // store).
            sessions.updateConnection(fwdSlot, fwdTag, revSlot, revTag, MAPPING_BITS,
                connectionWord(current.mappingId, 0));
            connection = connectionWord(current.mappingId, connection);
        }
        revalidated++;
        return current;
    }

    private DropReason newConnection(
        final Packet packet, final PacketMeta meta, final PortForwardTables tables, final long genid,
        final long nowNanos)
    {
        final int s = meta.srcVni();
        if (s == 0)
        {
            return DropReason.INTERNAL_FAILURE;
        }
        final ParsedPacket parsed = packet.parsed();
        final int version = parsed.ipVersion();
        final int proto = parsed.protocol();
        // Quirk 11 (second part) kept: packets the reference's checker "ignores" are dropped as filtered.
        if (!parsed.isOk() || (version != 4 && version != 6) || (proto != IpProtocol.TCP && proto != IpProtocol.UDP))
        {
            return DropReason.FILTERED;
        }
        final boolean ipv6 = version == 6;
        if (ipv6 ? !StaticNatStage.isUnicast6(packet.dstIpv6Hi()) : !StaticNatStage.isUnicast4(packet.dstIpv4()))
        {
            return DropReason.FILTERED;
        }
        if (proto == IpProtocol.TCP)
        {
            final int flags = packet.buffer().getByte(parsed.l4Offset() + TcpDescriptor.FLAGS_OFFSET) & 0xFF;
            if ((flags & TcpDescriptor.SYN) == 0 || (flags & TcpDescriptor.ACK) != 0)
            {
                return filtered(packet, meta, ipv6, "TCP packet without SYN (or with ACK) and no connection state",
                    nowNanos);
            }
        }
        final int cPort = packet.srcPort();
        final int ePort = packet.dstPort();
        final long cHi = ipv6 ? packet.srcIpv6Hi() : 0L;
        final long cLo = ipv6 ? packet.srcIpv6Lo() : packet.srcIpv4() & 0xFFFF_FFFFL;
        final long eHi = ipv6 ? packet.dstIpv6Hi() : 0L;
        final long eLo = ipv6 ? packet.dstIpv6Lo() : packet.dstIpv4() & 0xFFFF_FFFFL;
        final PortForwardRule rule = ipv6 ? tables.lookup6(s, proto, eHi, eLo, ePort) :
            tables.lookup4(s, proto, (int) eLo, ePort);
        if (rule == null)
        {
            return filtered(packet, meta, ipv6, "no port-forwarding rule", nowNanos);
        }
        final long iHi = ipv6 ? rule.map6Hi(eHi) : 0L;
        final long iLo = ipv6 ? rule.map6Lo(eLo) : rule.map4((int) eLo) & 0xFFFF_FFFFL;
        final int iPort = rule.mapPort(ePort);
        if (ipv6 ? !StaticNatStage.isUnicast6(iHi) : !StaticNatStage.isUnicast4((int) iLo))
        {
            return filtered(packet, meta, ipv6, "the rule " + rule.describe() + " maps to a non-unicast address",
                nowNanos);
        }
        final int v = rule.dstVni;
        if (ipv6)
        {
            forwardKey.ipv6Ports(s, cHi, cLo, eHi, eLo, proto, cPort, ePort);
            reverseKey.ipv6Ports(v, iHi, iLo, cHi, cLo, proto, iPort, cPort);
        }
        else
        {
            forwardKey.ipv4Ports(s, (int) cLo, (int) eLo, proto, cPort, ePort);
            reverseKey.ipv4Ports(v, (int) iLo, (int) cLo, proto, iPort, cPort);
        }
        if (inline != null)
        {
            // docs/spec/nat.md section 3.8: no flow, key or state objects (docs/spec/flow-table.md section 11.13,
            // P7): the words in the slots, the connection word (status and rule) in the forward slot only (P6).
            final int family = ipv6 ? InlineFlowView.NAT_V6 : InlineFlowView.NAT_V4;
            final boolean address = eHi != iHi || eLo != iLo;
            final boolean port = ePort != iPort;
            fwdInline.state(v, family | InlineFlowView.NAT_PORT_FORWARDING, iHi, iLo, iPort).checksumDelta(
                NatInline.delta(proto, ipv6, address, eHi, eLo, iHi, iLo, port, ePort, iPort))
                .connection(connectionWord(rule.mappingId, PortForwardSession.ONE_WAY))
                .idleTimeoutIndex(rule.initialTimeoutIndex);
            revInline.state(s, family | InlineFlowView.NAT_PORT_FORWARDING | InlineFlowView.NAT_SRC, eHi, eLo, ePort)
                .checksumDelta(NatInline.delta(proto, ipv6, address, iHi, iLo, eHi, eLo, port, iPort, ePort))
                .idleTimeoutIndex(rule.initialTimeoutIndex);
            if (!insertSession(rule, genid, nowNanos))
            {
                return DropReason.FLOW_CAPACITY_EXCEEDED;
            }
        }
        else
        {
            final FlowInfo forward = FlowInfo.relatedPair(forwardKey.toImmutable(), reverseKey.toImmutable(),
                nowNanos + rule.initialTimeoutNanos, access);
            forward.idleTimeout(rule.initialTimeoutNanos);
            forward.related().idleTimeout(rule.initialTimeoutNanos);
            final PortForwardSession session = new PortForwardSession(rule);
            forward.writeLocked(v, null, new PortForwardState(true, ipv6, iHi, iLo, iPort, v, session));
            forward.related().writeLocked(s, null, new PortForwardState(false, ipv6, eHi, eLo, ePort, s, session));
            if (flowTable.insertPair(forward, wheel) == FlowTable.FULL)
            {
                return DropReason.FLOW_CAPACITY_EXCEEDED;
            }
        }
        rewrite(packet, true, ipv6, iHi, iLo, iPort);
        created++;
        return null;
    }

    /**
     * docs/spec/flow-table.md section 11.13, P7: inserts the connection whose keys and words {@link #newConnection} set
     * (N1', the reverse first), the creator's write (C') and the wheel's node by the forward handle.
     *
     * @return false when the table is full.
     */
    private boolean insertSession(final PortForwardRule rule, final long genid, final long nowNanos)
    {
        // The burst's generation: the connection's rule is this configuration's, as step 8 would stamp it.
        fwdInline.genid = genid;
        revInline.genid = genid;
        if (sessions.insertPair(forwardKey, reverseKey, fwdInline, revInline) == FlowTable.FULL)
        {
            // A reverse inserted before the forward found no room: removed (not linked), not left behind.
            sessions.remove(revInline.slot, InlineFlowView.tagOf(reverseKey), -1, 0);
            return false;
        }
        sessions.publishPair(forwardKey, reverseKey, fwdInline, revInline, nowNanos);
        if (wheel != null)
        {
            wheel.scheduleSession(sessions, forwardKey, fwdInline, nowNanos + rule.initialTimeoutNanos);
        }
        return true;
    }

    /** Rewrites the destination (forward) or the source (reverse), only the fields that differ. */
    private static void rewrite(
        final Packet packet, final boolean dstNat, final boolean ipv6, final long hi, final long lo, final int port)
    {
        if (dstNat)
        {
            if (ipv6)
            {
                if (packet.dstIpv6Hi() != hi || packet.dstIpv6Lo() != lo)
                {
                    PacketRewriter.dstIpv6(packet, hi, lo);
                }
            }
            else if (packet.dstIpv4() != (int) lo)
            {
                PacketRewriter.dstIpv4(packet, (int) lo);
            }
            if (packet.dstPort() != port)
            {
                PacketRewriter.dstPort(packet, port);
            }
        }
        else
        {
            if (ipv6)
            {
                if (packet.srcIpv6Hi() != hi || packet.srcIpv6Lo() != lo)
                {
                    PacketRewriter.srcIpv6(packet, hi, lo);
                }
            }
            else if (packet.srcIpv4() != (int) lo)
            {
                PacketRewriter.srcIpv4(packet, (int) lo);
            }
            if (packet.srcPort() != port)
            {
                PacketRewriter.srcPort(packet, port);
            }
        }
    }

    private DropReason filtered(
        final Packet packet, final PacketMeta meta, final boolean ipv6, final String why, final long nowNanos)
    {
        if (log.shouldLog(DropReason.FILTERED, nowNanos))
        {
            final String dst = ipv6 ? IpAddresses.ipv6ToString(packet.dstIpv6Hi(), packet.dstIpv6Lo()) :
                IpAddresses.ipv4ToString(packet.dstIpv4());
            log.log(DropReason.FILTERED, nowNanos, why + " for " +
                (packet.parsed().protocol() == IpProtocol.TCP ? "tcp " : "udp ") + dst + ":" + packet.dstPort() +
                " from VNI " + meta.srcVni() + " (no port-forward expose of a VPC peered with VNI " + meta.srcVni() +
                " covers this destination, or the packet is a reply whose connection state is gone)");
        }
        return DropReason.FILTERED;
    }
}
