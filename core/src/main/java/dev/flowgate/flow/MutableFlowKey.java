// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A reusable {@link FlowKey} for look-ups: one per worker, overwritten per packet, never stored in a table (store
 * {@link #toImmutable()} instead). Setters return {@code this}.
 */
public final class MutableFlowKey extends FlowKey
{
    /**
     * An empty key (IPv4, TCP/UDP kind, all zero).
     */
    public MutableFlowKey()
    {
    }

    /**
     * An immutable copy for storage.
     *
     * @return a new immutable key equal to this one.
     */
    public FlowKey toImmutable()
    {
        return FlowKey.copyOf(this);
    }

    /**
     * Sets an IPv4 TCP/UDP key and clears the embedded part.
     *
     * @param srcVni  source VNI (0 = none).
     * @param src     source address.
     * @param dst     destination address.
     * @param proto   6 or 17.
     * @param srcPort source port.
     * @param dstPort destination port.
     * @return this.
     */
    public MutableFlowKey ipv4Ports(
        final int srcVni, final int src, final int dst, final int proto, final int srcPort, final int dstPort)
    {
        outer(srcVni, false, 0L, src & 0xFFFF_FFFFL, 0L, dst & 0xFFFF_FFFFL, proto, KIND_PORTS, srcPort, dstPort);
        return this;
    }

    /**
     * Sets an IPv6 TCP/UDP key and clears the embedded part.
     *
     * @param srcVni  source VNI (0 = none).
     * @param srcHi   source address, first 8 bytes.
     * @param srcLo   source address, last 8 bytes.
     * @param dstHi   destination address, first 8 bytes.
     * @param dstLo   destination address, last 8 bytes.
     * @param proto   6 or 17.
     * @param srcPort source port.
     * @param dstPort destination port.
     * @return this.
     */
    public MutableFlowKey ipv6Ports(
        final int srcVni, final long srcHi, final long srcLo, final long dstHi, final long dstLo, final int proto,
        final int srcPort, final int dstPort)
    {
        outer(srcVni, true, srcHi, srcLo, dstHi, dstLo, proto, KIND_PORTS, srcPort, dstPort);
        return this;
    }

    /**
     * Sets an ICMP echo key (v4 when {@code ipv6} is false: addresses in the low words) and clears the embedded part.
     *
     * @param srcVni     source VNI (0 = none).
     * @param ipv6       address family.
     * @param srcHi      source address, high word (0 for IPv4).
     * @param srcLo      source address, low word.
     * @param dstHi      destination address, high word (0 for IPv4).
     * @param dstLo      destination address, low word.
     * @param identifier the echo identifier.
     * @return this.
     */
    public MutableFlowKey icmpQuery(
        final int srcVni, final boolean ipv6, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final int identifier)
    {
        outer(srcVni, ipv6, srcHi, srcLo, dstHi, dstLo, ipv6 ? 58 : 1, KIND_ICMP_QUERY, identifier, 0);
        return this;
    }

    /**
     * Sets an ICMP key of an unsupported message type and clears the embedded part.
     *
     * @param srcVni source VNI (0 = none).
     * @param ipv6   address family.
     * @param srcHi  source address, high word.
     * @param srcLo  source address, low word.
     * @param dstHi  destination address, high word.
     * @param dstLo  destination address, low word.
     * @return this.
     */
    public MutableFlowKey icmpUnsupported(
        final int srcVni, final boolean ipv6, final long srcHi, final long srcLo, final long dstHi, final long dstLo)
    {
        outer(srcVni, ipv6, srcHi, srcLo, dstHi, dstLo, ipv6 ? 58 : 1, KIND_ICMP_UNSUPPORTED, 0, 0);
        return this;
    }

    /**
     * Sets an ICMP error key without embedded data ({@link #embedded} adds it).
     *
     * @param srcVni source VNI (0 = none).
     * @param ipv6   address family.
     * @param srcHi  source address, high word.
     * @param srcLo  source address, low word.
     * @param dstHi  destination address, high word.
     * @param dstLo  destination address, low word.
     * @return this.
     */
    public MutableFlowKey icmpError(
        final int srcVni, final boolean ipv6, final long srcHi, final long srcLo, final long dstHi, final long dstLo)
    {
        outer(srcVni, ipv6, srcHi, srcLo, dstHi, dstLo, ipv6 ? 58 : 1, KIND_ICMP_ERROR, 0, 0);
        return this;
    }

    /**
     * Sets the embedded (offending) packet summary of an ICMP error key.
     *
     * @param innerKind  {@link #KIND_PORTS}, {@link #KIND_ICMP_QUERY} or {@link #KIND_ICMP_UNSUPPORTED}.
     * @param innerIpv6  the inner address family.
     * @param srcHi      inner source address, high word.
     * @param srcLo      inner source address, low word.
     * @param dstHi      inner destination address, high word.
     * @param dstLo      inner destination address, low word.
     * @param innerProto inner IP protocol.
     * @param srcPort    inner source port, or the inner ICMP identifier.
     * @param dstPort    inner destination port (0 for ICMP).
     * @return this.
     */
    public MutableFlowKey embedded(
        final int innerKind, final boolean innerIpv6, final long srcHi, final long srcLo, final long dstHi,
        final long dstLo, final int innerProto, final int srcPort, final int dstPort)
    {
        this.innerKind = innerKind;
        this.innerIpv6 = innerIpv6;
        this.innerSrcHi = srcHi;
        this.innerSrcLo = srcLo;
        this.innerDstHi = dstHi;
        this.innerDstLo = dstLo;
        this.innerProto = innerProto & 0xFF;
        this.innerSrcPort = srcPort & 0xFFFF;
        this.innerDstPort = dstPort & 0xFFFF;
        return this;
    }

    /**
     * Sets the source VNI.
     *
     * @param vni 1..16777215, 0 for none.
     * @return this.
     */
    public MutableFlowKey srcVni(final int vni)
    {
        this.srcVni = vni & 0xFF_FFFF;
        return this;
    }

    /**
     * Copies another key into this one.
     *
     * @param other the key to copy.
     * @return this.
     */
    public MutableFlowKey set(final FlowKey other)
    {
        copyFrom(other);
        return this;
    }

    private void outer(
        final int vni, final boolean v6, final long sHi, final long sLo, final long dHi, final long dLo,
        final int protocol, final int transportKind, final int sPort, final int dPort)
    {
        this.srcVni = vni & 0xFF_FFFF;
        this.ipv6 = v6;
        this.srcHi = sHi;
        this.srcLo = sLo;
        this.dstHi = dHi;
        this.dstLo = dLo;
        this.proto = protocol & 0xFF;
        this.kind = transportKind;
        this.srcPort = sPort & 0xFFFF;
        this.dstPort = dPort & 0xFFFF;
        this.innerKind = KIND_NONE;
        this.innerProto = 0;
        this.innerIpv6 = false;
        this.innerSrcHi = 0L;
        this.innerSrcLo = 0L;
        this.innerDstHi = 0L;
        this.innerDstLo = 0L;
        this.innerSrcPort = 0;
        this.innerDstPort = 0;
    }
}
