// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.lpm;

import dev.flowgate.filter.FlowFilterTableBuilder;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.LookupResult;
import dev.flowgate.filter.RemoteData;
import dev.flowgate.lpm.Prefix;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * Seeded synthetic IPv4 prefix sets shaped like a full routing table (mostly /24, many /16-/23, few shorter,
 * clustered in allocation blocks), and the three structures the LPM benchmarks compare.
 */
final class SyntheticRoutes
{
    /** Cumulative share per length: /8../15 0.5%, /16 1.5%, /17 1%, /18 1.5%, /19 3%, /20 4%, /21 4.5%, /22 11%,
     * /23 8.5%, /24 64%, /25../32 0.5%. */
    private static final int[] LENGTHS = {12, 16, 17, 18, 19, 20, 21, 22, 23, 24, 28};
    private static final double[] CUMULATIVE = {0.005, 0.02, 0.03, 0.045, 0.075, 0.115, 0.16, 0.27, 0.355, 0.995, 1.0};
    /** The source VPC of the synthetic flow-filter table. */
    static final int SRC_VNI = 100;
    /** How many distinct results the table holds. */
    private static final int RESULTS = 1000;

    private SyntheticRoutes()
    {
    }

    static Prefix[] prefixes(final int count, final long seed)
    {
        final Random random = new Random(seed);
        final int blocks = Math.max(1, Math.min(45_000, count / 20));
        final int[] block = new int[blocks];
        for (int i = 0; i < blocks; i++)
        {
            // First octet 1..223, not 10 or 127: unicast space a routing table would carry.
            int first;
            do
            {
                first = 1 + random.nextInt(223);
            }
            while (first == 10 || first == 127);
            block[i] = (first << 24) | (random.nextInt(256) << 16);
        }
        final Set<Prefix> result = new LinkedHashSet<>();
        while (result.size() < count)
        {
            final double draw = random.nextDouble();
            int index = 0;
            while (draw > CUMULATIVE[index])
            {
                index++;
            }
            final int length = index == 0 ? 8 + random.nextInt(8) : index == LENGTHS.length - 1 ?
                25 + random.nextInt(8) : LENGTHS[index];
            final int address = length < 16 ? block[random.nextInt(blocks)] ^ (random.nextInt(1 << 16) << 16) :
                block[random.nextInt(blocks)] | (random.nextInt() >>> 16);
            result.add(Prefix.containing4(address, length));
        }
        return result.toArray(new Prefix[0]);
    }

    /** With-ports subtable only: one source VPC, default source, the prefixes as destination cells. */
    static FlowFilterTables tables(final Prefix[] prefixes)
    {
        final LookupResult[] results = new LookupResult[RESULTS];
        for (int i = 0; i < RESULTS; i++)
        {
            results[i] = LookupResult.single(RemoteData.of(1000 + i, null, null));
        }
        final FlowFilterTableBuilder builder = FlowFilterTableBuilder.withPortsOnly();
        for (int i = 0; i < prefixes.length; i++)
        {
            builder.insertDefaultSource(SRC_VNI, results[i % RESULTS], prefixes[i], null);
        }
        return builder.build();
    }

    static IPv4AddressAssociativeTrie<Integer> ipaddressTrie(final Prefix[] prefixes)
    {
        final IPv4AddressAssociativeTrie<Integer> trie = new IPv4AddressAssociativeTrie<>();
        for (int i = 0; i < prefixes.length; i++)
        {
            trie.put(new IPv4Address(prefixes[i].address4(), prefixes[i].length()).toPrefixBlock(), 1000 + i % RESULTS);
        }
        return trie;
    }

    /**
     * Destination addresses: a share {@code hitRatio} inside random prefixes, the rest outside every prefix.
     */
    static int[] addresses(final Prefix[] prefixes, final double hitRatio, final int count, final long seed,
        final IPv4AddressAssociativeTrie<Integer> oracle)
    {
        final Random random = new Random(seed);
        final int[] result = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (random.nextDouble() < hitRatio)
            {
                final Prefix p = prefixes[random.nextInt(prefixes.length)];
                result[i] = p.address4() | (p.length() == 32 ? 0 : random.nextInt() >>> p.length());
                continue;
            }
            int miss;
            int attempts = 0;
            do
            {
                miss = random.nextInt();
                attempts++;
            }
            while (oracle.longestPrefixMatchNode(new IPv4Address(miss)) != null && attempts < 10_000);
            result[i] = miss;
        }
        return result;
    }
}
