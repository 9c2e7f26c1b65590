// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.meta;

/**
 * Mutable per-packet state, reused: VNIs, flag bits and the drop reason. It holds no flow information (the
 * {@code flow} package depends on {@code packet}, not the reverse; the pipeline keeps flow data per batch slot).
 *
 * <p>The flag bit values are the seed's ({@code net/src/packet/meta.rs}). The drop reason follows the reference's
 * {@code done()}: the first reason recorded wins, later ones are ignored.
 */
public final class PacketMeta
{
    /** Set at creation (and by {@link #reset()}). */
    public static final int INITIALIZED = 0x001;
    /** Ethernet broadcast. */
    public static final int IS_L2_BCAST = 0x002;
    /** The packet was NAT-ed. */
    public static final int NATTED = 0x004;
    /** Checksums need recomputation. */
    public static final int REFR_CHKSUM = 0x008;
    /** Keep the packet even when it is done. */
    public static final int KEEP = 0x010;
    /** Decapsulated, belongs to a VPC. */
    public static final int IS_OVERLAY = 0x020;
    /** Requires stateful NAT (masquerade). */
    public static final int REQ_STATEFUL_NAT = 0x040;
    /** Requires stateless NAT (static). */
    public static final int REQ_STATELESS_NAT = 0x080;
    /** Requires port forwarding. */
    public static final int REQ_PORT_FORWARDING = 0x100;

    private int srcVni;
    private int dstVni;
    private int flags = INITIALIZED;
    private DropReason dropReason;

    /**
     * Clears everything for the next packet: VNIs 0, flags {@link #INITIALIZED}, no drop reason.
     *
     * @return this.
     */
    public PacketMeta reset()
    {
        srcVni = 0;
        dstVni = 0;
        flags = INITIALIZED;
        dropReason = null;
        return this;
    }

    /**
     * The source VNI.
     *
     * @return the VNI, 0 for none.
     */
    public int srcVni()
    {
        return srcVni;
    }

    /**
     * Sets the source VNI.
     *
     * @param vni the VNI, 0 for none.
     * @return this.
     */
    public PacketMeta srcVni(final int vni)
    {
        srcVni = vni;
        return this;
    }

    /**
     * The destination VNI.
     *
     * @return the VNI, 0 for none.
     */
    public int dstVni()
    {
        return dstVni;
    }

    /**
     * Sets the destination VNI.
     *
     * @param vni the VNI, 0 for none.
     * @return this.
     */
    public PacketMeta dstVni(final int vni)
    {
        dstVni = vni;
        return this;
    }

    /**
     * All flag bits.
     *
     * @return the flags.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Whether all the given bits are set.
     *
     * @param mask flag bits.
     * @return true when every bit of the mask is set.
     */
    public boolean hasFlags(final int mask)
    {
        return (flags & mask) == mask;
    }

    /**
     * Sets the given bits.
     *
     * @param mask flag bits.
     * @return this.
     */
    public PacketMeta setFlags(final int mask)
    {
        flags |= mask;
        return this;
    }

    /**
     * Clears the given bits.
     *
     * @param mask flag bits.
     * @return this.
     */
    public PacketMeta clearFlags(final int mask)
    {
        flags &= ~mask;
        return this;
    }

    /**
     * Records why processing ends, unless a reason was recorded before (the first one wins).
     *
     * @param reason the reason, not null.
     * @return true when this call recorded the reason.
     */
    public boolean drop(final DropReason reason)
    {
        if (dropReason == null)
        {
            dropReason = reason;
            return true;
        }
        return false;
    }

    /**
     * The recorded reason.
     *
     * @return the reason, or null when processing has not ended.
     */
    public DropReason dropReason()
    {
        return dropReason;
    }

    /**
     * Whether a reason has been recorded (including {@link DropReason#DELIVERED}).
     *
     * @return true when done.
     */
    public boolean isDone()
    {
        return dropReason != null;
    }

    /**
     * Whether a reason that is a drop has been recorded.
     *
     * @return true when dropped.
     */
    public boolean isDropped()
    {
        return dropReason != null && dropReason.isDrop();
    }
}
