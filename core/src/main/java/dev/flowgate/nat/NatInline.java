// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * What the NAT stages share about the INLINE established path (docs/spec/nat.md section 2.9): when a packet's inline
 * read may be used, and the translated address it carries.
 */
final class NatInline
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private NatInline()
    {
    }

    /**
     * The table whose inline state a stage reads and writes.
     *
     * @return the table when {@code access} is INLINE and the table carries inline state, else null.
     */
    static LockFreeFlowTable table(final FlowTable flowTable, final FlowInfoAccess access)
    {
        return access == FlowInfoAccess.INLINE && flowTable instanceof LockFreeFlowTable &&
            ((LockFreeFlowTable) flowTable).hasInlineState() ? (LockFreeFlowTable) flowTable : null;
    }

    /**
     * Whether the read is usable for the packet's flow, carries state of {@code kind} with the rewrite inline and is
     * of the packet's family.
     */
    static boolean usable(final InlineFlowView view, final FlowInfo flow, final int kind, final boolean ipv6)
    {
        if (view == null || !view.usable() || view.flow != flow)
        {
            return false;
        }
        final int flags = view.natFlags;
        return (flags & kind) != 0 && (flags & InlineFlowView.NAT_OBJECT) == 0 &&
            (flags & (ipv6 ? InlineFlowView.NAT_V6 : InlineFlowView.NAT_V4)) != 0;
    }

    /** High half of the translated address (0 for IPv4). */
    static long hi(final InlineFlowView view)
    {
        return view.nat6Hi;
    }

    /** Low half of the translated address (the IPv4 address, unsigned, for IPv4). */
    static long lo(final InlineFlowView view)
    {
        return (view.natFlags & InlineFlowView.NAT_V6) != 0 ? view.nat6Lo : view.natAddress & 0xFFFF_FFFFL;
    }

    /**
     * docs/spec/nat.md section 2.9, D1: the precomputed incremental checksum delta of one direction's rewrite, RFC
     * 1624 style: the ones' complement sum of the complement of every 16-bit word the rewrite replaces in the
     * transport checksum and of every word it writes, folded. Only the fields the object path rewrites count
     * ({@code address}, {@code port}): a word rewritten with its own value still changes a checksum of 0xFFFF to 0,
     * so the set must match for the bytes to. An ICMPv4 checksum covers no pseudo-header, so not the address.
     *
     * @param proto   the flow's IP protocol (TCP, UDP, ICMP, ICMPv6).
     * @param ipv6    the family.
     * @param address whether the address is rewritten.
     * @param oldHi   the replaced address, high half (0 for IPv4).
     * @param oldLo   the replaced address, low half (the IPv4 address in the low 32 bits).
     * @param newHi   the written address, high half.
     * @param newLo   the written address, low half.
     * @param port    whether the port (or ICMP identifier) is rewritten.
     * @param oldPort the replaced port or identifier.
     * @param newPort the written one.
     * @return the delta, 16 bits (0 only when every word summed is 0).
     */
    @SuppressWarnings("checkstyle:ParameterNumber") // both endpoints of one rewrite
    static int delta(
        final int proto, final boolean ipv6, final boolean address, final long oldHi, final long oldLo,
        final long newHi, final long newLo, final boolean port, final int oldPort, final int newPort)
    {
        long sum = 0;
        if (address && proto != IpProtocol.ICMP)
        {
            sum += ipv6 ? words(~oldHi) + words(~oldLo) + words(newHi) + words(newLo) :
                words(~oldLo & 0xFFFF_FFFFL) + words(newLo & 0xFFFF_FFFFL);
        }
        if (port)
        {
            sum += (~oldPort & 0xFFFF) + (newPort & 0xFFFF);
        }
        return Checksum.fold(sum);
    }

    private static long words(final long value)
    {
        return (value >>> 48) + ((value >>> 32) & 0xFFFF) + ((value >>> 16) & 0xFFFF) + (value & 0xFFFF);
    }

    /**
     * docs/spec/nat.md section 2.9, D2: the established INLINE rewrite of one direction with its precomputed delta:
     * the address and the port (or ICMP echo identifier) written, the IPv4 header checksum updated for the address,
     * and the transport checksum updated once with {@code delta} (a UDP checksum of 0 stays 0, a result of 0 is
     * written 0xFFFF), byte for byte what {@code PacketRewriter}'s field-by-field updates give.
     *
     * @param packet a parsed packet of the flow whose direction {@code delta} was computed for.
     * @param src    rewrite the source (else the destination).
     * @param ipv6   the family.
     * @param hi     the new address, high half.
     * @param lo     the new address, low half (IPv4: low 32 bits).
     * @param port   the new port or identifier.
     * @param delta  {@link #delta} of this rewrite.
     * @param always rewrite every field (masquerade); false: only the fields that differ (port forwarding), the set
     *               {@code delta} was computed over.
     */
    @SuppressWarnings("checkstyle:ParameterNumber") // the inline words of one direction
    static void rewrite(
        final Packet packet, final boolean src, final boolean ipv6, final long hi, final long lo, final int port,
        final int delta, final boolean always)
    {
        final MutableDirectBuffer buffer = packet.buffer();
        final ParsedPacket parsed = packet.parsed();
        final int proto = parsed.protocol();
        final int l3 = parsed.l3Offset();
        final int l4 = parsed.l4Offset();
        boolean wrote = false;
        if (ipv6)
        {
            final int at = l3 + (src ? Ipv6Descriptor.SRC_ADDRESS_OFFSET : Ipv6Descriptor.DST_ADDRESS_OFFSET);
            if (always || buffer.getLong(at, NET) != hi || buffer.getLong(at + 8, NET) != lo)
            {
                wrote = true;
                buffer.putLong(at, hi, NET);
                buffer.putLong(at + 8, lo, NET);
            }
        }
        else
        {
            final int at = l3 + (src ? Ipv4Descriptor.SRC_ADDRESS_OFFSET : Ipv4Descriptor.DST_ADDRESS_OFFSET);
            final int old = buffer.getInt(at, NET);
            if (always || old != (int) lo)
            {
                wrote = true;
                buffer.putInt(at, (int) lo, NET);
                final int ipChecksum = l3 + Ipv4Descriptor.CHECKSUM_OFFSET;
                buffer.putShort(ipChecksum,
                    (short) Checksum.update32(buffer.getShort(ipChecksum, NET) & 0xFFFF, old, (int) lo), NET);
            }
        }
        final boolean icmp = proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6;
        final int portAt = l4 + (icmp ? Icmp4Descriptor.IDENTIFIER_OFFSET :
            src ? TcpDescriptor.SRC_PORT_OFFSET : TcpDescriptor.DST_PORT_OFFSET);
        if (always || (buffer.getShort(portAt, NET) & 0xFFFF) != port)
        {
            wrote = true;
            buffer.putShort(portAt, (short) port, NET);
        }
        if (!wrote)
        {
            return; // nothing differed: the object path leaves the checksum as it is too (delta 0 is the identity)
        }
        final int checksumAt = l4 + Checksum.checksumFieldOffset(proto);
        final int checksum = buffer.getShort(checksumAt, NET) & 0xFFFF;
        final boolean udp = proto == IpProtocol.UDP;
        if (!udp || checksum != 0)
        {
            final int updated = Checksum.finishSmall((~checksum & 0xFFFF) + delta); // two 16-bit words
            buffer.putShort(checksumAt, (short) (udp ? Checksum.udpChecksum(updated) : updated), NET);
        }
    }
}
