// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.PacketBatch;

/**
 * The NAT stage benchmarks over both kinds of session: flow pairs (the object modes) and, under INLINE, sessions
 * without flow objects, attached as the sentinel with their reads. Their set-ups check the paths themselves (INLINE:
 * every established packet on the inline path); this runs them and the clean-up of the new-session passes.
 */
class NatBenchmarksTest
{
    @ParameterizedTest
    @EnumSource(value = FlowInfoAccess.class, names = {"SNAPSHOT", "SINGLE_LOCK", "INLINE"})
    void shouldRunTheMasqueradePathsAndCancelEveryNewSession(final FlowInfoAccess access)
    {
        final MasqueradeBenchmark b = new MasqueradeBenchmark();
        b.flowAccess = access;
        b.setUp();
        assertEquals(access == FlowInfoAccess.INLINE, b.establishedFlows[0] == FlowInfo.INLINE_SESSION,
            "INLINE: the stage created sessions without flow objects, attached as the sentinel");
        for (int round = 0; round < 3; round++)
        {
            NatBurst.check(b.established(), null);
        }
        // Each benchmark runs in its own fork: the new sessions (of the same keys) come after the established passes.
        for (int round = 0; round < 3; round++)
        {
            final PacketBatch fresh = b.newSession();
            NatBurst.check(fresh, null);
            for (int i = 0; i < MasqueradeBenchmark.BURST; i++)
            {
                assertNull(b.sessions.flow(b.table, i), access + ": session " + i + " cancelled");
            }
        }
        b.table.close();
    }

    @ParameterizedTest
    @EnumSource(value = FlowInfoAccess.class, names = {"SNAPSHOT", "SINGLE_LOCK", "INLINE"})
    void shouldRunThePortForwardPathsAndRemoveEveryNewConnection(final FlowInfoAccess access)
    {
        final PortForwardBenchmark b = new PortForwardBenchmark();
        b.flowAccess = access;
        b.setUp();
        assertEquals(access == FlowInfoAccess.INLINE, b.establishedFlows[1] == FlowInfo.INLINE_SESSION,
            "INLINE: the stage created sessions without flow objects, attached as the sentinel");
        for (int round = 0; round < 3; round++)
        {
            final long inline = b.stage.forwardedInline();
            NatBurst.check(b.established(), null);
            assertEquals(access == FlowInfoAccess.INLINE ? PortForwardBenchmark.BURST : 0,
                b.stage.forwardedInline() - inline);
        }
        for (int round = 0; round < 3; round++)
        {
            final PacketBatch fresh = b.newConnection();
            NatBurst.check(fresh, null);
            for (int i = 0; i < PortForwardBenchmark.BURST; i++)
            {
                assertNull(b.openings.flow(b.table, i), access + ": connection " + i + " removed");
            }
        }
        b.table.close();
    }
}
