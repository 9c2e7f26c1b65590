// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

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
 * docs/spec/flow-table.md section 11.13, P6 over sessions (P7, PF3-PF4): a port-forwarded connection's status lives in
 * one connection word, in its forward slot. Status transitions are written from either direction (a packet reads its
 * own slot by its handle; the reverse one reaches the forward slot through its link, {@link InlineSessions#readLinked},
 * and writes by the forward handle, {@link InlineSessions#updateConnection}) and read from either direction, while the
 * connection is removed and its forward slot reused by the next connection of the same forward key (another reverse
 * key, as a second translation), whose word must stay its creator's. The status bits are those of the port-forwarding
 * stage (bits 3..0 of the word); the rest of the word names the connection here.
 *
 * <p>Two controls must be rejected: a connection word per direction (each packet reads and writes its own slot's word:
 * a transition made by the reverse direction is not what the forward one reads next), and a writer without the link
 * check under its claim (a transition decided before a removal lands in the next connection's word).
 *
 * <p>Limits: Lincheck explores interleavings under sequential consistency only; the fences the word relies on are the
 * seqlock's (section 11.7).
 */
@Tag("lincheck")
class ConnectionWordLinearizabilityTest
{
    private static final FlowKey FORWARD = LockFreeFlowTableLinearizabilityTest.COLLIDING[1];
    private static final FlowKey REVERSE = LockFreeFlowTableLinearizabilityTest.COLLIDING[2];
    private static final FlowKey NEXT_REVERSE = LockFreeFlowTableLinearizabilityTest.COLLIDING[3];
    private static final int STATUS_BITS = 0xF;
    private static final int PORT_FORWARDING = InlineFlowView.NAT_PORT_FORWARDING | InlineFlowView.NAT_V4;

    /** Connection 1 is created with the test; {@code reuse} creates connection 2 over the same forward key. */
    @Param(name = "dir", gen = IntGen.class, conf = "0:1")
    @Param(name = "status", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        final InlineSessions sessions = newSessions(table);
        /** Connection 1's forward words, and its long-lived forward handle (slot and link, filled by N1 and C'). */
        final InlineFlowView first = new InlineFlowView();
        /** The handle of a packet of connection 1 in each direction: the slot and the word its look-up validated. */
        final InlineFlowView[] packets = {new InlineFlowView(), new InlineFlowView()};
        private boolean reused;

        {
            create(sessions, first, REVERSE, 1);
            sessions.find(FORWARD, packets[0]);
            sessions.find(REVERSE, packets[1]);
        }

        InlineSessions newSessions(final LockFreeFlowTable t)
        {
            return new InlineSessions(t);
        }

        /** As the stage creates one: the word (connection id, status 0) in the forward slot only, then C'. */
        static void create(final InlineSessions sessions, final InlineFlowView fwd, final FlowKey reverse, final int id)
        {
            fwd.state(1, PORT_FORWARDING, 0L, 1L, 1).connection(id << 4);
            final InlineFlowView rev = new InlineFlowView().state(2, PORT_FORWARDING | InlineFlowView.NAT_SRC, 0L,
                2L, 2);
            sessions.insertPair(FORWARD, reverse, fwd, rev);
            sessions.publishPair(FORWARD, reverse, fwd, rev, 1L);
        }

        /** The read of connection 1's direction {@code dir} by its packet's handle (Q1'), or null. */
        private InlineFlowView read(final int dir)
        {
            final InlineFlowView v = new InlineFlowView();
            v.handle = packets[dir].handle;
            v.ctrl = packets[dir].ctrl;
            v.table = table;
            return table.readSession(v, v) < 0 ? null : v;
        }

        /** PF3: the read that holds the connection word: the forward's own, else the linked forward's; or null. */
        InlineFlowView owner(final InlineFlowView read)
        {
            if ((read.natFlags & InlineFlowView.NAT_SRC) == 0)
            {
                return read;
            }
            final InlineFlowView owner = new InlineFlowView();
            return sessions.readLinked(read, owner) < 0 ? null : owner;
        }

        /** A packet of connection 1 in direction {@code dir} moves its status (full write, last writer wins). */
        @Operation
        public boolean transition(@Param(name = "dir") final int dir, @Param(name = "status") final int status)
        {
            final InlineFlowView read = read(dir);
            final InlineFlowView owner = read == null ? null : owner(read);
            return owner != null && sessions.updateConnection(owner.handle, owner.tag(), owner.peerSlot, owner.peerTag,
                STATUS_BITS, status);
        }

        /** The status a packet of connection 1 in direction {@code dir} decides on, or -1 (no connection). */
        @Operation
        public int status(@Param(name = "dir") final int dir)
        {
            final InlineFlowView read = read(dir);
            final InlineFlowView owner = read == null ? null : owner(read);
            return owner == null ? -1 : owner.connection & STATUS_BITS;
        }

        /** Removes connection 1 by its forward handle (both directions, as the wheel does). */
        @Operation
        public boolean remove()
        {
            return sessions.remove(first.slot, InlineFlowView.tagOf(FORWARD), first.peerSlot, first.peerTag) > 0;
        }

        /** Connection 2 over the same forward key (replacing connection 1's forward if it is still there). */
        @Operation(nonParallelGroup = "reuse")
        public void reuse()
        {
            if (!reused)
            {
                reused = true;
                create(sessions, new InlineFlowView(), NEXT_REVERSE, 2);
            }
        }

        /** Connection 2's word as its forward direction reads it: its creator's, status 0; -1 before it exists. */
        @Operation
        public int fresh()
        {
            final InlineFlowView view = new InlineFlowView();
            return sessions.find(FORWARD, view) < 0 || view.peerTag != InlineFlowView.tagOf(NEXT_REVERSE) ? -1 :
                view.connection;
        }
    }

    /** Mutant: each direction reads and writes its own slot's word. */
    public static class PerDirectionOps extends Ops
    {
        @Override
        InlineFlowView owner(final InlineFlowView read)
        {
            return read;
        }
    }

    /** Mutant: the connection writer does not check the link under its claim (nor does the removal). */
    public static class StaleWriterOps extends Ops
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

    /** One status per connection, shared by both directions; connection 2 replaces or follows connection 1. */
    public static class Spec
    {
        private boolean first = true;
        private int status;
        private boolean second;

        public boolean transition(final int dir, final int newStatus)
        {
            if (first)
            {
                status = newStatus;
            }
            return first;
        }

        public int status(final int dir)
        {
            return first ? status : -1;
        }

        public boolean remove()
        {
            final boolean removed = first;
            first = false;
            return removed;
        }

        public void reuse()
        {
            if (!second)
            {
                second = true;
                first = false;
            }
        }

        public int fresh()
        {
            return second ? 2 << 4 : -1;
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Spec && first == ((Spec) o).first && status == ((Spec) o).status &&
                second == ((Spec) o).second;
        }

        @Override
        public int hashCode()
        {
            return (first ? 1 : 0) + status * 3 + (second ? 64 : 0);
        }
    }

    /** Both directions move the status at once; then each direction reads the one result. */
    private static ExecutionScenario bothDirections()
    {
        return new ExecutionScenario(List.of(),
            List.of(List.of(actor("transition", 1, 2), actor("status", 0)), List.of(actor("transition", 0, 1))),
            List.of(actor("status", 0), actor("status", 1)), null);
    }

    /** A transition decided before the connection's removal races the removal and the slots' reuse. */
    private static ExecutionScenario transitionDuringReuse()
    {
        return new ExecutionScenario(List.of(),
            List.of(List.of(actor("transition", 1, 2)), List.of(actor("remove"), actor("reuse"))),
            List.of(actor("fresh")), null);
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
    void shouldShareOneStatusAcrossDirectionsAndReuseUnderModelChecking()
    {
        LockFreeFlowTableLinearizabilityTest.modelChecking(Spec.class).check(Ops.class);
        directed(bothDirections()).check(Ops.class); // the controls' budgets
        directed(transitionDuringReuse()).check(Ops.class);
    }

    @Test
    void shouldCatchACopyPerDirection()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("a connection word per direction",
            () -> directed(bothDirections()).check(PerDirectionOps.class));
    }

    @Test
    void shouldCatchAWriterWithoutTheCheckUnderItsClaim()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the connection writer without its check",
            () -> directed(transitionDuringReuse()).check(StaleWriterOps.class));
    }
}
