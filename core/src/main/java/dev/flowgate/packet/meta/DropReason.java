// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.meta;

import java.util.HashMap;
import java.util.Map;

/**
 * Why a packet's processing ended: the reference's {@code DoneReason}. The first 27 constants are the seed's, in
 * the seed's declaration order; the last 8 are the values HEAD added. {@link #id()} and {@link #label()} are
 * stable: reports, scenario files and counters use them, so never renumber or rename a constant, only append.
 *
 * <p>{@link #DELIVERED} and {@link #LOCAL} end processing without dropping the packet ({@link #isDrop()} is false
 * for them); every other reason is a drop.
 *
 * <p>The parser maps each of its failures to exactly one reason (see
 * {@link dev.flowgate.packet.parse.ParseStatus}): truncation and inconsistent header fields give
 * {@link #MALFORMED}, a non-IP ethertype {@link #NOT_IP}, a bad IPv4 header checksum {@link #INVALID_CHECKSUM},
 * an ICMP error with a short embedded packet {@link #ICMP_ERROR_INCOMPLETE}, a non-first fragment or an
 * unknown transport {@link #UNSUPPORTED_TRANSPORT}.
 */
public enum DropReason
{
    /** An internal error (a table could not be read, say). */
    INTERNAL_FAILURE(0, "internal-failure"),
    /** The frame is not Ethernet. */
    NOT_ETHERNET(1, "not-ethernet"),
    /** The frame carries no IP packet (ARP, a second VLAN tag, any other ethertype). */
    NOT_IP(2, "not-ip"),
    /** The transport protocol is not handled, or its header is not available (non-first fragments). */
    UNSUPPORTED_TRANSPORT(3, "unsupported-transport"),
    /** The destination MAC is not the gateway's. */
    MAC_NOT_FOR_US(4, "mac-not-for-us"),
    /** The interface is detached. */
    INTERFACE_DETACHED(5, "interface-detached"),
    /** The interface is administratively down. */
    INTERFACE_ADM_DOWN(6, "interface-adm-down"),
    /** The interface is operationally down. */
    INTERFACE_OPER_DOWN(7, "interface-oper-down"),
    /** The interface is unknown. */
    INTERFACE_UNKNOWN(8, "interface-unknown"),
    /** The interface kind is not supported. */
    INTERFACE_UNSUPPORTED(9, "interface-unsupported"),
    /** NAT could not allocate an address, port or session. */
    NAT_OUT_OF_RESOURCES(10, "nat-out-of-resources"),
    /** Routing failed. */
    ROUTE_FAILURE(11, "route-failure"),
    /** The route says drop. */
    ROUTE_DROP(12, "route-drop"),
    /** TTL or hop limit expired. */
    HOP_LIMIT_EXCEEDED(13, "hop-limit-exceeded"),
    /** Dropped by policy (the flow filter, a denied allocation). */
    FILTERED(14, "filtered"),
    /** No stage handled the packet. */
    UNHANDLED(15, "unhandled"),
    /** Layer-2 resolution of the next hop is missing. */
    MISS_L2_RESOLUTION(16, "miss-l2-resolution"),
    /** The destination MAC is invalid. */
    INVALID_DST_MAC(17, "invalid-dst-mac"),
    /** A header is truncated or its fields are inconsistent. */
    MALFORMED(18, "malformed"),
    /** The ethertype is missing. */
    MISSING_ETHER_TYPE(19, "missing-ether-type"),
    /** No VPC or route covers the destination. */
    UNROUTABLE(20, "unroutable"),
    /** NAT failed for a reason other than exhausted resources. */
    NAT_FAILURE(21, "nat-failure"),
    /** Addressed to the gateway itself (not a drop). */
    LOCAL(22, "local"),
    /** Delivered (not a drop). */
    DELIVERED(23, "delivered"),
    /** Dropped on purpose by an internal decision. */
    INTERNAL_DROP(24, "internal-drop"),
    /** A checksum is wrong. */
    INVALID_CHECKSUM(25, "invalid-checksum"),
    /** An ICMP error does not carry its embedded IP header plus 8 bytes. */
    ICMP_ERROR_INCOMPLETE(26, "icmp-error-incomplete"),
    /** VXLAN decapsulation failed (HEAD). */
    VXLAN_DECAP_FAILURE(27, "vxlan-decap-failure"),
    /** VXLAN encapsulation failed (HEAD). */
    VXLAN_ENCAP_FAILURE(28, "vxlan-encap-failure"),
    /** Dropped by an ACL (HEAD). */
    ACL_DROPPED(29, "acl-dropped"),
    /** The flow table is full (HEAD). */
    FLOW_CAPACITY_EXCEEDED(30, "flow-capacity-exceeded"),
    /** NAT does not support the protocol (HEAD). */
    NAT_UNSUPPORTED_PROTO(31, "nat-unsupported-proto"),
    /** The destination requires port forwarding and no rule matches (HEAD). */
    NAT_NOT_PORT_FORWARDED(32, "nat-not-port-forwarded"),
    /** The packet could not be written back (HEAD). */
    DEPARSE_ERROR(33, "deparse-error"),
    /** Not enough head room to prepend a header (HEAD). */
    NO_HEAD_ROOM(34, "no-head-room");

    private static final DropReason[] BY_ID;
    private static final Map<String, DropReason> BY_LABEL = new HashMap<>();

    static
    {
        final DropReason[] values = values();
        BY_ID = new DropReason[values.length];
        for (final DropReason reason : values)
        {
            if (BY_ID[reason.id] != null || BY_LABEL.put(reason.label, reason) != null)
            {
                throw new IllegalStateException("duplicate id or label: " + reason);
            }
            BY_ID[reason.id] = reason;
        }
    }

    private final int id;
    private final String label;

    DropReason(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * The stable numeric id (counter index).
     *
     * @return the id, 0 to {@code values().length - 1}.
     */
    public int id()
    {
        return id;
    }

    /**
     * The stable lower-kebab name printed by the scenario runner and used in reports.
     *
     * @return the label, e.g. {@code not-ip}.
     */
    public String label()
    {
        return label;
    }

    /**
     * Whether this reason is a drop; {@link #DELIVERED} and {@link #LOCAL} are not.
     *
     * @return true for drops.
     */
    public boolean isDrop()
    {
        return this != DELIVERED && this != LOCAL;
    }

    /**
     * The reason with the given id.
     *
     * @param id the id.
     * @return the reason, or null when no reason has that id.
     */
    public static DropReason fromId(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * The reason with the given label.
     *
     * @param label the label, e.g. {@code malformed}.
     * @return the reason, or null when no reason has that label.
     */
    public static DropReason fromLabel(final String label)
    {
        return BY_LABEL.get(label);
    }
}
