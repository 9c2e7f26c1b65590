// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What every {@link FlowTable} shares: the look-up filter (active only, lazy identity removal), pair insertion,
 * scheduling on the wheel, and the capacity count.
 */
abstract class AbstractFlowTable implements FlowTable
{
    private static final VarHandle COUNT_VH;

    static
    {
        try
        {
            COUNT_VH = MethodHandles.lookup().findVarHandle(AbstractFlowTable.class, "count", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final int capacity;
    @SuppressWarnings("unused") // accessed through COUNT_VH
    private volatile int count;

    AbstractFlowTable(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The raw mapping of a key, whatever its status.
     *
     * @param key the key.
     * @return the mapped flow or null.
     */
    abstract FlowInfo get(FlowKey key);

    /**
     * Maps {@code flow.key()}; reserves capacity for a new key via {@link #reserve(boolean)}.
     *
     * @param flow  the flow.
     * @param force admit even when full (second half of a pair).
     * @return INSERTED, REPLACED or FULL.
     */
    abstract int put(FlowInfo flow, boolean force);

    @Override
    public FlowInfo lookup(final FlowKey key)
    {
        return activeOnly(key, get(key));
    }

    final FlowInfo activeOnly(final FlowKey key, final FlowInfo flow)
    {
        if (flow == null)
        {
            return null;
        }
        if (flow.isActive())
        {
            return flow;
        }
        remove(key, flow);
        return null;
    }

    @Override
    public final int insert(final FlowInfo flow)
    {
        return put(flow, false);
    }

    @Override
    public final int insert(final FlowInfo flow, final FlowTimerWheel wheel)
    {
        final int result = put(flow, false);
        if (result != FULL && wheel != null)
        {
            wheel.schedule(flow);
        }
        return result;
    }

    @Override
    public final int insertPair(final FlowInfo flow, final FlowTimerWheel wheel)
    {
        final FlowInfo other = flow.related();
        if (other == null)
        {
            throw new IllegalArgumentException("flow has no related flow: " + flow);
        }
        final int result = put(flow, false);
        if (result == FULL)
        {
            return FULL;
        }
        put(other, true);
        if (wheel != null)
        {
            wheel.schedule(flow);
            wheel.schedule(other);
        }
        return result;
    }

    @Override
    public final int size()
    {
        return lvCount();
    }

    @Override
    public final int capacity()
    {
        return capacity;
    }

    @Override
    public void close()
    {
    }

    /**
     * Reserves room for one more flow.
     *
     * @param force reserve even beyond the capacity.
     * @return false when full.
     */
    final boolean reserve(final boolean force)
    {
        if (force)
        {
            getAndAddCount(1);
            return true;
        }
        while (true)
        {
            final int c = lvCount();
            if (c >= capacity)
            {
                return false;
            }
            if (casCount(c, c + 1))
            {
                return true;
            }
        }
    }

    /**
     * Gives back one reservation (a removal, or a reservation not used).
     */
    final void release()
    {
        getAndAddCount(-1);
    }

    /** Volatile, pairs with {@link #casCount} and {@link #getAndAddCount}. */
    private int lvCount()
    {
        return (int) COUNT_VH.getVolatile(this);
    }

    /** CAS: a reservation within the capacity. */
    private boolean casCount(final int expect, final int update)
    {
        return COUNT_VH.compareAndSet(this, expect, update);
    }

    /** Atomic add (volatile): a forced reservation or a release, which no capacity check guards. */
    private int getAndAddCount(final int delta)
    {
        return (int) COUNT_VH.getAndAdd(this, delta);
    }
}
