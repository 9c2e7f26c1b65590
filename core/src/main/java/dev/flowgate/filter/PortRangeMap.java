// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.PortRange;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * {@code AllPorts(value) | Ranges(sorted map range -> value)} (docs/spec/flow-filter.md section 1.5). Ranges are not
 * checked for disjointness, as in the reference. Mutable while a table is built, never afterwards.
 *
 * @param <T> the value type.
 */
final class PortRangeMap<T>
{
    /** Stands for "the packet has no port". */
    static final int NO_PORT = -1;

    private T all;
    private final TreeMap<PortRange, T> ranges;

    private PortRangeMap(final T all, final TreeMap<PortRange, T> ranges)
    {
        this.all = all;
        this.ranges = ranges;
    }

    /**
     * @param range a range, or null for all ports.
     * @param value the value.
     * @param <T>   the value type.
     * @return AllPorts(value) for null, otherwise Ranges{range: value} (even for the max range).
     */
    static <T> PortRangeMap<T> of(final PortRange range, final T value)
    {
        if (range == null)
        {
            return new PortRangeMap<>(value, null);
        }
        final TreeMap<PortRange, T> map = new TreeMap<>();
        map.put(range, value);
        return new PortRangeMap<>(null, map);
    }

    boolean isAllPorts()
    {
        return ranges == null;
    }

    T allPortsValue()
    {
        return all;
    }

    void setAllPortsValue(final T value)
    {
        all = value;
    }

    NavigableMap<PortRange, T> ranges()
    {
        return ranges;
    }

    /**
     * The reference's get: AllPorts gives its value; Ranges gives nothing without a port, otherwise the range with
     * the greatest (start, end) not above (port, 65535), if it contains the port.
     *
     * @param port a port, or {@link #NO_PORT}.
     * @return the value or null.
     */
    T get(final int port)
    {
        if (ranges == null)
        {
            return all;
        }
        if (port == NO_PORT)
        {
            return null;
        }
        final Map.Entry<PortRange, T> floor = ranges.floorEntry(PortRange.of(port, PortRange.MAX_PORT));
        return floor != null && port <= floor.getKey().end() ? floor.getValue() : null;
    }

    /**
     * @return true for AllPorts, or Ranges whose lengths add up to exactly 65536.
     */
    boolean coversAll()
    {
        if (ranges == null)
        {
            return true;
        }
        long sum = 0;
        for (final PortRange range : ranges.keySet())
        {
            sum += range.size();
        }
        return sum == PortRange.MAX_PORT + 1;
    }

    /**
     * @param port a port.
     * @return true for AllPorts, or if any range contains the port.
     */
    boolean coversPort(final int port)
    {
        if (ranges == null)
        {
            return true;
        }
        for (final PortRange range : ranges.keySet())
        {
            if (range.contains(port))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The trie's qualification test: covers the port when one is given, covers all ports otherwise.
     *
     * @param port a port or {@link #NO_PORT}.
     * @return true if this value qualifies.
     */
    boolean qualifies(final int port)
    {
        return port == NO_PORT ? coversAll() : coversPort(port);
    }
}
