// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowView;

class FlowFilterContendedBenchmarkTest
{
    @ParameterizedTest
    @CsvSource({
        "established, SNAPSHOT", "stale, SNAPSHOT", "realistic, SNAPSHOT",
        "established, INLINE", "stale, INLINE", "realistic, INLINE",
        "stale, SINGLE_LOCK"})
    void shouldReStampOnlyTheFlowsOfCurrentGenerationTemplates(final String mix, final FlowInfoAccess access)
    {
        final FlowFilterContendedBenchmark b = new FlowFilterContendedBenchmark();
        b.mix = mix;
        b.natValidation = NatValidation.EARLY;
        b.flowAccess = access;
        b.lookup = LookupKind.COMPILED;
        b.burst = 32;
        b.setUp();
        final FilterFixture fixture = b.fixture;

        // The filter thread puts the stale flows a genid behind before each pass; then the writer covers them all.
        fixture.templates.attachFlows(fixture.flows, new FlowInfo[fixture.flows.length], 0, fixture.flows.length,
            FilterFixture.GENID, fixture.handles);
        final FlowFilterContendedBenchmark.Writer writer = new FlowFilterContendedBenchmark.Writer();
        for (int i = 0; i <= b.written.length / FlowFilterContendedBenchmark.WRITES; i++)
        {
            b.writer(writer);
        }

        int stale = 0;
        int fresh = 0;
        for (int t = 0; t < fixture.flows.length; t++)
        {
            final FlowInfo flow = fixture.flows[t];
            if (flow != null)
            {
                final boolean isStale = fixture.templates.packetClass(t) == PacketClass.STALE;
                stale += isStale ? 1 : 0;
                fresh += isStale ? 0 : 1;
                assertEquals(isStale ? FilterFixture.GENID - 1 : FilterFixture.GENID, genidOf(fixture, t),
                    mix + " " + access + ": genid of the flow of template " + t + " (" +
                    fixture.templates.packetClass(t) + ") after the writer");
            }
        }
        assertEquals(b.written.length, stale + fresh);
        int marked = 0;
        for (final boolean f : b.writtenFresh)
        {
            marked += f ? 1 : 0;
        }
        assertEquals(fresh, marked, mix + " " + access + ": flows the writer re-stamps");
        assertEquals(access == FlowInfoAccess.INLINE, fixture.flows[first(fixture)] == FlowInfo.INLINE_SESSION,
            "INLINE: sessions without flow objects");
        assertTrue(mix.equals("established") ? stale == 0 && fresh > 0 :
            mix.equals("stale") ? fresh == 0 && stale > 0 : stale > 0 && fresh > 0, "stale " + stale +
            ", fresh " + fresh);
    }

    /** The genid of template {@code t}'s flow: the object's, or its session's slot's (read by its key). */
    private static long genidOf(final FilterFixture fixture, final int t)
    {
        final FlowInfo flow = fixture.flows[t];
        if (flow != FlowInfo.INLINE_SESSION)
        {
            return flow.genid();
        }
        final int c = fixture.templates.connection(t);
        final InlineFlowView read = new InlineFlowView();
        assertTrue(fixture.handles.sessions().find(fixture.templates.isReply(t) ? fixture.templates.reverseKey(c) :
            fixture.templates.forwardKey(c), read) >= 0, "template " + t);
        return read.genid;
    }

    private static int first(final FilterFixture fixture)
    {
        int t = 0;
        while (fixture.flows[t] == null)
        {
            t++;
        }
        return t;
    }
}
