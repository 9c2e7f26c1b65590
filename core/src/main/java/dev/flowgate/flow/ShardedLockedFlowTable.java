// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.HashMap;
import java.util.concurrent.locks.StampedLock;

/**
 * {@link FlowTableKind#SHARDED_LOCKED}: the reference's design (dashmap): {@link #SHARDS} shards chosen by the key
 * hash, each a read-write lock around a {@link HashMap}. Look-ups take the shard's read lock, writes its write lock.
 * The lock is a {@link StampedLock} used as a plain read-write lock: like the reference's, a read is two atomic RMW
 * on one word with no reader bookkeeping. The reference's outer process-wide read-write lock around the whole map is
 * not modelled.
 */
final class ShardedLockedFlowTable extends AbstractFlowTable
{
    /** The reference's shard count. */
    static final int SHARDS = 1024;

    private final StampedLock[] locks = new StampedLock[SHARDS];
    private final HashMap<FlowKey, FlowInfo>[] maps;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ShardedLockedFlowTable(final int capacity)
    {
        super(capacity);
        maps = new HashMap[SHARDS];
        final int perShard = Math.max(4, (int) (capacity * 4L / 3 / SHARDS) + 1);
        for (int i = 0; i < SHARDS; i++)
        {
            locks[i] = new StampedLock();
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
        final StampedLock lock = locks[s];
        final long stamp = lock.readLock();
        try
        {
            return maps[s].get(key);
        }
        finally
        {
            lock.unlockRead(stamp);
        }
    }

    @Override
    int put(final FlowInfo flow, final boolean force)
    {
        final FlowKey key = flow.key();
        final int s = shard(key);
        final boolean reserved = reserve(force);
        final StampedLock lock = locks[s];
        final long stamp = lock.writeLock();
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
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public FlowInfo remove(final FlowKey key)
    {
        final int s = shard(key);
        final StampedLock lock = locks[s];
        final long stamp = lock.writeLock();
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
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public boolean remove(final FlowKey key, final FlowInfo flow)
    {
        final int s = shard(key);
        final StampedLock lock = locks[s];
        final long stamp = lock.writeLock();
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
            lock.unlockWrite(stamp);
        }
    }
}
