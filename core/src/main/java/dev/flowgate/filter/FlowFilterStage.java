// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.NatRequirement;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.SyncCounter;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;
import dev.flowgate.packet.hdr.IpProtocol;

/**
 * The flow-filter stage: exactly the per-packet decision tree of docs/spec/flow-filter.md section 4 at 188bd57a
 * (bypass with flow information, not-IP, missing source VPC, the Single path with its NAT-requirement check, the
 * MultipleMatches path with an active flow or the resolution rules (i)-(v), the ICMP-error exemption, invalidation on
 * drop and genid stamping on accept), with the subtleties of docs/spec/flow-filter.md section 7 kept as they are.
 *
 * <p>Two runtime switches: {@link NatValidation} (EARLY: the R1/R2 check of 188bd57a; LATE: no check, as in its
 * parent) and the {@link FlowInfoAccess} of the {@link FlowInfoReader} through which every flow access goes
 * (MULTI_LOCK reproduces the per-packet counts of docs/spec/flow-filter.md section 5).
 *
 * <p>Only overlay packets ({@link PacketMeta#IS_OVERLAY}) that are not done are processed; the others pass through
 * untouched. The table is read once per burst (the context passed in); a null context means the table cannot be read
 * and every packet not yet done is dropped as {@code internal-failure}. The stage sets the NAT requirement flags and
 * the destination VNI only on accepted packets, allocates nothing per packet and never throws on packet content.
 * One instance per worker (not thread-safe).
 */
public final class FlowFilterStage
{
    private static final int FLAGS_MASQUERADE = PacketMeta.REQ_STATEFUL_NAT;
    private static final int FLAGS_PORT_FORWARDING = PacketMeta.REQ_PORT_FORWARDING;
    private static final int NO_RULE = -1;

    private final NatValidation natValidation;
    private final FlowInfoReader reader;
    private final NatCheckLog natLog = new NatCheckLog();

    // Result of the resolution of the current packet (no allocation: fields, not a result object).
    private int candidate;
    private int natFlags;
    private int violatedRule;

    // Path counters (primitive, single writer).
    private long bypassed;
    private long bypassedInline;
    private long accepted;
    private long dropped;

    /**
     * A stage whose reader counts nothing.
     *
     * @param natValidation EARLY or LATE.
     * @param access        how flow information is read.
     */
    public FlowFilterStage(final NatValidation natValidation, final FlowInfoAccess access)
    {
        this(natValidation, FlowInfoReader.create(access));
    }

    /**
     * A stage reporting its flow accesses to a counter ({@code --sync-stats}).
     *
     * @param natValidation EARLY or LATE.
     * @param access        how flow information is read.
     * @param counter       {@link SyncCounter#OFF} or a counting one.
     */
    public FlowFilterStage(final NatValidation natValidation, final FlowInfoAccess access, final SyncCounter counter)
    {
        this(natValidation, FlowInfoReader.create(access, counter));
    }

    private FlowFilterStage(final NatValidation natValidation, final FlowInfoReader reader)
    {
        this.natValidation = natValidation;
        this.reader = reader;
    }

    /**
     * Processes a burst.
     *
     * @param batch    the packets.
     * @param flowInfo the flow attached to each packet by the flow lookup (null entries for none); at least
     *                 {@code batch.count()} long.
     * @param ctx      the flow-filter configuration of this burst, or null when no table is available.
     * @param genid    the pipeline generation id of this burst.
     * @param nowNanos the clock (for the rate-limited log).
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final FlowFilterContext ctx, final long genid,
        final long nowNanos)
    {
        process(batch, flowInfo, null, ctx, genid, nowNanos);
    }

    /**
     * Processes a burst whose flows may have been read inline by the flow lookup (INLINE: decisions from the views).
     *
     * @param batch    the packets.
     * @param flowInfo the flow attached to each packet by the flow lookup (null entries for none).
     * @param views    each packet's inline read, or null (the other modes).
     * @param ctx      the flow-filter configuration of this burst, or null when no table is available.
     * @param genid    the pipeline generation id of this burst.
     * @param nowNanos the clock (for the rate-limited log).
     */
    public void process(
        final PacketBatch batch, final FlowInfo[] flowInfo, final InlineFlowView[] views, final FlowFilterContext ctx,
        final long genid, final long nowNanos)
    {
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            processPacket(batch.packet(i), flowInfo[i], views == null ? null : views[i], ctx, genid, nowNanos);
        }
    }

    /**
     * Processes one packet (the burst loop's body; exposed for per-packet drivers such as the scenario runner).
     *
     * @param packet   the packet, parsed.
     * @param flow     its attached flow, or null.
     * @param ctx      the configuration, or null when no table is available.
     * @param genid    the pipeline generation id.
     * @param nowNanos the clock.
     */
    public void processPacket(
        final Packet packet, final FlowInfo flow, final FlowFilterContext ctx, final long genid, final long nowNanos)
    {
        processPacket(packet, flow, null, ctx, genid, nowNanos);
    }

    /**
     * Processes one packet with its inline read (INLINE; null otherwise).
     *
     * @param packet   the packet, parsed.
     * @param flow     its attached flow, or null.
     * @param view     its inline read, or null.
     * @param ctx      the configuration, or null when no table is available.
     * @param genid    the pipeline generation id.
     * @param nowNanos the clock.
     */
    public void processPacket(
        final Packet packet, final FlowInfo flow, final InlineFlowView view, final FlowFilterContext ctx,
        final long genid, final long nowNanos)
    {
        final PacketMeta meta = packet.meta();
        if (ctx == null)
        {
            meta.drop(DropReason.INTERNAL_FAILURE);
            return;
        }
        if (meta.isDone() || !meta.hasFlags(PacketMeta.IS_OVERLAY))
        {
            return;
        }
        final FlowInfoReader r = reader;
        r.begin(flow, view, genid);
        // Step 1: bypass, before any other check (docs/spec/flow-filter.md section 7.2).
        if (r.tryBypass())
        {
            meta.dstVni(r.dstVni());
            meta.setFlags(r.natFlag() == FlowInfoReader.NAT_MASQUERADE ? FLAGS_MASQUERADE : FLAGS_PORT_FORWARDING);
            bypassed++;
            bypassedInline += r.readInline() ? 1 : 0;
            return;
        }
        final ParsedPacket parsed = packet.parsed();
        // Step 2.
        if (!parsed.isOk() || parsed.ipVersion() == 0)
        {
            drop(meta, DropReason.NOT_IP);
            return;
        }
        // Step 3.
        final int srcVni = meta.srcVni();
        if (srcVni == 0)
        {
            drop(meta, DropReason.UNROUTABLE);
            return;
        }
        // Step 4: lookup.
        final int protocol = parsed.protocol();
        final boolean hasPorts = IpProtocol.hasPorts(protocol);
        final L4Protocol proto = L4Protocol.ofPacket(protocol);
        final boolean ipv6 = parsed.ipVersion() == 6;
        final int srcPort = hasPorts ? packet.srcPort() : 0;
        final int dstPort = hasPorts ? packet.dstPort() : 0;
        final LookupResult result;
        if (ipv6)
        {
            result = ctx.lookup().lookup6(srcVni, packet.srcIpv6Hi(), packet.srcIpv6Lo(), packet.dstIpv6Hi(),
                packet.dstIpv6Lo(), hasPorts, srcPort, dstPort);
        }
        else
        {
            result = ctx.lookup().lookup4(srcVni, packet.srcIpv4(), packet.dstIpv4(), hasPorts, srcPort, dstPort);
        }
        if (resolve(packet, meta, result, proto, ctx, srcVni, ipv6, nowNanos))
        {
            return;
        }
        // Step 6: ICMP errors are accepted with whatever was found (possibly no destination).
        if (parsed.isIcmpErrorMessage())
        {
            meta.dstVni(candidate);
            meta.setFlags(natFlags);
            accepted++;
            return;
        }
        // Step 7.
        if (candidate == 0)
        {
            if (r.hasFlow())
            {
                r.invalidatePair();
            }
            if (violatedRule != NO_RULE)
            {
                logViolation(violatedRule, packet, ctx, srcVni, result.member(0).vni(), ipv6, nowNanos);
            }
            drop(meta, DropReason.FILTERED);
            return;
        }
        // Step 8.
        if (r.hasFlow())
        {
            r.setGenidPair(genid);
        }
        meta.dstVni(candidate);
        meta.setFlags(natFlags);
        accepted++;
    }

    /**
     * Steps 5a-5d: sets {@link #candidate} and {@link #natFlags}, or drops the packet.
     *
     * @return true when the packet was dropped (processing stops).
     */
    private boolean resolve(
        final Packet packet, final PacketMeta meta, final LookupResult result, final L4Protocol proto,
        final FlowFilterContext ctx, final int srcVni, final boolean ipv6, final long nowNanos)
    {
        final FlowInfoReader r = reader;
        candidate = 0;
        natFlags = 0;
        violatedRule = NO_RULE;
        if (result == null)
        {
            candidate = 0; // 5a
        }
        else if (result.isSingle())
        {
            // 5b: the NAT check (EARLY only) passes with an active flow; its drop comes before the ICMP-error
            // exemption and never invalidates the flow.
            final RemoteData rd = result.member(0);
            if (natValidation == NatValidation.EARLY && !r.hasActiveFlow())
            {
                final int rule = violatedRule(rd);
                if (rule != NO_RULE)
                {
                    logViolation(rule, packet, ctx, srcVni, rd.vni(), ipv6, nowNanos);
                    drop(meta, DropReason.FILTERED);
                    return true;
                }
            }
            natFlags = natFlags(rd, proto);
            candidate = rd.vni();
        }
        else
        {
            // 5c: flow path; 5d otherwise.
            final int mm = r.multiMatch();
            switch (mm)
            {
                case FlowInfoReader.MM_UNROUTABLE:
                    drop(meta, DropReason.UNROUTABLE);
                    return true;
                case FlowInfoReader.MM_MASQUERADE:
                    natFlags = FLAGS_MASQUERADE;
                    candidate = r.dstVni();
                    break;
                case FlowInfoReader.MM_PORT_FORWARDING:
                    natFlags = FLAGS_PORT_FORWARDING;
                    candidate = r.dstVni();
                    break;
                case FlowInfoReader.MM_INVALID_STATE:
                    candidate = 0;
                    break;
                default:
                    dealWithMultipleMatches(result, proto);
                    break;
            }
        }
        return false;
    }

    /**
     * 5d, "deal with multiple matches", without a flow. Sets {@link #candidate} and {@link #natFlags}.
     */
    private void dealWithMultipleMatches(final LookupResult result, final L4Protocol proto)
    {
        final int size = result.size();
        if (size == 0)
        {
            return;
        }
        // (i) one VPC only.
        final int vni = result.member(0).vni();
        for (int i = 1; i < size; i++)
        {
            if (result.member(i).vni() != vni)
            {
                return;
            }
        }
        // (ii) members that apply to the protocol; remember the first two (more than two resolves to none).
        int applicable = 0;
        RemoteData first = null;
        RemoteData second = null;
        for (int i = 0; i < size; i++)
        {
            final RemoteData rd = result.member(i);
            if (rd.appliesTo(proto))
            {
                if (applicable == 0)
                {
                    first = rd;
                }
                else if (applicable == 1)
                {
                    second = rd;
                }
                applicable++;
            }
        }
        if (applicable == 1)
        {
            // (iii) R1/R2 without a flow check (this path only runs without an active flow).
            if (natValidation == NatValidation.EARLY)
            {
                final int rule = violatedRule(first);
                if (rule != NO_RULE)
                {
                    violatedRule = rule;
                    return;
                }
            }
            natFlags = natFlags(first, proto);
            candidate = first.vni();
            return;
        }
        if (applicable != 2)
        {
            return; // (ii) none left, or (iv) more than two
        }
        // (v) rule A: source-side masquerade wins over a source port-forward.
        final RemoteData srcStateful = first.srcNatReq() == NatRequirement.STATEFUL ? first :
            second.srcNatReq() == NatRequirement.STATEFUL ? second : null;
        if (srcStateful != null && (forwards(first.srcNatReq(), proto) || forwards(second.srcNatReq(), proto)))
        {
            natFlags = natFlags(srcStateful, proto);
            candidate = srcStateful.vni();
            return;
        }
        // Rule B: destination-side port-forwarding wins over a destination masquerade.
        final RemoteData dstForward = forwards(first.dstNatReq(), proto) ? first :
            forwards(second.dstNatReq(), proto) ? second : null;
        if (dstForward != null &&
            (first.dstNatReq() == NatRequirement.STATEFUL || second.dstNatReq() == NatRequirement.STATEFUL))
        {
            natFlags = natFlags(dstForward, proto);
            candidate = dstForward.vni();
        }
    }

    private static boolean forwards(final NatRequirement requirement, final L4Protocol proto)
    {
        return requirement != null && requirement.isPortForwarding() && requirement.protocol().intersects(proto);
    }

    /** R1 (destination masquerade) or R2 (source port forwarding, any protocol), or none. */
    private static int violatedRule(final RemoteData rd)
    {
        if (rd.dstNatReq() == NatRequirement.STATEFUL)
        {
            return NatCheckLog.R1;
        }
        if (rd.srcNatReq() != null && rd.srcNatReq().isPortForwarding())
        {
            return NatCheckLog.R2;
        }
        return NO_RULE;
    }

    /** "Mark NAT from RemoteData" (docs/spec/flow-filter.md section 1.3). */
    private static int natFlags(final RemoteData rd, final L4Protocol proto)
    {
        int flags = 0;
        if (rd.needsStateful())
        {
            flags |= PacketMeta.REQ_STATEFUL_NAT;
        }
        if (rd.needsStateless())
        {
            flags |= PacketMeta.REQ_STATELESS_NAT;
        }
        if (rd.needsPortForwarding(proto))
        {
            flags |= PacketMeta.REQ_PORT_FORWARDING;
        }
        return flags;
    }

    private void drop(final PacketMeta meta, final DropReason reason)
    {
        meta.drop(reason);
        dropped++;
    }

    private void logViolation(
        final int rule, final Packet packet, final FlowFilterContext ctx, final int srcVni, final int dstVni,
        final boolean ipv6, final long nowNanos)
    {
        if (ipv6)
        {
            natLog.record(rule, ctx, srcVni, dstVni, true, packet.srcIpv6Hi(), packet.srcIpv6Lo(), packet.dstIpv6Hi(),
                packet.dstIpv6Lo(), nowNanos);
        }
        else
        {
            natLog.record(rule, ctx, srcVni, dstVni, false, 0L, packet.srcIpv4(), 0L, packet.dstIpv4(), nowNanos);
        }
    }

    /**
     * The setting of this stage.
     *
     * @return EARLY or LATE.
     */
    public NatValidation natValidation()
    {
        return natValidation;
    }

    /**
     * Packets accepted through the bypass.
     *
     * @return the count.
     */
    public long bypassed()
    {
        return bypassed;
    }

    /**
     * Packets of {@link #bypassed()} decided from their inline read (INLINE), without loading the flow.
     *
     * @return the count.
     */
    public long bypassedInline()
    {
        return bypassedInline;
    }

    /**
     * Packets accepted after a table lookup (ICMP errors included).
     *
     * @return the count.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * Packets this stage dropped.
     *
     * @return the count.
     */
    public long dropped()
    {
        return dropped;
    }

    /**
     * NAT-requirement drops (EARLY) of one rule.
     *
     * @param destinationMasquerade true for R1 (destination masquerade), false for R2 (source port forwarding).
     * @return the count.
     */
    public long natRequirementDrops(final boolean destinationMasquerade)
    {
        return natLog.total(destinationMasquerade ? NatCheckLog.R1 : NatCheckLog.R2);
    }

    /**
     * The last NAT-requirement log line emitted (rate-limited to one per rule per second), for tests and tools.
     *
     * @return the line, or null when none was emitted.
     */
    public String lastNatRequirementMessage()
    {
        return natLog.lastMessage();
    }
}
