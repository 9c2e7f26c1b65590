// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * Collapsing of prefix lists (docs/spec/nat.md section 1.1): exclusions applied by splitting, the result in set order
 * (plain prefixes first, IPv4 before IPv6, then network, length, port range). Configuration time only.
 */
final class NatPrefixes
{
    private NatPrefixes()
    {
    }

    /**
     * @param ips  the prefixes.
     * @param nots their exclusions.
     * @return disjoint prefixes covering {@code ips} minus {@code nots}, in set order.
     */
    static List<PrefixWithOptionalPorts> collapse(
        final List<PrefixWithOptionalPorts> ips, final List<PrefixWithOptionalPorts> nots)
    {
        List<PrefixWithOptionalPorts> work = new ArrayList<>(ips);
        for (final PrefixWithOptionalPorts not : nots)
        {
            final List<PrefixWithOptionalPorts> next = new ArrayList<>();
            for (final PrefixWithOptionalPorts p : work)
            {
                if (p.overlaps(not))
                {
                    next.addAll(p.subtract(not));
                }
                else
                {
                    next.add(p);
                }
            }
            work = next;
        }
        return List.copyOf(new TreeSet<>(work));
    }
}
