// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flowgate.config.Expose;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * docs/spec/flow-table.md section 11.13, P6: under INLINE a port-forwarded connection's status and rule live in one
 * connection word, in its forward slot. A transition made by one direction's worker is what the other direction's
 * worker decides on next (a stage where each direction keeps its own copy must fail), and after configuration changes
 * the connection's rule is this configuration's rule of its mapping, re-pointed by section 3.4 step 1 when the mapping
 * is gone; a reference that is only a position in an older configuration's rules selects another mapping's rule and
 * must fail. Each step is compared with SNAPSHOT, whose connections keep their {@code PortForwardSession}. Since P7 the
 * connection has no flow objects: its packets reach it by the handle their look-up left in their view.
 */
class PortForwardConnectionTest
{
    private static final int C = PortForwardStageTest.C;
    private static final int P = PortForwardStageTest.P;
    private static final long S = PortForwardStageTest.S;
    private static final int SYN = TcpDescriptor.SYN;
    private static final int ACK = TcpDescriptor.ACK;
    static final FlowKey CLIENT_KEY = new MutableFlowKey().ipv4Ports(C, ip("10.13.0.7"), ip("198.51.100.2"), 6, 40000,
        83).toImmutable();
    static final FlowKey SERVER_KEY = new MutableFlowKey().ipv4Ports(P, ip("10.50.0.2"), ip("10.13.0.7"), 6, 8083,
        40000).toImmutable();

    static PacketBuilder client(final int flags)
    {
        return new PacketBuilder().ipv4("10.13.0.7", "198.51.100.2").tcp(40000, 83).flags(flags);
    }

    static PacketBuilder server(final int flags)
    {
        return new PacketBuilder().ipv4("10.50.0.2", "10.13.0.7").tcp(8083, 40000).flags(flags);
    }

    /** A worker: its stage, and the look-up the pipeline does before it. */
    static final class Worker
    {
        final PortForwardStage stage;
        final SessionLookup lookup;

        Worker(final PortForwardStage stage, final FlowTable table)
        {
            this.stage = stage;
            this.lookup = new SessionLookup(table);
        }

        Worker(final FlowTable table, final FlowInfoAccess access)
        {
            this(new PortForwardStage(table, null, access), table);
        }

        /** A client packet (looked up by the client key), or a server packet. */
        Packet run(final PortForwardTables tables, final PacketBuilder frame, final boolean fromClient,
            final long genid, final long now)
        {
            final FlowInfo flow = lookup.lookUp(fromClient ? CLIENT_KEY : SERVER_KEY);
            return SessionLookup.run(stage, NatTestSupport.single(frame, fromClient ? C : P, fromClient ? P : C,
                PacketMeta.REQ_PORT_FORWARDING), flow, lookup.view(), tables, genid, now);
        }
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.buffer().getBytes(0, out);
        return out;
    }

    /** A read of one direction's slots by its key (its status, words, connection word and handle). */
    static InlineFlowView find(final LockFreeFlowTable table, final FlowKey key)
    {
        final InlineFlowView view = new InlineFlowView();
        assertTrue(new InlineSessions(table).find(key, view) >= 0, "a session of " + key);
        return view;
    }

    /** The connection word of the forward slot. */
    static int word(final LockFreeFlowTable table)
    {
        return find(table, CLIENT_KEY).connection;
    }

    /** The control's stage: each direction decides on, and writes, the word in its own slot (P6's rejected design). */
    private static final class PerDirectionSessions extends InlineSessions
    {
        PerDirectionSessions(final LockFreeFlowTable table)
        {
            super(table);
        }

        @Override
        public int readLinked(final InlineFlowView read, final InlineFlowView out)
        {
            return table().readSession(read, out);
        }
    }

    /**
     * SYN by worker 1, SYN-ACK by worker 2 (the reverse direction's transition to two-way), ACK by worker 1 again:
     * worker 1 must decide on worker 2's two-way and establish the connection.
     *
     * @param copyToBoth stages whose reverse keeps its own copy of the word, copied there after creation (the control).
     * @return the connection's status after the ACK, as the forward slot holds it.
     */
    private static int handshakeOnTwoWorkers(final boolean copyToBoth)
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(1024, true);
        final PortForwardTables tables = PortForwardStageTest.alone(PortForwardStageTest.overlay(
            PortForwardStageTest.forward(L4Protocol.TCP)));
        final InlineSessions sessions = copyToBoth ? new PerDirectionSessions(table) : new InlineSessions(table);
        final Worker worker1 = new Worker(new PortForwardStage(table, null, FlowInfoAccess.INLINE, sessions), table);
        final Worker worker2 = new Worker(new PortForwardStage(table, null, FlowInfoAccess.INLINE, sessions), table);
        assertNull(worker1.run(tables, client(SYN), true, 0, 0).meta().dropReason());
        if (copyToBoth)
        {
            final InlineFlowView reverse = find(table, SERVER_KEY);
            sessions.updateConnection(reverse.handle, reverse.tag(), reverse.peerSlot, reverse.peerTag, -1,
                word(table));
        }
        assertNull(worker2.run(tables, server(SYN | ACK), false, 0, 0).meta().dropReason());
        assertNull(worker1.run(tables, client(ACK), true, 0, S).meta().dropReason());
        return word(table) & PortForwardStage.STATUS_BITS;
    }

    @Test
    void shouldDecideOnTheOtherDirectionsTransition()
    {
        assertEquals(PortForwardSession.ESTABLISHED, handshakeOnTwoWorkers(false));
    }

    @Test
    void shouldFailWithACopyPerDirection()
    {
        assertNotEquals(PortForwardSession.ESTABLISHED, handshakeOnTwoWorkers(true),
            "the control: the forward worker decides on its own copy, which never saw two-way");
    }

    /**
     * The tables of {@code expose}'s configuration: with {@code ids}, or (the mutant, {@code ids} null) with mapping
     * ids of their own, which number a configuration's mappings by their position in it and are valid in no other.
     */
    private static PortForwardTables tables(final PortForwardMappings ids, final Expose expose)
    {
        return PortForwardTables.build(PortForwardStageTest.overlay(expose),
            ids != null ? ids : new PortForwardMappings());
    }

    /**
     * A connection established under v1, then packets under v2 (same mapping, a 60 s idle timeout), v3 (a wider rule
     * that maps the connection the same way: section 3.4 step 1 re-points it) and v4 (the public range goes to other
     * private ports: filtered, the pair invalidated), on INLINE and SNAPSHOT side by side; configuration vN is
     * generation N.
     *
     * @param ids the mapping ids of the four configurations, or null for ids of each configuration's own (the mutant).
     * @return the drop reason of the packet under v4 on INLINE.
     */
    private static DropReason configurationChanges(final PortForwardMappings ids)
    {
        final LockFreeFlowTable table = new LockFreeFlowTable(1024, true);
        final Worker inline = new Worker(table, FlowInfoAccess.INLINE);
        final FlowTable snapTable = FlowTable.create(FlowTableKind.LOCK_FREE, 1024);
        final Worker snapshot = new Worker(snapTable, FlowInfoAccess.SNAPSHOT);
        final PortForwardTables v1 = tables(ids, PortForwardStageTest.forward(L4Protocol.TCP));
        final PortForwardTables v2 = tables(ids, Expose.builder().ips("10.50.0.0/30:8080-8089")
            .portForward(L4Protocol.TCP, "198.51.100.0/30:80-89").idleTimeout(Duration.ofSeconds(60)).build());
        final PortForwardTables v3 = tables(ids, Expose.builder().ips("10.50.0.0/29:8080-8089")
            .portForward(L4Protocol.TCP, "198.51.100.0/29:80-89").build());
        final PortForwardTables v4 = tables(ids, Expose.builder().ips("10.50.0.0/29:9080-9089")
            .portForward(L4Protocol.TCP, "198.51.100.0/29:80-89").build());
        same(snapshot.run(v1, client(SYN), true, 1, 0), inline.run(v1, client(SYN), true, 1, 0), "SYN");
        same(snapshot.run(v1, server(SYN | ACK), false, 1, 0), inline.run(v1, server(SYN | ACK), false, 1, 0),
            "SYN-ACK");
        same(snapshot.run(v2, client(ACK), true, 2, S), inline.run(v2, client(ACK), true, 2, S), "v2");
        final FlowInfo g = snapTable.lookup(CLIENT_KEY);
        assertEquals(61 * S, g.expiresAt());
        final int established = v2.lookup4(C, 6, ip("198.51.100.2"), 83).establishedTimeoutIndex;
        assertEquals(established, find(table, CLIENT_KEY).idleTimeoutIndex,
            "v2's established timeout, through the connection's mapping, in both slots");
        assertEquals(established, find(table, SERVER_KEY).idleTimeoutIndex);
        same(snapshot.run(v3, server(ACK), false, 3, 2 * S), inline.run(v3, server(ACK), false, 3, 2 * S),
            "v3, reverse");
        assertEquals(v3.ruleOf(word(table) >>> 4), v3.lookup4(C, 6, ip("198.51.100.2"), 83),
            "re-pointed: one write for both directions");
        same(snapshot.run(v3, client(ACK), true, 3, 3 * S), inline.run(v3, client(ACK), true, 3, 3 * S),
            "v3, forward");
        if (ids != null)
        {
            // SNAPSHOT re-points its session to v2's rule of the same mapping (2); INLINE's id already names it (1).
            assertEquals(2, snapshot.stage.revalidated());
            assertEquals(1, inline.stage.revalidated(), "only v3's re-point by section 3.4 step 1 writes the word");
        }
        final Packet expected = snapshot.run(v4, client(ACK), true, 4, 4 * S);
        final Packet actual = inline.run(v4, client(ACK), true, 4, 4 * S);
        assertEquals(DropReason.FILTERED, expected.meta().dropReason());
        if (actual.meta().dropReason() == DropReason.FILTERED)
        {
            assertEquals(FlowInfo.CANCELLED, find(table, CLIENT_KEY).status);
            assertEquals(FlowInfo.CANCELLED, find(table, SERVER_KEY).status);
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
        assertEquals(DropReason.FILTERED, configurationChanges(new PortForwardMappings()));
    }

    @Test
    void shouldFailWithAPositionInAnOlderConfiguration()
    {
        assertNotEquals(DropReason.FILTERED, configurationChanges(null),
            "the mutant: v3's id 1, its first rule, names v4's rule of another mapping, used as is");
    }
}
