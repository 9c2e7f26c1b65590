// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * The endpoints of the masquerade session being created (docs/spec/nat.md section 2.5): the first packet's VNIs,
 * source and destination as received, and the addresses and ports the allocator gave. One per stage, refilled for
 * each new session, so the steps of {@link MasqueradeStage#newSession} share them without long argument lists and
 * nothing is allocated before the session's own flows and states.
 */
final class MasqueradeEndpoints
{
    boolean ipv6;
    boolean icmp;
    int srcVni;
    int dstVni;
    /** The source as received: address and port (the echo identifier for ICMP). */
    long srcHi;
    long srcLo;
    int srcPort;
    /** The destination as received: address and port (ICMP: the echo identifier again). */
    long dstHi;
    long dstLo;
    int dstPort;
    /** The source's allocated address and port or identifier. */
    MasqueradeIp natSrc;
    int natSrcPort;
    /** The destination's allocated address and port, or null and -1 when no destination pool applies. */
    MasqueradeIp natDst;
    int natDstPort;
    long idleTimeoutNanos;
    /** The pool's {@link dev.flowgate.flow.IdleTimeouts} index of {@link #idleTimeoutNanos}. */
    int idleTimeoutIndex;

    /** Reads the packet's VNIs and endpoints; clears the allocation. */
    void read(final Packet packet, final PacketMeta meta, final boolean ipv6, final boolean icmp)
    {
        this.ipv6 = ipv6;
        this.icmp = icmp;
        srcVni = meta.srcVni();
        dstVni = meta.dstVni();
        srcPort = icmp ? packet.icmpIdentifier() : packet.srcPort();
        dstPort = icmp ? srcPort : packet.dstPort();
        srcHi = ipv6 ? packet.srcIpv6Hi() : 0;
        srcLo = ipv6 ? packet.srcIpv6Lo() : packet.srcIpv4() & 0xFFFF_FFFFL;
        dstHi = ipv6 ? packet.dstIpv6Hi() : 0;
        dstLo = ipv6 ? packet.dstIpv6Lo() : packet.dstIpv4() & 0xFFFF_FFFFL;
        natSrc = null;
        natSrcPort = -1;
        natDst = null;
        natDstPort = -1;
    }

    /** The forward flow's destination after translation: allocated, or as received. */
    long newDstHi()
    {
        return natDst != null ? natDst.hi : dstHi;
    }

    long newDstLo()
    {
        return natDst != null ? natDst.lo : dstLo;
    }

    int newDstPort()
    {
        return natDst != null ? natDstPort : dstPort;
    }

    /**
     * The keys of the two flows: the forward flow as the first packet arrived, the reverse flow as its replies will
     * arrive (from the translated destination to the allocated source).
     */
    void keys(final int proto, final MutableFlowKey forward, final MutableFlowKey reverse)
    {
        if (icmp)
        {
            forward.icmpQuery(srcVni, ipv6, srcHi, srcLo, dstHi, dstLo, srcPort);
            reverse.icmpQuery(dstVni, ipv6, newDstHi(), newDstLo(), natSrc.hi, natSrc.lo, natSrcPort);
        }
        else if (ipv6)
        {
            forward.ipv6Ports(srcVni, srcHi, srcLo, dstHi, dstLo, proto, srcPort, dstPort);
            reverse.ipv6Ports(dstVni, newDstHi(), newDstLo(), natSrc.hi, natSrc.lo, proto, newDstPort(), natSrcPort);
        }
        else
        {
            forward.ipv4Ports(srcVni, (int) srcLo, (int) dstLo, proto, srcPort, dstPort);
            reverse.ipv4Ports(dstVni, (int) newDstLo(), (int) natSrc.lo, proto, newDstPort(), natSrcPort);
        }
    }

    /** Gives the allocated ports back (the session was not created). */
    void release(final MasqueradeAllocator allocator)
    {
        allocator.release(natSrc, natSrcPort);
        if (natDst != null)
        {
            allocator.release(natDst, natDstPort);
        }
    }
}
