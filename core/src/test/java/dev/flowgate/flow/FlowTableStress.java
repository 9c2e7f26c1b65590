// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A seeded two-thread stress run over a {@link FlowTable}: each thread owns a range of flow pairs (insert pairs,
 * look up, remove, refresh, expire through its own wheel and clock) and checks them exactly against its own model
 * (no lost entry, no stale hit after removal), while both threads also race on a small shared key range
 * (insert/remove/lookup of the same keys). At the end: every shared key is mapped at most once (removing it twice
 * finds nothing: no duplicate), the size matches, and the table stays within its capacity.
 */
final class FlowTableStress
{
    static final int SHARED_KEYS = 16;
    private static final int OWN_PAIRS = 200;
    private static final long MS = 1_000_000L;

    private FlowTableStress()
    {
    }

    static void run(final FlowTable table, final long seed, final int opsPerThread) throws Exception
    {
        final CyclicBarrier barrier = new CyclicBarrier(2);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++)
        {
            final int index = t;
            threads[t] = new Thread(() ->
            {
                try
                {
                    barrier.await();
                    worker(table, new Random(seed * 31 + index), index, opsPerThread, seed);
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
        int present = 0;
        for (int i = 0; i < SHARED_KEYS; i++)
        {
            final FlowKey k = sharedKey(i);
            if (table.remove(k) != null)
            {
                present++;
                assertNull(table.remove(k), "duplicate mapping of shared key " + i + ", seed " + seed);
                assertNull(table.lookup(k), "stale hit after removal, seed " + seed);
            }
        }
        assertTrue(present <= SHARED_KEYS);
        assertTrue(table.size() <= table.capacity(), "size " + table.size() + ", seed " + seed);
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

    private static void worker(
        final FlowTable table, final Random random, final int thread, final int ops, final long seed)
    {
        final FlowTimerWheel wheel = new FlowTimerWheel(table, MS, 64, 0);
        final Map<Integer, FlowInfo> model = new HashMap<>();
        final MutableFlowKey probe = new MutableFlowKey();
        long now = 0;
        for (int op = 0; op < ops; op++)
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
                        model.remove(i); // reaped by this thread's wheel
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
