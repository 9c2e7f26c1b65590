// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * Random static NAT configurations: forward then reverse translation is the identity, and the forward
 * translation is injective. Seeded; replay with -Dflowgate.seed=N.
 */
class StaticNatPropertyTest
{
    private static final int CONFIGS = 60;
    private static final int SAMPLES = 300;

    @Test
    void shouldBeABijectionOnRandomConfigurations()
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println("StaticNatPropertyTest seed " + seed);
        final Random random = new Random(seed);
        for (int c = 0; c < CONFIGS; c++)
        {
            final boolean withPorts = random.nextBoolean();
            runOne(random, withPorts, "seed " + seed + " config " + c);
        }
    }

    private static void runOne(final Random random, final boolean withPorts, final String label)
    {
        // Private side: one /22..../26 block with random exclusions.
        final int privLen = 22 + random.nextInt(5);
        final int privNet = (10 << 24) | (random.nextInt(1 << 16) << 8) & (-1 << (32 - privLen));
        final PortRange privPorts = withPorts ? PortRange.of(1000, 1000 + 10 * (1 + random.nextInt(20)) - 1) : null;
        final List<PrefixWithOptionalPorts> ips = List.of(make(Prefix.of4(privNet, privLen), privPorts));
        final List<PrefixWithOptionalPorts> nots = new ArrayList<>();
        final int exclusions = random.nextInt(3);
        for (int i = 0; i < exclusions; i++)
        {
            final int len = privLen + 2 + random.nextInt(32 - privLen - 2);
            final int offset = random.nextInt(1 << (32 - privLen)) & (-1 << (32 - len));
            final Prefix p = Prefix.of4(privNet + offset, len);
            if (nots.stream().noneMatch(n -> n.prefix().collides(p)))
            {
                nots.add(make(p, privPorts));
            }
        }
        final List<PrefixWithOptionalPorts> priv = NatPrefixes.collapse(ips, nots);
        long elements = 0;
        for (final PrefixWithOptionalPorts p : priv)
        {
            elements += p.size().longValueExact();
        }
        // Public side: the same element count split into power-of-two pieces at scattered aligned places,
        // with a port range length that divides it (ports only in the ported variant).
        final int pubPortLen = withPorts ? privPorts.size() * (random.nextBoolean() ? 1 : 2) : 65536;
        final List<PrefixWithOptionalPorts> pub = new ArrayList<>();
        final long remaining = elements / pubPortLen;
        final long extraPorts = elements % pubPortLen;
        int nextBase = 20 << 24;
        for (int bit = 31; bit >= 0; bit--)
        {
            if ((remaining & (1L << bit)) != 0)
            {
                final int size = 1 << bit;
                nextBase = (nextBase + size - 1) & -size;
                nextBase += size * random.nextInt(3);
                final int portStart = withPorts ? 2000 + random.nextInt(100) : 0;
                pub.add(make(Prefix.of4(nextBase, 32 - bit),
                    withPorts ? PortRange.of(portStart, portStart + pubPortLen - 1) : null));
                nextBase += size;
            }
        }
        if (extraPorts > 0)
        {
            pub.add(make(Prefix.of4(nextBase + 256, 32), PortRange.of(3000, (int) (3000 + extraPorts - 1))));
        }
        final Expose local = Expose.builder().ips(ips).nots(nots)
            .nat(dev.flowgate.config.NatMode.STATIC, pub.stream().map(Object::toString).toArray(String[]::new))
            .build();
        final Overlay overlay = Overlay.builder().vpc("a", "AAAAA", 1).vpc("b", "BBBBB", 2)
            .peering("a-b", Manifest.of("a", local), Manifest.of("b", Expose.of("99.0.0.0/24"))).build();
        final StaticNatTables tables = StaticNatTables.build(overlay);
        for (int s = 0; s < SAMPLES; s++)
        {
            final PrefixWithOptionalPorts p = priv.get(random.nextInt(priv.size()));
            final int address = p.prefix().address4() + random.nextInt(1 << (32 - p.prefix().length()));
            final int port = p.effectivePorts().start() + random.nextInt(p.effectivePorts().size());
            final int[] fwd = tables.translateSource4(1, 2, address, withPorts ? port : -1);
            assertNotNull(fwd, label + ": no mapping for " + NatTestSupport.text(address) + ":" + port);
            final int outPort = fwd[1] < 0 ? port : fwd[1];
            final int[] back = tables.translateDestination4(2, fwd[0], withPorts ? outPort : -1);
            assertNotNull(back, label + ": no reverse mapping");
            assertEquals(address, back[0], label + ": address round trip");
            assertEquals(port, back[1] < 0 ? outPort : back[1], label + ": port round trip");
        }
        injective(tables, priv, withPorts, label);
    }

    private static void injective(
        final StaticNatTables tables, final List<PrefixWithOptionalPorts> priv, final boolean withPorts,
        final String label)
    {
        // Exhaustive over addresses (one port each) of the first piece: no two originals share a target.
        final PrefixWithOptionalPorts p = priv.get(0);
        final Set<Long> targets = new HashSet<>();
        final int count = Math.min(1 << (32 - p.prefix().length()), 512);
        final int port = p.effectivePorts().start();
        for (int i = 0; i < count; i++)
        {
            final int[] fwd = tables.translateSource4(1, 2, p.prefix().address4() + i, withPorts ? port : -1);
            final long key = (fwd[0] & 0xFFFF_FFFFL) << 16 | (fwd[1] < 0 ? port : fwd[1]);
            assertTrue(targets.add(key), label + ": two originals map to one target");
        }
    }

    private static PrefixWithOptionalPorts make(final Prefix prefix, final PortRange ports)
    {
        return ports == null ? PrefixWithOptionalPorts.of(prefix) : PrefixWithOptionalPorts.of(prefix, ports);
    }
}
