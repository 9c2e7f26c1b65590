// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketRewriter;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;

/**
 * The static (stateless) NAT stage (docs/spec/nat.md sections 1.5 to 1.7). For each packet that is not done, is flagged
 * {@link PacketMeta#REQ_STATELESS_NAT} and not yet {@link PacketMeta#NATTED}: the source is looked up in
 * {@code src_nat[dst VNI]} of the source VNI's tables and the destination in its {@code dst_nat}, both with the
 * original addresses; mapped fields are rewritten in place with incremental checksum updates, and the packet is
 * flagged NATTED. No rule: the packet passes unchanged. ICMP errors also get their embedded packet translated
 * (inner source through {@code dst_nat}, inner destination through {@code src_nat}), after their checksums were
 * validated on the packet as received.
 *
 * <p>Not thread-safe (one instance per worker); allocates nothing per packet, including on drop paths (the drop log
 * line is rate-limited and built only when written).
 */
public final class StaticNatStage extends PerPacketStage
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final NatResult src = new NatResult();
    private final NatResult dst = new NatResult();
    private final NatResult innerSrc = new NatResult();
    private final NatResult innerDst = new NatResult();
    private final NatLog log = new NatLog("stateless-NAT");
    private long translated;

    /** A stage for one worker. */
    public StaticNatStage()
    {
        super(PacketMeta.REQ_STATELESS_NAT, PacketMeta.NATTED, ICMP_ERRORS_TOO);
    }

    /**
     * Processes a burst.
     *
     * @param batch    the burst.
     * @param tables   this burst's configuration.
     * @param nowNanos the burst's time (for rate-limited log lines).
     */
    public void process(final PacketBatch batch, final StaticNatTables tables, final long nowNanos)
    {
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            final Packet packet = take(batch, i);
            if (packet != null)
            {
                record(packet, i, processPacket(packet, tables, nowNanos));
            }
        }
    }

    /**
     * Packets translated so far (any field changed).
     *
     * @return the count.
     */
    public long translated()
    {
        return translated;
    }

    private DropReason processPacket(final Packet packet, final StaticNatTables tables, final long nowNanos)
    {
        final PacketMeta meta = packet.meta();
        final DropReason reason = translate(packet, meta, tables);
        if (reason == DropReason.UNROUTABLE && log.shouldLog(reason, nowNanos))
        {
            log.log(reason, nowNanos, "no static NAT tables for source VNI " + meta.srcVni() + " / destination VNI " +
                meta.dstVni());
        }
        return reason;
    }

    private DropReason translate(final Packet packet, final PacketMeta meta, final StaticNatTables tables)
    {
        final DropReason unusable = checkRoutableIp(packet, meta);
        if (unusable != null)
        {
            return unusable;
        }
        final ParsedPacket parsed = packet.parsed();
        final int version = parsed.ipVersion();
        final StaticNatTables.PerVni table = tables.perVni(meta.srcVni());
        if (table == null)
        {
            return DropReason.UNROUTABLE;
        }
        final StaticNatRuleTable srcTable = table.srcNat.get(meta.dstVni());
        final int proto = parsed.protocol();
        final boolean ports = proto == IpProtocol.TCP || proto == IpProtocol.UDP;
        final boolean icmpError =
            parsed.hasEmbeddedPacket() && (proto == IpProtocol.ICMP || proto == IpProtocol.ICMPV6);
        if (icmpError)
        {
            final DropReason bad = validateIcmpError(packet, parsed, version);
            if (bad != null)
            {
                return bad;
            }
        }
        final DropReason outer = version == 4 ?
            outer4(packet, ports, srcTable, table.dstNat) : outer6(packet, srcTable, table.dstNat);
        if (outer != null)
        {
            return outer;
        }
        boolean changed = src.found || dst.found;
        if (icmpError)
        {
            final DropReason inner = version == 4 ?
                inner4(packet, parsed, srcTable, table.dstNat) : inner6(packet, parsed, srcTable, table.dstNat);
            if (inner != null)
            {
                return inner;
            }
            changed |= innerSrc.found || innerDst.found;
        }
        if (changed)
        {
            meta.setFlags(PacketMeta.NATTED);
            translated++;
        }
        return null;
    }

    private DropReason outer4(
        final Packet packet, final boolean ports, final StaticNatRuleTable srcTable, final StaticNatRuleTable dstTable)
    {
        final int srcIp = packet.srcIpv4();
        final int dstIp = packet.dstIpv4();
        final int sport = ports ? packet.srcPort() : -1;
        final int dport = ports ? packet.dstPort() : -1;
        if (srcTable != null)
        {
            srcTable.lookup4(srcIp, sport, src);
        }
        else
        {
            src.clear();
        }
        dstTable.lookup4(dstIp, dport, dst);
        if (src.found)
        {
            if (src.ipv4 != srcIp)
            {
                if (!isUnicast4(src.ipv4))
                {
                    return DropReason.NAT_FAILURE;
                }
                PacketRewriter.srcIpv4(packet, src.ipv4);
            }
            if (ports && src.port >= 0 && src.port != sport)
            {
                if (src.port == 0)
                {
                    return DropReason.UNSUPPORTED_TRANSPORT;
                }
                PacketRewriter.srcPort(packet, src.port);
            }
        }
        if (dst.found)
        {
            // docs/spec/nat.md section 1.5 step 7: the destination is not checked for unicast.
            if (dst.ipv4 != dstIp)
            {
                PacketRewriter.dstIpv4(packet, dst.ipv4);
            }
            if (ports && dst.port >= 0 && dst.port != dport)
            {
                if (dst.port == 0)
                {
                    return DropReason.UNSUPPORTED_TRANSPORT;
                }
                PacketRewriter.dstPort(packet, dst.port);
            }
        }
        return null;
    }

    private DropReason outer6(
        final Packet packet, final StaticNatRuleTable srcTable, final StaticNatRuleTable dstTable)
    {
        final long sHi = packet.srcIpv6Hi();
        final long sLo = packet.srcIpv6Lo();
        final long dHi = packet.dstIpv6Hi();
        final long dLo = packet.dstIpv6Lo();
        if (srcTable != null)
        {
            srcTable.lookup6(sHi, sLo, src);
        }
        else
        {
            src.clear();
        }
        dstTable.lookup6(dHi, dLo, dst);
        if (src.found && (src.hi != sHi || src.lo != sLo))
        {
            if (!isUnicast6(src.hi))
            {
                return DropReason.NAT_FAILURE;
            }
            PacketRewriter.srcIpv6(packet, src.hi, src.lo);
        }
        if (dst.found && (dst.hi != dHi || dst.lo != dLo))
        {
            PacketRewriter.dstIpv6(packet, dst.hi, dst.lo);
        }
        return null;
    }

    /** Checksums of the error as received (quirk 10 fixed: before any rewrite). */
    private static DropReason validateIcmpError(final Packet packet, final ParsedPacket parsed, final int version)
    {
        final UnsafeBuffer buffer = packet.buffer();
        final int l4Length = parsed.l4Length();
        final boolean valid = version == 4 ?
            Checksum.isTransportIpv4Valid(buffer, parsed.l3Offset(), parsed.l4Offset(), l4Length, IpProtocol.ICMP) :
            Checksum.isTransportIpv6Valid(buffer, parsed.l3Offset(), parsed.l4Offset(), l4Length, IpProtocol.ICMPV6);
        if (!valid)
        {
            return DropReason.FILTERED;
        }
        if (parsed.innerIpVersion() == 4)
        {
            final int inner = parsed.innerL3Offset();
            final int ihl = (buffer.getByte(inner) & 0x0F) * 4;
            if (!Checksum.isIpv4HeaderValid(buffer, inner, ihl))
            {
                return DropReason.FILTERED;
            }
        }
        return null;
    }

    private DropReason inner4(
        final Packet packet, final ParsedPacket parsed, final StaticNatRuleTable srcTable,
        final StaticNatRuleTable dstTable)
    {
        final UnsafeBuffer buffer = packet.buffer();
        final int l3 = parsed.innerL3Offset();
        final int l4 = parsed.innerL4Offset();
        final int innerProto = parsed.innerProtocol();
        final boolean ports = innerProto == IpProtocol.TCP || innerProto == IpProtocol.UDP;
        final int iSrc = buffer.getInt(l3 + Ipv4Descriptor.SRC_ADDRESS_OFFSET, NET);
        final int iDst = buffer.getInt(l3 + Ipv4Descriptor.DST_ADDRESS_OFFSET, NET);
        final int iSport = ports ? buffer.getShort(l4, NET) & 0xFFFF : -1;
        final int iDport = ports ? buffer.getShort(l4 + 2, NET) & 0xFFFF : -1;
        // Quirk 10 fixed: each side looked up with its own port.
        dstTable.lookup4(iSrc, iSport, innerSrc);
        if (srcTable != null)
        {
            srcTable.lookup4(iDst, iDport, innerDst);
        }
        else
        {
            innerDst.clear();
        }
        if (innerSrc.found)
        {
            if (!isUnicast4(innerSrc.ipv4))
            {
                return DropReason.NAT_FAILURE;
            }
            if (innerSrc.ipv4 != iSrc)
            {
                PacketRewriter.innerSrcIpv4(packet, innerSrc.ipv4);
            }
            if (ports && innerSrc.port >= 0 && innerSrc.port != iSport)
            {
                if (innerSrc.port == 0)
                {
                    return DropReason.MALFORMED;
                }
                PacketRewriter.innerSrcPort(packet, innerSrc.port);
            }
        }
        if (innerDst.found)
        {
            if (innerDst.ipv4 != iDst)
            {
                PacketRewriter.innerDstIpv4(packet, innerDst.ipv4);
            }
            if (ports && innerDst.port >= 0 && innerDst.port != iDport)
            {
                if (innerDst.port == 0)
                {
                    return DropReason.MALFORMED;
                }
                PacketRewriter.innerDstPort(packet, innerDst.port);
            }
        }
        return null;
    }

    private DropReason inner6(
        final Packet packet, final ParsedPacket parsed, final StaticNatRuleTable srcTable,
        final StaticNatRuleTable dstTable)
    {
        final UnsafeBuffer buffer = packet.buffer();
        final int l3 = parsed.innerL3Offset();
        final long sHi = buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET, NET);
        final long sLo = buffer.getLong(l3 + Ipv6Descriptor.SRC_ADDRESS_OFFSET + 8, NET);
        final long dHi = buffer.getLong(l3 + Ipv6Descriptor.DST_ADDRESS_OFFSET, NET);
        final long dLo = buffer.getLong(l3 + Ipv6Descriptor.DST_ADDRESS_OFFSET + 8, NET);
        dstTable.lookup6(sHi, sLo, innerSrc);
        if (srcTable != null)
        {
            srcTable.lookup6(dHi, dLo, innerDst);
        }
        else
        {
            innerDst.clear();
        }
        if (innerSrc.found && (innerSrc.hi != sHi || innerSrc.lo != sLo))
        {
            if (!isUnicast6(innerSrc.hi))
            {
                return DropReason.NAT_FAILURE;
            }
            PacketRewriter.innerSrcIpv6(packet, innerSrc.hi, innerSrc.lo);
        }
        if (innerDst.found && (innerDst.hi != dHi || innerDst.lo != dLo))
        {
            PacketRewriter.innerDstIpv6(packet, innerDst.hi, innerDst.lo);
        }
        return null;
    }

    static boolean isUnicast4(final int address)
    {
        return (address & 0xF000_0000) != 0xE000_0000 && address != -1;
    }

    static boolean isUnicast6(final long hi)
    {
        return (hi >>> 56) != 0xFF;
    }
}
