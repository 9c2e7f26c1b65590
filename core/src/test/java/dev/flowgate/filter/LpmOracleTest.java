// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.lpm.Prefix;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On plain prefix sets (one VPC, no ports) both lookups must agree with the ipaddress library's longest-prefix
 * match, on the destination side (default source, one destination trie) and on the source side.
 * Replay: {@code -Dflowgate.lpm.seed=N}.
 */
class LpmOracleTest
{
    private static final Prefix ANY4 = Prefix.parse("0.0.0.0/0");
    private static final Prefix ANY6 = Prefix.parse("::/0");

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 300, 5000})
    void shouldAgreeWithIpaddressOnIpv4(final int count)
    {
        final long seed = seed();
        final Random random = new Random(seed);
        final List<Prefix> prefixes = new ArrayList<>(randomPrefixes(random, count, false));
        final IPv4AddressAssociativeTrie<Integer> oracle = new IPv4AddressAssociativeTrie<>();
        final FlowFilterTableBuilder dstSide = new FlowFilterTableBuilder();
        final FlowFilterTableBuilder srcSide = new FlowFilterTableBuilder();
        for (int i = 0; i < prefixes.size(); i++)
        {
            final Prefix p = prefixes.get(i);
            oracle.put(new IPv4Address(p.address4(), p.length()).toPrefixBlock(), i);
            final LookupResult result = LookupResult.single(RemoteData.of(i + 1, null, null));
            dstSide.insertDefaultSource(100, result, p, null);
            srcSide.insert(100, result, p, null, ANY4, null);
        }
        final FlowFilterTables dst = dstSide.build();
        final FlowFilterTables src = srcSide.build();
        final FlowFilterLookup[] lookups = {
            dst.lookup(LookupKind.REFERENCE), dst.lookup(LookupKind.COMPILED),
            src.lookup(LookupKind.REFERENCE), src.lookup(LookupKind.COMPILED)};
        int hits = 0;
        for (int n = 0; n < 4000; n++)
        {
            final int address = address(random, prefixes);
            final var node = oracle.longestPrefixMatchNode(new IPv4Address(address));
            final Integer expected = node == null ? null : node.getValue();
            hits += expected == null ? 0 : 1;
            for (int k = 0; k < lookups.length; k++)
            {
                final boolean ports = (n & 1) == 0;
                final LookupResult actual = k < 2 ? lookups[k].lookup4(100, 1, address, ports, 1, 2) :
                    lookups[k].lookup4(100, address, 1, ports, 1, 2);
                assertEquals(expected == null ? null : expected + 1, actual == null ? null : actual.single().vni(),
                    "seed " + seed + " lookup " + k + " address " + Integer.toHexString(address));
            }
            assertSame(lookups[0].lookup4(100, 1, address, false, 0, 0), lookups[1].lookup4(100, 1, address, false, 0,
                0));
        }
        assertTrue(hits > 0, "seed " + seed + ": no address hit a prefix");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 300, 5000})
    void shouldAgreeWithIpaddressOnIpv6(final int count)
    {
        final long seed = seed();
        final Random random = new Random(seed);
        final List<Prefix> prefixes = new ArrayList<>(randomPrefixes(random, count, true));
        final IPv6AddressAssociativeTrie<Integer> oracle = new IPv6AddressAssociativeTrie<>();
        final FlowFilterTableBuilder dstSide = new FlowFilterTableBuilder();
        final FlowFilterTableBuilder srcSide = new FlowFilterTableBuilder();
        for (int i = 0; i < prefixes.size(); i++)
        {
            final Prefix p = prefixes.get(i);
            oracle.put(new IPv6Address(bytes(p.hi(), p.lo()), p.length()).toPrefixBlock(), i);
            final LookupResult result = LookupResult.single(RemoteData.of(i + 1, null, null));
            dstSide.insertDefaultSource(100, result, p, null);
            srcSide.insert(100, result, p, null, ANY6, null);
        }
        final FlowFilterLookup[] lookups = {
            dstSide.build().lookup(LookupKind.REFERENCE), null, srcSide.build().lookup(LookupKind.REFERENCE), null};
        final FlowFilterTables dst = dstSide.build();
        final FlowFilterTables src = srcSide.build();
        lookups[0] = dst.lookup(LookupKind.REFERENCE);
        lookups[1] = dst.lookup(LookupKind.COMPILED);
        lookups[2] = src.lookup(LookupKind.REFERENCE);
        lookups[3] = src.lookup(LookupKind.COMPILED);
        for (int n = 0; n < 2000; n++)
        {
            final Prefix near = prefixes.get(random.nextInt(prefixes.size()));
            final long hi = random.nextInt(3) == 0 ? random.nextLong() : near.hi() ^ (random.nextLong() >>> (1 +
                Math.min(62, near.length())));
            final long lo = random.nextInt(3) == 0 ? random.nextLong() : near.lo() ^ (random.nextLong() >>> (1 +
                random.nextInt(63)));
            final var node = oracle.longestPrefixMatchNode(new IPv6Address(bytes(hi, lo)));
            final Integer expected = node == null ? null : node.getValue();
            for (int k = 0; k < lookups.length; k++)
            {
                final LookupResult actual = k < 2 ? lookups[k].lookup6(100, 0, 1, hi, lo, false, 0, 0) :
                    lookups[k].lookup6(100, hi, lo, 0, 1, true, 3, 4);
                assertEquals(expected == null ? null : expected + 1, actual == null ? null : actual.single().vni(),
                    "seed " + seed + " lookup " + k);
            }
        }
    }

    private static long seed()
    {
        final long seed = Long.getLong("flowgate.lpm.seed", System.nanoTime());
        System.out.println("LpmOracleTest seed " + seed + " (replay: -Dflowgate.lpm.seed=" + seed + ")");
        return seed;
    }

    private static byte[] bytes(final long hi, final long lo)
    {
        return ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
    }

    /** Prefixes clustered so that they nest: lengths weighted towards /8../32 (or /16../128). */
    static Set<Prefix> randomPrefixes(final Random random, final int count, final boolean ipv6)
    {
        final Set<Prefix> result = new LinkedHashSet<>();
        final List<Prefix> list = new ArrayList<>();
        while (result.size() < count)
        {
            final int max = ipv6 ? 128 : 32;
            final int length = random.nextInt(8) == 0 ? random.nextInt(max + 1) : (ipv6 ? 16 : 8) +
                random.nextInt(max - (ipv6 ? 16 : 8) + 1);
            final Prefix p;
            if (!list.isEmpty() && random.nextBoolean())
            {
                // Nest under or near an existing prefix.
                final Prefix base = list.get(random.nextInt(list.size()));
                p = ipv6 ? Prefix.containing6(base.hi() ^ (random.nextLong() >>> (1 + Math.min(62, base.length()))),
                    base.lo() ^ random.nextLong(), length) :
                    Prefix.containing4(base.address4() ^ (random.nextInt() >>> (1 + Math.min(30, base.length()))),
                        length);
            }
            else
            {
                p = ipv6 ? Prefix.containing6(0x2001_0db8_0000_0000L | (random.nextLong() >>> 32), random.nextLong(),
                    length) : Prefix.containing4(random.nextInt(), length);
            }
            if (result.add(p))
            {
                list.add(p);
            }
        }
        return result;
    }

    static int address(final Random random, final List<Prefix> prefixes)
    {
        if (random.nextInt(5) == 0)
        {
            return random.nextInt();
        }
        final Prefix p = prefixes.get(random.nextInt(prefixes.size()));
        final int host = p.length() == 32 ? 0 : random.nextInt() >>> p.length();
        switch (random.nextInt(4))
        {
            case 0:
                return p.address4();
            case 1:
                return p.address4() | (p.length() == 32 ? 0 : -1 >>> p.length());
            case 2:
                return p.address4() - 1;
            default:
                return p.address4() | host;
        }
    }
}
