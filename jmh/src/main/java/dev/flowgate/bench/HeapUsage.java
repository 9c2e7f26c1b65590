// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Retained-size measurement for setup: the used heap after full collections, so that the difference of two readings
 * is what became reachable in between (exact for large structures, a few KB of noise for small ones).
 */
public final class HeapUsage
{
    /** A collection that frees less than this has found the heap settled. */
    static final long SETTLED_BYTES = 64 * 1024;
    /** Collections at most, whatever is still being freed. */
    static final int MAX_COLLECTIONS = 12;
    private static final long PAUSE_NANOS = 5_000_000L;

    private HeapUsage()
    {
    }

    /**
     * The used heap after at least {@code collections} explicit full collections, and more until one frees less than
     * {@link #SETTLED_BYTES} (setup only: each is a stop-the-world GC). A short pause after each lets the reference
     * handler and cleaner threads finish what the collection queued: objects they still held survived a fixed pair of
     * collections and were freed inside the next measurement, which then read a negative size (seen in a CI run: -5.8
     * MB across a fixture's set-up after tests that had used direct buffers).
     *
     * @param collections how many at least, at least 1.
     * @return the used heap in bytes.
     */
    public static long usedAfterGc(final int collections)
    {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++)
        {
            System.gc();
            final long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            final boolean settled = used - now < SETTLED_BYTES;
            used = Math.min(used, now);
            if (i + 1 >= collections && settled)
            {
                break;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return used;
    }
}
