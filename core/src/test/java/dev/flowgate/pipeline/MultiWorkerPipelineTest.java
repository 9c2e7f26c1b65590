// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.config.Overlay;
import dev.flowgate.config.OverlayLoader;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.flow.SyncCounter;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two pipelines (workers 0 and 1) on two threads, sharing one flow table and one publisher (so one masquerade
 * allocator sized for two workers), create masquerade sessions at the same time from one single-address pool: no
 * (protocol, address, port) is handed out twice, and once the sessions' idle timeout has passed and the workers'
 * wheels have expired their flows, every session is released (no live session, no address in use). Seeded: the seed
 * is printed and replayed with {@code -Dflowgate.workers.seed=S}.
 */
class MultiWorkerPipelineTest
{
    private static final String SEED_PROPERTY = "flowgate.workers.seed";
    private static final long IDLE_NANOS = 60_000_000_000L;
    private static final int POOL_ADDRESS = 0xCB007107; // 203.0.113.7
    private static final String OVERLAY = String.join("\n",
        "vpcs:",
        "  - {name: a, id: VPC01, vni: 100}",
        "  - {name: b, id: VPC02, vni: 200}",
        "peerings:",
        "  - name: a-b",
        "    left:",
        "      vpc: a",
        "      expose:",
        "        - ips: [10.1.0.0/16]",
        "          nat: {mode: masquerade, as: [203.0.113.7/32], idle_timeout: 60}",
        "    right:",
        "      vpc: b",
        "      expose:",
        "        - ips: [10.2.0.0/16]",
        "");

    /** What one worker handed out: "proto address:port" per session, in order. */
    private static final class Worker implements Runnable
    {
        final Pipeline pipeline;
        final long seed;
        final int sessions;
        final CyclicBarrier start;
        final long startNanos;
        final List<String> handedOut = new ArrayList<>();
        volatile Throwable failure;

        Worker(final Pipeline pipeline, final long seed, final int sessions, final CyclicBarrier start,
            final long startNanos)
        {
            this.startNanos = startNanos;
            this.pipeline = pipeline;
            this.seed = seed;
            this.sessions = sessions;
            this.start = start;
        }

        @Override
        public void run()
        {
            try
            {
                final Random random = new Random(seed);
                final PacketBatch batch = new PacketBatch(32);
                final int worker = pipeline.worker();
                final List<Integer> order = new ArrayList<>();
                for (int i = 0; i < sessions; i++)
                {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                start.await();
                int next = 0;
                long now = startNanos;
                while (next < sessions)
                {
                    batch.reset();
                    final int burst = Math.min(sessions - next, 1 + random.nextInt(32));
                    for (int b = 0; b < burst; b++)
                    {
                        // A distinct client per session: worker in the third byte, index in the fourth and the port.
                        final int i = order.get(next + b);
                        final String src = "10.1." + (worker * 64 + i / 2000) + "." + (1 + i % 250);
                        final int sport = 1024 + i;
                        final PacketBuilder builder = new PacketBuilder().ipv4(src, "10.2.0.9");
                        final byte[] frame = (random.nextBoolean() ? builder.udp(sport, 53) :
                            builder.tcp(sport, 443).flags(TcpDescriptor.SYN)).build();
                        final Packet p = batch.claim();
                        p.copyFrom(new UnsafeBuffer(frame), 0, frame.length);
                        p.meta().srcVni(100);
                    }
                    now += 1000L * (1 + random.nextInt(1000));
                    pipeline.process(batch, now);
                    for (int b = 0; b < burst; b++)
                    {
                        final Packet p = batch.packet(b);
                        assertNull(p.meta().dropReason(), "worker " + worker + " packet dropped");
                        assertTrue(p.meta().hasFlags(PacketMeta.NATTED));
                        assertEquals(POOL_ADDRESS, p.srcIpv4());
                        handedOut.add(p.parsed().protocol() + " " + p.srcIpv4() + ":" + p.srcPort());
                    }
                    next += burst;
                }
            }
            catch (final Throwable t)
            {
                failure = t;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = FlowInfoAccess.class, names = {"SINGLE_LOCK", "INLINE"})
    void shouldHandOutEachAddressAndPortOnceAcrossTwoWorkersAndReleaseAllOnExpiry(final FlowInfoAccess access)
        throws Exception
    {
        run(2_000, access);
    }

    @Test
    @Tag("slow")
    void shouldHandOutEachAddressAndPortOnceAcrossTwoWorkersManySessions() throws Exception
    {
        run(30_000, FlowInfoAccess.SINGLE_LOCK);
    }

    /**
     * Both workers keep creating UDP sessions from the one pool address (65535 ports) for longer than the pool
     * lasts, while each worker's clock runs so that sessions expire on its wheel and are reclaimed by the next
     * allocations: ports are reused. Each (address, port) handed out is recorded with its session's reverse flow; a
     * port handed out while the previous holder's flow is still active is a double allocation (a flow never becomes
     * active again, and a session is released only when both its flows are inactive).
     */
    @ParameterizedTest
    @EnumSource(value = FlowInfoAccess.class, names = {"SINGLE_LOCK", "INLINE"})
    void shouldNeverHandOutThePortOfALiveSessionWhileBothWorkersExpireAndReuse(final FlowInfoAccess access)
        throws Exception
    {
        final String replay = System.getProperty(SEED_PROPERTY);
        final long seed = replay != null ? Long.parseLong(replay) : System.nanoTime();
        System.out.println("MultiWorkerPipelineTest reuse: seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" +
            seed + ")");
        final ConfigPublisher publisher = new ConfigPublisher(OverlayLoader.load("w.yaml", OVERLAY), 0,
            LookupKind.COMPILED, 2);
        final PipelineOptions options = PipelineOptions.DEFAULTS.withBurstSize(32).withFlowCapacity(1 << 18)
            .withFlowAccess(access);
        final FlowTable table = FlowTable.create(options.flowTable(), options.flowCapacity(), access);
        final java.util.concurrent.ConcurrentHashMap<Long, Object> holders = new java.util.concurrent
            .ConcurrentHashMap<>();
        final int perWorker = 50_000;
        final CyclicBarrier start = new CyclicBarrier(2);
        final Throwable[] failures = new Throwable[2];
        final long[] created = new long[2];
        final Thread[] threads = new Thread[2];
        for (int w = 0; w < 2; w++)
        {
            final int worker = w;
            final Pipeline pipeline = new Pipeline(options, publisher, table, SyncCounter.OFF, w, 0L);
            threads[w] = new Thread(() ->
            {
                try
                {
                    reuse(pipeline, new Random(seed + worker), perWorker, holders, start);
                    created[worker] = pipeline.masquerade().created();
                }
                catch (final Throwable t)
                {
                    failures[worker] = t;
                }
            }, "worker-" + w);
            threads[w].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        for (int w = 0; w < 2; w++)
        {
            if (failures[w] != null)
            {
                throw new AssertionError("seed " + seed + ": worker " + w + " failed", failures[w]);
            }
        }
        final MasqueradeAllocator allocator = publisher.allocator();
        assertTrue(created[0] + created[1] > 70_000, "the pool (65535 UDP ports) was reused: " +
            (created[0] + created[1]) + " sessions");
        assertTrue(allocator.released() > 0);
    }

    private static void reuse(final Pipeline pipeline, final Random random, final int sessions,
        final java.util.Map<Long, Object> holders, final CyclicBarrier start) throws Exception
    {
        final PacketBatch batch = new PacketBatch(32);
        final MutableFlowKey key = new MutableFlowKey();
        final int worker = pipeline.worker();
        final int server = 0x0A020009;
        start.await();
        long now = 1_000_000L;
        int next = 0;
        while (next < sessions)
        {
            batch.reset();
            final int burst = Math.min(sessions - next, 1 + random.nextInt(32));
            for (int b = 0; b < burst; b++)
            {
                final int i = next + b;
                final byte[] frame = new PacketBuilder().ipv4(0x0A010000 | (worker << 14) | (i & 0x3FFF),
                    server).udp(1024 + (i >>> 14), 53).build();
                final Packet p = batch.claim();
                p.copyFrom(new UnsafeBuffer(frame), 0, frame.length);
                p.meta().srcVni(100);
            }
            // About 1.5 s per burst: a session (idle timeout 60 s) lives about 40 bursts, then expires.
            now += 1_000_000_000L + random.nextInt(1_000_000_000);
            pipeline.process(batch, now);
            pipeline.wheel().expire(now, 1024);
            for (int b = 0; b < burst; b++)
            {
                final Packet p = batch.packet(b);
                if (p.meta().dropReason() != null)
                {
                    assertEquals(DropReason.NAT_OUT_OF_RESOURCES, p.meta().dropReason(), "worker " + worker);
                    continue;
                }
                final int port = p.srcPort();
                final Object reverse = reverse(pipeline.flowTable(), key.ipv4Ports(200, server, p.srcIpv4(),
                    17, 53, port));
                assertTrue(reverse != null, "worker " + worker + ": the new session's reverse flow is in the table");
                final Object previous = holders.put(((long) p.srcIpv4() << 16) | port, reverse);
                assertTrue(previous == null || !live(previous), "worker " + worker + ": port " + port +
                    " handed out while the session holding it is live");
            }
            next += burst;
        }
    }

    /**
     * The reverse direction of the session of {@code key}: its flow object, or under INLINE (a session without flow
     * objects, docs/spec/flow-table.md section 11.13, P7) a read of its slot holding its handle.
     */
    private static Object reverse(final FlowTable table, final FlowKey key)
    {
        final FlowInfo flow = table.lookup(key);
        if (flow != FlowInfo.INLINE_SESSION)
        {
            return flow;
        }
        final InlineFlowView read = new InlineFlowView();
        return new InlineSessions((LockFreeFlowTable) table).find(key, read) >= 0 ? read : null;
    }

    /** Whether the direction {@link #reverse} returned is still mapped and active (a session: by its handle). */
    private static boolean live(final Object reverse)
    {
        if (reverse instanceof FlowInfo)
        {
            return ((FlowInfo) reverse).isActive();
        }
        final InlineFlowView handle = (InlineFlowView) reverse;
        final InlineFlowView now = new InlineFlowView();
        return handle.table.readSession(handle, now) >= 0 &&
            (now.status == FlowInfo.ACTIVE || now.status == InlineFlowView.PENDING);
    }

    @Test
    void shouldRejectAWorkerIdTheAllocatorDoesNotServe() throws Exception
    {
        final Overlay overlay = OverlayLoader.load("w.yaml", OVERLAY);
        final ConfigPublisher publisher = new ConfigPublisher(overlay, 0, LookupKind.COMPILED, 2);
        final FlowTable table = FlowTable.create(FlowTableKind.LOCK_FREE, 1024);
        assertEquals(2, publisher.workers());
        assertEquals(1, new Pipeline(PipelineOptions.DEFAULTS, publisher, table, SyncCounter.OFF, 1, 0L).worker());
        assertThrows(IllegalArgumentException.class,
            () -> new Pipeline(PipelineOptions.DEFAULTS, publisher, table, SyncCounter.OFF, 2, 0L));
        assertThrows(IllegalArgumentException.class,
            () -> new Pipeline(PipelineOptions.DEFAULTS, publisher, table, SyncCounter.OFF, -1, 0L));
        assertEquals(1, new ConfigPublisher(overlay, 0, LookupKind.COMPILED).workers(), "the default: one worker");
    }

    private static void run(final int sessionsPerWorker, final FlowInfoAccess access) throws Exception
    {
        final String replay = System.getProperty(SEED_PROPERTY);
        final long seed = replay != null ? Long.parseLong(replay) : System.nanoTime();
        System.out.println("MultiWorkerPipelineTest: seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed +
            ")");
        final Overlay overlay = OverlayLoader.load("w.yaml", OVERLAY);
        final ConfigPublisher publisher = new ConfigPublisher(overlay, 0, LookupKind.COMPILED, 2);
        final PipelineOptions options = PipelineOptions.DEFAULTS.withBurstSize(32)
            .withFlowCapacity(8 * sessionsPerWorker).withFlowAccess(access);
        final FlowTable table = FlowTable.create(options.flowTable(), options.flowCapacity(), access);
        final CyclicBarrier start = new CyclicBarrier(2);
        final Worker[] workers = new Worker[2];
        final Thread[] threads = new Thread[2];
        for (int w = 0; w < 2; w++)
        {
            workers[w] = new Worker(new Pipeline(options, publisher, table, SyncCounter.OFF, w, 0L), seed + w,
                sessionsPerWorker, start, 1_000_000L);
            threads[w] = new Thread(workers[w], "worker-" + w);
            threads[w].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        for (final Worker w : workers)
        {
            if (w.failure != null)
            {
                throw new AssertionError("seed " + seed + ": worker " + w.pipeline.worker() + " failed", w.failure);
            }
        }
        final Set<String> all = new HashSet<>();
        for (final Worker w : workers)
        {
            assertEquals(sessionsPerWorker, w.handedOut.size());
            assertEquals(sessionsPerWorker, w.pipeline.masquerade().created(), "every packet a new session");
            for (final String s : w.handedOut)
            {
                assertTrue(all.add(s), "seed " + seed + ": " + s + " handed out twice");
            }
        }
        final MasqueradeAllocator allocator = publisher.allocator();
        assertEquals(2 * sessionsPerWorker, allocator.sessions() + allocator.released());
        // Past the idle timeout: each worker's wheel expires the flows it created, then the allocator reclaims.
        final long later = 2 * IDLE_NANOS + 10_000_000_000L;
        for (final Worker w : workers)
        {
            w.pipeline.wheel().expire(later, Integer.MAX_VALUE);
        }
        allocator.reclaim(Integer.MAX_VALUE);
        assertEquals(0, allocator.sessions(), "seed " + seed + ": live sessions after expiry");
        assertEquals(2L * sessionsPerWorker, allocator.released(), "every session released once");
        assertEquals(0, allocator.addressesInUse(), "the pool address is free again");
        // And the freed ports are usable again, from either worker.
        final Worker again = new Worker(new Pipeline(options, publisher, table, SyncCounter.OFF, 1, later), seed,
            100, new CyclicBarrier(1), later);
        again.run();
        if (again.failure != null)
        {
            throw new AssertionError("seed " + seed + ": after release", again.failure);
        }
        assertEquals(100, allocator.sessions());
    }
}
