// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

/**
 * Layout of an Ethernet II header with at most one IEEE 802.1Q tag.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC (48 bits)                  |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+       Source MAC (48 bits)    +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     EtherType (or 0x8100)     |  PCP|D|   VLAN id (if 0x8100) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  EtherType (if tagged)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetDescriptor
{
    /** Offset of the destination MAC. */
    public static final int DST_MAC_OFFSET = 0;
    /** Offset of the source MAC. */
    public static final int SRC_MAC_OFFSET = 6;
    /** Offset of the (outer) ethertype. */
    public static final int ETHER_TYPE_OFFSET = 12;
    /** Offset of the 802.1Q tag control information when tagged. */
    public static final int VLAN_TCI_OFFSET = 14;
    /** Offset of the inner ethertype when tagged. */
    public static final int VLAN_ETHER_TYPE_OFFSET = 16;
    /** Length of an untagged header. */
    public static final int HEADER_LENGTH = 14;
    /** Length of a header with one 802.1Q tag. */
    public static final int VLAN_HEADER_LENGTH = 18;
    /** Length of an 802.1Q tag. */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Ethertype of IPv4. */
    public static final int ETHER_TYPE_IPV4 = 0x0800;
    /** Ethertype of IPv6. */
    public static final int ETHER_TYPE_IPV6 = 0x86DD;
    /** Ethertype of ARP. */
    public static final int ETHER_TYPE_ARP = 0x0806;
    /** Tag protocol identifier of 802.1Q. */
    public static final int ETHER_TYPE_VLAN = 0x8100;
    /** Mask of the VLAN id in the tag control information. */
    public static final int VLAN_ID_MASK = 0x0FFF;

    private EthernetDescriptor()
    {
    }
}
