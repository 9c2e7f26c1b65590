// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketRewriter;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParseStatus;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * The ICMP-error handler (docs/spec/nat.md sections 4.1 to 4.5): translates ICMP errors about masqueraded or
 * port-forwarded flows the RFC 5508 way. It takes packets that are not done, are overlay, are ICMP errors, are not
 * flagged {@link PacketMeta#REQ_STATELESS_NAT} (static NAT translates those itself) and whose destination VNI is still
 * unknown, and:
 * <ol>
 *   <li>no source VNI: {@code unroutable};</li>
 *   <li>checks the ICMP checksum as received ({@code invalid-checksum}), that the embedded packet is complete
 *   ({@code icmp-error-incomplete}) and its IPv4 header checksum ({@code invalid-checksum});</li>
 *   <li>keys the embedded packet (TCP/UDP ports or the ICMP echo identifier; anything else is
 *   {@code icmp-error-incomplete}), reversed with the packet's source VNI, and looks the flow up (none:
 *   {@code filtered});</li>
 *   <li>sets the destination VNI from the flow (none: {@code internal-failure});</li>
 *   <li>masquerade state: the embedded source takes the state's destination and the embedded destination its
 *   source (ports, or the echo identifier as the flow's own packets get it), then the outer destination becomes
 *   the embedded source; port-forwarding state (the other direction's flow must be active, else {@code filtered}):
 *   a reverse flow gives the embedded destination and the outer source the public endpoint, a forward flow the
 *   embedded source and the outer destination the private one. Any failure: {@code internal-failure}.</li>
 * </ol>
 * Every rewrite goes through {@link PacketRewriter}'s inner methods, which keep the embedded IPv4 header, embedded
 * transport and outer ICMP checksums valid (quirks 1 and 13 fixed). Deadlines are not refreshed and {@code NATTED}
 * is not set, as upstream. Allocation-free; not thread-safe (one instance per worker).
 */
public final class IcmpErrorStage extends PerPacketStage
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int INCOMPLETE = ParseStatus.ICMP_ERROR_INCOMPLETE.code();

    private final FlowTable flowTable;
    private final MutableFlowKey key = new MutableFlowKey();
    private final NatLog log = new NatLog("icmp-error-handler");
    /** The table when it carries inline state (sessions without state objects live there), else null. */
    private final LockFreeFlowTable inline;
    private final InlineFlowView view = new InlineFlowView();
    /** Sessions without flow objects in {@link #inline} (docs/spec/flow-table.md section 11.13, P7), or null. */
    private final InlineSessions sessions;
    /** A session's other direction, read by its link. */
    private final InlineFlowView peerView = new InlineFlowView();
    private final PortForwardState portForward = new PortForwardState();
    private long translated;

    /**
     * A stage for one worker.
     *
     * @param flowTable the shared flow table.
     */
    public IcmpErrorStage(final FlowTable flowTable)
    {
        super(PacketMeta.IS_OVERLAY, PacketMeta.REQ_STATELESS_NAT, ICMP_ERRORS_ONLY);
        this.flowTable = flowTable;
        this.inline = flowTable instanceof LockFreeFlowTable && ((LockFreeFlowTable) flowTable).hasInlineState() ?
            (LockFreeFlowTable) flowTable : null;
        this.sessions = inline != null ? new InlineSessions(inline) : null;
    }

    /**
     * Processes a burst.
     *
     * @param batch    the burst (an ICMP error never has a flow attached: the stage looks up the embedded packet's).
     * @param nowNanos the burst's time (for rate-limited log lines).
     */
    public void process(final PacketBatch batch, final long nowNanos)
    {
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            final Packet packet = take(batch, i);
            if (packet != null)
            {
                record(packet, i, processPacket(packet, nowNanos));
            }
        }
    }

    /**
     * ICMP errors translated so far.
     *
     * @return the count.
     */
    public long translated()
    {
        return translated;
    }

    private DropReason processPacket(final Packet packet, final long nowNanos)
    {
        final PacketMeta meta = packet.meta();
        final ParsedPacket parsed = packet.parsed();
        if (meta.dstVni() != 0)
        {
            return null; // the flow-filter found the destination: not this stage's
        }
        final int s = meta.srcVni();
        if (s == 0)
        {
            return DropReason.UNROUTABLE;
        }
        final DropReason invalid = validate(packet, parsed);
        if (invalid != null)
        {
            return invalid;
        }
        final boolean ipv6 = parsed.ipVersion() == 6;
        final UnsafeBuffer buffer = packet.buffer();
        final int l3 = parsed.innerL3Offset();
        final int l4 = parsed.innerL4Offset();
        final int innerProto = parsed.innerProtocol();
        final long srcHi = ipv6 ? buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET, NET) : 0L;
        final long srcLo = ipv6 ? buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, NET) :
            buffer.getInt(l3 + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET) & 0xFFFF_FFFFL;
        final long dstHi = ipv6 ? buffer.getLong(l3 + Ipv6Descriptor.DST_ADDRESS_OFFSET, NET) : 0L;
        final long dstLo = ipv6 ? buffer.getLong(l3 + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8, NET) :
            buffer.getInt(l3 + Ipv4Descriptor.DST_ADDRESS_OFFSET, NET) & 0xFFFF_FFFFL;
        // The embedded transport is at least 8 bytes long (parser): ports and the echo identifier are readable.
        final boolean ports = innerProto == IpProtocol.TCP || innerProto == IpProtocol.UDP;
        final boolean echo = isEcho(buffer, l4, innerProto, ipv6);
        if (ports)
        {
            final int sport = buffer.getShort(l4 + TcpDescriptor.SRC_PORT_OFFSET, NET) & 0xFFFF;
            final int dport = buffer.getShort(l4 + TcpDescriptor.DST_PORT_OFFSET, NET) & 0xFFFF;
            if (ipv6)
            {
                key.ipv6Ports(s, dstHi, dstLo, srcHi, srcLo, innerProto, dport, sport);
            }
            else
            {
                key.ipv4Ports(s, (int) dstLo, (int) srcLo, innerProto, dport, sport);
            }
        }
        else if (echo)
        {
            key.icmpQuery(s, ipv6, dstHi, dstLo, srcHi, srcLo,
                buffer.getShort(l4 + Icmp4Descriptor.IDENTIFIER_OFFSET, NET) & 0xFFFF);
        }
        else
        {
            return DropReason.ICMP_ERROR_INCOMPLETE; // no key for the embedded packet
        }
        FlowInfo found = flowTable.lookup(key);
        if (found == FlowInfo.INLINE_SESSION && sessions.find(key, view) < 0)
        {
            found = null; // removed between the look-up and the read
        }
        if (found == null)
        {
            if (log.shouldLog(DropReason.FILTERED, nowNanos))
            {
                log.log(DropReason.FILTERED, nowNanos, "ICMP error from VNI " + s + " about a packet with no " +
                    "masquerade or port-forwarding flow (" + key + ")");
            }
            return DropReason.FILTERED;
        }
        final DropReason result = translate(packet, meta, found, ipv6, ports);
        if (result == null)
        {
            translated++;
        }
        return result;
    }

    /** Steps 4-5: the destination VNI from the flow found, then the rewrite its NAT state asks for. */
    private DropReason translate(
        final Packet packet, final PacketMeta meta, final FlowInfo found, final boolean ipv6, final boolean ports)
    {
        final boolean session = found == FlowInfo.INLINE_SESSION;
        final Object nat = found.readNatState();
        final InlineFlowView v = session ? words(view) :
            nat == null && found.readPortFwState() == null ? inlineState(found) : null;
        final int d = v != null ? v.dstVni : found.readDstVni();
        if (d == 0)
        {
            return DropReason.INTERNAL_FAILURE;
        }
        meta.dstVni(d);
        final DropReason result;
        if (v != null && (v.natFlags & InlineFlowView.NAT_MASQUERADE) != 0)
        {
            final boolean src = (v.natFlags & InlineFlowView.NAT_SRC) != 0;
            final long hi = NatInline.hi(v);
            final long lo = NatInline.lo(v);
            result = masquerade(packet, ipv6, ports, (v.natFlags & InlineFlowView.NAT_V6) != 0, src, hi, lo,
                v.natPort, !src, hi, lo, v.natPort);
        }
        else if (nat instanceof MasqueradeState)
        {
            final MasqueradeState m = (MasqueradeState) nat;
            result = masquerade(packet, ipv6, ports, m.ipv6, m.hasSrc, m.srcHi, m.srcLo, m.srcPort, m.hasDst, m.dstHi,
                m.dstLo, m.dstPort);
        }
        else
        {
            // A connection without state objects (v has the port-forwarding flag here): its rewrite from the read; its
            // status and rule (the forward slot's connection word) are not needed for the error.
            final Object portFw = v != null ? portForward.fill(v) : found.readPortFwState();
            if (!(portFw instanceof PortForwardState))
            {
                return DropReason.INTERNAL_FAILURE;
            }
            final FlowInfo other = found.related();
            if (other != null && !other.isActive() || session && otherDirectionInactive(v))
            {
                return DropReason.FILTERED;
            }
            result = portForward(packet, (PortForwardState) portFw, ipv6, ports);
        }
        return result;
    }

    /**
     * docs/spec/nat.md sections 2.11 and 3.8: a session without state objects keeps its VNI and rewrite in its slot
     * only.
     *
     * @return the slot's read, or null when the flow has no such state (another mode, double masquerade).
     */
    private InlineFlowView inlineState(final FlowInfo found)
    {
        if (inline == null || inline.readInlineOf(found, view) < 0)
        {
            return null;
        }
        return words(view);
    }

    /** The read, when its words hold a rewrite (masquerade of one side or port forwarding), else null. */
    private static InlineFlowView words(final InlineFlowView read)
    {
        final int flags = read.natFlags;
        return (flags & (InlineFlowView.NAT_MASQUERADE | InlineFlowView.NAT_PORT_FORWARDING)) != 0 &&
            (flags & InlineFlowView.NAT_OBJECT) == 0 ? read : null;
    }

    /**
     * Section 4.5 for a session without flow objects: the other direction, by the link of {@code read}, exists and is
     * not active (the object modes' {@code related() != null && !related().isActive()}). A direction not linked yet (a
     * reverse before its creator's write) has none; nor has one whose slot is gone or holds another session's flow
     * now (its key taken over by a newer session): the object modes' related flow is then an orphan that no packet
     * reaches, still active, and upstream's weak reference to it is dead, so neither filters.
     */
    private boolean otherDirectionInactive(final InlineFlowView read)
    {
        return read.peerSlot >= 0 && inline.sessionSide(read.peerSlot, read.peerTag, read.handle, read.tag(),
            peerView) == LockFreeFlowTable.SIDE_INACTIVE;
    }

    private static DropReason validate(final Packet packet, final ParsedPacket parsed)
    {
        final UnsafeBuffer buffer = packet.buffer();
        final boolean valid = parsed.ipVersion() == 4 ?
            Checksum.isTransportIpv4Valid(buffer, parsed.l3Offset(), parsed.l4Offset(), parsed.l4Length(),
                IpProtocol.ICMP) :
            Checksum.isTransportIpv6Valid(buffer, parsed.l3Offset(), parsed.l4Offset(), parsed.l4Length(),
                IpProtocol.ICMPV6);
        if (!valid)
        {
            return DropReason.INVALID_CHECKSUM;
        }
        if (parsed.status() == INCOMPLETE || !parsed.isOk())
        {
            return DropReason.ICMP_ERROR_INCOMPLETE;
        }
        if (parsed.innerIpVersion() == 4)
        {
            final int inner = parsed.innerL3Offset();
            if (!Checksum.isIpv4HeaderValid(buffer, inner, (buffer.getByte(inner) & 0x0F) * 4))
            {
                return DropReason.INVALID_CHECKSUM;
            }
        }
        return null;
    }

    private static boolean isEcho(final UnsafeBuffer buffer, final int l4, final int innerProto, final boolean ipv6)
    {
        if (innerProto != (ipv6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP))
        {
            return false;
        }
        final int type = buffer.getByte(l4) & 0xFF;
        return ipv6 ? type == Icmp6Descriptor.TYPE_ECHO_REQUEST || type == Icmp6Descriptor.TYPE_ECHO_REPLY :
            type == Icmp4Descriptor.TYPE_ECHO_REQUEST || type == Icmp4Descriptor.TYPE_ECHO_REPLY;
    }

    /**
     * docs/spec/nat.md section 4.4, applied to whichever direction was found: embedded source := the state's
     * destination, embedded destination := its source, then outer destination := embedded source.
     */
    @SuppressWarnings("checkstyle:ParameterNumber") // the state's fields, from the object or the inline words
    private static DropReason masquerade(
        final Packet packet, final boolean ipv6, final boolean ports, final boolean stateIpv6, final boolean hasSrc,
        final long srcHi, final long srcLo, final int srcPort, final boolean hasDst, final long dstHi,
        final long dstLo, final int dstPort)
    {
        if (stateIpv6 != ipv6)
        {
            return DropReason.INTERNAL_FAILURE;
        }
        if (hasDst && (ipv6 ? !StaticNatStage.isUnicast6(dstHi) : !StaticNatStage.isUnicast4((int) dstLo)))
        {
            return DropReason.INTERNAL_FAILURE;
        }
        if (ports && ((hasDst && dstPort == 0) || (hasSrc && srcPort == 0)))
        {
            return DropReason.INTERNAL_FAILURE; // invalid port
        }
        if (hasDst)
        {
            innerSrcAddress(packet, ipv6, dstHi, dstLo);
        }
        if (hasSrc)
        {
            innerDstAddress(packet, ipv6, srcHi, srcLo);
        }
        if (ports)
        {
            if (hasDst)
            {
                PacketRewriter.innerSrcPort(packet, dstPort);
            }
            if (hasSrc)
            {
                PacketRewriter.innerDstPort(packet, srcPort);
            }
        }
        else if (hasSrc || hasDst)
        {
            // The echo identifier this direction's own packets carry after translation (MasqueradeStage.translate).
            PacketRewriter.innerIcmpIdentifier(packet, hasSrc ? srcPort : dstPort);
        }
        final UnsafeBuffer buffer = packet.buffer();
        final int l3 = packet.parsed().innerL3Offset();
        if (ipv6)
        {
            PacketRewriter.dstIpv6(packet, buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET, NET),
                buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, NET));
        }
        else
        {
            PacketRewriter.dstIpv4(packet, buffer.getInt(l3 + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET));
        }
        return null;
    }

    /** docs/spec/nat.md section 4.5. */
    private static DropReason portForward(
        final Packet packet, final PortForwardState s, final boolean ipv6, final boolean ports)
    {
        if (s.ipv6 != ipv6 || !ports || s.usePort == 0)
        {
            return DropReason.INTERNAL_FAILURE;
        }
        if (s.dstNat)
        {
            // Forward flow found: the error is about a reply (public -> client); restore the private endpoint.
            innerSrcAddress(packet, ipv6, s.useHi, s.useLo);
            PacketRewriter.innerSrcPort(packet, s.usePort);
            if (ipv6)
            {
                PacketRewriter.dstIpv6(packet, s.useHi, s.useLo);
            }
            else
            {
                PacketRewriter.dstIpv4(packet, (int) s.useLo);
            }
        }
        else
        {
            // Reverse flow found: the error is about a forwarded request (client -> private); show the public one.
            innerDstAddress(packet, ipv6, s.useHi, s.useLo);
            PacketRewriter.innerDstPort(packet, s.usePort);
            if (ipv6)
            {
                PacketRewriter.srcIpv6(packet, s.useHi, s.useLo);
            }
            else
            {
                PacketRewriter.srcIpv4(packet, (int) s.useLo);
            }
        }
        return null;
    }

    private static void innerSrcAddress(final Packet packet, final boolean ipv6, final long hi, final long lo)
    {
        if (ipv6)
        {
            PacketRewriter.innerSrcIpv6(packet, hi, lo);
        }
        else
        {
            PacketRewriter.innerSrcIpv4(packet, (int) lo);
        }
    }

    private static void innerDstAddress(final Packet packet, final boolean ipv6, final long hi, final long lo)
    {
        if (ipv6)
        {
            PacketRewriter.innerDstIpv6(packet, hi, lo);
        }
        else
        {
            PacketRewriter.innerDstIpv4(packet, (int) lo);
        }
    }
}
