// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flowgate.config.Expose;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineTestTables;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * docs/spec/flow-table.md section 11.13, P6: under INLINE a port-forwarded connection's status and rule live in one
 * connection word, in its forward slot. A transition made by one direction's worker is what the other direction's
 * worker decides on next (a table where each direction keeps its own copy must fail), and after configuration changes
 * the connection's rule is this configuration's rule of its mapping, re-pointed by section 3.4 step 1 when the mapping
 * is gone; a reference that is only a position in an older configuration's rules selects another mapping's rule and
 * must fail. Each step is compared with SNAPSHOT, whose connections keep their {@code PortForwardSession}.
 */
class PortForwardConnectionTest
{
    private static final int C = PortForwardStageTest.C;
    private static final int P = PortForwardStageTest.P;
    private static final long S = PortForwardStageTest.S;
    private static final int SYN = TcpDescriptor.SYN;
    private static final int ACK = TcpDescriptor.ACK;

    private static PacketBuilder client(final int flags)
    {
        return new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2").tcp(40000, 83).flags(flags);
    }

    private static PacketBuilder server(final int flags)
    {
        return new PacketBuilder().ipv4("10.50.0.2", "10.13.0.7").tcp(8083, 40000).flags(flags);
    }

    private static Packet run(
        final PortForwardStage stage, final PortForwardTables tables, final PacketBuilder frame, final int src,
        final int dst, final FlowInfo flow, final long now)
    {
        final PacketBatch batch = NatTestSupport.single(frame, src, dst, PacketMeta.REQ_PORT_FORWARDING);
        stage.process(batch, new FlowInfo[] {flow}, tables, now);
        return batch.packet(0);
    }

    private static FlowInfo clientFlow(final FlowTable table)
    {
        return table.lookup(new MutableFlowKey().ipv4Ports(C, ip("10.13.0.7"), ip("198.51.100.2"), 6, 40000, 83));
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.buffer().getBytes(0, out);
        return out;
    }

    /** The connection word of the forward slot. */
    private static int word(final LockFreeFlowTable table, final FlowInfo forward)
    {
        final InlineFlowView view = new InlineFlowView();
        assertTrue(table.readInlineOf(forward, view) >= 0, "forward slot mapped");
        return view.connection;
    }

    /**
     * SYN by worker 1, SYN-ACK by worker 2 (the reverse direction's transition to two-way), ACK by worker 1 again:
     * worker 1 must decide on worker 2's two-way and establish the connection.
     *
     * @param table      the table.
     * @param copyToBoth write the forward word into the reverse slot too after creation (the mutant's creator).
     * @return the connection's status after the ACK, as the forward slot holds it.
     */
    private static int handshakeOnTwoWorkers(final LockFreeFlowTable table, final boolean copyToBoth)
    {
        final PortForwardTables tables = PortForwardTables.build(PortForwardStageTest.overlay(
            PortForwardStageTest.forward(L4Protocol.TCP)));
        final PortForwardStage worker1 = new PortForwardStage(table, null, FlowInfoAccess.INLINE);
        final PortForwardStage worker2 = new PortForwardStage(table, null, FlowInfoAccess.INLINE);
        assertNull(run(worker1, tables, client(SYN), C, P, null, 0).meta().dropReason());
        final FlowInfo forward = clientFlow(table);
        assertNotNull(forward);
        if (copyToBoth)
        {
            table.updateConnection(forward.related(), -1, word(table, forward));
        }
        assertNull(run(worker2, tables, server(SYN | ACK), P, C, forward.related(), 0).meta().dropReason());
        assertNull(run(worker1, tables, client(ACK), C, P, forward, S).meta().dropReason());
        return word(table, forward) & PortForwardStage.STATUS_BITS;
    }

    @Test
    void shouldDecideOnTheOtherDirectionsTransition()
    {
        assertEquals(PortForwardSession.ESTABLISHED, handshakeOnTwoWorkers(new LockFreeFlowTable(1024, true), false));
    }

    @Test
    void shouldFailWithACopyPerDirection()
    {
        assertNotEquals(PortForwardSession.ESTABLISHED,
            handshakeOnTwoWorkers(InlineTestTables.perDirectionConnection(1024), true),
            "the mutant: the forward worker decides on its own copy, which never saw two-way");
    }

    /** Mapping ids of the mutant: a rule's position in its own configuration, valid in no other. */
    private static final class PositionIds extends PortForwardMappings
    {
        @Override
        int idOf(final PortForwardRule rule, final int position)
        {
            return position + 1;
        }
    }

    private static PortForwardTables tables(final PortForwardMappings ids, final Expose expose)
    {
        return PortForwardTables.build(PortForwardStageTest.overlay(expose), ids);
    }

    /**
     * A connection established under v1, then packets under v2 (same mapping, a 60 s idle timeout), v3 (a wider rule
     * that maps the connection the same way: section 3.4 step 1 re-points it) and v4 (the public range goes to other
     * private ports: filtered, the pair invalidated), on INLINE and SNAPSHOT side by side.
     *
     * @return the drop reason of the packet under v4 on INLINE.
     */
    private static DropReason configurationChanges(final PortForwardMappings ids)
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(1024, true);
        final PortForwardStage inline = new PortForwardStage(table, null, FlowInfoAccess.INLINE);
        final FlowTable snapTable = FlowTable.create(FlowTableKind.LOCK_FREE, 1024);
        final PortForwardStage snapshot = new PortForwardStage(snapTable, null, FlowInfoAccess.SNAPSHOT);
        final PortForwardTables v1 = tables(ids, PortForwardStageTest.forward(L4Protocol.TCP));
        final PortForwardTables v2 = tables(ids, Expose.builder().ips("10.50.0.0/30:8080-8089")
            .portForward(L4Protocol.TCP, "198.51.100.0/30:80-89").idleTimeout(Duration.ofSeconds(60)).build());
        final PortForwardTables v3 = tables(ids, Expose.builder().ips("10.50.0.0/29:8080-8089")
            .portForward(L4Protocol.TCP, "198.51.100.0/29:80-89").build());
        final PortForwardTables v4 = tables(ids, Expose.builder().ips("10.50.0.0/29:9080-9089")
            .portForward(L4Protocol.TCP, "198.51.100.0/29:80-89").build());
        run(inline, v1, client(SYN), C, P, null, 0);
        run(snapshot, v1, client(SYN), C, P, null, 0);
        final FlowInfo f = clientFlow(table);
        final FlowInfo g = clientFlow(snapTable);
        same(run(snapshot, v1, server(SYN | ACK), P, C, g.related(), 0),
            run(inline, v1, server(SYN | ACK), P, C, f.related(), 0), "SYN-ACK");
        same(run(snapshot, v2, client(ACK), C, P, g, S), run(inline, v2, client(ACK), C, P, f, S), "v2");
        assertEquals(g.expiresAt(), f.expiresAt(), "v2's established timeout, through the connection's mapping");
        assertEquals(61 * S, f.expiresAt());
        same(run(snapshot, v3, server(ACK), P, C, g.related(), 2 * S),
            run(inline, v3, server(ACK), P, C, f.related(), 2 * S), "v3, reverse");
        assertEquals(v3.ruleOf(word(table, f) >>> 4), v3.lookup4(C, 6, ip("198.51.100.2"), 83),
            "re-pointed: one write for both directions");
        same(run(snapshot, v3, client(ACK), C, P, g, 3 * S), run(inline, v3, client(ACK), C, P, f, 3 * S),
            "v3, forward");
        if (ids == PortForwardMappings.SHARED)
        {
            // SNAPSHOT re-points its session to v2's rule of the same mapping (2); INLINE's id already names it (1).
            assertEquals(2, snapshot.revalidated());
            assertEquals(1, inline.revalidated(), "only v3's re-point by section 3.4 step 1 writes the word");
        }
        final Packet expected = run(snapshot, v4, client(ACK), C, P, g, 4 * S);
        final Packet actual = run(inline, v4, client(ACK), C, P, f, 4 * S);
        assertEquals(DropReason.FILTERED, expected.meta().dropReason());
        if (actual.meta().dropReason() == DropReason.FILTERED)
        {
            assertEquals(FlowInfo.CANCELLED, f.status());
            assertEquals(FlowInfo.CANCELLED, f.related().status());
        }
        return actual.meta().dropReason();
    }

    private static void same(final Packet expected, final Packet actual, final String what)
    {
        assertEquals(expected.meta().dropReason(), actual.meta().dropReason(), what + ": drop reason");
        assertArrayEquals(bytes(expected), bytes(actual), what + ": bytes");
    }

    @Test
    void shouldRepointTheRuleAndNeverUseAStaleOne()
    {
        assertEquals(DropReason.FILTERED, configurationChanges(PortForwardMappings.SHARED));
    }

    @Test
    void shouldFailWithAPositionInAnOlderConfiguration()
    {
        assertNotEquals(DropReason.FILTERED, configurationChanges(new PositionIds()),
            "the mutant: v3's position 1 names v4's rule of another mapping, used as is");
    }
}
