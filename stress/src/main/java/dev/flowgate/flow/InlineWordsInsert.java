// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * Test access for the jcstress tests: the insert with inline words (docs/spec/flow-table.md section 11.12, N1-N2) that
 * sessions use, here of a keyed flow pair, whose references tell a reader which insert a read's flow comes from (a
 * session's sentinel is the same object in every insert).
 */
public final class InlineWordsInsert
{
    private InlineWordsInsert()
    {
    }

    /**
     * Inserts {@code forward} and its related flow with their words, replacing the flows of the same keys.
     *
     * @param table   a table with inline state.
     * @param forward the forward flow of a related pair.
     * @param fwd     the forward direction's words.
     * @param rev     the reverse direction's words.
     * @return as {@link FlowTable#insertPair}.
     */
    public static int insertPair(
        final LockFreeFlowTable table, final FlowInfo forward, final InlineFlowView fwd, final InlineFlowView rev)
    {
        final int result = table.put(forward, forward.key(), false, fwd);
        if (result != FlowTable.FULL)
        {
            table.put(forward.related(), forward.related().key(), true, rev);
        }
        return result;
    }
}
