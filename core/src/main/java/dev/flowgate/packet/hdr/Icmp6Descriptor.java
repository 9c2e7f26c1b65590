// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

/**
 * Layout of an ICMPv6 header (RFC 4443): the same shape as ICMPv4; its checksum covers an IPv6 pseudo-header.
 * Error types are 1 to 127; 1 to 4 embed as much of the offending packet as fits.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Identifier (echo) / MTU / pointer / unused  ...             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Errors: embedded IPv6 packet, as much as fits ...           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmp6Descriptor
{
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the echo identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Length of the header (and offset of an error's embedded packet). */
    public static final int HEADER_LENGTH = 8;
    /** Destination unreachable. */
    public static final int TYPE_DEST_UNREACHABLE = 1;
    /** Packet too big. */
    public static final int TYPE_PACKET_TOO_BIG = 2;
    /** Time exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 3;
    /** Parameter problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    /** Echo request. */
    public static final int TYPE_ECHO_REQUEST = 128;
    /** Echo reply. */
    public static final int TYPE_ECHO_REPLY = 129;

    private Icmp6Descriptor()
    {
    }

    /**
     * Whether an ICMPv6 type is an error message that embeds the offending packet.
     *
     * @param type the ICMPv6 type.
     * @return true for types 1 to 4.
     */
    public static boolean isError(final int type)
    {
        return type >= TYPE_DEST_UNREACHABLE && type <= TYPE_PARAMETER_PROBLEM;
    }
}
