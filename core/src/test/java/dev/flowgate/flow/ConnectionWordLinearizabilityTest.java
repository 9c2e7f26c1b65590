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
 * docs/spec/flow-table.md section 11.13, P6: a port-forwarded connection's status lives in one connection word, in its
 * forward slot. Status transitions are written from either direction (the reverse one reaches the forward slot through
 * {@link LockFreeFlowTable#connectionOwner}) and read from either direction, while the connection is removed and its
 * slots reused by the next connection over the same keys, whose word must stay its creator's. The status bits are
 * those of the port-forwarding stage (bits 3..0 of the word); the rest of the word names the connection here.
 *
 * <p>Two controls must be rejected: a table where each direction keeps its own word (a transition made by the reverse
 * direction is not what the forward one reads next), and a writer without the check under its claim that the slot
 * still maps the connection (a transition decided before a removal lands in the next connection's word).
 *
 * <p>Limits: Lincheck explores interleavings under sequential consistency only; the fences the word relies on are the
 * seqlock's (section 11.7).
 */
@Tag("lincheck")
class ConnectionWordLinearizabilityTest
{
    private static final FlowKey FORWARD = KeylessStatusLinearizabilityTest.FORWARD;
    private static final FlowKey REVERSE = KeylessStatusLinearizabilityTest.REVERSE;
    private static final int STATUS_BITS = 0xF;
    private static final int PORT_FORWARDING = InlineFlowView.NAT_PORT_FORWARDING | InlineFlowView.NAT_V4;

    /** Connection 1 is created with the test; {@code reuse} creates connection 2 over the same keys. */
    @Param(name = "dir", gen = IntGen.class, conf = "0:1")
    @Param(name = "status", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        final LockFreeFlowTable table = newTable();
        final FlowInfo first = FlowInfo.keylessPair(1);
        final FlowInfo second = FlowInfo.keylessPair(2);
        private boolean reused;

        {
            create(table, first, 1);
        }

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        /** As the stage creates one: the word (connection id, status 0) in the forward slot only, then C1-C3. */
        static void create(final LockFreeFlowTable table, final FlowInfo forward, final int id)
        {
            final InlineFlowView fwd = new InlineFlowView().state(1, PORT_FORWARDING, 0L, 1L, 1).connection(id << 4);
            final InlineFlowView rev = new InlineFlowView().state(2, PORT_FORWARDING | InlineFlowView.NAT_SRC, 0L,
                2L, 2);
            table.insertInlinePair(forward, FORWARD, REVERSE, fwd, rev, null);
            table.publishInlinePair(forward, fwd, rev, 1L);
        }

        private FlowInfo direction(final int dir)
        {
            return dir == 0 ? first : first.related();
        }

        /** A packet of connection 1 in direction {@code dir} moves its status (full write, last writer wins). */
        @Operation
        public boolean transition(@Param(name = "dir") final int dir, @Param(name = "status") final int status)
        {
            final FlowInfo flow = direction(dir);
            final InlineFlowView view = new InlineFlowView();
            if (table.readInlineOf(flow, view) < 0)
            {
                return false;
            }
            final FlowInfo owner = table.connectionOwner(flow, view);
            return owner != null && table.updateConnection(owner, STATUS_BITS, status);
        }

        /** The status a packet of connection 1 in direction {@code dir} decides on, or -1 (no connection). */
        @Operation
        public int status(@Param(name = "dir") final int dir)
        {
            final FlowInfo flow = direction(dir);
            final InlineFlowView view = new InlineFlowView();
            if (table.readInlineOf(flow, view) < 0)
            {
                return -1;
            }
            final FlowInfo owner = table.connectionOwner(flow, view);
            return owner == null || table.readInlineOf(owner, view) < 0 ? -1 : view.connection & STATUS_BITS;
        }

        /** Removes connection 1 (forward, then reverse, as the wheel does). */
        @Operation
        public boolean remove()
        {
            final boolean removed = table.remove(null, first);
            table.remove(null, first.related());
            return removed;
        }

        /** Connection 2 over the same keys (replacing connection 1 if it is still there). */
        @Operation(nonParallelGroup = "reuse")
        public void reuse()
        {
            if (!reused)
            {
                reused = true;
                create(table, second, 2);
            }
        }

        /** Connection 2's word as its forward direction reads it: its creator's, status 0; -1 before it exists. */
        @Operation
        public int fresh()
        {
            final InlineFlowView view = new InlineFlowView();
            return table.readInlineOf(second, view) < 0 ? -1 : view.connection;
        }
    }

    /** Mutant: each direction reads and writes its own slot's word. */
    public static class PerDirectionOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
            {
                @Override
                FlowInfo connectionOwnerOf(final FlowInfo flow, final InlineFlowView read)
                {
                    return flow;
                }
            };
        }
    }

    /** Mutant: the connection writer does not check under its claim that its slot still maps the connection. */
    public static class StaleWriterOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true)
            {
                @Override
                boolean mapsUnderClaim(final int slot, final FlowInfo owner)
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
        return KeylessStatusLinearizabilityTest.directed(Spec.class, scenario);
    }

    private static Actor actor(final String operation, final Object... args)
    {
        return KeylessStatusLinearizabilityTest.actor(Ops.class, operation, args);
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
