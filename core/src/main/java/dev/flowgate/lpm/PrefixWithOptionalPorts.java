// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A prefix alone ("P", every port) or a prefix with one port range ("PP"); an immutable value.
 *
 * <p>The operations are the reference's, asymmetries included (docs/spec/flow-filter.md section 1.2): a P and a PP with
 * the max range are the same set of points but not the same value, and several operations treat them differently.
 * Order: every P before every PP, then by prefix, then by range.
 */
public final class PrefixWithOptionalPorts implements Comparable<PrefixWithOptionalPorts>
{
    private final Prefix prefix;
    private final PortRange ports;

    private PrefixWithOptionalPorts(final Prefix prefix, final PortRange ports)
    {
        this.prefix = prefix;
        this.ports = ports;
    }

    /**
     * @param prefix the prefix.
     * @return the P value (all ports).
     */
    public static PrefixWithOptionalPorts of(final Prefix prefix)
    {
        return new PrefixWithOptionalPorts(requireNonNull(prefix), null);
    }

    /**
     * @param prefix the prefix.
     * @param ports  the port range, kept even if it is the max range.
     * @return the PP value.
     */
    public static PrefixWithOptionalPorts of(final Prefix prefix, final PortRange ports)
    {
        return new PrefixWithOptionalPorts(requireNonNull(prefix), requireNonNull(ports));
    }

    private static <T> T requireNonNull(final T value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException("null prefix or port range");
        }
        return value;
    }

    /**
     * Parses {@code ADDRESS/LENGTH} or {@code ADDRESS/LENGTH:FIRST-LAST} (IPv6 alike:
     * {@code 2001:db8::/64:80-81}); host bits are zeroed.
     *
     * @param text the text.
     * @return the value.
     * @throws PrefixFormatException saying what is wrong.
     */
    public static PrefixWithOptionalPorts parse(final String text)
    {
        final String trimmed = text.trim();
        final int slash = trimmed.indexOf('/');
        final int colon = slash < 0 ? -1 : trimmed.indexOf(':', slash);
        if (colon < 0)
        {
            return of(Prefix.parse(trimmed));
        }
        final Prefix prefix = Prefix.parse(trimmed.substring(0, colon));
        try
        {
            return of(prefix, PortRange.parse(trimmed.substring(colon + 1)));
        }
        catch (final PrefixFormatException ex)
        {
            throw new PrefixFormatException("invalid prefix with ports \"" + trimmed + "\": " + ex.getMessage());
        }
    }

    /**
     * @return the prefix.
     */
    public Prefix prefix()
    {
        return prefix;
    }

    /**
     * @return true for a PP value.
     */
    public boolean hasPorts()
    {
        return ports != null;
    }

    /**
     * @return the port range of a PP value, or null for a P value.
     */
    public PortRange ports()
    {
        return ports;
    }

    /**
     * @return the port range, the max range for a P value.
     */
    public PortRange effectivePorts()
    {
        return ports == null ? PortRange.MAX : ports;
    }

    /**
     * @return the number of (address, port) points: addresses times ports, a P value counting 65536 ports.
     */
    public BigInteger size()
    {
        return prefix.addressCount().multiply(BigInteger.valueOf(effectivePorts().size()));
    }

    /**
     * PP versus PP overlap when the prefixes collide and the ranges overlap; every other pairing only needs the
     * prefixes to collide.
     *
     * @param other the other value.
     * @return true if they overlap.
     */
    public boolean overlaps(final PrefixWithOptionalPorts other)
    {
        if (!prefix.collides(other.prefix))
        {
            return false;
        }
        return ports == null || other.ports == null || ports.overlaps(other.ports);
    }

    /**
     * A P covers anything whose prefix it covers; a PP covers a PP if it covers prefix and range, and covers a P
     * only if its range is the max range and it covers the prefix.
     *
     * @param other the other value.
     * @return true if this covers the other.
     */
    public boolean covers(final PrefixWithOptionalPorts other)
    {
        if (!prefix.covers(other.prefix))
        {
            return false;
        }
        if (ports == null)
        {
            return true;
        }
        return other.ports == null ? ports.isMax() : ports.covers(other.ports);
    }

    /**
     * The intersection: the smaller prefix, with the intersected range for PP and PP, the PP's range for a mixed
     * pair, no range for P and P.
     *
     * @param other the other value.
     * @return the intersection, or empty if they do not overlap.
     */
    public Optional<PrefixWithOptionalPorts> intersection(final PrefixWithOptionalPorts other)
    {
        if (!overlaps(other))
        {
            return Optional.empty();
        }
        final Prefix common = prefix.intersection(other.prefix).orElseThrow();
        if (ports == null)
        {
            return Optional.of(other.ports == null ? of(common) : of(common, other.ports));
        }
        if (other.ports == null)
        {
            return Optional.of(of(common, ports));
        }
        return Optional.of(of(common, ports.intersection(other.ports).orElseThrow()));
    }

    /**
     * This value minus {@code other}, as the reference computes it. Nothing comes out if the two do not
     * overlap (callers keep untouched values themselves). Two P values subtract as prefixes. Otherwise, with P
     * read as the max range: (a) this prefix with each piece of this range outside the other's range, then
     * (b) every prefix of {@code this.prefix - other.prefix} with the intersection of the ranges. Only when this
     * is P and the other PP are pieces with the max range turned back into P.
     *
     * @param other the value to remove.
     * @return disjoint values whose union is the difference (for overlapping operands).
     */
    public List<PrefixWithOptionalPorts> subtract(final PrefixWithOptionalPorts other)
    {
        if (!overlaps(other))
        {
            return List.of();
        }
        final List<PrefixWithOptionalPorts> result = new ArrayList<>();
        if (ports == null && other.ports == null)
        {
            for (final Prefix piece : prefix.subtract(other.prefix))
            {
                result.add(of(piece));
            }
            return List.copyOf(result);
        }
        final boolean backToPlain = ports == null;
        final PortRange mine = effectivePorts();
        final PortRange theirs = other.effectivePorts();
        for (final PortRange piece : mine.subtract(theirs))
        {
            result.add(make(prefix, piece, backToPlain));
        }
        final PortRange common = mine.intersection(theirs).orElseThrow();
        for (final Prefix piece : prefix.subtract(other.prefix))
        {
            result.add(make(piece, common, backToPlain));
        }
        return List.copyOf(result);
    }

    private static PrefixWithOptionalPorts make(final Prefix prefix, final PortRange range, final boolean backToPlain)
    {
        return backToPlain && range.isMax() ? of(prefix) : of(prefix, range);
    }

    /**
     * The reference's merge: two P merge as prefixes; two PP merge if they have the same prefix (ranges merged)
     * or the same range (prefixes merged); for a mixed pair the same prefix gives the P, and a PP with the max
     * range gives a prefix merge (a P). Prefix merges keep {@link Prefix#merge}'s asymmetry: this value must be
     * the lower half.
     *
     * @param other the other value.
     * @return the merged value, or empty.
     */
    public Optional<PrefixWithOptionalPorts> merge(final PrefixWithOptionalPorts other)
    {
        if (ports == null && other.ports == null)
        {
            return prefix.merge(other.prefix).map(PrefixWithOptionalPorts::of);
        }
        if (ports != null && other.ports != null)
        {
            if (prefix.equals(other.prefix))
            {
                return ports.merge(other.ports).map(r -> of(prefix, r));
            }
            if (ports.equals(other.ports))
            {
                return prefix.merge(other.prefix).map(p -> of(p, ports));
            }
            return Optional.empty();
        }
        if (prefix.equals(other.prefix))
        {
            return Optional.of(of(prefix));
        }
        final PortRange ported = ports == null ? other.ports : ports;
        return ported.isMax() ? prefix.merge(other.prefix).map(PrefixWithOptionalPorts::of) : Optional.empty();
    }

    @Override
    public int compareTo(final PrefixWithOptionalPorts other)
    {
        if ((ports == null) != (other.ports == null))
        {
            return ports == null ? -1 : 1;
        }
        final int cmp = prefix.compareTo(other.prefix);
        if (cmp != 0 || ports == null)
        {
            return cmp;
        }
        return ports.compareTo(other.ports);
    }

    @Override
    public boolean equals(final Object obj)
    {
        if (!(obj instanceof PrefixWithOptionalPorts))
        {
            return false;
        }
        final PrefixWithOptionalPorts other = (PrefixWithOptionalPorts) obj;
        return prefix.equals(other.prefix) && (ports == null ? other.ports == null : ports.equals(other.ports));
    }

    @Override
    public int hashCode()
    {
        return prefix.hashCode() * 31 + (ports == null ? 0 : ports.hashCode() + 1);
    }

    /**
     * @return {@code 10.0.0.0/24} or {@code 10.0.0.0/24:80-443}.
     */
    @Override
    public String toString()
    {
        return ports == null ? prefix.toString() : prefix + ":" + ports;
    }
}
