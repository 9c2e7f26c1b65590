// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.config.Overlay;

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
        // A valid overlay with some of everything (seed chosen by scanning for a valid, non-trivial one).
        RandomOverlays random = null;
        Overlay overlay = null;
        for (long seed = 1; overlay == null || dev.flowgate.config.OverlayValidator.validate(overlay).size() > 0;
            seed += 2)
        {
            random = new RandomOverlays(seed);
            overlay = random.validOverlay();
        }
        final FlowFilterLookup table = FlowFilterTables.build(overlay).lookup(LookupKind.COMPILED);
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
        final int[] hits = new int[1];
        SteadyStateAllocation.assertNone(4 * PACKETS + " lookups a round", 300, 20,
            round -> hits[0] += burst(table, vni, src, dst, ports));
        assertTrue(hits[0] > 0, "no lookup hit: the test would prove nothing");
    }

    private static int burst(
        final FlowFilterLookup table, final int[] vni, final long[][] src, final long[][] dst, final int[] ports)
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
