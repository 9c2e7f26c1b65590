// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;

class FilterFixtureTest
{
    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldPassTheSetupCheckForEveryMixAndSetting(final FlowInfoAccess access)
    {
        for (final Mix mix : Mix.values())
        {
            for (final NatValidation validation : NatValidation.values())
            {
                for (final LookupKind lookup : LookupKind.values())
                {
                    final FilterFixture fixture = new FilterFixture(mix.label(), access, lookup, 32);
                    fixture.check(validation, access, mix + " " + validation + " " + access + " " + lookup);
                    // A second pass over the same flows takes the same paths (stale flows are re-aged).
                    fixture.check(validation, access, "second pass");
                }
            }
        }
    }

    @Test
    void shouldFailTheCheckWhenTheMixIsNotWhatTheStageSees()
    {
        final FilterFixture fixture =
            new FilterFixture("established", FlowInfoAccess.SNAPSHOT, LookupKind.COMPILED, 32);
        // Flows one generation behind are no longer bypassed: the check must refuse to measure that.
        for (final var flow : fixture.flows)
        {
            if (flow != null)
            {
                flow.setGenidPair(FilterFixture.GENID - 1);
            }
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> fixture.check(NatValidation.EARLY, FlowInfoAccess.SNAPSHOT, "wrong"));
        assertTrue(e.getMessage().contains("(expected 4096)") && !e.getMessage().contains("bypassed 4096"),
            e.getMessage());
    }

    @Test
    void shouldProcessRealisticBurstsWithoutAllocating()
    {
        final FilterFixture fixture = new FilterFixture("realistic", FlowInfoAccess.SNAPSHOT, LookupKind.COMPILED, 32);
        final FilterWorker worker = new FilterWorker(fixture, NatValidation.EARLY, FlowInfoAccess.SNAPSHOT);
        final VerdictCounters counters = new VerdictCounters();
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = -1;
        for (int round = 0; round < 20_000; round++)
        {
            final long before = bean.getCurrentThreadAllocatedBytes();
            worker.run(FlowFilterBenchmark.PACKETS, counters);
            allocated = bean.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated);
        assertEquals(20_000L * FlowFilterBenchmark.PACKETS, counters.accepted + counters.dropFiltered);
        assertTrue(counters.dropFiltered > 0);
    }
}
