// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every pair of prefixes, and of prefixes with optional ports, of a small space checked against the set model.
 * IPv4 uses a /27 (last bits of a 32-bit address), IPv6 a space whose bits straddle the hi/lo boundary.
 */
class PrefixAlgebraExhaustiveTest
{
    private static final Prefix V4_BASE = Prefix.parse("10.0.0.0/27");
    private static final Prefix V6_BASE = Prefix.parse("2001:db8::/62");

    @Test
    void shouldMatchSetModelForEveryIpv4PrefixPair()
    {
        checkPrefixPairs(new SmallSpace(V4_BASE, 5));
    }

    @Test
    void shouldMatchSetModelForEveryIpv6PrefixPairAcrossTheHiLoBoundary()
    {
        checkPrefixPairs(new SmallSpace(V6_BASE, 5));
    }

    @Test
    void shouldMatchSetModelForEveryIpv4ValuePairSmall()
    {
        final SmallSpace space = new SmallSpace(V4_BASE, 4);
        checkValuePairs(space, space.values(SmallSpace.ranges(new int[] {0, 1, 65534, 65535})));
    }

    @Test
    void shouldMatchSetModelForEveryIpv6ValuePairSmall()
    {
        final SmallSpace space = new SmallSpace(V6_BASE, 4);
        checkValuePairs(space, space.values(SmallSpace.ranges(new int[] {0, 2, 65535})));
    }

    @Test
    @Tag("slow")
    void shouldMatchSetModelForEveryValuePairFull()
    {
        for (final Prefix base : List.of(V4_BASE, V6_BASE))
        {
            final SmallSpace space = new SmallSpace(base, 5);
            checkValuePairs(space, space.values(SmallSpace.ranges(SmallSpace.PORT_BOUNDS)));
        }
    }

    @Test
    void shouldNeverRelateIpv4AndIpv6()
    {
        final Prefix v4 = Prefix.parse("0.0.0.0/0");
        final Prefix v6 = Prefix.parse("::/0");
        assertFalse(v4.collides(v6));
        assertFalse(v6.covers(v4));
        assertEquals(List.of(v4), v4.subtract(v6));
        assertTrue(v4.merge(v6).isEmpty());
        assertTrue(v4.compareTo(v6) < 0);
        assertFalse(PrefixWithOptionalPorts.of(v4).overlaps(PrefixWithOptionalPorts.of(v6)));
    }

    private static void checkPrefixPairs(final SmallSpace space)
    {
        for (final Prefix a : space.prefixes)
        {
            final BitSet sa = space.set(a);
            for (final Prefix b : space.prefixes)
            {
                final String ctx = a + " vs " + b;
                final BitSet sb = space.set(b);
                assertEquals(subset(sb, sa), a.covers(b), ctx + " covers");
                assertEquals(sa.intersects(sb), a.collides(b), ctx + " collides");
                final Optional<Prefix> inter = a.intersection(b);
                assertEquals(sa.intersects(sb), inter.isPresent(), ctx + " intersection");
                inter.ifPresent(p -> assertEquals(and(sa, sb), space.set(p), ctx + " intersection set"));
                checkPrefixSubtract(space, a, b, sa, sb, ctx);
                checkPrefixMerge(space, a, b, sa, sb, ctx);
                assertEquals(a.equals(b), a.compareTo(b) == 0, ctx + " order vs equals");
                assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)), ctx + " antisymmetry");
            }
        }
    }

    private static void checkPrefixSubtract(
        final SmallSpace space, final Prefix a, final Prefix b, final BitSet sa, final BitSet sb, final String ctx)
    {
        final List<Prefix> diff = a.subtract(b);
        final BitSet union = new BitSet();
        for (final Prefix p : diff)
        {
            final BitSet sp = space.set(p);
            assertFalse(union.intersects(sp), ctx + " subtract pieces disjoint");
            union.or(sp);
        }
        final BitSet expected = (BitSet) sa.clone();
        expected.andNot(sb);
        assertEquals(expected, union, ctx + " subtract set");
        if (a.collides(b) && !b.covers(a))
        {
            assertEquals(b.length() - a.length(), diff.size(), ctx + " chain length");
        }
    }

    private static void checkPrefixMerge(
        final SmallSpace space, final Prefix a, final Prefix b, final BitSet sa, final BitSet sb, final String ctx)
    {
        final Optional<Prefix> merged = a.merge(b);
        final boolean siblingsLowerFirst = a.length() == b.length() && a.length() > 0 && !a.equals(b) &&
            sameParent(a, b) && a.bit(a.length() - 1) == 0;
        assertEquals(a.collides(b) || siblingsLowerFirst, merged.isPresent(), ctx + " merge presence");
        merged.ifPresent(p -> assertEquals(or(sa, sb), space.set(p), ctx + " merge set"));
    }

    private static boolean sameParent(final Prefix a, final Prefix b)
    {
        return a.isIpv6()
            ? Prefix.containing6(a.hi(), a.lo(), a.length() - 1).covers(b)
            : Prefix.containing4(a.address4(), a.length() - 1).covers(b);
    }

    private static void checkValuePairs(final SmallSpace space, final List<PrefixWithOptionalPorts> values)
    {
        final BitSet[] sets = new BitSet[values.size()];
        for (int i = 0; i < sets.length; i++)
        {
            sets[i] = space.set(values.get(i));
        }
        for (int i = 0; i < sets.length; i++)
        {
            final PrefixWithOptionalPorts a = values.get(i);
            for (int j = 0; j < sets.length; j++)
            {
                final PrefixWithOptionalPorts b = values.get(j);
                final String ctx = a + " vs " + b;
                final BitSet sa = sets[i];
                final BitSet sb = sets[j];
                assertEquals(subset(sb, sa), a.covers(b), ctx + " covers");
                assertEquals(sa.intersects(sb), a.overlaps(b), ctx + " overlaps");
                checkIntersection(space, a, b, sa, sb, ctx);
                checkSubtract(space, a, b, sa, sb, ctx);
                checkMerge(space, a, b, sa, sb, ctx);
                assertEquals(a.equals(b), a.compareTo(b) == 0, ctx + " order vs equals");
                if (a.hasPorts() != b.hasPorts())
                {
                    assertEquals(a.hasPorts(), a.compareTo(b) > 0, ctx + " P before PP");
                }
            }
        }
    }

    private static void checkIntersection(
        final SmallSpace space, final PrefixWithOptionalPorts a, final PrefixWithOptionalPorts b,
        final BitSet sa, final BitSet sb, final String ctx)
    {
        final Optional<PrefixWithOptionalPorts> inter = a.intersection(b);
        assertEquals(sa.intersects(sb), inter.isPresent(), ctx + " intersection presence");
        if (inter.isEmpty())
        {
            return;
        }
        final PrefixWithOptionalPorts r = inter.get();
        assertEquals(and(sa, sb), space.set(r), ctx + " intersection set");
        assertEquals(a.hasPorts() || b.hasPorts(), r.hasPorts(), ctx + " intersection kind");
        if (a.hasPorts() != b.hasPorts())
        {
            assertEquals(a.hasPorts() ? a.ports() : b.ports(), r.ports(), ctx + " mixed takes the PP's range");
        }
    }

    private static void checkSubtract(
        final SmallSpace space, final PrefixWithOptionalPorts a, final PrefixWithOptionalPorts b,
        final BitSet sa, final BitSet sb, final String ctx)
    {
        final List<PrefixWithOptionalPorts> diff = a.subtract(b);
        if (!sa.intersects(sb))
        {
            assertTrue(diff.isEmpty(), ctx + " subtract of disjoint values gives nothing");
            return;
        }
        final BitSet union = new BitSet();
        for (final PrefixWithOptionalPorts p : diff)
        {
            final BitSet sp = space.set(p);
            assertFalse(sp.isEmpty(), ctx + " no empty piece");
            assertFalse(union.intersects(sp), ctx + " subtract pieces disjoint");
            union.or(sp);
            final boolean plainExpected = !a.hasPorts() && (!b.hasPorts() || p.effectivePorts().isMax());
            assertEquals(plainExpected, !p.hasPorts(), ctx + " piece kind of " + p);
        }
        final BitSet expected = (BitSet) sa.clone();
        expected.andNot(sb);
        assertEquals(expected, union, ctx + " subtract set");
    }

    private static void checkMerge(
        final SmallSpace space, final PrefixWithOptionalPorts a, final PrefixWithOptionalPorts b,
        final BitSet sa, final BitSet sb, final String ctx)
    {
        final Optional<PrefixWithOptionalPorts> merged = a.merge(b);
        final boolean expected;
        if (!a.hasPorts() && !b.hasPorts())
        {
            expected = a.prefix().merge(b.prefix()).isPresent();
        }
        else if (a.hasPorts() && b.hasPorts())
        {
            expected = a.prefix().equals(b.prefix()) ? a.ports().merge(b.ports()).isPresent()
                : a.ports().equals(b.ports()) && a.prefix().merge(b.prefix()).isPresent();
        }
        else
        {
            final PortRange r = a.hasPorts() ? a.ports() : b.ports();
            expected = a.prefix().equals(b.prefix()) || r.isMax() && a.prefix().merge(b.prefix()).isPresent();
        }
        assertEquals(expected, merged.isPresent(), ctx + " merge presence");
        merged.ifPresent(m -> assertEquals(or(sa, sb), space.set(m), ctx + " merge set"));
    }

    private static boolean subset(final BitSet small, final BitSet large)
    {
        final BitSet rest = (BitSet) small.clone();
        rest.andNot(large);
        return rest.isEmpty();
    }

    private static BitSet and(final BitSet x, final BitSet y)
    {
        final BitSet r = (BitSet) x.clone();
        r.and(y);
        return r;
    }

    private static BitSet or(final BitSet x, final BitSet y)
    {
        final BitSet r = (BitSet) x.clone();
        r.or(y);
        return r;
    }
}
