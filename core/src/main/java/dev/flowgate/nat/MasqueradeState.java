// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

/**
 * The masquerade state of one flow direction (the reference's {@code NatFlowState}), stored in the flow's
 * {@code natState}: what to write into the source and the destination of every packet of this direction, and the
 * idle timeout. Immutable; read on the established path without allocation.
 */
public final class MasqueradeState
{
    final boolean ipv6;
    final boolean hasSrc;
    final long srcHi;
    final long srcLo;
    final int srcPort;
    final boolean hasDst;
    final long dstHi;
    final long dstLo;
    final int dstPort;
    final long idleTimeoutNanos;

    /**
     * The state of one direction of a new session.
     *
     * @param e       the session's endpoints, allocated.
     * @param forward true for the direction of the first packet (its source becomes the allocated one), false for
     *                the replies (their destination becomes the first packet's source).
     */
    MasqueradeState(final MasqueradeEndpoints e, final boolean forward)
    {
        ipv6 = e.ipv6;
        idleTimeoutNanos = e.idleTimeoutNanos;
        if (forward)
        {
            hasSrc = true;
            srcHi = e.natSrc.hi;
            srcLo = e.natSrc.lo;
            srcPort = e.natSrcPort;
            hasDst = e.natDst != null;
            dstHi = e.newDstHi();
            dstLo = e.newDstLo();
            dstPort = e.natDstPort;
        }
        else
        {
            hasSrc = e.natDst != null;
            srcHi = e.dstHi;
            srcLo = e.dstLo;
            srcPort = e.dstPort;
            hasDst = true;
            dstHi = e.srcHi;
            dstLo = e.srcLo;
            dstPort = e.srcPort;
        }
    }

    /**
     * @return the new source port or identifier, or -1 when the source is not translated.
     */
    public int srcPort()
    {
        return hasSrc ? srcPort : -1;
    }

    /**
     * @return the new IPv4 source address (valid when {@link #srcPort()} is not -1 and the flow is IPv4).
     */
    public int srcIpv4()
    {
        return (int) srcLo;
    }

    /**
     * @return the new destination port, or -1 when the destination is not translated.
     */
    public int dstPort()
    {
        return hasDst ? dstPort : -1;
    }

    /**
     * @return the new IPv4 destination address (valid when {@link #dstPort()} is not -1 and the flow is IPv4).
     */
    public int dstIpv4()
    {
        return (int) dstLo;
    }

    /**
     * @return the idle timeout, nanoseconds.
     */
    public long idleTimeoutNanos()
    {
        return idleTimeoutNanos;
    }
}
