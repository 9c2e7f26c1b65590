// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.UnsafeApi;

/**
 * {@link FlowTableKind#LOCK_FREE}: open addressing with linear probing over a {@code long[]} of 8-word slots and a
 * parallel {@code FlowInfo[]}; slots are claimed by CAS and published with release/acquire ordering. The protocol
 * (insert, look-up, remove, slot reuse, status hint, memory ordering) is specified step by step in
 * docs/spec/flow-table.md; that document is normative.
 *
 * <p>Slot layout ({@link #STRIDE} longs, 64 bytes, starting {@link #PAD} longs into the array so that slots coincide
 * with cache lines when the array starts on a 64-byte boundary, as large arrays do under G1, ZGC and Shenandoah):
 * <pre>
 *  word 0  control  : tag (32, high half of the key hash) | version (28) | busy (1) | inactive hint (1) | state (2:
 *                     EMPTY, CLAIMED, LIVE, TOMB)
 *  word 1..2        : {@link FlowKey#word0()}, {@link FlowKey#word1()}
 *  word 3..6        : source hi/lo, destination hi/lo
 *  word 7           : {@link FlowKey#innerAddressDigest()}
 * </pre>
 * The inactive hint is clear only while the slot's flow is bound to this table and was active when last checked; a
 * flow's status change away from active writes through to it ({@link FlowInfo#status(int)}), so a look-up that finds
 * the hint clear returns the flow without loading it. The slot count is the power of two at or above twice the
 * capacity (plus pair headroom). Readers never wait and never write. No allocation per look-up, insert or remove.
 */
public class LockFreeFlowTable extends LockFreeFlowTablePad3
{
    /** Longs per slot. */
    public static final int STRIDE = 8;
    /**
     * Longs before slot 0: the array's element base offset rounded up to 64 bytes, so that an array starting on a
     * 64-byte boundary has every slot in one cache line.
     */
    public static final int PAD = ((64 - UnsafeApi.arrayBaseOffset(long[].class) % 64) % 64) / Long.BYTES;
    static final int CTRL_OFFSET = 0;
    static final int WORD0_OFFSET = 1;
    static final int WORD1_OFFSET = 2;
    static final int SRC_HI_OFFSET = 3;
    static final int SRC_LO_OFFSET = 4;
    static final int DST_HI_OFFSET = 5;
    static final int DST_LO_OFFSET = 6;
    static final int DIGEST_OFFSET = 7;
    /**
     * Word 2 of a slot with inline state (section 11.14): a direct key's {@link FlowKey#addressWord()}, or an
     * indirect key's record index.
     */
    static final int KEY1_OFFSET = 2;
    /** Words of an indirect key's record (section 11.14): the key words that do not fit the slot. */
    static final int REC_WORD1 = 0;
    static final int REC_SRC_HI = 1;
    static final int REC_SRC_LO = 2;
    static final int REC_DST_HI = 3;
    static final int REC_DST_LO = 4;
    static final int REC_DIGEST = 5;
    /** Record words of an IPv6 rewrite's address (section 11.14). */
    static final int REC_NAT6_HI = 6;
    static final int REC_NAT6_LO = 7;
    /** Records beyond one per slot: the claims in flight that took one before their CAS (section 11.14). */
    private static final int RECORD_MARGIN = 64;

    static final long EMPTY = 0L;
    static final long CLAIMED = 1L;
    static final long LIVE = 2L;
    static final long TOMB = 3L;
    /** Control-word bit: the flow may be inactive, load its status (clear: known active, bound to this table). */
    static final long INACTIVE_HINT = 4L;
    /**
     * An EMPTY word with the hint bit set: a purge in progress holds this slot (the successor of the tombstone it
     * empties). Look-ups see EMPTY (end of chain); inserts never claim it.
     */
    static final long SEAL = EMPTY | INACTIVE_HINT;
    /**
     * Control-word bit of a LIVE word: a replace holds the slot between its R1 and R3 (section 5.3); no other writer
     * changes the word meanwhile, so a LIVE word without it fixes the slot's flow reference (I4).
     */
    static final long BUSY = 8L;
    /**
     * Control-word bit of a slot with inline state (section 11.14): the key is indirect, word 2 holds its record's
     * index. Set by the claim, kept by every later word of that claim.
     */
    static final long INDIRECT = 16L;
    private static final long STATE_MASK = 3L;
    private static final long VERSION_MASK = 0xFFFF_FFE0L;
    private static final long VERSION_ONE = 32L;
    private static final int WAIT_SPINS = 1 << 14;
    /** {@link #rival}: look at the next slot. */
    private static final int NEXT = 0;
    /** {@link #rival}: the own claim must be withdrawn. */
    private static final int LOST = 1;
    /** {@link #rival}: the end of the chain after the own claim; it may be published. */
    private static final int END = 2;

    private static final VarHandle LONGS_VH = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long LONG_BASE = UnsafeApi.arrayBaseOffset(long[].class);
    /** Log2 of {@link #SEEN_TICK_NANOS}. */
    static final int SEEN_SHIFT = 16;
    /** The last-seen tick of an inline slot (section 11.6): 65,536 ns. */
    public static final long SEEN_TICK_NANOS = 1L << SEEN_SHIFT;
    private static final VarHandle INFOS_VH = MethodHandles.arrayElementVarHandle(FlowInfo[].class);

    private static final FlowInfo CHANGED = new FlowInfo(new FlowKey(), 0L, FlowInfoAccess.SNAPSHOT);
    private static final FlowInfo MISMATCH = new FlowInfo(new FlowKey(), 0L, FlowInfoAccess.SNAPSHOT);

    /**
     * Slot count from which a burst look-up touches displaced keys' next slots too ({@link #touchDisplaced}): 2^19
     * slots are 32 MiB of slot lines, beyond a server's last-level cache share. In a smaller table the next slot is
     * mostly a cache hit and the round costs more than it saves: 1.4% on new-valid at 65,536 slots (paired).
     */
    static final int TOUCH_NEXT_MIN_SLOTS = 1 << 19;

    private final long[] slots;
    private final FlowInfo[] infos;
    private final int mask;
    /** The records of indirect keys (section 11.14); null without inline state. */
    private final KeyRecordPool records;

    /**
     * A table for up to {@code capacity} flows.
     *
     * @param capacity the capacity (at least 1, at most 2^28).
     */
    public LockFreeFlowTable(final int capacity)
    {
        this(capacity, false);
    }

    /**
     * A table for up to {@code capacity} flows, with or without {@link InlineFlowState inline per-flow state}.
     *
     * @param capacity    the capacity (at least 1, at most 2^28).
     * @param inlineState true for slots carrying the inline state (docs/spec/flow-table.md section 11).
     */
    public LockFreeFlowTable(final int capacity, final boolean inlineState)
    {
        this(capacity, Integer.highestOneBit(Math.max(4, (capacity + 64) * 2 - 1)) << 1, inlineState);
    }

    /**
     * Test seam: a table with an explicit slot count (tests use tiny tables so that probe chains collide).
     *
     * @param capacity  the capacity.
     * @param slotCount a power of two greater than the capacity.
     */
    LockFreeFlowTable(final int capacity, final int slotCount)
    {
        this(capacity, slotCount, false);
    }

    /**
     * A table with an explicit slot count, with or without inline state.
     *
     * @param capacity    the capacity.
     * @param slotCount   a power of two greater than the capacity.
     * @param inlineState true for slots carrying the inline state.
     */
    LockFreeFlowTable(final int capacity, final int slotCount, final boolean inlineState)
    {
        super(capacity);
        if (capacity > (1 << 28) || Integer.bitCount(slotCount) != 1 || slotCount <= capacity)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " slotCount=" + slotCount);
        }
        if (((long) slotCount << 3) + PAD > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException(
                "capacity=" + capacity + " slotCount=" + slotCount + ": the slot array exceeds a Java array");
        }
        this.slots = new long[PAD + (slotCount << 3)];
        this.infos = inlineState ? null : new FlowInfo[slotCount];
        this.mask = slotCount - 1;
        // One record per indirect slot, plus the claims in flight that took one before their CAS.
        this.records = inlineState ? new KeyRecordPool(slotCount + RECORD_MARGIN) : null;
    }

    @Override
    public FlowTableKind kind()
    {
        return FlowTableKind.LOCK_FREE;
    }

    /**
     * The number of slots.
     *
     * @return a power of two.
     */
    public final int slotCount()
    {
        return mask + 1;
    }

    /**
     * The longest probe distance any insert has used (bounds every probe; never decreases).
     *
     * @return the distance.
     */
    public final int maxProbe()
    {
        return lvMaxProbe();
    }

    // ---- memory-ordered accessors (JCTools naming) ----

    private static int base(final int slot)
    {
        return PAD + (slot << 3);
    }

    /**
     * Whether the slots carry inline state.
     *
     * @return true for a table built with inline state.
     */
    public final boolean hasInlineState()
    {
        return records != null;
    }

    /** Volatile: writers' reads (Dekker-style: claim, then read the other's slot; spec section 9). */
    private long lvCtrl(final int slot)
    {
        return (long) LONGS_VH.getVolatile(slots, base(slot));
    }

    /** Acquire, pairs with the release and volatile stores of a control word: look-ups (spec section 9). */
    private long laCtrl(final int slot)
    {
        return (long) LONGS_VH.getAcquire(slots, base(slot));
    }

    /** Release: a withdrawal (insert 8) and an unseal (P4) make what preceded them visible. */
    private void soCtrl(final int slot, final long value)
    {
        LONGS_VH.setRelease(slots, base(slot), value);
    }

    /** Volatile: a publication (insert 9) is ordered before the activation's status load (A2). */
    private void svCtrl(final int slot, final long value)
    {
        LONGS_VH.setVolatile(slots, base(slot), value);
    }

    /**
     * Test seam: CAS of a control word, overridable so that a test can substitute a broken, non-atomic version and
     * prove that the linearizability test catches it (the Lincheck and jcstress "non-atomic claim" mutants).
     *
     * @param slot   the slot.
     * @param expect the expected control word.
     * @param update the new control word.
     * @return true when swapped.
     */
    boolean casCtrl(final int slot, final long expect, final long update)
    {
        return LONGS_VH.compareAndSet(slots, base(slot), expect, update);
    }

    // ---- test seams: package-private, never called by the table itself ----

    /** Test seam: the index in the slot array of a slot's first word (tests claim its inline state). */
    final int baseForTest(final int slot)
    {
        return base(slot);
    }

    /** Test seam: whether {@code slot} holds {@code key} by its words alone (section 11.14's direct/indirect rule). */
    final boolean keyInSlotForTest(final int slot, final FlowKey key)
    {
        return keyInSlot(slot, lvCtrl(slot), key);
    }

    /** Test seam: the record of {@code slot} read with control word {@code c}, -1 for a direct slot (section 11.14). */
    final int recordForTest(final int slot, final long c)
    {
        return recordOf(base(slot), c);
    }

    /** Test seam: records taken by indirect keys (section 11.14); 0 without inline state. */
    final int recordsTakenForTest()
    {
        return records == null ? 0 : records.taken();
    }

    /** Test seam: a control word, volatile (the non-atomic CAS mutants read it). */
    final long ctrlForTest(final int slot)
    {
        return lvCtrl(slot);
    }

    /** Test seam: stores a control word, volatile (the non-atomic CAS mutants write it). */
    final void storeCtrlForTest(final int slot, final long value)
    {
        svCtrl(slot, value);
    }

    /** Test seam: a slot's flow reference, volatile (mutants and the removal hook test read it). */
    final FlowInfo infoForTest(final int slot)
    {
        return lvInfo(slot);
    }

    /**
     * Test seam: the number of slots a look-up of {@code key} reads: up to its mapped slot, the first empty slot, or
     * the probe limit (tests measure probe lengths under churn with it; call it only while no writer runs).
     *
     * @param key the key.
     * @return at least 1.
     */
    final int probesForTest(final FlowKey key)
    {
        final long hash = key.hash64();
        final int tag = (int) (hash >>> 32);
        final int home = (int) hash & mask;
        final int limit = lvMaxProbe();
        for (int d = 0; d <= limit; d++)
        {
            final int slot = (home + d) & mask;
            final long c = lvCtrl(slot);
            final long state = c & STATE_MASK;
            if (state == EMPTY ||
                (state == LIVE && tagOf(c) == tag && keyInSlot(slot, c, key) && laInfo(slot) != null))
            {
                return d + 1;
            }
        }
        return limit + 1;
    }

    /**
     * Test seam: the number of tombstones (tests: clean-up under churn; call it only while no writer runs).
     *
     * @return the count.
     */
    final int tombsForTest()
    {
        int n = 0;
        for (int i = 0; i <= mask; i++)
        {
            n += (lvCtrl(i) & STATE_MASK) == TOMB ? 1 : 0;
        }
        return n;
    }

    /**
     * Acquire, pairs with {@link #soInfo} and {@link #casInfo}: the flow is seen as published. A table with inline
     * state has no {@code infos} array (section 11.14, P8c): a LIVE or CLAIMED slot maps the session sentinel when
     * direct and its record's reference when indirect; any other slot maps null.
     */
    private FlowInfo laInfo(final int slot)
    {
        final FlowInfo[] f = infos;
        return f != null ? (FlowInfo) INFOS_VH.getAcquire(f, slot) : inlineInfo(slot, laCtrl(slot));
    }

    /** Volatile: only the test seams read through it. */
    private FlowInfo lvInfo(final int slot)
    {
        final FlowInfo[] f = infos;
        return f != null ? (FlowInfo) INFOS_VH.getVolatile(f, slot) : inlineInfo(slot, lvCtrl(slot));
    }

    /**
     * P8c: the flow of slot {@code slot} of a table with inline state, read with control word {@code c}: as
     * {@code infos[i]} would hold it, from the claim's K3 (or the removal's D2) until the record is given back.
     */
    private FlowInfo inlineInfo(final int slot, final long c)
    {
        final long state = c & STATE_MASK;
        if (state != LIVE && state != CLAIMED)
        {
            return null;
        }
        if ((c & INDIRECT) == 0)
        {
            return FlowInfo.INLINE_SESSION;
        }
        final int r = (int) slots[base(slot) + KEY1_OFFSET];
        return records.isRecord(r) ? (FlowInfo) records.laRef(r) : null;
    }

    /**
     * Release: the owner of a claim stores the flow reference; ordered before the LIVE store anyway (spec 9). Without
     * an {@code infos} array the claim stores it in the record itself (K3) and a record given back drops it.
     */
    private void soInfo(final int slot, final FlowInfo info)
    {
        final FlowInfo[] f = infos;
        if (f != null)
        {
            INFOS_VH.setRelease(f, slot, info);
        }
    }

    /**
     * Test seam: CAS of a slot's flow reference (replace R2; a removal decides on the control word since P2),
     * overridable so that a jcstress control can widen the window after it. With inline state: the record's
     * reference; a direct slot only ever maps the session sentinel (section 11.14, P8c).
     *
     * @param slot   the slot.
     * @param expect the expected flow.
     * @param update the new flow.
     * @return true when swapped.
     */
    boolean casInfo(final int slot, final FlowInfo expect, final FlowInfo update)
    {
        final FlowInfo[] f = infos;
        if (f != null)
        {
            return INFOS_VH.compareAndSet(f, slot, expect, update);
        }
        if ((lvCtrl(slot) & INDIRECT) == 0)
        {
            return expect == FlowInfo.INLINE_SESSION && update == FlowInfo.INLINE_SESSION;
        }
        return records.casRef((int) slots[base(slot) + KEY1_OFFSET], expect, update);
    }

    private static int tagOf(final long ctrl)
    {
        return (int) (ctrl >>> 32);
    }

    /**
     * A control word with the version (and the {@link #INDIRECT} bit) of {@code versionBits} and the inactive hint
     * set.
     */
    private static long ctrl(final int tag, final long versionBits, final long state)
    {
        return ((long) tag << 32) | (versionBits & (VERSION_MASK | INDIRECT)) | INACTIVE_HINT | state;
    }

    /**
     * Whether the slot read with control word {@code c} holds {@code key} (plain loads: the caller validates them by
     * re-reading the control word, or holds the slot). With inline state a direct key is two words of the slot and an
     * indirect one is its first word and its record (section 11.14); a record index torn by a concurrent reuse of the
     * slot reads as a mismatch, never out of bounds.
     */
    private boolean keyInSlot(final int slot, final long c, final FlowKey key)
    {
        final int base = base(slot);
        final long[] s = slots;
        if (records == null)
        {
            return key.matchesWords(
                s[base + WORD0_OFFSET], s[base + WORD1_OFFSET], s[base + SRC_HI_OFFSET], s[base + SRC_LO_OFFSET],
                s[base + DST_HI_OFFSET], s[base + DST_LO_OFFSET], s[base + DIGEST_OFFSET]);
        }
        final long word0 = s[base + WORD0_OFFSET];
        final long key1 = s[base + KEY1_OFFSET];
        if ((c & INDIRECT) == 0)
        {
            return key.fitsTwoWords() && word0 == key.word0() && key1 == key.addressWord();
        }
        final int r = (int) key1;
        final KeyRecordPool rec = records;
        return word0 == key.word0() && rec.isRecord(r) && key.matchesWords(word0,
            rec.word(r, REC_WORD1), rec.word(r, REC_SRC_HI), rec.word(r, REC_SRC_LO), rec.word(r, REC_DST_HI),
            rec.word(r, REC_DST_LO), rec.word(r, REC_DIGEST));
    }

    /** The record of the indirect slot {@code base} read with control word {@code c}, or -1 for a direct one. */
    private int recordOf(final int base, final long c)
    {
        return (c & INDIRECT) != 0 ? (int) slots[base + KEY1_OFFSET] : -1;
    }

    /** Word {@code word} of record {@code r}, 0 for a direct slot (-1) or an index that is no record. */
    private long recordWord(final int r, final int word)
    {
        return r >= 0 && records.isRecord(r) ? records.word(r, word) : 0L;
    }

    /**
     * Stores an IPv6 rewrite's address in the slot's record (under the state's claim) when {@code natFlags} has
     * {@link InlineFlowView#NAT_V6}; readers load it only then. A direct slot has no record: an IPv4 key never gets an
     * IPv6 rewrite (the NAT stages keep the address family), so asking for one is a caller bug.
     */
    private void putNat6(final int r, final int natFlags, final long hi, final long lo)
    {
        if ((natFlags & InlineFlowView.NAT_V6) == 0)
        {
            return;
        }
        if (r < 0)
        {
            throw new IllegalArgumentException("an IPv6 rewrite for a key without a record (an IPv4 key)");
        }
        records.word(r, REC_NAT6_HI, hi);
        records.word(r, REC_NAT6_LO, lo);
    }

    /**
     * Reads the flow of a LIVE slot whose tag matched, consistently with control word {@code c} (spec: look-up steps
     * 4-6): the key words and the flow reference are read, then the control word again.
     *
     * @return {@link #CHANGED} when the slot changed meanwhile, {@link #MISMATCH} when it holds another key, else the
     *     slot's flow (never null under a validated LIVE word, I4; callers still treat null as absent).
     */
    private FlowInfo verified(final int slot, final long c, final FlowKey key)
    {
        final boolean words = keyInSlot(slot, c, key);
        final FlowInfo info = laInfo(slot);
        VarHandle.acquireFence();
        if (laCtrl(slot) != c)
        {
            return CHANGED;
        }
        if (!words)
        {
            return MISMATCH;
        }
        if (info != null && key.innerKind() != FlowKey.KIND_NONE && info.key() != null && !info.key().equalsKey(key))
        {
            return MISMATCH;
        }
        return info;
    }

    /**
     * Look-up (spec: look-up steps 1-8): the key's flow, or null when absent. With {@code filter}, the contract's
     * look-up: a flow whose slot hint is clear is returned as it is (no load of the flow); otherwise its status decides
     * ({@link #activeOnly}). Without, the raw mapping.
     */
    private FlowInfo getHashed(final FlowKey key, final long hash, final boolean filter)
    {
        final int tag = (int) (hash >>> 32);
        final int home = (int) hash & mask;
        restart:
        while (true)
        {
            final int limit = laMaxProbe(); // spec 4.2
            for (int d = 0; d <= limit; d++)
            {
                final int slot = (home + d) & mask;
                final long c = laCtrl(slot);
                final long state = c & STATE_MASK;
                if (state == EMPTY)
                {
                    return null;
                }
                if (state != LIVE || tagOf(c) != tag)
                {
                    continue;
                }
                final FlowInfo info = verified(slot, c, key);
                if (info == CHANGED)
                {
                    continue restart;
                }
                if (info != MISMATCH)
                {
                    if (!filter || (c & INACTIVE_HINT) == 0)
                    {
                        return info;
                    }
                    final int status = slotStatus(slot, c, info);
                    if (status == STATUS_CHANGED)
                    {
                        continue restart;
                    }
                    if (info == FlowInfo.INLINE_SESSION)
                    {
                        return status == FlowInfo.ACTIVE || status == InlineFlowView.PENDING ? info :
                            removedAt(slot, c);
                    }
                    return status == FlowInfo.ACTIVE ? info : status == OBJECT_STATUS ? activeOnly(key, info) :
                        removedInactive(key, info);
                }
            }
            return null;
        }
    }

    /** {@link #slotStatus}: the slot changed since its word was validated; restart the probe. */
    private static final int STATUS_CHANGED = -2;
    /** {@link #slotStatus}: the object decides (an object mode, or a PENDING slot whose creator copies the object). */
    static final int OBJECT_STATUS = -3;

    /**
     * Section 11.13, P3, T3: the status a look-up decides on when the hint is set. For an INLINE flow in a table with
     * inline state, the slot's own status word (under the seqlock's version, then the control word re-checked: a slot
     * reused meanwhile restarts the probe); a writer in the way, a PENDING slot and every other flow answer
     * {@link #OBJECT_STATUS}. Overridable for the control that decides on the object.
     */
    int slotStatus(final int slot, final long c, final FlowInfo info)
    {
        if (records == null || info == null || info.access() != FlowInfoAccess.INLINE)
        {
            return OBJECT_STATUS;
        }
        final int base = base(slot);
        final long seq = laSeq(base);
        final int status = (int) (laWord(base, InlineFlowView.META) & 0xFF);
        VarHandle.acquireFence();
        if (!unchangedSince(slot, c))
        {
            return STATUS_CHANGED;
        }
        if (info == FlowInfo.INLINE_SESSION)
        {
            return status; // P7, H4: no object to defer to; the one status word, validated by the control word
        }
        // A writer holds the state (a replace's words may still be the old flow's): the object decides, which every
        // status writer stores before its slot write (T1), so it is never older than the slot.
        if ((seq & 1L) != 0 || !seqUnchanged(base, seq) || status == InlineFlowView.PENDING)
        {
            return OBJECT_STATUS;
        }
        return status;
    }

    /**
     * Test seam: T3's re-check of the control word after the status load (overridable for the mutant without it,
     * which may take a reused slot's status for the flow validated before).
     */
    boolean unchangedSince(final int slot, final long c)
    {
        return laCtrl(slot) == c;
    }

    /**
     * Section 11.13, P7, H5: the lazy removal of a session found inactive, from the exact word its look-up validated
     * (a replace or a new claim since then changed the word, and the CAS fails); absent to the caller either way.
     */
    final FlowInfo removedAt(final int slot, final long c)
    {
        removeSessionAt(slot, c);
        return null;
    }

    /** The contract's lazy removal of a flow found inactive: removed by identity, absent to the caller. */
    private FlowInfo removedInactive(final FlowKey key, final FlowInfo info)
    {
        remove(key, info);
        return null;
    }

    /**
     * The slot of a key's LIVE mapping (for removal and status write-through), or -1 (spec: remove steps 1-2).
     */
    private int findSlot(final FlowKey key, final long hash)
    {
        final int tag = (int) (hash >>> 32);
        final int home = (int) hash & mask;
        restart:
        while (true)
        {
            final int limit = lvMaxProbe();
            for (int d = 0; d <= limit; d++)
            {
                final int slot = (home + d) & mask;
                final long c = lvCtrl(slot);
                final long state = c & STATE_MASK;
                if (state == EMPTY)
                {
                    return -1;
                }
                if (state != LIVE || tagOf(c) != tag)
                {
                    continue;
                }
                final FlowInfo info = verified(slot, c, key);
                if (info == CHANGED)
                {
                    continue restart;
                }
                if (info != MISMATCH)
                {
                    return info == null ? -1 : slot;
                }
            }
            return -1;
        }
    }

    @Override
    final FlowInfo get(final FlowKey key)
    {
        return getHashed(key, key.hash64(), false);
    }

    @Override
    public final FlowInfo lookup(final FlowKey key)
    {
        return getHashed(key, key.hash64(), true);
    }

    @Override
    public final void lookupBurst(
        final FlowKey[] keys, final long[] hashes, final FlowInfo[] results, final int count)
    {
        // Pass 1: hash every key. Pass 2: touch each home slot and its flow reference, independent loads, so the
        // cache misses of the burst overlap instead of queueing one after another (the flow itself is not needed
        // while its slot's hint is clear). Pass 3: probe as usual, now mostly from cache.
        hashAndTouch(keys, hashes, count, infos != null);
        for (int i = 0; i < count; i++)
        {
            results[i] = getHashed(keys[i], hashes[i], true);
        }
    }

    /**
     * Passes 1 and 2 of the burst look-ups: hash every key, then touch each home slot (one line, state included) and,
     * with {@code infosToo}, its flow reference (an inline read loads the reference only for a flow object). In a
     * table beyond the cache ({@link #TOUCH_NEXT_MIN_SLOTS}) pass 2 has a second round, {@link #touchDisplaced}.
     */
    private void hashAndTouch(final FlowKey[] keys, final long[] hashes, final int count, final boolean infosToo)
    {
        for (int i = 0; i < count; i++)
        {
            hashes[i] = keys[i].hash64();
        }
        long touched = 0;
        final long[] s = slots;
        final FlowInfo[] f = infos;
        final int m = mask;
        for (int i = 0; i < count; i++)
        {
            final int home = (int) hashes[i] & m;
            touched += s[base(home)];
            if (infosToo)
            {
                touched += f[home] != null ? 1 : 0;
            }
        }
        if (m + 1 >= TOUCH_NEXT_MIN_SLOTS)
        {
            touched += touchDisplaced(hashes, count, infosToo);
        }
        if (touched == Long.MIN_VALUE)
        {
            Thread.onSpinWait(); // never taken: keeps the touching loads alive
        }
    }

    /**
     * The second round of pass 2: a home slot that holds another key (about one key in eight at the default load
     * factor of at most 1/4) sends its key to the next slot, a line the first round did not load; this round touches
     * those next slots together, so that these second misses overlap each other instead of each stalling pass 3.
     *
     * @return the sum of the touched words (keeps the loads).
     */
    private long touchDisplaced(final long[] hashes, final int count, final boolean infosToo)
    {
        long touched = 0;
        final long[] s = slots;
        final FlowInfo[] f = infos;
        final int m = mask;
        for (int i = 0; i < count; i++)
        {
            final long hash = hashes[i];
            final int home = (int) hash & m;
            final long c = s[base(home)]; // a hint: pass 3 reads the control word again, with its ordering
            if ((c & STATE_MASK) != EMPTY && tagOf(c) != (int) (hash >>> 32))
            {
                final int next = (home + 1) & m;
                touched += s[base(next)];
                if (infosToo)
                {
                    touched += f[next] != null ? 1 : 0;
                }
            }
        }
        return touched;
    }

    /**
     * Status write-through (docs/spec/flow-table.md section 8, steps W1-W3): called by {@link FlowInfo} after its
     * volatile store of a non-active status, when it is bound to this table. Sets the inactive hint of the slot that
     * maps {@code flow}, if any, with a version bump even when the hint is already set, so that an activation that read
     * the status before the store cannot clear the hint afterwards (its CAS expects the old control word).
     *
     * @param flow the flow whose status left active.
     */
    void statusChanged(final FlowInfo flow)
    {
        final FlowKey key = flow.key();
        final long hash = key.hash64();
        while (true)
        {
            final int slot = findSlot(key, hash);
            if (slot < 0 || setInactiveHint(slot, flow))
            {
                return;
            }
        }
    }

    /**
     * Spec: step W3.
     *
     * @return true when done (hint set with a new version, or the slot does not map the flow); false when the slot
     *     changed meanwhile: find the flow's slot again.
     */
    final boolean setInactiveHint(final int slot, final FlowInfo flow)
    {
        final long c = lvCtrl(slot);
        if ((c & STATE_MASK) != LIVE)
        {
            return false;
        }
        if ((c & BUSY) != 0)
        {
            Thread.onSpinWait(); // a replace holds the word: look again after its R3
            return false;
        }
        if (laInfo(slot) != flow)
        {
            return lvCtrl(slot) == c;
        }
        return casCtrl(slot, c, ctrl(tagOf(c), c + VERSION_ONE, LIVE));
    }

    /**
     * Spec: activation steps A1-A3. {@code c} is the slot's control word as this writer left it (LIVE, hint set,
     * stored or CASed volatile, so ordered before the status load). The hint is cleared only if the flow is bound here
     * and active, and only by a CAS from {@code c}: a status change after the load bumps the version first.
     */
    private void activate(final int slot, final long c, final FlowInfo flow)
    {
        if (flow == FlowInfo.INLINE_SESSION ? lvSessionStatus(slot) == FlowInfo.ACTIVE :
            flow.bindTo(this) && flow.isActive())
        {
            casCtrl(slot, c, c & ~INACTIVE_HINT);
        }
    }

    /**
     * Section 11.13, P7, H3: a session's A2, the status word of its slot (volatile: after the volatile publication or
     * read of the word the activation CASes from, and Dekker-paired with the volatile status store of an invalidation
     * by handle, which sets the hint after it).
     */
    final int lvSessionStatus(final int slot)
    {
        return (int) ((long) LONGS_VH.getVolatile(slots, base(slot) + InlineFlowView.META) & 0xFF);
    }

    @Override
    final int put(final FlowInfo flow, final boolean force)
    {
        return put(flow, flow.key(), force, null);
    }

    /** {@link #attempt}: a purge seals the chain; pause, then scan again. */
    private static final int SEALED = -1;
    /** {@link #attempt}: the chain changed under the scan or a claim lost; scan again. */
    private static final int AGAIN = -2;
    /** {@link #attempt}: as {@link #AGAIN}, and the attempt reserved capacity that the next one keeps. */
    private static final int AGAIN_RESERVED = -3;
    /** {@link #replaceAt}: the slot holds another key; the scan goes on. */
    private static final int OTHER_KEY = -4;

    /**
     * Insert steps 1-9; with {@code init} (an inline table only), the NAT words of the flow's direction are written
     * with the PENDING state at step 7a, or with the replace under the state's claim (section 11.12, N1-N2), so that a
     * reader that finds the flow finds its NAT words. Attempts until one inserts, replaces or finds the table full;
     * capacity reserved by a failed claim carries over to the next attempt and is released if none inserts.
     */
    @Override
    final int put(final FlowInfo flow, final FlowKey key, final boolean force, final InlineFlowView init)
    {
        if (key == null || (flow.key() == null && records == null))
        {
            // Set-up misuse, not a data-path outcome: a session's sentinel is inserted by InlineSessions (P7).
            throw new IllegalArgumentException("a flow without a key needs InlineSessions on a table with inline " +
                "state: " + flow);
        }
        final long hash = key.hash64();
        boolean reserved = false;
        int waits = 0;
        while (true)
        {
            final int r = attempt(flow, key, hash, force, init, reserved);
            if (r == INSERTED)
            {
                return INSERTED;
            }
            if (r == REPLACED || r == FULL)
            {
                if (reserved)
                {
                    release();
                }
                return r;
            }
            if (r == SEALED)
            {
                pause(++waits);
            }
            reserved |= r == AGAIN_RESERVED;
        }
    }

    /**
     * One pass of the insert: phase 1 looks for the key (replace in place, step 3) and for the first free slot
     * (steps 1-2); phase 2 reserves capacity unless {@code reserved} and claims the free slot (steps 4-9).
     *
     * @return {@link #INSERTED}, {@link #REPLACED}, {@link #FULL}, {@link #SEALED}, {@link #AGAIN} or
     *     {@link #AGAIN_RESERVED}.
     */
    private int attempt(
        final FlowInfo flow, final FlowKey key, final long hash, final boolean force, final InlineFlowView init,
        final boolean reserved)
    {
        final int tag = (int) (hash >>> 32);
        final int home = (int) hash & mask;
        final int slotCount = mask + 1;
        int free = -1;
        int freeDistance = -1;
        long freeCtrl = 0L;
        final int limit = lvMaxProbe();
        for (int d = 0; d < slotCount; d++)
        {
            if (d > limit && free >= 0)
            {
                break;
            }
            final int slot = (home + d) & mask;
            final long c = lvCtrl(slot);
            final long state = c & STATE_MASK;
            if ((c & (STATE_MASK | INACTIVE_HINT)) == SEAL)
            {
                // A purge holds this end of the chain (spec 7): nothing is mapped beyond, but it is not claimable
                // until the purge restores it.
                if (free >= 0)
                {
                    break;
                }
                return SEALED;
            }
            if (state == EMPTY || state == TOMB)
            {
                if (free < 0)
                {
                    free = slot;
                    freeDistance = d;
                    freeCtrl = c;
                }
                if (state == EMPTY)
                {
                    break;
                }
            }
            else if (state == LIVE && tagOf(c) == tag)
            {
                final int atKey = replaceAt(slot, c, tag, flow, key, init);
                if (atKey != OTHER_KEY)
                {
                    return atKey;
                }
            }
        }
        if (free < 0 || (!reserved && !reserve(force)))
        {
            return FULL;
        }
        // Section 11.14: an indirect key's record is taken before the claim and given back by whoever ends it.
        // P8c: a flow object needs the record's reference even when its key would fit the slot.
        final boolean indirect = records != null && (!key.fitsTwoWords() || flow != FlowInfo.INLINE_SESSION);
        final int record = indirect ? records.take() : -1;
        if (indirect && record < 0)
        {
            if (!reserved)
            {
                release(); // this attempt's reservation; put() gives back a carried one on FULL
            }
            return FULL; // no record: fails closed as a full table (the pool is sized for every slot)
        }
        return claim(free, freeDistance, freeCtrl, home, tag, flow, key, init, record) ? INSERTED : AGAIN_RESERVED;
    }

    /**
     * Insert step 3 at a LIVE slot whose tag matched, read with control word {@code c}: replaces the flow in place
     * when the slot holds the key (under the state's claim with {@code init}).
     *
     * @return {@link #REPLACED}, {@link #OTHER_KEY} or {@link #AGAIN}.
     */
    private int replaceAt(
        final int slot, final long c, final int tag, final FlowInfo flow, final FlowKey key, final InlineFlowView init)
    {
        final FlowInfo current = verified(slot, c, key);
        if (current == MISMATCH)
        {
            return OTHER_KEY;
        }
        if (current == CHANGED)
        {
            return AGAIN;
        }
        if (current == null || (c & BUSY) != 0)
        {
            // Another replace holds the slot (a LIVE word never maps null, I4): look again once it is done.
            Thread.onSpinWait();
            return AGAIN;
        }
        if (records != null && (c & INDIRECT) == 0 && flow != FlowInfo.INLINE_SESSION)
        {
            // K6 (section 11.14): a direct slot has no room for a flow object. The session is removed and the next
            // attempt inserts the flow into an indirect slot; a look-up in between misses the key.
            unlink(slot, c, current);
            return AGAIN;
        }
        return (init == null ? replace(slot, c, current, flow) : replaceInline(slot, c, current, flow, init)) ?
            REPLACED : AGAIN;
    }

    /**
     * Spec: insert steps 5-9 for the free slot that the scan found (read as {@code freeCtrl}): claim, write,
     * revalidate, then publish or withdraw.
     *
     * @return true when published; false when the claim failed or lost (scan again, keeping the reservation).
     */
    private boolean claim(
        final int free, final int freeDistance, final long freeCtrl, final int home, final int tag, final FlowInfo flow,
        final FlowKey key, final InlineFlowView init, final int record)
    {
        // Max probe first, so that revalidations see the new bound.
        raiseMaxProbe(freeDistance);
        final long claimed = (ctrl(tag, freeCtrl + VERSION_ONE, CLAIMED) & ~INDIRECT) | (record >= 0 ? INDIRECT : 0L);
        if (!casCtrl(free, freeCtrl, claimed))
        {
            freeRecord(record);
            return false;
        }
        writeKey(free, key, record);
        if (records != null)
        {
            if (record >= 0)
            {
                records.ref(record, flow); // K3: ordered before the publication's volatile store
            }
            initInline(free, init, flow, record);
        }
        flow.cacheSlot(free);
        soInfo(free, flow);
        // Revalidate against concurrent inserts of the same key (at most one claim wins) and against purges.
        if (revalidate(home, freeDistance, tag, key))
        {
            publish(free, ctrl(tag, claimed, LIVE), flow);
            return true;
        }
        soInfo(free, null);
        flow.uncacheSlot(free);
        soCtrl(free, ctrl(tag, claimed, TOMB));
        freeRecord(record);
        purge(free);
        Thread.onSpinWait();
        return false;
    }

    /**
     * K5: gives back the record of a claim that ended (withdrawn, or removed by D2); none for -1. Package-private for
     * the record-reuse mutant of {@code KeyRecordReuseLinearizabilityTest} only.
     */
    void freeRecord(final int record)
    {
        if (record >= 0)
        {
            records.free(record);
        }
    }

    /** Waits for a purge's seal to go: spins, then yields (the purger may have been descheduled). */
    private static void pause(final int waits)
    {
        if (waits < WAIT_SPINS)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield();
        }
    }

    /**
     * Spec: insert step 9. Publishes a won claim with the hint set (a volatile store: ordered before the status load
     * of the activation), then activates it.
     */
    private void publish(final int slot, final long live, final FlowInfo flow)
    {
        svCtrl(slot, live);
        activate(slot, live, flow);
    }

    /**
     * Replaces the flow of a mapped slot (spec: replace steps R1-R3): hint set with a new version, flow reference
     * swapped (the linearization point), then the new flow activated.
     *
     * @return false when the slot changed: look again.
     */
    private boolean replace(final int slot, final long c, final FlowInfo current, final FlowInfo flow)
    {
        // R1: a new version even when the hint is already set (an activation still holding c, of the flow replaced
        // here, must not clear the hint over this slot's next flow), and BUSY, so that no removal decides on the word
        // while the reference changes under it.
        final long busy = ctrl(tagOf(c), c + VERSION_ONE, LIVE) | BUSY;
        if (!casCtrl(slot, c, busy))
        {
            return false;
        }
        flow.cacheSlot(slot);
        final boolean swapped = casInfo(slot, current, flow); // R2: cannot fail while BUSY is held
        final long hinted = unbusy(slot); // R3
        if (!swapped)
        {
            flow.uncacheSlot(slot);
            return false;
        }
        current.uncacheSlot(slot);
        activate(slot, hinted, flow);
        return true;
    }

    /**
     * Spec: step R3, the replacer ends its hold: CAS from the word R1 left (re-read) to the same word with BUSY clear,
     * so with the version R1 gave it and the hint set. No other writer changes a BUSY word, so the CAS cannot fail; a
     * CAS and not a store so that R3 never overwrites another writer's word. Volatile, so ordered before the
     * activation's status load; no word equal to the result existed before R1, so no CAS from an older word succeeds.
     *
     * @return the word left.
     */
    private long unbusy(final int slot)
    {
        final long held = lvCtrl(slot);
        final long hinted = held & ~BUSY;
        casCtrl(slot, held, hinted);
        return hinted;
    }

    /**
     * The key words of a claimed slot: all seven without inline state; with it, the first word and the address word
     * (direct) or the record's index and the record (indirect, {@code record} >= 0; section 11.14).
     */
    private void writeKey(final int slot, final FlowKey key, final int record)
    {
        final int base = base(slot);
        final long[] s = slots;
        if (records != null)
        {
            s[base + WORD0_OFFSET] = key.word0();
            if (record < 0)
            {
                s[base + KEY1_OFFSET] = key.addressWord();
                return;
            }
            // K2: a reader that loads these words (through a stale index) also sees the removal that freed the record.
            VarHandle.releaseFence();
            final KeyRecordPool rec = records;
            rec.word(record, REC_WORD1, key.word1());
            rec.word(record, REC_SRC_HI, key.srcHi());
            rec.word(record, REC_SRC_LO, key.srcLo());
            rec.word(record, REC_DST_HI, key.dstHi());
            rec.word(record, REC_DST_LO, key.dstLo());
            rec.word(record, REC_DIGEST, key.innerAddressDigest());
            s[base + KEY1_OFFSET] = record;
            return;
        }
        s[base + WORD0_OFFSET] = key.word0();
        s[base + WORD1_OFFSET] = key.word1();
        s[base + SRC_HI_OFFSET] = key.srcHi();
        s[base + SRC_LO_OFFSET] = key.srcLo();
        s[base + DST_HI_OFFSET] = key.dstHi();
        s[base + DST_LO_OFFSET] = key.dstLo();
        s[base + DIGEST_OFFSET] = key.innerAddressDigest();
    }

    /**
     * Spec: insert step 8, section 5.1. True when this claim may be published; false when it must yield. The slots
     * before the claim are read nearest first (section 7: a slot read non-EMPTY then stays so).
     */
    private boolean revalidate(final int home, final int myDistance, final int tag, final FlowKey key)
    {
        final int limit = Math.max(lvMaxProbe(), myDistance);
        for (int d = myDistance - 1; d >= 0; d--)
        {
            if (rival((home + d) & mask, true, tag, key) != NEXT)
            {
                return false;
            }
        }
        for (int d = myDistance + 1; d <= limit; d++)
        {
            final int r = rival((home + d) & mask, false, tag, key);
            if (r != NEXT)
            {
                return r == END;
            }
        }
        return true;
    }

    /**
     * Revalidation rules 1-6 (spec 5.1) for one slot of the own key's chain, {@code nearer} than the own claim or
     * after it.
     *
     * @return {@link #NEXT}, {@link #LOST} or {@link #END}.
     */
    private int rival(final int slot, final boolean nearer, final int tag, final FlowKey key)
    {
        int spins = 0;
        while (true)
        {
            final long c = lvCtrl(slot);
            final long state = c & STATE_MASK;
            if (state == EMPTY)
            {
                return !nearer ? END : chainCut(c) ? LOST : NEXT;
            }
            if (tagOf(c) != tag || state == TOMB)
            {
                return NEXT;
            }
            if (state == CLAIMED)
            {
                // Nearer: that claim wins. Farther: it will be published or withdrawn soon; wait, boundedly.
                if (nearer || ++spins > WAIT_SPINS)
                {
                    return LOST;
                }
                Thread.onSpinWait();
                continue;
            }
            final FlowInfo other = verified(slot, c, key);
            if (other == CHANGED)
            {
                continue;
            }
            return other != MISMATCH && other != null ? LOST : NEXT;
        }
    }

    /**
     * Test seam: rule 5 (spec 5.1), an EMPTY or SEAL word before the own claim means a purge cut the chain after the
     * scan; overridable so that a test can drop the rule and prove that the tests catch it.
     *
     * @param ctrl an EMPTY or SEAL control word read before the own claim.
     * @return true: the claim is lost.
     */
    boolean chainCut(final long ctrl)
    {
        return true;
    }

    /**
     * Spec section 7, steps P1-P4: turns tombstones at the end of a chain back into EMPTY, from slot {@code from}
     * backwards while each one's successor is EMPTY, so that misses stop early again. LIVE slots never move.
     */
    private void purge(final int from)
    {
        int t = from;
        while (true)
        {
            final long tomb = lvCtrl(t); // P1
            if ((tomb & STATE_MASK) != TOMB)
            {
                return;
            }
            final int u = (t + 1) & mask;
            final long empty = lvCtrl(u);
            if ((empty & (STATE_MASK | INACTIVE_HINT)) != EMPTY || !seal(u, empty)) // P2
            {
                return;
            }
            // P3, with a new version: an insert that scanned the tombstone as free fails its claim CAS.
            final boolean purged = casCtrl(t, tomb, (tomb + VERSION_ONE) & VERSION_MASK);
            unseal(u, empty); // P4
            if (!purged)
            {
                return;
            }
            t = (t - 1) & mask;
        }
    }

    /**
     * Test seam: step P2, seals EMPTY slot {@code slot} (read as {@code empty}) by CAS, so no insert can claim it
     * while its predecessor is emptied; overridable for the tests' "no seal" mutant.
     *
     * @return false when the slot changed (claimed, or sealed by another purge).
     */
    boolean seal(final int slot, final long empty)
    {
        return casCtrl(slot, empty, ((empty + VERSION_ONE) & VERSION_MASK) | SEAL);
    }

    /**
     * Test seam: step P4, restores a slot sealed from {@code empty} to EMPTY with a new version (release: only the
     * purger writes a sealed slot, and an insert that reads the new word sees the emptied predecessor); overridable
     * for the "no seal" mutant.
     */
    void unseal(final int slot, final long empty)
    {
        soCtrl(slot, (empty + 2 * VERSION_ONE) & VERSION_MASK);
    }

    private void raiseMaxProbe(final int distance)
    {
        while (true)
        {
            final int current = lvMaxProbe();
            if (distance <= current || casMaxProbe(current, distance))
            {
                return;
            }
        }
    }

    @Override
    public final FlowInfo remove(final FlowKey key)
    {
        return removeMatching(key, null);
    }

    @Override
    public final boolean remove(final FlowKey key, final FlowInfo flow)
    {
        return flow != null && removeMatching(key, flow) != null;
    }

    /**
     * Spec: remove steps 1-4; {@code expected} null means any flow.
     */
    private FlowInfo removeMatching(final FlowKey key, final FlowInfo expected)
    {
        final long hash = key.hash64();
        final int tag = (int) (hash >>> 32);
        while (true)
        {
            final int slot = findSlot(key, hash);
            if (slot < 0)
            {
                return null;
            }
            final long c = laCtrl(slot);
            if ((c & STATE_MASK) != LIVE || tagOf(c) != tag)
            {
                continue;
            }
            final FlowInfo info = verified(slot, c, key);
            if (info == CHANGED || info == MISMATCH)
            {
                continue;
            }
            if (info == null || (expected != null && info != expected))
            {
                return null;
            }
            if (unlink(slot, c, info))
            {
                return info;
            }
        }
    }

    /**
     * Spec: remove steps 3-5 (section 11.13, P2). The linearization point is the CAS of the control word from the
     * exact word {@code c}, read with {@code info} mapped, to CLAIMED: from then on the key is absent to every reader,
     * and the remover owns the slot as an insert owns its claim (clears the reference, then leaves a tombstone).
     *
     * @return false when the word moved on since {@code c} (or a replace holds it): find the slot again.
     */
    private boolean unlink(final int slot, final long c, final FlowInfo info)
    {
        if ((c & BUSY) != 0)
        {
            Thread.onSpinWait(); // a replace holds the word: its R3 comes soon
            return false;
        }
        final long owned = ctrl(tagOf(c), c + VERSION_ONE, CLAIMED);
        if (!casCtrl(slot, c, owned))
        {
            return false;
        }
        soInfo(slot, null);
        info.uncacheSlot(slot);
        release();
        final int record = records != null ? recordOf(base(slot), c) : -1; // the remover owns the slot's words now
        soCtrl(slot, ctrl(tagOf(c), owned, TOMB));
        freeRecord(record);
        purge(slot);
        return true;
    }

    // ---- inline per-flow state (docs/spec/flow-table.md section 11) ----

    /** {@link #readInline}: the key is not mapped. */
    public static final int INLINE_MISS = -1;
    /** {@link #readInline}: a writer held or changed the state during the read; take the slow path. */
    public static final int INLINE_SLOW = -2;
    private static final int INLINE_CHANGED = -3;
    private static final int INLINE_MISMATCH = -4;
    private static final int WRITER_SPINS = 1 << 10;
    /** Seqlock reads {@link #readInlineOf} tries before it claims the state (section 11.12, Q2). */
    public static final int SLOW_READS = 4;
    /**
     * The largest config generation the inline state holds: {@code GENID}'s low half (section 11.13, P6; its high half
     * is the port-forwarding connection word). Configurations are published with generations up to this one only.
     */
    public static final long MAX_GENID = 0xFFFF_FFFFL;
    /** {@code GENID} bits of the connection word (section 11.13, P6). */
    private static final long CONNECTION_BITS = ~MAX_GENID;

    /**
     * Seqlock read of the inline state of a key's slot (spec: section 11, steps S1-S7), without loading the flow.
     * Allocates nothing, never throws, never waits for a writer.
     *
     * @param key the key.
     * @param out filled on success.
     * @return the slot (state in {@code out}), {@link #INLINE_MISS}, or {@link #INLINE_SLOW} when a writer held or
     *     changed the state meanwhile (the caller's slow path decides; it does not spin here).
     */
    public final int readInline(final FlowKey key, final InlineFlowView out)
    {
        return readInlineHashed(key, key.hash64(), out);
    }

    private int readInlineHashed(final FlowKey key, final long hash, final InlineFlowView out)
    {
        final int tag = (int) (hash >>> 32);
        final int home = (int) hash & mask;
        restart:
        while (true)
        {
            final int limit = laMaxProbe();
            for (int d = 0; d <= limit; d++)
            {
                final int slot = (home + d) & mask;
                final long c = laCtrl(slot);
                final long state = c & STATE_MASK;
                if (state == EMPTY)
                {
                    return INLINE_MISS;
                }
                if (state != LIVE || tagOf(c) != tag)
                {
                    continue;
                }
                final int r = readInlineSlot(slot, c, key, out);
                if (r == INLINE_CHANGED)
                {
                    continue restart;
                }
                if (r != INLINE_MISMATCH)
                {
                    return r;
                }
            }
            return INLINE_MISS;
        }
    }

    /**
     * Seqlock read of slot {@code slot} for a writer that holds the slot index (a peer link, a timer wheel): the
     * slot must be LIVE with a flow; no key check.
     *
     * @param slot the slot.
     * @param out  filled on success.
     * @return the slot, {@link #INLINE_MISS} (not mapped) or {@link #INLINE_SLOW}.
     */
    public final int readInlineAt(final int slot, final InlineFlowView out)
    {
        final long c = laCtrl(slot);
        if ((c & STATE_MASK) != LIVE)
        {
            return INLINE_MISS;
        }
        final int r = readInlineSlot(slot, c, null, out);
        return r == INLINE_CHANGED ? INLINE_SLOW : r;
    }

    /**
     * Section 11.13, P4 and P5: {@link #readInlineAt(int, InlineFlowView)} for a holder that names a slot and the tag
     * of its key (the expiry wheel's node, the allocator's session row): a slot that is not LIVE with that tag
     * (removed, or reused by another key) is a miss.
     */
    final int readInlineAt(final int slot, final int tag, final InlineFlowView out)
    {
        final long c = laCtrl(slot);
        if ((c & STATE_MASK) != LIVE || tagOf(c) != tag)
        {
            return INLINE_MISS;
        }
        final int r = readInlineSlot(slot, c, null, out);
        return r == INLINE_CHANGED ? INLINE_SLOW : r;
    }

    /** {@link #sessionSide}: the slot no longer holds this side of the session (removed, reused or replaced). */
    public static final int SIDE_GONE = 0;
    /** {@link #sessionSide}: this side is mapped and its status is not active. */
    public static final int SIDE_INACTIVE = 1;
    /** {@link #sessionSide}: this side is mapped and active, or a writer kept it from being read (undecided). */
    public static final int SIDE_LIVE = 2;

    /**
     * Section 11.13, P5, A1-A3: one side of a session known by slot indices (the masquerade allocator's session row):
     * the side is slot {@code slot} while it is {@code LIVE} with tag {@code tag} and its peer link is exactly
     * ({@code peerSlot}, {@code peerTag}). Allocates nothing, never waits; a writer in the way makes it
     * {@link #SIDE_LIVE} (the caller decides again later).
     *
     * @param slot     the side's slot, or -1.
     * @param tag      its key's tag.
     * @param peerSlot the other side's slot, as the creator linked it.
     * @param peerTag  the other side's tag.
     * @param scratch  a caller-owned view.
     * @return {@link #SIDE_GONE}, {@link #SIDE_INACTIVE} or {@link #SIDE_LIVE}.
     */
    public final int sessionSide(
        final int slot, final int tag, final int peerSlot, final int peerTag, final InlineFlowView scratch)
    {
        if (slot < 0 || slot > mask || !hasInlineState())
        {
            return SIDE_GONE;
        }
        for (int tries = 0; tries < SLOW_READS; tries++)
        {
            final int r = readInlineAt(slot, tag, scratch); // A1-A2: LIVE with its tag, read validated
            if (r == slot)
            {
                // A3: a peer link of another pair means another session's flow holds this key now.
                final boolean ours = samePeer(scratch, peerSlot, peerTag);
                final int status = scratch.status;
                scratch.clear();
                if (!ours)
                {
                    return SIDE_GONE;
                }
                return status == FlowInfo.ACTIVE || status == InlineFlowView.PENDING ? SIDE_LIVE : SIDE_INACTIVE;
            }
            if (r == INLINE_MISS)
            {
                return SIDE_GONE;
            }
            Thread.onSpinWait();
        }
        scratch.clear();
        return SIDE_LIVE;
    }

    /**
     * Test seam: step A3's peer-link check, overridable so that a test can drop it and prove that a session whose key
     * went to another session is then kept alive by the other session's flow.
     */
    boolean samePeer(final InlineFlowView view, final int peerSlot, final int peerTag)
    {
        return view.peerSlot == peerSlot && view.peerTag == peerTag;
    }

    private int readInlineSlot(final int slot, final long c, final FlowKey key, final InlineFlowView out)
    {
        final int base = base(slot);
        final long[] s = slots;
        final long seq = laSeq(base); // S2
        final boolean words = key == null || keyInSlot(slot, c, key); // S3
        final long meta = s[base + InlineFlowView.META];
        // B2: a session's reference is the sentinel (FLOW_OBJECT clear); only a flow object's is loaded.
        final FlowInfo info = (meta & FLOW_OBJECT_BIT) != 0 ? laInfo(slot) : FlowInfo.INLINE_SESSION;
        final long genid = s[base + InlineFlowView.GENID];
        final long nat = s[base + InlineFlowView.NAT];
        // An IPv6 rewrite's address is in the record (section 11.14): loaded only for one.
        final int r = (meta & NAT_V6_BIT) != 0 ? recordOf(base, c) : -1;
        final long nat6Hi = recordWord(r, REC_NAT6_HI);
        final long nat6Lo = recordWord(r, REC_NAT6_LO);
        final long peer = s[base + InlineFlowView.PEER];
        VarHandle.acquireFence(); // S4: the loads above before the re-checks below
        if (laCtrl(slot) != c) // S5
        {
            return INLINE_CHANGED;
        }
        if (!words || (key != null && info != null && key.innerKind() != FlowKey.KIND_NONE && info.key() != null &&
            !info.key().equalsKey(key)))
        {
            return INLINE_MISMATCH;
        }
        if (info == null)
        {
            return INLINE_MISS; // not reached: a validated LIVE word never maps null (I4); kept fail-closed
        }
        if ((seq & 1L) != 0 || !seqUnchanged(base, seq)) // S6
        {
            return INLINE_SLOW;
        }
        out.fill(slot, seq, meta, genid, nat, nat6Hi, nat6Lo, peer); // S7
        out.flow = info;
        out.ctrl = c;
        return slot;
    }

    /**
     * Test seam: step S6's re-check of the version, overridable so that a test can drop it and prove that the
     * Lincheck and jcstress tests catch the torn reads that follow.
     */
    boolean seqUnchanged(final int base, final long seq)
    {
        return loSeq(base) == seq;
    }

    /**
     * Test seam: step W1, claims the version of {@code base}'s state by CAS from the even {@code seen} to odd;
     * overridable for the "no version bump" mutant of the tests, which also call it to hold a writer's claim.
     */
    boolean claimSeq(final int base, final long seen)
    {
        return casSeq(base, seen, seen + 1);
    }

    /**
     * Test seam: N2's claim of the state around a replace (overridable for the mutant that replaces without holding
     * the version odd, which the Lincheck test must reject).
     */
    long claimForReplace(final int base)
    {
        return claimAny(base);
    }

    /** Test seam: a state's version, volatile (the mutants read it). */
    final long seqForTest(final int base)
    {
        return lvSeq(base);
    }

    /** Test seam: step W4, releases the version claimed from {@code seen} as {@code seen + 2} (overridable). */
    void releaseSeq(final int base, final long seen)
    {
        soSeq(base, seen + 2);
    }

    /**
     * Byte offset of the version: the int at bytes 0-3 of word {@code SEQ} (section 11.1); bytes 4-7 are the
     * last-seen tick. Each half is only ever accessed as an int, so neither access can overwrite the other half.
     */
    private static long seqOffset(final int base)
    {
        return LONG_BASE + ((long) (base + InlineFlowView.SEQ) << 3);
    }

    /** Byte offset of the last-seen tick: the int at bytes 4-7 of word {@code SEQ}. */
    private static long seenOffset(final int base)
    {
        return LONG_BASE + ((long) (base + InlineFlowView.SEQ) << 3) + Integer.BYTES;
    }

    /** Acquire (S2), pairs with {@link #soSeq}: the data loads after it see at least the state of version s. */
    private long laSeq(final int base)
    {
        return UnsafeApi.getIntAcquire(slots, seqOffset(base));
    }

    /** Opaque (S6): the re-check after the acquire fence S4 needs only a fresh value. */
    private long loSeq(final int base)
    {
        return UnsafeApi.getIntOpaque(slots, seqOffset(base));
    }

    /** Volatile: a full writer reads the version it then claims by {@link #casSeq}. */
    private long lvSeq(final int base)
    {
        return UnsafeApi.getIntVolatile(slots, seqOffset(base));
    }

    /** CAS (W1): at most one writer moves the version from even to odd. */
    private boolean casSeq(final int base, final long expect, final long update)
    {
        return UnsafeApi.compareAndSetInt(slots, seqOffset(base), (int) expect, (int) update);
    }

    /** Release (W4), pairs with {@link #laSeq}: the data stores are visible before the even version. */
    private void soSeq(final int base, final long value)
    {
        UnsafeApi.putIntRelease(slots, seqOffset(base), (int) value);
    }

    /** Acquire, pairs with {@link #soWord}: T3's status word, read outside the seqlock (section 11.13, P3). */
    private long laWord(final int base, final int word)
    {
        return (long) LONGS_VH.getAcquire(slots, base + word);
    }

    /** Release, pairs with {@link #laWord}: a state word a look-up may read alone (section 11.13, P3, T3). */
    private void soWord(final int base, final int word, final long value)
    {
        LONGS_VH.setRelease(slots, base + word, value);
    }

    /** Acquire, pairs with the writer's release of the version: a peer link read outside the seqlock. */
    private long laPeer(final int base)
    {
        return (long) LONGS_VH.getAcquire(slots, base + InlineFlowView.PEER);
    }

    /** Opaque, pairs with {@link #sopLastSeen}: one untorn int outside the seqlock; nothing is ordered against it. */
    private int loLastSeen(final int base)
    {
        return UnsafeApi.getIntOpaque(slots, seenOffset(base));
    }

    /**
     * Opaque, pairs with {@link #loLastSeen}: one untorn word outside the seqlock (spec section 11.6). Not a release
     * store: the instruction is the same on x86, but C2 keeps the burst's other accesses from moving across a
     * release, and the established INLINE pipeline measured 6.8% slower with one per packet.
     */
    private void sopLastSeen(final int base, final long time)
    {
        UnsafeApi.putIntOpaque(slots, seenOffset(base), seenTick(time));
    }

    /** 7a's "no packet since the claim": tick 0, which {@link #seenTick} never gives. */
    private void clearLastSeen(final int base)
    {
        UnsafeApi.putIntOpaque(slots, seenOffset(base), 0);
    }

    /**
     * The last-seen tick of a time: {@link #SEEN_TICK_NANOS} units, rounded up (a session never looks idler than it
     * is), low 32 bits, 0 taken as 1 (0 means no packet).
     */
    static int seenTick(final long time)
    {
        final int tick = (int) ((time + SEEN_TICK_NANOS - 1) >> SEEN_SHIFT);
        return tick == 0 ? 1 : tick;
    }

    /**
     * The time of a last-seen tick, read at {@code now}: the tick nearest {@code now}'s in 32-bit wrap-around
     * arithmetic, exact while the two are less than 2^31 ticks (39 hours) apart ({@link IdleTimeouts#MAX_NANOS}
     * keeps every idle timeout well inside that).
     */
    static long seenTime(final int tick, final long now)
    {
        final long nowTick = (now + SEEN_TICK_NANOS - 1) >> SEEN_SHIFT;
        return (nowTick - ((int) nowTick - tick)) << SEEN_SHIFT;
    }

    /** Claims the state of {@code base} whatever its version (creator and full writers); bounded spin, then yield. */
    private long claimAny(final int base)
    {
        int spins = 0;
        while (true)
        {
            final long seen = lvSeq(base);
            if ((seen & 1L) == 0 && claimSeq(base, seen))
            {
                VarHandle.releaseFence(); // W2: the odd version before the data stores
                return seen;
            }
            if (++spins < WRITER_SPINS)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield(); // the owner was descheduled mid-write
            }
        }
    }

    /**
     * Insert step 7a: a claimed slot's state becomes PENDING, with a new version (stale writers' CAS fails); with
     * {@code init}, the direction's VNI, NAT flags and rewrite too (section 11.12, N1), else zeros.
     */
    private void initInline(final int slot, final InlineFlowView init, final FlowInfo flow, final int record)
    {
        final int base = base(slot);
        final long seen = claimAny(base);
        writeInit(base, init, flow, record);
        storeWord(base, InlineFlowView.PEER, sessionLink(slot, init, flow));
        clearLastSeen(base);
        releaseSeq(base, seen);
    }

    /**
     * The PEER word a claim (7a) or a replace (N2) writes: none, except for a session without flow objects (P7, N1),
     * whose {@code init} carries the link the creator knows at this point and learns the slot it was given.
     */
    private static long sessionLink(final int slot, final InlineFlowView init, final FlowInfo flow)
    {
        if (flow != FlowInfo.INLINE_SESSION || init == null)
        {
            return InlineFlowView.peer(-1, 0);
        }
        init.slot = slot;
        return InlineFlowView.peer(init.peerSlot, init.peerTag);
    }

    private void storeWord(final int base, final int word, final long value)
    {
        slots[base + word] = value;
    }

    /**
     * The PENDING state with {@code init}'s VNI, flags and rewrite, or all zeros without (under a claim), and the
     * mapping's {@code FLOW_OBJECT} bit (B2): set unless {@code flow} is the session sentinel.
     */
    private void writeInit(final int base, final InlineFlowView init, final FlowInfo flow, final int record)
    {
        final long[] s = slots;
        final long object = objectBit(flow);
        if (init == null)
        {
            s[base + InlineFlowView.META] = InlineFlowView.meta(InlineFlowView.PENDING, 0, 0) | object;
            s[base + InlineFlowView.GENID] = 0L;
            s[base + InlineFlowView.NAT] = 0L;
            return;
        }
        s[base + InlineFlowView.META] = InlineFlowView.meta(InlineFlowView.PENDING, init.natFlags,
            init.dstVni, init.idleTimeoutIndex) | object;
        // Section 11.13, P6: the connection word with the words, so a reader that sees the slot LIVE sees it.
        s[base + InlineFlowView.GENID] = (long) init.connection << 32;
        s[base + InlineFlowView.NAT] = InlineFlowView.nat(init.natAddress, init.natPort, init.natChecksumDelta);
        putNat6(record, init.natFlags, init.nat6Hi, init.nat6Lo);
    }

    /**
     * Replace (R1-R3) of a flow whose NAT words live only in the slot (section 11.12, N2): R1, then R2 and the new
     * words (PENDING) under one claim of the state, so that no consistent read pairs the new flow with the old
     * words or the old flow with the new ones.
     */
    private boolean replaceInline(
        final int slot, final long c, final FlowInfo current, final FlowInfo flow, final InlineFlowView init)
    {
        final int base = base(slot);
        final long seen = claimForReplace(base);
        final long busy = ctrl(tagOf(c), c + VERSION_ONE, LIVE) | BUSY;
        boolean replaced = false;
        long hinted = 0L;
        if (casCtrl(slot, c, busy)) // R1
        {
            flow.cacheSlot(slot);
            replaced = casInfo(slot, current, flow); // R2: cannot fail while BUSY is held
            if (replaced)
            {
                // P7: a session's handle is known before its words are (a look-up of the BUSY word may see them).
                final long link = sessionLink(slot, init, flow);
                writeInit(base, init, flow, recordOf(base, busy));
                storeWord(base, InlineFlowView.PEER, link);
                current.uncacheSlot(slot);
            }
            else
            {
                flow.uncacheSlot(slot);
            }
            hinted = unbusy(slot); // R3
        }
        releaseSeq(base, seen);
        if (replaced)
        {
            activate(slot, hinted, flow);
        }
        return replaced;
    }

    private void requireInline()
    {
        if (records == null)
        {
            throw new IllegalStateException("table built without inline state");
        }
    }

    /**
     * Writes the whole state of a key's slot (the creator after {@link #insert} or {@link #insertPair}, or any
     * writer that does not depend on the previous state): status, VNI, NAT flags, genid, NAT rewrite, peer link.
     *
     * @param key   the key.
     * @param state the values ({@code slot} and {@code seq} ignored).
     * @return the slot written, or {@link #INLINE_MISS} when the key is not mapped.
     */
    public final int writeInline(final FlowKey key, final InlineFlowView state)
    {
        requireInline();
        final long hash = key.hash64();
        while (true)
        {
            final int slot = findSlot(key, hash);
            if (slot < 0)
            {
                return INLINE_MISS;
            }
            final int base = base(slot);
            final long seen = claimAny(base);
            // W3 under the claim: the slot still maps the key (it may have been removed and reclaimed meanwhile).
            final long c = lvCtrl(slot);
            final boolean mine = (c & STATE_MASK) == LIVE && keyInSlot(slot, c, key) && laInfo(slot) != null;
            if (mine)
            {
                final long[] s = slots;
                s[base + InlineFlowView.META] = InlineFlowView.meta(state.status, state.natFlags,
                    state.dstVni, state.idleTimeoutIndex) | objectBit(laInfo(slot));
                s[base + InlineFlowView.GENID] = ((long) state.connection << 32) | (state.genid & MAX_GENID);
                s[base + InlineFlowView.NAT] =
                    InlineFlowView.nat(state.natAddress, state.natPort, state.natChecksumDelta);
                putNat6(recordOf(base, c), state.natFlags, state.nat6Hi, state.nat6Lo);
                s[base + InlineFlowView.PEER] = InlineFlowView.peer(state.peerSlot, state.peerTag);
            }
            releaseSeq(base, seen);
            if (mine)
            {
                return slot;
            }
        }
    }

    /**
     * Writes the status of the state read at version {@code seenSeq} (invalidation, expiry), only if nothing wrote
     * it since.
     *
     * @param slot    the slot of the read.
     * @param seenSeq the version of the read ({@link InlineFlowView#seq}).
     * @param status  the new status.
     * @return false when the state changed since the read (re-read and decide again).
     */
    public final boolean writeStatus(final int slot, final long seenSeq, final int status)
    {
        return conditionalWrite(slot, seenSeq, InlineFlowView.META, ~0xFFL, status & 0xFF);
    }

    /** W1-W4 of a conditional writer: word {@code word} becomes {@code (word & keep) | set}. */
    private boolean conditionalWrite(
        final int slot, final long seenSeq, final int word, final long keep, final long set)
    {
        requireInline();
        final int base = base(slot);
        if (!claimSeq(base, seenSeq))
        {
            return false;
        }
        VarHandle.releaseFence(); // W2
        // Release: T3's look-up loads the status word alone (section 11.13, P3).
        soWord(base, word, (slots[base + word] & keep) | set);
        releaseSeq(base, seenSeq);
        return true;
    }

    /**
     * Re-stamps the genid of the state read at version {@code seenSeq} (a packet thread on the stale path), only if
     * nothing wrote it since; a false return needs no retry (the next packet re-evaluates).
     *
     * @param slot    the slot of the read.
     * @param seenSeq the version of the read.
     * @param genid   the new genid.
     * @return false when the state changed since the read.
     */
    public final boolean writeGenid(final int slot, final long seenSeq, final long genid)
    {
        return conditionalWrite(slot, seenSeq, InlineFlowView.GENID, CONNECTION_BITS, genid & MAX_GENID);
    }

    /**
     * Records a packet of this direction at {@code now} (the established path's only write: one opaque store into the
     * packet's own slot, no version change).
     *
     * @param slot the slot the packet's look-up returned.
     * @param now  the packet time.
     */
    public final void touch(final int slot, final long now)
    {
        sopLastSeen(base(slot), now);
    }

    /**
     * Last packet time of one direction, rounded up to a whole {@link #SEEN_TICK_NANOS} (the slot keeps a 32-bit tick,
     * section 11.6).
     *
     * @param slot the slot.
     * @param now  the reader's time, which places the tick (within 39 hours of it).
     * @return the time of the last {@link #touch}, 0 when none since the slot was claimed.
     */
    public final long lastSeen(final int slot, final long now)
    {
        final int tick = loLastSeen(base(slot));
        return tick == 0 ? 0L : seenTime(tick, now);
    }

    /**
     * Last packet time of the pair whose state was read into {@code view}: the later of both directions' times (the
     * pair expires at that plus its timeout). The peer's time counts only while the peer slot still links back.
     *
     * @param view a state read by {@link #readInline} or {@link #readInlineAt}.
     * @param now  the reader's time (see {@link #lastSeen}).
     * @return the pair's last packet time.
     */
    public final long pairLastSeen(final InlineFlowView view, final long now)
    {
        final long own = lastSeen(view.slot, now);
        final int peer = view.peerSlot;
        if (peer < 0 || peer > mask)
        {
            return own;
        }
        final int peerBase = base(peer);
        final long c = laCtrl(peer);
        final long link = laPeer(peerBase);
        final long peerSeen = lastSeen(peer, now);
        VarHandle.acquireFence(); // the loads above before the re-check: a peer reclaimed meanwhile does not count
        if ((c & STATE_MASK) != LIVE || tagOf(c) != view.peerTag || (int) (link >> 32) != view.slot ||
            laCtrl(peer) != c)
        {
            return own;
        }
        return Math.max(own, peerSeen);
    }

    // ---- INLINE wiring (docs/spec/flow-table.md section 11.10) ----

    /** META bits that assert something about the configuration of the genid: cleared when the genid changes. */
    static final long GENID_BOUND_FLAGS = (long) InlineFlowView.NAT_PF_STEADY << 8;
    /** {@code META}'s {@link InlineFlowView#FLOW_OBJECT} bit. */
    static final long FLOW_OBJECT_BIT = (long) InlineFlowView.FLOW_OBJECT << 8;
    /** {@code META}'s {@link InlineFlowView#NAT_V6} bit: the rewrite's address is in the record. */
    private static final long NAT_V6_BIT = (long) InlineFlowView.NAT_V6 << 8;
    private static final int STAGE_VALUE_SHIFT = 40;

    private static long objectBit(final FlowInfo flow)
    {
        return flow == FlowInfo.INLINE_SESSION ? 0L : FLOW_OBJECT_BIT;
    }

    /**
     * The burst look-up of {@link dev.flowgate.flow.FlowInfoAccess#INLINE} (section 11.10, B1-B3): hashes every key,
     * touches every home slot's line (independent loads: the burst's misses overlap; P8: one line a slot), then
     * reads each key's inline state. A key whose read is consistent and active gets its view filled and its flow
     * reference (not loaded) in {@code results}; any other key (miss, a writer in the way, pending or inactive state)
     * gets a cleared view and the contract's look-up ({@link #lookup}) in {@code results}. Allocates nothing, never
     * waits for a writer.
     *
     * @param keys    the keys.
     * @param hashes  scratch, at least {@code count} long.
     * @param results receives each key's active flow, or null.
     * @param views   the views, filled at {@code viewOf[i]} for key {@code i}.
     * @param viewOf  the view index of each key.
     * @param count   the number of keys.
     */
    public final void lookupInlineBurst(
        final FlowKey[] keys, final long[] hashes, final FlowInfo[] results, final InlineFlowView[] views,
        final int[] viewOf, final int count)
    {
        hashAndTouch(keys, hashes, count, false);
        for (int i = 0; i < count; i++)
        {
            final InlineFlowView view = views[viewOf[i]];
            final int r = readInlineHashed(keys[i], hashes[i], view);
            if (r >= 0 && view.status == FlowInfo.ACTIVE)
            {
                results[i] = view.flow;
                if (view.flow == FlowInfo.INLINE_SESSION)
                {
                    view.handle = r;
                    view.table = this;
                }
            }
            else if (r >= 0 && view.flow == FlowInfo.INLINE_SESSION)
            {
                results[i] = unusableSession(r, view);
            }
            else
            {
                view.clear();
                results[i] = r == INLINE_MISS ? null : getHashed(keys[i], hashes[i], true);
                if (results[i] == FlowInfo.INLINE_SESSION && probeSession(keys[i], view) < 0)
                {
                    results[i] = null; // removed between the two probes: a packet without a session
                }
                if (results[i] == FlowInfo.INLINE_SESSION)
                {
                    view.slot = -1; // the handle only: the stages read the session by it
                }
            }
        }
    }

    /**
     * B3 for a consistent read of a session whose status is not {@code ACTIVE} (section 11.13, P7, T3'): a
     * {@code PENDING} one (its creator is still writing) is the packet's session by handle, the view not usable; any
     * other is removed from exactly the word the read validated (H5), and the packet has none.
     */
    private FlowInfo unusableSession(final int slot, final InlineFlowView view)
    {
        final long c = view.ctrl;
        final boolean pending = view.status == InlineFlowView.PENDING;
        view.clear();
        if (!pending)
        {
            return removedAt(slot, c);
        }
        view.handle = slot;
        view.ctrl = c;
        view.table = this;
        return FlowInfo.INLINE_SESSION;
    }

    /**
     * The inline state of the session a packet's look-up found ({@code packet.handle} and the control word it
     * validated, {@code packet.ctrl}; section 11.13, P7, H2), for a stage whose burst read was not usable: Q2-Q3 of
     * {@link #readInlineOf} by handle. The session is the packet's while its slot's control word is the validated one
     * but for the inactive hint (an activation clears it): a removal, a replace, a new claim and an invalidation's hint
     * (H4) each change the version, and the packet then has no session, as a packet looked up after them. Never
     * allocates, never throws; waits only for a writer of this slot.
     *
     * @param packet the packet's view, holding the handle.
     * @param out    filled on success, with the handle ({@code out.handle}, {@code out.ctrl}, {@code out.table}); its
     *               status may be {@code PENDING}, {@code CANCELLED} or {@code EXPIRED}.
     * @return the slot, or {@link #INLINE_MISS}.
     */
    public final int readSession(final InlineFlowView packet, final InlineFlowView out)
    {
        final int slot = packet.handle;
        final long ctrl = packet.ctrl;
        if (packet.table != this || !validSlot(slot))
        {
            return INLINE_MISS;
        }
        for (int tries = 0; tries < SLOW_READS; tries++) // Q2
        {
            final long c = laCtrl(slot);
            if (!sameSession(c, ctrl))
            {
                return INLINE_MISS;
            }
            final int r = readInlineSlot(slot, c, null, out);
            if (r == slot)
            {
                return sessionRead(slot, c, out);
            }
            if (r == INLINE_MISS)
            {
                return INLINE_MISS;
            }
            Thread.onSpinWait();
        }
        final int base = base(slot); // Q3
        final long seen = claimAny(base);
        final long c = lvCtrl(slot);
        final boolean mine = sameSession(c, ctrl) && laInfo(slot) == FlowInfo.INLINE_SESSION;
        if (mine)
        {
            fillClaimed(slot, c, seen, out);
            out.claimedReads++;
        }
        releaseSeq(base, seen);
        return mine ? sessionRead(slot, c, out) : INLINE_MISS;
    }

    /** Q3's read under the claim taken at {@code seen}: the state words of {@code slot} (control word {@code c}). */
    private void fillClaimed(final int slot, final long c, final long seen, final InlineFlowView out)
    {
        final int base = base(slot);
        final long[] s = slots;
        final int r = recordOf(base, c);
        out.fill(slot, seen + 2, s[base + InlineFlowView.META], s[base + InlineFlowView.GENID],
            s[base + InlineFlowView.NAT], recordWord(r, REC_NAT6_HI), recordWord(r, REC_NAT6_LO),
            s[base + InlineFlowView.PEER]);
    }

    /**
     * The IPv6 rewrite address word of {@code slot} ({@code high}: its first 8 bytes), 0 for a direct slot; under the
     * state's claim.
     */
    final long nat6Word(final int slot, final boolean high)
    {
        return recordWord(recordOf(base(slot), lvCtrl(slot)), high ? REC_NAT6_HI : REC_NAT6_LO);
    }

    /** The handle into {@code out}: the validated word {@code c} is the session's, so its slot maps the sentinel. */
    private int sessionRead(final int slot, final long c, final InlineFlowView out)
    {
        out.flow = FlowInfo.INLINE_SESSION;
        out.handle = slot;
        out.ctrl = c;
        out.table = this;
        return slot;
    }

    /** Whether control word {@code c} is still the session whose validated word was {@code ctrl} (H2, per packet). */
    private static boolean sameSession(final long c, final long ctrl)
    {
        return (c & STATE_MASK) == LIVE && ((c ^ ctrl) & ~INACTIVE_HINT) == 0;
    }

    /**
     * The slot that maps {@code flow} itself, or -1.
     *
     * @param flow the flow.
     * @return its slot, or -1 when the flow is not mapped here.
     */
    public final int slotOf(final FlowInfo flow)
    {
        final int cached = flow.cachedSlot();
        if (cached >= 0 && cached <= mask && laInfo(cached) == flow)
        {
            return cached;
        }
        if (flow.key() == null)
        {
            return -1; // section 11.13, P7: the sessions' sentinel is no one flow's, and has no slot of its own
        }
        // Section 11.11: no cache, or a stale one (not mapped, or mapped by a claim this thread cannot see yet).
        final int slot = findSlot(flow.key(), flow.key().hash64());
        return slot >= 0 && laInfo(slot) == flow ? slot : -1;
    }

    /**
     * The inline state of the slot that maps {@code flow}, for a packet whose burst read was not usable (section
     * 11.12, Q1-Q3): up to {@link #SLOW_READS} seqlock reads, then a read under the state's claim (counted in
     * {@link InlineFlowView#claimedReads}). Never allocates, never throws; waits only for a writer of this slot.
     *
     * @param flow the flow (found by a look-up).
     * @param out  filled on success ({@code out.flow == flow}; the status may be PENDING or lag the object's).
     * @return the slot, or {@link #INLINE_MISS} when the flow is not mapped here.
     */
    public final int readInlineOf(final FlowInfo flow, final InlineFlowView out)
    {
        requireInline();
        final int slot = slotOf(flow); // Q1
        if (slot < 0)
        {
            return INLINE_MISS;
        }
        for (int tries = 0; tries < SLOW_READS; tries++) // Q2
        {
            final int r = readInlineAt(slot, out);
            if (r == slot)
            {
                return out.flow == flow ? slot : INLINE_MISS;
            }
            if (r == INLINE_MISS)
            {
                return INLINE_MISS;
            }
            Thread.onSpinWait();
        }
        final int base = base(slot); // Q3
        final long seen = claimAny(base);
        final long c = lvCtrl(slot);
        final boolean mine = (c & STATE_MASK) == LIVE && laInfo(slot) == flow;
        if (mine)
        {
            fillClaimed(slot, c, seen, out);
            out.flow = flow;
            out.claimedReads++;
        }
        releaseSeq(base, seen);
        return mine ? slot : INLINE_MISS;
    }

    /**
     * The creator's write of a published pair's inline state (section 11.10, C1-C3): links the two slots, then
     * writes each direction's state, with status and genid copied from the flow objects under the writer's claim
     * (so a concurrent invalidation or re-stamp, which writes through after its object store, is never overwritten
     * with an older value), and the last-seen time {@code now}. Until then the slots read as PENDING.
     *
     * @param forward the forward flow, published (its {@link FlowInfo#related()} is the reverse flow, or null).
     * @param fwd     the forward direction's VNI, flags and rewrite ({@link InlineFlowView#state}).
     * @param rev     the reverse direction's (ignored without a related flow).
     * @param now     the creation time.
     * @return false when a direction was no longer mapped (removed meanwhile); its state is then not written.
     */
    public final boolean publishInlinePair(
        final FlowInfo forward, final InlineFlowView fwd, final InlineFlowView rev, final long now)
    {
        requireInline();
        final FlowInfo reverse = forward.related();
        final int fs = slotOf(forward);
        final int rs = reverse == null ? -1 : slotOf(reverse);
        fwd.peerSlot = rs;
        fwd.peerTag = reverse == null ? 0 : InlineFlowView.tagOf(reverse.key());
        boolean ok = writeThrough(forward, fs, fwd, now, NO_STATUS, NO_GENID);
        if (reverse != null)
        {
            rev.peerSlot = fs;
            rev.peerTag = InlineFlowView.tagOf(forward.key());
            ok &= writeThrough(reverse, rs, rev, now, NO_STATUS, NO_GENID);
        }
        return ok;
    }

    /**
     * Section 11.13, P3, T1: the slot's write of a status store of an INLINE flow bound to this table, whose slot
     * owns it. Called after the object's copy (volatile: the creator's C2 copies it, the activation's A2 loads it) and,
     * for a non-active status, after the hint (section 8, W1-W3): a full write (W1-W4), the linearization point for
     * every reader that decides on the slot.
     *
     * @param flow   the flow.
     * @param status the new status.
     */
    final void inlineStatus(final FlowInfo flow, final int status)
    {
        writeThrough(flow, slotOf(flow), null, 0L, status, NO_GENID);
    }

    /**
     * Section 11.13, P3, T4: the slot's write of a genid store of an INLINE flow bound to this table (after the
     * object's copy): a full write. A genid change clears the flags bound to the old configuration.
     *
     * @param flow  the flow.
     * @param genid the new genid.
     */
    final void inlineGenid(final FlowInfo flow, final long genid)
    {
        writeThrough(flow, slotOf(flow), null, 0L, NO_STATUS, genid);
    }

    /** {@link #writeThrough}: leave the status as it is. */
    private static final int NO_STATUS = -1;
    /** {@link #writeThrough}: leave the genid as it is. */
    private static final long NO_GENID = Long.MIN_VALUE;
    /** META bits of the idle-timeout index (section 11.13, P4). */
    static final long IDLE_TIMEOUT_BITS = (long) IdleTimeouts.MAX_INDEX << InlineFlowView.IDLE_TIMEOUT_SHIFT;

    /**
     * Full writer over the slot that maps {@code flow} (W1-W4; W3 checks the mapping under the claim): with
     * {@code state}, the creator's whole write (C2), status and genid copied from the object under the claim (every
     * P3 writer stored the object before its slot write, so the copy is never older than a write this claim follows);
     * without, {@code status} and {@code genid} unless {@link #NO_STATUS}/{@link #NO_GENID} (a PENDING state is left
     * to its creator).
     */
    private boolean writeThrough(
        final FlowInfo flow, final int slot, final InlineFlowView state, final long now, final int newStatus,
        final long newGenid)
    {
        if (slot < 0)
        {
            return false;
        }
        final int base = base(slot);
        final long seen = claimAny(base);
        final long c = lvCtrl(slot);
        final boolean mine = (c & STATE_MASK) == LIVE && laInfo(slot) == flow;
        if (mine)
        {
            final long[] s = slots;
            if (state != null)
            {
                final long genid = flow.genid();
                final int status = creatorStatus(flow);
                // The idle-timeout index stays as the claim (N1) left it.
                s[base + InlineFlowView.META] = InlineFlowView.meta(status, state.natFlags,
                    state.dstVni) | (s[base + InlineFlowView.META] & (IDLE_TIMEOUT_BITS | FLOW_OBJECT_BIT));
                s[base + InlineFlowView.NAT] =
                    InlineFlowView.nat(state.natAddress, state.natPort, state.natChecksumDelta);
                putNat6(recordOf(base, c), state.natFlags, state.nat6Hi, state.nat6Lo);
                s[base + InlineFlowView.PEER] = InlineFlowView.peer(state.peerSlot, state.peerTag);
                s[base + InlineFlowView.GENID] = (s[base + InlineFlowView.GENID] & CONNECTION_BITS) |
                    (genid & MAX_GENID);
                sopLastSeen(base, now);
            }
            else if ((s[base + InlineFlowView.META] & 0xFF) != InlineFlowView.PENDING)
            {
                long meta = s[base + InlineFlowView.META];
                if (newStatus != NO_STATUS)
                {
                    meta = (meta & ~0xFFL) | (newStatus & 0xFF);
                }
                final long word = s[base + InlineFlowView.GENID];
                if (newGenid != NO_GENID && (word & MAX_GENID) != (newGenid & MAX_GENID))
                {
                    meta &= ~GENID_BOUND_FLAGS;
                    s[base + InlineFlowView.GENID] = (word & CONNECTION_BITS) | (newGenid & MAX_GENID);
                }
                // Release: section 11.13, T3's look-up loads the status word alone (acquire), outside the seqlock.
                soWord(base, InlineFlowView.META, meta);
            }
        }
        releaseSeq(base, seen);
        return mine;
    }

    /** Test seam: C2's status, the object's (overridable for the mutant whose creator writes ACTIVE blindly). */
    int creatorStatus(final FlowInfo flow)
    {
        return flow.status();
    }

    /**
     * Sets NAT flags and the stage value of the state read at version {@code seenSeq}, only if nothing wrote it since
     * (a conditional writer: port forwarding marking a connection status whose rule it has just checked).
     *
     * @param slot       the slot of the read.
     * @param seenSeq    the version of the read.
     * @param flags      the {@code InlineFlowView.NAT_*} bits to set.
     * @param stageValue the new {@link InlineFlowView#stageValue} (8 bits).
     * @return false when the state changed since the read (the next packet tries again).
     */
    public final boolean setInlineFlags(final int slot, final long seenSeq, final int flags, final int stageValue)
    {
        return conditionalWrite(slot, seenSeq, InlineFlowView.META, ~(0xFFL << STAGE_VALUE_SHIFT),
            ((long) (flags & 0xFF) << 8) | ((long) (stageValue & 0xFF) << STAGE_VALUE_SHIFT));
    }

    // ---- primitives of the operations by handle (section 11.13, P7; the protocol is in InlineSessions) ----

    /** P7: one pass of insert steps 1-9 for a session direction (N1 with {@code init}'s words and link). */
    final int putSession(final FlowKey key, final boolean force, final InlineFlowView init)
    {
        return put(FlowInfo.INLINE_SESSION, key, force, init);
    }

    /** P7, H5: D2-D5 from exactly {@code c} (LIVE, read with the session validated); overridable for a control. */
    boolean removeSessionAt(final int slot, final long c)
    {
        return (c & STATE_MASK) == LIVE && unlink(slot, c, FlowInfo.INLINE_SESSION);
    }

    /** P7: A1-A3 of a session from the word {@code c} its caller read after its status write. */
    final void activateSession(final int slot, final long c)
    {
        activate(slot, c, FlowInfo.INLINE_SESSION);
    }

    /**
     * P7, H4: section 8's W3 at a slot named by handle, after the status write: while the slot is LIVE with
     * {@code tag}, CAS its word to the hint set with the version incremented, retried until it succeeds.
     */
    void setSessionHint(final int slot, final int tag)
    {
        while (true)
        {
            final long c = lvCtrl(slot);
            if ((c & STATE_MASK) != LIVE || tagOf(c) != tag)
            {
                return;
            }
            if ((c & BUSY) != 0)
            {
                Thread.onSpinWait(); // a replace holds the word: its R3 comes soon
            }
            else if (casCtrl(slot, c, ctrl(tag, c + VERSION_ONE, LIVE)))
            {
                return;
            }
        }
    }

    /**
     * P7, H4: the look-up of a session's key (look-up steps 1-7, then T3's status read for every hit: {@code SEQ} is
     * not needed, the status word is stored whole and validated by the control word's re-check).
     *
     * @return the slot with {@code out} holding the handle and {@code META}'s fields, or {@link #INLINE_MISS} (absent,
     *     or mapped to a flow object).
     */
    final int probeSession(final FlowKey key, final InlineFlowView out)
    {
        final long hash = key.hash64();
        final int tag = (int) (hash >>> 32);
        final int home = (int) hash & mask;
        restart:
        while (true)
        {
            final int limit = laMaxProbe();
            for (int d = 0; d <= limit; d++)
            {
                final int slot = (home + d) & mask;
                final long c = laCtrl(slot);
                final long state = c & STATE_MASK;
                if (state == EMPTY)
                {
                    return INLINE_MISS;
                }
                if (state != LIVE || tagOf(c) != tag)
                {
                    continue;
                }
                final boolean words = keyInSlot(slot, c, key);
                final FlowInfo info = laInfo(slot);
                final long meta = laWord(base(slot), InlineFlowView.META);
                VarHandle.acquireFence();
                if (!unchangedSince(slot, c))
                {
                    continue restart;
                }
                if (words)
                {
                    if (info != FlowInfo.INLINE_SESSION)
                    {
                        return INLINE_MISS;
                    }
                    out.fillMeta(slot, c, meta);
                    out.table = this;
                    return slot;
                }
            }
            return INLINE_MISS;
        }
    }

    /** Whether {@code slot} is an index of this table. */
    final boolean validSlot(final int slot)
    {
        return slot >= 0 && slot <= mask;
    }

    /** The control word of {@code slot}, acquire (a reader's S1/S5). */
    final long ctrlAcquire(final int slot)
    {
        return laCtrl(slot);
    }

    /** The control word of {@code slot}, volatile (a writer's, under its state claim). */
    final long ctrlVolatile(final int slot)
    {
        return lvCtrl(slot);
    }

    /** Whether {@code c} is LIVE with tag {@code tag} and no replace holds it. */
    static boolean liveWith(final long c, final int tag)
    {
        return (c & (STATE_MASK | BUSY)) == LIVE && tagOf(c) == tag;
    }

    /** Whether {@code c} is LIVE with tag {@code tag} (a replace may hold it). */
    static boolean mapsTag(final long c, final int tag)
    {
        return (c & STATE_MASK) == LIVE && tagOf(c) == tag;
    }

    /** The index of {@code slot}'s first long. */
    final int baseOf(final int slot)
    {
        return base(slot);
    }

    /** W1 of a full writer (bounded spin, then yield): the even version claimed. */
    final long claimState(final int base)
    {
        return claimAny(base);
    }

    /** W4: releases a claim of {@code base} taken at {@code seen}. */
    final void releaseState(final int base, final long seen)
    {
        releaseSeq(base, seen);
    }

    /** A state word, plain (under a claim, or inside a seqlock read validated afterwards). */
    final long word(final int base, final int word)
    {
        return slots[base + word];
    }

    /** A state word, acquire (outside the seqlock: T3's status word, S3's PEER for a removal). */
    final long wordAcquire(final int base, final int word)
    {
        return laWord(base, word);
    }

    /** A state word, plain, under a claim. */
    final void putWord(final int base, final int word, final long value)
    {
        storeWord(base, word, value);
    }

    /**
     * P7, H4: the status word under a claim, volatile: ordered before the hint CAS that follows (section 8's W1 for a
     * session, whose activation loads it volatile).
     */
    final void svStatusWord(final int base, final long meta)
    {
        LONGS_VH.setVolatile(slots, base + InlineFlowView.META, meta);
    }

    /** The seqlock version, acquire (S2). */
    final long seqAcquire(final int base)
    {
        return laSeq(base);
    }

    /** S6's re-check of the version. */
    final boolean seqStill(final int base, final long seq)
    {
        return seqUnchanged(base, seq);
    }

    /**
     * The last packet time of the pair of {@code flow} (section 11.6), for the expiry wheel; a writer in the way is
     * retried a few times, then the flow's own slot's time is used.
     *
     * @param flow    a flow of this table.
     * @param scratch a caller-owned view.
     * @param now     the reader's time (see {@link #lastSeen}).
     * @return the time, or {@link Long#MIN_VALUE} when the flow is not mapped here.
     */
    public final long inlinePairLastSeen(final FlowInfo flow, final InlineFlowView scratch, final long now)
    {
        final int slot = slotOf(flow);
        if (slot < 0)
        {
            return Long.MIN_VALUE;
        }
        for (int tries = 0; tries < 4; tries++)
        {
            if (readInlineAt(slot, scratch) == slot && scratch.flow == flow)
            {
                return pairLastSeen(scratch, now);
            }
            Thread.onSpinWait();
        }
        return lastSeen(slot, now);
    }
}

/**
 * Padding between the read-mostly fields of {@link AbstractFlowTable} and {@link LockFreeFlowTableMaxProbe#maxProbe}.
 */
@SuppressWarnings({"checkstyle:OneTopLevelClass", "checkstyle:MultipleVariableDeclarations"})
abstract class LockFreeFlowTablePad2 extends AbstractFlowTable
{
    byte p2000, p2001, p2002, p2003, p2004, p2005, p2006, p2007, p2008, p2009, p2010, p2011, p2012, p2013, p2014, p2015;
    byte p2016, p2017, p2018, p2019, p2020, p2021, p2022, p2023, p2024, p2025, p2026, p2027, p2028, p2029, p2030, p2031;
    byte p2032, p2033, p2034, p2035, p2036, p2037, p2038, p2039, p2040, p2041, p2042, p2043, p2044, p2045, p2046, p2047;
    byte p2048, p2049, p2050, p2051, p2052, p2053, p2054, p2055, p2056, p2057, p2058, p2059, p2060, p2061, p2062, p2063;
    byte p2064, p2065, p2066, p2067, p2068, p2069, p2070, p2071, p2072, p2073, p2074, p2075, p2076, p2077, p2078, p2079;
    byte p2080, p2081, p2082, p2083, p2084, p2085, p2086, p2087, p2088, p2089, p2090, p2091, p2092, p2093, p2094, p2095;
    byte p2096, p2097, p2098, p2099, p2100, p2101, p2102, p2103, p2104, p2105, p2106, p2107, p2108, p2109, p2110, p2111;
    byte p2112, p2113, p2114, p2115, p2116, p2117, p2118, p2119, p2120, p2121, p2122, p2123, p2124, p2125, p2126, p2127;

    LockFreeFlowTablePad2(final int capacity)
    {
        super(capacity);
    }
}

/**
 * The probe bound: read by every look-up, written by the inserts that probe farther than any before. On its own cache
 * lines, away from the count (written by every insert) and from the read-mostly fields.
 */
@SuppressWarnings("checkstyle:OneTopLevelClass")
abstract class LockFreeFlowTableMaxProbe extends LockFreeFlowTablePad2
{
    private static final VarHandle MAX_PROBE_VH;

    static
    {
        try
        {
            MAX_PROBE_VH = MethodHandles.lookup().findVarHandle(LockFreeFlowTableMaxProbe.class, "maxProbe", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through MAX_PROBE_VH
    private volatile int maxProbe;

    LockFreeFlowTableMaxProbe(final int capacity)
    {
        super(capacity);
    }

    /** Acquire, pairs with {@link #casMaxProbe}: a look-up's probe bound (spec 4.2). */
    final int laMaxProbe()
    {
        return (int) MAX_PROBE_VH.getAcquire(this);
    }

    /** Volatile: writers' probe bound, ordered with their control-word CAS and reads (spec 5.1). */
    final int lvMaxProbe()
    {
        return (int) MAX_PROBE_VH.getVolatile(this);
    }

    /** CAS: the bound only grows, raised before a claim at that distance (I2). */
    final boolean casMaxProbe(final int expect, final int update)
    {
        return MAX_PROBE_VH.compareAndSet(this, expect, update);
    }
}

/**
 * Padding between {@link LockFreeFlowTableMaxProbe#maxProbe} and the read-mostly fields of {@link LockFreeFlowTable}.
 */
@SuppressWarnings({"checkstyle:OneTopLevelClass", "checkstyle:MultipleVariableDeclarations"})
abstract class LockFreeFlowTablePad3 extends LockFreeFlowTableMaxProbe
{
    byte p3000, p3001, p3002, p3003, p3004, p3005, p3006, p3007, p3008, p3009, p3010, p3011, p3012, p3013, p3014, p3015;
    byte p3016, p3017, p3018, p3019, p3020, p3021, p3022, p3023, p3024, p3025, p3026, p3027, p3028, p3029, p3030, p3031;
    byte p3032, p3033, p3034, p3035, p3036, p3037, p3038, p3039, p3040, p3041, p3042, p3043, p3044, p3045, p3046, p3047;
    byte p3048, p3049, p3050, p3051, p3052, p3053, p3054, p3055, p3056, p3057, p3058, p3059, p3060, p3061, p3062, p3063;
    byte p3064, p3065, p3066, p3067, p3068, p3069, p3070, p3071, p3072, p3073, p3074, p3075, p3076, p3077, p3078, p3079;
    byte p3080, p3081, p3082, p3083, p3084, p3085, p3086, p3087, p3088, p3089, p3090, p3091, p3092, p3093, p3094, p3095;
    byte p3096, p3097, p3098, p3099, p3100, p3101, p3102, p3103, p3104, p3105, p3106, p3107, p3108, p3109, p3110, p3111;
    byte p3112, p3113, p3114, p3115, p3116, p3117, p3118, p3119, p3120, p3121, p3122, p3123, p3124, p3125, p3126, p3127;

    LockFreeFlowTablePad3(final int capacity)
    {
        super(capacity);
    }
}
