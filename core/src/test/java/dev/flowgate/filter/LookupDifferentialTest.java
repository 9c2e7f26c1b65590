// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.config.OverlayValidator;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.Vpc;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * REFERENCE and COMPILED must return the same interned result (or none) for every packet, over seeded random
 * overlays (valid and unvalidated, IPv4 and IPv6, ports, exclusions, defaults, every NAT mode) and packets biased
 * towards the prefixes and their edges.
 *
 * <p>Replay: {@code -Dflowgate.filter.seed=N} runs the configurations from seed N on ({@code -Dflowgate.filter.configs}
 * sets how many; the failure message names the seed of the failing configuration).
 */
class LookupDifferentialTest
{
    private static final int PACKETS_PER_CONFIG = 200;

    /** Counts of what a run covered, so a run that tests nothing fails. */
    static final class Stats
    {
        private int built;
        private int valid;
        private int conflicts;
        private long lookups;
        private long hits;
        private long multiple;
        private final long[] nanos = new long[3];

        @Override
        public String toString()
        {
            return "built=" + built + " valid=" + valid + " conflicts=" + conflicts + " lookups=" + lookups +
                " hits=" + hits + " multipleMatches=" + multiple + " ms(validate,build,compile)=" +
                java.util.Arrays.toString(java.util.Arrays.stream(nanos).map(n -> n / 1_000_000).toArray());
        }
    }

    private static long baseSeed()
    {
        final String property = System.getProperty("flowgate.filter.seed");
        return property != null ? Long.parseLong(property) : System.nanoTime();
    }

    @Test
    void shouldAgreeOnRandomOverlays()
    {
        run(Integer.getInteger("flowgate.filter.configs", 1000));
    }

    @Test
    @Tag("slow")
    void shouldAgreeOnManyRandomOverlays()
    {
        run(Integer.getInteger("flowgate.filter.configs", 20_000));
    }

    private static void run(final int configs)
    {
        final long base = baseSeed();
        System.out.println("LookupDifferentialTest seed " + base + " (replay: -Dflowgate.filter.seed=" + base + ")");
        final Stats stats = new Stats();
        for (int i = 0; i < configs; i++)
        {
            final long seed = base + i;
            try
            {
                runOne(seed, stats);
            }
            catch (final AssertionError | RuntimeException ex)
            {
                throw new AssertionError("configuration seed " + seed + " (replay with -Dflowgate.filter.seed=" +
                    seed + " -Dflowgate.filter.configs=1): " + ex.getMessage(), ex);
            }
        }
        System.out.println("LookupDifferentialTest " + stats);
        assertTrue(stats.built > configs / 4, stats.toString());
        assertTrue(stats.valid > configs / 10, stats.toString());
        assertTrue(stats.hits > stats.lookups / 20, stats.toString());
        assertTrue(stats.multiple > 0, stats.toString());
    }

    private static void runOne(final long seed, final Stats stats)
    {
        final RandomOverlays random = new RandomOverlays(seed);
        // Every other configuration is shaped to pass validation.
        final Overlay overlay = (seed & 1) == 0 ? random.overlay() : random.validOverlay();
        long t = System.nanoTime();
        final boolean valid = OverlayValidator.validate(overlay).isEmpty();
        stats.nanos[0] += System.nanoTime() - t;
        t = System.nanoTime();
        final FlowFilterTables tables;
        try
        {
            tables = FlowFilterTables.build(overlay);
        }
        catch (final TableConflictException ex)
        {
            stats.conflicts++;
            return;
        }
        stats.nanos[1] += System.nanoTime() - t;
        stats.built++;
        stats.valid += valid ? 1 : 0;
        final FlowFilterLookup reference = tables.lookup(LookupKind.REFERENCE);
        t = System.nanoTime();
        final FlowFilterLookup compiled = tables.lookup(LookupKind.COMPILED);
        stats.nanos[2] += System.nanoTime() - t;
        final List<Vpc> vpcs = overlay.vpcs();
        for (int n = 0; n < PACKETS_PER_CONFIG; n++)
        {
            final int vni = random.nextInt(10) == 0 ? 4242 : vpcs.get(random.nextInt(vpcs.size())).vni();
            final long[] src = random.address();
            final long[] dst = random.address();
            final boolean hasPorts = random.nextInt(3) != 0;
            final int sp = random.port();
            final int dp = random.port();
            final LookupResult expected;
            final LookupResult actual;
            if (random.ipv6())
            {
                expected = reference.lookup6(vni, src[0], src[1], dst[0], dst[1], hasPorts, sp, dp);
                actual = compiled.lookup6(vni, src[0], src[1], dst[0], dst[1], hasPorts, sp, dp);
            }
            else
            {
                final int s4 = (int) (src[0] >>> 32);
                final int d4 = (int) (dst[0] >>> 32);
                expected = reference.lookup4(vni, s4, d4, hasPorts, sp, dp);
                actual = compiled.lookup4(vni, s4, d4, hasPorts, sp, dp);
            }
            stats.lookups++;
            if (expected != null)
            {
                stats.hits++;
                stats.multiple += expected.isMultiple() ? 1 : 0;
            }
            if (expected != actual)
            {
                throw new AssertionError("packet " + n + ": vni " + vni + " " + (random.ipv6() ? "v6 " : "v4 ") +
                    Long.toHexString(src[0]) + ":" + Long.toHexString(src[1]) + " -> " + Long.toHexString(dst[0]) +
                    ":" + Long.toHexString(dst[1]) + (hasPorts ? " ports " + sp + "/" + dp : " no ports") +
                    ": REFERENCE " + expected + ", COMPILED " + actual + "\n" + overlay + "\n" +
                    tables.describe(v -> null, 0));
            }
        }
    }
}
