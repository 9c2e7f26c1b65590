// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.stress.flow;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import dev.flowgate.flow.UnclaimedReplaceTable;

/**
 * Controls: {@link InlineSessionTests} over a deliberately broken table, with the same outcomes. Each must FAIL
 * (show a FORBIDDEN outcome); {@code ./flowgate test} fails when one passes.
 */
public final class InlineSessionControls
{
    private InlineSessionControls()
    {
    }

    /** {@link InlineSessionTests.ReplaceVersusRead} over a table whose replace does not hold the version odd. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the read saw the first pair and its words")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "the read saw the second pair and its words")
    @Outcome(id = "-2", expect = ACCEPTABLE, desc = "the read overlapped the replace: slow path")
    @Outcome(expect = FORBIDDEN, desc = "a flow with the other pair's words (-1), or a miss (-3)")
    @State
    public static class ReplaceVersusReadUnclaimed extends InlineSessionTests.ReplaceState
    {
        public ReplaceVersusReadUnclaimed()
        {
            super(new UnclaimedReplaceTable(LockFreeFlowTableTests.CAPACITY));
        }

        @Actor
        public void writer()
        {
            replace();
        }

        @Actor
        public void reader(final I_Result r)
        {
            r.r1 = read();
        }
    }
}
