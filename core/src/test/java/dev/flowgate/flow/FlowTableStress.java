// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A seeded two-thread stress run over a {@link FlowTable}: each thread owns a range of flow pairs (insert pairs,
 * look up, remove, refresh, expire through its own wheel and clock) and checks them exactly against its own model
 * (no lost entry, no stale hit after removal), while both threads also race on a small shared key range
 * (insert/remove/lookup of the same keys). At the end, single-threaded: every own key maps exactly its model's active
 * flow in each direction (no lost entry, nothing stale), every shared key is mapped at most once (removing it twice
 * finds nothing: no duplicate), the size before the removals equals the number of mappings removed (a duplicate or
 * unreachable slot would leave it larger) and is zero after them. Every operation counts whether the other thread was
 * inside one at the same time; a run in which the threads never overlapped fails, since it tested nothing concurrent.
 */
final class FlowTableStress
{
    static final int SHARED_KEYS = 16;
    private static final int OWN_PAIRS = 200;
    private static final long MS = 1_000_000L;
    /**
     * Overlapping operations a run must see at least, per operation of one thread: 1%. Runs of 50,000 operations a
     * thread saw 76-97% on a loaded two-core host.
     */
    static final int MIN_OVERLAP_PERCENT = 1;

    private FlowTableStress()
    {
    }

    static void run(final FlowTable table, final long seed, final int opsPerThread) throws Exception
    {
        final CyclicBarrier barrier = new CyclicBarrier(2);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong overlaps = new AtomicLong();
        final List<Map<Integer, FlowInfo>> models = new ArrayList<>(List.of(Map.of(), Map.of()));
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++)
        {
            final int index = t;
            threads[t] = new Thread(() ->
            {
                try
                {
                    barrier.await();
                    final Worker worker = new Worker(table, index, seed, inFlight);
                    worker.run(new Random(seed * 31 + index), opsPerThread);
                    overlaps.addAndGet(worker.overlaps);
                    models.set(index, worker.model);
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, "stress-" + t);
            threads[t].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        if (failure.get() != null)
        {
            throw new AssertionError("seed " + seed, failure.get());
        }
        System.out.println("FlowTableStress " + table.kind() + ": " + overlaps.get() + " overlapping operations");
        assertTrue(overlaps.get() * 100 >= (long) opsPerThread * MIN_OVERLAP_PERCENT,
            "the two threads overlapped in only " + overlaps.get() + " operations, seed " + seed);
        final int sizeBefore = table.size();
        int removed = 0;
        for (int t = 0; t < 2; t++)
        {
            for (int i = 0; i < OWN_PAIRS; i++)
            {
                final FlowKey fwd = ownKey(t, i);
                final FlowInfo modelled = models.get(t).get(i);
                final FlowInfo fwdFlow = table.remove(fwd);
                final FlowInfo revFlow = table.remove(fwd.reverse(300 + t));
                assertSame(modelled != null && modelled.isActive() ? modelled : null, fwdFlow,
                    "thread " + t + " own key " + i + " at the end, seed " + seed);
                assertSame(modelled != null && modelled.related().isActive() ? modelled.related() : null, revFlow,
                    "thread " + t + " own reverse key " + i + " at the end, seed " + seed);
                removed += (fwdFlow != null ? 1 : 0) + (revFlow != null ? 1 : 0);
            }
        }
        for (int i = 0; i < SHARED_KEYS; i++)
        {
            final FlowKey k = sharedKey(i);
            final FlowInfo flow = table.remove(k);
            if (flow != null)
            {
                removed++;
                assertEquals(k, flow.key(), "shared key " + i + " mapped to another key's flow, seed " + seed);
                assertNull(table.remove(k), "duplicate mapping of shared key " + i + ", seed " + seed);
                assertNull(table.lookup(k), "stale hit after removal, seed " + seed);
            }
        }
        assertEquals(removed, sizeBefore, "size before removing every key vs mappings removed, seed " + seed);
        assertEquals(0, table.size(), "size after removing every key, seed " + seed);
    }

    static FlowKey sharedKey(final int i)
    {
        return new MutableFlowKey().ipv4Ports(7, 0x0c000000 + i, 0x0d000001, 17, 5000 + i, 53).toImmutable();
    }

    private static FlowKey ownKey(final int thread, final int i)
    {
        return new MutableFlowKey().ipv4Ports(8 + thread, 0x0e000000 + i, 0x0f000001, 6, 2000 + i, 80)
            .toImmutable();
    }

    /** One thread's operations, its model of its own pairs, and its count of overlapping operations. */
    private static final class Worker
    {
        final FlowTable table;
        final int thread;
        final long seed;
        final AtomicInteger inFlight;
        final FlowTimerWheel wheel;
        final Map<Integer, FlowInfo> model = new HashMap<>();
        final MutableFlowKey probe = new MutableFlowKey();
        long now;
        long overlaps;

        Worker(final FlowTable table, final int thread, final long seed, final AtomicInteger inFlight)
        {
            this.table = table;
            this.thread = thread;
            this.seed = seed;
            this.inFlight = inFlight;
            this.wheel = new FlowTimerWheel(table, MS, 64, 0);
        }

        void run(final Random random, final int ops)
        {
            for (int op = 0; op < ops; op++)
            {
                if (inFlight.incrementAndGet() > 1)
                {
                    overlaps++;
                }
                step(random, op);
                inFlight.decrementAndGet();
            }
        }

        private void step(final Random random, final int op)
        {
            final int i = random.nextInt(OWN_PAIRS);
            final FlowKey fwd = ownKey(thread, i);
            switch (random.nextInt(8))
            {
                case 0:
                {
                    final long deadline = now + (1 + random.nextInt(20)) * MS;
                    final FlowInfo pair =
                        FlowInfo.relatedPair(fwd, fwd.reverse(300 + thread), deadline, FlowInfoAccess.SNAPSHOT);
                    if (table.insertPair(pair, wheel) != FlowTable.FULL)
                    {
                        model.put(i, pair);
                    }
                    break;
                }
                case 1:
                {
                    final FlowInfo modelled = model.remove(i);
                    final boolean live = modelled != null && modelled.status() == FlowInfo.ACTIVE;
                    final FlowInfo expected = live ? modelled : null;
                    final FlowInfo removed = table.remove(probe.set(fwd));
                    assertSame(expected, removed, "seed " + seed + " remove own " + i);
                    if (modelled != null)
                    {
                        final FlowInfo reverse = table.remove(fwd.reverse(300 + thread));
                        final boolean reverseLive = modelled.related().status() == FlowInfo.ACTIVE;
                        assertSame(reverseLive ? modelled.related() : null, reverse, "seed " + seed);
                        modelled.invalidatePair();
                    }
                    break;
                }
                case 2:
                {
                    final FlowInfo expected = model.get(i);
                    if (expected != null)
                    {
                        final long timeout = (1 + random.nextInt(20)) * MS;
                        expected.resetExpiry(now, timeout);
                        expected.related().resetExpiry(now, timeout);
                    }
                    break;
                }
                case 3:
                {
                    now += random.nextInt(3) * MS;
                    wheel.expire(now, 8);
                    break;
                }
                case 4:
                case 5:
                {
                    final int s = random.nextInt(SHARED_KEYS);
                    final FlowKey k = sharedKey(s);
                    if (random.nextBoolean())
                    {
                        table.insert(new FlowInfo(k, Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT));
                    }
                    else
                    {
                        table.remove(k);
                    }
                    break;
                }
                default:
                {
                    final FlowInfo expected = model.get(i);
                    final FlowInfo found = table.lookup(probe.set(fwd));
                    if (expected != null && expected.status() != FlowInfo.ACTIVE)
                    {
                        // reaped by this thread's wheel; the model keeps it, its reverse may still be live
                        assertNull(found, "seed " + seed + " reaped flow still served " + i);
                    }
                    else
                    {
                        assertSame(expected, found, "seed " + seed + " own key " + i + " op " + op);
                    }
                    final FlowKey k = sharedKey(random.nextInt(SHARED_KEYS));
                    final FlowInfo shared = table.lookup(probe.set(k));
                    if (shared != null)
                    {
                        assertEquals(k, shared.key(), "seed " + seed + " shared key mismatch");
                    }
                    break;
                }
            }
        }
    }
}
