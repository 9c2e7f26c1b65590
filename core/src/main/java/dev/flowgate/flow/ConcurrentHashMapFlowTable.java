// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FlowTableKind#CONCURRENT_HASH_MAP}: the JDK's map, keyed by each flow's immutable key (look-ups with a
 * mutable key allocate nothing; inserts allocate the map's node).
 */
final class ConcurrentHashMapFlowTable extends AbstractFlowTable
{
    private final ConcurrentHashMap<FlowKey, FlowInfo> map;

    ConcurrentHashMapFlowTable(final int capacity)
    {
        super(capacity);
        this.map = new ConcurrentHashMap<>(Math.max(16, (int) Math.min(1L << 30, capacity * 4L / 3 + 1)));
    }

    @Override
    public FlowTableKind kind()
    {
        return FlowTableKind.CONCURRENT_HASH_MAP;
    }

    @Override
    FlowInfo get(final FlowKey key)
    {
        return map.get(key);
    }

    @Override
    int put(final FlowInfo flow, final boolean force)
    {
        final FlowKey key = flow.key();
        if (!reserve(force))
        {
            return map.replace(key, flow) != null ? REPLACED : FULL;
        }
        if (map.put(key, flow) != null)
        {
            release();
            return REPLACED;
        }
        return INSERTED;
    }

    @Override
    public FlowInfo remove(final FlowKey key)
    {
        final FlowInfo removed = map.remove(key);
        if (removed != null)
        {
            release();
        }
        return removed;
    }

    @Override
    public boolean remove(final FlowKey key, final FlowInfo flow)
    {
        if (flow != null && map.remove(key, flow))
        {
            release();
            return true;
        }
        return false;
    }
}
