// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.util.Arrays;
import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.13, P7: sessions without flow objects, named by handles. Two sessions share their
 * forward key and differ in their reverse keys (as two masquerade sessions of one 5-tuple with two translations): each
 * is created (N1, then the creator's C1-C3), invalidated and removed by its forward handle (slot, tag, link: H4, H5),
 * and looked up by the sessions' look-up (T3 by handle, which reports the session's VNI) and by the contract's look-up
 * (which returns the shared sentinel without loading the state while the hint is clear, I6). A look-up must never
 * find a session whose invalidation finished before it started, and a removal removes only its own session. Three
 * controls must be rejected: a creator that writes ACTIVE over any status (an invalidation between the publication and
 * the creator's write is lost, H3), a removal that does not check the link under the validated word (a stale handle
 * removes the next session of the key, H5), and an invalidation that sets the hint before it writes the status (the
 * design's first order: the creator's activation clears the hint between the two, I6).
 */
@Tag("lincheck")
class InlineSessionsLinearizabilityTest
{
    static final FlowKey FORWARD = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
    static final FlowKey[] REVERSE = {null, LockFreeFlowTableLinearizabilityTest.COLLIDING[2],
        LockFreeFlowTableLinearizabilityTest.COLLIDING[3]};

    /** The operations; a session is created at most once, so creations run in one thread. */
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        final InlineSessions sessions = newSessions(table);
        final boolean[] inserted = new boolean[3];
        /**
         * Each session's words; the forward's view is also its handle, whose slot N1 fills at the claim, before the
         * forward can be found (a handle read from a claim withdrawn, or not yet published, names no session).
         */
        final InlineFlowView[] fwd = {null, new InlineFlowView().state(1, 0, 0L, 0L, 0),
            new InlineFlowView().state(2, 0, 0L, 0L, 0)};
        final InlineFlowView[] rev = {null, new InlineFlowView().state(1, 0, 0L, 0L, 0),
            new InlineFlowView().state(2, 0, 0L, 0L, 0)};

        InlineSessions newSessions(final LockFreeFlowTable t)
        {
            return new InlineSessions(t);
        }

        @Operation(nonParallelGroup = "insert")
        public void insert(@Param(name = "val") final int val)
        {
            if (!inserted[val])
            {
                inserted[val] = true;
                sessions.insertPair(FORWARD, REVERSE[val], fwd[val], rev[val]);
                sessions.publishPair(FORWARD, REVERSE[val], fwd[val], rev[val], 1L);
            }
        }

        @Operation
        public boolean invalidate(@Param(name = "val") final int val)
        {
            final InlineFlowView h = fwd[val];
            return sessions.invalidate(h.slot, InlineFlowView.tagOf(FORWARD), h.peerSlot, h.peerTag,
                FlowInfo.CANCELLED);
        }

        @Operation
        public boolean remove(@Param(name = "val") final int val)
        {
            final InlineFlowView h = fwd[val];
            return sessions.remove(h.slot, InlineFlowView.tagOf(FORWARD), h.peerSlot, h.peerTag) > 0;
        }

        /** The sessions' look-up: the VNI of the session found (its number), or 0. */
        @Operation
        public int lookup()
        {
            final InlineFlowView view = new InlineFlowView();
            return sessions.lookup(FORWARD, view) < 0 ? 0 : view.dstVni;
        }

        /** The contract's look-up: whether a session is found (the sentinel, not loaded while the hint is clear). */
        @Operation
        public boolean found()
        {
            return table.lookup(FORWARD) == FlowInfo.INLINE_SESSION;
        }
    }

    /** Control: the creator writes ACTIVE whatever status it finds. */
    public static class BlindCreatorOps extends Ops
    {
        @Override
        InlineSessions newSessions(final LockFreeFlowTable t)
        {
            return new InlineSessions(t)
            {
                @Override
                long creatorMeta(final long meta, final int status)
                {
                    return meta & ~0xFFL | FlowInfo.ACTIVE;
                }
            };
        }
    }

    /** Control: the removal takes the slot's word without checking the link read under it. */
    public static class UncheckedLinkOps extends Ops
    {
        @Override
        InlineSessions newSessions(final LockFreeFlowTable t)
        {
            return new InlineSessions(t)
            {
                @Override
                boolean linkMatches(final long peer, final long link, final boolean orUnlinked)
                {
                    return true;
                }
            };
        }
    }

    /** Control: the invalidation sets the hint, then writes the status. */
    public static class HintFirstOps extends Ops
    {
        @Override
        InlineSessions newSessions(final LockFreeFlowTable t)
        {
            return new InlineSessions(t)
            {
                @Override
                boolean invalidateDirection(
                    final int s, final int tag, final long link, final boolean orUnlinked, final int status)
                {
                    table().setSessionHint(s, tag);
                    return writeStatus(s, tag, link, orUnlinked, status);
                }
            };
        }
    }

    /**
     * The sequential specification: the forward key maps the last session created until it is removed; a look-up of a
     * cancelled session removes it (lazily) and finds nothing.
     */
    public static class Spec
    {
        private int mapped;
        private final boolean[] inserted = new boolean[3];
        private final boolean[] cancelled = new boolean[3];

        public void insert(final int val)
        {
            if (!inserted[val])
            {
                inserted[val] = true;
                mapped = val;
            }
        }

        public boolean invalidate(final int val)
        {
            final boolean mine = mapped == val;
            cancelled[val] |= mine;
            return mine;
        }

        public boolean remove(final int val)
        {
            final boolean mine = mapped == val;
            mapped = mine ? 0 : mapped;
            return mine;
        }

        public int lookup()
        {
            if (mapped != 0 && cancelled[mapped])
            {
                mapped = 0;
            }
            return mapped;
        }

        public boolean found()
        {
            return lookup() != 0;
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Spec && mapped == ((Spec) o).mapped &&
                Arrays.equals(inserted, ((Spec) o).inserted) &&
                Arrays.equals(cancelled, ((Spec) o).cancelled);
        }

        @Override
        public int hashCode()
        {
            return mapped * 31 + Arrays.hashCode(inserted) * 7 + Arrays.hashCode(cancelled);
        }
    }

    /** H3's window: an invalidation between the forward's publication and the creator's write. */
    private static ExecutionScenario invalidateDuringCreation()
    {
        return new ExecutionScenario(List.of(), List.of(List.of(actor("insert", 1)), List.of(actor("invalidate", 1))),
            List.of(actor("found"), actor("lookup")), null);
    }

    /** H5's window: a stale handle's removal against the next session of the same forward key. */
    private static ExecutionScenario staleRemoval()
    {
        return new ExecutionScenario(List.of(actor("insert", 1)),
            List.of(List.of(actor("insert", 2)), List.of(actor("remove", 1))), List.of(actor("lookup")), null);
    }

    private static ModelCheckingOptions directed(final ExecutionScenario scenario)
    {
        return SlotOwnedStatusLinearizabilityTest.directed(Spec.class, scenario);
    }

    private static Actor actor(final String operation, final Object... args)
    {
        return SlotOwnedStatusLinearizabilityTest.actor(Ops.class, operation, args);
    }

    @Test
    void shouldKeepSessionsLinearizableUnderModelChecking()
    {
        LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).check(Ops.class);
        directed(invalidateDuringCreation()).check(Ops.class); // the controls' budgets
        directed(staleRemoval()).check(Ops.class);
    }

    @Test
    void shouldCatchACreatorThatOverwritesAnInvalidation()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the creator that writes ACTIVE blindly",
            () -> directed(invalidateDuringCreation()).check(BlindCreatorOps.class));
    }

    @Test
    void shouldCatchARemovalWithoutTheLinkCheck()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the removal without the link check",
            () -> directed(staleRemoval()).check(UncheckedLinkOps.class));
    }

    @Test
    void shouldCatchAnInvalidationThatSetsTheHintFirst()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the invalidation that sets the hint first",
            () -> directed(invalidateDuringCreation()).check(HintFirstOps.class));
    }
}
