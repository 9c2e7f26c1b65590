// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random overlays over a small address space (so that prefixes overlap, nest and touch), with ports,
 * exclusions, defaults and every NAT mode; and the prefixes they mention, for biasing packets towards them. Public
 * for the pipeline's EARLY/LATE differential test.
 */
public final class RandomOverlays
{
    private final Random random;
    private final boolean ipv6;
    private final List<PrefixWithOptionalPorts> mentioned = new ArrayList<>();
    private final long baseHi;
    private final int depth;

    private int nextK = 1;

    public RandomOverlays(final long seed)
    {
        this.random = new Random(seed);
        this.ipv6 = random.nextInt(3) == 0;
        // The shared region all prefixes live in: a /16 for IPv4, a /112 or a /56 for IPv6.
        this.depth = ipv6 ? (random.nextBoolean() ? 112 : 56) : 16;
        this.baseHi = ipv6 ? 0x2001_0db8_0000_0000L : (10L << 56);
    }

    public boolean ipv6()
    {
        return ipv6;
    }

    List<PrefixWithOptionalPorts> mentioned()
    {
        return mentioned;
    }

    Prefix prefix()
    {
        final int maxLength = ipv6 ? 128 : 32;
        // At most 20 bits below the region: cutting around a key then gives at most 20 pieces.
        final int length = depth + random.nextInt(Math.min(20, maxLength - depth) + 1);
        // A 6-bit value at the top of the host part (few distinct values: prefixes collide often), sometimes noise.
        final int shift = maxLength - depth - 6;
        final long k = random.nextInt(4) == 0 ? 0 : random.nextInt(64);
        final long noise = random.nextInt(3) == 0 ? random.nextLong() : 0;
        if (!ipv6)
        {
            final int v4 = (int) (baseHi >>> 32) | (int) (k << shift) | ((int) noise & ((1 << shift) - 1));
            return Prefix.containing4(v4, length);
        }
        if (shift >= 64)
        {
            final long hi = baseHi | (k << (shift - 64)) | (noise & ((1L << (shift - 64)) - 1));
            return Prefix.containing6(hi, noise == 0 ? 0 : random.nextLong(), length);
        }
        return Prefix.containing6(baseHi, (k << shift) | (noise & ((1L << shift) - 1)), length);
    }

    private Prefix region()
    {
        return ipv6 ? Prefix.containing6(baseHi, 0, depth) : Prefix.containing4((int) (baseHi >>> 32), depth);
    }

    PortRange range()
    {
        final int[] anchors = {0, 1, 79, 80, 81, 443, 1024, 8080, 65534, 65535};
        final int a = random.nextBoolean() ? anchors[random.nextInt(anchors.length)] : random.nextInt(65536);
        final int span = random.nextInt(4) == 0 ? 0 : random.nextInt(2000);
        final int start = random.nextInt(8) == 0 ? 0 : a;
        final int end = random.nextInt(8) == 0 ? 65535 : Math.min(65535, start + span);
        return PortRange.of(start, end);
    }

    PrefixWithOptionalPorts prefixWithPorts(final double portShare)
    {
        final PrefixWithOptionalPorts value = random.nextDouble() < portShare ? PrefixWithOptionalPorts.of(prefix(),
            range()) : PrefixWithOptionalPorts.of(prefix());
        mentioned.add(value);
        return value;
    }

    private String[] texts(final int count, final double portShare)
    {
        final String[] result = new String[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = prefixWithPorts(portShare).toString();
        }
        return result;
    }

    Expose expose(final boolean allowDefault)
    {
        if (allowDefault && random.nextInt(6) == 0)
        {
            return Expose.DEFAULT;
        }
        final Expose.Builder builder = Expose.builder().ips(texts(1 + random.nextInt(2), 0.3));
        if (random.nextInt(5) == 0)
        {
            builder.not(texts(1, 0.2));
        }
        final int nat = random.nextInt(5);
        if (nat == 1)
        {
            builder.staticNat(texts(1 + random.nextInt(2), 0.1));
        }
        else if (nat == 2)
        {
            builder.masquerade(texts(1 + random.nextInt(2), 0.1));
        }
        else if (nat == 3)
        {
            final L4Protocol[] protos = L4Protocol.values();
            builder.portForward(protos[random.nextInt(protos.length)], texts(1, 0.8));
        }
        if (nat != 0 && nat != 4 && random.nextInt(6) == 0)
        {
            builder.notAs(texts(1, 0.2));
        }
        return builder.build();
    }

    Manifest manifest(final String vpc)
    {
        final List<Expose> exposes = new ArrayList<>();
        final int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++)
        {
            exposes.add(expose(true));
        }
        return new Manifest(vpc, exposes);
    }

    Overlay overlay()
    {
        final Overlay.Builder builder = Overlay.builder();
        final int vpcs = 2 + random.nextInt(3);
        for (int i = 1; i <= vpcs; i++)
        {
            builder.vpc("vpc" + i, "VPC0" + i, 100 * i);
        }
        final int peerings = 1 + random.nextInt(3);
        for (int i = 0; i < peerings; i++)
        {
            final int left = 1 + random.nextInt(vpcs);
            int right = 1 + random.nextInt(vpcs - 1);
            if (right >= left)
            {
                right++;
            }
            builder.peering("p" + random.nextInt(100), manifest("vpc" + left), manifest("vpc" + right));
        }
        try
        {
            return builder.build();
        }
        catch (final IllegalArgumentException duplicatePeeringName)
        {
            return overlay();
        }
    }

    /** A prefix in a region of its own (distinct 6-bit value), or nested in {@code within} if given. */
    private Prefix fresh(final Prefix within, final int minExtra)
    {
        final int maxLength = ipv6 ? 128 : 32;
        if (within != null)
        {
            final int length = Math.min(maxLength, within.length() + minExtra + random.nextInt(3));
            final long[] inside = randomInside(within, maxLength);
            return ipv6 ? Prefix.containing6(inside[0], inside[1], length) :
                Prefix.containing4((int) (inside[0] >>> 32), length);
        }
        final int shift = maxLength - depth - 6;
        final long k = nextK++ & 63;
        final int length = depth + 6 + random.nextInt(Math.min(10, maxLength - depth - 5));
        if (!ipv6)
        {
            return Prefix.containing4((int) (baseHi >>> 32) | (int) (k << shift), length);
        }
        return shift >= 64 ? Prefix.containing6(baseHi | (k << (shift - 64)), 0, length) :
            Prefix.containing6(baseHi, k << shift, length);
    }

    private String text(final Prefix prefix, final PortRange range)
    {
        final PrefixWithOptionalPorts value = range == null ? PrefixWithOptionalPorts.of(prefix) :
            PrefixWithOptionalPorts.of(prefix, range);
        mentioned.add(value);
        return value.toString();
    }

    /**
     * A manifest shaped to pass validation most of the time: disjoint prefixes per expose, NAT only where
     * {@code nat} allows, port forwarding with one prefix of equal size on each side, sometimes a port-forward
     * nested in a masquerade (a legal overlap that yields MultipleMatches), sometimes exclusions.
     */
    Manifest validManifest(final String vpc, final boolean nat, final boolean withDefault)
    {
        final List<Expose> exposes = new ArrayList<>();
        final int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++)
        {
            final int mode = nat ? random.nextInt(4) : 0;
            final Prefix ip = fresh(null, 0);
            final Expose.Builder builder = Expose.builder().ips(text(ip, null));
            if (random.nextInt(4) == 0 && ip.length() < ip.maxLength() - 2)
            {
                builder.not(text(fresh(ip, 1), null));
            }
            if (mode == 1)
            {
                final Prefix as = ip.isIpv6() ? Prefix.containing6(fresh(null, 0).hi(), fresh(null, 0).lo(),
                    ip.length()) : Prefix.containing4(fresh(null, 0).address4(), ip.length());
                builder.staticNat(text(as, null));
                exposes.add(builder.build());
            }
            else if (mode == 2)
            {
                builder.masquerade(text(fresh(null, 0), null));
                exposes.add(builder.build());
                if (random.nextBoolean())
                {
                    exposes.add(portForward(fresh(ip, 1)));
                }
            }
            else if (mode == 3)
            {
                exposes.add(portForward(ip));
            }
            else
            {
                exposes.add(Expose.builder().ips(text(ip, null)).build());
            }
        }
        if (withDefault)
        {
            exposes.add(random.nextInt(exposes.size() + 1), Expose.DEFAULT);
        }
        return new Manifest(vpc, exposes);
    }

    private Expose portForward(final Prefix ip)
    {
        final PortRange inner = range();
        final int start = random.nextInt(65536 - inner.size() + 1);
        final PortRange outer = PortRange.of(start, start + inner.size() - 1);
        final Prefix pub = fresh(null, 0);
        final Prefix as = ip.isIpv6() ? Prefix.containing6(pub.hi(), pub.lo(), ip.length()) :
            Prefix.containing4(pub.address4(), ip.length());
        final L4Protocol[] protos = L4Protocol.values();
        return Expose.builder().ips(text(ip, inner)).portForward(protos[random.nextInt(protos.length)],
            text(as, outer)).build();
    }

    public Overlay validOverlay()
    {
        final Overlay.Builder builder = Overlay.builder();
        final int vpcs = 2 + random.nextInt(3);
        for (int i = 1; i <= vpcs; i++)
        {
            builder.vpc("vpc" + i, "VPC0" + i, 100 * i);
        }
        int peering = 0;
        for (int left = 1; left <= vpcs; left++)
        {
            for (int right = left + 1; right <= vpcs; right++)
            {
                if (random.nextInt(3) == 0 && peering > 0)
                {
                    continue;
                }
                final boolean natLeft = random.nextBoolean();
                final int defaults = random.nextInt(5);
                builder.peering("p" + peering++, validManifest("vpc" + left, natLeft, defaults == 1),
                    validManifest("vpc" + right, !natLeft, defaults == 2));
            }
        }
        return builder.build();
    }

    /** A packet address: inside or at the edge of a mentioned prefix most of the time, else anywhere nearby. */
    public long[] address()
    {
        final int maxLength = ipv6 ? 128 : 32;
        if (mentioned.isEmpty() || random.nextInt(8) == 0)
        {
            return randomInside(region(), maxLength);
        }
        final Prefix p = mentioned.get(random.nextInt(mentioned.size())).prefix();
        switch (random.nextInt(4))
        {
            case 0:
                return new long[] {p.hi(), p.lo()};
            case 1:
                return add(last(p), random.nextBoolean() ? 1 : 0);
            case 2:
                return add(new long[] {p.hi(), p.lo()}, -1);
            default:
                return randomInside(p, maxLength);
        }
    }

    private long[] randomInside(final Prefix p, final int maxLength)
    {
        final long[] host = {random.nextLong(), random.nextLong()};
        final long hiMask = p.length() >= 64 ? -1L : p.length() == 0 ? 0 : -1L << (64 - p.length());
        final long loMask = p.length() <= 64 ? 0 : p.length() == 128 ? -1L : -1L << (128 - p.length());
        final long hi = (p.hi() & hiMask) | (host[0] & ~hiMask);
        final long lo = (p.lo() & loMask) | (host[1] & ~loMask);
        return maxLength == 32 ? new long[] {hi & 0xFFFF_FFFF_0000_0000L, 0} : new long[] {hi, lo};
    }

    private long[] last(final Prefix p)
    {
        final long hiMask = p.length() >= 64 ? -1L : p.length() == 0 ? 0 : -1L << (64 - p.length());
        final long loMask = p.length() <= 64 ? 0 : p.length() == 128 ? -1L : -1L << (128 - p.length());
        if (!ipv6)
        {
            return new long[] {(p.hi() | ~hiMask) & 0xFFFF_FFFF_0000_0000L, 0};
        }
        return new long[] {p.hi() | ~hiMask, p.lo() | ~loMask};
    }

    private long[] add(final long[] address, final int delta)
    {
        if (!ipv6)
        {
            final int v4 = (int) (address[0] >>> 32) + delta;
            return new long[] {(v4 & 0xFFFF_FFFFL) << 32, 0};
        }
        final long lo = address[1] + delta;
        long hi = address[0];
        if (delta > 0 && lo == 0)
        {
            hi++;
        }
        else if (delta < 0 && address[1] == 0)
        {
            hi--;
        }
        return new long[] {hi, lo};
    }

    /** An address inside a prefix (for the pipeline's targeted traffic). */
    public long[] inside(final PrefixWithOptionalPorts p)
    {
        return randomInside(p.prefix(), ipv6 ? 128 : 32);
    }

    /** A port of a prefix's range, at its edges often. */
    public int portIn(final PrefixWithOptionalPorts p)
    {
        final PortRange r = p.effectivePorts();
        final int pick = random.nextInt(4);
        return pick == 0 ? r.start() : pick == 1 ? r.end() : r.start() + random.nextInt(r.size());
    }

    public int port()
    {
        if (mentioned.isEmpty() || random.nextInt(4) == 0)
        {
            return random.nextInt(65536);
        }
        final PortRange r = mentioned.get(random.nextInt(mentioned.size())).effectivePorts();
        switch (random.nextInt(5))
        {
            case 0:
                return r.start();
            case 1:
                return r.end();
            case 2:
                return Math.max(0, r.start() - 1);
            case 3:
                return Math.min(65535, r.end() + 1);
            default:
                return r.start() + random.nextInt(r.size());
        }
    }

    public int nextInt(final int bound)
    {
        return random.nextInt(bound);
    }
}
