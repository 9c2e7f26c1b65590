// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.OverlayLoader;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.PacketParser;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path of the flow-filter stage allocates nothing per packet once warm (COMPILED lookup over the default
 * topology, every access mode): bypass, Single accept, MultipleMatches resolved by rule B, MultipleMatches with an
 * active flow, the NAT-requirement drop (with its rate-limited log), the no-result drop and the early exits.
 */
class FlowFilterStageAllocationTest
{
    private static final int BURST = 64;
    private static final long G = 2;
    private static final int CLIENTS = 100;

    static Overlay defaultTopology() throws Exception
    {
        try (InputStream in = FlowFilterStageAllocationTest.class
            .getResourceAsStream("/dev/flowgate/scenario/default-topology.yaml"))
        {
            return OverlayLoader.load("default-topology.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Stream<Arguments> paths()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final FlowInfoAccess access : FlowInfoAccess.values())
        {
            all.add(Arguments.of(access, "bypass", "10.12.0.5", "10.40.0.9", 80, true, G, null, 400));
            all.add(Arguments.of(access, "single", "10.10.0.5", "10.20.0.9", 80, false, 0L, null, 200));
            all.add(Arguments.of(access, "mm-rule-b", "10.14.0.5", "198.51.100.64", 2222, false, 0L, null, 600));
            all.add(Arguments.of(access, "mm-flow", "10.14.0.5", "198.51.100.64", 2222, true, G - 1, null, 600));
            all.add(Arguments.of(access, "r1-drop", "10.14.0.5", "198.51.100.70", 80, false, 0L,
                DropReason.FILTERED, 0));
            all.add(Arguments.of(access, "no-result", "10.99.0.5", "10.20.0.9", 80, false, 0L,
                DropReason.FILTERED, 0));
            all.add(Arguments.of(access, "unroutable", "10.10.0.5", "10.20.0.9", 80, false, 0L,
                DropReason.UNROUTABLE, 0));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    @SuppressWarnings("checkstyle:ParameterNumber")
    void shouldNotAllocatePerPacket(
        final FlowInfoAccess access, final String path, final String src, final String dst, final int dstPort,
        final boolean withFlow, final long flowGenid, final DropReason verdict, final int dstVni) throws Exception
    {
        final FlowFilterContext ctx = FlowFilterContext.build(defaultTopology(), LookupKind.COMPILED);
        final int srcVni = "unroutable".equals(path) ? 0 : CLIENTS;
        final PacketBatch batch = new PacketBatch(BURST);
        final FlowInfo[] flows = new FlowInfo[BURST];
        final PacketBuilder builder = new PacketBuilder().ipv4(src, dst).tcp(40000, dstPort).flags(TcpDescriptor.SYN);
        final PacketParser parser = new PacketParser();
        for (int i = 0; i < BURST; i++)
        {
            final Packet p = batch.claim();
            builder.writeTo(p);
            parser.parse(p);
            if (withFlow)
            {
                flows[i] = StageHarness.flow(access, FlowInfo.ACTIVE, flowGenid, dstVni, true, false);
            }
        }
        final FlowFilterStage stage = new FlowFilterStage(NatValidation.EARLY, access);
        SteadyStateAllocation.assertNone(path, 10_000, 200,
            round -> burst(stage, batch, flows, ctx, srcVni, flowGenid));
        assertEquals(verdict, batch.packet(0).meta().dropReason(), path);
        assertEquals(dstVni, batch.packet(0).meta().dstVni(), path);
    }

    private static void burst(
        final FlowFilterStage stage, final PacketBatch batch, final FlowInfo[] flows, final FlowFilterContext ctx,
        final int srcVni, final long flowGenid)
    {
        for (int i = 0; i < batch.count(); i++)
        {
            batch.packet(i).meta().reset().srcVni(srcVni).setFlags(PacketMeta.IS_OVERLAY);
            final FlowInfo f = flows[i];
            if (f != null)
            {
                f.status(FlowInfo.ACTIVE);
                f.genid(flowGenid); // a stale flow stays stale: every round takes the same path
            }
        }
        stage.process(batch, flows, ctx, G, 0L);
    }
}
