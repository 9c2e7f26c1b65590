// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * One worker's expiry queue: a hashed timer wheel of intrusive doubly-linked lists threaded through the flows
 * themselves (no allocation). Owned by one thread: {@link FlowTable#insert(FlowInfo, FlowTimerWheel)} with this
 * wheel and {@link #expire} must be called from that thread only.
 *
 * <p>As in the reference's per-thread priority queues (docs/spec/flows.md section 2.3): a flow is scheduled at its
 * deadline when inserted; when its tick has fully elapsed it is visited once: if {@code now >= expiresAt()} or its
 * status is not active it is reaped (status EXPIRED, removed from the table by identity), otherwise it is rescheduled
 * at its current deadline (extending a deadline never touches the wheel). Each {@link #expire} call visits at most
 * {@code maxWork} flows and resumes where it stopped: amortised O(1) per flow, never a scan of the table. Lateness
 * is at most one tick plus the backlog that the work bound defers.
 */
public final class FlowTimerWheel
{
    private final FlowTable table;
    /** The table when it carries inline state (INLINE flows' packets only touch their slots' last-seen times). */
    private final LockFreeFlowTable inline;
    private final InlineFlowView scratch = new InlineFlowView();
    private final long tickNanos;
    private final int mask;
    private final FlowInfo[] heads;
    private long currentTick;
    private FlowInfo cursor;
    private int scheduled;

    /**
     * A wheel.
     *
     * @param table      the table flows are removed from.
     * @param tickNanos  the tick length in nanoseconds (e.g. 1 ms).
     * @param ticks      the number of buckets (rounded up to a power of two).
     * @param startNanos the current time.
     */
    public FlowTimerWheel(final FlowTable table, final long tickNanos, final int ticks, final long startNanos)
    {
        if (tickNanos < 1 || ticks < 1)
        {
            throw new IllegalArgumentException("tickNanos=" + tickNanos + " ticks=" + ticks);
        }
        final int size = Integer.highestOneBit(Math.max(2, ticks * 2 - 1));
        this.table = table;
        this.inline = table instanceof LockFreeFlowTable && ((LockFreeFlowTable) table).hasInlineState() ?
            (LockFreeFlowTable) table : null;
        this.tickNanos = tickNanos;
        this.mask = size - 1;
        this.heads = new FlowInfo[size];
        this.currentTick = Math.floorDiv(startNanos, tickNanos);
    }

    /**
     * Schedules a flow at its deadline, unless it is already on a wheel.
     *
     * @param flow the flow.
     */
    public void schedule(final FlowInfo flow)
    {
        if (flow.wheelOwner != null)
        {
            return;
        }
        flow.wheelOwner = this;
        link(flow, Math.floorDiv(flow.expiresAt(), tickNanos));
        scheduled++;
    }

    /**
     * Reaps due flows, visiting at most {@code maxWork} of them.
     *
     * @param nowNanos the current time.
     * @param maxWork  the most flows to visit in this call.
     * @return the number of flows reaped.
     */
    public int expire(final long nowNanos, final int maxWork)
    {
        final long nowTick = Math.floorDiv(nowNanos, tickNanos);
        int work = 0;
        int reaped = 0;
        if (scheduled == 0 && currentTick < nowTick)
        {
            currentTick = nowTick;
        }
        while (currentTick < nowTick && work < maxWork)
        {
            FlowInfo node = cursor != null ? cursor : heads[(int) currentTick & mask];
            while (node != null && work < maxWork)
            {
                final FlowInfo next = node.wheelNext;
                work++;
                if (node.wheelTick <= currentTick)
                {
                    unlink(node);
                    if (nowNanos >= node.expiresAt() && node.access() == FlowInfoAccess.INLINE && inline != null)
                    {
                        extendFromSlots(node, nowNanos);
                    }
                    if (nowNanos >= node.expiresAt() || node.status() != FlowInfo.ACTIVE)
                    {
                        node.status(FlowInfo.EXPIRED);
                        node.wheelOwner = null;
                        scheduled--;
                        table.remove(node.key(), node);
                        reaped++;
                    }
                    else
                    {
                        link(node, Math.floorDiv(node.expiresAt(), tickNanos));
                    }
                }
                node = next;
            }
            if (node == null)
            {
                cursor = null;
                currentTick++;
                work++; // an empty bucket costs a step too, so an idle gap is also bounded per call
            }
            else
            {
                cursor = node;
            }
        }
        return reaped;
    }

    /**
     * docs/spec/flow-table.md section 11.6: an INLINE flow's packets record their time in its slot, not in the
     * object; a deadline that passed moves to the pair's last packet time plus the flow's idle timeout first.
     */
    private void extendFromSlots(final FlowInfo node, final long nowNanos)
    {
        final long timeout = node.idleTimeout();
        final long last = inline.inlinePairLastSeen(node, scratch);
        scratch.clear();
        if (timeout > 0 && last != Long.MIN_VALUE && last + timeout > nowNanos)
        {
            node.expiresAt(last + timeout);
        }
    }

    /**
     * Flows currently on this wheel.
     *
     * @return the count.
     */
    public int scheduled()
    {
        return scheduled;
    }

    private void link(final FlowInfo flow, final long tick)
    {
        final long t = Math.max(tick, currentTick);
        final int bucket = (int) t & mask;
        final FlowInfo head = heads[bucket];
        flow.wheelTick = t;
        flow.wheelPrev = null;
        flow.wheelNext = head;
        if (head != null)
        {
            head.wheelPrev = flow;
        }
        heads[bucket] = flow;
    }

    private void unlink(final FlowInfo flow)
    {
        final FlowInfo prev = flow.wheelPrev;
        final FlowInfo next = flow.wheelNext;
        if (prev == null)
        {
            heads[(int) flow.wheelTick & mask] = next;
        }
        else
        {
            prev.wheelNext = next;
        }
        if (next != null)
        {
            next.wheelPrev = prev;
        }
        flow.wheelNext = null;
        flow.wheelPrev = null;
    }
}
