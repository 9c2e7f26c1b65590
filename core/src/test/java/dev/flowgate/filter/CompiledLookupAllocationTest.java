// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.config.Overlay;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * The COMPILED lookup allocates nothing once warm, for IPv4 and IPv6, with and without ports, hits and misses.
 */
class CompiledLookupAllocationTest
{
    private static final int PACKETS = 4096;

    @Test
    void shouldNotAllocatePerLookup()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // A valid overlay with some of everything (seed chosen by scanning for a valid, non-trivial one).
        RandomOverlays random = null;
        Overlay overlay = null;
        for (long seed = 1; overlay == null || dev.flowgate.config.OverlayValidator.validate(overlay).size() > 0;
            seed += 2)
        {
            random = new RandomOverlays(seed);
            overlay = random.validOverlay();
        }
        final FlowFilterTable table = FlowFilterTables.build(overlay).lookup(LookupKind.COMPILED);
        final int[] vni = new int[PACKETS];
        final long[][] src = new long[PACKETS][];
        final long[][] dst = new long[PACKETS][];
        final int[] ports = new int[PACKETS];
        for (int i = 0; i < PACKETS; i++)
        {
            vni[i] = 100 * (1 + random.nextInt(overlay.vpcs().size()));
            src[i] = random.address();
            dst[i] = random.address();
            ports[i] = random.port();
        }
        int hits = 0;
        for (int round = 0; round < 60; round++)
        {
            hits = burst(table, vni, src, dst, ports);
        }
        // A late JIT recompilation can allocate once; a per-lookup allocation would show in every attempt.
        final java.util.List<Long> attempts = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 5 && (attempts.isEmpty() || attempts.get(attempts.size() - 1) != 0);
            attempt++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 20; round++)
            {
                hits += burst(table, vni, src, dst, ports);
            }
            attempts.add(threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(hits > 0, "no lookup hit: the test would prove nothing");
        assertEquals(0L, attempts.get(attempts.size() - 1),
            "bytes allocated over 20 warmed bursts of " + 4 * PACKETS + " lookups, per attempt: " + attempts);
    }

    private static int burst(
        final FlowFilterTable table, final int[] vni, final long[][] src, final long[][] dst, final int[] ports)
    {
        int hits = 0;
        for (int i = 0; i < vni.length; i++)
        {
            final long[] s = src[i];
            final long[] d = dst[i];
            final boolean hasPorts = (i & 1) == 0;
            hits += table.lookup4(vni[i], (int) (s[0] >>> 32), (int) (d[0] >>> 32), hasPorts, ports[i],
                ports[vni.length - 1 - i]) != null ? 1 : 0;
            hits += table.lookup6(vni[i], s[0], s[1], d[0], d[1], hasPorts, ports[i], 80) != null ? 1 : 0;
            hits += table.lookup4(vni[i], (int) (s[0] >>> 32), (int) (d[0] >>> 32), !hasPorts, 0, 0) != null ? 1 : 0;
            hits += table.lookup4(7, 1, 2, hasPorts, 3, 4) != null ? 1 : 0;
        }
        return hits;
    }
}
