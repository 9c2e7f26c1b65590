// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import dev.flowgate.alloc.SteadyStateAllocation;

/**
 * {@link KeyRecordPool}: the bound, LIFO reuse, data round trips across chunks, lazy chunks and their byte estimate,
 * zero allocation per take and free once the chunk exists, the head's padding, and a two-thread race in which no
 * record may be held twice. The linearizability of take and free is {@link KeyRecordPoolLinearizabilityTest}'s.
 */
class KeyRecordPoolTest
{
    private static final int CHUNK = KeyRecordPool.CHUNK_RECORDS;

    @Test
    void shouldTakeDistinctIndexesUpToTheBoundThenFailClosed()
    {
        final int max = 2 * CHUNK + 500; // a partial last chunk
        final KeyRecordPool pool = new KeyRecordPool(max);
        final Set<Integer> seen = new HashSet<>();
        for (int n = 0; n < max; n++)
        {
            final int index = pool.take();
            assertTrue(index >= 0 && index < max, "index " + index);
            assertTrue(seen.add(index), "taken twice: " + index);
        }
        assertEquals(max, pool.taken());
        assertEquals(-1, pool.take());
        assertEquals(-1, pool.take());
        assertEquals(max, pool.taken());
        assertEquals(3, pool.chunks());
    }

    @Test
    void shouldReuseFreedRecordsLastInFirstOut()
    {
        final KeyRecordPool pool = new KeyRecordPool(3);
        final int a = pool.take();
        final int b = pool.take();
        final int c = pool.take();
        assertEquals(-1, pool.take());
        pool.free(b);
        assertEquals(2, pool.taken());
        assertEquals(b, pool.take());
        pool.free(a);
        pool.free(c);
        assertEquals(c, pool.take());
        assertEquals(a, pool.take());
        assertEquals(-1, pool.take());
        assertEquals(3, pool.taken());
        assertEquals(1, pool.chunks());
    }

    @Test
    void shouldRoundTripWordsAndRefsAcrossChunkBoundaries()
    {
        final int max = 3 * CHUNK;
        final KeyRecordPool pool = new KeyRecordPool(max);
        final Object[] refs = new Object[max];
        for (int n = 0; n < max; n++)
        {
            final int index = pool.take();
            refs[index] = new Object();
            pool.ref(index, refs[index]);
            for (int i = 0; i < KeyRecordPool.RECORD_WORDS; i++)
            {
                pool.word(index, i, pattern(index, i));
            }
        }
        for (int index = 0; index < max; index++)
        {
            assertSame(refs[index], pool.ref(index));
            for (int i = 0; i < KeyRecordPool.RECORD_WORDS; i++)
            {
                assertEquals(pattern(index, i), pool.word(index, i), "record " + index + " word " + i);
            }
        }
    }

    private static long pattern(final int index, final int i)
    {
        return 0x9E37_79B9_7F4A_7C15L * (index * 8L + i + 1);
    }

    @Test
    void shouldClearTheReferenceOfAFreedRecord()
    {
        final KeyRecordPool pool = new KeyRecordPool(4);
        final int index = pool.take();
        pool.ref(index, "flow");
        pool.free(index);
        assertNull(pool.ref(index));
    }

    @Test
    void shouldHoldNoChunkBeforeTheFirstTake()
    {
        final KeyRecordPool pool = new KeyRecordPool(1 << 22);
        assertEquals(0, pool.chunks());
        assertEquals(0, pool.retainedBytes());
        assertEquals(0, pool.taken());
        pool.take();
        assertEquals(1, pool.chunks());
        // one chunk: long[8192] + Object[1024] + two directories of one reference
        assertEquals(16 + 8L * CHUNK * 8 + 16 + 4L * CHUNK + 2 * 24, pool.retainedBytes());
        for (int n = 1; n <= CHUNK; n++)
        {
            pool.take();
        }
        assertEquals(2, pool.chunks());
        assertEquals(2 * (16 + 8L * CHUNK * 8 + 16 + 4L * CHUNK) + 2 * 24, pool.retainedBytes());
    }

    @Test
    void shouldRejectArgumentsOnlyACallerBugPasses()
    {
        assertThrows(IllegalArgumentException.class, () -> new KeyRecordPool(0));
        final KeyRecordPool pool = new KeyRecordPool(CHUNK + 1);
        final int index = pool.take();
        assertThrows(IllegalArgumentException.class, () -> pool.free(-1));
        assertThrows(IllegalArgumentException.class, () -> pool.free(CHUNK)); // not yet in a chunk
        assertThrows(IllegalArgumentException.class, () -> pool.word(index, 8));
        assertThrows(IllegalArgumentException.class, () -> pool.word(index, -1, 0L));
        assertEquals(1, pool.taken());
    }

    @Test
    void shouldTellRecordsFromOtherBits()
    {
        final KeyRecordPool pool = new KeyRecordPool(CHUNK + 1);
        assertFalse(pool.isRecord(0), "no chunk yet");
        pool.take();
        assertTrue(pool.isRecord(0));
        assertTrue(pool.isRecord(CHUNK - 1)); // free, in the chunk: readable
        assertFalse(pool.isRecord(CHUNK));
        assertFalse(pool.isRecord(-1));
        assertFalse(pool.isRecord(0x0A00_0001)); // e.g. a direct key's destination address
        for (int n = 0; n < CHUNK; n++)
        {
            pool.take();
        }
        assertTrue(pool.isRecord(CHUNK));
        assertEquals(0L, pool.word(CHUNK, 7));
        assertFalse(pool.isRecord(CHUNK + 1));
    }

    @Test
    void shouldNotAllocatePerTakeOrFreeOnceTheChunkExists()
    {
        final KeyRecordPool pool = new KeyRecordPool(4 * CHUNK);
        final long before = SteadyStateAllocation.allocatedBytes();
        final int first = pool.take();
        // the control: the counter sees the pool's one allocation, the chunk
        assertTrue(SteadyStateAllocation.allocatedBytes() - before >= 8L * CHUNK * 8, "the chunk is counted");
        pool.free(first);
        final Object flow = new Object();
        SteadyStateAllocation.assertNone("take, write, free", 200_000, 20_000, round ->
        {
            final int a = pool.take();
            final int b = pool.take();
            pool.word(a, 7, round);
            pool.ref(b, flow);
            pool.free(a);
            pool.free(b);
        });
        assertEquals(1, pool.chunks());
    }

    @Test
    void shouldKeepTheHeadALineAwayFromTheDirectories()
    {
        final ClassLayout layout = ClassLayout.parseClass(KeyRecordPool.class);
        final List<FieldLayout> hot = new ArrayList<>();
        final List<FieldLayout> others = new ArrayList<>();
        for (final FieldLayout f : layout.fields())
        {
            if (f.name().equals("head") || f.name().equals("taken"))
            {
                hot.add(f);
            }
            else if (!f.name().matches("p\\d+"))
            {
                others.add(f);
            }
        }
        assertEquals(2, hot.size(), layout::toPrintable);
        for (final FieldLayout h : hot)
        {
            for (final FieldLayout o : others)
            {
                final long gap = o.offset() > h.offset() ? o.offset() - (h.offset() + h.size()) :
                    h.offset() - (o.offset() + o.size());
                assertTrue(gap >= 64, () -> h.name() + " and " + o.name() + "\n" + layout.toPrintable());
            }
        }
    }

    /**
     * Two threads take, write, check and free records of a pool small enough that every take races growth or reuse:
     * each record's owner is claimed by CAS after the take (a second owner fails the test) and its words must still
     * hold the owner's values at the free. At the end every record is free and the stack holds each once.
     */
    @Test
    void shouldNeverHandOneRecordToTwoThreads() throws InterruptedException
    {
        final int max = 6;
        final KeyRecordPool pool = new KeyRecordPool(max, 2, true);
        final AtomicIntegerArray owner = new AtomicIntegerArray(max);
        final AtomicReference<String> failure = new AtomicReference<>();
        final long end = System.nanoTime() + Integer.getInteger("flowgate.stress.millis", 500) * 1_000_000L;
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++)
        {
            final int id = t + 1;
            threads[t] = new Thread(() ->
            {
                try
                {
                    race(pool, owner, id, end, failure);
                }
                catch (final RuntimeException ex)
                {
                    failure.compareAndSet(null, ex.toString()); // e.g. a corrupt link handed out as an index
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertNull(failure.get());
        assertEquals(0, pool.taken());
        final Set<Integer> all = new HashSet<>();
        for (int n = 0; n < max; n++)
        {
            assertTrue(all.add(pool.take()), "a record twice on the stack");
        }
        assertEquals(-1, pool.take());
    }

    private static void race(final KeyRecordPool pool, final AtomicIntegerArray owner, final int id, final long end,
        final AtomicReference<String> failure)
    {
        final int[] held = new int[3];
        for (long round = 0; System.nanoTime() - end < 0 && failure.get() == null; round++)
        {
            final int count = 1 + (int) (round % held.length);
            for (int k = 0; k < count; k++)
            {
                held[k] = pool.take();
                if (held[k] >= 0 && !owner.compareAndSet(held[k], 0, id))
                {
                    failure.compareAndSet(null, "record " + held[k] + " taken by " + id + " held by " +
                        owner.get(held[k]));
                }
                for (int i = 0; held[k] >= 0 && i < KeyRecordPool.RECORD_WORDS; i++)
                {
                    pool.word(held[k], i, round * 16 + id);
                }
            }
            for (int k = 0; k < count; k++)
            {
                if (held[k] < 0)
                {
                    continue;
                }
                for (int i = 0; i < KeyRecordPool.RECORD_WORDS; i++)
                {
                    if (pool.word(held[k], i) != round * 16 + id)
                    {
                        failure.compareAndSet(null, "record " + held[k] + " of " + id + " overwritten");
                    }
                }
                owner.compareAndSet(held[k], id, 0);
                pool.free(held[k]);
            }
        }
    }
}
