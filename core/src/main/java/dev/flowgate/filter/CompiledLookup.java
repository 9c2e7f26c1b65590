// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.trie.MultibitTries;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

import org.agrona.collections.Int2IntHashMap;

/**
 * The allocation-free lookup: every trie of the tables flattened into one {@link MultibitTries} pool, with the
 * port and fallback semantics of docs/spec/flow-filter.md section 3 resolved at compile time.
 *
 * <p>A trie leaf answers "which code does this address give": for the source side the index of the destination
 * data to continue with, for the destination side the index of the interned result; {@code -1} means no result.
 * The longest-first scan with port coverage, the walk to shorter covering prefixes, the default slot (strict
 * fallback) and the port-range-map get (including its quirks: overlapping ranges, a Ranges map reached without a
 * port) are folded into each leaf:
 * <pre>
 *   leaf odd   (code + 1) &lt;&lt; 1 | 1      the code, whatever the port (always so in the no-ports subtable)
 *   leaf even  entry &lt;&lt; 1               the code depends on the port: pieces[entry] maps port intervals to
 *                                      codes (binary search over the interval starts)
 * </pre>
 * Addresses no stored prefix covers carry the default slot's code, so a lookup never branches on "no prefix".
 */
final class CompiledLookup implements FlowFilterLookup
{
    private static final int MISSING = -1;
    private static final int NO_CODE = -1;

    private final Int2IntHashMap withPortsIndex;
    private final Int2IntHashMap noPortsIndex;
    private final int[] srcTrie4;
    private final int[] srcTrie6;
    private final int[] dstTrie4;
    private final int[] dstTrie6;
    private final int[] pieceStart;
    private final int[] pieceCount;
    private final int[] pieceBounds;
    private final int[] pieceCodes;
    private final LookupResult[] results;
    private final MultibitTries tries;

    private CompiledLookup(final Compiler compiler)
    {
        this.withPortsIndex = compiler.withPortsIndex;
        this.noPortsIndex = compiler.noPortsIndex;
        this.srcTrie4 = compiler.srcTrie4.stream().mapToInt(Integer::intValue).toArray();
        this.srcTrie6 = compiler.srcTrie6.stream().mapToInt(Integer::intValue).toArray();
        this.dstTrie4 = compiler.dstTrie4.stream().mapToInt(Integer::intValue).toArray();
        this.dstTrie6 = compiler.dstTrie6.stream().mapToInt(Integer::intValue).toArray();
        this.pieceStart = compiler.pieceStart.stream().mapToInt(Integer::intValue).toArray();
        this.pieceCount = compiler.pieceCount.stream().mapToInt(Integer::intValue).toArray();
        this.pieceBounds = compiler.pieceBounds.stream().mapToInt(Integer::intValue).toArray();
        this.pieceCodes = compiler.pieceCodes.stream().mapToInt(Integer::intValue).toArray();
        this.results = compiler.tables.interner().results().toArray(new LookupResult[0]);
        this.tries = compiler.tries.build();
    }

    static CompiledLookup compile(final FlowFilterTables tables)
    {
        final Compiler compiler = new Compiler(tables);
        compiler.compile();
        return new CompiledLookup(compiler);
    }

    /**
     * @return the bytes held in primitive arrays (trie pool, per-table and per-entry arrays); the interned result
     *     objects and the VNI maps are not counted.
     */
    long arrayBytes()
    {
        final long ints = (long) srcTrie4.length + srcTrie6.length + dstTrie4.length + dstTrie6.length +
            pieceStart.length + pieceCount.length + pieceBounds.length + pieceCodes.length;
        return tries.poolBytes() + ints * Integer.BYTES;
    }

    @Override
    public LookupResult lookup4(
        final int srcVni, final int srcAddr, final int dstAddr, final boolean hasPorts, final int srcPort,
        final int dstPort)
    {
        final int table = (hasPorts ? withPortsIndex : noPortsIndex).get(srcVni);
        if (table == MISSING)
        {
            return null;
        }
        final int dst = decode(tries.lookup4(srcTrie4[table], srcAddr), srcPort);
        if (dst == NO_CODE)
        {
            return null;
        }
        final int result = decode(tries.lookup4(dstTrie4[dst], dstAddr), dstPort);
        return result == NO_CODE ? null : results[result];
    }

    @Override
    public LookupResult lookup6(
        final int srcVni, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final boolean hasPorts, final int srcPort, final int dstPort)
    {
        final int table = (hasPorts ? withPortsIndex : noPortsIndex).get(srcVni);
        if (table == MISSING)
        {
            return null;
        }
        final int dst = decode(tries.lookup6(srcTrie6[table], srcHi, srcLo), srcPort);
        if (dst == NO_CODE)
        {
            return null;
        }
        final int result = decode(tries.lookup6(dstTrie6[dst], dstHi, dstLo), dstPort);
        return result == NO_CODE ? null : results[result];
    }

    private int decode(final int leaf, final int port)
    {
        if ((leaf & 1) != 0)
        {
            return (leaf >> 1) - 1;
        }
        final int entry = leaf >> 1;
        int low = pieceStart[entry];
        int high = low + pieceCount[entry] - 1;
        final int[] bounds = pieceBounds;
        // Greatest interval start <= port; bounds[first] is 0, so one always exists.
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (bounds[mid] <= port)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return pieceCodes[low];
    }

    static int direct(final int code)
    {
        return ((code + 1) << 1) | 1;
    }

    /** Build-time state. */
    private static final class Compiler
    {
        private final FlowFilterTables tables;
        private final Int2IntHashMap withPortsIndex = new Int2IntHashMap(16, 0.5f, MISSING);
        private final Int2IntHashMap noPortsIndex = new Int2IntHashMap(16, 0.5f, MISSING);
        private final List<Integer> srcTrie4 = new ArrayList<>();
        private final List<Integer> srcTrie6 = new ArrayList<>();
        private final List<Integer> dstTrie4 = new ArrayList<>();
        private final List<Integer> dstTrie6 = new ArrayList<>();
        private final List<Integer> pieceStart = new ArrayList<>();
        private final List<Integer> pieceCount = new ArrayList<>();
        private final List<Integer> pieceBounds = new ArrayList<>();
        private final List<Integer> pieceCodes = new ArrayList<>();
        private final Map<DstConnectionData, Integer> dstIds = new IdentityHashMap<>();
        private final MultibitTries.Builder tries = MultibitTries.builder();

        Compiler(final FlowFilterTables tables)
        {
            this.tables = tables;
        }

        void compile()
        {
            for (final boolean hasPorts : new boolean[] {true, false})
            {
                final Int2IntHashMap index = hasPorts ? withPortsIndex : noPortsIndex;
                for (final Map.Entry<Integer, VpcConnectionsTable> entry : tables.subtable(hasPorts).entrySet())
                {
                    index.put(entry.getKey().intValue(), srcTrie4.size());
                    final VpcConnectionsTable table = entry.getValue();
                    final int[] handles = compileTrie(table.trie(), table.defaultSource(),
                        data -> dstId(data, hasPorts), hasPorts);
                    srcTrie4.add(handles[0]);
                    srcTrie6.add(handles[1]);
                }
            }
        }

        private int dstId(final DstConnectionData data, final boolean hasPorts)
        {
            final Integer known = dstIds.get(data);
            if (known != null)
            {
                return known;
            }
            final int id = dstTrie4.size();
            dstIds.put(data, id);
            dstTrie4.add(0);
            dstTrie6.add(0);
            // The subtable a destination belongs to decides whether its ports are queried.
            final int[] handles = compileTrie(data.trie(), data.defaultRemote(), r -> tables.interner().id(r),
                hasPorts);
            dstTrie4.set(id, handles[0]);
            dstTrie6.set(id, handles[1]);
            return id;
        }

        private <T> int[] compileTrie(
            final PrefixPortTrie<T> trie, final PortRangeMap<T> fallback, final ToIntFunction<T> codeOf,
            final boolean hasPorts)
        {
            final int defaultCode = fallback == null ? NO_CODE : codeOrNone(fallback.allPortsValue(), codeOf);
            final TreeMap<Prefix, PortRangeMap<T>> sorted = trie.sorted();
            final int[] handles = new int[2];
            for (final boolean ipv6 : new boolean[] {false, true})
            {
                final List<Prefix> prefixes = new ArrayList<>();
                final List<Integer> leaves = new ArrayList<>();
                final Deque<Prefix> ancestors = new ArrayDeque<>();
                for (final Map.Entry<Prefix, PortRangeMap<T>> entry : sorted.entrySet())
                {
                    final Prefix prefix = entry.getKey();
                    if (prefix.isIpv6() != ipv6)
                    {
                        continue;
                    }
                    while (!ancestors.isEmpty() && !ancestors.peek().covers(prefix))
                    {
                        ancestors.pop();
                    }
                    // The chain: this prefix, then every stored prefix covering it, longest first.
                    final List<PortRangeMap<T>> chain = new ArrayList<>();
                    chain.add(entry.getValue());
                    for (final Prefix ancestor : ancestors)
                    {
                        chain.add(sorted.get(ancestor));
                    }
                    ancestors.push(prefix);
                    prefixes.add(prefix);
                    leaves.add(hasPorts ? portLeaf(chain, codeOf, defaultCode) :
                        direct(noPortCode(chain, codeOf, defaultCode)));
                }
                final int[] values = leaves.stream().mapToInt(Integer::intValue).toArray();
                handles[ipv6 ? 1 : 0] = tries.add(ipv6, MultibitTries.Shape.forCount(values.length),
                    prefixes.toArray(new Prefix[0]), values, direct(defaultCode));
            }
            return handles;
        }

        private <T> int codeOrNone(final T value, final ToIntFunction<T> codeOf)
        {
            return value == null ? NO_CODE : codeOf.applyAsInt(value);
        }

        private <T> int noPortCode(
            final List<PortRangeMap<T>> chain, final ToIntFunction<T> codeOf, final int defaultCode)
        {
            for (final PortRangeMap<T> map : chain)
            {
                if (map.coversAll())
                {
                    return codeOrNone(map.get(PortRangeMap.NO_PORT), codeOf);
                }
            }
            return defaultCode;
        }

        private <T> int portCode(
            final List<PortRangeMap<T>> chain, final ToIntFunction<T> codeOf, final int defaultCode, final int port)
        {
            for (final PortRangeMap<T> map : chain)
            {
                if (map.coversPort(port))
                {
                    return codeOrNone(map.get(port), codeOf);
                }
            }
            return defaultCode;
        }

        private <T> int portLeaf(
            final List<PortRangeMap<T>> chain, final ToIntFunction<T> codeOf, final int defaultCode)
        {
            // Every range start and end + 1 along the chain: coverage and get are constant between two of them.
            final TreeSet<Integer> bounds = new TreeSet<>();
            bounds.add(0);
            for (final PortRangeMap<T> map : chain)
            {
                if (map.isAllPorts())
                {
                    break;
                }
                for (final PortRange range : map.ranges().keySet())
                {
                    bounds.add(range.start());
                    if (range.end() < PortRange.MAX_PORT)
                    {
                        bounds.add(range.end() + 1);
                    }
                }
            }
            final List<Integer> starts = new ArrayList<>();
            final List<Integer> codes = new ArrayList<>();
            for (final int bound : bounds)
            {
                final int code = portCode(chain, codeOf, defaultCode, bound);
                if (codes.isEmpty() || codes.get(codes.size() - 1) != code)
                {
                    starts.add(bound);
                    codes.add(code);
                }
            }
            if (codes.size() == 1)
            {
                return direct(codes.get(0));
            }
            final int entry = pieceStart.size();
            pieceStart.add(pieceBounds.size());
            pieceCount.add(codes.size());
            pieceBounds.addAll(starts);
            pieceCodes.addAll(codes);
            return entry << 1;
        }
    }
}
