// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over an Ethernet II header with at most one 802.1Q tag; see {@link EthernetDescriptor}. MAC addresses
 * are the low 48 bits of a long.
 */
public final class EthernetFlyweight extends HeaderFlyweight
{
    /**
     * Points this flyweight at a header. The caller has checked that the header (and its tag) lies within the
     * frame.
     *
     * @param buffer the frame buffer.
     * @param offset offset of the header.
     * @return this.
     */
    public EthernetFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        wrapAt(buffer, offset);
        return this;
    }

    private long mac(final int field)
    {
        return ((buffer.getInt(offset + field, NET) & 0xFFFF_FFFFL) << 16) |
            (buffer.getShort(offset + field + 4, NET) & 0xFFFF);
    }

    private void mac(final int field, final long mac)
    {
        buffer.putInt(offset + field, (int) (mac >>> 16), NET);
        buffer.putShort(offset + field + 4, (short) mac, NET);
    }

    /**
     * Destination MAC.
     *
     * @return 48 bits.
     */
    public long dstMac()
    {
        return mac(EthernetDescriptor.DST_MAC_OFFSET);
    }

    /**
     * Sets the destination MAC.
     *
     * @param mac 48 bits.
     * @return this.
     */
    public EthernetFlyweight dstMac(final long mac)
    {
        mac(EthernetDescriptor.DST_MAC_OFFSET, mac);
        return this;
    }

    /**
     * Source MAC.
     *
     * @return 48 bits.
     */
    public long srcMac()
    {
        return mac(EthernetDescriptor.SRC_MAC_OFFSET);
    }

    /**
     * Sets the source MAC.
     *
     * @param mac 48 bits.
     * @return this.
     */
    public EthernetFlyweight srcMac(final long mac)
    {
        mac(EthernetDescriptor.SRC_MAC_OFFSET, mac);
        return this;
    }

    /**
     * The ethertype at offset 12: the payload's, or 0x8100 when tagged.
     *
     * @return the outer ethertype.
     */
    public int etherType()
    {
        return buffer.getShort(offset + EthernetDescriptor.ETHER_TYPE_OFFSET, NET) & 0xFFFF;
    }

    /**
     * Sets the ethertype at offset 12.
     *
     * @param value the outer ethertype.
     * @return this.
     */
    public EthernetFlyweight etherType(final int value)
    {
        buffer.putShort(offset + EthernetDescriptor.ETHER_TYPE_OFFSET, (short) value, NET);
        return this;
    }

    /**
     * Whether the frame carries an 802.1Q tag.
     *
     * @return true when the outer ethertype is 0x8100.
     */
    public boolean isVlanTagged()
    {
        return etherType() == EthernetDescriptor.ETHER_TYPE_VLAN;
    }

    /**
     * VLAN id of the tag; only meaningful when {@link #isVlanTagged()}.
     *
     * @return the 12-bit VLAN id.
     */
    public int vlanId()
    {
        return buffer.getShort(offset + EthernetDescriptor.VLAN_TCI_OFFSET, NET) & EthernetDescriptor.VLAN_ID_MASK;
    }

    /**
     * Writes a tag control information word with priority 0 and the given VLAN id.
     *
     * @param vlanId the 12-bit VLAN id.
     * @return this.
     */
    public EthernetFlyweight vlanId(final int vlanId)
    {
        buffer.putShort(offset + EthernetDescriptor.VLAN_TCI_OFFSET,
            (short) (vlanId & EthernetDescriptor.VLAN_ID_MASK), NET);
        return this;
    }

    /**
     * Header length: 18 when tagged, else 14.
     *
     * @return the length.
     */
    public int headerLength()
    {
        return isVlanTagged() ? EthernetDescriptor.VLAN_HEADER_LENGTH : EthernetDescriptor.HEADER_LENGTH;
    }

    /**
     * The payload's ethertype (after the tag when tagged).
     *
     * @return the ethertype.
     */
    public int payloadEtherType()
    {
        return isVlanTagged() ?
            buffer.getShort(offset + EthernetDescriptor.VLAN_ETHER_TYPE_OFFSET, NET) & 0xFFFF : etherType();
    }
}
