// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;

/**
 * One packet's look-up as the pipeline's flow look-up leaves it: over a table with inline state the burst look-up
 * ({@link LockFreeFlowTable#lookupInlineBurst}), which gives a session's packet the sentinel flow and its handle in the
 * view (docs/spec/flow-table.md section 11.13, P7); over any other table the contract's look-up and no view.
 */
final class SessionLookup
{
    private final FlowTable table;
    private final FlowKey[] keys = new FlowKey[1];
    private final long[] hashes = new long[1];
    private final int[] viewOf = new int[1];
    /** The flow of the last look-up. */
    final FlowInfo[] flows = new FlowInfo[1];
    /** The view of the last look-up (null over a table without inline state). */
    final InlineFlowView[] views;

    SessionLookup(final FlowTable table)
    {
        this.table = table;
        this.views = isInline(table) ? new InlineFlowView[] {new InlineFlowView()} : null;
    }

    private static boolean isInline(final FlowTable table)
    {
        return table instanceof LockFreeFlowTable && ((LockFreeFlowTable) table).hasInlineState();
    }

    /** Looks {@code key} up into {@link #flows} and {@link #views} (a fresh view each time) and returns the flow. */
    FlowInfo lookUp(final FlowKey key)
    {
        if (views == null)
        {
            flows[0] = table.lookup(key);
            return flows[0];
        }
        views[0] = new InlineFlowView();
        keys[0] = key;
        ((LockFreeFlowTable) table).lookupInlineBurst(keys, hashes, flows, views, viewOf, 1);
        return flows[0];
    }

    /** The view of the last look-up, or null. */
    InlineFlowView view()
    {
        return views == null ? null : views[0];
    }

    /**
     * Runs the stage over one packet with a flow and a view of a look-up.
     *
     * @return the packet.
     */
    static Packet run(
        final PortForwardStage stage, final PacketBatch batch, final FlowInfo flow, final InlineFlowView view,
        final PortForwardTables tables, final long genid, final long now)
    {
        stage.process(batch, new FlowInfo[] {flow}, view == null ? null : new InlineFlowView[] {view}, tables, genid,
            now);
        return batch.packet(0);
    }
}
