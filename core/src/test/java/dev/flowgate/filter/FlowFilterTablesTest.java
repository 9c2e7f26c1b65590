// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.flowgate.config.NatRequirement;
import dev.flowgate.lpm.AddressText;
import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lookup-level unit tests of the reference's tables.rs (docs/spec/flow-filter.md Appendix A), for both lookups.
 */
class FlowFilterTablesTest
{
    static Prefix p(final String text)
    {
        return Prefix.parse(text);
    }

    static int ip(final String text)
    {
        return AddressText.parse4(text);
    }

    static LookupResult single(final int vni, final NatRequirement src, final NatRequirement dst)
    {
        return LookupResult.single(RemoteData.of(vni, src, dst));
    }

    static LookupResult noPorts(final FlowFilterLookup table, final int vni, final String src, final String dst)
    {
        return table.lookup4(vni, ip(src), ip(dst), false, 0, 0);
    }

    static LookupResult ports(
        final FlowFilterLookup table, final int vni, final String src, final String dst, final int sp, final int dp)
    {
        return table.lookup4(vni, ip(src), ip(dst), true, sp, dp);
    }

    /** Looks up an expected result in the built tables: the instance lookups must return. */
    static LookupResult interned(final FlowFilterTables tables, final LookupResult expected)
    {
        for (final LookupResult result : tables.results())
        {
            if (result.equals(expected))
            {
                return result;
            }
        }
        throw new AssertionError("no result " + expected + " in " + tables.results());
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldFindNothingInEmptyTable(final LookupKind kind)
    {
        final FlowFilterLookup table = new FlowFilterTableBuilder().build().lookup(kind);
        assertNull(noPorts(table, 100, "10.0.0.1", "20.0.0.1"));
        assertNull(ports(table, 100, "10.0.0.1", "20.0.0.1", 1, 2));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldInsertAndFindSimpleEntry(final LookupKind kind)
    {
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, single(200, null, null), p("10.0.0.0/24"), null, p("20.0.0.0/24"), null).build();
        final FlowFilterLookup table = tables.lookup(kind);
        final LookupResult expected = interned(tables, single(200, null, null));
        assertSame(expected, noPorts(table, 100, "10.0.0.5", "20.0.0.10"));
        assertNull(noPorts(table, 100, "10.1.0.5", "20.0.0.10"));
        assertNull(noPorts(table, 100, "10.0.0.5", "30.0.0.10"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldMatchPortRanges(final LookupKind kind)
    {
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, single(200, NatRequirement.STATEFUL, null), p("10.0.0.0/24"), PortRange.of(1024, 2048),
                p("20.0.0.0/24"), PortRange.of(80, 80))
            .build();
        final FlowFilterLookup table = tables.lookup(kind);
        final LookupResult expected = interned(tables, single(200, NatRequirement.STATEFUL, null));
        assertSame(expected, ports(table, 100, "10.0.0.5", "20.0.0.10", 1500, 80));
        assertNull(ports(table, 100, "10.0.0.5", "20.0.0.10", 500, 80));
        assertNull(ports(table, 100, "10.0.0.5", "20.0.0.10", 1500, 443));
        assertNull(noPorts(table, 100, "10.0.0.5", "20.0.0.10"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldKeepMultipleDestinationsOfOneSource(final LookupKind kind)
    {
        final LookupResult first = single(200, null, null);
        final LookupResult second = single(300, NatRequirement.STATELESS, NatRequirement.STATELESS);
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, first, p("10.0.0.0/24"), null, p("20.0.0.0/24"), null)
            .insert(100, second, p("10.0.0.0/24"), null, p("30.0.0.0/24"), null)
            .build();
        final FlowFilterLookup table = tables.lookup(kind);
        assertSame(interned(tables, first), noPorts(table, 100, "10.0.0.5", "20.0.0.10"));
        assertSame(interned(tables, second), noPorts(table, 100, "10.0.0.5", "30.0.0.10"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldMatchSourcePrefixInConnectionsTable(final LookupKind kind)
    {
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, single(200, NatRequirement.STATEFUL, null), p("10.0.0.0/24"), null, p("20.0.0.0/24"), null)
            .build();
        final VpcConnectionsTable source = tables.subtable(false).get(100);
        final PortRangeMap<DstConnectionData> stored = source.trie().get(p("10.0.0.0/24"));
        assertNotNull(stored);
        assertSame(stored, source.trie().lookup(false, aligned("10.0.0.5"), 0, PortRangeMap.NO_PORT));
        assertNull(source.trie().lookup(false, aligned("11.0.0.5"), 0, PortRangeMap.NO_PORT));
        final FlowFilterLookup table = tables.lookup(kind);
        assertNotNull(noPorts(table, 100, "10.0.0.5", "20.0.0.1"));
        assertNull(noPorts(table, 100, "11.0.0.5", "20.0.0.1"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldMatchSourcePortRangeInConnectionsTable(final LookupKind kind)
    {
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, single(200, null, null), p("10.0.0.0/24"), PortRange.of(8080, 8090), p("20.0.0.0/24"), null)
            .build();
        final VpcConnectionsTable source = tables.subtable(true).get(100);
        assertNotNull(source.trie().lookup(false, aligned("10.0.0.5"), 0, 8085));
        assertNull(source.trie().lookup(false, aligned("10.0.0.5"), 0, 9000));
        final FlowFilterLookup table = tables.lookup(kind);
        assertNotNull(ports(table, 100, "10.0.0.5", "20.0.0.1", 8085, 1));
        assertNull(ports(table, 100, "10.0.0.5", "20.0.0.1", 9000, 1));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldLookUpIpv6(final LookupKind kind)
    {
        final LookupResult value = single(200, NatRequirement.STATEFUL, null);
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, value, p("2001:db8::/32"), null, p("2001:db9::/32"), null).build();
        final FlowFilterLookup table = tables.lookup(kind);
        final long[] src = AddressText.parse6("2001:db8::1");
        final long[] dst = AddressText.parse6("2001:db9::1");
        assertSame(interned(tables, value), table.lookup6(100, src[0], src[1], dst[0], dst[1], false, 0, 0));
        assertSame(interned(tables, value), table.lookup6(100, src[0], src[1], dst[0], dst[1], true, 5, 6));
        assertNull(table.lookup6(100, dst[0], dst[1], dst[0], dst[1], false, 0, 0));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldPreferLongestSourcePrefixWithoutBacktracking(final LookupKind kind)
    {
        final LookupResult broad = single(200, NatRequirement.STATELESS, NatRequirement.STATELESS);
        final LookupResult specific = single(300, NatRequirement.STATEFUL, null);
        final FlowFilterTables tables = new FlowFilterTableBuilder()
            .insert(100, broad, p("10.0.0.0/16"), null, p("20.0.0.0/16"), null)
            .insert(100, specific, p("10.0.1.0/24"), null, p("20.0.1.0/24"), null)
            .build();
        final FlowFilterLookup table = tables.lookup(kind);
        assertSame(interned(tables, specific), noPorts(table, 100, "10.0.1.5", "20.0.1.10"));
        assertSame(interned(tables, broad), noPorts(table, 100, "10.0.2.5", "20.0.2.10"));
        assertNull(noPorts(table, 100, "10.0.1.5", "20.0.2.10"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldFindNothingForUnknownSourceVpc(final LookupKind kind)
    {
        final FlowFilterLookup table = new FlowFilterTableBuilder()
            .insert(100, single(200, null, null), p("10.0.0.0/24"), null, p("20.0.0.0/24"), null).build()
            .lookup(kind);
        assertNull(noPorts(table, 999, "10.0.0.1", "20.0.0.1"));
    }

    private static long aligned(final String address)
    {
        return (ip(address) & 0xFFFF_FFFFL) << 32;
    }
}
