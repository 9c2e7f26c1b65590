// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The side pool of 8-long key records of an {@code INLINE} table's indirect keys (docs/spec/flow-table.md section
 * 11.15): a record is {@link #RECORD_WORDS} {@code long} words plus one reference, addressed by an {@code int} index.
 * Free records form a lock-free Treiber stack whose head packs a stamp (high 32 bits) and the top index (low 32 bits)
 * in one {@code long}, so a pop whose top was popped and pushed back meanwhile fails its CAS (no ABA). A free record's
 * link to the next free one lives in its word 0.
 *
 * <p>Records live in chunks of {@link #CHUNK_RECORDS} (one {@code long[]} and one {@code Object[]} each), allocated
 * under a lock by the {@link #take()} that finds the stack empty; before the first take the pool holds no chunk. Only
 * adding a chunk (or pushing one whose first push lost a race) takes the lock and allocates; otherwise
 * {@link #take()} and {@link #free(int)} never allocate and never wait, a full pool included.
 *
 * <p>Data accesses are opaque: a record is written by the thread that took it before the slot that names it is
 * published, and a reader reaches the index only through that slot, so the slot's publication orders them; a reader
 * that raced a free may read anything the record held since, and must re-check the slot.
 */
public final class KeyRecordPool extends KeyRecordPoolPad2
{
    /** Records per chunk. */
    public static final int CHUNK_RECORDS = 1024;
    /** Words per record. */
    public static final int RECORD_WORDS = 8;

    private final Object growLock = new Object();
    /**
     * The first record of a chunk's chain not yet on the stack, or {@link #NIL}: written under {@link #growLock},
     * before {@link #created} when a chunk is added; volatile for T4.
     */
    private volatile int pending = NIL;
    /** Records in chunks: written under {@link #growLock}; volatile for T4 and {@link #isRecord(int)}. */
    private volatile int created;

    /**
     * A pool of at most {@code maxRecords} records.
     *
     * @param maxRecords the bound; {@link #take()} returns -1 when this many are taken.
     * @throws IllegalArgumentException if {@code maxRecords} is not positive.
     */
    public KeyRecordPool(final int maxRecords)
    {
        this(maxRecords, CHUNK_RECORDS, true);
    }

    /**
     * A pool with chunks of {@code chunkRecords}; {@code stamped} false is the ABA-prone control of the tests (the
     * head's stamp never changes, so its CAS compares the index alone).
     */
    KeyRecordPool(final int maxRecords, final int chunkRecords, final boolean stamped)
    {
        super(maxRecords, chunkRecords, stamped ? STAMP_ONE : 0L);
    }

    /**
     * Takes a free record (steps T1-T4 of section 11.15). Its words and reference hold whatever they held before.
     *
     * @return the record's index, or -1 if {@code maxRecords} records are taken.
     */
    public int take()
    {
        for (;;)
        {
            // T1: volatile, so the link read below sees the push of this top (or a later write of the record)
            final long head = lvHead();
            final int top = (int) head;
            if (top != NIL)
            {
                // T2: a stale link (the record was taken and written meanwhile) fails T3: the stamp has moved on
                final int next = (int) loWord(wordChunks[top >>> chunkShift], link(top));
                if (casHead(head, ((head & STAMP_MASK) + stampStep) | (next & INDEX_MASK)))
                {
                    getAndAddTaken(1);
                    return top; // T3: the linearization point
                }
            }
            else if (created < maxRecords || pending != NIL)
            {
                grow();
            }
            else if ((int) lvHead() == NIL)
            {
                return -1; // T4: still empty, every record in a chunk and none pending: every record is taken
            }
        }
    }

    /**
     * Returns a taken record to the pool (steps F1-F3 of section 11.15); its reference is cleared, so a freed record
     * keeps no object alive. A reader that still holds the index may read the record until it is taken again.
     *
     * @param index a record returned by {@link #take()} and not freed since.
     * @throws IllegalArgumentException if {@code index} is outside the pool's records (a caller bug; freeing a record
     *                                  twice is a caller bug that is not detected).
     */
    public void free(final int index)
    {
        if (index < 0 || index >= created)
        {
            throw new IllegalArgumentException("index=" + index + " created=" + created);
        }
        final int chunk = index >>> chunkShift;
        sopRef(refChunks[chunk], index & chunkMask, null); // F1
        final long[] words = wordChunks[chunk];
        final int link = link(index);
        for (;;)
        {
            final long head = lvHead();
            sopWord(words, link, head & INDEX_MASK); // F2: ordered before F3 by the CAS
            if (casHead(head, ((head & STAMP_MASK) + stampStep) | index))
            {
                getAndAddTaken(-1);
                return; // F3: the linearization point
            }
        }
    }

    /** G1-G5 of section 11.15, when a take found the stack empty with a chunk to add or to push; the take retries. */
    private void grow()
    {
        synchronized (growLock)
        {
            final long head = lvHead(); // G1
            if ((int) head != NIL)
            {
                return; // a free pushed meanwhile
            }
            if (pending == NIL)
            {
                if (created == maxRecords)
                {
                    return; // G2: another take's growth added the last chunk and pushed it
                }
                addChunk(); // G3
            }
            // G4: only onto an empty stack, so records freed before stay above the new ones (the LIFO order)
            if (casHead(head, ((head & STAMP_MASK) + stampStep) | pending))
            {
                pending = NIL;
            }
        }
    }

    /** G3: a chunk whose records are chained in ascending order, published before any of its indexes is. */
    private void addChunk()
    {
        final int base = created;
        final int count = Math.min(chunkMask + 1, maxRecords - base);
        final long[] words = new long[count * RECORD_WORDS];
        for (int i = 0; i < count; i++)
        {
            words[i * RECORD_WORDS] = i + 1 < count ? base + i + 1 : NIL;
        }
        final int chunks = wordChunks.length;
        final long[][] newWords = Arrays.copyOf(wordChunks, chunks + 1);
        final Object[][] newRefs = Arrays.copyOf(refChunks, chunks + 1);
        newWords[chunks] = words;
        newRefs[chunks] = new Object[count];
        refChunks = newRefs;
        wordChunks = newWords; // volatile: the chunk's links and arrays before G4's CAS publishes an index
        pending = base; // before created: T4 that sees the last chunk's created sees it pending or pushed
        created = base + count;
    }

    /**
     * Whether {@code index} names a record of the pool, taken or not: a reader checks an index it loaded from a slot
     * that may be rewritten under it (any 32 bits) before reading through it; one that passes stays valid (chunks are
     * never released), so the reader's re-check of the slot decides what the read meant.
     *
     * @param index a speculatively loaded index.
     * @return true if {@link #word(int, int)} and {@link #ref(int)} may read it.
     */
    public boolean isRecord(final int index)
    {
        // volatile: created is written after the directory, so a directory read after this one holds the chunk
        return index >= 0 && index < created;
    }

    /**
     * Opaque read of word {@code i} of record {@code index}.
     *
     * @param index a record index ({@link #isRecord(int)}); one not taken reads whatever the record held last.
     * @param i     the word, 0 to 7.
     * @return the word.
     * @throws IllegalArgumentException if {@code i} is outside 0 to 7 (a caller bug).
     */
    public long word(final int index, final int i)
    {
        return loWord(wordChunks[index >>> chunkShift], position(index, i));
    }

    /**
     * Opaque write of word {@code i} of record {@code index}.
     *
     * @param index a record the caller took.
     * @param i     the word, 0 to 7.
     * @param value the word's value.
     * @throws IllegalArgumentException if {@code i} is outside 0 to 7 (a caller bug).
     */
    public void word(final int index, final int i, final long value)
    {
        sopWord(wordChunks[index >>> chunkShift], position(index, i), value);
    }

    /**
     * Opaque read of the reference of record {@code index}.
     *
     * @param index a record index ({@link #isRecord(int)}); one not taken reads null or what it held last.
     * @return the reference.
     */
    public Object ref(final int index)
    {
        return loRef(refChunks[index >>> chunkShift], index & chunkMask);
    }

    /**
     * Opaque write of the reference of record {@code index}.
     *
     * @param index a record the caller took.
     * @param value the reference.
     */
    public void ref(final int index, final Object value)
    {
        sopRef(refChunks[index >>> chunkShift], index & chunkMask, value);
    }

    /**
     * Records taken and not freed; exact while no take or free is in flight.
     *
     * @return the count.
     */
    public int taken()
    {
        return lvTaken();
    }

    /**
     * Heap bytes held by the chunks and their directories, with 16-byte array headers and 4-byte references
     * (compressed oops); 0 before the first {@link #take()}.
     *
     * @return the estimate.
     */
    public long retainedBytes()
    {
        final long[][] words = wordChunks;
        if (words.length == 0)
        {
            return 0;
        }
        long bytes = 2 * arrayBytes(words.length, Integer.BYTES);
        for (final long[] chunk : words)
        {
            bytes += arrayBytes(chunk.length, Long.BYTES) + arrayBytes(chunk.length / RECORD_WORDS, Integer.BYTES);
        }
        return bytes;
    }

    /** Opaque load: no torn word; ordered by the slot that published the index (section 11.15). */
    private static long loWord(final long[] chunk, final int position)
    {
        return (long) WORD_VH.getOpaque(chunk, position);
    }

    /** Opaque store: no torn word; published by the slot store (a record's data) or the head's CAS (a link). */
    private static void sopWord(final long[] chunk, final int position, final long value)
    {
        WORD_VH.setOpaque(chunk, position, value);
    }

    /** Opaque load of a reference: ordered by the slot that published the index. */
    private static Object loRef(final Object[] chunk, final int offset)
    {
        return REF_VH.getOpaque(chunk, offset);
    }

    /** Opaque store of a reference: published by the slot store, or (null) a free's head CAS. */
    private static void sopRef(final Object[] chunk, final int offset, final Object value)
    {
        REF_VH.setOpaque(chunk, offset, value);
    }

    /** Chunks allocated so far. */
    int chunks()
    {
        return wordChunks.length;
    }

    private static long arrayBytes(final int length, final int elementBytes)
    {
        return (16L + (long) length * elementBytes + 7) & ~7L;
    }

    private int position(final int index, final int i)
    {
        if ((i & ~(RECORD_WORDS - 1)) != 0)
        {
            throw new IllegalArgumentException("word=" + i);
        }
        return (index & chunkMask) * RECORD_WORDS + i;
    }

    /** The position of a free record's link: its word 0. */
    private int link(final int index)
    {
        return (index & chunkMask) * RECORD_WORDS;
    }
}

/** The read-mostly fields: the bounds and the chunk directories, read by every data access. */
@SuppressWarnings("checkstyle:OneTopLevelClass")
abstract class KeyRecordPoolFields
{
    static final VarHandle WORD_VH = MethodHandles.arrayElementVarHandle(long[].class);
    static final VarHandle REF_VH = MethodHandles.arrayElementVarHandle(Object[].class);
    static final int NIL = -1;
    static final long INDEX_MASK = 0xFFFF_FFFFL;
    static final long STAMP_MASK = ~INDEX_MASK;
    static final long STAMP_ONE = 1L << 32;
    private static final long[][] NO_WORDS = new long[0][];
    private static final Object[][] NO_REFS = new Object[0][];

    final int maxRecords;
    final int chunkShift;
    final int chunkMask;
    /** Added to the head's stamp by every successful CAS of it. */
    final long stampStep;
    /** Chunk directories: replaced (copy on grow, volatile) under the grow lock, never changed in place. */
    volatile long[][] wordChunks = NO_WORDS;
    volatile Object[][] refChunks = NO_REFS;

    KeyRecordPoolFields(final int maxRecords, final int chunkRecords, final long stampStep)
    {
        if (maxRecords <= 0 || chunkRecords <= 0 || Integer.bitCount(chunkRecords) != 1 ||
            chunkRecords > 1 << 26)
        {
            throw new IllegalArgumentException("maxRecords=" + maxRecords + " chunkRecords=" + chunkRecords);
        }
        this.maxRecords = maxRecords;
        this.chunkShift = Integer.numberOfTrailingZeros(chunkRecords);
        this.chunkMask = chunkRecords - 1;
        this.stampStep = stampStep;
    }
}

/** Padding between the read-mostly fields and the head. */
@SuppressWarnings({"checkstyle:OneTopLevelClass", "checkstyle:MultipleVariableDeclarations"})
abstract class KeyRecordPoolPad1 extends KeyRecordPoolFields
{
    byte p1000, p1001, p1002, p1003, p1004, p1005, p1006, p1007, p1008, p1009, p1010, p1011, p1012, p1013, p1014, p1015;
    byte p1016, p1017, p1018, p1019, p1020, p1021, p1022, p1023, p1024, p1025, p1026, p1027, p1028, p1029, p1030, p1031;
    byte p1032, p1033, p1034, p1035, p1036, p1037, p1038, p1039, p1040, p1041, p1042, p1043, p1044, p1045, p1046, p1047;
    byte p1048, p1049, p1050, p1051, p1052, p1053, p1054, p1055, p1056, p1057, p1058, p1059, p1060, p1061, p1062, p1063;
    byte p1064, p1065, p1066, p1067, p1068, p1069, p1070, p1071, p1072, p1073, p1074, p1075, p1076, p1077, p1078, p1079;
    byte p1080, p1081, p1082, p1083, p1084, p1085, p1086, p1087, p1088, p1089, p1090, p1091, p1092, p1093, p1094, p1095;
    byte p1096, p1097, p1098, p1099, p1100, p1101, p1102, p1103, p1104, p1105, p1106, p1107, p1108, p1109, p1110, p1111;
    byte p1112, p1113, p1114, p1115, p1116, p1117, p1118, p1119, p1120, p1121, p1122, p1123, p1124, p1125, p1126, p1127;

    KeyRecordPoolPad1(final int maxRecords, final int chunkRecords, final long stampStep)
    {
        super(maxRecords, chunkRecords, stampStep);
    }
}

/**
 * The written-often fields: the stack's head (stamp | top index) and the taken count, written by every take and
 * free; on their own cache lines, away from the directories every reader loads.
 */
@SuppressWarnings("checkstyle:OneTopLevelClass")
abstract class KeyRecordPoolHead extends KeyRecordPoolPad1
{
    private static final VarHandle HEAD_VH;
    private static final VarHandle TAKEN_VH;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD_VH = lookup.findVarHandle(KeyRecordPoolHead.class, "head", long.class);
            TAKEN_VH = lookup.findVarHandle(KeyRecordPoolHead.class, "taken", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through HEAD_VH
    private volatile long head = INDEX_MASK; // stamp 0, empty
    @SuppressWarnings("unused") // accessed through TAKEN_VH
    private volatile int taken;

    KeyRecordPoolHead(final int maxRecords, final int chunkRecords, final long stampStep)
    {
        super(maxRecords, chunkRecords, stampStep);
    }

    /** Volatile load of the head. */
    final long lvHead()
    {
        return (long) HEAD_VH.getVolatile(this);
    }

    /** CAS of the head: the linearization point of a take or a free. */
    final boolean casHead(final long expect, final long update)
    {
        return HEAD_VH.compareAndSet(this, expect, update);
    }

    /** Atomic add to the taken count (a statistic: not ordered with the head). */
    final void getAndAddTaken(final int delta)
    {
        TAKEN_VH.getAndAdd(this, delta);
    }

    /** Volatile load of the taken count. */
    final int lvTaken()
    {
        return (int) TAKEN_VH.getVolatile(this);
    }
}

/** Padding between the head and the grow state. */
@SuppressWarnings({"checkstyle:OneTopLevelClass", "checkstyle:MultipleVariableDeclarations"})
abstract class KeyRecordPoolPad2 extends KeyRecordPoolHead
{
    byte p2000, p2001, p2002, p2003, p2004, p2005, p2006, p2007, p2008, p2009, p2010, p2011, p2012, p2013, p2014, p2015;
    byte p2016, p2017, p2018, p2019, p2020, p2021, p2022, p2023, p2024, p2025, p2026, p2027, p2028, p2029, p2030, p2031;
    byte p2032, p2033, p2034, p2035, p2036, p2037, p2038, p2039, p2040, p2041, p2042, p2043, p2044, p2045, p2046, p2047;
    byte p2048, p2049, p2050, p2051, p2052, p2053, p2054, p2055, p2056, p2057, p2058, p2059, p2060, p2061, p2062, p2063;
    byte p2064, p2065, p2066, p2067, p2068, p2069, p2070, p2071, p2072, p2073, p2074, p2075, p2076, p2077, p2078, p2079;
    byte p2080, p2081, p2082, p2083, p2084, p2085, p2086, p2087, p2088, p2089, p2090, p2091, p2092, p2093, p2094, p2095;
    byte p2096, p2097, p2098, p2099, p2100, p2101, p2102, p2103, p2104, p2105, p2106, p2107, p2108, p2109, p2110, p2111;
    byte p2112, p2113, p2114, p2115, p2116, p2117, p2118, p2119, p2120, p2121, p2122, p2123, p2124, p2125, p2126, p2127;

    KeyRecordPoolPad2(final int maxRecords, final int chunkRecords, final long stampStep)
    {
        super(maxRecords, chunkRecords, stampStep);
    }
}
