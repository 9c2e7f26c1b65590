// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

/**
 * Layout of a TCP header (RFC 793 / 9293).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TcpDescriptor
{
    /** Offset of the source port. */
    public static final int SRC_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DST_PORT_OFFSET = 2;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 4;
    /** Offset of the acknowledgment number. */
    public static final int ACKNOWLEDGMENT_OFFSET = 8;
    /** Offset of the data offset byte (high nibble). */
    public static final int DATA_OFFSET_OFFSET = 12;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 13;
    /** Offset of the window. */
    public static final int WINDOW_OFFSET = 14;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Offset of the urgent pointer. */
    public static final int URGENT_POINTER_OFFSET = 18;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** FIN flag. */
    public static final int FIN = 0x01;
    /** SYN flag. */
    public static final int SYN = 0x02;
    /** RST flag. */
    public static final int RST = 0x04;
    /** PSH flag. */
    public static final int PSH = 0x08;
    /** ACK flag. */
    public static final int ACK = 0x10;
    /** URG flag. */
    public static final int URG = 0x20;
    /** ECE flag. */
    public static final int ECE = 0x40;
    /** CWR flag. */
    public static final int CWR = 0x80;

    private TcpDescriptor()
    {
    }
}
