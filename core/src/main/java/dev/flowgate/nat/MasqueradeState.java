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

    MasqueradeState(
        final boolean ipv6, final boolean hasSrc, final long srcHi, final long srcLo, final int srcPort,
        final boolean hasDst, final long dstHi, final long dstLo, final int dstPort, final long idleTimeoutNanos)
    {
        this.ipv6 = ipv6;
        this.hasSrc = hasSrc;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.srcPort = srcPort;
        this.hasDst = hasDst;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.dstPort = dstPort;
        this.idleTimeoutNanos = idleTimeoutNanos;
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
