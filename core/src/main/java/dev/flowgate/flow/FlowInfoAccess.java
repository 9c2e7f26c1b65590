// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * How the flow-filter reads a flow's information per packet ({@code flowAccess}). Every mode gives the same answers;
 * they differ in synchronisation cost (see {@link FlowInfoReader}). A {@link FlowInfo} is created for one mode, which
 * decides the synchronisation structure it carries.
 */
public enum FlowInfoAccess
{
    /** The reference's pattern: status re-read at each check, separate read locks for the VNI and the NAT state. */
    MULTI_LOCK,
    /** At most one status load, one genid load and one read lock per packet; later decisions use that copy. */
    SINGLE_LOCK,
    /** Like SINGLE_LOCK, but the copy is taken by a validated {@code StampedLock} optimistic read. */
    OPTIMISTIC,
    /** Like SINGLE_LOCK, but the locked fields live in an immutable object behind one volatile reference. */
    SNAPSHOT,
    /**
     * No object on the established path: status, genid, destination VNI and NAT rewrite are read from the
     * {@link FlowTableKind#LOCK_FREE} table's own arrays under a version check (docs/spec/flow-table.md section 11);
     * SNAPSHOT's object is the slow path. Needs a LOCK_FREE table built with inline state.
     */
    INLINE;

    /**
     * Whether this mode can run over a table kind (INLINE needs LOCK_FREE; every other mode runs over any kind).
     *
     * @param kind the table kind.
     * @return true when the combination is valid.
     */
    public boolean supports(final FlowTableKind kind)
    {
        return this != INLINE || kind == FlowTableKind.LOCK_FREE;
    }

    /**
     * The one-line refusal of an invalid combination, for configuration errors, the CLI and benchmark set-ups.
     *
     * @param kind the table kind.
     * @return the message, or null when {@link #supports(FlowTableKind)}.
     */
    public String refusal(final FlowTableKind kind)
    {
        return supports(kind) ? null : "flowAccess=INLINE needs flowTable=LOCK_FREE (the per-flow state lives in " +
            "that table's arrays), not flowTable=" + kind;
    }
}
