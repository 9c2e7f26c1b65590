// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

import dev.flowgate.flow.FlowTableKind;

class FlowTableBenchmarkTest
{
    private static final String PREFIX = "dev.flowgate.bench.flow.FlowTableBenchmark.";

    private static FlowTableBenchmark benchmark(final int flows)
    {
        final FlowTableBenchmark b = new FlowTableBenchmark();
        b.flowTable = FlowTableKind.LOCK_FREE;
        b.flows = flows;
        b.setUp();
        return b;
    }

    @Test
    void shouldDrawHitKeysFromEveryFlowOncePerCycle()
    {
        // Above the former 65,536-key order: a cycle of getHit must find every one of the flows, once.
        final int flows = 100_000;
        final FlowTableBenchmark b = benchmark(flows);
        try
        {
            final FlowTableBenchmark.Worker w = new FlowTableBenchmark.Worker();
            w.setUp(b);
            final BitSet seen = new BitSet(flows);
            for (final int i : w.order)
            {
                seen.set(i);
            }
            assertEquals(flows, w.order.length);
            assertEquals(flows, seen.cardinality(), "every flow in the order");
            final FlowTableBenchmark.LookupCounters counters = new FlowTableBenchmark.LookupCounters();
            final int invocations = (flows + FlowTableBenchmark.BURST - 1) / FlowTableBenchmark.BURST;
            for (int k = 0; k < invocations; k++)
            {
                b.getHit(w, counters);
            }
            assertEquals((long) invocations * FlowTableBenchmark.BURST, counters.hits);
            assertEquals(0, counters.misses);
            counters.verify(PREFIX + "getHit");
            counters.clear();
            b.getMiss(w, counters);
            assertEquals(FlowTableBenchmark.BURST, counters.misses);
            counters.verify(PREFIX + "getMiss");
        }
        finally
        {
            b.tearDown();
        }
    }

    @Test
    void shouldFailSetupWhenAHitKeyIsNotInTheTable()
    {
        final FlowTableBenchmark b = benchmark(10_000);
        try
        {
            // The broken variant: one flow of the order missing from the table.
            b.table.remove(b.infos[1234].key(), b.infos[1234]);
            final IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> new FlowTableBenchmark.Worker().setUp(b));
            assertTrue(failed.getMessage().contains("1 of 10000 hit keys are not in the table"), failed.getMessage());
        }
        finally
        {
            b.tearDown();
        }
    }

    @Test
    void shouldFailAnIterationWhoseLookupsContradictTheBenchmark()
    {
        final FlowTableBenchmark.LookupCounters counters = new FlowTableBenchmark.LookupCounters();
        counters.add(63, 64);
        for (final String hit : new String[] {"getHit", "getHitBurst", "getHitThreads2", "mixed", "mixedThreads2"})
        {
            assertThrows(IllegalStateException.class, () -> counters.verify(PREFIX + hit), hit);
        }
        assertThrows(IllegalStateException.class, () -> counters.verify(PREFIX + "getMiss"));
        counters.clear();
        counters.add(0, 64);
        counters.verify(PREFIX + "getMiss");
        assertThrows(IllegalStateException.class, () -> counters.verify(PREFIX + "getHit"));
    }
}
