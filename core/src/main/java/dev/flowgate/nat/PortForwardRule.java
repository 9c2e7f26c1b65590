// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.IdleTimeouts;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.packet.hdr.IpProtocol;

/**
 * One port-forwarding rule (docs/spec/nat.md section 3.1, the reference's {@code PortFwEntry}): traffic from VNI
 * {@code srcVni} (the peer P) with protocol {@code proto} towards the public (address, port) range is forwarded to the
 * private range of VNI {@code dstVni} (the VPC V exposing it). Immutable; it belongs to the {@link PortForwardTables}
 * that built it ({@link #owner}), which is how the stage notices that a flow's rule comes from another configuration.
 */
final class PortForwardRule
{
    final PortForwardTables owner;
    final int srcVni;
    final int dstVni;
    final int proto;
    final boolean ipv6;
    final Prefix ext;
    final int extFirst;
    final int extLast;
    final Prefix internal;
    final int intFirst;
    final long initialTimeoutNanos;
    final long establishedTimeoutNanos;
    /**
     * {@link IdleTimeouts}' indexes of the two timeouts, interned with the rule (INLINE slots carry them); never 0
     * (docs/spec/nat.md section 3.1).
     */
    final int initialTimeoutIndex;
    final int establishedTimeoutIndex;
    /**
     * The id of this rule's mapping ({@link PortForwardMappings}), set by {@link PortForwardTables#build} before the
     * tables are published and not changed afterwards.
     */
    int mappingId;
    private final long hostMaskHi;
    private final long hostMaskLo;
    private final int intNet4;
    private final long intHi;
    private final long intLo;

    PortForwardRule(
        final PortForwardTables owner, final int srcVni, final int dstVni, final int proto, final Prefix ext,
        final int extFirst, final int extLast, final Prefix internal, final int intFirst,
        final long establishedTimeoutNanos)
    {
        if (establishedTimeoutNanos <= 0)
        {
            throw new IllegalArgumentException("port forwarding " + ext + ":" + extFirst + "-" + extLast +
                " of VNI " + srcVni + ": the idle timeout must be positive: " + establishedTimeoutNanos + " ns");
        }
        this.owner = owner;
        this.srcVni = srcVni;
        this.dstVni = dstVni;
        this.proto = proto;
        this.ipv6 = ext.isIpv6();
        this.ext = ext;
        this.extFirst = extFirst;
        this.extLast = extLast;
        this.internal = internal;
        this.intFirst = intFirst;
        this.initialTimeoutNanos = PortForwardTables.INITIAL_TIMEOUT.toNanos();
        this.establishedTimeoutNanos = establishedTimeoutNanos;
        this.initialTimeoutIndex = IdleTimeouts.intern(initialTimeoutNanos);
        this.establishedTimeoutIndex = IdleTimeouts.intern(establishedTimeoutNanos);
        final int length = ext.length();
        this.intNet4 = ipv6 ? 0 : internal.address4();
        this.intHi = ipv6 ? internal.hi() : 0L;
        this.intLo = ipv6 ? internal.lo() : 0L;
        if (ipv6)
        {
            hostMaskHi = length >= 64 ? 0L : -1L >>> length;
            hostMaskLo = length <= 64 ? -1L : length == 128 ? 0L : -1L >>> (length - 64);
        }
        else
        {
            hostMaskHi = 0L;
            hostMaskLo = length == 0 ? 0xFFFF_FFFFL : (0xFFFF_FFFFL >>> length);
        }
    }

    boolean matches4(final int address, final int port)
    {
        return !ipv6 && port >= extFirst && port <= extLast && ext.contains4(address);
    }

    boolean matches6(final long hi, final long lo, final int port)
    {
        return ipv6 && port >= extFirst && port <= extLast && ext.contains6(hi, lo);
    }

    /** The private address of a public IPv4 address covered by this rule (same host bits). */
    int map4(final int address)
    {
        return intNet4 | (int) (address & hostMaskLo);
    }

    long map6Hi(final long hi)
    {
        return intHi | (hi & hostMaskHi);
    }

    long map6Lo(final long lo)
    {
        return intLo | (lo & hostMaskLo);
    }

    int mapPort(final int port)
    {
        return intFirst + (port - extFirst);
    }

    /** Equal to another rule ignoring timeouts and owner (the reference keeps such a rule across updates). */
    boolean sameMapping(final PortForwardRule other)
    {
        return srcVni == other.srcVni && dstVni == other.dstVni && proto == other.proto && ext.equals(other.ext) &&
            extFirst == other.extFirst && extLast == other.extLast && internal.equals(other.internal) &&
            intFirst == other.intFirst;
    }

    /** For log lines (configuration terms). */
    String describe()
    {
        return (proto == IpProtocol.TCP ? "tcp " : "udp ") + ext + ":" + extFirst + "-" + extLast + " of VNI " +
            srcVni + " -> " + internal + ":" + intFirst + "-" + (intFirst + extLast - extFirst) + " of VNI " + dstVni;
    }
}
