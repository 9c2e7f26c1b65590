// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.VarHandle;

/**
 * Sessions without flow objects (docs/spec/flow-table.md section 11.13, P7): both directions of a session live in
 * their slots of a {@link LockFreeFlowTable} with inline state, each slot maps the shared
 * {@link FlowInfo#INLINE_SESSION}, and a session is named by a <b>handle</b>: a slot, the tag of its key and the
 * {@code PEER} word the creator wrote (long-lived holders), or a slot and the control word its look-up validated (a
 * packet). The operations here are the protocol's steps N1, C1-C3, H4, H5 and the look-up's T3 by handle; the table
 * keeps the probe, the claim and the removal's CAS. Nothing here allocates, throws on the data path or waits but for a
 * writer of the same slot. Not final only so that the tests' controls can override its package-private seams.
 */
public class InlineSessions
{
    private static final long UNLINKED = InlineFlowView.peer(-1, 0);
    /** META bits a creator compares with its own words: NAT flags and destination VNI. */
    private static final long WORDS_OF_META = 0xFF_FFFF_FF00L;

    private final LockFreeFlowTable table;

    /**
     * Sessions over {@code table}.
     *
     * @param table a lock-free table with inline state.
     */
    public InlineSessions(final LockFreeFlowTable table)
    {
        if (!table.hasInlineState())
        {
            throw new IllegalArgumentException("sessions without flow objects need a table with inline state");
        }
        this.table = table;
    }

    /**
     * The table.
     *
     * @return the table the sessions live in.
     */
    public LockFreeFlowTable table()
    {
        return table;
    }

    /**
     * N1 (P7): inserts a session's two directions with their words, the reverse first (not linked), then the forward
     * linked to the reverse, so that the forward, which long-lived holders name, carries its link from its publication
     * on. Leaves each direction's slot in {@code fwd.slot} and {@code rev.slot} and the forward's link in
     * {@code fwd.peerSlot}/{@code fwd.peerTag}: the forward's handle. Both slots read {@code PENDING} until
     * {@link #publishPair}.
     *
     * @param forwardKey the forward key (only read).
     * @param reverseKey the reverse key, another key.
     * @param fwd        the forward direction's words ({@link InlineFlowView#state}).
     * @param rev        the reverse direction's.
     * @return {@link FlowTable#INSERTED} or {@link FlowTable#REPLACED} (the forward's), or {@link FlowTable#FULL}.
     */
    public int insertPair(
        final FlowKey forwardKey, final FlowKey reverseKey, final InlineFlowView fwd, final InlineFlowView rev)
    {
        rev.slot = -1;
        rev.peerSlot = -1;
        rev.peerTag = 0;
        fwd.slot = -1;
        if (table.putSession(reverseKey, false, rev) == FlowTable.FULL)
        {
            return FlowTable.FULL;
        }
        fwd.peerSlot = rev.slot;
        fwd.peerTag = InlineFlowView.tagOf(reverseKey);
        return table.putSession(forwardKey, true, fwd);
    }

    /**
     * C1-C3 (P7): the creator's write of each direction inserted by {@link #insertPair}, the forward first: under the
     * state's claim, while the slot is still this session's (LIVE with the key's tag, the words N1 wrote, the link
     * N1 wrote or, for the reverse, the link to the forward), {@code PENDING} becomes {@code ACTIVE} and any other
     * status (an invalidation since the publication) stays; the genid ({@code genid} of the view), the reverse's link
     * and the last-seen time are written; then the direction is activated from the word read after the release.
     *
     * @param forwardKey the forward key.
     * @param reverseKey the reverse key.
     * @param fwd        the forward's words and handle, as {@link #insertPair} left them.
     * @param rev        the reverse's.
     * @param now        the creation time.
     * @return false when a direction was no longer this session's (nothing written there).
     */
    public boolean publishPair(
        final FlowKey forwardKey, final FlowKey reverseKey, final InlineFlowView fwd, final InlineFlowView rev,
        final long now)
    {
        final int fTag = InlineFlowView.tagOf(forwardKey);
        final int rTag = InlineFlowView.tagOf(reverseKey);
        final long toReverse = InlineFlowView.peer(rev.slot, rTag);
        final long toForward = InlineFlowView.peer(fwd.slot, fTag);
        boolean ok = create(fwd.slot, fTag, fwd, toReverse, toReverse, now);
        rev.peerSlot = fwd.slot;
        rev.peerTag = fTag;
        ok &= create(rev.slot, rTag, rev, UNLINKED, toForward, now);
        return ok;
    }

    private boolean create(
        final int slot, final int tag, final InlineFlowView words, final long linkAtClaim, final long link,
        final long now)
    {
        if (!table.validSlot(slot))
        {
            return false;
        }
        final int base = table.baseOf(slot);
        final long seen = table.claimState(base);
        final long meta = table.word(base, InlineFlowView.META);
        final long peer = table.word(base, InlineFlowView.PEER);
        final boolean mine = LockFreeFlowTable.liveWith(table.ctrlVolatile(slot), tag) &&
            (peer == linkAtClaim || peer == link) && sameWords(table, slot, meta, words);
        if (mine)
        {
            final int status = (int) (meta & 0xFF);
            table.svStatusWord(base, creatorMeta(meta, status));
            final long genid = table.word(base, InlineFlowView.GENID);
            table.putWord(base, InlineFlowView.GENID, (genid & ~LockFreeFlowTable.MAX_GENID) |
                (words.genid & LockFreeFlowTable.MAX_GENID));
            table.putWord(base, InlineFlowView.PEER, link);
            table.touch(slot, now);
        }
        table.releaseState(base, seen);
        if (mine)
        {
            // A1-A3 again from the word after the release: A2 loads the status this write left, or a later one.
            // Only from a LIVE word of the key: a slot removed meanwhile may be a purge's SEAL, whose H a CAS clears.
            final long c = table.ctrlVolatile(slot);
            if (LockFreeFlowTable.liveWith(c, tag))
            {
                table.activateSession(slot, c);
            }
        }
        return mine;
    }

    /**
     * H3: the status the creator writes, from the status {@code status} it found under its claim: {@code PENDING}
     * becomes {@code ACTIVE}, any other stays. Package-private for the control that writes {@code ACTIVE} blindly.
     */
    long creatorMeta(final long meta, final int status)
    {
        return status == InlineFlowView.PENDING ? (meta & ~0xFFL) | FlowInfo.ACTIVE : meta;
    }

    /** Whether slot {@code slot} holds the words N1 wrote from {@code words} (VNI, NAT flags, rewrite). */
    private static boolean sameWords(
        final LockFreeFlowTable table, final int slot, final long meta, final InlineFlowView words)
    {
        return (meta & WORDS_OF_META) == (InlineFlowView.meta(0, words.natFlags, words.dstVni) & WORDS_OF_META) &&
            table.word(table.baseOf(slot), InlineFlowView.NAT) ==
                InlineFlowView.nat(words.natAddress, words.natPort, words.natChecksumDelta) &&
            table.nat6Word(slot, true) == words.nat6Hi && table.nat6Word(slot, false) == words.nat6Lo;
    }

    /**
     * The look-up of a session's key (T3 by handle, P7): the slot's status word decides. {@code ACTIVE} and
     * {@code PENDING} (its creator is still writing: a packet of the new session) return the handle; any other status
     * removes the session from exactly the word the look-up validated (H5) and returns a miss.
     *
     * @param key the key.
     * @param out receives the handle ({@code slot}, {@code ctrl}) and the status word's fields.
     * @return the slot, or {@link LockFreeFlowTable#INLINE_MISS}.
     */
    public int lookup(final FlowKey key, final InlineFlowView out)
    {
        final int slot = table.probeSession(key, out);
        if (slot < 0)
        {
            return LockFreeFlowTable.INLINE_MISS;
        }
        if (out.status == FlowInfo.ACTIVE || out.status == InlineFlowView.PENDING)
        {
            return slot;
        }
        table.removedAt(slot, out.ctrl);
        out.clear();
        return LockFreeFlowTable.INLINE_MISS;
    }

    /**
     * H4 (P7): a long-lived holder's status write for the session whose forward direction (or any direction) is
     * {@code slot} with tag {@code tag} and link ({@code peerSlot}, {@code peerTag}): the status into this direction's
     * slot (a full write that checks LIVE, tag and link under its claim), then its hint (section 8's W3 with the
     * version incremented); then the same for the linked direction, whose link must lead back (or not be written yet:
     * its creator's C2 keeps the status). The status is stored before the hint, as section 8's W1 before W3.
     *
     * @param slot     the direction's slot.
     * @param tag      its key's tag.
     * @param peerSlot the other direction's slot, as linked.
     * @param peerTag  the other direction's tag.
     * @param status   {@link FlowInfo#CANCELLED} or {@link FlowInfo#EXPIRED}.
     * @return false when the slot no longer holds this session (nothing written).
     */
    public boolean invalidate(final int slot, final int tag, final int peerSlot, final int peerTag, final int status)
    {
        if (!invalidateDirection(slot, tag, InlineFlowView.peer(peerSlot, peerTag), false, status))
        {
            return false;
        }
        invalidateDirection(peerSlot, peerTag, InlineFlowView.peer(slot, tag), true, status);
        return true;
    }

    /**
     * One direction of {@link #invalidate}: the status, then the hint. Package-private for the control that sets the
     * hint first.
     */
    boolean invalidateDirection(
        final int slot, final int tag, final long link, final boolean orUnlinked, final int status)
    {
        if (!writeStatus(slot, tag, link, orUnlinked, status))
        {
            return false;
        }
        table.setSessionHint(slot, tag);
        return true;
    }

    /** H4's status write under the claim, checked as {@link #invalidate} says. */
    final boolean writeStatus(
        final int slot, final int tag, final long link, final boolean orUnlinked, final int status)
    {
        return write(slot, tag, link, orUnlinked, STATUS, status);
    }

    /** {@link #write}: the status (8 bits), volatile (H4). */
    private static final int STATUS = 0;
    /** {@link #write}: the config generation (the low half of {@code GENID}); flags bound to the old one cleared. */
    private static final int GENID = 1;
    /** {@link #write}: the idle-timeout index. */
    private static final int TIMEOUT = 2;
    /** {@link #write}: NAT flags cleared. */
    private static final int CLEAR_FLAGS = 3;
    /** {@link #write}: the connection word's bits (mask in the value's high half, bits in its low half). */
    private static final int CONNECTION = 4;

    /**
     * A full write (W1-W4) of one direction named by a long-lived handle: under the state's claim the slot must be LIVE
     * without {@code BUSY} with tag {@code tag} and link exactly {@code link} (or, with {@code orUnlinked}, not linked
     * yet); then {@code what} is written. The status is also written over {@code PENDING} (the creator's C' keeps it);
     * the other fields likewise, which C' does not touch but for the genid, its own.
     */
    private boolean write(
        final int slot, final int tag, final long link, final boolean orUnlinked, final int what, final long value)
    {
        if (!table.validSlot(slot))
        {
            return false;
        }
        final int base = table.baseOf(slot);
        final long seen = table.claimState(base);
        final long peer = table.word(base, InlineFlowView.PEER);
        final boolean mine = LockFreeFlowTable.liveWith(table.ctrlVolatile(slot), tag) &&
            linkMatches(peer, link, orUnlinked);
        if (mine)
        {
            final long meta = table.word(base, InlineFlowView.META);
            switch (what)
            {
                case STATUS:
                    table.svStatusWord(base, (meta & ~0xFFL) | (value & 0xFF));
                    break;
                case GENID:
                    final long word = table.word(base, InlineFlowView.GENID);
                    if ((word & LockFreeFlowTable.MAX_GENID) != (value & LockFreeFlowTable.MAX_GENID))
                    {
                        table.putWord(base, InlineFlowView.GENID,
                            (word & ~LockFreeFlowTable.MAX_GENID) | (value & LockFreeFlowTable.MAX_GENID));
                        table.svStatusWord(base, meta & ~LockFreeFlowTable.GENID_BOUND_FLAGS);
                    }
                    break;
                case TIMEOUT:
                    table.svStatusWord(base, (meta & ~LockFreeFlowTable.IDLE_TIMEOUT_BITS) |
                        ((value & IdleTimeouts.MAX_INDEX) << InlineFlowView.IDLE_TIMEOUT_SHIFT));
                    break;
                case CONNECTION:
                    final long bits = value & 0xFFFF_FFFF_0000_0000L;
                    final long connection = table.word(base, InlineFlowView.GENID);
                    table.putWord(base, InlineFlowView.GENID, (connection & ~bits) | ((value << 32) & bits));
                    break;
                default:
                    table.svStatusWord(base, meta & ~((value & 0xFF & ~InlineFlowView.FLOW_OBJECT) << 8));
                    break;
            }
        }
        table.releaseState(base, seen);
        return mine;
    }

    /** {@link #write} of this direction, then of the linked one (whose link must lead back, or not be written yet). */
    private boolean writePair(
        final int slot, final int tag, final int peerSlot, final int peerTag, final int what, final long value)
    {
        if (!write(slot, tag, InlineFlowView.peer(peerSlot, peerTag), false, what, value))
        {
            return false;
        }
        write(peerSlot, peerTag, InlineFlowView.peer(slot, tag), true, what, value);
        return true;
    }

    /**
     * T4 by handle (P7): the flow-filter's re-stamp (docs/spec/flow-filter.md section 4, step 8) of both directions of
     * the session named as {@link #invalidate} says: the config generation, and the flags bound to the old one
     * ({@link InlineFlowView#NAT_PF_STEADY}) cleared when it changes. No hint (it is about inactive statuses).
     *
     * @param slot     the direction's slot.
     * @param tag      its key's tag.
     * @param peerSlot the other direction's slot, as linked.
     * @param peerTag  the other direction's tag.
     * @param genid    the generation (32 bits).
     * @return false when the slot no longer holds this session (nothing written).
     */
    public boolean setGenid(final int slot, final int tag, final int peerSlot, final int peerTag, final long genid)
    {
        return writePair(slot, tag, peerSlot, peerTag, GENID, genid);
    }

    /**
     * P4 by handle: both directions' idle timeout becomes {@link IdleTimeouts} index {@code index} (port forwarding
     * when a connection's timeout changes).
     *
     * @param slot     the direction's slot.
     * @param tag      its key's tag.
     * @param peerSlot the other direction's slot, as linked.
     * @param peerTag  the other direction's tag.
     * @param index    the index.
     * @return false when the slot no longer holds this session (nothing written).
     */
    public boolean idleTimeout(final int slot, final int tag, final int peerSlot, final int peerTag, final int index)
    {
        return writePair(slot, tag, peerSlot, peerTag, TIMEOUT, index & IdleTimeouts.MAX_INDEX);
    }

    /**
     * Clears NAT flags of both directions (port forwarding leaving a marked status).
     *
     * @param slot     the direction's slot.
     * @param tag      its key's tag.
     * @param peerSlot the other direction's slot, as linked.
     * @param peerTag  the other direction's tag.
     * @param flags    the {@code InlineFlowView.NAT_*} bits.
     * @return false when the slot no longer holds this session (nothing written).
     */
    public boolean clearFlags(final int slot, final int tag, final int peerSlot, final int peerTag, final int flags)
    {
        return writePair(slot, tag, peerSlot, peerTag, CLEAR_FLAGS, flags & 0xFF);
    }

    /**
     * P6 by handle: the connection word's bits {@code mask} in the slot of one direction (the forward one, which
     * holds the word), the other bits kept; the slot must be LIVE with {@code tag} and linked to ({@code peerSlot},
     * {@code peerTag}), or not linked yet when {@code orUnlinked}.
     *
     * @param slot       the forward direction's slot.
     * @param tag        its key's tag.
     * @param peerSlot   the reverse's slot, as linked.
     * @param peerTag    the reverse's tag.
     * @param mask       the bits of the word to replace.
     * @param value      their new value.
     * @return false when the slot no longer holds this session (nothing written).
     */
    public boolean updateConnection(
        final int slot, final int tag, final int peerSlot, final int peerTag, final int mask, final int value)
    {
        return write(slot, tag, InlineFlowView.peer(peerSlot, peerTag), false, CONNECTION,
            ((long) mask << 32) | (value & 0xFFFF_FFFFL));
    }

    /**
     * {@link #invalidate} of the session a read names (a packet's {@link LockFreeFlowTable#readSession}, a burst read,
     * or {@link #find}): its slot, the tag of its validated word and the link it read.
     *
     * @param read   a read of one of the session's directions.
     * @param status {@link FlowInfo#CANCELLED} or {@link FlowInfo#EXPIRED}.
     * @return false when the slot no longer holds this session.
     */
    public boolean invalidate(final InlineFlowView read, final int status)
    {
        return invalidate(read.handle, read.tag(), read.peerSlot, read.peerTag, status);
    }

    /**
     * {@link #setGenid} of the session a read names.
     *
     * @param read  a read of one of the session's directions.
     * @param genid the generation.
     * @return false when the slot no longer holds this session.
     */
    public boolean setGenid(final InlineFlowView read, final long genid)
    {
        return setGenid(read.handle, read.tag(), read.peerSlot, read.peerTag, genid);
    }

    /**
     * The session of {@code key} read whole (its words and link), for a caller that holds a key rather than a handle
     * (set-up code, tests, the ICMP-error handler): {@link #lookup}'s probe, then a seqlock read of the slot by its tag
     * (a writer in the way is waited out, a few reads, then {@link LockFreeFlowTable#readSession}'s claim).
     *
     * @param key the key.
     * @param out receives the read and the handle.
     * @return the slot, or {@link LockFreeFlowTable#INLINE_MISS} (no session of the key).
     */
    public int find(final FlowKey key, final InlineFlowView out)
    {
        final int slot = table.probeSession(key, out);
        if (slot < 0)
        {
            return LockFreeFlowTable.INLINE_MISS;
        }
        return table.readSession(out, out);
    }

    /**
     * The direction a read links to, read by that link as a handle (P7, H2): its slot must be LIVE with the linked
     * tag, map a session, and link back to the read's direction ({@code read.handle}, {@code read.tag()}). A reverse
     * read before the creator's write (not linked yet), a linked slot removed or taken by another session: a miss.
     * The answer's status may be {@code PENDING}, {@code CANCELLED} or {@code EXPIRED}, as {@link
     * LockFreeFlowTable#readSession}'s.
     *
     * @param read a read of one direction ({@link LockFreeFlowTable#readSession}), not {@code out}.
     * @param out  receives the linked direction's read and handle.
     * @return the linked slot, or {@link LockFreeFlowTable#INLINE_MISS}.
     */
    public int readLinked(final InlineFlowView read, final InlineFlowView out)
    {
        final int slot = read.peerSlot;
        if (!table.validSlot(slot))
        {
            return LockFreeFlowTable.INLINE_MISS;
        }
        final long c = table.ctrlAcquire(slot);
        if (!LockFreeFlowTable.liveWith(c, read.peerTag))
        {
            return LockFreeFlowTable.INLINE_MISS;
        }
        out.handle = slot;
        out.ctrl = c;
        out.table = table;
        if (table.readSession(out, out) < 0 || out.peerSlot != read.handle || out.peerTag != read.tag())
        {
            out.clear();
            return LockFreeFlowTable.INLINE_MISS;
        }
        return slot;
    }

    /**
     * H5 (P7): removes the session whose direction is {@code slot} with tag {@code tag} and link ({@code peerSlot},
     * {@code peerTag}), both directions: this one by D2 from the control word validated together with its link, then
     * the linked one while its link leads back (or is not written yet).
     *
     * @param slot     the direction's slot.
     * @param tag      its key's tag.
     * @param peerSlot the other direction's slot, as linked.
     * @param peerTag  the other direction's tag.
     * @return the directions this call removed: 0 when this direction no longer held the session, else 1 or 2.
     */
    public int remove(final int slot, final int tag, final int peerSlot, final int peerTag)
    {
        if (!removeDirection(slot, tag, InlineFlowView.peer(peerSlot, peerTag), false))
        {
            return 0;
        }
        return removeDirection(peerSlot, peerTag, InlineFlowView.peer(slot, tag), true) ? 2 : 1;
    }

    private boolean removeDirection(final int slot, final int tag, final long link, final boolean orUnlinked)
    {
        if (!table.validSlot(slot))
        {
            return false;
        }
        final int base = table.baseOf(slot);
        while (true)
        {
            final long c = table.ctrlAcquire(slot);
            if (!LockFreeFlowTable.mapsTag(c, tag))
            {
                return false;
            }
            if ((c & LockFreeFlowTable.BUSY) != 0)
            {
                Thread.onSpinWait(); // a replace holds the word and writes the link under it: decide after its R3
                continue;
            }
            final long peer = table.wordAcquire(base, InlineFlowView.PEER);
            VarHandle.acquireFence(); // the link's load before the re-check: a link of the word c
            if (table.ctrlAcquire(slot) != c)
            {
                continue;
            }
            if (!linkMatches(peer, link, orUnlinked))
            {
                return false;
            }
            if (table.removeSessionAt(slot, c))
            {
                return true;
            }
            Thread.onSpinWait(); // the word moved on (a hint, a replace's hold): decide again on the new one
        }
    }

    /**
     * The link check of H5 (read under the validated word) and of the connection writer (under its claim, P6);
     * package-private for the controls that skip it.
     */
    boolean linkMatches(final long peer, final long link, final boolean orUnlinked)
    {
        return peer == link || orUnlinked && peer == UNLINKED;
    }
}
