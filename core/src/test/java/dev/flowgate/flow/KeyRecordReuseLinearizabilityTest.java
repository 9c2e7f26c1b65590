// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/spec/flow-table.md section 11.14, K5: a removal gives its key record back only after its CAS has taken the slot
 * out of {@code LIVE}, so a reader that loaded the record's index from a slot and finds the record reused by another
 * key fails its re-check of the control word. Model checking of insert, remove, inline write and inline read on two
 * IPv6 (indirect) keys built to share their whole 64-bit hash, so their word 0, home slot and tag: only the records
 * tell them apart, which is where a reused record would mislead a reader. The control gives the record back before
 * the removal's CAS: a reader of key 2 then matches key 1's still-{@code LIVE} slot through the record key 2's insert
 * reused, and reads key 1's state as key 2's. It must fail with an invalid result.
 *
 * <p>Blind spot, as for the table's other Lincheck tests: interleavings only, not weaker orderings (the fences are
 * argued in the spec's "Why a record reused under a reader is harmless").
 */
@Tag("lincheck")
class KeyRecordReuseLinearizabilityTest
{
    private static final long NET = 0x2001_0db8_0000_0000L;
    /** Keys 1 and 2 (index 0 unused, as in the other tests' specifications). */
    static final FlowKey[] KEYS = collidingIpv6Keys();

    /**
     * Two IPv6 keys with equal ports and source, different destinations, and one hash: {@link FlowKey#hash64()} folds
     * the words one after another through a bijection, so key 2's last address word can be solved for the state key 1
     * reaches after its own.
     */
    private static FlowKey[] collidingIpv6Keys()
    {
        final FlowKey one = new MutableFlowKey().ipv6Ports(100, NET, 1L, NET, 2L, 6, 1024, 443).toImmutable();
        long h = one.word0() * FlowKey.MIX;
        h = (h ^ (h >>> 29) ^ one.word1()) * FlowKey.MIX;
        h = (h ^ (h >>> 29) ^ NET) * FlowKey.MIX;
        h = (h ^ (h >>> 29) ^ 1L) * FlowKey.MIX;
        final long afterOne = mixIn(h, NET);
        final long afterTwo = mixIn(h, NET + 1);
        final long dstLoTwo = 2L ^ (afterOne ^ (afterOne >>> 29)) ^ (afterTwo ^ (afterTwo >>> 29));
        final FlowKey two = new MutableFlowKey().ipv6Ports(100, NET, 1L, NET + 1, dstLoTwo, 6, 1024, 443)
            .toImmutable();
        return new FlowKey[] {null, one, two};
    }

    private static long mixIn(final long h, final long word)
    {
        return (h ^ (h >>> 29) ^ word) * FlowKey.MIX;
    }

    /** The operations of {@link InlineFlowStateLinearizabilityTest.Ops} on the two colliding IPv6 keys. */
    @Param(name = "key", gen = IntGen.class, conf = "1:2")
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class Ops
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[] flows = {null, new FlowInfo(KEYS[1], 0, FlowInfoAccess.SNAPSHOT),
            new FlowInfo(KEYS[2], 0, FlowInfoAccess.SNAPSHOT)};
        private final InlineFlowView[] states = {null, InlineFlowStateLinearizabilityTest.state(1),
            InlineFlowStateLinearizabilityTest.state(2)};

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        @Operation
        public int insert(@Param(name = "key") final int key)
        {
            return table.insert(flows[key]);
        }

        @Operation
        public boolean remove(@Param(name = "key") final int key)
        {
            return table.remove(KEYS[key]) != null;
        }

        @Operation
        public boolean write(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            return table.writeInline(KEYS[key], states[val]) >= 0;
        }

        /** As {@link InlineFlowStateLinearizabilityTest.Ops#read}: a busy slot is read again. */
        @Operation
        public int read(@Param(name = "key") final int key)
        {
            final InlineFlowView v = new InlineFlowView();
            while (true)
            {
                final int r = table.readInline(KEYS[key], v);
                if (r == LockFreeFlowTable.INLINE_MISS)
                {
                    return 0;
                }
                if (r >= 0)
                {
                    return InlineFlowStateLinearizabilityTest.decode(v);
                }
                Thread.yield();
            }
        }
    }

    /** Mutant: a removal gives its record back before its CAS (and not again after its tombstone). */
    public static class EarlyFreeOps extends Ops
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new EarlyFreeTable();
        }
    }

    static final class EarlyFreeTable extends LockFreeFlowTable
    {
        private int freedEarly = -1;

        EarlyFreeTable()
        {
            super(LockFreeFlowTableLinearizabilityTest.CAPACITY, 8, true);
        }

        @Override
        boolean casCtrl(final int slot, final long expect, final long update)
        {
            if ((expect & 3) == LIVE && (update & 3) == CLAIMED && (expect & INDIRECT) != 0 && freedEarly < 0)
            {
                freedEarly = recordForTest(slot, expect);
                super.freeRecord(freedEarly);
            }
            return super.casCtrl(slot, expect, update);
        }

        @Override
        void freeRecord(final int record)
        {
            if (record >= 0 && record == freedEarly)
            {
                freedEarly = -1; // already given back before the CAS
                return;
            }
            super.freeRecord(record);
        }
    }

    /**
     * Key 1 mapped with state 1; one thread removes it, a second inserts key 2 (whose insert takes the record key 1's
     * removal gave back, if it already did) and a third reads key 2's state, which is absent or pending. A read in
     * the inserting thread would not do: an insert that finds its own key's words in a still-{@code LIVE} slot
     * withdraws its claim (5.1) and waits for the removal, so the record's misuse shows only while the insert is in
     * flight.
     */
    static ExecutionScenario removeWhileAnotherKeyTakesTheRecord()
    {
        return new ExecutionScenario(
            List.of(actor("insert", 1), actor("write", 1, 1)),
            List.of(List.of(actor("remove", 1)), List.of(actor("insert", 2)), List.of(actor("read", 2))),
            List.of(actor("read", 1), actor("read", 2)),
            null);
    }

    private static Actor actor(final String operation, final Object... args)
    {
        for (final Method m : Ops.class.getMethods())
        {
            if (m.getName().equals(operation) && m.getParameterCount() == args.length)
            {
                return new Actor(m, List.of(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException(operation);
    }

    /** The directed scenario and the random ones of the inline-state test, on the colliding keys. */
    private static ModelCheckingOptions modelChecking()
    {
        return InlineFlowStateLinearizabilityTest.modelChecking()
            .addCustomScenario(removeWhileAnotherKeyTakesTheRecord());
    }

    @Test
    void shouldUseTwoIndirectKeysThatOnlyTheirRecordsTellApart()
    {
        assertFalse(KEYS[1].fitsTwoWords());
        assertFalse(KEYS[2].fitsTwoWords());
        assertFalse(KEYS[1].equalsKey(KEYS[2]));
        assertEquals(KEYS[1].word0(), KEYS[2].word0());
        assertEquals(KEYS[1].hash64(), KEYS[2].hash64(), "one home slot and one tag");
        assertNotEquals(KEYS[1].addressWord(), KEYS[2].addressWord());
    }

    @Test
    void shouldBeLinearizableWhenRecordsAreReused()
    {
        modelChecking().check(Ops.class);
    }

    /** The directed scenario alone, so that the failure is the one the spec argues about (random ones find others). */
    @Test
    void shouldCatchARemovalThatGivesItsRecordBackBeforeItsCas()
    {
        final String message = LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the early record free",
            () -> InlineFlowStateLinearizabilityTest.modelChecking().iterations(0)
                .addCustomScenario(removeWhileAnotherKeyTakesTheRecord()).minimizeFailedScenario(false)
                .check(EarlyFreeOps.class));
        assertTrue(message.contains("read(2): 1"), "key 1's state read as key 2's: " + message);
    }

    @Test
    void shouldNotCatchTheMutantInOneThread()
    {
        final Ops ops = new EarlyFreeOps();
        assertEquals(FlowTable.INSERTED, ops.insert(1));
        assertTrue(ops.write(1, 1));
        assertTrue(ops.remove(1));
        assertEquals(FlowTable.INSERTED, ops.insert(2));
        assertEquals(InlineFlowStateLinearizabilityTest.PENDING, ops.read(2));
        assertEquals(0, ops.read(1));
        assertTrue(ops.write(2, 2));
        assertEquals(2, ops.read(2));
    }
}
