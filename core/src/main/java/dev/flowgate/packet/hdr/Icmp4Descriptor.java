// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

/**
 * Layout of an ICMPv4 header (RFC 792). Echo messages carry an identifier and a sequence number in the second
 * word; error messages (destination unreachable, redirect, time exceeded, parameter problem) carry the offending
 * packet's IP header plus at least 8 bytes after it. {@link #isError} is the project's one list of ICMPv4 errors.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Identifier (echo) / unused  |   Sequence (echo) / unused    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Errors: embedded IP header + 8 bytes of its payload ...     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmp4Descriptor
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
    /** Echo reply. */
    public static final int TYPE_ECHO_REPLY = 0;
    /** Destination unreachable. */
    public static final int TYPE_DEST_UNREACHABLE = 3;
    /** Source quench (deprecated by RFC 6633; not an error here, as in the reference's list). */
    public static final int TYPE_SOURCE_QUENCH = 4;
    /** Redirect. */
    public static final int TYPE_REDIRECT = 5;
    /** Echo request. */
    public static final int TYPE_ECHO_REQUEST = 8;
    /** Time exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 11;
    /** Parameter problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 12;

    private Icmp4Descriptor()
    {
    }

    /**
     * Whether an ICMPv4 type is an error message that embeds the offending packet: the reference's list
     * (docs/spec/flow-filter.md section 4, step 6), which leaves out source quench.
     *
     * @param type the ICMP type.
     * @return true for types 3, 5, 11 and 12.
     */
    public static boolean isError(final int type)
    {
        return type == TYPE_DEST_UNREACHABLE || type == TYPE_REDIRECT || type == TYPE_TIME_EXCEEDED ||
            type == TYPE_PARAMETER_PROBLEM;
    }
}
