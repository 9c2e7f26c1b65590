// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An inclusive range {@code [start, end]} of u16 ports, {@code start <= end}; an immutable value ordered by
 * start, then end.
 */
public final class PortRange implements Comparable<PortRange>
{
    /** The largest port. */
    public static final int MAX_PORT = 0xFFFF;
    /** The max range 0-65535. */
    public static final PortRange MAX = new PortRange(0, MAX_PORT);

    private final int start;
    private final int end;

    private PortRange(final int start, final int end)
    {
        this.start = start;
        this.end = end;
    }

    /**
     * @param start first port, 0..65535.
     * @param end   last port, start..65535.
     * @return the range.
     * @throws IllegalArgumentException if a bound is out of range or start &gt; end.
     */
    public static PortRange of(final int start, final int end)
    {
        if (start < 0 || end > MAX_PORT || start > end)
        {
            throw new IllegalArgumentException("invalid port range " + start + "-" + end);
        }
        return start == 0 && end == MAX_PORT ? MAX : new PortRange(start, end);
    }

    /**
     * Parses {@code FIRST-LAST} (decimal, inclusive).
     *
     * @param text the text.
     * @return the range.
     * @throws PrefixFormatException saying what is wrong.
     */
    public static PortRange parse(final String text)
    {
        final int dash = text.indexOf('-');
        if (dash < 0)
        {
            throw new PrefixFormatException("invalid port range \"" + text + "\": expected FIRST-LAST");
        }
        final int first = parsePort(text, text.substring(0, dash));
        final int last = parsePort(text, text.substring(dash + 1));
        if (first > last)
        {
            throw new PrefixFormatException("invalid port range \"" + text + "\": first port " + first +
                " is greater than last port " + last);
        }
        return of(first, last);
    }

    private static int parsePort(final String text, final String port)
    {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new PrefixFormatException("invalid port range \"" + text + "\": \"" + port + "\" is not a port");
        }
        final int value = Integer.parseInt(port);
        if (value > MAX_PORT)
        {
            throw new PrefixFormatException("invalid port range \"" + text + "\": port " + value + " > 65535");
        }
        return value;
    }

    /**
     * @return the first port.
     */
    public int start()
    {
        return start;
    }

    /**
     * @return the last port (inclusive).
     */
    public int end()
    {
        return end;
    }

    /**
     * @return the number of ports, 1..65536.
     */
    public int size()
    {
        return end - start + 1;
    }

    /**
     * @return true for 0-65535.
     */
    public boolean isMax()
    {
        return start == 0 && end == MAX_PORT;
    }

    /**
     * @param port a port.
     * @return true if {@code start <= port <= end}.
     */
    public boolean contains(final int port)
    {
        return port >= start && port <= end;
    }

    /**
     * @param other another range.
     * @return true if every port of {@code other} is in this range.
     */
    public boolean covers(final PortRange other)
    {
        return start <= other.start && other.end <= end;
    }

    /**
     * @param other another range.
     * @return true if the ranges share at least one port.
     */
    public boolean overlaps(final PortRange other)
    {
        return start <= other.end && other.start <= end;
    }

    /**
     * @param other another range.
     * @return the common ports, or empty.
     */
    public Optional<PortRange> intersection(final PortRange other)
    {
        if (!overlaps(other))
        {
            return Optional.empty();
        }
        return Optional.of(of(Math.max(start, other.start), Math.min(end, other.end)));
    }

    /**
     * This range minus {@code other}: at most two pieces, the part below {@code other} first, then the part
     * above.
     *
     * @param other the range to remove.
     * @return the pieces ({@code [this]} if they do not overlap).
     */
    public List<PortRange> subtract(final PortRange other)
    {
        if (!overlaps(other))
        {
            return List.of(this);
        }
        final List<PortRange> result = new ArrayList<>(2);
        if (start < other.start)
        {
            result.add(of(start, other.start - 1));
        }
        if (end > other.end)
        {
            result.add(of(other.end + 1, end));
        }
        return List.copyOf(result);
    }

    /**
     * @param other another range.
     * @return the union if the ranges overlap or are adjacent, otherwise empty.
     */
    public Optional<PortRange> merge(final PortRange other)
    {
        if (start > other.end + 1 || other.start > end + 1)
        {
            return Optional.empty();
        }
        return Optional.of(of(Math.min(start, other.start), Math.max(end, other.end)));
    }

    @Override
    public int compareTo(final PortRange other)
    {
        final int cmp = Integer.compare(start, other.start);
        return cmp != 0 ? cmp : Integer.compare(end, other.end);
    }

    @Override
    public boolean equals(final Object obj)
    {
        return obj instanceof PortRange && ((PortRange) obj).start == start && ((PortRange) obj).end == end;
    }

    @Override
    public int hashCode()
    {
        return start * 65537 + end;
    }

    /**
     * @return {@code FIRST-LAST}.
     */
    @Override
    public String toString()
    {
        return start + "-" + end;
    }
}
