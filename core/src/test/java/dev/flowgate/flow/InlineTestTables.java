// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/** Inline tables for the tests of other packages. */
public final class InlineTestTables
{
    private InlineTestTables()
    {
    }

    /**
     * A table with inline state whose seqlock reads all fail their version re-check (S6), as if a writer always came
     * between: every read is {@link LockFreeFlowTable#INLINE_SLOW}, so a slow path must take the state's claim.
     *
     * @param capacity the capacity.
     * @return the table.
     */
    public static LockFreeFlowTable alwaysSlowReads(final int capacity)
    {
        return new LockFreeFlowTable(capacity, true)
        {
            @Override
            boolean seqUnchanged(final int base, final long seq)
            {
                return false;
            }
        };
    }

    /**
     * A table with inline state whose {@link LockFreeFlowTable#sessionSide} ignores the peer link (section 11.13, P5,
     * step A3 removed): any flow that holds a side's slot and tag counts as that side.
     *
     * @param capacity the capacity.
     * @return the table.
     */
    public static LockFreeFlowTable sessionSideWithoutPeerCheck(final int capacity)
    {
        return new LockFreeFlowTable(capacity, true)
        {
            @Override
            boolean samePeer(final InlineFlowView view, final int peerSlot, final int peerTag)
            {
                return true;
            }
        };
    }

    /**
     * One direction's status of a session without flow objects, by the handle and link of {@code read} (H4's two
     * steps for this direction alone: the status under the claim, then the hint), as a per-direction expiry would.
     *
     * @param read   a read of the direction ({@link InlineSessions#find}).
     * @param status the status.
     * @return false when the slot no longer holds the session.
     */
    public static boolean setDirectionStatus(final InlineFlowView read, final int status)
    {
        return new InlineSessions(read.table).invalidateDirection(read.handle, read.tag(),
            InlineFlowView.peer(read.peerSlot, read.peerTag), false, status);
    }

    /**
     * Removes one direction of a session without flow objects while it is still active (D2 from its current word).
     *
     * @param read a read of the direction ({@link InlineSessions#find}).
     * @return false when the slot no longer holds a session with its tag.
     */
    public static boolean removeDirection(final InlineFlowView read)
    {
        final long c = read.table.ctrlAcquire(read.handle);
        return LockFreeFlowTable.mapsTag(c, read.tag()) && read.table.removeSessionAt(read.handle, c);
    }
}
