// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.math.BigInteger;
import java.util.List;
import java.util.TreeSet;

import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * One direction of a static NAT expose: the flat-list bijection of docs/spec/nat.md sections 1.3 and 1.4 between an
 * original list O and a target list T, both collapsed (disjoint, no exclusions) and in set order. Each side is read as
 * a sequence of (address, port) elements, prefixes in order, address-major inside a prefix; element k of O maps to
 * element k of T.
 *
 * <p>When no entry on either side has a port range ("Nat" type) ports never change and the lists are counted in
 * addresses (128-bit arithmetic for IPv6); otherwise ("Pat" type, IPv4 only) they are counted in (address, port)
 * elements in a {@code long} (at most 2^48 per side). Per lookup: one binary search over T; no allocation.
 */
final class StaticNatMapping
{
    private final boolean ipv6;
    private final boolean natType;
    // Original side, indexed like the original list.
    private final long[] origBaseHi;
    private final long[] origBaseLo;
    // Target side.
    private final long[] tNetHi;
    private final long[] tNetLo;
    private final int[] tPortStart;
    private final int[] tPortLen;
    private final long[] tCumHi;
    private final long[] tCumLo;
    private final long totalHi;
    private final long totalLo;

    StaticNatMapping(final List<PrefixWithOptionalPorts> originalList, final List<PrefixWithOptionalPorts> targetList)
    {
        // The flat list is defined over set order.
        final List<PrefixWithOptionalPorts> original = List.copyOf(new TreeSet<>(originalList));
        final List<PrefixWithOptionalPorts> target = List.copyOf(new TreeSet<>(targetList));
        if (original.isEmpty() || target.isEmpty())
        {
            throw new NatConfigException("static NAT with an empty prefix list");
        }
        ipv6 = original.get(0).prefix().isIpv6();
        boolean anyPorts = false;
        for (final PrefixWithOptionalPorts p : original)
        {
            anyPorts |= p.hasPorts();
            checkFamily(p);
        }
        for (final PrefixWithOptionalPorts p : target)
        {
            anyPorts |= p.hasPorts();
            checkFamily(p);
        }
        natType = !anyPorts;
        if (ipv6 && !natType)
        {
            throw new NatConfigException("static NAT66 with port ranges is not supported: " + original + " -> " +
                target);
        }
        rejectAdjacentPortRanges(target);
        origBaseHi = new long[original.size()];
        origBaseLo = new long[original.size()];
        BigInteger cum = BigInteger.ZERO;
        for (int i = 0; i < original.size(); i++)
        {
            origBaseHi[i] = cum.shiftRight(64).longValue();
            origBaseLo[i] = cum.longValue();
            cum = cum.add(units(original.get(i)));
        }
        final BigInteger origTotal = cum;
        final int n = target.size();
        tNetHi = new long[n];
        tNetLo = new long[n];
        tPortStart = new int[n];
        tPortLen = new int[n];
        tCumHi = new long[n];
        tCumLo = new long[n];
        cum = BigInteger.ZERO;
        for (int j = 0; j < n; j++)
        {
            final PrefixWithOptionalPorts t = target.get(j);
            tNetHi[j] = ipv6 ? t.prefix().hi() : 0;
            tNetLo[j] = ipv6 ? t.prefix().lo() : t.prefix().address4() & 0xFFFF_FFFFL;
            tPortStart[j] = t.effectivePorts().start();
            tPortLen[j] = t.effectivePorts().size();
            tCumHi[j] = cum.shiftRight(64).longValue();
            tCumLo[j] = cum.longValue();
            cum = cum.add(units(t));
        }
        if (!cum.equals(origTotal))
        {
            throw new NatConfigException("malformed peering: static NAT sizes differ: " + original + " has " +
                origTotal + (natType ? " addresses" : " elements") + ", " + target + " has " + cum);
        }
        totalHi = cum.shiftRight(64).longValue();
        totalLo = cum.longValue();
    }

    private void checkFamily(final PrefixWithOptionalPorts p)
    {
        if (p.prefix().isIpv6() != ipv6)
        {
            throw new NatConfigException("static NAT mixes IPv4 and IPv6: " + p);
        }
    }

    /**
     * The reference merges a target prefix listed twice with adjacent port ranges into one rectangle walked
     * address-major over the combined range (docs/spec/nat.md section 1.3), which departs from the flat list. We keep
     * the flat list and reject such configurations (docs/deviations.md, NAT).
     */
    private static void rejectAdjacentPortRanges(final List<PrefixWithOptionalPorts> target)
    {
        for (final PrefixWithOptionalPorts a : target)
        {
            for (final PrefixWithOptionalPorts b : target)
            {
                if (a != b && a.hasPorts() && b.hasPorts() && a.prefix().equals(b.prefix()) &&
                    a.prefix().length() < a.prefix().maxLength() && a.ports().end() + 1 == b.ports().start())
                {
                    throw new NatConfigException("static NAT target " + a.prefix() + " is listed with adjacent " +
                        "port ranges " + a.ports() + " and " + b.ports() + ": the reference merges them into one " +
                        "rectangle, flowgate rejects it (use one range)");
                }
            }
        }
    }

    private BigInteger units(final PrefixWithOptionalPorts p)
    {
        final BigInteger addresses = p.prefix().addressCount();
        return natType ? addresses : addresses.multiply(BigInteger.valueOf(p.effectivePorts().size()));
    }

    boolean isNatType()
    {
        return natType;
    }

    boolean isIpv6()
    {
        return ipv6;
    }

    /**
     * Maps an IPv4 element of original entry {@code i}.
     *
     * @param i       the original entry (the caller checked that it contains the address and port).
     * @param net     that entry's network address.
     * @param ports   that entry's effective port range start.
     * @param portLen that entry's effective port range length.
     * @param address the address.
     * @param port    the port (ignored for the Nat type).
     * @param out     receives the target.
     * @return false when the index falls outside the target list (cannot happen for a validated mapping).
     */
    boolean map4(
        final int i, final int net, final int ports, final int portLen, final int address, final int port,
        final NatResult out)
    {
        final long ipOffset = (address - net) & 0xFFFF_FFFFL;
        final long index = natType ? origBaseLo[i] + ipOffset : origBaseLo[i] + ipOffset * portLen + (port - ports);
        if (index < 0 || index >= totalLo)
        {
            return false;
        }
        final int j = floor(0, index);
        final long inner = index - tCumLo[j];
        if (natType)
        {
            out.set4((int) tNetLo[j] + (int) inner, -1);
        }
        else
        {
            final int len = tPortLen[j];
            out.set4((int) tNetLo[j] + (int) (inner / len), tPortStart[j] + (int) (inner % len));
        }
        return true;
    }

    /**
     * Maps an IPv6 address of original entry {@code i} (Nat type only: ports unchanged).
     */
    boolean map6(final int i, final long netHi, final long netLo, final long hi, final long lo, final NatResult out)
    {
        // offset = address - net (128-bit), index = base + offset
        final long offLo = lo - netLo;
        final long offHi = hi - netHi - (Long.compareUnsigned(lo, netLo) < 0 ? 1 : 0);
        final long idxLo = origBaseLo[i] + offLo;
        final long idxHi = origBaseHi[i] + offHi + (Long.compareUnsigned(idxLo, offLo) < 0 ? 1 : 0);
        if (compare128(idxHi, idxLo, totalHi, totalLo) >= 0)
        {
            return false;
        }
        final int j = floor(idxHi, idxLo);
        final long innerLo = idxLo - tCumLo[j];
        final long innerHi = idxHi - tCumHi[j] - (Long.compareUnsigned(idxLo, tCumLo[j]) < 0 ? 1 : 0);
        final long rLo = tNetLo[j] + innerLo;
        final long rHi = tNetHi[j] + innerHi + (Long.compareUnsigned(rLo, innerLo) < 0 ? 1 : 0);
        out.set6(rHi, rLo);
        return true;
    }

    /** The last target entry whose cumulative offset is at most the index. */
    private int floor(final long idxHi, final long idxLo)
    {
        int lo = 0;
        int hi = tCumLo.length - 1;
        while (lo < hi)
        {
            final int mid = (lo + hi + 1) >>> 1;
            if (compare128(tCumHi[mid], tCumLo[mid], idxHi, idxLo) <= 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static int compare128(final long aHi, final long aLo, final long bHi, final long bLo)
    {
        final int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /**
     * Convenience for tests and tools: maps one IPv4 (address, port) of an original prefix.
     */
    static boolean map4(
        final StaticNatMapping mapping, final int i, final PrefixWithOptionalPorts entry, final int address,
        final int port, final NatResult out)
    {
        final Prefix p = entry.prefix();
        final PortRange r = entry.effectivePorts();
        return mapping.map4(i, p.address4(), r.start(), r.size(), address, port, out);
    }
}
