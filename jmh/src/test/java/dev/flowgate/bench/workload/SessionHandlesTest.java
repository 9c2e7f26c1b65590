// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;

/** The fixtures' operations on sessions without flow objects, by the connections' handles. */
class SessionHandlesTest
{
    private static final long GENID = 5;

    private static PacketTemplates templates(final Mix mix)
    {
        return new TrafficGenerator(Topology.defaultTopology(), 0x5E55L).generate(mix, 512, 0.1);
    }

    private static FlowTable inlineTable(final PacketTemplates templates)
    {
        return FlowTable.create(FlowTableKind.LOCK_FREE, 4 * templates.connectionCount(), FlowInfoAccess.INLINE);
    }

    /** The genid of the session direction {@code key}, or -1 when it maps none. */
    private static long genidOf(final InlineSessions sessions, final FlowKey key)
    {
        final InlineFlowView read = new InlineFlowView();
        return sessions.find(key, read) < 0 ? -1 : read.genid;
    }

    @Test
    void shouldBuildSessionsWithTheirHandlesAndWords()
    {
        final PacketTemplates templates = templates(Mix.REALISTIC);
        final FlowTable table = inlineTable(templates);
        final SessionHandles handles = new SessionHandles(table, templates.connectionCount());
        final FlowInfo[] flows = templates.buildSessions(handles, GENID);
        assertEquals(templates.connectionCount(), handles.count());
        assertEquals(2L * templates.connectionCount(), table.size());
        final InlineFlowView read = new InlineFlowView();
        for (int t = 0; t < templates.size(); t++)
        {
            final int c = templates.connection(t);
            if (c < 0)
            {
                assertNull(flows[t]);
                continue;
            }
            assertSame(FlowInfo.INLINE_SESSION, flows[t]);
            assertSame(FlowInfo.INLINE_SESSION, table.lookup(templates.forwardKey(c)));
            final FlowKey key = templates.isReply(t) ? templates.reverseKey(c) : templates.forwardKey(c);
            assertTrue(handles.sessions().find(key, read) >= 0, "template " + t);
            assertEquals(FlowInfo.ACTIVE, read.status);
            assertEquals(templates.flowDstVni(t), read.dstVni);
            assertEquals(templates.packetClass(t) == PacketClass.STALE ? GENID - 1 : GENID, read.genid);
            // The handle names the forward direction; a reply's slot links to it.
            assertEquals(handles.slot(c), templates.isReply(t) ? read.peerSlot : read.handle, "template " + t);
        }
    }

    @Test
    void shouldPutStaleSessionsAGenidBehindByHandleWithoutAllocating()
    {
        final PacketTemplates templates = templates(Mix.STALE);
        final FlowTable table = inlineTable(templates);
        final SessionHandles handles = new SessionHandles(table, templates.connectionCount());
        final FlowInfo[] flows = templates.buildSessions(handles, GENID);
        final FlowInfo[] attached = new FlowInfo[32];
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final int first = (round * 32) % templates.size();
            // The flow-filter's re-stamp of the previous pass, then the attach that undoes it.
            for (int i = 0; i < 32; i++)
            {
                handles.setGenid(templates.connection((first + i) % templates.size()), GENID);
            }
            final long before = bean.getCurrentThreadAllocatedBytes();
            templates.attachFlows(flows, attached, first, 32, GENID, handles);
            allocated = bean.getCurrentThreadAllocatedBytes() - before;
            assertSame(FlowInfo.INLINE_SESSION, attached[7]);
        }
        assertEquals(0, allocated);
        for (int c = 0; c < templates.connectionCount(); c++)
        {
            assertEquals(GENID - 1, genidOf(handles.sessions(), templates.forwardKey(c)), "connection " + c);
            assertEquals(GENID - 1, genidOf(handles.sessions(), templates.reverseKey(c)), "its reverse");
        }
    }

    @Test
    void shouldRemoveASessionByItsHandle()
    {
        final PacketTemplates templates = templates(Mix.ESTABLISHED);
        final FlowTable table = inlineTable(templates);
        final SessionHandles handles = new SessionHandles(table, templates.connectionCount());
        templates.buildSessions(handles, GENID);
        final InlineFlowView read = new InlineFlowView();
        assertEquals(2, handles.remove(0));
        assertEquals(-1, genidOf(handles.sessions(), templates.forwardKey(0)));
        assertEquals(-1, genidOf(handles.sessions(), templates.reverseKey(0)));
        assertFalse(handles.setGenid(0, GENID), "a removed session's handle names nothing");
        assertEquals(GENID, genidOf(handles.sessions(), templates.forwardKey(1)), "the others stay");
        // A handle is found again by key, as the pipeline fixture finds the sessions its stages created.
        final SessionHandles found = new SessionHandles(table, templates.connectionCount());
        assertTrue(found.find(1, templates.forwardKey(1), read));
        assertEquals(handles.slot(1), found.slot(1));
        assertFalse(found.find(0, templates.forwardKey(0), read));
        assertFalse(found.isSession(0));
    }

    @Test
    void shouldHoldNoSessionsOverATableWithoutInlineState()
    {
        final PacketTemplates templates = templates(Mix.ESTABLISHED);
        final FlowTable table = FlowTable.create(FlowTableKind.LOCK_FREE, 64, FlowInfoAccess.SNAPSHOT);
        final SessionHandles handles = new SessionHandles(table, templates.connectionCount());
        assertNull(handles.sessions());
        assertFalse(handles.find(0, templates.forwardKey(0), new InlineFlowView()));
        assertEquals(0, handles.count());
        // The object modes' attach is unchanged.
        final FlowInfo[] flows = templates.buildFlows(FlowInfoAccess.SNAPSHOT, GENID);
        final FlowInfo[] attached = new FlowInfo[8];
        templates.attachFlows(flows, attached, 0, 8, GENID, handles);
        assertSame(flows[3], attached[3]);
    }
}
