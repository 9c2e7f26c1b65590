// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * {@link FlowInfoAccess#INLINE}: every decision of the packet comes from the one consistent read of its slot's inline
 * state that the burst look-up left in the packet's {@link InlineFlowView} (status active by construction, genid,
 * destination VNI, NAT kind); the flow object is not loaded. A packet without a usable view (a writer was in the way,
 * the state was pending or inactive, or the caller has no views, as the stage-only drivers) takes the SNAPSHOT path on
 * its flow object, which every writer keeps in step (docs/spec/flow-filter.md section 5.1), or, for a session without
 * flow objects ({@link FlowInfo#INLINE_SESSION}), on one read of its slot by the packet's handle; steps 7 and 8 write
 * such a session by handle too (docs/spec/flow-table.md section 11.13, P7). Same load counts as the lazy modes: at most
 * one status load and one genid load per packet.
 */
final class InlineReader extends FlowInfoReader
{
    private final ObjectPath objectPath;
    private InlineFlowView view;
    /** The view's status was counted as this packet's one status load. */
    private boolean statusCounted;
    /** Sessions of the last table a session was written in (one per table, made on first use). */
    private InlineSessions sessions;

    InlineReader(final SyncCounter counter)
    {
        super(counter);
        objectPath = new ObjectPath(counter);
    }

    @Override
    public void begin(final FlowInfo attachedFlow, final long currentGenid)
    {
        begin(attachedFlow, null, currentGenid);
    }

    @Override
    public void begin(final FlowInfo attachedFlow, final InlineFlowView attachedView, final long currentGenid)
    {
        super.begin(attachedFlow, currentGenid);
        statusCounted = false;
        if (attachedFlow != null && attachedView != null && attachedView.usable() &&
            attachedView.flow == attachedFlow)
        {
            view = attachedView;
        }
        else
        {
            view = null;
            objectPath.handle = attachedView;
            objectPath.beginQuietly(attachedFlow, currentGenid);
        }
    }

    @Override
    void writeGenidPair(final long genid)
    {
        if (flow != FlowInfo.INLINE_SESSION)
        {
            super.writeGenidPair(genid);
            return;
        }
        final InlineFlowView read = sessionRead();
        if (read != null)
        {
            sessionsOf(read).setGenid(read, genid);
        }
    }

    @Override
    void writeInvalidPair()
    {
        if (flow != FlowInfo.INLINE_SESSION)
        {
            super.writeInvalidPair();
            return;
        }
        final InlineFlowView read = sessionRead();
        if (read != null)
        {
            sessionsOf(read).invalidate(read, FlowInfo.CANCELLED);
        }
    }

    /** This packet's read of its session (the burst's, or the object path's by handle), or null: gone meanwhile. */
    private InlineFlowView sessionRead()
    {
        if (view != null)
        {
            return view;
        }
        return objectPath.sessionSlot() ? objectPath.scratch : null;
    }

    private InlineSessions sessionsOf(final InlineFlowView read)
    {
        if (sessions == null || sessions.table() != read.table)
        {
            sessions = new InlineSessions(read.table);
        }
        return sessions;
    }

    @Override
    public boolean readInline()
    {
        return view != null;
    }

    @Override
    public boolean tryBypass()
    {
        final InlineFlowView v = view;
        if (v == null)
        {
            return copied(objectPath.tryBypass());
        }
        countStatus();
        counter.genidLoad();
        if (v.genid < pipelineGenid)
        {
            return false;
        }
        capture(v);
        return validState();
    }

    @Override
    public boolean hasActiveFlow()
    {
        if (view == null)
        {
            return objectPath.hasActiveFlow();
        }
        countStatus();
        return true;
    }

    @Override
    public int multiMatch()
    {
        final InlineFlowView v = view;
        if (v == null)
        {
            final int result = objectPath.multiMatch();
            copied(true);
            return result;
        }
        countStatus();
        capture(v);
        return multiMatchResult();
    }

    private void countStatus()
    {
        if (!statusCounted)
        {
            counter.statusLoad();
            statusCounted = true;
        }
    }

    private void capture(final InlineFlowView v)
    {
        dstVni = v.dstVni;
        hasNat = (v.natFlags & InlineFlowView.NAT_MASQUERADE) != 0;
        hasPortFw = (v.natFlags & InlineFlowView.NAT_PORT_FORWARDING) != 0;
    }

    private boolean copied(final boolean result)
    {
        dstVni = objectPath.dstVni;
        hasNat = objectPath.hasNat;
        hasPortFw = objectPath.hasPortFw;
        return result;
    }

    /**
     * The SNAPSHOT path on the flow object; a flow without a locked part (a session whose NAT words live only in its
     * slot, docs/spec/flow-table.md section 11.12) has its VNI and NAT kind read from its slot ({@code Q1-Q3}).
     */
    private static final class ObjectPath extends LazyFlowInfoReader
    {
        private final InlineFlowView scratch = new InlineFlowView();
        /** The packet's view: a session's handle even when its read was not usable (P7), or null. */
        private InlineFlowView handle;
        /** The flow whose slot {@link #scratch} holds a read of (one slow read per packet), or null. */
        private FlowInfo readOf;
        private boolean slotRead;

        ObjectPath(final SyncCounter counter)
        {
            super(counter);
        }

        /**
         * docs/spec/flow-table.md section 11.13, P3, T6: the slot owns status and genid of an INLINE flow, so the
         * object path decides on one slow read of the slot (Q1-Q3); a PENDING one, or no slot, leaves the object to
         * decide (the creator's C2 copies it).
         */
        private boolean slotState(final FlowInfo f)
        {
            if (readOf != f)
            {
                readOf = f;
                final LockFreeFlowTable table = f.inlineTable();
                slotRead = table != null && table.readInlineOf(f, scratch) >= 0 &&
                    scratch.status != InlineFlowView.PENDING;
            }
            return slotRead;
        }

        /**
         * P7: a session without flow objects is read by the packet's handle ({@link LockFreeFlowTable#readSession});
         * no read (gone since its look-up) is no session. Its PENDING status is active (its creator is still writing).
         */
        boolean sessionSlot()
        {
            if (readOf != FlowInfo.INLINE_SESSION)
            {
                readOf = FlowInfo.INLINE_SESSION;
                final InlineFlowView h = handle;
                slotRead = h != null && h.table != null && h.table.readSession(h, scratch) >= 0;
            }
            return slotRead;
        }

        @Override
        boolean loadActive(final FlowInfo f)
        {
            readOf = null; // the first load of a packet: a fresh read
            if (f == FlowInfo.INLINE_SESSION)
            {
                return sessionSlot() && (scratch.status == FlowInfo.ACTIVE || scratch.status == InlineFlowView.PENDING);
            }
            return slotState(f) ? scratch.status == FlowInfo.ACTIVE : f.isActive();
        }

        @Override
        long loadGenid(final FlowInfo f)
        {
            if (f == FlowInfo.INLINE_SESSION)
            {
                return sessionSlot() ? scratch.genid : 0L;
            }
            return slotState(f) ? scratch.genid : f.genid();
        }

        @Override
        void capture(final FlowInfo f)
        {
            if (f == FlowInfo.INLINE_SESSION)
            {
                final boolean read = sessionSlot();
                final int flags = read ? scratch.natFlags : 0;
                dstVni = read ? scratch.dstVni : 0;
                hasNat = (flags & InlineFlowView.NAT_MASQUERADE) != 0;
                hasPortFw = (flags & InlineFlowView.NAT_PORT_FORWARDING) != 0;
                return;
            }
            final FlowLockedState s = f.laSnapshot();
            final LockFreeFlowTable table = s == FlowLockedState.EMPTY ? f.inlineTable() : null;
            if (table != null && (readOf == f && slotRead || table.readInlineOf(f, scratch) >= 0))
            {
                final int flags = scratch.natFlags;
                dstVni = scratch.dstVni;
                hasNat = (flags & InlineFlowView.NAT_MASQUERADE) != 0;
                hasPortFw = (flags & InlineFlowView.NAT_PORT_FORWARDING) != 0;
                return;
            }
            dstVni = s.dstVni();
            hasNat = s.natState() != null;
            hasPortFw = s.portFwState() != null;
        }
    }
}
