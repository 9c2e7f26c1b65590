// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.Prefix;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference's IpPortPrefixTrie, written plainly: prefixes of both families mapped to port-range maps; the
 * lookup enumerates the covering prefixes longest first and returns the first whose value qualifies for the port.
 *
 * @param <T> the value type of the port-range maps.
 */
final class PrefixPortTrie<T>
{
    private final Map<Prefix, PortRangeMap<T>> entries = new HashMap<>();

    PortRangeMap<T> get(final Prefix prefix)
    {
        return entries.get(prefix);
    }

    void put(final Prefix prefix, final PortRangeMap<T> value)
    {
        entries.put(prefix, value);
    }

    boolean isEmpty()
    {
        return entries.isEmpty();
    }

    /**
     * @return the entries in prefix order (a copy, for printing and compiling).
     */
    TreeMap<Prefix, PortRangeMap<T>> sorted()
    {
        return new TreeMap<>(entries);
    }

    /**
     * @param ipv6 the address family.
     * @param hi   the address, left-aligned as in {@link Prefix#hi()} (an IPv4 address in the upper 32 bits).
     * @param lo   the lower 64 bits (0 for IPv4).
     * @param port the port or {@link PortRangeMap#NO_PORT}.
     * @return the value of the longest covering prefix that qualifies, or null.
     */
    PortRangeMap<T> lookup(final boolean ipv6, final long hi, final long lo, final int port)
    {
        final int maxLength = ipv6 ? Prefix.IPV6_BITS : Prefix.IPV4_BITS;
        for (int length = maxLength; length >= 0; length--)
        {
            final Prefix covering = ipv6 ? Prefix.containing6(hi, lo, length) :
                Prefix.containing4((int) (hi >>> Prefix.IPV4_BITS), length);
            final PortRangeMap<T> value = entries.get(covering);
            if (value != null && value.qualifies(port))
            {
                return value;
            }
        }
        return null;
    }
}
