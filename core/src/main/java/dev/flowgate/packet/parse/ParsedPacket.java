// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;

/**
 * What the parser found: offsets into the frame and a few decoded fields, reused per packet. Offsets are from the
 * start of the frame. Values are only meaningful after {@link PacketParser#parse} returned
 * {@link ParseStatus#OK}; fields that do not apply hold -1 (or 0 for versions and {@link #FRAGMENT_NONE}).
 *
 * <p>Guarantees when OK: {@code l3Offset < l4Offset <= l4Offset + l4Length == frameLength}; TCP and UDP headers
 * lie entirely within {@code [l4Offset, frameLength)} and have non-zero ports; an ICMP header has all 8 bytes; an
 * ICMP error has its embedded IP header plus 8 bytes within the frame, from {@link #innerL3Offset()} to
 * {@code innerL4Offset() + 8}.
 */
public final class ParsedPacket
{
    /** Not a fragment (or an atomic fragment). */
    public static final int FRAGMENT_NONE = 0;
    /** The first fragment of a fragmented packet: ports are present, the transport payload is incomplete. */
    public static final int FRAGMENT_FIRST = 1;

    int status;
    int frameLength;
    int vlanId;
    int etherType;
    int l3Offset;
    int ipVersion;
    int protocol;
    int l4Offset;
    int l4Length;
    int fragment;
    int icmpType;
    int icmpCode;
    int innerL3Offset;
    int innerIpVersion;
    int innerProtocol;
    int innerL4Offset;

    /**
     * A result with every field at its "not applicable" value.
     */
    public ParsedPacket()
    {
        reset();
    }

    /**
     * Sets every field to its "not applicable" value.
     *
     * @return this.
     */
    public ParsedPacket reset()
    {
        status = -1;
        frameLength = 0;
        vlanId = -1;
        etherType = -1;
        l3Offset = -1;
        ipVersion = 0;
        protocol = -1;
        l4Offset = -1;
        l4Length = 0;
        fragment = FRAGMENT_NONE;
        icmpType = -1;
        icmpCode = -1;
        innerL3Offset = -1;
        innerIpVersion = 0;
        innerProtocol = -1;
        innerL4Offset = -1;
        return this;
    }

    /**
     * The last parse status code.
     *
     * @return a {@link ParseStatus} code, -1 before any parse.
     */
    public int status()
    {
        return status;
    }

    /**
     * Whether the last parse succeeded.
     *
     * @return true when OK.
     */
    public boolean isOk()
    {
        return status == 0;
    }

    /**
     * Frame length after trimming trailing bytes beyond the IP packet.
     *
     * @return Ethernet header plus IP total length.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * The 802.1Q VLAN id.
     *
     * @return the VLAN id, -1 when untagged.
     */
    public int vlanId()
    {
        return vlanId;
    }

    /**
     * The payload's ethertype (after a VLAN tag).
     *
     * @return 0x0800 or 0x86DD when OK.
     */
    public int etherType()
    {
        return etherType;
    }

    /**
     * Offset of the IP header.
     *
     * @return 14 or 18.
     */
    public int l3Offset()
    {
        return l3Offset;
    }

    /**
     * IP version.
     *
     * @return 4 or 6.
     */
    public int ipVersion()
    {
        return ipVersion;
    }

    /**
     * Transport protocol (after IPv6 extension headers and AH).
     *
     * @return 6, 17, 1 or 58 when OK.
     */
    public int protocol()
    {
        return protocol;
    }

    /**
     * Offset of the transport header.
     *
     * @return the offset.
     */
    public int l4Offset()
    {
        return l4Offset;
    }

    /**
     * Transport header plus data, to the end of the IP packet.
     *
     * @return the length.
     */
    public int l4Length()
    {
        return l4Length;
    }

    /**
     * Fragment status.
     *
     * @return {@link #FRAGMENT_NONE} or {@link #FRAGMENT_FIRST} (other fragments are dropped).
     */
    public int fragment()
    {
        return fragment;
    }

    /**
     * ICMP type (ICMPv4 or ICMPv6).
     *
     * @return the type, -1 when not ICMP.
     */
    public int icmpType()
    {
        return icmpType;
    }

    /**
     * ICMP code.
     *
     * @return the code, -1 when not ICMP.
     */
    public int icmpCode()
    {
        return icmpCode;
    }

    /**
     * Whether this is an ICMP error message by its type: {@link Icmp4Descriptor#isError} over IPv4,
     * {@link Icmp6Descriptor#isError} over IPv6. True also when the embedded packet is missing or cut (the parse
     * status says so); {@link #hasEmbeddedPacket()} tells whether it can be read.
     *
     * @return true for an ICMP error type carried by the matching IP version.
     */
    public boolean isIcmpErrorMessage()
    {
        return ipVersion == 4 ? protocol == IpProtocol.ICMP && Icmp4Descriptor.isError(icmpType) :
            protocol == IpProtocol.ICMPV6 && Icmp6Descriptor.isError(icmpType);
    }

    /**
     * Whether this is an ICMP error whose embedded IP header and first 8 transport bytes are within the frame.
     *
     * @return true when {@link #innerL3Offset()} is set.
     */
    public boolean hasEmbeddedPacket()
    {
        return innerL3Offset >= 0;
    }

    /**
     * Offset of the embedded IP header of an ICMP error.
     *
     * @return the offset, -1 when not an ICMP error.
     */
    public int innerL3Offset()
    {
        return innerL3Offset;
    }

    /**
     * IP version of the embedded packet.
     *
     * @return 4 or 6, 0 when not an ICMP error.
     */
    public int innerIpVersion()
    {
        return innerIpVersion;
    }

    /**
     * Transport protocol of the embedded packet (any value; it is not checked).
     *
     * @return the protocol, -1 when not an ICMP error.
     */
    public int innerProtocol()
    {
        return innerProtocol;
    }

    /**
     * Offset of the embedded transport header; at least 8 bytes follow it within the frame.
     *
     * @return the offset, -1 when not an ICMP error.
     */
    public int innerL4Offset()
    {
        return innerL4Offset;
    }

    /**
     * Bytes of the embedded transport header and data present in the frame.
     *
     * @return at least 8 for an ICMP error, 0 otherwise.
     */
    public int innerL4Available()
    {
        return innerL4Offset < 0 ? 0 : frameLength - innerL4Offset;
    }
}
