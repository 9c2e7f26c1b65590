// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.util.Arrays;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;

/**
 * Per connection of a fixture, the handle of its session when it has no flow objects (docs/spec/flow-table.md
 * section 11.13, P7: both slots map {@link FlowInfo#INLINE_SESSION}): the forward direction's slot, its key's tag and
 * the link to the reverse (slot and tag), as primitive arrays. What a fixture does to a connection's flows through
 * their objects ({@code setGenidPair}, two removals) it does to a session through these handles
 * ({@link InlineSessions}); connections with flow objects have no handle. The operations allocate nothing.
 */
public final class SessionHandles
{
    private final int[] slots;
    private final int[] tags;
    private final int[] peerSlots;
    private final int[] peerTags;
    private InlineSessions sessions;

    /**
     * Handles of {@code connections} connections over {@code table}, none recorded yet.
     *
     * @param table       the flow table.
     * @param connections the connections.
     */
    public SessionHandles(final FlowTable table, final int connections)
    {
        this(connections);
        bind(table);
    }

    /**
     * Handles of {@code connections} connections, none recorded yet, over no table until {@link #bind}: a fixture
     * that measures its table's heap allocates these arrays before the table.
     *
     * @param connections the connections.
     */
    public SessionHandles(final int connections)
    {
        this.slots = new int[connections];
        this.tags = new int[connections];
        this.peerSlots = new int[connections];
        this.peerTags = new int[connections];
        Arrays.fill(slots, -1);
    }

    /**
     * Sets the table the handles name slots of (before any is recorded).
     *
     * @param table the flow table.
     * @return this.
     */
    public SessionHandles bind(final FlowTable table)
    {
        sessions = sessionsOf(table);
        return this;
    }

    /**
     * The operations by handle over a table that can hold sessions without flow objects.
     *
     * @param table the flow table.
     * @return the sessions of a LOCK_FREE table with inline state, else null.
     */
    public static InlineSessions sessionsOf(final FlowTable table)
    {
        return table instanceof LockFreeFlowTable && ((LockFreeFlowTable) table).hasInlineState() ?
            new InlineSessions((LockFreeFlowTable) table) : null;
    }

    /**
     * The operations by handle.
     *
     * @return the sessions, or null when the table holds none.
     */
    public InlineSessions sessions()
    {
        return sessions;
    }

    /**
     * Records connection {@code c}'s handle from its forward key's session (set-up: {@link InlineSessions#find}).
     *
     * @param c       the connection.
     * @param forward its forward key.
     * @param scratch a view, left holding the read.
     * @return true when the key maps an active session (recorded), false otherwise (nothing recorded).
     */
    public boolean find(final int c, final FlowKey forward, final InlineFlowView scratch)
    {
        if (sessions == null || sessions.find(forward, scratch) < 0 || scratch.status != FlowInfo.ACTIVE)
        {
            return false;
        }
        record(c, scratch.handle, scratch.tag(), scratch.peerSlot, scratch.peerTag);
        return true;
    }

    /**
     * Records connection {@code c}'s handle.
     *
     * @param c        the connection.
     * @param slot     its forward direction's slot.
     * @param tag      the forward key's tag.
     * @param peerSlot the reverse direction's slot.
     * @param peerTag  the reverse key's tag.
     */
    public void record(final int c, final int slot, final int tag, final int peerSlot, final int peerTag)
    {
        slots[c] = slot;
        tags[c] = tag;
        peerSlots[c] = peerSlot;
        peerTags[c] = peerTag;
    }

    /**
     * Whether connection {@code c} is a session without flow objects.
     *
     * @param c the connection.
     * @return true when a handle was recorded.
     */
    public boolean isSession(final int c)
    {
        return slots[c] >= 0;
    }

    /**
     * The connections that are sessions.
     *
     * @return the count.
     */
    public int count()
    {
        int n = 0;
        for (final int slot : slots)
        {
            n += slot >= 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The forward direction's slot of connection {@code c}.
     *
     * @param c the connection.
     * @return the slot, or -1.
     */
    public int slot(final int c)
    {
        return slots[c];
    }

    /**
     * {@code setGenidPair} by handle: both directions' config generation ({@link InlineSessions#setGenid}).
     *
     * @param c     the connection, a session.
     * @param genid the generation.
     * @return false when the slots no longer hold the session.
     */
    public boolean setGenid(final int c, final long genid)
    {
        return sessions.setGenid(slots[c], tags[c], peerSlots[c], peerTags[c], genid);
    }

    /**
     * Both removals by handle ({@link InlineSessions#remove}).
     *
     * @param c the connection, a session.
     * @return the directions removed.
     */
    public int remove(final int c)
    {
        return sessions.remove(slots[c], tags[c], peerSlots[c], peerTags[c]);
    }
}
