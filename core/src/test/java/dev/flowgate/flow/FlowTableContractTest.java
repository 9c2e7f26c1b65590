// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link FlowTable} contract, run against every {@link FlowTableKind} by one subclass each.
 */
abstract class FlowTableContractTest
{
    static final long MS = 1_000_000L;
    private final List<FlowTable> tables = new ArrayList<>();

    abstract FlowTableKind kind();

    FlowTable table(final int capacity)
    {
        final FlowTable t = FlowTable.create(kind(), capacity);
        tables.add(t);
        return t;
    }

    @AfterEach
    void closeTables()
    {
        for (final FlowTable t : tables)
        {
            t.close();
        }
    }

    static FlowKey key(final int i)
    {
        return new MutableFlowKey().ipv4Ports(100, 0x0a000000 + i, 0x0b000001, 6, 1024 + (i & 0x3FFF), 443)
            .toImmutable();
    }

    static FlowInfo flow(final int i, final long expiresAt)
    {
        return new FlowInfo(key(i), expiresAt, FlowInfoAccess.SNAPSHOT);
    }

    @Test
    void shouldInsertLookUpAndMissAbsentKeys()
    {
        final FlowTable t = table(16);
        final FlowInfo f = flow(1, 0);
        assertEquals(FlowTable.INSERTED, t.insert(f));
        final MutableFlowKey probe = new MutableFlowKey().set(key(1));
        assertSame(f, t.lookup(probe));
        assertNull(t.lookup(key(2)));
        assertEquals(1, t.size());
        assertEquals(16, t.capacity());
        assertEquals(kind(), t.kind());
    }

    @Test
    void shouldReplaceAnExistingKey()
    {
        final FlowTable t = table(16);
        final FlowInfo a = flow(1, 0);
        final FlowInfo b = flow(1, 0);
        t.insert(a);
        assertEquals(FlowTable.REPLACED, t.insert(b));
        assertSame(b, t.lookup(key(1)));
        assertEquals(FlowInfo.ACTIVE, a.status(), "the replaced flow is not marked");
        assertEquals(1, t.size());
    }

    @Test
    void shouldRemoveByKeyAndByIdentity()
    {
        final FlowTable t = table(16);
        final FlowInfo a = flow(1, 0);
        t.insert(a);
        assertFalse(t.remove(key(1), flow(1, 0)), "another flow of the same key is not removed");
        assertSame(a, t.lookup(key(1)));
        assertTrue(t.remove(key(1), a));
        assertNull(t.lookup(key(1)));
        assertEquals(0, t.size());
        t.insert(a);
        assertSame(a, t.remove(key(1)));
        assertNull(t.remove(key(1)));
        assertEquals(0, t.size());
    }

    @Test
    void shouldNotReturnAnInactiveFlowAndRemoveIt()
    {
        final FlowTable t = table(16);
        final FlowInfo a = flow(1, 0);
        t.insert(a);
        a.invalidate();
        assertNull(t.lookup(key(1)));
        assertEquals(0, t.size());
        final FlowInfo b = flow(2, 0);
        t.insert(b);
        b.status(FlowInfo.EXPIRED);
        assertNull(t.lookup(key(2)));
        assertNull(t.remove(key(2)));
    }

    @Test
    void shouldReportFullAtCapacityAndKeepExistingFlowsWorking()
    {
        final int capacity = 8;
        final FlowTable t = table(capacity);
        for (int i = 0; i < capacity; i++)
        {
            assertEquals(FlowTable.INSERTED, t.insert(flow(i, 0)));
        }
        assertEquals(FlowTable.FULL, t.insert(flow(100, 0)));
        assertNull(t.lookup(key(100)));
        assertEquals(FlowTable.REPLACED, t.insert(flow(3, 0)), "replacing needs no room");
        for (int i = 0; i < capacity; i++)
        {
            assertTrue(t.lookup(key(i)) != null);
        }
        assertEquals(capacity, t.size());
        t.remove(key(0));
        assertEquals(FlowTable.INSERTED, t.insert(flow(100, 0)));
    }

    @Test
    void shouldInsertRelatedPairsTogetherAndAdmitTheSecondHalf()
    {
        final FlowTable t = table(3);
        final FlowInfo fwd = FlowInfo.relatedPair(key(1), key(1).reverse(200), 0, FlowInfoAccess.SINGLE_LOCK);
        assertEquals(FlowTable.INSERTED, t.insertPair(fwd, null));
        assertSame(fwd, t.lookup(key(1)));
        assertSame(fwd.related(), t.lookup(key(1).reverse(200)));
        final FlowInfo second = FlowInfo.relatedPair(key(2), key(2).reverse(200), 0, FlowInfoAccess.SINGLE_LOCK);
        assertEquals(FlowTable.INSERTED, t.insertPair(second, null));
        assertEquals(4, t.size(), "the second half is admitted beyond the capacity");
        final FlowInfo third = FlowInfo.relatedPair(key(3), key(3).reverse(200), 0, FlowInfoAccess.SINGLE_LOCK);
        assertEquals(FlowTable.FULL, t.insertPair(third, null));
        assertNull(t.lookup(key(3).reverse(200)));
        fwd.invalidatePair();
        assertNull(t.lookup(key(1).reverse(200)));
    }

    @Test
    void shouldStoreIpv6IcmpAndEmbeddedKeysStrictly()
    {
        final FlowTable t = table(64);
        final FlowKey v6 = new MutableFlowKey().ipv6Ports(5, 0x20010db8L << 32, 1, 0x20010db8L << 32, 2, 17, 53, 53)
            .toImmutable();
        final FlowKey echo = new MutableFlowKey().icmpQuery(5, false, 0, 1, 0, 2, 9).toImmutable();
        final FlowKey errA = new MutableFlowKey().icmpError(5, false, 0, 1, 0, 2)
            .embedded(FlowKey.KIND_PORTS, false, 0, 2, 0, 1, 6, 80, 1000).toImmutable();
        final FlowKey errB = new MutableFlowKey().icmpError(5, false, 0, 1, 0, 2)
            .embedded(FlowKey.KIND_PORTS, false, 0, 3, 0, 1, 6, 80, 1000).toImmutable();
        final FlowKey[] keys = {v6, echo, errA, errB, v6.reverse(6), echo.reverse(6), errA.reverse(6)};
        final FlowInfo[] flows = new FlowInfo[keys.length];
        for (int i = 0; i < keys.length; i++)
        {
            flows[i] = new FlowInfo(keys[i], 0, FlowInfoAccess.OPTIMISTIC);
            assertEquals(FlowTable.INSERTED, t.insert(flows[i]), "key " + i);
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertSame(flows[i], t.lookup(new MutableFlowKey().set(keys[i])), "key " + i);
        }
    }

    @Test
    void shouldAgreeWithAMapOracleOnARandomOperationStream()
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " seed=" + seed);
        final Random random = new Random(seed);
        final int capacity = 512;
        final FlowTable t = table(capacity);
        final Map<FlowKey, FlowInfo> oracle = new HashMap<>();
        final MutableFlowKey probe = new MutableFlowKey();
        for (int op = 0; op < 20_000; op++)
        {
            final int i = random.nextInt(1024);
            final FlowKey k = key(i);
            probe.set(k);
            switch (random.nextInt(4))
            {
                case 0:
                case 1:
                    final FlowInfo f = flow(i, 0);
                    final int expected = oracle.containsKey(k) ? FlowTable.REPLACED :
                        oracle.size() >= capacity ? FlowTable.FULL : FlowTable.INSERTED;
                    assertEquals(expected, t.insert(f), "seed " + seed + " op " + op);
                    if (expected != FlowTable.FULL)
                    {
                        oracle.put(k, f);
                    }
                    break;
                case 2:
                    assertSame(oracle.remove(k), t.remove(probe), "seed " + seed + " op " + op);
                    break;
                default:
                    assertSame(oracle.get(k), t.lookup(probe), "seed " + seed + " op " + op);
                    break;
            }
            assertEquals(oracle.size(), t.size(), "seed " + seed + " op " + op);
        }
        final FlowKey[] keys = new FlowKey[64];
        final long[] hashes = new long[64];
        final FlowInfo[] results = new FlowInfo[64];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = key(random.nextInt(1024));
        }
        t.lookupBurst(keys, hashes, results, keys.length);
        for (int i = 0; i < keys.length; i++)
        {
            assertSame(oracle.get(keys[i]), results[i], "burst " + i);
        }
    }

    @Test
    void shouldExpireOnlyDueFlowsWithBoundedWorkPerCall()
    {
        final FlowTable t = table(256);
        final FlowTimerWheel wheel = new FlowTimerWheel(t, MS, 64, 0);
        for (int i = 0; i < 100; i++)
        {
            t.insert(flow(i, 10 * MS), wheel);
        }
        final FlowInfo late = flow(500, 10 * MS);
        t.insert(late, wheel);
        late.resetExpiry(5 * MS, 100 * MS);
        assertEquals(101, wheel.scheduled());
        assertEquals(0, wheel.expire(9 * MS, 1000));
        assertEquals(101, t.size());
        int reaped = 0;
        int calls = 0;
        while (reaped < 100)
        {
            final int r = wheel.expire(12 * MS, 16);
            assertTrue(r <= 16, "bounded work");
            reaped += r;
            calls++;
            assertTrue(calls < 100);
        }
        assertTrue(calls >= 7, "100 flows at 16 per call take several calls");
        assertEquals(1, t.size());
        assertEquals(FlowInfo.EXPIRED, flow0Status(t));
        assertSame(late, t.lookup(late.key()), "an extended flow is rescheduled, not reaped");
        assertEquals(1, wheel.expire(200 * MS, 1000));
        assertNull(t.lookup(late.key()));
        assertEquals(0, wheel.scheduled());
    }

    private static int flow0Status(final FlowTable t)
    {
        return t.lookup(key(0)) == null ? FlowInfo.EXPIRED : FlowInfo.ACTIVE;
    }

    @Test
    void shouldReapCancelledFlowsAndNeverRemoveANewerFlowOfTheSameKey()
    {
        final FlowTable t = table(16);
        final FlowTimerWheel wheel = new FlowTimerWheel(t, MS, 16, 0);
        final FlowInfo old = flow(1, 5 * MS);
        t.insert(old, wheel);
        final FlowInfo newer = flow(1, 50 * MS);
        assertEquals(FlowTable.REPLACED, t.insert(newer, wheel));
        final FlowInfo cancelled = flow(2, 5 * MS);
        t.insert(cancelled, wheel);
        cancelled.invalidate();
        assertEquals(2, wheel.expire(6 * MS, 100));
        assertEquals(FlowInfo.EXPIRED, old.status());
        assertEquals(FlowInfo.EXPIRED, cancelled.status());
        assertSame(newer, t.lookup(key(1)));
        assertEquals(1, t.size());
    }

    @Test
    void shouldSurviveASeededTwoThreadStressRun() throws Exception
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " stress seed=" + seed);
        FlowTableStress.run(table(1024), seed, Integer.getInteger("flowgate.stress.ops", 50_000));
    }

    @Test
    @Tag("slow")
    void shouldSurviveALongSeededTwoThreadStressRun() throws Exception
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " long stress seed=" + seed);
        FlowTableStress.run(table(1024), seed, 2_000_000);
    }

    @Test
    void shouldNeverReturnAFlowInvalidatedBeforeTheLookUpUnderConcurrency() throws Exception
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " invalidation seed=" + seed);
        staleStatusRace(table(64), seed, Integer.getInteger("flowgate.stress.ops", 50_000));
    }

    @Test
    @Tag("slow")
    void shouldNeverReturnAFlowInvalidatedBeforeTheLookUpInALongRun() throws Exception
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + " long invalidation seed=" + seed);
        staleStatusRace(table(64), seed, 2_000_000);
    }

    /**
     * A writer inserts fresh flows of a few keys (new keys, replacements, sometimes removals), announcing each flow
     * just before inserting it; a checker invalidates announced flows (often while they are being inserted or
     * replaced) or invalidates the flow it just found, then looks the key up again. Only the checker invalidates, so
     * every flow a look-up returns to it must still be active: a status copy kept by the table (the lock-free slot's
     * hint) that went stale shows as a returned cancelled flow.
     */
    static void staleStatusRace(final FlowTable t, final long seed, final int ops) throws Exception
    {
        final int keys = 8;
        final AtomicReferenceArray<FlowInfo> announced = new AtomicReferenceArray<>(keys);
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread writer = new Thread(() ->
        {
            final Random random = new Random(seed);
            try
            {
                for (int op = 0; op < ops && !stop.get(); op++)
                {
                    final int k = random.nextInt(keys);
                    if (random.nextInt(8) == 0)
                    {
                        t.remove(key(k));
                        continue;
                    }
                    final FlowInfo f = flow(k, 0);
                    announced.set(k, f);
                    t.insert(f);
                }
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
            finally
            {
                done.set(true);
            }
        }, "stale-writer");
        writer.start();
        final Random random = new Random(~seed);
        final MutableFlowKey probe = new MutableFlowKey();
        long checks = 0;
        try
        {
            while (!done.get() || checks < 1000)
            {
                final int k = random.nextInt(keys);
                probe.set(key(k));
                final FlowInfo victim = random.nextBoolean() ? announced.get(k) : t.lookup(probe);
                if (victim == null)
                {
                    continue;
                }
                victim.invalidate();
                final FlowInfo found = t.lookup(probe);
                checks++;
                assertTrue(found == null || found.isActive(),
                    "seed " + seed + ": look-up returned a flow invalidated before it, after " + checks + " checks");
                assertTrue(victim != found, "seed " + seed);
            }
        }
        finally
        {
            stop.set(true);
            writer.join();
        }
        if (failure.get() != null)
        {
            throw new AssertionError("writer failed, seed " + seed, failure.get());
        }
        final FlowInfo[] results = new FlowInfo[keys];
        final FlowKey[] all = new FlowKey[keys];
        for (int k = 0; k < keys; k++)
        {
            all[k] = key(k);
        }
        t.lookupBurst(all, new long[keys], results, keys);
        for (final FlowInfo r : results)
        {
            assertTrue(r == null || r.isActive(), "seed " + seed + ": burst look-up returned a cancelled flow");
        }
    }

    @Test
    void shouldBoundWorkAcrossALongIdleGap()
    {
        final FlowTable t = table(16);
        final FlowTimerWheel wheel = new FlowTimerWheel(t, MS, 16, 0);
        t.insert(flow(1, 1_000_000 * MS), wheel);
        assertEquals(0, wheel.expire(500_000 * MS, 64));
        assertTrue(t.lookup(key(1)) != null);
    }
}
