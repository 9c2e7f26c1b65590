// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.HashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link FlowTableKind#SHARDED_LOCKED}: the reference's design (dashmap): {@link #SHARDS} shards chosen by the key
 * hash, each a {@link ReentrantReadWriteLock} around a {@link HashMap}. Look-ups take the shard's read lock, writes
 * its write lock. The reference's outer process-wide read-write lock around the whole map is not modelled.
 */
final class ShardedLockedFlowTable extends AbstractFlowTable
{
    /** The reference's shard count. */
    static final int SHARDS = 1024;

    private final ReentrantReadWriteLock[] locks = new ReentrantReadWriteLock[SHARDS];
    private final HashMap<FlowKey, FlowInfo>[] maps;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ShardedLockedFlowTable(final int capacity)
    {
        super(capacity);
        maps = new HashMap[SHARDS];
        final int perShard = Math.max(4, (int) (capacity * 4L / 3 / SHARDS) + 1);
        for (int i = 0; i < SHARDS; i++)
        {
            locks[i] = new ReentrantReadWriteLock();
            maps[i] = new HashMap<>(perShard);
        }
    }

    private static int shard(final FlowKey key)
    {
        return (int) (key.hash64() >>> 54);
    }

    @Override
    public FlowTableKind kind()
    {
        return FlowTableKind.SHARDED_LOCKED;
    }

    @Override
    FlowInfo get(final FlowKey key)
    {
        final int s = shard(key);
        final ReentrantReadWriteLock.ReadLock lock = locks[s].readLock();
        lock.lock();
        try
        {
            return maps[s].get(key);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    int put(final FlowInfo flow, final boolean force)
    {
        final FlowKey key = flow.key();
        final int s = shard(key);
        final boolean reserved = reserve(force);
        final ReentrantReadWriteLock.WriteLock lock = locks[s].writeLock();
        lock.lock();
        try
        {
            final HashMap<FlowKey, FlowInfo> map = maps[s];
            if (!reserved)
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
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public FlowInfo remove(final FlowKey key)
    {
        final int s = shard(key);
        final ReentrantReadWriteLock.WriteLock lock = locks[s].writeLock();
        lock.lock();
        try
        {
            final FlowInfo removed = maps[s].remove(key);
            if (removed != null)
            {
                release();
            }
            return removed;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(final FlowKey key, final FlowInfo flow)
    {
        final int s = shard(key);
        final ReentrantReadWriteLock.WriteLock lock = locks[s].writeLock();
        lock.lock();
        try
        {
            if (flow != null && maps[s].remove(key, flow))
            {
                release();
                return true;
            }
            return false;
        }
        finally
        {
            lock.unlock();
        }
    }
}
