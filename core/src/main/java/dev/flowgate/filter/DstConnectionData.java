// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;

/**
 * The destination side of one source cell: a trie of the peers' public prefixes to per-destination-port results,
 * and the default-remote slot (always AllPorts), a strict fallback.
 */
final class DstConnectionData
{
    private final PrefixPortTrie<LookupResult> trie = new PrefixPortTrie<>();
    private PortRangeMap<LookupResult> defaultRemote;

    static DstConnectionData of(final LookupResult result, final Prefix prefix, final PortRange range)
    {
        final DstConnectionData data = new DstConnectionData();
        data.trie.put(prefix, PortRangeMap.of(range, result));
        return data;
    }

    static DstConnectionData forDefaultRemote(final LookupResult result)
    {
        final DstConnectionData data = new DstConnectionData();
        data.defaultRemote = PortRangeMap.of(null, result);
        return data;
    }

    PrefixPortTrie<LookupResult> trie()
    {
        return trie;
    }

    PortRangeMap<LookupResult> defaultRemote()
    {
        return defaultRemote;
    }

    /**
     * The destination insertion rules of docs/spec/flow-filter.md section 2.2 step 5.
     */
    void update(
        final ResultInterner interner,
        final int srcVni,
        final String srcCell,
        final LookupResult result,
        final Prefix prefix,
        final PortRange range)
    {
        final PortRangeMap<LookupResult> existing = trie.get(prefix);
        final String cell = srcCell + " -> " + prefix + (range == null ? "" : ":" + range);
        if (existing == null)
        {
            trie.put(prefix, PortRangeMap.of(range, result));
            return;
        }
        if (!existing.isAllPorts())
        {
            if (range == null)
            {
                throw new TableConflictException(TableConflictException.Kind.DESTINATION_RANGES_WITHOUT_RANGE, srcVni,
                    cell + ": destination stored with port ranges " + existing.ranges().keySet() +
                    " cannot take a contribution for all ports (" + result + ")");
            }
            final LookupResult old = existing.ranges().get(range);
            existing.ranges().put(range, old == null ? result : merged(interner, srcVni, cell, old, result,
                TableConflictException.Kind.CONFLICTING_DESTINATION_VALUES));
            return;
        }
        if (range != null && !range.isMax())
        {
            throw new TableConflictException(TableConflictException.Kind.DESTINATION_ALL_PORTS_WITH_RANGE, srcVni,
                cell + ": destination stored for all ports cannot take a contribution for ports " + range +
                " (" + result + ")");
        }
        existing.setAllPortsValue(merged(interner, srcVni, cell, existing.allPortsValue(), result,
            TableConflictException.Kind.CONFLICTING_DESTINATION_VALUES));
    }

    /**
     * The default-remote slot rule: a second value is only allowed if both are MultipleMatches (then unioned).
     */
    void updateDefault(final ResultInterner interner, final int srcVni, final String srcCell, final LookupResult result)
    {
        if (defaultRemote == null)
        {
            defaultRemote = PortRangeMap.of(null, result);
            return;
        }
        defaultRemote.setAllPortsValue(merged(interner, srcVni, srcCell + " -> default",
            defaultRemote.allPortsValue(), result, TableConflictException.Kind.CONFLICTING_DEFAULT_REMOTE));
    }

    private static LookupResult merged(
        final ResultInterner interner,
        final int srcVni,
        final String cell,
        final LookupResult old,
        final LookupResult result,
        final TableConflictException.Kind kind)
    {
        if (!old.isMultiple() || !result.isMultiple())
        {
            throw new TableConflictException(kind, srcVni, cell + ": conflicting values " + old + " and " + result +
                " (only two MultipleMatches may share a cell)");
        }
        return interner.intern(old.union(result));
    }

    /**
     * @param ipv6 the family.
     * @param hi   the destination address (left-aligned).
     * @param lo   its lower 64 bits.
     * @param port the destination port or {@link PortRangeMap#NO_PORT}.
     * @return the result or null.
     */
    LookupResult lookup(final boolean ipv6, final long hi, final long lo, final int port)
    {
        PortRangeMap<LookupResult> value = trie.lookup(ipv6, hi, lo, port);
        if (value == null)
        {
            value = defaultRemote;
        }
        return value == null ? null : value.get(port);
    }
}
