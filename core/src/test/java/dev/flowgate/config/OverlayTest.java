// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OverlayTest
{
    private static List<PrefixWithOptionalPorts> pwops(final String... texts)
    {
        return java.util.Arrays.stream(texts).map(PrefixWithOptionalPorts::parse).toList();
    }

    @Test
    void shouldRefuseANatIdleTimeoutThatIsNotPositive()
    {
        // docs/spec/nat.md section 2.6: a session always has a timeout, whoever builds the configuration.
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Expose.builder()
            .ips("10.0.0.0/24").masquerade("1.0.0.0/30").idleTimeout(Duration.ZERO).build());
        assertEquals("the NAT idle timeout must be positive and at most 24 h: PT0S", zero.getMessage());
        // docs/spec/flow-table.md section 11.6: the slot's last-seen tick bounds it.
        assertThrows(IllegalArgumentException.class, () -> Expose.builder().ips("10.0.0.0/24")
            .masquerade("1.0.0.0/30").idleTimeout(Duration.ofHours(24).plusNanos(1)).build());
        assertEquals(Duration.ofHours(24), Expose.builder().ips("10.0.0.0/24").masquerade("1.0.0.0/30")
            .idleTimeout(Duration.ofHours(24)).build().nat().idleTimeout());
        assertThrows(IllegalArgumentException.class, () -> Expose.builder().ips("10.0.0.1/32:80-80")
            .portForward(L4Protocol.TCP, "1.0.0.1/32:8080-8080").idleTimeout(Duration.ofSeconds(-1)).build());
        assertEquals(Duration.ofNanos(1), Expose.builder().ips("10.0.0.0/24").masquerade("1.0.0.0/30")
            .idleTimeout(Duration.ofNanos(1)).build().nat().idleTimeout());
    }

    @Test
    void shouldDeriveNatRequirementFromMode()
    {
        assertNull(Expose.of("10.0.0.0/24").natRequirement());
        assertEquals(NatRequirement.STATELESS,
            Expose.builder().ips("10.0.0.0/24").staticNat("1.0.0.0/24").build().natRequirement());
        assertEquals(NatRequirement.STATEFUL,
            Expose.builder().ips("10.0.0.0/24").masquerade("1.0.0.0/30").build().natRequirement());
        assertEquals(NatRequirement.PORT_FORWARDING_UDP, Expose.builder().ips("10.0.0.1/32:80-80")
            .portForward(L4Protocol.UDP, "1.0.0.1/32:8080-8080").build().natRequirement());
        assertEquals(NatRequirement.PORT_FORWARDING_ANY, Expose.builder().ips("10.0.0.1/32:80-80")
            .nat(NatMode.PORT_FORWARD, "1.0.0.1/32:8080-8080").build().natRequirement());
        assertTrue(NatRequirement.PORT_FORWARDING_TCP.isPortForwarding());
        assertFalse(NatRequirement.STATEFUL.isPortForwarding());
        assertEquals("PortForwarding(Tcp)", NatRequirement.PORT_FORWARDING_TCP.toString());
        assertSame(NatRequirement.PORT_FORWARDING_TCP, NatRequirement.of(NatMode.PORT_FORWARD, L4Protocol.TCP));
    }

    @Test
    void shouldUseAsRangeAsPublicIpsOnlyWhenNonEmpty()
    {
        final Expose masq = Expose.builder().ips("10.0.0.0/24").not("10.0.0.0/28").masquerade("1.0.0.0/30")
            .notAs("1.0.0.0/32").idleTimeout(Duration.ofSeconds(60)).build();
        assertEquals(pwops("1.0.0.0/30"), masq.publicIps());
        assertEquals(pwops("1.0.0.0/32"), masq.publicExclusions());
        assertEquals(Duration.ofSeconds(60), masq.nat().idleTimeout());
        final Expose emptyAs = Expose.builder().ips("10.0.0.0/25").masquerade().build();
        assertEquals(pwops("10.0.0.0/25"), emptyAs.publicIps());
        assertEquals(NatRequirement.STATEFUL, emptyAs.natRequirement());
        assertEquals(pwops("20.0.0.0/24"), Expose.of("20.0.0.0/24").publicIps());
        assertTrue(Expose.DEFAULT.isDefault());
        assertTrue(Expose.DEFAULT.publicIps().isEmpty());
    }

    @Test
    void shouldCollectPeeringsInNameOrderWithLocalAndRemoteResolved()
    {
        final Overlay overlay = Overlay.builder()
            .vpc("vpc1", "VPC01", 100).vpc("vpc2", "VPC02", 200).vpc("vpc3", "VPC03", 300).vpc("lonely", "VPC04", 400)
            .peering("z-1-3", Manifest.of("vpc3", Expose.of("30.0.0.0/24")),
                Manifest.of("vpc1", Expose.of("10.0.0.0/24")))
            .peering("a-1-2", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.DEFAULT))
            .build();
        final List<VpcPeering> of1 = overlay.peeringsOf("vpc1");
        assertEquals(List.of("a-1-2", "z-1-3"), of1.stream().map(VpcPeering::name).toList());
        assertEquals("vpc1", of1.get(0).local().vpc());
        assertEquals(200, of1.get(0).remoteVni());
        assertEquals("vpc1", of1.get(1).local().vpc());
        assertEquals("vpc3", of1.get(1).remote().vpc());
        assertEquals(300, of1.get(1).remoteVni());
        assertEquals(100, overlay.peeringsOf("vpc3").get(0).remoteVni());
        final Map<String, List<VpcPeering>> all = overlay.collectPeerings();
        assertEquals(List.of("lonely", "vpc1", "vpc2", "vpc3"), List.copyOf(all.keySet()));
        assertTrue(all.get("lonely").isEmpty());
        assertEquals(List.of("z-1-3", "a-1-2"), overlay.peerings().stream().map(Peering::name).toList());
    }

    @Test
    void shouldRejectUnknownRemoteVpcWhenCollecting()
    {
        final Overlay overlay = Overlay.builder().vpc("vpc1", "VPC01", 100)
            .peering("p", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("ghost", Expose.DEFAULT))
            .build();
        assertEquals("peering p names unknown VPC ghost",
            assertThrows(IllegalStateException.class, () -> overlay.peeringsOf("vpc1")).getMessage());
    }

    @Test
    void shouldRejectDuplicatesAndBadVpcs()
    {
        assertThrows(IllegalArgumentException.class,
            () -> Overlay.builder().vpc("a", "VPC01", 1).vpc("a", "VPC02", 2).build());
        assertThrows(IllegalArgumentException.class,
            () -> Overlay.builder().vpc("a", "VPC01", 1).vpc("b", "VPC01", 2).build());
        assertThrows(IllegalArgumentException.class,
            () -> Overlay.builder().vpc("a", "VPC01", 1).vpc("b", "VPC02", 1).build());
        assertThrows(IllegalArgumentException.class, () -> new Vpc("a", "VPC0", 1));
        assertThrows(IllegalArgumentException.class, () -> new Vpc("a", "VPC-1", 1));
        assertThrows(IllegalArgumentException.class, () -> new Vpc("a", "VPC01", 0));
        assertThrows(IllegalArgumentException.class, () -> new Vpc("a", "VPC01", 16_777_216));
        assertEquals(16_777_215, new Vpc("a", "VPC01", 16_777_215).vni());
        final Manifest m = Manifest.of("a", Expose.DEFAULT);
        assertThrows(IllegalArgumentException.class,
            () -> Overlay.builder().peering("p", m, m).peering("p", m, m).build());
    }

    @Test
    void shouldCompareExposesStructurally()
    {
        assertEquals(Expose.builder().ips("10.0.0.0/24").masquerade("1.0.0.0/30").build(),
            Expose.builder().ips("10.0.0.1/24").masquerade("1.0.0.0/30").build());
        assertFalse(Expose.of("10.0.0.0/24").equals(Expose.builder().ips("10.0.0.0/24").staticNat("1.0.0.0/24")
            .build()));
    }
}
