// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.config.OverlayLoader;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.IdleTimeouts;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.nat.PortForwardTables;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;

/**
 * The INLINE established path in the pipeline: the established packets of a masquerade session and of a port-forward
 * connection are decided and rewritten from their slots' inline state (path counters), byte for byte as SNAPSHOT does;
 * an invalidation, a genid re-stamp and the expiry wheel keep the inline state in step with the objects.
 */
class InlinePipelineTest
{
    private static final int CLIENT = 100;
    private static final int MASQ_PEER = 400;
    private static final int PF_PEER = 500;

    /** One pipeline of one mode, one packet per burst. */
    private static final class Lane
    {
        final ConfigPublisher publisher;
        final Pipeline pipeline;
        final PacketBatch batch = new PacketBatch(1);

        Lane(final FlowInfoAccess access) throws Exception
        {
            publisher = new ConfigPublisher(PipelineTest.overlayA(), 1, LookupKind.COMPILED);
            pipeline = new Pipeline(PipelineOptions.DEFAULTS.withFlowAccess(access).withFlowCapacity(1 << 10)
                .withBurstSize(1), publisher, 0L);
        }

        Packet send(final byte[] frame, final int vni, final long now)
        {
            batch.reset();
            final Packet p = batch.claim();
            p.reset();
            p.copyFrom(new UnsafeBuffer(frame), 0, frame.length);
            p.meta().srcVni(vni);
            pipeline.process(batch, now);
            return p;
        }

        /** Runs the wheel to {@code now} without a work bound (bursts of one packet turn it one step each). */
        void expire(final long now)
        {
            pipeline.wheel().expire(now, Integer.MAX_VALUE);
        }
    }

    private static byte[] masqOut()
    {
        return new PacketBuilder().ipv4("10.12.0.5", "10.40.0.9").tcp(40000, 80).flags(TcpDescriptor.ACK).build();
    }

    private static byte[] masqSyn()
    {
        return new PacketBuilder().ipv4("10.12.0.5", "10.40.0.9").tcp(40000, 80).flags(TcpDescriptor.SYN).build();
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.buffer().getBytes(0, out);
        return out;
    }

    @Test
    void shouldTakeTheInlinePathAndRewriteAsSnapshotDoes() throws Exception
    {
        final Lane inline = new Lane(FlowInfoAccess.INLINE);
        final Lane snapshot = new Lane(FlowInfoAccess.SNAPSHOT);
        final Packet opened = inline.send(masqSyn(), CLIENT, 1L);
        assertNull(opened.meta().dropReason());
        snapshot.send(masqSyn(), CLIENT, 1L);
        final int pool = opened.srcIpv4();
        final int poolPort = opened.srcPort();
        final byte[][] frames = {
            new PacketBuilder().ipv4(0x0A280009, pool).tcp(80, poolPort).flags(TcpDescriptor.ACK).build(),
            masqOut(),
            new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80).flags(TcpDescriptor.SYN).build(),
            new PacketBuilder().ipv4("10.50.0.10", "10.13.0.5").tcp(8080, 40001)
                .flags(TcpDescriptor.SYN | TcpDescriptor.ACK).build(),
            new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80).flags(TcpDescriptor.ACK).build(),
            new PacketBuilder().ipv4("10.50.0.10", "10.13.0.5").tcp(8080, 40001).flags(TcpDescriptor.ACK).build(),
        };
        final int[] vnis = {MASQ_PEER, CLIENT, CLIENT, PF_PEER, CLIENT, PF_PEER};
        for (int round = 0; round < 6; round++)
        {
            for (int i = 0; i < frames.length; i++)
            {
                if (round > 0 && (i == 2 || i == 3))
                {
                    continue; // the handshake once
                }
                final long now = 2L + round * frames.length + i;
                final Packet a = inline.send(frames[i], vnis[i], now);
                final Packet b = snapshot.send(frames[i], vnis[i], now);
                final String what = "round " + round + " packet " + i;
                assertEquals(b.meta().dropReason(), a.meta().dropReason(), what);
                assertNull(a.meta().dropReason(), what);
                assertArrayEquals(bytes(b), bytes(a), what + ": rewritten bytes");
            }
        }
        final Pipeline p = inline.pipeline;
        assertTrue(p.flowFilter().bypassedInline() >= 12, "bypasses from the inline read: " +
            p.flowFilter().bypassedInline());
        assertTrue(p.masquerade().establishedInline() >= 8, "masquerade from the inline read: " +
            p.masquerade().establishedInline());
        assertTrue(p.portForward().forwardedInline() >= 6, "port forwarding from the inline read: " +
            p.portForward().forwardedInline());
        assertEquals(0, snapshot.pipeline.masquerade().establishedInline());
        assertEquals(1, p.masquerade().created());
        assertEquals(1, p.portForward().created());
    }

    @Test
    void shouldForwardTheAcksOfAOneWayConnectionInline() throws Exception
    {
        // The benchmarks' port-forward connections: a SYN, then ACKs both ways (no SYN+ACK: the status stays one-way).
        final Lane inline = new Lane(FlowInfoAccess.INLINE);
        final Lane snapshot = new Lane(FlowInfoAccess.SNAPSHOT);
        final byte[] syn = new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80)
            .flags(TcpDescriptor.SYN).build();
        final byte[] out = new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80)
            .flags(TcpDescriptor.ACK).build();
        final byte[] back = new PacketBuilder().ipv4("10.50.0.10", "10.13.0.5").tcp(8080, 40001)
            .flags(TcpDescriptor.ACK).build();
        inline.send(syn, CLIENT, 1L);
        snapshot.send(syn, CLIENT, 1L);
        for (int i = 0; i < 8; i++)
        {
            final byte[] frame = (i & 1) == 0 ? out : back;
            final int vni = (i & 1) == 0 ? CLIENT : PF_PEER;
            final Packet a = inline.send(frame, vni, 2L + i);
            final Packet b = snapshot.send(frame, vni, 2L + i);
            assertNull(a.meta().dropReason(), "packet " + i);
            assertArrayEquals(bytes(b), bytes(a), "packet " + i);
        }
        assertTrue(inline.pipeline.portForward().forwardedInline() >= 4, "one-way ACKs from the inline read: " +
            inline.pipeline.portForward().forwardedInline());
        // A SYN+ACK back moves a one-way status: object path, marks cleared.
        final Packet synAck = inline.send(new PacketBuilder().ipv4("10.50.0.10", "10.13.0.5").tcp(8080, 40001)
            .flags(TcpDescriptor.SYN | TcpDescriptor.ACK).build(), PF_PEER, 20L);
        assertNull(synAck.meta().dropReason());
        final long before = inline.pipeline.portForward().forwardedInline();
        inline.send(out, CLIENT, 21L);
        assertEquals(before, inline.pipeline.portForward().forwardedInline(),
            "after a status change the next packet takes the object path (two-way + ACK: established)");
    }

    @Test
    void shouldSeeAnInvalidationOfTheObjectsInTheSlots() throws Exception
    {
        final Lane lane = new Lane(FlowInfoAccess.INLINE);
        lane.send(masqSyn(), CLIENT, 1L);
        lane.send(masqOut(), CLIENT, 2L);
        lane.send(masqOut(), CLIENT, 3L);
        final long before = lane.pipeline.masquerade().establishedInline();
        assertTrue(before >= 1, "established inline before the invalidation");
        // A session without flow objects (docs/spec/flow-table.md section 11.13, P7): invalidated by its handle.
        assertSame(FlowInfo.INLINE_SESSION, lane.pipeline.flowInfo(0));
        final InlineFlowView forward = lane.pipeline.inlineView(0);
        assertTrue(new InlineSessions(forward.table).invalidate(forward, FlowInfo.CANCELLED));
        final Packet after = lane.send(masqOut(), CLIENT, 4L);
        assertNull(after.meta().dropReason());
        assertEquals(before, lane.pipeline.masquerade().establishedInline(),
            "no inline translation of a cancelled flow");
        assertEquals(2, lane.pipeline.masquerade().created(), "a new session, as in the object modes");
    }

    /**
     * docs/spec/flow-filter.md section 4, step 7, for a session without flow objects (docs/spec/flow-table.md section
     * 11.13, P7): the configuration no longer allows the session's destination, its next packet drops as filtered and
     * the flow-filter invalidates both directions by the packet's handle.
     */
    @Test
    void shouldInvalidateASessionByItsHandleWhenTheFlowFilterDropsItsPacket() throws Exception
    {
        final Lane lane = new Lane(FlowInfoAccess.INLINE);
        lane.send(masqSyn(), CLIENT, 1L);
        lane.send(masqOut(), CLIENT, 2L);
        assertSame(FlowInfo.INLINE_SESSION, lane.pipeline.flowInfo(0));
        final InlineFlowView forward = new InlineFlowView();
        final InlineSessions sessions = new InlineSessions(lane.pipeline.inlineView(0).table);
        final MutableFlowKey key = new MutableFlowKey().ipv4Ports(CLIENT, 0x0A0C0005, 0x0A280009, 6, 40000, 80);
        assertTrue(sessions.find(key, forward) >= 0);
        lane.publisher.publish(OverlayLoader.load("no-masq-peer.yaml", PipelineTest.defaultTopologyText()
            .replace("ips: [10.40.0.0/16]", "ips: [10.40.128.0/17]")));
        final Packet dropped = lane.send(masqOut(), CLIENT, 3L);
        assertEquals(DropReason.FILTERED, dropped.meta().dropReason());
        final InlineFlowView read = new InlineFlowView();
        assertEquals(forward.handle, sessions.find(key, read), "still mapped: removed lazily");
        assertEquals(FlowInfo.CANCELLED, read.status, "the forward direction invalidated");
        assertEquals(forward.peerSlot, forward.table.readInlineAt(forward.peerSlot, read));
        assertEquals(FlowInfo.CANCELLED, read.status, "and the reverse, by the link");
    }

    @Test
    void shouldBypassInlineAgainAfterTheStalePathReStampsTheGenid() throws Exception
    {
        final Lane lane = new Lane(FlowInfoAccess.INLINE);
        lane.send(masqSyn(), CLIENT, 1L);
        lane.send(masqOut(), CLIENT, 2L);
        lane.publisher.publish(PipelineTest.overlayA());
        final long bypassed = lane.pipeline.flowFilter().bypassedInline();
        lane.send(masqOut(), CLIENT, 3L); // stale: the full lookup, then the pair re-stamped
        assertEquals(bypassed, lane.pipeline.flowFilter().bypassedInline(), "a stale genid is not bypassed");
        final Packet next = lane.send(masqOut(), CLIENT, 4L);
        assertNull(next.meta().dropReason());
        assertEquals(bypassed + 1, lane.pipeline.flowFilter().bypassedInline(), "the re-stamp reached the slot");
        assertEquals(1, lane.pipeline.masquerade().created());
    }

    @Test
    void shouldKeepATouchedPairAliveAndExpireAnIdleOne() throws Exception
    {
        final Lane lane = new Lane(FlowInfoAccess.INLINE);
        lane.send(masqSyn(), CLIENT, 1L);
        lane.send(masqOut(), CLIENT, 1L);
        final long timeout = IdleTimeouts.nanos(lane.pipeline.inlineView(0).idleTimeoutIndex);
        assertTrue(timeout > 0, "the session's idle timeout is recorded in its slot");
        long now = 1L;
        for (int k = 1; k <= 12; k++)
        {
            now = 1L + k * (timeout / 4);
            lane.expire(now);
            final Packet p = lane.send(masqOut(), CLIENT, now);
            assertNull(p.meta().dropReason());
            assertEquals(1, lane.pipeline.masquerade().created(), "still the first session at " + k + "/4 timeouts");
        }
        assertTrue(lane.pipeline.masquerade().establishedInline() >= 11, "kept alive by inline packets only");
        lane.expire(now + 2 * timeout);
        final Packet late = lane.send(masqOut(), CLIENT, now + 2 * timeout);
        assertNull(late.meta().dropReason());
        assertEquals(2, lane.pipeline.masquerade().created(), "idle past its timeout: expired, a new session");
    }

    /**
     * docs/spec/flow-table.md section 11.13, P4: the connection's packets of the handshake take the object path; it
     * records their times and, once established, the longer timeout in both slots, where the wheel reads them. A
     * one-way connection expires after the initial timeout; an established one outlives it (fails when the stage
     * does not write the established timeout into the slots, or the object path does not touch its slot).
     */
    @Test
    void shouldKeepAnEstablishedConnectionPastTheInitialTimeout() throws Exception
    {
        final long initial = PortForwardTables.INITIAL_TIMEOUT.toNanos();
        final byte[] syn = new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80)
            .flags(TcpDescriptor.SYN).build();
        final byte[] synAck = new PacketBuilder().ipv4("10.50.0.10", "10.13.0.5").tcp(8080, 40001)
            .flags(TcpDescriptor.SYN | TcpDescriptor.ACK).build();
        final byte[] ack = new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80)
            .flags(TcpDescriptor.ACK).build();
        final Lane oneWay = new Lane(FlowInfoAccess.INLINE);
        oneWay.send(syn, CLIENT, 1L);
        assertNull(oneWay.send(ack, CLIENT, initial / 2).meta().dropReason()); // the object path: touches its slot
        final long alive = initial + initial / 4;
        oneWay.expire(alive);
        assertNull(oneWay.send(ack, CLIENT, alive).meta().dropReason(), "one-way: touched at half its timeout");
        final long idle = alive + initial + 2_000_000L;
        oneWay.expire(idle);
        assertEquals(DropReason.FILTERED, oneWay.send(ack, CLIENT, idle).meta().dropReason(),
            "one-way: expired one initial timeout after its last packet");
        assertEquals(1, oneWay.pipeline.portForward().created());
        final Lane lane = new Lane(FlowInfoAccess.INLINE);
        lane.send(syn, CLIENT, 1L);
        assertNull(lane.send(synAck, PF_PEER, 2L).meta().dropReason());
        assertNull(lane.send(ack, CLIENT, 3L).meta().dropReason()); // established
        assertNull(lane.send(ack, CLIENT, initial / 2).meta().dropReason());
        final long later = initial / 2 + 2 * initial;
        lane.expire(later);
        assertNull(lane.send(ack, CLIENT, later).meta().dropReason(), "established: its timeout is the longer one");
        assertEquals(1, lane.pipeline.portForward().created());
    }

    @Test
    void shouldRefuseInlineOverAnotherTableKind()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            PipelineOptions.DEFAULTS.withFlowAccess(FlowInfoAccess.INLINE).withFlowTable(FlowTableKind.SHARDED_LOCKED));
        assertEquals("flowAccess=INLINE needs flowTable=LOCK_FREE (the per-flow state lives in that table's arrays), " +
            "not flowTable=SHARDED_LOCKED", e.getMessage());
    }
}
