// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * The established port-forwarding path (both directions, TCP and UDP) and the new-connection drop paths (non-SYN,
 * no rule, the LATE packet from the private endpoint) allocate nothing per packet, in every access mode.
 */
class PortForwardAllocationTest
{
    private static final int BURST = 32;
    private static final int SLOT = 256;

    @Test
    void shouldForwardEstablishedAndDropWithoutAllocating()
    {
        for (final FlowInfoAccess access : FlowInfoAccess.values())
        {
            run(access);
        }
    }

    private static void run(final FlowInfoAccess access)
    {
        final FlowTable table = FlowTable.create(FlowTableKind.LOCK_FREE, 1024);
        final PortForwardTables tables = PortForwardStageTest.alone(PortForwardStageTest.overlay(
            PortForwardStageTest.forward(L4Protocol.ANY)));
        final PortForwardStage stage = new PortForwardStage(table, null, access);
        final UnsafeBuffer templates = new UnsafeBuffer(new byte[BURST * SLOT]);
        final int[] lengths = new int[BURST];
        final int[] src = new int[BURST];
        final int[] dst = new int[BURST];
        final FlowInfo[] flows = new FlowInfo[BURST];
        final MutableFlowKey key = new MutableFlowKey();
        final PacketBatch open = new PacketBatch(1);
        for (int i = 0; i < BURST; i++)
        {
            final int kind = i % 8;
            final int cport = 20_000 + i;
            final String client = "10.13.0." + (i + 1);
            final boolean udp = kind == 2 || kind == 3;
            final PacketBuilder b;
            if (kind == 0 || kind == 2)
            {
                // Open a connection; this packet uses its forward flow, the next one (kind + 1) its reverse flow.
                final PacketBuilder first = udp ? new PacketBuilder().ipv4(client, "198.51.100.1").udp(cport, 81) :
                    new PacketBuilder().ipv4(client, "198.51.100.1").tcp(cport, 81).flags(TcpDescriptor.SYN);
                open.reset();
                NatTestSupport.load(open.claim(), first, PortForwardStageTest.C, PortForwardStageTest.P,
                    PacketMeta.REQ_PORT_FORWARDING);
                stage.process(open, new FlowInfo[1], tables, 0);
                assertFalse(open.packet(0).meta().isDone());
                final FlowInfo forward = table.lookup(key.ipv4Ports(PortForwardStageTest.C,
                    NatTestSupport.ip(client), NatTestSupport.ip("198.51.100.1"), udp ? 17 : 6, cport, 81));
                assertNotNull(forward);
                b = udp ? new PacketBuilder().ipv4(client, "198.51.100.1").udp(cport, 81) :
                    new PacketBuilder().ipv4(client, "198.51.100.1").tcp(cport, 81).flags(TcpDescriptor.ACK);
                flows[i] = forward;
                src[i] = PortForwardStageTest.C;
                dst[i] = PortForwardStageTest.P;
            }
            else if (kind == 1 || kind == 3)
            {
                final String peer = "10.13.0." + i;
                final int peerPort = cport - 1;
                b = udp ? new PacketBuilder().ipv4("10.50.0.1", peer).udp(8081, peerPort) :
                    new PacketBuilder().ipv4("10.50.0.1", peer).tcp(8081, peerPort)
                        .flags(TcpDescriptor.SYN | TcpDescriptor.ACK);
                flows[i] = flows[i - 1].related();
                src[i] = PortForwardStageTest.P;
                dst[i] = PortForwardStageTest.C;
            }
            else if (kind == 4)
            {
                b = new PacketBuilder().ipv4(client, "198.51.100.1").tcp(cport, 81).flags(TcpDescriptor.ACK);
                src[i] = PortForwardStageTest.C;
                dst[i] = PortForwardStageTest.P;
            }
            else if (kind == 5)
            {
                b = new PacketBuilder().ipv4(client, "198.51.100.1").udp(cport, 99); // no rule
                src[i] = PortForwardStageTest.C;
                dst[i] = PortForwardStageTest.P;
            }
            else
            {
                b = kind == 6 ? new PacketBuilder().ipv4("10.50.0.1", client).udp(8081, cport) :
                    new PacketBuilder().ipv4("10.50.0.1", client).tcp(8081, cport).flags(TcpDescriptor.ACK);
                src[i] = PortForwardStageTest.P;
                dst[i] = PortForwardStageTest.C;
            }
            lengths[i] = b.writeTo(templates, i * SLOT);
        }
        final PacketBatch batch = new PacketBatch(BURST);
        for (int i = 0; i < 1_000; i++)
        {
            burst(batch, templates, lengths, src, dst, flows, stage, tables); // the connections are set up here
        }
        final long created = stage.created();
        // The established and drop paths: every window of 2,000 bursts must be clean.
        SteadyStateAllocation.assertNone(access + ": 2,000 warmed bursts", 20_000, 2_000,
            round -> burst(batch, templates, lengths, src, dst, flows, stage, tables));
        assertEquals(created, stage.created(), "no new connections in steady state");
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.packet(i);
            assertEquals(i % 8 <= 3 ? null : DropReason.FILTERED, p.meta().dropReason(), "packet " + i);
        }
        assertEquals(PortForwardSession.ESTABLISHED, ((PortForwardState) flows[0].lockedState().portFwState())
            .status(), "TCP connection");
        assertEquals(PortForwardSession.ESTABLISHED, ((PortForwardState) flows[2].lockedState().portFwState())
            .status(), "UDP connection");
    }

    private static void burst(
        final PacketBatch batch, final UnsafeBuffer templates, final int[] lengths, final int[] src, final int[] dst,
        final FlowInfo[] flows, final PortForwardStage stage, final PortForwardTables tables)
    {
        batch.reset();
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(templates, i * SLOT, lengths[i]);
            NatTestSupport.PARSER.parse(p);
            p.meta().srcVni(src[i]).dstVni(dst[i]).setFlags(PacketMeta.REQ_PORT_FORWARDING);
        }
        stage.process(batch, flows, tables, 0);
    }
}
