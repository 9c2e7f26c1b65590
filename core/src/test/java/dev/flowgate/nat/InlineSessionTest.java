// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.flow.FlowLockedState;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineTestTables;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * docs/spec/nat.md section 2.11: a masquerade session under INLINE keeps no state object; its packets whose burst read
 * is not usable (here: no views at all, the object path) are translated from the slot
 * (docs/spec/flow-table.md section 11.12), the flow-filter's object path reads its VNI and NAT kind there, and so are
 * ICMP errors about it, byte for byte as SNAPSHOT translates them from its objects. Over a table whose seqlock reads
 * always fail, the slow path must take the slot's claim (Q3) and still translate.
 */
class InlineSessionTest
{
    private static final int A = MasqueradeStageTest.A;
    private static final int B = MasqueradeStageTest.B;

    /** One stage pair (masquerade, ICMP errors) over its own table. */
    private static final class Lane
    {
        final FlowTable table;
        final MasqueradeTables tables = MasqueradeTables.build(
            MasqueradeStageTest.overlay(MasqueradeStageTest.masq("1.1.1.0/30")), MasqueradeAllocator.deterministic());
        final MasqueradeStage stage;
        final IcmpErrorStage errors;

        Lane(final FlowTable table, final FlowInfoAccess access)
        {
            this.table = table;
            stage = new MasqueradeStage(table, null, access, 0);
            errors = new IcmpErrorStage(table);
        }

        Packet nat(final PacketBuilder frame, final int src, final int dst, final FlowInfo flow)
        {
            final PacketBatch batch = NatTestSupport.single(frame, src, dst, PacketMeta.REQ_STATEFUL_NAT);
            stage.process(batch, new FlowInfo[] {flow}, tables, 1L);
            return batch.packet(0);
        }

        Packet error(final PacketBuilder frame, final int src)
        {
            final PacketBatch batch = NatTestSupport.single(frame, src, 0, PacketMeta.IS_OVERLAY);
            errors.process(batch, 1L);
            return batch.packet(0);
        }
    }

    private static byte[] bytes(final Packet p)
    {
        final byte[] out = new byte[p.length()];
        p.buffer().getBytes(0, out);
        return out;
    }

    private static void assertSamePacket(final Packet expected, final Packet actual, final String what)
    {
        assertEquals(expected.meta().dropReason(), actual.meta().dropReason(), what + ": drop reason");
        assertNull(actual.meta().dropReason(), what);
        assertEquals(expected.meta().dstVni(), actual.meta().dstVni(), what + ": destination VNI");
        assertArrayEquals(bytes(expected), bytes(actual), what + ": bytes");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldTranslateASessionWithoutStateObjectsFromItsSlot(final boolean slowReads)
    {
        final LockFreeFlowTable table = slowReads ? InlineTestTables.alwaysSlowReads(1024) :
            new LockFreeFlowTable(1024, true);
        final Lane inline = new Lane(table, FlowInfoAccess.INLINE);
        final Lane snapshot = new Lane(FlowTable.create(FlowTableKind.LOCK_FREE, 1024), FlowInfoAccess.SNAPSHOT);
        final PacketBuilder out = new PacketBuilder().ipv4("10.0.0.5", "20.0.0.9").udp(9998, 443);
        assertSamePacket(snapshot.nat(out, A, B, null), inline.nat(out, A, B, null), "first packet");

        final MutableFlowKey key = new MutableFlowKey();
        final FlowInfo forward = table.lookup(key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 17, 9998, 443));
        assertNotNull(forward);
        final FlowInfo reverse = forward.related();
        assertSame(reverse,
            table.lookup(key.ipv4Ports(B, ip("20.0.0.9"), ip("1.1.1.0"), 17, 443, 1)));
        for (final FlowInfo f : new FlowInfo[] {forward, reverse})
        {
            assertSame(FlowLockedState.EMPTY, f.lockedState(), "no locked part");
            assertNull(f.readNatState(), "no masquerade state object");
        }
        final InlineFlowView view = new InlineFlowView();
        assertEquals(table.slotOf(forward), table.readInlineOf(forward, view));
        assertEquals(B, view.dstVni);
        assertEquals(FlowInfo.ACTIVE, view.status);
        assertTrue((view.natFlags & InlineFlowView.NAT_MASQUERADE) != 0, "masquerade flag in the slot");

        // The flow-filter's object path (no usable view) takes the VNI and NAT kind from the slot too.
        final FlowInfoReader reader = FlowInfoReader.create(FlowInfoAccess.INLINE);
        reader.begin(forward, null, 0L);
        assertTrue(reader.tryBypass(), "bypass on the object path");
        assertEquals(B, reader.dstVni());
        assertEquals(FlowInfoReader.NAT_MASQUERADE, reader.natFlag());
        reader.begin(reverse, null, 0L);
        assertEquals(FlowInfoReader.MM_MASQUERADE, reader.multiMatch());
        assertEquals(A, reader.dstVni());

        final FlowInfo snapForward = snapshot.table.lookup(
            key.ipv4Ports(A, ip("10.0.0.5"), ip("20.0.0.9"), 17, 9998, 443));
        assertSamePacket(snapshot.nat(out, A, B, snapForward), inline.nat(out, A, B, forward), "established, no view");
        final PacketBuilder reply = new PacketBuilder().ipv4("20.0.0.9", "1.1.1.0").udp(443, 1);
        assertSamePacket(snapshot.nat(reply, B, A, snapForward.related()), inline.nat(reply, B, A, reverse), "reply");
        assertEquals(1, inline.stage.created(), "no second session");
        assertEquals(2, inline.stage.established());

        final PacketBuilder error = new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0").icmpError(3, 3,
            new PacketBuilder().ipv4("1.1.1.0", "20.0.0.9").udp(1, 443));
        final Packet expected = snapshot.error(error, B);
        assertSamePacket(expected, inline.error(error, B), "ICMP error about the session");
        assertEquals(A, expected.meta().dstVni());
        assertEquals(slowReads ? 2 : 0, inline.stage.inlineClaimedReads(), "reads that took the slot's claim");
    }
}
