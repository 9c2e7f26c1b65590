// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.alloc.DropLogsOff;
import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes allocated per packet through a whole {@link Pipeline} over the default topology, counted with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes()}:
 * <ul>
 *   <li>the new-session paths (a masquerade session, a port-forward connection) stay under a bound derived from the
 *   objects a session creates;</li>
 *   <li>a steady mix of every established and drop path allocates nothing: established masquerade both ways,
 *   established port forwarding both ways, static NAT, a plain accept, the EARLY flow-filter drops (R1, R2, no
 *   destination) which are LATE's masquerade and port-forward drops, the port-forward stage's non-SYN drop, the
 *   ICMP-error handler's drop and the parser's drop, under EARLY and LATE.</li>
 * </ul>
 * The steady mix runs with a moving clock (expiry wheel and drop-log limits at work) and must allocate nothing in
 * every measured window; the drop logs' lines themselves are switched off ({@link DropLogsOff}).
 */
class PipelineAllocationTest
{
    /**
     * Upper bound for one masquerade session. A session is 2 {@code FlowKey}s, 2 {@code FlowInfo}s and 2
     * {@code MasqueradeState}s (the lock-free table's insert allocates nothing; the allocator's session row is in its
     * arrays, whose doubling while sessions only accumulate is amortised here),
     * plus per access mode 2 {@code StampedLock}s (MULTI_LOCK, SINGLE_LOCK, OPTIMISTIC) or 2
     * {@code FlowLockedState} snapshots (SNAPSHOT); the allocator's ledger
     * entry per pool address is amortised over its 65535 ports. Measured with compressed oops on JDK 17 (3 December
     * 2026): 672 bytes (lock modes and OPTIMISTIC), 624 (SNAPSHOT and INLINE: 2 x 120 FlowKey, 2 x 104 FlowInfo,
     * 2 x 24 FlowLockedState, 2 x 64 MasqueradeState). 1 KiB leaves room for another JDK's layout; one more object per
     * session in a lock-free mode, or any per-packet String, boxed value or capturing lambda, breaks it.
     */
    static final long MASQUERADE_SESSION_BOUND = 1024;
    /**
     * Upper bound for one masquerade session under INLINE (docs/spec/nat.md section 2.11, docs/spec/flow-table.md
     * section 11.13, P7): nothing. Its keys, words, status, link and timeout live in its two slots, both mapping the
     * shared {@code FlowInfo.INLINE_SESSION}; the wheel's node and the allocator's row are primitive arrays.
     * Measured: 0 bytes, the arrays' doubling included (624 before the state objects went, 448 before the key objects
     * went, 208 before the flow objects went).
     */
    static final long INLINE_MASQUERADE_SESSION_BOUND = 0;
    /**
     * Upper bound for one port-forward connection: 2 flow keys, 2 flow infos, 2 {@code PortForwardState}s and 1
     * {@code PortForwardSession}, plus the same per-mode lock objects. Measured: 664 and 616 bytes (SNAPSHOT and
     * INLINE: 2 x 120 FlowKey, 2 x 104 FlowInfo, 2 x 24 FlowLockedState, 2 x 48 PortForwardState, 24
     * PortForwardSession).
     */
    static final long PORT_FORWARD_CONNECTION_BOUND = 1024;
    /**
     * Bytes of one port-forward connection under INLINE (docs/spec/nat.md section 3.8, docs/spec/flow-table.md
     * section 11.13, P7): none. Its two slots map the shared sentinel, hold its keys, words, status and rule; its
     * wheel node comes from the wheel's pool. Measured: 0 bytes (616, then 472 before the key objects went, 232 before
     * the session went, 208 before the flow objects went).
     */
    static final long INLINE_PORT_FORWARD_CONNECTION_BOUND = 0;

    private static final int BURST = 64;
    private static final int WARM_UP_BURSTS = 10_000;
    private static final int WINDOW_BURSTS = 200;
    /** Long enough for the drop logs' once-a-second paths to run twice (and be compiled) before measuring. */
    private static final long WARM_UP_MILLIS = 2_500;
    private static final long CLOCK_STEP_NANOS = 1_000_000L;
    private static final int EXPIRY_WARM_UP_CYCLES = 300;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static Pipeline pipeline(final NatValidation validation, final FlowInfoAccess access) throws Exception
    {
        return new Pipeline(PipelineOptions.DEFAULTS.withNatValidation(validation).withFlowAccess(access)
            .withFlowCapacity(1 << 17).withBurstSize(BURST), new ConfigPublisher(PipelineTest.overlayA(), 0,
                LookupKind.COMPILED), 0L);
    }

    private static void load(final PacketBatch batch, final int index, final byte[] frame, final int vni)
    {
        final Packet p = index < batch.count() ? batch.packet(index) : batch.claim();
        p.reset();
        p.copyFrom(new UnsafeBuffer(frame), 0, frame.length);
        p.meta().srcVni(vni);
    }

    /** Bytes per new session over bursts of first packets: client i of the burst sequence is new. */
    private static double bytesPerNewSession(final Pipeline p, final boolean portForward, final int warmBursts,
        final int measuredBursts)
    {
        final PacketBatch batch = new PacketBatch(BURST);
        int client = 0;
        long bytes = 0;
        for (int burst = 0; burst < warmBursts + measuredBursts; burst++)
        {
            // Frames built before measuring (the builder allocates); only the pipeline is measured.
            final List<byte[]> built = new ArrayList<>();
            for (int i = 0; i < BURST; i++, client++)
            {
                final String src = (portForward ? "10.13." : "10.12.") + (client >>> 7) + "." + (1 + (client & 0x7F));
                final int sport = 1024 + client;
                built.add(new PacketBuilder().ipv4(src, portForward ? "198.51.100.10" : "10.40.0.9")
                    .tcp(sport, 80).flags(TcpDescriptor.SYN).build());
            }
            batch.reset();
            for (int i = 0; i < BURST; i++)
            {
                load(batch, i, built.get(i), 100);
            }
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            p.process(batch, 1_000_000L);
            final long used = THREADS.getCurrentThreadAllocatedBytes() - before;
            for (int i = 0; i < BURST; i++)
            {
                assertEquals(null, batch.packet(i).meta().dropReason(), "new session dropped");
            }
            if (burst >= warmBursts)
            {
                bytes += used;
            }
        }
        return (double) bytes / (measuredBursts * BURST);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldStayUnderTheBoundPerNewSession(final FlowInfoAccess access) throws Exception
    {
        final Pipeline masq = pipeline(NatValidation.EARLY, access);
        final double perSession = bytesPerNewSession(masq, false, 150, 50);
        final Pipeline fwd = pipeline(NatValidation.EARLY, access);
        final double perConnection = bytesPerNewSession(fwd, true, 150, 50);
        System.out.printf("PipelineAllocationTest %s: %.0f bytes per masquerade session, %.0f bytes per "
            + "port-forward connection%n", access, perSession, perConnection);
        assertEquals(200L * BURST, masq.masquerade().created());
        assertEquals(200L * BURST, fwd.portForward().created());
        assertTrue(perSession <= (access == FlowInfoAccess.INLINE ? INLINE_MASQUERADE_SESSION_BOUND :
            MASQUERADE_SESSION_BOUND), access + ": " + perSession + " bytes per masquerade session");
        assertTrue(perConnection <= (access == FlowInfoAccess.INLINE ? INLINE_PORT_FORWARD_CONNECTION_BOUND :
            PORT_FORWARD_CONNECTION_BOUND),
            access + ": " + perConnection + " bytes per port-forward connection");
        assertTrue(perSession > 0 || access == FlowInfoAccess.INLINE,
            "a masquerade session is objects but under INLINE: the measurement must see them");
        assertTrue(perConnection > 0 || access == FlowInfoAccess.INLINE,
            "a port-forward connection is objects but under INLINE: the measurement must see them");
    }

    /**
     * The expiry path on its own: each cycle the wheel expires the previous cycle's 64 sessions (128 flows: status
     * write-through, INLINE's extension from the slots, removal; under INLINE from their slots, without keys),
     * measured; then 64 new sessions are created for the same clients, not measured. Every one of
     * {@link SteadyStateAllocation#WINDOWS} measured expiries must allocate nothing (a window with a collection or a
     * compilation is measured again, as {@link SteadyStateAllocation} does).
     */
    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldExpireSessionsWithoutAllocating(final FlowInfoAccess access) throws Exception
    {
        assertCyclesAllocateNothing(access, EXPIRY);
    }

    /**
     * docs/spec/flow-table.md section 11.13, P4 and P7: under INLINE the cycles' new sessions are measured instead
     * (each cycle after the wheel expired the previous one's): every measured burst of 64 new sessions allocates
     * nothing ({@link #INLINE_MASQUERADE_SESSION_BOUND}): no flow objects, and nothing for the wheel, whose nodes come
     * back from the free list that the expiry fed.
     */
    @Test
    void shouldScheduleInlineSessionsWithoutWheelBytes() throws Exception
    {
        assertCyclesAllocateNothing(FlowInfoAccess.INLINE, CREATION);
    }

    /**
     * docs/spec/flow-table.md section 11.13, P7: under INLINE each round creates 64 port-forward connections through
     * the pipeline after the wheel expired the previous round's, and every window allocates nothing
     * ({@link SteadyStateAllocation}: no clean-window tolerance): no flow, key or state object, and the wheel's nodes
     * come back from its free list.
     */
    @Test
    void shouldCreatePortForwardConnectionsWithoutAllocating() throws Exception
    {
        final Pipeline p = pipeline(NatValidation.EARLY, FlowInfoAccess.INLINE);
        final PacketBatch batch = new PacketBatch(BURST);
        final UnsafeBuffer[] frames = new UnsafeBuffer[BURST];
        for (int i = 0; i < BURST; i++)
        {
            frames[i] = new UnsafeBuffer(new PacketBuilder().ipv4("10.13.1." + (1 + i), "198.51.100.10")
                .tcp(2000 + i, 80).flags(TcpDescriptor.SYN).build());
        }
        final long gap = 11_000_000_000L; // past the rules' 10 s initial timeout
        final long[] reaped = new long[1];
        SteadyStateAllocation.assertNone("port-forward connections created and expired under INLINE", 300,
            WARM_UP_MILLIS, 20, round ->
            {
                final long now = 1_000_000L + round * gap;
                reaped[0] += p.wheel().expire(now, Integer.MAX_VALUE);
                batch.reset();
                for (int i = 0; i < BURST; i++)
                {
                    final Packet packet = i < batch.count() ? batch.packet(i) : batch.claim();
                    packet.reset();
                    packet.copyFrom(frames[i], 0, frames[i].capacity());
                    packet.meta().srcVni(100);
                }
                p.process(batch, now);
                for (int i = 0; i < BURST; i++)
                {
                    assertEquals(null, batch.packet(i).meta().dropReason(), "new connection dropped");
                }
            });
        assertTrue(reaped[0] >= 2L * 300 * BURST, "each round's connections expired by the next: " + reaped[0]);
        assertTrue(p.flowTable().size() <= 2 * BURST, "no connection left behind: " + p.flowTable().size());
        assertEquals(p.portForward().created() * 2, reaped[0] + p.flowTable().size());
    }

    /**
     * Port release on its own: as {@link #shouldExpireSessionsWithoutAllocating}, but the expiry is not measured and
     * the allocator's reclaim that follows it is: it must find the 64 expired sessions (both flows no longer active)
     * and give their ports back, in every measured window without allocating.
     */
    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldReleasePortsWithoutAllocating(final FlowInfoAccess access) throws Exception
    {
        assertCyclesAllocateNothing(access, RELEASE);
    }

    /** {@link #assertCyclesAllocateNothing}: measure the expiry. */
    private static final int EXPIRY = 0;
    /** {@link #assertCyclesAllocateNothing}: measure the port release. */
    private static final int RELEASE = 1;
    /** {@link #assertCyclesAllocateNothing}: measure the new sessions (INLINE, whose sessions are no objects). */
    private static final int CREATION = 2;

    /**
     * Expiry, then port release, then 64 new sessions, per cycle; measures the expiry, the release, or the new
     * sessions.
     */
    private static void assertCyclesAllocateNothing(final FlowInfoAccess access, final int measure)
        throws Exception
    {
        final boolean release = measure == RELEASE;
        final MasqueradeAllocator allocator = MasqueradeAllocator.deterministic();
        final Pipeline p = new Pipeline(PipelineOptions.DEFAULTS.withNatValidation(NatValidation.EARLY)
            .withFlowAccess(access).withFlowCapacity(1 << 17).withBurstSize(BURST),
            new ConfigPublisher(PipelineTest.overlayA(), 0, LookupKind.COMPILED, allocator), 0L);
        final PacketBatch batch = new PacketBatch(BURST);
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < BURST; i++)
        {
            frames.add(new PacketBuilder().ipv4("10.12.1." + (1 + i), "10.40.0.9").tcp(2000 + i, 80)
                .flags(TcpDescriptor.SYN).build());
        }
        final long gap = 121_000_000_000L; // past the default 120 s idle timeout of the topology's pool
        final long[] bytes = new long[SteadyStateAllocation.WINDOWS];
        final long warmUpEnd = System.nanoTime() + SteadyStateAllocation.MIN_WARM_UP_MILLIS * 1_000_000L;
        final String what = release ? "ports released" : measure == CREATION ? "sessions created" : "flows expired";
        int measured = 0;
        int voided = 0;
        for (int cycle = 0; measured < bytes.length; cycle++)
        {
            final long now = 1_000_000L + cycle * gap;
            final int reaped = measure != EXPIRY ? p.wheel().expire(now, Integer.MAX_VALUE) : 0;
            long events = SteadyStateAllocation.jvmEvents();
            long before = THREADS.getCurrentThreadAllocatedBytes();
            final int done = measure == RELEASE ? allocator.reclaim(Integer.MAX_VALUE) :
                measure == EXPIRY ? p.wheel().expire(now, Integer.MAX_VALUE) : reaped;
            long used = THREADS.getCurrentThreadAllocatedBytes() - before;
            batch.reset();
            for (int i = 0; i < BURST; i++)
            {
                load(batch, i, frames.get(i), 100);
            }
            if (measure == CREATION)
            {
                events = SteadyStateAllocation.jvmEvents();
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            p.process(batch, now);
            if (measure == CREATION)
            {
                used = THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            final boolean warm = cycle >= EXPIRY_WARM_UP_CYCLES && System.nanoTime() - warmUpEnd >= 0;
            if (warm)
            {
                assertEquals(release ? BURST : 2 * BURST, done, access + ": " + what + " in cycle " + cycle);
                assertEquals(measure != EXPIRY ? 2 * BURST : 0, reaped, access + ": flows expired first");
                if (used != 0 && SteadyStateAllocation.jvmEvents() != events &&
                    voided < SteadyStateAllocation.MAX_VOIDED)
                {
                    voided++;
                }
                else
                {
                    bytes[measured++] = used;
                }
            }
            for (int i = 0; i < BURST; i++)
            {
                assertEquals(null, batch.packet(i).meta().dropReason(), access + ": new session dropped");
            }
        }
        assertArrayEquals(new long[bytes.length], bytes, access + ": bytes per window of " + what + " " +
            Arrays.toString(bytes));
    }

    @ParameterizedTest
    @EnumSource(NatValidation.class)
    void shouldNotAllocateOnEstablishedOrDropPaths(final NatValidation validation) throws Exception
    {
        final DropLogsOff logsOff = new DropLogsOff();
        try
        {
            for (final FlowInfoAccess access : FlowInfoAccess.values())
            {
                steadyMix(validation, access);
            }
        }
        finally
        {
            logsOff.close();
        }
    }

    private static void steadyMix(final NatValidation validation, final FlowInfoAccess access) throws Exception
    {
        final Pipeline p = pipeline(validation, access);
        final PacketBatch batch = new PacketBatch(BURST);
        // Open a masquerade session and a port-forward connection; answer both from their outputs.
        batch.reset();
        load(batch, 0, new PacketBuilder().ipv4("10.12.0.5", "10.40.0.9").tcp(40000, 80)
            .flags(TcpDescriptor.SYN).build(), 100);
        load(batch, 1, new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80)
            .flags(TcpDescriptor.SYN).build(), 100);
        p.process(batch, 0L);
        final int pool = batch.packet(0).srcIpv4();
        final int poolPort = batch.packet(0).srcPort();
        assertEquals(null, batch.packet(0).meta().dropReason());
        assertEquals(null, batch.packet(1).meta().dropReason());
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> vnis = new ArrayList<>();
        final List<String> expect = new ArrayList<>();
        final PacketBuilder masqReply = new PacketBuilder().ipv4(0x0A280009, pool).tcp(80, poolPort)
            .flags(TcpDescriptor.ACK);
        add(frames, vnis, expect, masqReply.build(), 400, "accept");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.12.0.5", "10.40.0.9").tcp(40000, 80)
            .flags(TcpDescriptor.ACK).build(), 100, "accept");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.50.0.10", "10.13.0.5").tcp(8080, 40001)
            .flags(TcpDescriptor.SYN | TcpDescriptor.ACK).build(), 500, "accept");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.13.0.5", "198.51.100.10").tcp(40001, 80)
            .flags(TcpDescriptor.ACK).build(), 100, "accept");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.11.0.5", "10.30.0.9").udp(5000, 53).build(), 100,
            "accept");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.10.0.5", "10.20.0.9").udp(5000, 53).build(), 100,
            "accept");
        final boolean early = validation == NatValidation.EARLY;
        // R1: towards the pool without a session.
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.40.0.9", "203.0.113.9").tcp(443, 40000)
            .flags(TcpDescriptor.SYN).build(), 400, early ? "flow-filter/filtered" : "masquerade/filtered");
        // R2: the forwarded server opening a connection.
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.50.0.10", "10.13.0.9").tcp(8080, 3000)
            .flags(TcpDescriptor.SYN).build(), 500, early ? "flow-filter/filtered" : "port-forward/filtered");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.99.0.5", "10.20.0.9").udp(5000, 53).build(), 100,
            "flow-filter/filtered");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.13.0.7", "198.51.100.10").tcp(2500, 80)
            .flags(TcpDescriptor.ACK).build(), 100, "port-forward/filtered");
        add(frames, vnis, expect, new PacketBuilder().ipv4("10.40.0.9", "10.12.0.5").icmpError(3, 1,
            new PacketBuilder().ipv4("10.12.0.5", "10.40.0.9").udp(7000, 53)).build(), 400, "icmp-error/filtered");
        final byte[] whole = new PacketBuilder().ipv4("10.10.0.5", "10.20.0.9").udp(5000, 53).build();
        final byte[] truncated = new byte[30];
        System.arraycopy(whole, 0, truncated, 0, truncated.length);
        add(frames, vnis, expect, truncated, 100, "parse/malformed");
        final int count = frames.size();
        final UnsafeBuffer[] buffers = new UnsafeBuffer[count];
        final int[] vniOf = new int[count];
        for (int i = 0; i < count; i++)
        {
            buffers[i] = new UnsafeBuffer(frames.get(i));
            vniOf[i] = vnis.get(i);
        }
        final int repeat = BURST / count;
        // The clock moves 1 ms a burst (11 s over the run): established flows are refreshed as they go, the expiry
        // wheel turns and re-files them, and the drop logs pass their per-second limit (their lines are switched off:
        // a written line is a String by design, once a second, not per packet).
        SteadyStateAllocation.assertNone(validation + " " + access + " steady mix", WARM_UP_BURSTS, WARM_UP_MILLIS,
            WINDOW_BURSTS, round ->
            {
                refill(batch, buffers, vniOf, repeat);
                p.process(batch, 1_000_000L + round * CLOCK_STEP_NANOS);
            });
        for (int i = 0; i < count * repeat; i++)
        {
            final Packet packet = batch.packet(i);
            final DropReason r = packet.meta().dropReason();
            final String got = r == null ? "accept" : p.dropStage(i).label() + "/" + r.label();
            assertEquals(expect.get(i % count), got, validation + " " + access + " packet " + (i % count));
        }
    }

    private static void add(final List<byte[]> frames, final List<Integer> vnis, final List<String> expect,
        final byte[] frame, final int vni, final String outcome)
    {
        frames.add(frame);
        vnis.add(vni);
        expect.add(outcome);
    }

    private static void refill(final PacketBatch batch, final UnsafeBuffer[] buffers, final int[] vnis,
        final int repeat)
    {
        batch.reset();
        for (int r = 0; r < repeat; r++)
        {
            for (int i = 0; i < buffers.length; i++)
            {
                final Packet p = batch.claim();
                p.reset();
                p.copyFrom(buffers[i], 0, buffers[i].capacity());
                p.meta().srcVni(vnis[i]);
            }
        }
    }
}
