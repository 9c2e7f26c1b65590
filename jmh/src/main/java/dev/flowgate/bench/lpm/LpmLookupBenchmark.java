// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.lpm;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.filter.FlowFilterLookup;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.LookupResult;
import dev.flowgate.lpm.Prefix;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Destination-prefix lookups in a flow-filter table of one source VPC whose destination trie holds
 * {@code prefixes} synthetic routes (default source, so the lookup cost is the destination LPM plus the fixed
 * steps), against the ipaddress library's associative trie over the same prefixes. Each invocation looks up the
 * next burst of {@value #BURST} destination addresses from a pre-built pool of {@value #POOL} (a share
 * {@code hitRatio} of them inside a prefix): the pool is far larger than a burst, so a large table is not kept
 * warm in the caches by replaying the same few paths. The IPADDRESS peer gets pre-built {@code IPv4Address}
 * objects, so only its trie walk is measured.
 */
@Question("How fast is a flow-filter table lookup (REFERENCE, COMPILED) against the ipaddress library's trie, "
    + "by prefix count and hit ratio?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LpmLookupBenchmark
{
    static final int BURST = 1024;
    static final int POOL = 1 << 18;
    private static final long SEED = 0x5EED_0001L;

    /** The prefix set and the addresses of one burst. */
    @State(Scope.Benchmark)
    public static class Routes
    {
        @Param({"10", "1000", "10000", "100000", "900000"})
        int prefixes;

        @Param({"0.5", "1.0"})
        double hitRatio;

        Prefix[] routes;
        int[] addresses;
        IPv4AddressAssociativeTrie<Integer> oracle;

        @Setup
        public void setup()
        {
            routes = SyntheticRoutes.prefixes(prefixes, SEED);
            oracle = SyntheticRoutes.ipaddressTrie(routes);
            addresses = SyntheticRoutes.addresses(routes, hitRatio, POOL, SEED + 1, oracle);
        }
    }

    /** The implementation under test. */
    @State(Scope.Benchmark)
    public static class Implementation
    {
        @Param({"COMPILED", "REFERENCE", "IPADDRESS"})
        String lookup;

        FlowFilterLookup table;
        IPv4AddressAssociativeTrie<Integer> trie;
        IPv4Address[] addresses;

        @Setup
        public void setup(final Routes routes)
        {
            if ("IPADDRESS".equals(lookup))
            {
                trie = routes.oracle;
                addresses = new IPv4Address[POOL];
                for (int i = 0; i < POOL; i++)
                {
                    addresses[i] = new IPv4Address(routes.addresses[i]);
                }
                return;
            }
            table = SyntheticRoutes.tables(routes.routes).lookup(LookupKind.valueOf(lookup));
            checkHits(table, routes);
        }
    }

    /** COMPILED alone, for the allocation gate. */
    @State(Scope.Benchmark)
    public static class Compiled
    {
        FlowFilterLookup table;

        @Setup
        public void setup(final Routes routes)
        {
            final FlowFilterTables tables = SyntheticRoutes.tables(routes.routes);
            table = tables.lookup(LookupKind.COMPILED);
            checkHits(table, routes);
        }
    }

    /** A benchmark whose lookups all miss (or all hit at 0.5) measures the wrong path: refuse to run it. */
    static void checkHits(final FlowFilterLookup table, final Routes routes)
    {
        int hits = 0;
        final int checked = 4096;
        for (int i = 0; i < checked; i++)
        {
            hits += table.lookup4(SyntheticRoutes.SRC_VNI, 1, routes.addresses[i], true, 1000, 80) != null ? 1 : 0;
        }
        final double ratio = hits / (double) checked;
        if (Math.abs(ratio - routes.hitRatio) > 0.1)
        {
            throw new IllegalStateException("hit ratio " + ratio + " instead of " + routes.hitRatio);
        }
    }

    /** Where the next burst starts in the pool. */
    @State(Scope.Thread)
    public static class Cursor
    {
        int offset;

        int next()
        {
            final int start = offset;
            offset = (offset + BURST) & (POOL - 1);
            return start;
        }
    }

    /** One look-up per address per {@code lookup} implementation, through its general entry point. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public void lookup(final Routes routes, final Implementation impl, final Cursor cursor, final Blackhole bh)
    {
        final int start = cursor.next();
        if (impl.table != null)
        {
            final FlowFilterLookup table = impl.table;
            final int[] addresses = routes.addresses;
            for (int i = start; i < start + BURST; i++)
            {
                bh.consume(table.lookup4(SyntheticRoutes.SRC_VNI, 1, addresses[i], true, 1000, 80));
            }
            return;
        }
        final IPv4AddressAssociativeTrie<Integer> trie = impl.trie;
        final IPv4Address[] addresses = impl.addresses;
        for (int i = start; i < start + BURST; i++)
        {
            bh.consume(trie.longestPrefixMatchNode(addresses[i]));
        }
    }

    /** The COMPILED look-up called directly (no implementation switch): its own cost. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState
    public LookupResult compiled(final Routes routes, final Compiled compiled, final Cursor cursor)
    {
        final FlowFilterLookup table = compiled.table;
        final int[] addresses = routes.addresses;
        final int start = cursor.next();
        LookupResult last = null;
        for (int i = start; i < start + BURST; i++)
        {
            final LookupResult result = table.lookup4(SyntheticRoutes.SRC_VNI, 1, addresses[i], true, 1000, 80);
            last = result != null ? result : last;
        }
        return last;
    }
}
