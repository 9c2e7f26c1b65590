// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.nat;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.nat.MasqueradeStage;
import dev.flowgate.nat.MasqueradeTables;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * The masquerade stage's paths over bursts of {@link #BURST} packets:
 * <ul>
 *   <li>{@link #established}: every packet carries its session's forward flow (a session without flow objects:
 *   {@code FlowInfo.INLINE_SESSION}, with its read). The rewrite is <b>idempotent</b>
 *   (the state writes the same address and port again), so packets are not restored; only the NATTED flag is
 *   cleared each pass. Under INLINE each packet also carries its inline read, taken once at set-up (what the burst
 *   look-up leaves; the slot's version does not move, as packets only {@code touch} it), so the pass measures the
 *   inline rewrite, not the look-up. Its one-update checksum assumes the packet still carries its key's fields:
 *   over already-rewritten packets the checksum drifts by the delta each pass, at the same cost.</li>
 *   <li>{@link #lateDrop}: the LATE path: packets from the peer towards the masquerade pool without a flow; the
 *   source-pool look-up fails and each drops as {@code filtered}. No rewrite: only the metadata is reset.</li>
 *   <li>{@link #newSession}: every packet opens a session (allocation, flow pair, insert). Packets are
 *   <b>restored from templates</b>, and the pass ends by
 *   cancelling the burst's sessions (a look-up, {@code invalidatePair} and two removals each, or the same by
 *   handle for sessions without flow objects, included) so
 *   the allocator reclaims them and the pool never runs dry. Allocates per packet in the object modes (flow pair,
 *   states; none under INLINE, whose sessions have no objects): reported by {@code -prof gc}, not a steady
 *   state.</li>
 *   <li>{@link #exhausted}: the pool (one address) has every TCP port held by a live session; new packets drop as
 *   {@code nat-out-of-resources} (with the full reclaim at most once per millisecond). Not gated as a steady
 *   state: its one log line a second is visible per packet at this path's rate.</li>
 * </ul>
 */
@Question("What does masquerade cost per packet on the established path, the LATE drop path, a new session and an "
    + "exhausted pool?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class MasqueradeBenchmark
{
    public static final int BURST = NatBurst.BURST;
    static final int VNI_A = 100;
    static final int VNI_B = 200;

    @Param({"MULTI_LOCK", "SINGLE_LOCK", "OPTIMISTIC", "SNAPSHOT", "INLINE"})
    public FlowInfoAccess flowAccess;

    final FlowInfo[] noFlows = new FlowInfo[BURST];
    /** A to B, TCP (even) and UDP (odd) from 10.0.1.x: the new-session and (sessions made once) established bursts. */
    final NatBurst sessions = new NatBurst(VNI_A, VNI_B, PacketMeta.REQ_STATEFUL_NAT);
    /** A to B from 10.0.3.x once the pool is exhausted. */
    final NatBurst refused = new NatBurst(VNI_A, VNI_B, PacketMeta.REQ_STATEFUL_NAT);
    FlowTable table;
    MasqueradeTables tables;
    MasqueradeStage stage;
    PacketBatch established;
    FlowInfo[] establishedFlows;
    /** INLINE: each established packet's inline read, as the burst look-up leaves it (null in the object modes). */
    InlineFlowView[] establishedViews;
    PacketBatch late;
    PacketBatch fresh;
    PacketBatch exhaustedBatch;
    MasqueradeTables exhaustedTables;
    MasqueradeStage exhaustedStage;

    static Overlay overlay(final String pool)
    {
        return Overlay.builder().vpc("a", "AAAAA", VNI_A).vpc("b", "BBBBB", VNI_B)
            .peering("a-b", Manifest.of("a", Expose.builder().ips("10.0.0.0/16").masquerade(pool).build()),
                Manifest.of("b", Expose.of("20.0.0.0/24")))
            .build();
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        table = FlowTable.create(FlowTableKind.LOCK_FREE, 1 << 16, flowAccess);
        tables = MasqueradeTables.build(overlay("100.64.0.0/24"), new MasqueradeAllocator(1, true, 1));
        stage = new MasqueradeStage(table, null, flowAccess, 0);
        established = new PacketBatch(BURST);
        establishedFlows = new FlowInfo[BURST];
        late = new PacketBatch(BURST);
        fresh = new PacketBatch(BURST);
        for (int i = 0; i < BURST; i++)
        {
            final PacketBuilder b = new PacketBuilder().ipv4("10.0.1." + (i + 1), "20.0.0." + (i % 7 + 1));
            sessions.template(i, i % 2 == 0 ? b.tcp(30000 + i, 443) : b.udp(30000 + i, 53));
            // The LATE burst: peer to pool addresses without flows.
            final Packet l = late.claim();
            new PacketBuilder().ipv4("20.0.0.9", "100.64.0." + (i + 1)).tcp(443, 1000 + i).flags(0x02).writeTo(l);
            sessions.parser().parse(l);
        }
        // The established burst: the same packets, sessions created once, forward flow attached.
        stage.process(sessions.restore(established), noFlows, tables, 0);
        for (int i = 0; i < BURST; i++)
        {
            establishedFlows[i] = sessions.flow(table, i);
            if (establishedFlows[i] == null || established.packet(i).meta().isDone())
            {
                throw new IllegalStateException("no session for packet " + i);
            }
        }
        if (flowAccess == FlowInfoAccess.INLINE)
        {
            final FlowKey[] keys = new FlowKey[BURST];
            for (int i = 0; i < BURST; i++)
            {
                keys[i] = sessions.key(i);
            }
            establishedViews = NatBurst.readInline(table, establishedFlows, keys);
            established();
            if (stage.establishedInline() != BURST)
            {
                throw new IllegalStateException("INLINE: " + stage.establishedInline() + " of " + BURST +
                    " established packets took the inline path");
            }
        }
        sessions.resetMeta(late, VNI_B, VNI_A);
        stage.process(late, noFlows, tables, 0);
        NatBurst.check(late, DropReason.FILTERED);
        setUpExhausted();
    }

    private void setUpExhausted()
    {
        final FlowTable big = FlowTable.create(FlowTableKind.LOCK_FREE, 1 << 18);
        exhaustedTables = MasqueradeTables.build(overlay("100.64.9.9/32"), new MasqueradeAllocator(1, true, 2));
        exhaustedStage = new MasqueradeStage(big, null, FlowInfoAccess.SNAPSHOT, 0);
        exhaustedBatch = new PacketBatch(BURST);
        final PacketBuilder b = new PacketBuilder().ipv4("10.0.2.1", "20.0.0.1");
        int port = 1;
        while (exhaustedStage.created() < 65535)
        {
            exhaustedBatch.reset();
            for (int i = 0; i < BURST && port <= 65535; i++)
            {
                final Packet p = exhaustedBatch.claim();
                b.ipv4("10.0.2." + (1 + port / 60000), "20.0.0.1").tcp(port % 60000 + 1, 80).writeTo(p);
                port++;
                refused.parser().parse(p);
                p.meta().srcVni(VNI_A).dstVni(VNI_B).setFlags(PacketMeta.REQ_STATEFUL_NAT);
            }
            exhaustedStage.process(exhaustedBatch, noFlows, exhaustedTables, 0);
        }
        for (int i = 0; i < BURST; i++)
        {
            refused.template(i, new PacketBuilder().ipv4("10.0.3." + (i + 1), "20.0.0.1").tcp(5000, 80));
        }
        exhaustedStage.process(refused.restore(exhaustedBatch), noFlows, exhaustedTables, System.nanoTime());
        NatBurst.check(exhaustedBatch, DropReason.NAT_OUT_OF_RESOURCES);
    }

    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    // The state read and rewrite of an established packet (INLINE: from the packet's inline read, the delta update).
    public PacketBatch established()
    {
        for (int i = 0; i < BURST; i++)
        {
            established.packet(i).meta().clearFlags(PacketMeta.NATTED);
        }
        stage.process(established, establishedFlows, establishedViews, tables, 0);
        return established;
    }

    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    // The LATE drop: a failed source-pool look-up per packet, no flow (the access mode does not enter).
    public PacketBatch lateDrop()
    {
        sessions.resetMeta(late, VNI_B, VNI_A);
        stage.process(late, noFlows, tables, 0);
        return late;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    // Session creation and teardown: allocation, flow pair, insert (INLINE: plus the creator's inline write).
    public PacketBatch newSession()
    {
        stage.process(sessions.restore(fresh), noFlows, tables, 0);
        sessions.cancelSessions(table);
        return fresh;
    }

    @Benchmark
    // Not @SteadyState: the path allocates only its rate-limited log line (one a second), but at this path's
    // ~50k packets/s that alone shows as 0.1-0.5 B/packet in a short run.
    @OperationsPerInvocation(BURST)
    public PacketBatch exhausted()
    {
        exhaustedStage.process(refused.restore(exhaustedBatch), noFlows, exhaustedTables, System.nanoTime());
        return exhaustedBatch;
    }
}
