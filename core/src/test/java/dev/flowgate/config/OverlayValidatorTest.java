// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class OverlayValidatorTest
{
    private static Overlay.Builder vpcs()
    {
        return Overlay.builder().vpc("vpc1", "VPC01", 100).vpc("vpc2", "VPC02", 200).vpc("vpc3", "VPC03", 300);
    }

    /** One peering vpc1 (left) to vpc2 (right). */
    private static Overlay peering(final Manifest left, final Manifest right)
    {
        return vpcs().peering("p", left, right).build();
    }

    private static Overlay left(final Expose... exposes)
    {
        return peering(Manifest.of("vpc1", exposes), Manifest.of("vpc2", Expose.of("20.0.0.0/24")));
    }

    private static void assertValid(final Overlay overlay)
    {
        assertEquals(List.of(), OverlayValidator.validate(overlay));
    }

    private static ConfigError only(final ConfigErrorKind kind, final Overlay overlay)
    {
        final List<ConfigError> errors = OverlayValidator.validate(overlay);
        assertEquals(List.of(kind), errors.stream().map(ConfigError::kind).toList(), errors.toString());
        return errors.get(0);
    }

    private static Expose masq(final String ips, final String as)
    {
        return Expose.builder().ips(ips).masquerade(as).build();
    }

    private static Expose pf(final L4Protocol proto, final String ips, final String as)
    {
        return Expose.builder().ips(ips).portForward(proto, as).build();
    }

    private static Expose stat(final String ips, final String as)
    {
        return Expose.builder().ips(ips).staticNat(as).build();
    }

    @Test
    void shouldAcceptASimplePeeringAndTheDefaultTopology() throws Exception
    {
        assertValid(left(Expose.of("10.0.0.0/24")));
        try (InputStream in = getClass().getResourceAsStream("default-topology.yaml"))
        {
            assertNotNull(in);
            final Overlay overlay = OverlayLoader.load("default-topology.yaml",
                new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertValid(overlay);
            OverlayValidator.check(overlay);
        }
    }

    @Test
    void shouldRejectTheScenarioFormatExampleOnlyForNatOnBothSides() throws ConfigLoadException
    {
        // The example of docs/spec/scenario-format.md section 2 masquerades and port-forwards on the left, static NAT
        // on the right.
        final ConfigError error = only(ConfigErrorKind.NAT_ON_BOTH_SIDES,
            OverlayLoader.load("example.yaml", OverlayLoaderTest.EXAMPLE));
        assertEquals("peering web-to-db: NAT on both sides is only supported as static facing static (left expose[0]"
            + " masquerade, expose[1] port-forward; right expose[0] static)", error.message());
        assertEquals("peerings[0]", error.path());
    }

    @Test
    void shouldReportUnknownVpcs()
    {
        final ConfigError error = only(ConfigErrorKind.UNKNOWN_VPC,
            peering(Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("ghost", Expose.of("20.0.0.0/24"))));
        assertEquals("peering p, right manifest: unknown VPC ghost", error.message());
        assertEquals("peerings[0].right.vpc", error.path());
    }

    @Test
    void shouldRejectPeeringTheSameVpcsTwice()
    {
        final Manifest a = Manifest.of("vpc1", Expose.of("10.0.0.0/24"));
        final Manifest b = Manifest.of("vpc2", Expose.of("20.0.0.0/24"));
        final ConfigError error = only(ConfigErrorKind.DUPLICATE_PEERING, vpcs().peering("p1", a, b)
            .peering("p2", Manifest.of("vpc2", Expose.of("20.1.0.0/24")), Manifest.of("vpc1", Expose.of("10.1.0.0/24")))
            .build());
        assertEquals("peering p2: VPCs vpc2 and vpc1 are already peered by peering p1", error.message());
        assertValid(vpcs().peering("p1", a, b).peering("p2", Manifest.of("vpc3", Expose.of("30.0.0.0/24")),
            Manifest.of("vpc1", Expose.of("10.1.0.0/24"))).build());
    }

    @Test
    void shouldRequireAManifestNameAndAnExpose()
    {
        assertEquals(List.of(ConfigErrorKind.MANIFEST_WITHOUT_NAME), OverlayValidator.validate(peering(
            Manifest.of("", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.of("20.0.0.0/24"))))
            .stream().map(ConfigError::kind).toList());
        final ConfigError error = only(ConfigErrorKind.MANIFEST_WITHOUT_EXPOSE,
            peering(Manifest.of("vpc1"), Manifest.of("vpc2", Expose.of("20.0.0.0/24"))));
        assertEquals("peering p, left manifest (VPC vpc1) has no expose", error.message());
    }

    @Test
    void shouldAllowAtMostOneDefaultExposePerManifest()
    {
        final ConfigError error = only(ConfigErrorKind.MULTIPLE_DEFAULT_EXPOSES,
            left(Expose.DEFAULT, Expose.of("10.0.0.0/24"), Expose.DEFAULT));
        assertEquals("peering p, left expose[2]: a second default expose (the first is expose[0])", error.message());
        assertEquals("peerings[0].left.expose[2]", error.path());
        assertValid(left(Expose.of("10.0.0.0/24"), Expose.DEFAULT));
    }

    @Test
    void shouldRejectADefaultExposeWithContent()
    {
        final Expose bad = new Expose(true, List.of(PrefixWithOptionalPorts.parse("10.0.0.0/24")), List.of(), null);
        final ConfigError error = only(ConfigErrorKind.DEFAULT_EXPOSE_WITH_CONTENT, left(bad));
        assertEquals("peering p, left expose[0]: a default expose cannot have ips, exclusions or NAT",
            error.message());
        final Expose withNat = new Expose(true, List.of(), List.of(), masq("10.0.0.0/24", "1.1.1.0/30").nat());
        only(ConfigErrorKind.DEFAULT_EXPOSE_WITH_CONTENT, left(withNat));
    }

    @Test
    void shouldRequireIpsAndAnAsRangeWithNat()
    {
        only(ConfigErrorKind.EMPTY_IPS, left(Expose.of()));
        final ConfigError error = only(ConfigErrorKind.NAT_WITHOUT_AS_RANGE,
            left(Expose.builder().ips("10.0.0.0/24").masquerade().build()));
        assertEquals("peering p, left expose[0]: NAT needs at least one public prefix in as", error.message());
        assertEquals("peerings[0].left.expose[0].nat", error.path());
    }

    @Test
    void shouldKeepTheFourListsOfAnExposeInOneFamily()
    {
        final ConfigError error = only(ConfigErrorKind.MIXED_IP_FAMILIES,
            left(Expose.builder().ips("10.0.0.0/24").masquerade("2001:db8::/126").build()));
        assertEquals("peering p, left expose[0]: ips, not, as and not_as mix IPv4 (1 entries) and IPv6 (1 entries)",
            error.message());
        assertValid(left(Expose.builder().ips("2001:db8::/64").not("2001:db8::/80").masquerade("2001:db9::/126")
            .build()));
    }

    @Test
    void shouldRejectOverlappingEntriesOfOneListPortAware()
    {
        final ConfigError error = only(ConfigErrorKind.OVERLAPPING_LIST_ENTRIES,
            left(Expose.of("10.0.0.0/24", "10.0.0.128/25")));
        assertEquals("peering p, left expose[0]: ips[0] 10.0.0.0/24 and ips[1] 10.0.0.128/25 overlap",
            error.message());
        assertEquals("peerings[0].left.expose[0].ips[1]", error.path());
        assertValid(left(Expose.of("10.0.0.0/24:1-100", "10.0.0.0/24:101-200")));
        only(ConfigErrorKind.OVERLAPPING_LIST_ENTRIES, left(Expose.of("10.0.0.0/24:1-100", "10.0.0.0/25:100-200")));
    }

    @Test
    void shouldRejectExclusionsThatLeaveNothing()
    {
        final ConfigError error = only(ConfigErrorKind.EXCLUSIONS_COVER_ALL,
            left(Expose.builder().ips("10.0.0.0/25").not("10.0.0.0/26", "10.0.0.64/26").build()));
        assertEquals("peering p, left expose[0]: the exclusions (8388608 (address, port) points) leave nothing of ips"
            + " (8388608)", error.message());
        assertValid(left(Expose.builder().ips("10.0.0.0/25").not("10.0.0.0/26").build()));
        // Sizes count ports: a /25 on ports 1-2 minus a /26 on all ports is still "nothing left" by size.
        only(ConfigErrorKind.EXCLUSIONS_COVER_ALL,
            left(Expose.builder().ips("10.0.0.0/25:1-2").not("10.0.0.0/26").build()));
        only(ConfigErrorKind.EXCLUSIONS_COVER_ALL, left(Expose.builder().ips("10.0.0.0/24").masquerade("1.1.1.0/30")
            .notAs("1.1.1.0/31", "1.1.1.2/31").build()));
    }

    @Test
    void shouldRequireEqualSizesForStaticNat()
    {
        final ConfigError error = only(ConfigErrorKind.STATIC_NAT_SIZE_MISMATCH,
            left(stat("10.0.0.0/24", "1.1.1.0/25")));
        assertEquals("peering p, left expose[0]: static NAT maps 16777216 private (address, port) points to 8388608"
            + " public ones", error.message());
        assertValid(left(Expose.builder().ips("10.0.0.0/24").not("10.0.0.128/25").staticNat("1.1.1.0/25").build()));
        assertValid(left(Expose.builder().ips("10.0.0.0/24").staticNat("1.1.1.0/25", "1.1.2.0/25").build()));
    }

    @Test
    void shouldEnforceThePortForwardShape()
    {
        assertValid(left(pf(L4Protocol.TCP, "10.0.0.1/32:80-80", "1.1.1.1/32:8080-8080")));
        final List<ConfigError> errors = OverlayValidator.validate(left(Expose.builder()
            .ips("10.0.0.0/31:80-80", "10.0.1.0/32:80-80").not("10.0.0.0/32:80-80")
            .portForward(L4Protocol.TCP, "1.1.1.1/32:8080-8081").build()));
        assertEquals(List.of(
            "PORT_FORWARD_SHAPE: peering p, left expose[0]: port forwarding needs exactly one prefix in ips (has 2)"
                + " and one in as (has 1)",
            "PORT_FORWARD_SHAPE: peering p, left expose[0]: port forwarding does not support exclusions",
            "PORT_FORWARD_SHAPE: peering p, left expose[0]: port forwarding needs equal sizes: ips has 3 (address,"
                + " port) points, as has 2"),
            errors.stream().map(ConfigError::toString).toList());
        only(ConfigErrorKind.PORT_FORWARD_SHAPE, left(pf(L4Protocol.ANY, "10.0.0.0/31:80-80", "1.1.1.1/32:80-80")));
        // Validation itself does not require ports on port-forwarding prefixes.
        assertValid(left(pf(L4Protocol.UDP, "10.0.0.1/32", "1.1.1.1/32")));
    }

    @Test
    void shouldRejectPortsOnMasquerade()
    {
        final ConfigError error = only(ConfigErrorKind.STATEFUL_WITH_PORTS,
            left(masq("10.0.0.0/24:1-1000", "1.1.1.0/30")));
        assertEquals("peering p, left expose[0]: masquerade does not support port ranges in ips or as",
            error.message());
        only(ConfigErrorKind.STATEFUL_WITH_PORTS, left(masq("10.0.0.0/24", "1.1.1.0/30:1-1000")));
        assertValid(left(masq("10.0.0.0/24", "1.1.1.0/30")));
    }

    @Test
    void shouldAllowOverlapWithinAManifestOnlyForMasqueradeWithPortForwardOrDisjointProtocols()
    {
        final Expose masq = masq("10.0.0.0/24", "1.1.1.0/30");
        final Expose pfTcp = pf(L4Protocol.TCP, "10.0.0.1/32:80-80", "1.1.1.1/32:8080-8080");
        final Expose pfUdp = pf(L4Protocol.UDP, "10.0.0.1/32:80-80", "1.1.1.1/32:8080-8080");
        final Expose pfAny = pf(L4Protocol.ANY, "10.0.0.1/32:80-80", "1.1.1.1/32:8080-8080");
        assertValid(left(masq, pfTcp));
        assertValid(left(pfTcp, masq));
        assertValid(left(pfTcp, pfUdp, masq));
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, left(pfTcp, pfAny));
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, left(pfTcp, pfTcp));
        final ConfigError error = only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST,
            left(masq, masq("10.0.0.128/25", "1.1.2.0/30")));
        assertEquals("peering p, left expose[0] (masquerade) and expose[1] (masquerade) overlap on private"
            + " 10.0.0.0/24 and 10.0.0.128/25; only masquerade with port-forward, or port-forwards with disjoint"
            + " protocols, may overlap", error.message());
        assertEquals("peerings[0].left.expose[1]", error.path());
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, left(Expose.of("10.0.0.0/24"), Expose.of("10.0.0.0/25")));
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, left(Expose.of("10.0.0.0/24"), masq("11.0.0.0/24",
            "10.0.0.0/30")));
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, left(Expose.of("10.0.0.1/32:80-80"), pfTcp));
        // Port-aware: port-forwards on one address with disjoint ports do not overlap.
        assertValid(left(pfTcp, pf(L4Protocol.TCP, "10.0.0.1/32:81-81", "1.1.1.1/32:8081-8081")));
    }

    @Test
    void shouldExcuseAnOverlapOnlyByTheEarlierExposesExclusions()
    {
        final Expose outer = Expose.builder().ips("10.0.0.0/24").not("10.0.0.0/26", "10.0.0.64/26").build();
        final Expose inner = Expose.of("10.0.0.0/25");
        assertValid(left(outer, inner));
        final Expose innerWithHole = Expose.builder().ips("10.0.0.0/24").not("10.0.0.0/25").build();
        // The later expose's exclusions never excuse the collision.
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST, left(Expose.of("10.0.0.0/25"), innerWithHole));
        // Partial cover is not enough.
        only(ConfigErrorKind.OVERLAP_WITHIN_MANIFEST,
            left(Expose.builder().ips("10.0.0.0/24").not("10.0.0.0/26").build(), inner));
    }

    @Test
    void shouldReproduceTheSetupSelfCompareManifestWhichOnlyStaticNatMakesInvalid()
    {
        final Expose pfTcp = pf(L4Protocol.TCP, "1.0.0.1/32:8080-8080", "10.0.0.1/32:80-80");
        final Expose pfUdp = pf(L4Protocol.UDP, "1.0.0.1/32:9999-9999", "10.0.0.1/32:80-80");
        final Expose masq = masq("1.0.0.0/24", "10.0.0.0/24");
        final Expose stat = stat("1.0.0.0/24", "10.0.0.0/24");
        assertValid(left(pfTcp, pfUdp, masq));
        final List<ConfigError> errors = OverlayValidator.validate(left(pfTcp, pfUdp, masq, stat));
        assertEquals(List.of("peerings[0].left.expose[3]", "peerings[0].left.expose[3]",
            "peerings[0].left.expose[3]"), errors.stream().map(ConfigError::path).toList());
        assertTrue(errors.stream().allMatch(e -> e.kind() == ConfigErrorKind.OVERLAP_WITHIN_MANIFEST));
    }

    @Test
    void shouldRejectADefaultFacingADefault()
    {
        final ConfigError error = only(ConfigErrorKind.DEFAULT_FACING_DEFAULT,
            peering(Manifest.of("vpc1", Expose.DEFAULT), Manifest.of("vpc2", Expose.DEFAULT)));
        assertEquals("peering p: a default expose faces a default expose", error.message());
    }

    @Test
    void shouldAllowNatOnBothSidesOnlyAsStaticFacingStatic()
    {
        assertValid(peering(Manifest.of("vpc1", stat("10.0.0.0/24", "1.1.1.0/24")),
            Manifest.of("vpc2", stat("20.0.0.0/24", "2.2.2.0/24"), Expose.of("20.1.0.0/24"))));
        only(ConfigErrorKind.NAT_ON_BOTH_SIDES, peering(Manifest.of("vpc1", masq("10.0.0.0/24", "1.1.1.0/30")),
            Manifest.of("vpc2", stat("20.0.0.0/24", "2.2.2.0/24"))));
        only(ConfigErrorKind.NAT_ON_BOTH_SIDES, peering(Manifest.of("vpc1", masq("10.0.0.0/24", "1.1.1.0/30")),
            Manifest.of("vpc2", pf(L4Protocol.TCP, "20.0.0.1/32:80-80", "2.2.2.2/32:80-80"))));
        assertValid(peering(Manifest.of("vpc1", masq("10.0.0.0/24", "1.1.1.0/30")),
            Manifest.of("vpc2", Expose.of("20.0.0.0/24"))));
    }

    @Test
    void shouldAllowRemoteOverlapAcrossPeeringsOnlyForTwoMasquerades()
    {
        // vpc1 sees 1.1.1.0/30 from vpc2 and from vpc3.
        final Overlay bothMasq = vpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2",
                masq("20.0.0.0/24", "1.1.1.0/30")))
            .peering("b", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc3",
                masq("30.0.0.0/24", "1.1.1.0/30")))
            .build();
        assertValid(bothMasq);
        final Overlay oneStatic = vpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2",
                masq("20.0.0.0/24", "1.1.1.0/30")))
            .peering("b", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc3",
                stat("30.0.0.0/30", "1.1.1.0/30")))
            .build();
        final ConfigError error = only(ConfigErrorKind.REMOTE_OVERLAP_ACROSS_PEERINGS, oneStatic);
        assertEquals("VPC vpc1 is exposed overlapping public 1.1.1.0/30 and 1.1.1.0/30 by peering a, right expose[0]"
            + " (masquerade) and peering b, right expose[0] (static); only two masquerade exposes may overlap across"
            + " peerings", error.message());
        assertEquals("peerings[1].right.expose[0]", error.path());
        // Port-aware, and private prefixes are not compared across peerings (10.0.0.0/24 twice above).
        assertValid(vpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")),
                Manifest.of("vpc2", Expose.of("9.0.0.1/32:1-9")))
            .peering("b", Manifest.of("vpc1", Expose.of("10.0.0.0/24")),
                Manifest.of("vpc3", Expose.of("9.0.0.1/32:10-20")))
            .build());
        // Exclusions are ignored across peerings.
        only(ConfigErrorKind.REMOTE_OVERLAP_ACROSS_PEERINGS, vpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2",
                Expose.builder().ips("9.0.0.0/24").not("9.0.0.0/25").build()))
            .peering("b", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc3", Expose.of("9.0.0.0/25")))
            .build());
    }

    @Test
    void shouldAllowOneDefaultDestinationPerVpc()
    {
        final Overlay two = vpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.DEFAULT))
            .peering("b", Manifest.of("vpc1", Expose.of("10.1.0.0/24")), Manifest.of("vpc3", Expose.DEFAULT))
            .build();
        final ConfigError error = only(ConfigErrorKind.MULTIPLE_DEFAULT_DESTINATIONS, two);
        assertEquals("VPC vpc1 sees more than one default destination: peering a, right expose[0] and peering b,"
            + " right expose[0]", error.message());
        // A default overlapping a specific remote prefix is fine.
        assertValid(vpcs()
            .peering("a", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.DEFAULT))
            .peering("b", Manifest.of("vpc1", Expose.of("10.1.0.0/24")), Manifest.of("vpc3", Expose.of("9.0.0.0/8")))
            .build());
    }

    @Test
    void shouldReportEverythingAtOnceAndLocateErrorsInTheDocument() throws ConfigLoadException
    {
        final String yaml = String.join("\n",
            "vpcs: [{name: a, id: AAAAA, vni: 1}, {name: b, id: BBBBB, vni: 2}]",
            "peerings:",
            "  - name: p",
            "    left:",
            "      vpc: a",
            "      expose:",
            "        - default: true",
            "    right:",
            "      vpc: b",
            "      expose:",
            "        - ips: [10.0.0.0/24, 10.0.0.0/25]",
            "        - default: true",
            "");
        final Overlay overlay = OverlayLoader.load("f.yaml", yaml);
        final ConfigValidationException ex = assertThrows(ConfigValidationException.class,
            () -> OverlayValidator.check(overlay));
        assertEquals(2, ex.errors().size());
        final DocNode root = YamlDocument.parse("f.yaml", yaml);
        assertEquals(List.of(
            "f.yaml:11:30: peerings[0].right.expose[0].ips[1]: peering p, right expose[0]: ips[0] 10.0.0.0/24 and"
                + " ips[1] 10.0.0.0/25 overlap",
            "f.yaml:3:5: peerings[0]: peering p: a default expose faces a default expose"),
            ex.errors().stream().map(e -> e.locate(root, "f.yaml").toString()).toList());
        assertFalse(ex.getMessage().isEmpty());
    }

    @Test
    void shouldComputeCoverByAUnionOfExclusions()
    {
        final PrefixWithOptionalPorts v = PrefixWithOptionalPorts.parse("10.0.0.0/24:10-20");
        assertTrue(OverlayValidator.coveredByUnion(v, List.of(PrefixWithOptionalPorts.parse("10.0.0.0/25"),
            PrefixWithOptionalPorts.parse("10.0.0.128/25:0-15"), PrefixWithOptionalPorts.parse("10.0.0.0/24:16-30"))));
        assertFalse(OverlayValidator.coveredByUnion(v, List.of(PrefixWithOptionalPorts.parse("10.0.0.0/25"),
            PrefixWithOptionalPorts.parse("10.0.0.128/25:0-15"))));
        assertFalse(OverlayValidator.coveredByUnion(v, List.of()));
    }
}
