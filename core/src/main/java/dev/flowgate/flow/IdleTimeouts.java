// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The interned idle timeouts that an INLINE slot names by a 16-bit index in {@code META} bits 48-63
 * (docs/spec/flow-table.md section 11.13, P4): process-wide, so that configuration objects (a masquerade pool, a
 * port-forwarding rule) intern their timeouts once when they are built, whatever table or wheel later uses them, and
 * a new session writes an index it already holds. Index 0 is "unknown" (not interned, or the registry full).
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

    private static final Object LOCK = new Object();
    private static final Map<Long, Integer> INDEX = new HashMap<>();
    /** Copy on write: element i is the timeout of index i; element 0 is 0. */
    private static volatile long[] values = new long[1];

    private IdleTimeouts()
    {
    }

    /**
     * The index of a timeout, interned on first use (configuration time only: synchronized, may allocate).
     *
     * @param nanos the idle timeout, nanoseconds.
     * @return 1..{@link #MAX_INDEX}, or 0 when {@code nanos} is not positive or {@link #MAX_INDEX} distinct values
     *     exist already (a session's node then expires at its last touch; section 11.13 lists it as left to
     *     decide).
     */
    public static int intern(final long nanos)
    {
        if (nanos <= 0)
        {
            return 0;
        }
        synchronized (LOCK)
        {
            final Integer known = INDEX.get(nanos);
            if (known != null)
            {
                return known;
            }
            final long[] old = values;
            if (old.length > MAX_INDEX)
            {
                return 0;
            }
            final long[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = nanos;
            INDEX.put(nanos, old.length);
            values = grown;
            return old.length;
        }
    }

    /**
     * The timeout of an index.
     *
     * @param index an index from {@link #intern}, as read from a slot.
     * @return nanoseconds, or 0 for index 0 or an index not interned.
     */
    public static long nanos(final int index)
    {
        final long[] v = values;
        return index > 0 && index < v.length ? v[index] : 0L;
    }
}
