// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;

/**
 * What the NAT stages share about the INLINE established path (docs/spec/nat.md section 2.9): when a packet's inline
 * read may be used, and the translated address it carries.
 */
final class NatInline
{
    private NatInline()
    {
    }

    /**
     * The table whose inline state a stage reads and writes.
     *
     * @return the table when {@code access} is INLINE and the table carries inline state, else null.
     */
    static LockFreeFlowTable table(final FlowTable flowTable, final FlowInfoAccess access)
    {
        return access == FlowInfoAccess.INLINE && flowTable instanceof LockFreeFlowTable &&
            ((LockFreeFlowTable) flowTable).hasInlineState() ? (LockFreeFlowTable) flowTable : null;
    }

    /**
     * Whether the read is usable for the packet's flow, carries state of {@code kind} with the rewrite inline and is
     * of the packet's family.
     */
    static boolean usable(final InlineFlowView view, final FlowInfo flow, final int kind, final boolean ipv6)
    {
        if (view == null || !view.usable() || view.flow != flow)
        {
            return false;
        }
        final int flags = view.natFlags;
        return (flags & kind) != 0 && (flags & InlineFlowView.NAT_OBJECT) == 0 &&
            (flags & (ipv6 ? InlineFlowView.NAT_V6 : InlineFlowView.NAT_V4)) != 0;
    }

    /** High half of the translated address (0 for IPv4). */
    static long hi(final InlineFlowView view)
    {
        return view.nat6Hi;
    }

    /** Low half of the translated address (the IPv4 address, unsigned, for IPv4). */
    static long lo(final InlineFlowView view)
    {
        return (view.natFlags & InlineFlowView.NAT_V6) != 0 ? view.nat6Lo : view.natAddress & 0xFFFF_FFFFL;
    }
}
