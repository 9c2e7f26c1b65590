// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/** The established masquerade path, replies and the LATE drop path allocate nothing per packet, in every mode. */
class MasqueradeAllocationTest
{
    private static final int BURST = 32;
    private static final int SLOT = 256;

    @Test
    void shouldTranslateEstablishedAndDropLatePathWithoutAllocating()
    {
        for (final FlowInfoAccess access : FlowInfoAccess.values())
        {
            run(access);
        }
    }

    private static void run(final FlowInfoAccess access)
    {
        final FlowTable table = FlowTable.create(FlowTableKind.LOCK_FREE, 1024);
        final MasqueradeTables tables = MasqueradeTables.build(
            MasqueradeStageTest.overlay(MasqueradeStageTest.masq("1.1.1.0/30")), MasqueradeAllocator.deterministic());
        final MasqueradeStage stage = new MasqueradeStage(table, null, access, 0);
        final UnsafeBuffer templates = new UnsafeBuffer(new byte[BURST * SLOT]);
        final int[] lengths = new int[BURST];
        final int[] src = new int[BURST];
        final int[] dst = new int[BURST];
        final FlowInfo[] flows = new FlowInfo[BURST];
        final PacketBatch batch = new PacketBatch(BURST);
        for (int i = 0; i < BURST; i++)
        {
            final int kind = i % 4;
            final PacketBuilder b;
            if (kind == 3)
            {
                b = new PacketBuilder().ipv4("20.0.0.9", "1.1.1.3").tcp(80, 4000 + i).flags(0x02); // LATE drop
                src[i] = MasqueradeStageTest.B;
                dst[i] = MasqueradeStageTest.A;
            }
            else
            {
                b = kind == 0 ? new PacketBuilder().ipv4("10.0.0." + i, "20.0.0.9").tcp(4000 + i, 80) :
                    kind == 1 ? new PacketBuilder().ipv4("10.0.0." + i, "20.0.0.9").udp(4000 + i, 53) :
                    new PacketBuilder().ipv4("10.0.0." + i, "20.0.0.9").icmpEchoRequest(i, 1);
                src[i] = MasqueradeStageTest.A;
                dst[i] = MasqueradeStageTest.B;
            }
            lengths[i] = b.writeTo(templates, i * SLOT);
        }
        // First burst creates the sessions; keep each packet's forward flow attached afterwards.
        burst(batch, templates, lengths, src, dst, flows, stage, tables);
        final dev.flowgate.flow.MutableFlowKey key = new dev.flowgate.flow.MutableFlowKey();
        for (int i = 0; i < BURST; i++)
        {
            if (i % 4 != 3)
            {
                final Packet p = batch.packet(i);
                p.copyFrom(templates, i * SLOT, lengths[i]);
                NatTestSupport.PARSER.parse(p);
                final int proto = p.parsed().protocol();
                flows[i] = table.lookup(proto == 1 ?
                    key.icmpQuery(src[i], false, 0, p.srcIpv4() & 0xFFFF_FFFFL, 0, p.dstIpv4() & 0xFFFF_FFFFL,
                        p.icmpIdentifier()) :
                    key.ipv4Ports(src[i], p.srcIpv4(), p.dstIpv4(), proto, p.srcPort(), p.dstPort()));
                assertTrue(flows[i] != null, "session of packet " + i);
            }
        }
        final long created = stage.created();
        // Every window of 2,000 bursts must be clean.
        SteadyStateAllocation.assertNone(access + ": 2,000 warmed bursts", 20_000, 2_000,
            round -> burst(batch, templates, lengths, src, dst, flows, stage, tables));
        assertEquals(created, stage.created(), "no new sessions in steady state");
        assertEquals(DropReason.FILTERED, batch.packet(3).meta().dropReason());
        assertTrue(batch.packet(0).meta().hasFlags(PacketMeta.NATTED));
    }

    private static void burst(
        final PacketBatch batch, final UnsafeBuffer templates, final int[] lengths, final int[] src, final int[] dst,
        final FlowInfo[] flows, final MasqueradeStage stage, final MasqueradeTables tables)
    {
        batch.reset();
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(templates, i * SLOT, lengths[i]);
            NatTestSupport.PARSER.parse(p);
            p.meta().srcVni(src[i]).dstVni(dst[i]).setFlags(PacketMeta.REQ_STATEFUL_NAT);
        }
        stage.process(batch, flows, tables, 0);
    }
}
