// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import dev.flowgate.packet.meta.DropReason;

/**
 * Result of {@link PacketParser#parse}: {@link #OK} or exactly one failure, each mapped to exactly one
 * {@link DropReason}. The parser returns {@link #code()} as an int; {@link #of(int)} and {@link #dropReason(int)}
 * turn it back without allocating. The table is repeated in docs/spec/packet-parsing.md.
 *
 * <p>Mapping rules: anything truncated or internally inconsistent is {@link DropReason#MALFORMED} (also a forbidden
 * source address, which RFC 1812 5.3.7 and RFC 4291 make invalid); a non-IP ethertype is
 * {@link DropReason#NOT_IP}; a bad IPv4 header checksum is {@link DropReason#INVALID_CHECKSUM}; an ICMP error whose
 * embedded IP header plus 8 bytes is cut is {@link DropReason#ICMP_ERROR_INCOMPLETE}; a transport the gateway
 * cannot key on (unknown protocol, non-first fragment without ports) is {@link DropReason#UNSUPPORTED_TRANSPORT}.
 */
public enum ParseStatus
{
    /** Parsed and valid. */
    OK(null),
    /** Frame shorter than the 14-byte Ethernet header. */
    ETHERNET_TRUNCATED(DropReason.MALFORMED),
    /** Ethertype 0x8100 but the frame ends inside the tag. */
    VLAN_TRUNCATED(DropReason.MALFORMED),
    /** The (inner) ethertype is neither IPv4 nor IPv6. */
    NOT_IP(DropReason.NOT_IP),
    /** Fewer than 20 bytes after the Ethernet header. */
    IPV4_TRUNCATED(DropReason.MALFORMED),
    /** Ethertype IPv4 but version is not 4. */
    IPV4_BAD_VERSION(DropReason.MALFORMED),
    /** IHL below 5. */
    IPV4_BAD_IHL(DropReason.MALFORMED),
    /** IHL * 4 beyond the frame. */
    IPV4_IHL_BEYOND_FRAME(DropReason.MALFORMED),
    /** Total length below IHL * 4 or beyond the frame (a frame longer than total length is trimmed instead). */
    IPV4_BAD_TOTAL_LENGTH(DropReason.MALFORMED),
    /** The IPv4 header checksum does not verify. */
    IPV4_BAD_CHECKSUM(DropReason.INVALID_CHECKSUM),
    /** IPv4 source is 0.0.0.0, loopback (127/8), multicast (224/4) or limited broadcast. */
    IPV4_BAD_SOURCE(DropReason.MALFORMED),
    /** Fewer than 40 bytes after the Ethernet header. */
    IPV6_TRUNCATED(DropReason.MALFORMED),
    /** Ethertype IPv6 but version is not 6. */
    IPV6_BAD_VERSION(DropReason.MALFORMED),
    /** Payload length beyond the frame. */
    IPV6_BAD_PAYLOAD_LENGTH(DropReason.MALFORMED),
    /** IPv6 source is unspecified, loopback or multicast. */
    IPV6_BAD_SOURCE(DropReason.MALFORMED),
    /** An extension header (or IPv4 AH) runs past the end of the IP packet. */
    EXTENSION_TRUNCATED(DropReason.MALFORMED),
    /** Fragment offset of exactly 8 bytes (RFC 1858 overlapping-fragment attack). */
    FRAGMENT_OFFSET_ONE(DropReason.MALFORMED),
    /** A non-first fragment: no transport header, so no ports; fail closed. */
    FRAGMENT_NOT_FIRST(DropReason.UNSUPPORTED_TRANSPORT),
    /** Fewer than 20 bytes of TCP header. */
    TCP_TRUNCATED(DropReason.MALFORMED),
    /** TCP data offset below 5 or beyond the segment. */
    TCP_BAD_DATA_OFFSET(DropReason.MALFORMED),
    /** Fewer than 8 bytes of UDP header. */
    UDP_TRUNCATED(DropReason.MALFORMED),
    /** UDP length differs from the IP payload (or, in a first fragment, is shorter than it). */
    UDP_BAD_LENGTH(DropReason.MALFORMED),
    /** TCP or UDP source or destination port 0. */
    ZERO_PORT(DropReason.MALFORMED),
    /** Fewer than 8 bytes of ICMP header. */
    ICMP_TRUNCATED(DropReason.MALFORMED),
    /** ICMP error whose embedded IP header plus 8 bytes is not all there. */
    ICMP_ERROR_INCOMPLETE(DropReason.ICMP_ERROR_INCOMPLETE),
    /** ICMP error whose embedded header has the wrong version or an IHL below 5. */
    ICMP_ERROR_BAD_EMBEDDED(DropReason.MALFORMED),
    /** Any other transport, ICMPv4 over IPv6, ICMPv6 over IPv4, or no next header. */
    UNSUPPORTED_TRANSPORT(DropReason.UNSUPPORTED_TRANSPORT);

    private static final ParseStatus[] VALUES = values();
    private static final DropReason[] REASONS = new DropReason[VALUES.length];

    static
    {
        for (final ParseStatus status : VALUES)
        {
            REASONS[status.ordinal()] = status.dropReason;
        }
    }

    private final DropReason dropReason;

    ParseStatus(final DropReason dropReason)
    {
        this.dropReason = dropReason;
    }

    /**
     * The int code the parser returns.
     *
     * @return the code, 0 for {@link #OK}.
     */
    public int code()
    {
        return ordinal();
    }

    /**
     * The drop reason of this status.
     *
     * @return the reason, null for {@link #OK}.
     */
    public DropReason dropReason()
    {
        return dropReason;
    }

    /**
     * The status for a code.
     *
     * @param code a code returned by the parser.
     * @return the status.
     */
    public static ParseStatus of(final int code)
    {
        return VALUES[code];
    }

    /**
     * The drop reason for a code, without allocating.
     *
     * @param code a code returned by the parser.
     * @return the reason, null for {@link #OK}.
     */
    public static DropReason dropReason(final int code)
    {
        return REASONS[code];
    }
}
