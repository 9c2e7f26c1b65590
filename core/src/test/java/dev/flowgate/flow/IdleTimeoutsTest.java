// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The idle-timeout registry (docs/spec/flow-table.md section 11.13, "Left for the next part"): an index is never 0 for
 * a value a session carries (a non-positive timeout and a full registry are refused, not given 0), an index keeps
 * its value, and index 0 or an index never given reads as the longest timeout known, never as 0 (which expires a
 * session at its last touch). The registry's own rules are checked on small registries of the test's own, so the
 * process's registry only ever gains the values the other tests intern and no test depends on another's order.
 */
class IdleTimeoutsTest
{
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long UNKNOWN = IdleTimeouts.UNKNOWN_FLOOR_NANOS;

    @Test
    void shouldInternEachValueOnceWithAStableIndex()
    {
        final IdleTimeouts registry = new IdleTimeouts(3);
        assertEquals(1, registry.add(10L));
        assertEquals(2, registry.add(20L));
        assertEquals(1, registry.add(10L), "a known value keeps its index");
        assertEquals(10L, registry.valueOf(1));
        assertEquals(20L, registry.valueOf(2));
    }

    @Test
    void shouldRefuseATimeoutThatIsNotPositive()
    {
        final IdleTimeouts registry = new IdleTimeouts(3);
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> registry.add(0L));
        assertTrue(zero.getMessage().contains(": 0 ns"), zero.getMessage());
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> registry.add(-5L));
        assertTrue(negative.getMessage().contains(": -5 ns"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdleTimeouts.intern(0L), "the process's registry too");
    }

    @Test
    void shouldRefuseOneDistinctValueMoreThanItsCapacity()
    {
        final IdleTimeouts registry = new IdleTimeouts(3);
        registry.add(10L);
        registry.add(20L);
        assertEquals(3, registry.add(30L));
        final IllegalStateException full = assertThrows(IllegalStateException.class, () -> registry.add(40L));
        assertTrue(full.getMessage().startsWith("3 distinct idle timeouts are interned already, 40 ns"),
            full.getMessage());
        assertEquals(2, registry.add(20L), "values already interned still are");
        assertEquals(UNKNOWN, registry.valueOf(4), "the refused value got no index");
    }

    @Test
    void shouldReadIndexZeroAndUnknownIndexesAsTheLongestTimeoutKnown()
    {
        final IdleTimeouts registry = new IdleTimeouts(3);
        assertEquals(UNKNOWN, registry.valueOf(0), "nothing interned: the longest NAT default");
        registry.add(10L);
        assertEquals(UNKNOWN, registry.valueOf(0), "a shorter value does not lower it");
        assertEquals(UNKNOWN, registry.valueOf(2));
        registry.add(HOUR);
        assertEquals(HOUR, registry.valueOf(0), "the largest value interned");
        assertEquals(HOUR, registry.valueOf(3));
        assertEquals(HOUR, registry.valueOf(IdleTimeouts.MAX_INDEX));
        assertEquals(HOUR, registry.valueOf(-1));
    }

    @Test
    void shouldGiveTheProcessRegistrysIndexesFromOneToTheMaximum()
    {
        // Shorter than the floor, so the process's reading of index 0 stays what the other tests expect.
        final long timeout = TimeUnit.SECONDS.toNanos(7) + 3;
        final int index = IdleTimeouts.intern(timeout);
        assertTrue(index >= 1 && index <= IdleTimeouts.MAX_INDEX, "index " + index);
        assertEquals(index, IdleTimeouts.intern(timeout));
        assertEquals(timeout, IdleTimeouts.nanos(index));
        assertTrue(IdleTimeouts.nanos(0) >= UNKNOWN, "index 0 reads as the floor at least");
    }
}
