// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;

class LockFreeFlowTableTest extends FlowTableContractTest
{
    @Override
    FlowTableKind kind()
    {
        return FlowTableKind.LOCK_FREE;
    }

    /** The overridable test seams: the mutants of the Lincheck and jcstress tests replace them. */
    private static final Set<String> OVERRIDABLE_SEAMS = Set.of(
        "casCtrl", "casInfo", "chainCut", "seal", "unseal", "seqUnchanged", "claimSeq", "releaseSeq");

    @Test
    void shouldKeepTestSeamsPackagePrivateAndTheMutantsOnesOverridable()
    {
        final int access = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE;
        final List<String> wrong = new ArrayList<>();
        int overridable = 0;
        for (final Method m : LockFreeFlowTable.class.getDeclaredMethods())
        {
            final boolean mutantSeam = OVERRIDABLE_SEAMS.contains(m.getName());
            if ((m.getName().endsWith("ForTest") || mutantSeam) && (m.getModifiers() & access) != 0)
            {
                wrong.add(m.getName() + " is not package-private");
            }
            if (mutantSeam)
            {
                overridable++;
                if (Modifier.isFinal(m.getModifiers()))
                {
                    wrong.add(m.getName() + " is final");
                }
            }
        }
        for (final Constructor<?> c : LockFreeFlowTable.class.getDeclaredConstructors())
        {
            if (c.getParameterCount() > 1 && c.getParameterTypes()[1] == int.class && (c.getModifiers() & access) != 0)
            {
                wrong.add("the slot-count constructor is not package-private");
            }
        }
        assertEquals(OVERRIDABLE_SEAMS.size(), overridable, "a seam was renamed: update OVERRIDABLE_SEAMS");
        assertTrue(wrong.isEmpty(), wrong::toString);
    }

    @Test
    void shouldAllocateNothingPerLookupInsertAndRemoveInSteadyState()
    {
        final long[] bytes = allocationWindows(0);
        assertArrayEquals(new long[SteadyStateAllocation.WINDOWS], bytes,
            "bytes per window of 50 rounds of 1024 insert/lookup/burst lookup/remove " + Arrays.toString(bytes));
    }

    @Test
    void shouldSeeACanaryAllocationWithTheSameCheck()
    {
        // The same rounds plus one 24-byte array every 25th round: each window must show it, else the check is blind.
        final long[] bytes = allocationWindows(25);
        for (final long b : bytes)
        {
            assertTrue(b >= 2 * 16, "canary not seen: bytes per window " + Arrays.toString(bytes));
        }
    }

    /** Escapes the canary's arrays, so the JIT cannot remove them. */
    static volatile long[] canary;

    private static long[] allocationWindows(final int canaryEvery)
    {
        final int n = 1024;
        final LockFreeFlowTable t = new LockFreeFlowTable(4 * n);
        final FlowInfo[] flows = new FlowInfo[n];
        final FlowKey[] keys = new FlowKey[n];
        for (int i = 0; i < n; i++)
        {
            flows[i] = flow(i, 0);
            keys[i] = flows[i].key();
        }
        final MutableFlowKey probe = new MutableFlowKey();
        final long[] hashes = new long[n];
        final FlowInfo[] results = new FlowInfo[n];
        final long[] sink = new long[2];
        final long[] bytes = SteadyStateAllocation.windows(1000, 50, r ->
        {
            sink[1]++;
            sink[0] += round(t, flows, keys, probe, hashes, results);
            if (canaryEvery > 0 && r % canaryEvery == 0)
            {
                canary = new long[1];
            }
        });
        assertEquals(sink[1] * n * 3, sink[0], "every insert, look-up and removal hit");
        return bytes;
    }

    private static long round(
        final LockFreeFlowTable t, final FlowInfo[] flows, final FlowKey[] keys, final MutableFlowKey probe,
        final long[] hashes, final FlowInfo[] results)
    {
        long hits = 0;
        for (final FlowInfo f : flows)
        {
            t.insert(f);
        }
        for (final FlowKey k : keys)
        {
            hits += t.lookup(probe.set(k)) != null ? 1 : 0;
        }
        t.lookupBurst(keys, hashes, results, keys.length);
        for (final FlowInfo r : results)
        {
            hits += r != null ? 1 : 0;
        }
        for (int i = 0; i < keys.length; i++)
        {
            final boolean removed = (i & 1) == 0 ? t.remove(probe.set(keys[i])) != null : t.remove(keys[i], flows[i]);
            hits += removed ? 1 : 0;
        }
        return hits;
    }

    /**
     * Keys whose home is the last slot, so that the chain wraps to slot 0: the burst look-ups' second touch round
     * (the next slot of a key whose home holds another key, in tables of at least {@code TOUCH_NEXT_MIN_SLOTS}) must
     * wrap with it, and every key must still be found.
     */
    @Test
    void shouldFindKeysDisplacedPastTheLastSlotInABurst()
    {
        final int slots = LockFreeFlowTable.TOUCH_NEXT_MIN_SLOTS;
        final FlowKey[] homedLast = keysHomedAt(slots - 1, slots, 6);
        final LockFreeFlowTable objects = new LockFreeFlowTable(6, slots);
        final FlowInfo[] flows = new FlowInfo[homedLast.length];
        for (int i = 0; i < flows.length; i++)
        {
            flows[i] = new FlowInfo(homedLast[i], Long.MAX_VALUE, FlowInfoAccess.SNAPSHOT);
            assertEquals(FlowTable.INSERTED, objects.insert(flows[i]));
        }
        final FlowInfo[] results = new FlowInfo[flows.length];
        objects.lookupBurst(homedLast, new long[flows.length], results, flows.length);
        assertArrayEquals(flows, results, "the object table's burst");

        // With inline state: three pairs whose forward keys all start at the last slot.
        final LockFreeFlowTable inline = new LockFreeFlowTable(6, slots, true);
        final MutableFlowKey reverse = new MutableFlowKey();
        final FlowKey[] forward = Arrays.copyOf(homedLast, 3);
        final FlowInfo[] pairs = new FlowInfo[forward.length];
        for (int i = 0; i < pairs.length; i++)
        {
            pairs[i] = FlowInfo.relatedPair(forward[i], reverse.ipv4Ports(2, 9, 8, 6, 80, 5000 + i).toImmutable(),
                Long.MAX_VALUE, FlowInfoAccess.INLINE);
            assertEquals(FlowTable.INSERTED, inline.insertPair(pairs[i], null));
        }
        final FlowInfo[] found = new FlowInfo[pairs.length];
        final InlineFlowView[] views = {new InlineFlowView(), new InlineFlowView(), new InlineFlowView()};
        inline.lookupInlineBurst(forward, new long[pairs.length], found, views, new int[] {0, 1, 2}, pairs.length);
        assertArrayEquals(pairs, found, "the inline table's burst (pending states: the object path's answers)");
    }

    /** {@code n} of the contract's keys whose home slot in a table of {@code slots} slots is {@code home}. */
    private static FlowKey[] keysHomedAt(final int home, final int slots, final int n)
    {
        final FlowKey[] keys = new FlowKey[n];
        for (int i = 0, found = 0; found < n; i++)
        {
            final FlowKey k = key(i);
            if (((int) k.hash64() & (slots - 1)) == home)
            {
                keys[found++] = k;
            }
        }
        return keys;
    }

    @Test
    void shouldReuseTombstonesAndKeepProbesBoundedUnderChurn()
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println("churn seed=" + seed);
        final Random random = new Random(seed);
        final int capacity = 1000;
        final LockFreeFlowTable t = new LockFreeFlowTable(capacity);
        final FlowInfo[] live = new FlowInfo[capacity];
        int next = 0;
        for (int op = 0; op < 300_000; op++)
        {
            final int slot = random.nextInt(capacity);
            if (live[slot] != null)
            {
                assertSame(live[slot], t.remove(live[slot].key()), "seed " + seed);
                live[slot] = null;
            }
            else
            {
                live[slot] = flow(next++, 0);
                assertEquals(FlowTable.INSERTED, t.insert(live[slot]), "seed " + seed);
            }
        }
        int count = 0;
        for (final FlowInfo f : live)
        {
            if (f != null)
            {
                count++;
                assertSame(f, t.lookup(f.key()));
            }
        }
        assertEquals(count, t.size());
        assertNull(t.lookup(key(next + 1)));
        assertTrue(t.maxProbe() < 48, "max probe " + t.maxProbe() + " in " + t.slotCount() + " slots, seed " + seed);
    }
}
