// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * A caller-owned copy of one slot's inline per-flow state in a {@link LockFreeFlowTable} built with inline state
 * (docs/spec/flow-table.md section 11): filled by the table's seqlock readers, read by a writer. One per worker,
 * reused for every packet, so reading allocates nothing.
 *
 * <p>Layout of the state words (words 3-7 of an 8-long slot, docs/spec/flow-table.md section 11.1; words 0-2 are the
 * control word and the key, section 11.14):
 * <pre>
 *  word 3  SEQ|SEEN: two ints, each only ever accessed as an int: bytes 0-3 the seqlock version (even: stable;
 *                    odd: a writer owns it; bumped by 2 per write), bytes 4-7 the last-seen tick of this direction
 *                    (65,536 ns units, outside the seqlock: opaque store and load; 0 none)
 *  word 4  META    : idle-timeout index (16, bits 63..48, {@link IdleTimeouts}) | stage value (8, bits 47..40)
 *                    | destination VNI (24, bits 39..16) | NAT flags (8, bits 15..8) | status (8, bits 7..0)
 *  word 5  GENID   : connection word (32, high; port forwarding, forward slot only) | config generation the flow
 *                    was last evaluated at (32, low)
 *  word 6  NAT     : IPv4 translated address (32, high) | port (16) | incremental checksum delta (16); an IPv6
 *                    rewrite keeps its port and delta here and its address in the key's record
 *  word 7  PEER    : slot of the reverse direction (32, high; -1 none) | its key's tag (32, low)
 * </pre>
 */
public final class InlineFlowView
{
    /** Status of a slot whose creator has not written its state yet: readers take the slow path. */
    public static final int PENDING = 3;
    /** NAT flag: rewrite with the IPv4 address of word {@code NAT}. */
    public static final int NAT_V4 = 1;
    /** NAT flag: rewrite with the IPv6 address of the key's record (port and delta still in word {@code NAT}). */
    public static final int NAT_V6 = 2;
    /** NAT flag: the rewrite is of the source (address and port or ICMP identifier); clear: of the destination. */
    public static final int NAT_SRC = 4;
    /** NAT flag: the flow carries masquerade state (the flow-filter's NAT flag and MultipleMatches path). */
    public static final int NAT_MASQUERADE = 8;
    /** NAT flag: the flow carries port-forwarding state. */
    public static final int NAT_PORT_FORWARDING = 16;
    /**
     * NAT flag, port forwarding: {@link #stageValue} is the connection's shared status and its rule belongs to the
     * configuration of {@link #genid}, so a packet that the status machine would leave in that status changes nothing
     * but the last-seen time (set by the stage's object path, cleared by a genid change and by any status change).
     */
    public static final int NAT_PF_STEADY = 32;
    /** NAT flag: the rewrite does not fit the inline words (masquerade of both sides): NAT stages use the object. */
    public static final int NAT_OBJECT = 64;
    /**
     * Flag of the same byte, not a NAT flag: the slot maps a flow object, not the session sentinel (section 11.10,
     * B2). Written with the mapping (7a, N2), kept by every other state write; a burst read loads {@code infos} only
     * when it is set.
     */
    static final int FLOW_OBJECT = 128;

    /** Shift of the idle-timeout index in {@code META} (docs/spec/flow-table.md section 11.13, P4). */
    static final int IDLE_TIMEOUT_SHIFT = 48;
    static final int SEQ = 3;
    static final int META = 4;
    static final int GENID = 5;
    static final int NAT = 6;
    static final int PEER = 7;

    /** The slot read (or -1). */
    public int slot = -1;
    /** The even seqlock version the state was read at; pass it to a writer to write only over this state. */
    public long seq;
    /** {@link FlowInfo#ACTIVE}, {@link FlowInfo#CANCELLED}, {@link FlowInfo#EXPIRED} or {@link #PENDING}. */
    public int status;
    /** Destination VNI (24 bits). */
    public int dstVni;
    /** {@link #NAT_V4}, {@link #NAT_V6} or 0 (no rewrite). */
    public int natFlags;
    /** Config generation (32 bits, unsigned: the low half of {@code GENID}). */
    public long genid;
    /**
     * A NAT stage's 32-bit word in the high half of {@code GENID} (port forwarding: the connection's status and rule
     * mapping, in the forward direction's slot only; docs/spec/flow-table.md section 11.13, P6), 0 for none.
     */
    public int connection;
    /** A NAT stage's 8-bit value (port forwarding: the connection status while {@link #NAT_PF_STEADY} is set). */
    public int stageValue;
    /**
     * The direction's idle timeout as an {@link IdleTimeouts} index (16 bits; 0 is never written by a stage and reads
     * as the longest timeout known): written with the claim and by port forwarding when a connection's timeout
     * changes; the expiry wheel reads it.
     */
    public int idleTimeoutIndex;
    /** Translated IPv4 address. */
    public int natAddress;
    /** Translated port (16 bits). */
    public int natPort;
    /** Precomputed incremental checksum delta (16-bit ones' complement). */
    public int natChecksumDelta;
    /** Translated IPv6 address, high half. */
    public long nat6Hi;
    /** Translated IPv6 address, low half. */
    public long nat6Lo;
    /** Slot of the reverse direction, or -1. */
    public int peerSlot = -1;
    /** Tag (high half of the key hash) of the reverse direction's key. */
    public int peerTag;
    /**
     * The flow reference of the slot, as loaded by the read (never dereferenced by the read): the slow path's object,
     * and the identity the writers of the object modes use.
     */
    public FlowInfo flow;
    /**
     * The control word the read validated (docs/spec/flow-table.md section 11.13, P7): with {@link #handle}, the
     * handle of a session without flow objects, from which a lazy removal CASes (H5).
     */
    public long ctrl;
    /**
     * The slot of the session without flow objects a look-up found ({@link FlowInfo#INLINE_SESSION}), or -1: set by
     * the burst look-up whether or not its read was usable, so that a stage's slow path reads the session by its
     * handle ({@link LockFreeFlowTable#readSession}) instead of by a flow reference (section 11.13, P7, H2).
     */
    public int handle = -1;
    /** The table {@link #handle} is a slot of (set with it). */
    public LockFreeFlowTable table;
    /**
     * Reads of {@link LockFreeFlowTable#readInlineOf} that took the state's claim after {@link
     * LockFreeFlowTable#SLOW_READS} seqlock reads failed (docs/spec/flow-table.md section 11.12, Q3): a counter of the
     * view's owner.
     */
    public long claimedReads;

    /**
     * Whether this view holds a consistent read of an active flow (the established path may use it), as the burst
     * look-up ({@link LockFreeFlowTable#lookupInlineBurst}) leaves it.
     *
     * @return true when the NAT stages and the flow-filter may decide from the inline words.
     */
    public boolean usable()
    {
        return slot >= 0;
    }

    /**
     * Marks the view unusable (the stages then take the object path).
     */
    public void clear()
    {
        slot = -1;
        flow = null;
        handle = -1;
    }

    /**
     * Whether this view names a session without flow objects ({@link #handle}), usable or not.
     *
     * @return true when {@link #handle} is a slot.
     */
    public boolean isSession()
    {
        return handle >= 0;
    }

    /**
     * The tag of the session direction's key, from the validated control word (a handle's tag).
     *
     * @return the tag.
     */
    public int tag()
    {
        return (int) (ctrl >>> 32);
    }

    /**
     * Sets the values a creator writes ({@link LockFreeFlowTable#publishInlinePair}); status and genid are taken from
     * the flow object under the writer's claim, so they are not set here.
     *
     * @param vni     destination VNI.
     * @param flags   NAT flags.
     * @param hi      translated IPv6 address, high half (0 for IPv4).
     * @param lo      translated address: IPv6 low half, or the IPv4 address in the low 32 bits.
     * @param port    translated port or ICMP identifier.
     * @return this view.
     */
    public InlineFlowView state(final int vni, final int flags, final long hi, final long lo, final int port)
    {
        dstVni = vni;
        natFlags = flags;
        nat6Hi = (flags & NAT_V6) != 0 ? hi : 0L;
        nat6Lo = (flags & NAT_V6) != 0 ? lo : 0L;
        natAddress = (flags & NAT_V6) != 0 ? 0 : (int) lo;
        natPort = port;
        natChecksumDelta = 0;
        idleTimeoutIndex = 0;
        connection = 0;
        return this;
    }

    /**
     * Sets the direction's idle timeout (docs/spec/flow-table.md section 11.13, P4), after {@link #state}.
     *
     * @param index an {@link IdleTimeouts} index, interned before (0 reads as the longest timeout known).
     * @return this view.
     */
    public InlineFlowView idleTimeoutIndex(final int index)
    {
        idleTimeoutIndex = index & IdleTimeouts.MAX_INDEX;
        return this;
    }

    /**
     * Sets the connection word a creator writes with the words (insert step 7a), after {@link #state}.
     *
     * @param word the 32-bit word ({@link #connection}).
     * @return this view.
     */
    public InlineFlowView connection(final int word)
    {
        connection = word;
        return this;
    }

    /**
     * Sets the precomputed incremental checksum delta of this direction's rewrite (docs/spec/nat.md section 2.9, D1),
     * after {@link #state}.
     *
     * @param delta the 16-bit delta.
     * @return this view.
     */
    public InlineFlowView checksumDelta(final int delta)
    {
        natChecksumDelta = delta & 0xFFFF;
        return this;
    }

    static long meta(final int status, final int natFlags, final int dstVni)
    {
        // FLOW_OBJECT is the mapping's, never a view's: only the table's writers set it (7a, N2).
        return ((long) (dstVni & 0xFF_FFFF) << 16) | ((natFlags & 0xFF & ~FLOW_OBJECT) << 8) | (status & 0xFF);
    }

    static long meta(final int status, final int natFlags, final int dstVni, final int idleTimeoutIndex)
    {
        return meta(status, natFlags, dstVni) |
            ((long) (idleTimeoutIndex & IdleTimeouts.MAX_INDEX) << IDLE_TIMEOUT_SHIFT);
    }

    static long nat(final int address, final int port, final int delta)
    {
        return ((long) address << 32) | ((long) (port & 0xFFFF) << 16) | (delta & 0xFFFF);
    }

    static long peer(final int slot, final int tag)
    {
        return ((long) slot << 32) | (tag & 0xFFFF_FFFFL);
    }

    /** P7: the handle and the {@code META} fields of a session look-up (no seqlock read: {@code seq} is -1). */
    void fillMeta(final int slot, final long ctrl, final long meta)
    {
        this.slot = slot;
        this.handle = slot;
        this.ctrl = ctrl;
        this.seq = -1L;
        this.status = (int) (meta & 0xFF);
        this.natFlags = (int) ((meta >>> 8) & 0xFF & ~FLOW_OBJECT);
        this.dstVni = (int) ((meta >>> 16) & 0xFF_FFFF);
        this.stageValue = (int) ((meta >>> 40) & 0xFF);
        this.idleTimeoutIndex = (int) (meta >>> IDLE_TIMEOUT_SHIFT);
        this.flow = FlowInfo.INLINE_SESSION;
    }

    void fill(
        final int slot, final long seq, final long meta, final long genid, final long nat, final long nat6Hi,
        final long nat6Lo, final long peer)
    {
        this.slot = slot;
        this.seq = seq;
        this.status = (int) (meta & 0xFF);
        this.natFlags = (int) ((meta >>> 8) & 0xFF & ~FLOW_OBJECT);
        this.dstVni = (int) ((meta >>> 16) & 0xFF_FFFF);
        this.stageValue = (int) ((meta >>> 40) & 0xFF);
        this.idleTimeoutIndex = (int) (meta >>> IDLE_TIMEOUT_SHIFT);
        this.genid = genid & LockFreeFlowTable.MAX_GENID;
        this.connection = (int) (genid >>> 32);
        this.natAddress = (int) (nat >>> 32);
        this.natPort = (int) ((nat >>> 16) & 0xFFFF);
        this.natChecksumDelta = (int) (nat & 0xFFFF);
        this.nat6Hi = nat6Hi;
        this.nat6Lo = nat6Lo;
        this.peerSlot = (int) (peer >> 32);
        this.peerTag = (int) peer;
    }

    /**
     * The tag a peer link stores for a key (the high half of its hash).
     *
     * @param key the reverse direction's key.
     * @return its tag.
     */
    public static int tagOf(final FlowKey key)
    {
        return (int) (key.hash64() >>> 32);
    }
}
