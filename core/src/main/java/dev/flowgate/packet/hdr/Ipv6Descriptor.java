// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

/**
 * Layout of an IPv6 header (RFC 8200) and of the extension headers the parser walks.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Source Address (128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Destination Address (128 bits)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Hop-by-hop, routing, destination options (length in 8-byte units, not counting the first 8):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |            data ...           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Fragment (8 bytes):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Authentication header (RFC 4302; length in 4-byte units, minus 2; also after IPv4):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Payload Len  |          RESERVED             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Descriptor
{
    /** Offset of the version / traffic class / flow label word. */
    public static final int VERSION_TC_FLOW_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of the source address. */
    public static final int SRC_ADDRESS_OFFSET = 8;
    /** Offset of the destination address. */
    public static final int DST_ADDRESS_OFFSET = 24;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 40;

    /** Extension header: hop-by-hop options. */
    public static final int EXT_HOP_BY_HOP = 0;
    /** Extension header: routing. */
    public static final int EXT_ROUTING = 43;
    /** Extension header: fragment. */
    public static final int EXT_FRAGMENT = 44;
    /** Extension header: authentication header (also after IPv4, protocol 51). */
    public static final int EXT_AUTH = 51;
    /** Extension header: destination options. */
    public static final int EXT_DEST_OPTIONS = 60;
    /** No next header. */
    public static final int NO_NEXT_HEADER = 59;

    /** Offset of the next-header byte in every extension header. */
    public static final int EXT_NEXT_HEADER_OFFSET = 0;
    /** Offset of the length byte in every extension header. */
    public static final int EXT_LENGTH_OFFSET = 1;
    /** Minimum length of an extension header. */
    public static final int EXT_MIN_LENGTH = 8;
    /** Offset of the fragment offset / M word in the fragment header. */
    public static final int FRAGMENT_OFFSET_FLAGS_OFFSET = 2;
    /** Offset of the identification in the fragment header. */
    public static final int FRAGMENT_IDENTIFICATION_OFFSET = 4;
    /** Length of the fragment header. */
    public static final int FRAGMENT_HEADER_LENGTH = 8;
    /** Mask of the fragment offset (already in bytes: 8-byte units shifted left by 3). */
    public static final int FRAGMENT_OFFSET_MASK = 0xFFF8;
    /** More-fragments flag. */
    public static final int FRAGMENT_FLAG_M = 0x0001;
    /** Minimum length of an authentication header (12: the fixed part plus a 4-byte ICV minimum). */
    public static final int AUTH_MIN_LENGTH = 12;

    private Ipv6Descriptor()
    {
    }
}
