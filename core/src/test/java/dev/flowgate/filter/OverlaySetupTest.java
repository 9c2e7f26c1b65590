// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static dev.flowgate.filter.FlowFilterTablesTest.interned;
import static dev.flowgate.filter.FlowFilterTablesTest.noPorts;
import static dev.flowgate.filter.FlowFilterTablesTest.ports;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.NatRequirement;
import dev.flowgate.config.Overlay;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The setup-level unit tests of the reference's setup.rs (docs/spec/flow-filter.md Appendix A) and the insertion rules.
 */
class OverlaySetupTest
{
    private static final RemoteData RD100 = RemoteData.of(100, null, null);
    private static final RemoteData RD200 = RemoteData.of(200, null, null);

    static PrefixWithOptionalPorts pp(final String text)
    {
        return PrefixWithOptionalPorts.parse(text);
    }

    static List<OverlaySetup.CExpose> manifest(final Expose... exposes)
    {
        return OverlaySetup.collapse(Manifest.of("vpc", exposes), true);
    }

    static Set<PrefixWithOptionalPorts> set(final String... texts)
    {
        final Set<PrefixWithOptionalPorts> result = new TreeSet<>();
        for (final String text : texts)
        {
            result.add(pp(text));
        }
        return result;
    }

    static Set<PrefixWithOptionalPorts> fragments(final List<OverlaySetup.Fragment> records)
    {
        final Set<PrefixWithOptionalPorts> result = new TreeSet<>();
        for (final OverlaySetup.Fragment record : records)
        {
            result.add(record.prefix());
        }
        return result;
    }

    static TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> keys(final Object... keyThenSet)
    {
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> map = new TreeMap<>();
        for (int i = 0; i < keyThenSet.length; i += 2)
        {
            @SuppressWarnings("unchecked")
            final Set<RemoteData> members = (Set<RemoteData>) keyThenSet[i + 1];
            map.put(pp((String) keyThenSet[i]), members);
        }
        return map;
    }

    @Test
    void shouldSplitPrefixAroundOverlap()
    {
        final List<OverlaySetup.Fragment> records = OverlaySetup.split(manifest(Expose.of("10.0.0.0/16")), 100,
            OverlaySetup.CExpose::ips, keys("10.0.1.0/24", Set.of(RD100, RD200)));
        assertEquals(set("10.0.128.0/17", "10.0.64.0/18", "10.0.32.0/19", "10.0.16.0/20", "10.0.8.0/21",
            "10.0.4.0/22", "10.0.2.0/23", "10.0.1.0/24", "10.0.0.0/24"), fragments(records));
    }

    @Test
    void shouldSplitPortedPrefixAroundPortedOverlap()
    {
        final List<OverlaySetup.Fragment> records = OverlaySetup.split(manifest(Expose.of("192.168.0.0/16:80-443")),
            100, OverlaySetup.CExpose::ips, keys("192.168.1.0/24:100-200", Set.of(RD100, RD200)));
        assertEquals(set("192.168.0.0/16:80-99", "192.168.0.0/16:201-443", "192.168.128.0/17:100-200",
            "192.168.64.0/18:100-200", "192.168.32.0/19:100-200", "192.168.16.0/20:100-200",
            "192.168.8.0/21:100-200", "192.168.4.0/22:100-200", "192.168.2.0/23:100-200",
            "192.168.1.0/24:100-200", "192.168.0.0/24:100-200"), fragments(records));
    }

    @Test
    void shouldFindNoOverlapBetweenDisjointPrefixes()
    {
        assertTrue(OverlaySetup.overlap(manifest(Expose.of("10.0.0.0/24")), 100, manifest(Expose.of("20.0.0.0/24")),
            200, OverlaySetup.CExpose::ips, false).isEmpty());
    }

    @Test
    void shouldRecordOverlapOfNestedPrefixes()
    {
        assertEquals(keys("10.0.0.0/25", Set.of(RD100, RD200)), OverlaySetup.overlap(
            manifest(Expose.of("10.0.0.0/24")), 100, manifest(Expose.of("10.0.0.0/25")), 200,
            OverlaySetup.CExpose::ips, false));
        assertEquals(keys("10.0.0.0/25:100-200", Set.of(RD100, RD200)), OverlaySetup.overlap(
            manifest(Expose.of("10.0.0.0/24")), 100, manifest(Expose.of("10.0.0.0/25:100-200")), 200,
            OverlaySetup.CExpose::ips, false));
    }

    @Test
    void shouldRecordOverlapOfSeveralPrefixes()
    {
        final List<OverlaySetup.CExpose> left = manifest(Expose.of("10.0.0.0/24", "20.0.0.128/25"));
        final List<OverlaySetup.CExpose> right = manifest(
            Expose.builder().ips("10.0.0.0/25").masquerade().build(), Expose.of("20.0.0.0/24"));
        assertEquals(keys(
            "10.0.0.0/25", Set.of(RD100, RemoteData.of(200, null, NatRequirement.STATEFUL)),
            "20.0.0.128/25", Set.of(RD100, RD200)),
            OverlaySetup.overlap(left, 100, right, 200, OverlaySetup.CExpose::ips, false));
    }

    @Test
    void shouldRecordOverlapWithinOneManifestOnPublicIps()
    {
        final List<OverlaySetup.CExpose> exposes = manifest(
            Expose.builder().ips("1.0.0.1/32:8080-8080").portForward(L4Protocol.TCP, "10.0.0.1/32:80-80").build(),
            Expose.builder().ips("1.0.0.1/32:9999-9999").portForward(L4Protocol.UDP, "10.0.0.1/32:80-80").build(),
            Expose.builder().ips("1.0.0.0/24").masquerade("10.0.0.0/24").build(),
            Expose.builder().ips("1.0.0.0/24").staticNat("10.0.0.0/24").build());
        assertEquals(keys(
            "10.0.0.0/24", Set.of(RemoteData.of(100, null, NatRequirement.STATEFUL),
                RemoteData.of(100, null, NatRequirement.STATELESS)),
            "10.0.0.1/32:80-80", Set.of(RemoteData.of(100, null, NatRequirement.STATEFUL),
                RemoteData.of(100, null, NatRequirement.STATELESS),
                RemoteData.of(100, null, NatRequirement.PORT_FORWARDING_TCP),
                RemoteData.of(100, null, NatRequirement.PORT_FORWARDING_UDP))),
            OverlaySetup.overlap(exposes, 100, exposes, 100, OverlaySetup.CExpose::publicIps, true));
    }

    @Test
    void shouldNotCompareAnExposeWithItselfOrAnEqualOne()
    {
        final List<OverlaySetup.CExpose> exposes = manifest(Expose.of("10.0.0.0/24"), Expose.of("10.0.0.0/24"));
        assertTrue(OverlaySetup.overlap(exposes, 100, exposes, 100, OverlaySetup.CExpose::ips, true).isEmpty());
        assertEquals(1, OverlaySetup.overlap(exposes, 100, exposes, 100, OverlaySetup.CExpose::ips, false).size());
    }

    @Test
    void shouldConsolidateOnlySiblingsWithEqualSets()
    {
        final Set<RemoteData> a = Set.of(RD100, RD200);
        assertEquals(keys("10.0.0.0/25", a, "20.0.0.0/25", a),
            OverlaySetup.consolidate(keys("10.0.0.0/25", a, "20.0.0.0/25", a)));
        assertEquals(keys("10.0.0.0/24", a), OverlaySetup.consolidate(keys("10.0.0.0/25", a, "10.0.0.128/25", a)));
        final Set<RemoteData> otherVpc = Set.of(RD100, RemoteData.of(300, null, null));
        assertEquals(2, OverlaySetup.consolidate(keys("10.0.0.0/25", a, "10.0.0.128/25", otherVpc)).size());
        final Set<RemoteData> otherNat = Set.of(RD100, RemoteData.of(200, null, NatRequirement.STATEFUL));
        assertEquals(2, OverlaySetup.consolidate(keys("10.0.0.0/25", a, "10.0.0.128/25", otherNat)).size());
    }

    @Test
    void shouldSplitPrefixesIntoSingleAndMultipleRecords()
    {
        final LookupResult single100 = LookupResult.single(RD100);
        List<OverlaySetup.Fragment> records = OverlaySetup.split(manifest(Expose.of("10.0.0.0/24")), 100,
            OverlaySetup.CExpose::ips, new TreeMap<>());
        assertEquals(List.of(new OverlaySetup.Fragment(pp("10.0.0.0/24"), single100, null)), records);

        records = OverlaySetup.split(manifest(Expose.of("10.0.0.0/24")), 100, OverlaySetup.CExpose::ips,
            keys("10.0.0.0/25", Set.of()));
        assertEquals(Map.of(pp("10.0.0.0/25"), LookupResult.multiple(), pp("10.0.0.128/25"), single100),
            asMap(records));

        final RemoteData a = RemoteData.of(100, null, null);
        final RemoteData b = RemoteData.of(200, null, null);
        final RemoteData c = RemoteData.of(300, null, null);
        records = OverlaySetup.split(manifest(Expose.of("10.0.0.0/24")), 100, OverlaySetup.CExpose::ips,
            keys("10.0.0.0/25", Set.of(a, b), "10.0.0.128/25", Set.of(a, c)));
        assertEquals(Map.of(pp("10.0.0.0/25"), LookupResult.multiple(a, b),
            pp("10.0.0.128/25"), LookupResult.multiple(a, c)), asMap(records));
    }

    private static Map<PrefixWithOptionalPorts, LookupResult> asMap(final List<OverlaySetup.Fragment> records)
    {
        final Map<PrefixWithOptionalPorts, LookupResult> map = new TreeMap<>();
        for (final OverlaySetup.Fragment record : records)
        {
            assertEquals(null, map.put(record.prefix(), record.result()), "one record per fragment");
        }
        return map;
    }

    static Overlay.Builder threeVpcs()
    {
        return Overlay.builder().vpc("vpc1", "VPC01", 100).vpc("vpc2", "VPC02", 200).vpc("vpc3", "VPC03", 300);
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldAddOnePeering(final LookupKind kind)
    {
        final FlowFilterTables tables = FlowFilterTables.build(threeVpcs()
            .peering("vpc1-to-vpc2", Manifest.of("vpc1", Expose.of("10.0.0.0/24")),
                Manifest.of("vpc2", Expose.of("20.0.0.0/24")))
            .build());
        final FlowFilterLookup table = tables.lookup(kind);
        final LookupResult expected = interned(tables, LookupResult.single(RD200));
        assertSame(expected, noPorts(table, 100, "10.0.0.5", "20.0.0.5"));
        assertSame(expected, ports(table, 100, "10.0.0.5", "20.0.0.5", 1, 2));
        assertSame(interned(tables, LookupResult.single(RD100)), noPorts(table, 200, "20.0.0.5", "10.0.0.5"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldAddFirstOfTwoPeeringsSharingLocalPrefix(final LookupKind kind)
    {
        final Overlay overlay = threeVpcs()
            .peering("vpc1-to-vpc2", Manifest.of("vpc1", Expose.of("10.0.0.0/24")),
                Manifest.of("vpc2", Expose.of("20.0.0.0/24")))
            .peering("vpc1-to-vpc3", Manifest.of("vpc1", Expose.of("10.0.0.0/24")),
                Manifest.of("vpc3", Expose.of("20.0.0.0/25")))
            .build();
        final FlowFilterTableBuilder builder = new FlowFilterTableBuilder();
        for (final boolean hasPorts : new boolean[] {true, false})
        {
            final List<OverlaySetup.CPeering> all = OverlaySetup.collapse(overlay.peeringsOf("vpc1"), hasPorts);
            OverlaySetup.addPeering(builder, hasPorts, 100, all, all.get(0));
        }
        final FlowFilterTables tables = builder.build();
        final FlowFilterLookup table = tables.lookup(kind);
        final LookupResult both = interned(tables, LookupResult.multiple(RD200, RemoteData.of(300, null, null)));
        final LookupResult only200 = interned(tables, LookupResult.multiple(RD200));
        assertSame(both, noPorts(table, 100, "10.0.0.5", "20.0.0.5"));
        assertSame(only200, noPorts(table, 100, "10.0.0.5", "20.0.0.129"));

        final FlowFilterTables full = FlowFilterTables.build(overlay);
        final FlowFilterLookup fullTable = full.lookup(kind);
        assertEquals(both, noPorts(fullTable, 100, "10.0.0.5", "20.0.0.5"));
        assertEquals(only200, noPorts(fullTable, 100, "10.0.0.5", "20.0.0.129"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldBuildSimpleOverlay(final LookupKind kind)
    {
        final FlowFilterTables tables = FlowFilterTables.build(threeVpcs()
            .peering("p", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.of("20.0.0.0/24")))
            .build());
        assertSame(interned(tables, LookupResult.single(RD200)),
            noPorts(tables.lookup(kind), 100, "10.0.0.5", "20.0.0.5"));
    }

    @ParameterizedTest
    @EnumSource(LookupKind.class)
    void shouldUseDefaultsOnlyAsFallbacks(final LookupKind kind)
    {
        // vpc1 exposes 10.0.0.0/24 to vpc2's default, vpc1's default to vpc3's 30.0.0.0/24.
        final FlowFilterTables tables = FlowFilterTables.build(threeVpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.DEFAULT))
            .peering("b", Manifest.of("vpc1", Expose.DEFAULT), Manifest.of("vpc3", Expose.of("30.0.0.0/24")))
            .build());
        final FlowFilterLookup table = tables.lookup(kind);
        assertSame(interned(tables, LookupResult.single(RD200)), noPorts(table, 100, "10.0.0.1", "8.8.8.8"));
        // Source 10.0.0.1 matches the trie, whose destinations only have the default remote: no backtracking.
        assertSame(interned(tables, LookupResult.single(RD200)), noPorts(table, 100, "10.0.0.1", "30.0.0.1"));
        final LookupResult to300 = interned(tables, LookupResult.single(RemoteData.of(300, null, null)));
        assertSame(to300, noPorts(table, 100, "11.0.0.1", "30.0.0.1"));
        assertSame(null, noPorts(table, 100, "11.0.0.1", "31.0.0.1"));
    }

    @Test
    void shouldRejectConflictingValuesForOneCell()
    {
        final FlowFilterTableBuilder builder = new FlowFilterTableBuilder().insert(100, LookupResult.single(RD200),
            FlowFilterTablesTest.p("10.0.0.0/24"), null, FlowFilterTablesTest.p("20.0.0.0/24"), null);
        final TableConflictException ex = assertThrows(TableConflictException.class, () -> builder.insert(100,
            LookupResult.single(RemoteData.of(300, null, null)), FlowFilterTablesTest.p("10.0.0.0/24"), null,
            FlowFilterTablesTest.p("20.0.0.0/24"), null));
        assertEquals(TableConflictException.Kind.CONFLICTING_DESTINATION_VALUES, ex.kind());
        assertTrue(ex.getMessage().contains("10.0.0.0/24 -> 20.0.0.0/24"), ex.getMessage());
    }

    @Test
    void shouldRejectEveryBrokenInsertionRule()
    {
        final LookupResult mm = LookupResult.multiple(RD200);
        final FlowFilterTableBuilder ranges = new FlowFilterTableBuilder().insert(100, mm,
            FlowFilterTablesTest.p("10.0.0.0/24"), dev.flowgate.lpm.PortRange.of(1, 2),
            FlowFilterTablesTest.p("20.0.0.0/24"), dev.flowgate.lpm.PortRange.MAX);
        assertEquals(TableConflictException.Kind.SOURCE_RANGES_WITHOUT_RANGE,
            assertThrows(TableConflictException.class, () -> ranges.insert(100, mm,
                FlowFilterTablesTest.p("10.0.0.0/24"), null, FlowFilterTablesTest.p("20.0.0.0/24"), null)).kind());
        // The max range was stored as Ranges{0-65535}: a later "all ports" for the same prefix is an error.
        assertEquals(TableConflictException.Kind.DESTINATION_RANGES_WITHOUT_RANGE,
            assertThrows(TableConflictException.class, () -> ranges.insert(100, mm,
                FlowFilterTablesTest.p("10.0.0.0/24"), dev.flowgate.lpm.PortRange.of(1, 2),
                FlowFilterTablesTest.p("20.0.0.0/24"), null)).kind());
        final FlowFilterTableBuilder all = new FlowFilterTableBuilder().insert(100, mm,
            FlowFilterTablesTest.p("10.0.0.0/24"), null, FlowFilterTablesTest.p("20.0.0.0/24"), null);
        assertEquals(TableConflictException.Kind.DESTINATION_ALL_PORTS_WITH_RANGE,
            assertThrows(TableConflictException.class, () -> all.insert(100, mm,
                FlowFilterTablesTest.p("10.0.0.0/24"), null, FlowFilterTablesTest.p("20.0.0.0/24"),
                dev.flowgate.lpm.PortRange.of(5, 6))).kind());
        all.insertDefaultRemote(100, LookupResult.single(RD200), FlowFilterTablesTest.p("10.0.0.0/24"), null);
        assertEquals(TableConflictException.Kind.CONFLICTING_DEFAULT_REMOTE,
            assertThrows(TableConflictException.class, () -> all.insertDefaultRemote(100, mm,
                FlowFilterTablesTest.p("10.0.0.0/24"), null)).kind());
        // Two MultipleMatches for one cell are unioned.
        all.insert(100, LookupResult.multiple(RemoteData.of(300, null, null)), FlowFilterTablesTest.p("10.0.0.0/24"),
            dev.flowgate.lpm.PortRange.of(7, 8), FlowFilterTablesTest.p("20.0.0.0/24"), dev.flowgate.lpm.PortRange.MAX);
        final FlowFilterTables tables = all.build();
        assertEquals(LookupResult.multiple(RD200, RemoteData.of(300, null, null)),
            noPorts(tables.lookup(LookupKind.REFERENCE), 100, "10.0.0.1", "20.0.0.1"));
        assertEquals(new ArrayList<>(List.of(100)), new ArrayList<>(tables.sourceVnis(true)));
    }
}
