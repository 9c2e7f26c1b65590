// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CacheProbeTest
{
    @Test
    void shouldVisitEveryLineOnceBeforeReturningToTheStart()
    {
        final int lines = 4096;
        final int[] next = CacheProbe.cycle(lines);
        final boolean[] seen = new boolean[lines];
        int p = 0;
        for (int i = 0; i < lines; i++)
        {
            assertEquals(0, p % 16, "every link points at the start of a line");
            assertTrue(!seen[p / 16], "line " + p / 16 + " visited twice after " + i + " loads");
            seen[p / 16] = true;
            p = next[p];
        }
        assertEquals(0, p, "the chase is one cycle through all lines");
    }

    @Test
    void shouldMeasureAPositiveTimePerLoad()
    {
        final double ns = CacheProbe.nsPerLoad(1, 20);
        assertTrue(ns > 0 && ns < 10_000, ns + " ns per load");
    }
}
