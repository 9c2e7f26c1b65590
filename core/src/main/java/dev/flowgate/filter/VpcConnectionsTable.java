// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;

/**
 * The table of one source VPC in one subtable: a trie of its private prefixes to per-source-port destination data,
 * and the default-source slot (AllPorts once created), a strict fallback.
 */
final class VpcConnectionsTable
{
    private final int vni;
    private final ResultInterner interner;
    private final PrefixPortTrie<DstConnectionData> trie = new PrefixPortTrie<>();
    private PortRangeMap<DstConnectionData> defaultSource;

    VpcConnectionsTable(final int vni, final ResultInterner interner)
    {
        this.vni = vni;
        this.interner = interner;
    }

    int vni()
    {
        return vni;
    }

    PrefixPortTrie<DstConnectionData> trie()
    {
        return trie;
    }

    PortRangeMap<DstConnectionData> defaultSource()
    {
        return defaultSource;
    }

    private static String cell(final Prefix prefix, final PortRange range)
    {
        return "source " + prefix + (range == null ? "" : ":" + range);
    }

    /**
     * Source-side rules: AllPorts swallows any range (the range is ignored), Ranges needs a range, a new range is
     * added without disjointness check.
     *
     * @return the destination data to update, or null if a new one was created from {@code created}.
     */
    private DstConnectionData existingOrAdd(
        final PortRangeMap<DstConnectionData> map,
        final Prefix prefix,
        final PortRange range,
        final DstConnectionData created)
    {
        if (map.isAllPorts())
        {
            return map.allPortsValue();
        }
        if (range == null)
        {
            throw new TableConflictException(TableConflictException.Kind.SOURCE_RANGES_WITHOUT_RANGE, vni,
                cell(prefix, null) + ": source stored with port ranges " + map.ranges().keySet() +
                " cannot take a contribution for all ports");
        }
        final DstConnectionData existing = map.ranges().get(range);
        if (existing == null)
        {
            map.ranges().put(range, created);
        }
        return existing;
    }

    void insert(
        final LookupResult result,
        final Prefix srcPrefix,
        final PortRange srcRange,
        final Prefix dstPrefix,
        final PortRange dstRange)
    {
        final LookupResult value = interner.intern(result);
        final PortRangeMap<DstConnectionData> map = trie.get(srcPrefix);
        if (map == null)
        {
            trie.put(srcPrefix, PortRangeMap.of(srcRange, DstConnectionData.of(value, dstPrefix, dstRange)));
            return;
        }
        final DstConnectionData data = existingOrAdd(map, srcPrefix, srcRange,
            DstConnectionData.of(value, dstPrefix, dstRange));
        if (data != null)
        {
            data.update(interner, vni, cell(srcPrefix, srcRange), value, dstPrefix, dstRange);
        }
    }

    void insertDefaultRemote(final LookupResult result, final Prefix srcPrefix, final PortRange srcRange)
    {
        final LookupResult value = interner.intern(result);
        final PortRangeMap<DstConnectionData> map = trie.get(srcPrefix);
        if (map == null)
        {
            trie.put(srcPrefix, PortRangeMap.of(srcRange, DstConnectionData.forDefaultRemote(value)));
            return;
        }
        final DstConnectionData data = existingOrAdd(map, srcPrefix, srcRange,
            DstConnectionData.forDefaultRemote(value));
        if (data != null)
        {
            data.updateDefault(interner, vni, cell(srcPrefix, srcRange), value);
        }
    }

    void updateDefaultSource(final LookupResult result, final Prefix dstPrefix, final PortRange dstRange)
    {
        final LookupResult value = interner.intern(result);
        if (defaultSource == null)
        {
            defaultSource = PortRangeMap.of(null, DstConnectionData.of(value, dstPrefix, dstRange));
            return;
        }
        defaultSource.allPortsValue().update(interner, vni, "default source", value, dstPrefix, dstRange);
    }

    void updateDefaultSourceToDefaultRemote(final LookupResult result)
    {
        final LookupResult value = interner.intern(result);
        if (defaultSource == null)
        {
            defaultSource = PortRangeMap.of(null, DstConnectionData.forDefaultRemote(value));
            return;
        }
        defaultSource.allPortsValue().updateDefault(interner, vni, "default source", value);
    }

    /**
     * docs/spec/flow-filter.md section 3, steps 3-4: source trie, else default source, then the source-port get (no
     * backtracking).
     */
    DstConnectionData lookupSource(final boolean ipv6, final long hi, final long lo, final int port)
    {
        PortRangeMap<DstConnectionData> value = trie.lookup(ipv6, hi, lo, port);
        if (value == null)
        {
            value = defaultSource;
        }
        return value == null ? null : value.get(port);
    }
}
