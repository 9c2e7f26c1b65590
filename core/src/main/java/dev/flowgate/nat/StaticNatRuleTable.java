// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.agrona.collections.Int2ObjectHashMap;

import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * A port-aware longest-prefix rule table of static NAT (docs/spec/nat.md section 1.2): entries "original prefix
 * (optionally with a port range) to a position in a {@link StaticNatMapping}". Lookup walks the prefixes containing the
 * address from the longest to the shortest and takes the first entry that covers the port: an entry without a port
 * range (or with the full range) covers every packet; one with a range needs a packet port inside it.
 *
 * <p>Unlike the reference (quirk 9) several entries under the same prefix with different port ranges are all kept.
 * IPv4: one open-addressing map per prefix length (network address to the entries of that exact prefix), probed
 * longest first. IPv6: a list sorted longest first, scanned. Immutable; lookups allocate nothing.
 */
final class StaticNatRuleTable
{
    private final int[] lengths4;
    private final List<Int2ObjectHashMap<Entry[]>> byLength4;
    private final Entry[] entries6;

    /** One original prefix of a mapping. */
    static final class Entry
    {
        final PrefixWithOptionalPorts original;
        final StaticNatMapping mapping;
        final int index;
        final int net4;
        final long netHi;
        final long netLo;
        final int maskLength;
        final int portStart;
        final int portLen;
        final boolean allPorts;

        Entry(final PrefixWithOptionalPorts original, final StaticNatMapping mapping, final int index)
        {
            this.original = original;
            this.mapping = mapping;
            this.index = index;
            this.net4 = original.prefix().isIpv6() ? 0 : original.prefix().address4();
            this.netHi = original.prefix().hi();
            this.netLo = original.prefix().lo();
            this.maskLength = original.prefix().length();
            this.portStart = original.effectivePorts().start();
            this.portLen = original.effectivePorts().size();
            this.allPorts = original.effectivePorts().isMax();
        }

        boolean coversPort(final int port)
        {
            return allPorts || (port >= 0 && port >= portStart && port - portStart < portLen);
        }
    }

    private StaticNatRuleTable(final List<Entry> entries)
    {
        final TreeSet<Integer> lengths = new TreeSet<>(Comparator.reverseOrder());
        final List<Entry> v6 = new ArrayList<>();
        for (final Entry e : entries)
        {
            if (e.original.prefix().isIpv6())
            {
                v6.add(e);
            }
            else
            {
                lengths.add(e.maskLength);
            }
        }
        lengths4 = lengths.stream().mapToInt(Integer::intValue).toArray();
        byLength4 = new ArrayList<>();
        for (final int length : lengths4)
        {
            final Int2ObjectHashMap<Entry[]> map = new Int2ObjectHashMap<>();
            for (final Entry e : entries)
            {
                if (!e.original.prefix().isIpv6() && e.maskLength == length)
                {
                    final Entry[] old = map.get(e.net4);
                    final Entry[] grown = old == null ? new Entry[1] : java.util.Arrays.copyOf(old, old.length + 1);
                    grown[grown.length - 1] = e;
                    map.put(e.net4, grown);
                }
            }
            byLength4.add(map);
        }
        v6.sort(Comparator.comparingInt((final Entry e) -> e.maskLength).reversed());
        entries6 = v6.toArray(new Entry[0]);
    }

    /** Collects entries, then builds the immutable table. */
    static final class Builder
    {
        private final List<Entry> entries = new ArrayList<>();

        Builder add(final List<PrefixWithOptionalPorts> original, final StaticNatMapping mapping)
        {
            for (int i = 0; i < original.size(); i++)
            {
                entries.add(new Entry(original.get(i), mapping, i));
            }
            return this;
        }

        boolean isEmpty()
        {
            return entries.isEmpty();
        }

        StaticNatRuleTable build()
        {
            return new StaticNatRuleTable(entries);
        }
    }

    /**
     * Looks up and maps an IPv4 (address, port).
     *
     * @param address the address.
     * @param port    the port, or -1 when the packet has none.
     * @param out     receives the translation; {@code out.found} is false when no rule applies.
     */
    void lookup4(final int address, final int port, final NatResult out)
    {
        out.clear();
        final int[] lengths = lengths4;
        for (int l = 0; l < lengths.length; l++)
        {
            final int length = lengths[l];
            final int mask = length == 0 ? 0 : -1 << (32 - length);
            final Entry[] candidates = byLength4.get(l).get(address & mask);
            if (candidates != null)
            {
                for (final Entry e : candidates)
                {
                    if (e.coversPort(port))
                    {
                        if (port < 0 && !e.mapping.isNatType())
                        {
                            return; // a port-translating mapping cannot map a packet without ports
                        }
                        e.mapping.map4(e.index, e.net4, e.portStart, e.portLen, address, port, out);
                        return;
                    }
                }
            }
        }
    }

    /**
     * Looks up and maps an IPv6 address (static NAT66 never changes ports).
     */
    void lookup6(final long hi, final long lo, final NatResult out)
    {
        out.clear();
        for (final Entry e : entries6)
        {
            if (e.original.prefix().contains6(hi, lo))
            {
                e.mapping.map6(e.index, e.netHi, e.netLo, hi, lo, out);
                return;
            }
        }
    }
}
