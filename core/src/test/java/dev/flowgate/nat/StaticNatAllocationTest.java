// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.config.Expose;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.PacketMeta;

/** Static NAT allocates nothing per packet: translations, misses, ICMP errors and drops. */
class StaticNatAllocationTest
{
    private static final int BURST = 32;
    private static final int SLOT = 256;

    @Test
    void shouldTranslateWarmedBurstsWithoutAllocating()
    {
        final StaticNatTables tables = StaticNatTables.build(StaticNatStageTest.overlay(StaticNatStageTest.exposeE1(),
            Expose.builder().ips("192.168.0.0/24").staticNat("3.3.3.0/24").build()));
        final PacketBuilder[] kinds = {
            new PacketBuilder().ipv4("1.2.3.4", "3.3.3.9").tcp(40000, 443),
            new PacketBuilder().ipv4("1.1.200.4", "3.3.3.1").udp(5000, 53),
            new PacketBuilder().ipv4("1.1.0.9", "3.3.3.7").icmpEchoRequest(7, 1),
            new PacketBuilder().ipv4("9.9.9.9", "8.8.8.8").tcp(1, 2),
            new PacketBuilder().ipv4("192.168.0.1", "2.2.0.4")
                .icmpError(3, 1, new PacketBuilder().ipv4("2.2.0.4", "192.168.0.9").tcp(40000, 443)),
        };
        final int[] srcVni = {100, 100, 100, 100, 200};
        final int[] dstVni = {200, 200, 200, 0, 100};
        final UnsafeBuffer templates = new UnsafeBuffer(new byte[BURST * SLOT]);
        final int[] lengths = new int[BURST];
        for (int i = 0; i < BURST; i++)
        {
            lengths[i] = kinds[i % kinds.length].writeTo(templates, i * SLOT);
        }
        final PacketBatch batch = new PacketBatch(BURST);
        final StaticNatStage stage = new StaticNatStage();
        final long translatedBefore = stage.translated();
        // Every window of 2,000 bursts must be clean.
        SteadyStateAllocation.assertNone("2,000 warmed bursts", 20_000, 2_000,
            round -> burst(batch, templates, lengths, srcVni, dstVni, stage, tables, kinds.length));
        assertTrue(stage.translated() - translatedBefore > 2_000 * 10);
    }

    private static void burst(
        final PacketBatch batch, final UnsafeBuffer templates, final int[] lengths, final int[] srcVni,
        final int[] dstVni, final StaticNatStage stage, final StaticNatTables tables,
        final int kinds)
    {
        batch.reset();
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(templates, i * SLOT, lengths[i]);
            NatTestSupport.PARSER.parse(p);
            p.meta().srcVni(srcVni[i % kinds]).dstVni(dstVni[i % kinds]).setFlags(PacketMeta.REQ_STATELESS_NAT);
        }
        stage.process(batch, tables, 0);
    }
}
