// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.Arrays;

/**
 * One worker's expiry queue: a hashed timer wheel of two kinds of entries, visited by one {@link #expire}. Owned by
 * one thread: the inserts that schedule on this wheel and {@link #expire} must be called from that thread only.
 *
 * <ul>
 *   <li>Flows (object modes, keyed INLINE flows): intrusive doubly-linked lists threaded through the flows themselves
 *   (no allocation). As in the reference's per-thread priority queues (docs/spec/flows.md section 2.3): a flow is
 *   scheduled at its deadline when inserted; when its tick has fully elapsed it is visited once: if
 *   {@code now >= expiresAt()} or its status is not active it is reaped (status EXPIRED, removed from the table by
 *   identity), otherwise it is rescheduled at its current deadline (extending a deadline never touches the
 *   wheel).</li>
 *   <li>Sessions without flow objects (docs/spec/flow-table.md section 11.13, P4 and P7's H6'): one node per session
 *   in a pool of parallel primitive arrays (forward slot and its key's tag, reverse slot and tag, next, tick), with a
 *   free list; the arrays double when full, so a steady session rate allocates nothing. A node is acted on only while
 *   its slot is LIVE with its tag, maps a session and links to the node's reverse (or to none yet); its deadline is the
 *   session's last-seen time plus the idle timeout named by the slot ({@link IdleTimeouts}), both read from the
 *   slots.</li>
 * </ul>
 * Each {@link #expire} call visits at most {@code maxWork} entries (an empty bucket costs a step) and resumes where it
 * stopped: amortised O(1) per entry, never a scan of the table. Lateness is at most one tick plus the backlog that
 * the work bound defers.
 */
public class FlowTimerWheel
{
    /** No node. */
    private static final int NONE = -1;
    /** Nodes of a new wheel's pool (it doubles when full). */
    private static final int INITIAL_NODES = 64;

    private final FlowTable table;
    /** The table when it carries inline state (INLINE flows' packets only touch their slots' last-seen times). */
    private final LockFreeFlowTable inline;
    /** Sessions without flow objects of {@link #inline} (section 11.13, P7), expired and removed by handle. */
    private final InlineSessions sessions;
    private final InlineFlowView scratch = new InlineFlowView();
    private final long tickNanos;
    private final int mask;
    private final FlowInfo[] heads;
    private long currentTick;
    private FlowInfo cursor;
    /** Flows on this wheel: one per flow entry, two per session node (one after it lost its forward direction). */
    private int scheduled;

    // Section 11.13, P4: the node pool of sessions without flow objects. Node n: slot and tag of the direction it
    // follows (the forward), slot and tag of the other (-1 once it follows the reverse alone), next in its bucket or in
    // the free list, and its tick.
    private final int[] nodeHeads;
    private int[] nodeSlot;
    private int[] nodeTag;
    private int[] nodePeerSlot;
    private int[] nodePeerTag;
    private int[] nodeNext;
    private long[] nodeTick;
    /** Head of the free list, or {@link #NONE}. */
    private int freeNodes = NONE;
    /** Nodes ever handed out: the pool grows when this reaches its length and the free list is empty. */
    private int usedNodes;
    /** The current bucket's nodes still to visit (detached from it), or {@link #NONE}. */
    private int nodeCursor = NONE;
    /** True once the current bucket's flows are done and its nodes are being visited. */
    private boolean inNodes;

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
        this.sessions = inline != null ? new InlineSessions(inline) : null;
        this.tickNanos = tickNanos;
        this.mask = size - 1;
        this.heads = new FlowInfo[size];
        this.nodeHeads = new int[size];
        Arrays.fill(nodeHeads, NONE);
        this.nodeSlot = new int[INITIAL_NODES];
        this.nodeTag = new int[INITIAL_NODES];
        this.nodePeerSlot = new int[INITIAL_NODES];
        this.nodePeerTag = new int[INITIAL_NODES];
        this.nodeNext = new int[INITIAL_NODES];
        this.nodeTick = new long[INITIAL_NODES];
        this.currentTick = Math.floorDiv(startNanos, tickNanos);
    }

    /**
     * Section 11.13, P7 (H6'): schedules a session without flow objects inserted and published by {@code sessions} of
     * this wheel's table, by its forward handle as {@link InlineSessions#insertPair} left it in {@code fwd} (H1: the
     * first deadline is the caller's, from its configuration). No allocation unless the node pool is full (it then
     * doubles).
     *
     * @param sessions   the sessions of this wheel's table.
     * @param forwardKey the forward key (its tag is the node's).
     * @param fwd        the forward's handle: slot and link.
     * @param deadline   the first deadline, nanoseconds.
     */
    public void scheduleSession(
        final InlineSessions sessions, final FlowKey forwardKey, final InlineFlowView fwd, final long deadline)
    {
        if (sessions.table() != inline)
        {
            throw new IllegalArgumentException("a wheel of another table, or of one without inline state");
        }
        final int n = takeNode();
        nodeSlot[n] = fwd.slot;
        nodeTag[n] = InlineFlowView.tagOf(forwardKey);
        nodePeerSlot[n] = fwd.peerSlot;
        nodePeerTag[n] = fwd.peerTag;
        linkNode(n, Math.floorDiv(deadline, tickNanos));
        scheduled += fwd.peerSlot >= 0 ? 2 : 1;
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
     * Reaps due flows and sessions, visiting at most {@code maxWork} entries.
     *
     * @param nowNanos the current time.
     * @param maxWork  the most entries to visit in this call.
     * @return the number of flows reaped (a session's two directions count two).
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
            final int bucket = (int) currentTick & mask;
            if (!inNodes)
            {
                FlowInfo node = cursor != null ? cursor : heads[bucket];
                while (node != null && work < maxWork)
                {
                    final FlowInfo next = node.wheelNext;
                    work++;
                    if (node.wheelTick <= currentTick)
                    {
                        reaped += visit(node, nowNanos);
                    }
                    node = next;
                }
                cursor = node;
                if (node != null)
                {
                    break;
                }
                // The bucket's nodes are detached: each is freed or linked again (possibly here) as it is visited.
                inNodes = true;
                nodeCursor = nodeHeads[bucket];
                nodeHeads[bucket] = NONE;
            }
            int n = nodeCursor;
            while (n != NONE && work < maxWork)
            {
                final int next = nodeNext[n];
                work++;
                reaped += visitNode(n, nowNanos);
                n = next;
            }
            nodeCursor = n;
            if (n != NONE)
            {
                break;
            }
            inNodes = false;
            currentTick++;
            work++; // an empty bucket costs a step too, so an idle gap is also bounded per call
        }
        return reaped;
    }

    /** A due flow: reaped (status EXPIRED, removed by identity), or linked again at its deadline. */
    private int visit(final FlowInfo node, final long nowNanos)
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
            return 1;
        }
        link(node, Math.floorDiv(node.expiresAt(), tickNanos));
        return 0;
    }

    /**
     * Section 11.13, P4, H2-H5: a node of the current bucket. Not due yet (a later turn of the wheel): linked again.
     * Else its slot is read; not LIVE with the node's tag, not a session, or linked to another reverse than the
     * node's: the node follows its reverse alone, or is freed when it has none. A valid session expires at its
     * last-seen time plus its idle timeout, or at once when not active.
     *
     * @return the flows reaped.
     */
    private int visitNode(final int n, final long nowNanos)
    {
        if (nodeTick[n] > currentTick)
        {
            linkNode(n, nodeTick[n]);
            return 0;
        }
        final InlineFlowView v = scratch;
        while (true)
        {
            final int r = readNode(n, v);
            if (r == LockFreeFlowTable.INLINE_SLOW)
            {
                linkNode(n, currentTick + 1); // a writer keeps the state: look again next tick
                return 0;
            }
            final int peer = nodePeerSlot[n];
            if (r >= 0 && v.flow == FlowInfo.INLINE_SESSION && (peer < 0 || linksTo(v, peer, nodePeerTag[n])))
            {
                return due(n, v, nowNanos);
            }
            if (peer < 0)
            {
                freeNode(n, 1);
                return 0;
            }
            // H3: the forward was removed, reused or paired again: its reverse may still be mapped.
            nodeSlot[n] = peer;
            nodeTag[n] = nodePeerTag[n];
            nodePeerSlot[n] = -1;
            scheduled--;
        }
    }

    /**
     * Test seam: H3's check that the forward read links to the node's reverse, or to none yet (the creator's C1 has
     * not run); overridable for the mutant without it, which follows a key re-paired by a replace and loses the old
     * reverse.
     */
    boolean linksTo(final InlineFlowView v, final int peer, final int peerTag)
    {
        return v.peerSlot < 0 || (v.peerSlot == peer && v.peerTag == peerTag);
    }

    /** H2: a seqlock read of the node's slot, checked LIVE with its tag; a writer in the way is retried 4 times. */
    private int readNode(final int n, final InlineFlowView v)
    {
        int r = LockFreeFlowTable.INLINE_SLOW;
        for (int tries = 0; tries < 4 && r == LockFreeFlowTable.INLINE_SLOW; tries++)
        {
            r = readSlot(nodeSlot[n], nodeTag[n], v);
        }
        return r;
    }

    /**
     * Test seam: H2's read, valid only while the slot is LIVE with the node's tag; overridable for the mutant that
     * does not check the tag (it would follow a reused slot's new flow).
     */
    int readSlot(final int slot, final int tag, final InlineFlowView v)
    {
        return inline.readInlineAt(slot, tag, v);
    }

    /**
     * Section 11.13, P7 (H6'): H4-H5 for the valid session read into {@code v}, everything from the slot. {@code
     * PENDING} at a visit is not active (no object can hold a status; a creator that failed its write never will); the
     * expiry is an invalidation by handle (H4: statuses, then hints), then the removal by handle (H5), both validated
     * against the link the node's slot was read with.
     */
    private int due(final int n, final InlineFlowView v, final long nowNanos)
    {
        final int slot = v.slot;
        final int tag = nodeTag[n];
        final int peerSlot = v.peerSlot;
        final int peerTag = v.peerTag;
        final int status = v.status;
        final long deadline = inline.pairLastSeen(v, nowNanos) + idleTimeout(v);
        v.clear();
        if (status == FlowInfo.ACTIVE && nowNanos < deadline)
        {
            linkNode(n, Math.floorDiv(deadline, tickNanos));
            return 0;
        }
        freeNode(n, nodePeerSlot[n] >= 0 ? 2 : 1);
        sessions.invalidate(slot, tag, peerSlot, peerTag, FlowInfo.EXPIRED);
        return sessions.remove(slot, tag, peerSlot, peerTag);
    }

    /**
     * Test seam: H4's idle timeout, the one the slot's index names; index 0 or one never interned fails safe to the
     * longest timeout known ({@link IdleTimeouts#nanos}), never to 0, which would expire the session at its last touch.
     * Overridable for the mutant that keeps the timeout of the schedule.
     */
    long idleTimeout(final InlineFlowView v)
    {
        return IdleTimeouts.nanos(v.idleTimeoutIndex);
    }

    /**
     * docs/spec/flow-table.md section 11.6: an INLINE flow's packets record their time in its slot, not in the
     * object; a deadline that passed moves to the pair's last packet time plus the flow's idle timeout first.
     */
    private void extendFromSlots(final FlowInfo node, final long nowNanos)
    {
        final long timeout = node.idleTimeout();
        final long last = inline.inlinePairLastSeen(node, scratch, nowNanos);
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

    /**
     * Test seam: the node pool's length (tests check that freed nodes are reused).
     *
     * @return the number of nodes the arrays hold.
     */
    int nodeCapacityForTest()
    {
        return nodeSlot.length;
    }

    /** A node from the free list, else a fresh one; the pool doubles when full (the only allocation). */
    private int takeNode()
    {
        final int free = freeNodes;
        if (free != NONE)
        {
            freeNodes = nodeNext[free];
            return free;
        }
        if (usedNodes == nodeSlot.length)
        {
            final int length = nodeSlot.length * 2;
            nodeSlot = Arrays.copyOf(nodeSlot, length);
            nodeTag = Arrays.copyOf(nodeTag, length);
            nodePeerSlot = Arrays.copyOf(nodePeerSlot, length);
            nodePeerTag = Arrays.copyOf(nodePeerTag, length);
            nodeNext = Arrays.copyOf(nodeNext, length);
            nodeTick = Arrays.copyOf(nodeTick, length);
        }
        return usedNodes++;
    }

    /** A visited node leaves the wheel ({@code flows}: those it counted in {@link #scheduled}). */
    private void freeNode(final int n, final int flows)
    {
        scheduled -= flows;
        recycleNode(n);
    }

    /** Test seam: returns a node to the free list; overridable for the mutant that never reuses a node. */
    void recycleNode(final int n)
    {
        nodeNext[n] = freeNodes;
        freeNodes = n;
    }

    /** Links node {@code n} at the head of the bucket of {@code tick} (never before the current tick). */
    private void linkNode(final int n, final long tick)
    {
        final long t = Math.max(tick, currentTick);
        final int bucket = (int) t & mask;
        nodeTick[n] = t;
        nodeNext[n] = nodeHeads[bucket];
        nodeHeads[bucket] = n;
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
