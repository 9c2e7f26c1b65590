// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.NatRequirement;
import dev.flowgate.lpm.L4Protocol;

import java.util.Comparator;
import java.util.Objects;

/**
 * What a lookup says about the destination (docs/spec/flow-filter.md section 1.3): the destination VPC's VNI, the NAT
 * requirement of the local (sending-side) expose and that of the remote expose whose public address the destination
 * belongs to. An immutable value; equality and hashing use all three fields.
 */
public final class RemoteData
{
    /** Orders by VNI, then source requirement (none first), then destination requirement: deterministic output. */
    static final Comparator<RemoteData> ORDER = Comparator.comparingInt(RemoteData::vni)
        .thenComparingInt(rd -> rank(rd.srcNatReq))
        .thenComparingInt(rd -> rank(rd.dstNatReq));

    private final int vni;
    private final NatRequirement srcNatReq;
    private final NatRequirement dstNatReq;

    private RemoteData(final int vni, final NatRequirement srcNatReq, final NatRequirement dstNatReq)
    {
        this.vni = vni;
        this.srcNatReq = srcNatReq;
        this.dstNatReq = dstNatReq;
    }

    /**
     * @param vni       the destination VPC's VNI.
     * @param srcNatReq the local expose's requirement, or null for none.
     * @param dstNatReq the remote expose's requirement, or null for none.
     * @return the value.
     */
    public static RemoteData of(final int vni, final NatRequirement srcNatReq, final NatRequirement dstNatReq)
    {
        return new RemoteData(vni, srcNatReq, dstNatReq);
    }

    private static int rank(final NatRequirement requirement)
    {
        return requirement == null ? -1 : requirement.ordinal();
    }

    /**
     * @return the destination VPC's VNI.
     */
    public int vni()
    {
        return vni;
    }

    /**
     * @return the NAT requirement of the local expose, or null.
     */
    public NatRequirement srcNatReq()
    {
        return srcNatReq;
    }

    /**
     * @return the NAT requirement of the remote expose, or null.
     */
    public NatRequirement dstNatReq()
    {
        return dstNatReq;
    }

    /**
     * @return true if either side is Stateful (masquerade).
     */
    public boolean needsStateful()
    {
        return srcNatReq == NatRequirement.STATEFUL || dstNatReq == NatRequirement.STATEFUL;
    }

    /**
     * @return true if either side is Stateless (static NAT).
     */
    public boolean needsStateless()
    {
        return srcNatReq == NatRequirement.STATELESS || dstNatReq == NatRequirement.STATELESS;
    }

    /**
     * @param proto the packet's protocol (ANY for everything but TCP and UDP).
     * @return true if either side is PortForwarding(q) with q intersecting {@code proto}.
     */
    public boolean needsPortForwarding(final L4Protocol proto)
    {
        return forwards(srcNatReq, proto) || forwards(dstNatReq, proto);
    }

    /**
     * @param proto the packet's protocol.
     * @return false if either side is PortForwarding(q) with q not intersecting {@code proto}, true otherwise.
     */
    public boolean appliesTo(final L4Protocol proto)
    {
        return !excludes(srcNatReq, proto) && !excludes(dstNatReq, proto);
    }

    private static boolean forwards(final NatRequirement requirement, final L4Protocol proto)
    {
        return requirement != null && requirement.isPortForwarding() && requirement.protocol().intersects(proto);
    }

    private static boolean excludes(final NatRequirement requirement, final L4Protocol proto)
    {
        return requirement != null && requirement.isPortForwarding() && !requirement.protocol().intersects(proto);
    }

    /**
     * @param newSrc the source requirement to put in.
     * @return a copy with the source requirement replaced.
     */
    RemoteData withSrc(final NatRequirement newSrc)
    {
        return new RemoteData(vni, newSrc, dstNatReq);
    }

    /**
     * @param newVni the VNI to put in.
     * @param newSrc the source requirement to put in.
     * @return a copy with VNI and source requirement replaced.
     */
    RemoteData relabel(final int newVni, final NatRequirement newSrc)
    {
        return new RemoteData(newVni, newSrc, dstNatReq);
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (!(obj instanceof RemoteData))
        {
            return false;
        }
        final RemoteData other = (RemoteData) obj;
        return vni == other.vni && srcNatReq == other.srcNatReq && dstNatReq == other.dstNatReq;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(vni, srcNatReq, dstNatReq);
    }

    /**
     * @return e.g. {@code RD(200,-,Stateful)}.
     */
    @Override
    public String toString()
    {
        return "RD(" + vni + "," + (srcNatReq == null ? "-" : srcNatReq) + "," +
            (dstNatReq == null ? "-" : dstNatReq) + ")";
    }
}
