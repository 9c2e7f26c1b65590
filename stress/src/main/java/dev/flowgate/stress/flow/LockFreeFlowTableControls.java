// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.stress.flow;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.NonAtomicClaimTable;
import dev.flowgate.flow.NonAtomicRemoveTable;
import dev.flowgate.flow.UnheldReplaceTable;
import dev.flowgate.flow.UnsealedPurgeTable;

/**
 * Controls: tests of {@link LockFreeFlowTableTests} over deliberately broken tables, with the same outcomes. Each
 * must FAIL (show a FORBIDDEN outcome); {@code ./flowgate test} runs them and fails when one passes, because then the
 * test it controls could not catch what it claims to.
 */
public final class LockFreeFlowTableControls
{
    private LockFreeFlowTableControls()
    {
    }

    /** {@link LockFreeFlowTableTests.InsertVersusInsert} over a table whose claim is a read, then a write. */
    @JCStressTest
    @Outcome(id = "0, 1, 1, 2", expect = ACCEPTABLE, desc = "first inserted, second replaced it")
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "second inserted, first replaced it")
    @Outcome(expect = FORBIDDEN, desc = "both or neither inserted, a duplicate slot or a lost entry")
    @State
    public static class InsertVersusInsertNonAtomicClaim
    {
        final FlowTable table = new NonAtomicClaimTable(LockFreeFlowTableTests.CAPACITY);

        @Actor
        public void first(final IIII_Result r)
        {
            r.r1 = table.insert(new FlowInfo(LockFreeFlowTableTests.K1, 1, FlowInfoAccess.SNAPSHOT));
        }

        @Actor
        public void second(final IIII_Result r)
        {
            r.r2 = table.insert(new FlowInfo(LockFreeFlowTableTests.K1, 2, FlowInfoAccess.SNAPSHOT));
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            LockFreeFlowTableTests.arbitrateInserts(table, r);
        }
    }

    /** {@link LockFreeFlowTableTests.PurgeVersusInsert} over a table whose purge does not seal the successor. */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "K1 mapped, size 1, K2 removed")
    @Outcome(expect = FORBIDDEN, desc = "K1 lost behind a purged slot, or a wrong size or removal")
    @State
    public static class PurgeVersusInsertUnsealed
    {
        final FlowTable table =
            LockFreeFlowTableTests.withK2(new UnsealedPurgeTable(LockFreeFlowTableTests.CAPACITY));
        final FlowInfo flow1 = new FlowInfo(LockFreeFlowTableTests.K1, LockFreeFlowTableTests.DEADLINE,
            FlowInfoAccess.SNAPSHOT);

        @Actor
        public void inserter()
        {
            table.insert(flow1);
        }

        @Actor
        public void remover()
        {
            table.remove(LockFreeFlowTableTests.K2);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            LockFreeFlowTableTests.arbitratePurge(table, flow1, r);
        }
    }

    /** {@link LockFreeFlowTableTests.RemoveVersusRemove} over a table whose flow CAS is a read, then a write. */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "the first removal won")
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE, desc = "the second removal won")
    @Outcome(expect = FORBIDDEN, desc = "both or neither removed the flow, or something is left")
    @State
    public static class RemoveVersusRemoveNonAtomic
    {
        final FlowTable table = new NonAtomicRemoveTable(LockFreeFlowTableTests.CAPACITY);
        final FlowInfo flow = new FlowInfo(LockFreeFlowTableTests.K1, LockFreeFlowTableTests.DEADLINE,
            FlowInfoAccess.SNAPSHOT);

        {
            table.insert(flow);
        }

        @Actor
        public void first(final IIII_Result r)
        {
            r.r1 = table.remove(LockFreeFlowTableTests.K1) == flow ? 1 : 0;
        }

        @Actor
        public void second(final IIII_Result r)
        {
            r.r2 = table.remove(LockFreeFlowTableTests.K1) == flow ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            LockFreeFlowTableTests.arbitrateRemovals(table, r);
        }
    }
    /** {@link LockFreeFlowTableTests.RemoveVersusReplace} over a table whose replace does not hold its word BUSY. */
    @JCStressTest
    @Outcome(id = "2, 2, 0, 0", expect = ACCEPTABLE, desc = "replaced first, then the removal took the new flow")
    @Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "removed first, then the new flow was inserted")
    @Outcome(expect = FORBIDDEN, desc = "a replace into a removed slot, the old flow back, or a wrong size")
    @State
    public static class RemoveVersusReplaceUnheld
    {
        final FlowTable table = new UnheldReplaceTable(LockFreeFlowTableTests.CAPACITY);
        final FlowInfo first = new FlowInfo(LockFreeFlowTableTests.K1, LockFreeFlowTableTests.DEADLINE,
            FlowInfoAccess.SNAPSHOT);
        final FlowInfo second = new FlowInfo(LockFreeFlowTableTests.K1, LockFreeFlowTableTests.DEADLINE,
            FlowInfoAccess.SNAPSHOT);

        {
            table.insert(first);
        }

        @Actor
        public void replacer(final IIII_Result r)
        {
            r.r1 = LockFreeFlowTableTests.replaced(table, second);
        }

        @Actor
        public void remover(final IIII_Result r)
        {
            r.r2 = LockFreeFlowTableTests.which(table.remove(LockFreeFlowTableTests.K1), first, second);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            r.r3 = table.size();
            r.r4 = LockFreeFlowTableTests.which(table.lookup(LockFreeFlowTableTests.K1), first, second);
        }
    }
}
