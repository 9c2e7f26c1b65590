// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A brute-force set model: a small address space (every prefix under {@code base} down to {@code depth} more
 * bits) times a few test ports. A value is the set of (block, port) points it contains; since every port range
 * used has its bounds in {@link #PORT_BOUNDS}, membership is constant between consecutive test ports.
 */
final class SmallSpace
{
    /** Bounds of the port ranges used; test ports are these and their neighbours. */
    static final int[] PORT_BOUNDS = {0, 1, 2, 65534, 65535};
    static final int[] TEST_PORTS = {0, 1, 2, 3, 65533, 65534, 65535};

    final Prefix base;
    final int depth;
    final List<Prefix> prefixes = new ArrayList<>();
    final List<Prefix> points = new ArrayList<>();

    SmallSpace(final Prefix base, final int depth)
    {
        this.base = base;
        this.depth = depth;
        collect(base);
    }

    private void collect(final Prefix p)
    {
        prefixes.add(p);
        if (p.length() == base.length() + depth)
        {
            points.add(p);
            return;
        }
        collect(child(p, 0));
        collect(child(p, 1));
    }

    static Prefix child(final Prefix p, final int bit)
    {
        final int len = p.length();
        if (!p.isIpv6())
        {
            return Prefix.of4(p.address4() | (bit << (31 - len)), len + 1);
        }
        final long hi = len < 64 ? p.hi() | ((long) bit << (63 - len)) : p.hi();
        final long lo = len < 64 ? p.lo() : p.lo() | ((long) bit << (127 - len));
        return Prefix.of6(hi, lo, len + 1);
    }

    static List<PortRange> ranges(final int[] bounds)
    {
        final List<PortRange> result = new ArrayList<>();
        for (int i = 0; i < bounds.length; i++)
        {
            for (int j = i; j < bounds.length; j++)
            {
                result.add(PortRange.of(bounds[i], bounds[j]));
            }
        }
        return result;
    }

    List<PrefixWithOptionalPorts> values(final List<PortRange> ranges)
    {
        final List<PrefixWithOptionalPorts> result = new ArrayList<>();
        for (final Prefix p : prefixes)
        {
            result.add(PrefixWithOptionalPorts.of(p));
            for (final PortRange r : ranges)
            {
                result.add(PrefixWithOptionalPorts.of(p, r));
            }
        }
        return result;
    }

    BitSet set(final Prefix p)
    {
        final BitSet s = new BitSet();
        for (int i = 0; i < points.size(); i++)
        {
            if (p.covers(points.get(i)))
            {
                s.set(i);
            }
        }
        return s;
    }

    BitSet set(final PrefixWithOptionalPorts v)
    {
        final BitSet s = new BitSet();
        final PortRange r = v.effectivePorts();
        for (int i = 0; i < points.size(); i++)
        {
            if (v.prefix().covers(points.get(i)))
            {
                for (int k = 0; k < TEST_PORTS.length; k++)
                {
                    if (r.contains(TEST_PORTS[k]))
                    {
                        s.set(i * TEST_PORTS.length + k);
                    }
                }
            }
        }
        return s;
    }
}
