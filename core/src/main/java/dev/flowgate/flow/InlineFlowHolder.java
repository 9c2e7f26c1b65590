// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * One flow held in a small {@link FlowTableKind#LOCK_FREE} table with inline state, for drivers of the flow-filter
 * alone (the scenario runner's {@code --stage flow-filter}, stage tests) under {@link FlowInfoAccess#INLINE}: the flow
 * given to the stage is published there with its inline state written from its object, and read back the way the
 * burst look-up reads it, so the stage decides from the inline words as in the pipeline. Not thread-safe; allocates
 * per {@link #hold} (set-up, not the data path).
 */
public final class InlineFlowHolder
{
    private final LockFreeFlowTable table = new LockFreeFlowTable(8, true);
    private final InlineFlowView forwardState = new InlineFlowView();
    private final InlineFlowView reverseState = new InlineFlowView();
    private final InlineFlowView view = new InlineFlowView();
    private FlowInfo held;

    /**
     * Holds {@code flow} (and its related flow) in place of the previous one, its inline state written from its
     * locked part (destination VNI, which NAT states it has) and its status and genid, and reads it back.
     *
     * @param flow an INLINE flow not published anywhere else.
     * @return the view as the burst look-up leaves it: usable only when the read was consistent and active.
     */
    public InlineFlowView hold(final FlowInfo flow)
    {
        if (held != null)
        {
            table.remove(held.key(), held);
            if (held.related() != null)
            {
                table.remove(held.related().key(), held.related());
            }
        }
        held = flow;
        if (flow.related() != null ? table.insertPair(flow, null) == FlowTable.FULL :
            table.insert(flow) == FlowTable.FULL)
        {
            throw new IllegalStateException("holder table full");
        }
        fill(forwardState, flow);
        if (flow.related() != null)
        {
            fill(reverseState, flow.related());
        }
        table.publishInlinePair(flow, forwardState, reverseState, 0L);
        if (table.readInline(flow.key(), view) < 0 || view.status != FlowInfo.ACTIVE)
        {
            view.clear();
        }
        return view;
    }

    private static void fill(final InlineFlowView state, final FlowInfo flow)
    {
        final FlowLockedState locked = flow.lockedState();
        final int kinds = (locked.natState() != null ? InlineFlowView.NAT_MASQUERADE : 0) |
            (locked.portFwState() != null ? InlineFlowView.NAT_PORT_FORWARDING : 0);
        state.state(locked.dstVni(), kinds | InlineFlowView.NAT_OBJECT, 0L, 0L, 0);
    }
}
