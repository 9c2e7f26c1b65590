// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.NatRequirement;
import dev.flowgate.config.Overlay;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowHolder;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.PacketParser;

/** Packets, flows and a lookup that returns a chosen result, for driving the stage branch by branch. */
final class StageHarness
{
    static final int VPC1 = 100;
    static final int VPC2 = 200;
    static final int VPC3 = 300;
    static final Object NAT = new Object();
    static final Object PF = new Object();

    static final NatRequirement S = NatRequirement.STATELESS;
    static final NatRequirement M = NatRequirement.STATEFUL;
    static final NatRequirement PF_TCP = NatRequirement.PORT_FORWARDING_TCP;
    static final NatRequirement PF_UDP = NatRequirement.PORT_FORWARDING_UDP;

    static final Overlay OVERLAY = Overlay.builder().vpc("vpc1", "VPC01", VPC1).vpc("vpc2", "VPC02", VPC2)
        .vpc("vpc3", "VPC03", VPC3).build();

    private final PacketParser parser = new PacketParser();
    final FixedTable table = new FixedTable();
    final FlowFilterContext ctx = FlowFilterContext.of(OVERLAY, table);
    private final InlineFlowHolder inline = new InlineFlowHolder();

    /**
     * The inline read the stage gets with {@code f} under INLINE (the flow held in a small inline table, as the
     * pipeline's look-up reads it); null in the other modes and without a flow.
     */
    InlineFlowView view(final FlowInfoAccess access, final FlowInfo f)
    {
        return access == FlowInfoAccess.INLINE && f != null ? inline.hold(f) : null;
    }

    /** A lookup that returns {@link #result} for every packet. */
    static final class FixedTable implements FlowFilterLookup
    {
        LookupResult result;
        int lookups;

        @Override
        public LookupResult lookup4(
            final int srcVni, final int srcAddr, final int dstAddr, final boolean hasPorts, final int srcPort,
            final int dstPort)
        {
            lookups++;
            return result;
        }

        @Override
        public LookupResult lookup6(
            final int srcVni, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
            final boolean hasPorts, final int srcPort, final int dstPort)
        {
            lookups++;
            return result;
        }
    }

    static RemoteData rd(final int vni, final NatRequirement src, final NatRequirement dst)
    {
        return RemoteData.of(vni, src, dst);
    }

    static LookupResult single(final int vni, final NatRequirement src, final NatRequirement dst)
    {
        return LookupResult.single(rd(vni, src, dst));
    }

    static LookupResult multi(final RemoteData... members)
    {
        return LookupResult.multiple(members);
    }

    Packet tcp()
    {
        return packet(new PacketBuilder().ipv4("10.0.0.1", "20.0.0.1").tcp(40000, 80).flags(TcpDescriptor.SYN));
    }

    Packet udp()
    {
        return packet(new PacketBuilder().ipv4("10.0.0.1", "20.0.0.1").udp(40000, 80));
    }

    Packet icmpError()
    {
        final PacketBuilder inner = new PacketBuilder().ipv4("20.0.0.1", "10.0.0.1").udp(80, 40000);
        return packet(new PacketBuilder().ipv4("10.0.0.1", "20.0.0.1").icmpError(3, 1, inner));
    }

    Packet notIp()
    {
        final Packet p = new Packet(2048);
        final byte[] arp = new byte[60];
        arp[12] = 0x08;
        arp[13] = 0x06;
        p.buffer().putBytes(0, arp);
        p.length(arp.length);
        parser.parse(p.buffer(), p.length(), p.parsed()); // records no drop: the flow-filter sees it first
        p.meta().srcVni(VPC1).setFlags(PacketMeta.IS_OVERLAY);
        return p;
    }

    Packet packet(final PacketBuilder builder)
    {
        final Packet p = new Packet(2048);
        builder.writeTo(p);
        parser.parse(p);
        p.meta().srcVni(VPC1).setFlags(PacketMeta.IS_OVERLAY);
        return p;
    }

    /**
     * A flow pair (forward returned) with the given status, genid, destination and states.
     */
    static FlowInfo flow(
        final FlowInfoAccess access, final int status, final long genid, final int dst, final boolean nat,
        final boolean pf)
    {
        final MutableFlowKey k = new MutableFlowKey();
        final FlowInfo f = FlowInfo.relatedPair(k.ipv4Ports(VPC1, 1, 2, 6, 3, 4).toImmutable(),
            k.ipv4Ports(VPC2, 2, 1, 6, 4, 3).toImmutable(), Long.MAX_VALUE, access);
        f.writeLocked(dst, nat ? NAT : null, pf ? PF : null);
        f.genid(genid);
        f.status(status);
        return f;
    }
}
