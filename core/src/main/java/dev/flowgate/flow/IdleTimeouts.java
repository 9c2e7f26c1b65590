// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The interned idle timeouts that an INLINE slot names by a 16-bit index in {@code META} bits 48-63
 * (docs/spec/flow-table.md section 11.13, P4): process-wide, so that configuration objects (a masquerade pool, a
 * port-forwarding rule) intern their timeouts once when they are built, whatever table or wheel later uses them, and
 * a new session writes an index it already holds. Append-only: an index, once given, names its value for the life of
 * the process, so sessions keep their meaning across configurations; bounded: at most {@link #MAX_INDEX} distinct
 * values (a few megabytes at most; configurations repeat their timeouts).
 *
 * <p>Every interned index is 1 to {@link #MAX_INDEX}: a non-positive timeout and a full registry are refused at
 * configuration time, so a session a stage creates never carries index 0. Index 0, or an index never given, read from
 * a slot anyway fails safe: {@link #nanos} gives the longest timeout known ({@link #UNKNOWN_FLOOR_NANOS} or the
 * largest interned value, whichever is larger), never 0, which would expire the session at its last touch.
 *
 * <p>Interning runs off the data path (synchronized, allocates). A reader ({@link #nanos}) loads the published array
 * (volatile) and one element: an index was interned before the configuration that holds it was published to the
 * workers, and a slot carries it only after a worker took that configuration, so the element is visible to every
 * reader of the slot.
 */
public final class IdleTimeouts
{
    /** The largest index (16 bits). */
    public static final int MAX_INDEX = 0xFFFF;
    /**
     * The least timeout an unknown index reads as: docs/spec/nat.md's longest default (a port-forwarded TCP
     * connection, established), 30 minutes.
     */
    public static final long UNKNOWN_FLOOR_NANOS = TimeUnit.MINUTES.toNanos(30);
    /**
     * The longest idle timeout, 24 hours: an INLINE slot keeps its last-seen time as a 32-bit tick that reads exactly
     * within 39 hours of the reader's time (docs/spec/flow-table.md section 11.6).
     */
    public static final long MAX_NANOS = TimeUnit.HOURS.toNanos(24);

    private static final IdleTimeouts PROCESS = new IdleTimeouts(MAX_INDEX);

    private final int capacity;
    private final Map<Long, Integer> byValue = new HashMap<>();
    /**
     * Copy on write: element i &gt; 0 is the timeout of index i; element 0 is what an unknown index reads as (the
     * largest of {@link #UNKNOWN_FLOOR_NANOS} and the values).
     */
    private volatile long[] values = {UNKNOWN_FLOOR_NANOS};

    /** A registry of at most {@code capacity} values: the process's, or a small one of the tests. */
    IdleTimeouts(final int capacity)
    {
        this.capacity = capacity;
    }

    /**
     * The index of a timeout, interned on first use (configuration time only: synchronized, may allocate).
     *
     * @param nanos the idle timeout, nanoseconds, positive.
     * @return 1 to {@link #MAX_INDEX}, the same for the same value for the life of the process.
     * @throws IllegalArgumentException when {@code nanos} is not positive.
     * @throws IllegalStateException    when {@link #MAX_INDEX} distinct values exist already and {@code nanos} is not
     *                                  one of them (the configuration that needs it cannot be built).
     */
    public static int intern(final long nanos)
    {
        return PROCESS.add(nanos);
    }

    /**
     * The timeout of an index (the wheel's H4, once per visit; allocation-free).
     *
     * @param index an index from {@link #intern}, as read from a slot.
     * @return its nanoseconds; for index 0 or an index never given, the longest timeout known (never 0).
     */
    public static long nanos(final int index)
    {
        return PROCESS.valueOf(index);
    }

    synchronized int add(final long nanos)
    {
        if (nanos <= 0 || nanos > MAX_NANOS)
        {
            throw new IllegalArgumentException("an idle timeout must be positive and at most 24 h: " + nanos + " ns");
        }
        final Integer known = byValue.get(nanos);
        if (known != null)
        {
            return known;
        }
        final long[] old = values;
        if (old.length > capacity)
        {
            throw new IllegalStateException(capacity + " distinct idle timeouts are interned already, " + nanos +
                " ns would be one more (docs/spec/flow-table.md section 11.13)");
        }
        final long[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = nanos;
        grown[0] = Math.max(old[0], nanos);
        byValue.put(nanos, old.length);
        values = grown;
        return old.length;
    }

    long valueOf(final int index)
    {
        final long[] v = values;
        return index > 0 && index < v.length ? v[index] : v[0];
    }
}
