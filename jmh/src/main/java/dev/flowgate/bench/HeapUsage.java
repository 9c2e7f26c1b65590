// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench;

import java.lang.management.ManagementFactory;

/**
 * Retained-size measurement for setup: the used heap after full collections, so that the difference of two readings
 * is what became reachable in between (exact for large structures, a few KB of noise for small ones).
 */
public final class HeapUsage
{
    private HeapUsage()
    {
    }

    /**
     * The used heap after {@code collections} explicit full collections (setup only: each is a stop-the-world GC).
     *
     * @param collections how many, at least 1 (more settle objects that finalizers or references release late).
     * @return the used heap in bytes.
     */
    public static long usedAfterGc(final int collections)
    {
        for (int i = 0; i < collections; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
