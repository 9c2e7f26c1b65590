// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.OverlayLoader;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The pipeline over the default topology: per-stage drop counters, first reason wins, configuration change
 * mid-traffic (each burst matches one configuration entirely), revalidation of stale flows, and the allocation-free
 * accept path (flow lookup hit, flow-filter bypass or lookup).
 */
class PipelineTest
{
    private static final int CLIENTS = 100;
    private static final int WARM_UP_BURSTS = 10_000;
    private static final int WINDOW_BURSTS = 200;
    private static final String[][] TRAFFIC = {
        {"10.10.0.5", "10.20.0.9"}, {"10.10.0.5", "10.20.200.9"}, {"10.11.0.5", "10.30.0.9"},
        {"10.14.0.5", "198.51.100.70"}, {"10.15.0.5", "8.8.8.8"}, {"10.99.0.5", "10.20.0.9"},
        {"10.12.0.5", "10.40.0.9"}, {"10.10.1.5", "10.20.128.9"},
    };

    static String defaultTopologyText() throws Exception
    {
        try (InputStream in = PipelineTest.class.getResourceAsStream("/dev/flowgate/scenario/default-topology.yaml"))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Overlay overlayA() throws Exception
    {
        return OverlayLoader.load("a.yaml", defaultTopologyText());
    }

    /** B: plain exposes only 10.20.0.0/17, and static NAT is gone. */
    static Overlay overlayB() throws Exception
    {
        final String text = defaultTopologyText().replace("ips: [10.20.0.0/16]", "ips: [10.20.0.0/17]")
            .replace("nat: {mode: static, as: [100.11.0.0/16]}", "");
        return OverlayLoader.load("b.yaml", text);
    }

    private static byte[][] frames()
    {
        final byte[][] frames = new byte[TRAFFIC.length][];
        for (int i = 0; i < TRAFFIC.length; i++)
        {
            frames[i] = new PacketBuilder().ipv4(TRAFFIC[i][0], TRAFFIC[i][1]).tcp(40000 + i, 80)
                .flags(TcpDescriptor.SYN).build();
        }
        return frames;
    }

    private static void fill(final PacketBatch batch, final byte[][] frames, final int vni)
    {
        batch.reset();
        for (final byte[] frame : frames)
        {
            final Packet p = batch.claim();
            p.copyFrom(new UnsafeBuffer(frame), 0, frame.length);
            p.meta().srcVni(vni);
        }
    }

    private static String verdicts(final PacketBatch batch)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < batch.count(); i++)
        {
            final PacketMeta m = batch.packet(i).meta();
            sb.append(m.dropReason() == null ? "accept" : m.dropReason().label()).append('/').append(m.dstVni())
                .append('/').append(m.flags() & 0x1C0).append(' ');
        }
        return sb.toString();
    }

    private static String expected(final Overlay overlay) throws Exception
    {
        final Pipeline p = new Pipeline(PipelineOptions.DEFAULTS, new ConfigPublisher(overlay, 0,
            LookupKind.COMPILED), 0L);
        final PacketBatch batch = new PacketBatch(64);
        fill(batch, frames(), CLIENTS);
        p.process(batch, 0L);
        return verdicts(batch);
    }

    /**
     * docs/spec/flow-table.md section 11.13, P6: the inline state keeps 32 bits of a generation, so a configuration
     * whose generation does not fit is never published (fail closed: the current one stays).
     */
    @Test
    void shouldRefuseAGenerationTheInlineStateCannotHold() throws Exception
    {
        final ConfigPublisher publisher = new ConfigPublisher(overlayA(), LockFreeFlowTable.MAX_GENID,
            LookupKind.COMPILED);
        final PipelineConfig current = publisher.laCurrent();
        assertThrows(IllegalArgumentException.class, () -> publisher.publish(overlayA()));
        assertSame(current, publisher.laCurrent());
        assertThrows(IllegalArgumentException.class, () -> new ConfigPublisher(overlayA(), -1, LookupKind.COMPILED));
    }

    @Test
    void shouldCountDropsPerStageAndReasonFirstReasonWins() throws Exception
    {
        final Pipeline p = new Pipeline(PipelineOptions.DEFAULTS, new ConfigPublisher(overlayA(), 0,
            LookupKind.COMPILED), 0L);
        final PacketBatch batch = new PacketBatch(64);
        fill(batch, frames(), CLIENTS);
        final Packet truncated = batch.claim();
        truncated.copyFrom(new UnsafeBuffer(frames()[0]), 0, 20).meta().srcVni(CLIENTS);
        final Packet noVpc = batch.claim();
        noVpc.copyFrom(new UnsafeBuffer(frames()[0]), 0, frames()[0].length);
        final Packet early = batch.claim();
        early.copyFrom(new UnsafeBuffer(frames()[0]), 0, frames()[0].length);
        early.meta().srcVni(CLIENTS).drop(DropReason.INTERNAL_DROP);
        p.process(batch, 0L);
        final DropCounters c = p.dropCounters();
        assertEquals(1, c.count("parse", DropReason.MALFORMED), c.dump());
        assertEquals(0, c.count("flow-filter", DropReason.UNROUTABLE), "no source VNI: not overlay, passes");
        assertEquals(DropReason.INTERNAL_DROP, early.meta().dropReason());
        assertEquals(0, c.count("parse", DropReason.INTERNAL_DROP), "a drop before the pipeline is not counted");
        // 10.20.200.9 is inside 10.20.0.0/16: accepted under A. 10.14 -> masquerade pool (R1), 10.99 (no source).
        assertEquals(2, c.count("flow-filter", DropReason.FILTERED), c.dump());
        assertEquals(3, c.total());
        assertTrue(c.dump().contains("flow-filter"));
    }

    @Test
    void shouldMatchOldOrNewConfigurationInEveryBurstDuringChanges() throws Exception
    {
        final Overlay a = overlayA();
        final Overlay b = overlayB();
        final String expectA = expected(a);
        final String expectB = expected(b);
        assertTrue(!expectA.equals(expectB), "the two configurations must differ for the test to mean anything");
        final ConfigPublisher publisher = new ConfigPublisher(a, 0, LookupKind.COMPILED);
        final Pipeline p = new Pipeline(PipelineOptions.DEFAULTS, publisher, 0L);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread writer = new Thread(() ->
        {
            for (int i = 0; i < 200 && !stop.get(); i++)
            {
                publisher.publish(i % 2 == 0 ? b : a);
            }
        });
        writer.start();
        final PacketBatch batch = new PacketBatch(64);
        final byte[][] frames = frames();
        int bursts = 0;
        while (writer.isAlive() || bursts < 100)
        {
            fill(batch, frames, CLIENTS);
            p.process(batch, bursts);
            final long genid = p.lastConfig().genid();
            assertEquals(genid % 2 == 0 ? expectA : expectB, verdicts(batch), "burst " + bursts + " genid " + genid);
            bursts++;
        }
        stop.set(true);
        writer.join();
        assertEquals(200, publisher.laCurrent().genid());
    }

    @Test
    void shouldRevalidateStaleFlowsAfterConfigurationChange() throws Exception
    {
        final ConfigPublisher publisher = new ConfigPublisher(overlayA(), 0, LookupKind.COMPILED);
        final Pipeline p = new Pipeline(PipelineOptions.DEFAULTS, publisher, 0L);
        final byte[] frame = new PacketBuilder().ipv4("10.10.0.5", "10.20.200.9").tcp(40000, 80).build();
        final MutableFlowKey k = new MutableFlowKey().ipv4Ports(CLIENTS, 0x0A0A0005, 0x0A14C809, 6, 40000, 80);
        final FlowKey forward = k.toImmutable();
        final FlowInfo flow = FlowInfo.relatedPair(forward, forward.reverse(200), Long.MAX_VALUE,
            FlowInfoAccess.SINGLE_LOCK);
        flow.writeLocked(200, "nat", null);
        p.flowTable().insertPair(flow, null);
        final PacketBatch batch = new PacketBatch(64);
        fill(batch, new byte[][] {frame}, CLIENTS);
        p.process(batch, 0L);
        assertTrue(p.flowInfo(0) == flow, "flow lookup attached the flow");
        assertEquals(1, p.flowFilter().bypassed(), "fresh flow (genid 0 = pipeline genid) bypasses");
        publisher.publish(overlayA());
        fill(batch, new byte[][] {frame}, CLIENTS);
        p.process(batch, 1L);
        assertEquals(1, flow.genid(), "stale flow revalidated by lookup and re-stamped");
        assertEquals(1, flow.related().genid());
        assertEquals(1, p.flowFilter().accepted());
        publisher.publish(overlayB());
        fill(batch, new byte[][] {frame}, CLIENTS);
        p.process(batch, 2L);
        assertEquals(DropReason.FILTERED, batch.packet(0).meta().dropReason(), "B no longer allows 10.20.200.9");
        assertEquals(FlowInfo.CANCELLED, flow.status(), "the pair is invalidated");
        assertEquals(FlowInfo.CANCELLED, flow.related().status());
    }

    @Test
    void shouldNotAllocateOnTheEstablishedMasqueradePath() throws Exception
    {
        final Pipeline p = new Pipeline(PipelineOptions.DEFAULTS, new ConfigPublisher(overlayA(), 0,
            LookupKind.COMPILED), 0L);
        final UnsafeBuffer[] sources = new UnsafeBuffer[64];
        for (int i = 0; i < sources.length; i++)
        {
            sources[i] = new UnsafeBuffer(new PacketBuilder().ipv4("10.12.0.5", "10.40.0.9").tcp(1000 + i, 80)
                .flags(TcpDescriptor.ACK).build());
        }
        final PacketBatch batch = new PacketBatch(64);
        refill(batch, sources);
        p.process(batch, 0L); // creates the 64 sessions (this burst may allocate)
        // The clock moves 1 ms a burst: flows are refreshed and the expiry wheel re-files them as it turns.
        final int[] bursts = new int[1];
        SteadyStateAllocation.assertNone("established masquerade", WARM_UP_BURSTS, 2_500, WINDOW_BURSTS, round ->
        {
            refill(batch, sources);
            p.process(batch, round * 1_000_000L);
            bursts[0]++;
        });
        for (int i = 0; i < batch.count(); i++)
        {
            final Packet packet = batch.packet(i);
            assertEquals(null, packet.meta().dropReason());
            assertTrue(packet.meta().hasFlags(PacketMeta.NATTED), "translated");
            assertEquals(0xCB007100, packet.srcIpv4() & 0xFFFFFFF0, "source from the pool 203.0.113.0/28");
        }
        assertEquals(64L * bursts[0], p.flowFilter().bypassed(), "every later packet bypassed");
        assertEquals(0L, p.dropCounters().total());
    }

    private static void refill(final PacketBatch batch, final UnsafeBuffer[] sources)
    {
        batch.reset();
        for (final UnsafeBuffer source : sources)
        {
            batch.claim().copyFrom(source, 0, source.capacity()).meta().srcVni(CLIENTS);
        }
    }
}
