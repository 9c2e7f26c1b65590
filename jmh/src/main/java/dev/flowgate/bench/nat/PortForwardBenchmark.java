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
import dev.flowgate.bench.workload.SessionHandles;
import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.nat.PortForwardMappings;
import dev.flowgate.nat.PortForwardStage;
import dev.flowgate.nat.PortForwardTables;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

/**
 * The port-forwarding stage's paths over bursts of {@link #BURST} packets (public 198.51.100.0/24 ports 1000-1999
 * forwarded to 10.50.0.0/24 ports 8000-8999, TCP and UDP):
 * <ul>
 *   <li>{@link #established}: established connections, even packets client to public address on the forward flow,
 *   odd packets the server's replies on the reverse flow (TCP ACKs and UDP). The rewrite is <b>idempotent</b>: after
 *   the first pass the destination (forward) or source (reverse) already holds the value the state writes, the
 *   stage compares and skips it, and an ACK leaves an established status unchanged; so packets are not restored.
 *   Each packet still pays the state read, the comparisons, the status load and both deadline stores. Under INLINE
 *   the flows carry this configuration's genid and each packet its read of the connection's steady mark, taken at
 *   set-up, so the pass measures the inline path: the read's checks, the compares, one checksum update and
 *   {@code touch}.</li>
 *   <li>{@link #lateDrop}: the LATE path: TCP ACKs from the forwarded private endpoint without a flow (what the
 *   flow-filter's EARLY check would drop); each drops as {@code filtered}. Only the metadata is reset.</li>
 *   <li>{@link #newConnection}: every packet is a SYN (TCP) or first datagram (UDP) that opens a connection: rule
 *   look-up, flow pair, insert, rewrite. Packets are <b>restored from templates</b>, and the pass ends by removing
 *   the burst's flow pairs (a look-up, {@code invalidatePair} and two removals each, or the same by handle for a
 *   session without flow objects, included). Allocates per packet in the object modes (two flows and keys, two
 *   states, one session; none under INLINE): reported by {@code -prof gc}, not a steady state.</li>
 * </ul>
 */
@Question("What does port forwarding cost per packet on the established path, the LATE drop path and a new "
    + "connection?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class PortForwardBenchmark
{
    public static final int BURST = NatBurst.BURST;
    static final int VNI_C = 100;
    static final int VNI_P = 200;

    @Param({"MULTI_LOCK", "SINGLE_LOCK", "OPTIMISTIC", "SNAPSHOT", "INLINE"})
    public FlowInfoAccess flowAccess;

    final FlowInfo[] noFlows = new FlowInfo[BURST];
    /** Client to public address: the openings of the connections (even TCP SYN, odd UDP). */
    final NatBurst openings = new NatBurst(VNI_C, VNI_P, PacketMeta.REQ_PORT_FORWARDING);
    FlowTable table;
    PortForwardTables tables;
    PortForwardStage stage;
    PacketBatch established;
    FlowInfo[] establishedFlows;
    /** Each established packet's flow key (its direction's, before any rewrite): a session's reads take it. */
    FlowKey[] establishedKeys;
    /** INLINE: each established packet's inline read, as the burst look-up leaves it (null in the object modes). */
    InlineFlowView[] establishedViews;
    PacketBatch late;
    PacketBatch fresh;

    static Overlay overlay()
    {
        return Overlay.builder().vpc("c", "CCCCC", VNI_C).vpc("p", "PPPPP", VNI_P)
            .peering("c-p", Manifest.of("c", Expose.of("10.13.0.0/16")),
                Manifest.of("p", Expose.builder().ips("10.50.0.0/24:8000-8999")
                    .portForward(L4Protocol.ANY, "198.51.100.0/24:1000-1999").build()))
            .build();
    }

    private static PacketBuilder opening(final int i)
    {
        final PacketBuilder b = new PacketBuilder().ipv4("10.13.0." + (i + 1), "198.51.100." + (i % 7 + 1));
        return i % 2 == 0 ? b.tcp(30000 + i, 1000 + i).flags(TcpDescriptor.SYN) : b.udp(30000 + i, 1000 + i);
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        table = FlowTable.create(FlowTableKind.LOCK_FREE, 1 << 16, flowAccess);
        tables = PortForwardTables.build(overlay(), new PortForwardMappings());
        stage = new PortForwardStage(table, null, flowAccess);
        fresh = new PacketBatch(BURST);
        established = new PacketBatch(BURST);
        establishedFlows = new FlowInfo[BURST];
        establishedKeys = new FlowKey[BURST];
        late = new PacketBatch(BURST);
        // Open BURST connections: even indexes TCP (SYN), odd ones UDP.
        for (int i = 0; i < BURST; i++)
        {
            openings.template(i, opening(i));
        }
        final PacketBatch open = openings.restore(new PacketBatch(BURST));
        stage.process(open, noFlows, tables, 0);
        NatBurst.check(open, null);
        for (int i = 0; i < BURST; i++)
        {
            final FlowInfo forward = openings.flow(table, i);
            if (forward == null)
            {
                throw new IllegalStateException("no connection for packet " + i);
            }
            final boolean tcp = i % 2 == 0;
            final String client = "10.13.0." + (i + 1);
            final String server = "10.50.0." + (i % 7 + 1);
            // Forward packet and server reply of connection i, driven to established: reply, then forward.
            final PacketBuilder fwd = new PacketBuilder().ipv4(client, "198.51.100." + (i % 7 + 1));
            final PacketBuilder rev = new PacketBuilder().ipv4(server, client);
            final PacketBuilder fwdPacket = tcp ? fwd.tcp(30000 + i, 1000 + i).flags(TcpDescriptor.ACK) :
                fwd.udp(30000 + i, 1000 + i);
            final PacketBuilder revPacket = tcp ? rev.tcp(8000 + i, 30000 + i).flags(TcpDescriptor.ACK) :
                rev.udp(8000 + i, 30000 + i);
            if (tcp)
            {
                drive(new PacketBuilder().ipv4(server, client).tcp(8000 + i, 30000 + i)
                    .flags(TcpDescriptor.SYN | TcpDescriptor.ACK), VNI_P, VNI_C, related(forward));
            }
            else
            {
                drive(revPacket, VNI_P, VNI_C, related(forward));
            }
            drive(fwdPacket, VNI_C, VNI_P, forward);
            final Packet e = established.claim();
            final boolean reply = (i / 2) % 2 == 1;
            (reply ? revPacket : fwdPacket).writeTo(e);
            openings.parser().parse(e);
            e.meta().srcVni(reply ? VNI_P : VNI_C).dstVni(reply ? VNI_C : VNI_P)
                .setFlags(PacketMeta.REQ_PORT_FORWARDING);
            establishedKeys[i] = NatBurst.keyOf(e, e.meta().srcVni());
            establishedFlows[i] = reply ? related(forward) : forward;
            // LATE: the private endpoint talks without a flow (another client port).
            final Packet l = late.claim();
            new PacketBuilder().ipv4(server, client).tcp(8000 + i, 20000 + i).flags(TcpDescriptor.ACK).writeTo(l);
            openings.parser().parse(l);
        }
        process(established, establishedFlows, establishedKeys);
        NatBurst.check(established, null);
        if (flowAccess == FlowInfoAccess.INLINE)
        {
            setUpInline();
        }
        openings.resetMeta(late, VNI_P, VNI_C);
        stage.process(late, noFlows, tables, 0);
        NatBurst.check(late, DropReason.FILTERED);
    }

    /**
     * INLINE: the flows stamped with this configuration's genid (the flow-filter's job in the pipeline), one pass on
     * the object path marks each connection steady in its slot, then the packets carry their read of the marked state.
     */
    private void setUpInline()
    {
        final InlineSessions sessions = SessionHandles.sessionsOf(table);
        final InlineFlowView read = new InlineFlowView();
        for (int i = 0; i < BURST; i++)
        {
            if (establishedFlows[i] != FlowInfo.INLINE_SESSION)
            {
                establishedFlows[i].genid(1);
            }
            else if (sessions.find(establishedKeys[i], read) < 0 || !sessions.setGenid(read, 1))
            {
                throw new IllegalStateException("INLINE: no session for packet " + i);
            }
        }
        establishedViews = NatBurst.readInline(table, establishedFlows, establishedKeys);
        established();
        establishedViews = NatBurst.readInline(table, establishedFlows, establishedKeys);
        final long before = stage.forwardedInline();
        established();
        NatBurst.check(established, null);
        if (stage.forwardedInline() - before != BURST)
        {
            throw new IllegalStateException("INLINE: " + (stage.forwardedInline() - before) + " of " + BURST +
                " established packets took the inline path");
        }
    }

    /** The reverse direction's flow: the related flow, or the sentinel again for a session without flow objects. */
    private static FlowInfo related(final FlowInfo forward)
    {
        return forward == FlowInfo.INLINE_SESSION ? forward : forward.related();
    }

    /** One packet of a connection through the stage with its flow ({@link #process}). */
    private void drive(final PacketBuilder frame, final int src, final int dst, final FlowInfo flow)
    {
        final PacketBatch one = new PacketBatch(1);
        final Packet p = one.claim();
        frame.writeTo(p);
        openings.parser().parse(p);
        p.meta().srcVni(src).dstVni(dst).setFlags(PacketMeta.REQ_PORT_FORWARDING);
        process(one, new FlowInfo[] {flow}, new FlowKey[] {NatBurst.keyOf(p, src)});
        NatBurst.check(one, null);
    }

    /**
     * A set-up pass of packets with their flows: without reads, unless a flow is a session without flow objects, whose
     * packets then carry their reads by key, as the burst look-up gives them.
     */
    private void process(final PacketBatch batch, final FlowInfo[] flows, final FlowKey[] keys)
    {
        boolean sessions = false;
        for (final FlowInfo f : flows)
        {
            sessions |= f == FlowInfo.INLINE_SESSION;
        }
        if (sessions)
        {
            stage.process(batch, flows, NatBurst.readInline(table, flows, keys), tables, 0L, 0);
        }
        else
        {
            stage.process(batch, flows, tables, 0);
        }
    }

    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    // The state read, rule check and rewrite of an established packet (INLINE: the steady inline path, delta update).
    public PacketBatch established()
    {
        stage.process(established, establishedFlows, establishedViews, tables, 1, 0);
        return established;
    }

    @Benchmark
    @SteadyState
    @OperationsPerInvocation(BURST)
    // The LATE drop: a rule look-up per packet that finds no connection (the access mode does not enter).
    public PacketBatch lateDrop()
    {
        openings.resetMeta(late, VNI_P, VNI_C);
        stage.process(late, noFlows, tables, 0);
        return late;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    // Connection creation and teardown: rule look-up, flow pair, insert (INLINE: plus the creator's inline write).
    public PacketBatch newConnection()
    {
        stage.process(openings.restore(fresh), noFlows, tables, 0);
        openings.cancelSessions(table);
        return fresh;
    }
}
