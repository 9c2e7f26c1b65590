// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.reflect.Method;
import java.util.List;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tombstone purge of {@link LockFreeFlowTable} (docs/spec/flow-table.md section 7) under Lincheck model
 * checking: the directed scenario in which an insert scans past a slot that is then freed and purged while the
 * insert claims the slot after it (the random scenarios of LockFreeFlowTableLinearizabilityTest purge too). Two
 * mutants of the protocol must fail it with an invalid execution result (a key published behind an EMPTY slot, so
 * the final look-up misses it): a purge without the seal (P2, P4) and a revalidation without rule 5. The third way
 * around the protocol (revalidation reading the chain from the home up, spec section 7) needs four thread switches in
 * a five-operation scenario; model checking did not find it in 6,000 interleavings (29 s), so it is argued in the
 * spec, not a control.
 *
 * <p>Budgets are those of {@link LockFreeFlowTableLinearizabilityTest#modelChecking(Class)}, except for the
 * interleavings of the directed scenario ({@link #INVOCATIONS}, 20 s for the correct table on the CI machine).
 */
@Tag("lincheck")
class LockFreeFlowTablePurgeLinearizabilityTest
{
    /** Keys 1-3 have home slot 1 of an eight-slot table; key 4 has home slot 2. */
    static final FlowKey[] KEYS = keys();
    static final int INVOCATIONS = Integer.getInteger("flowgate.lincheck.purge.invocations", 1000);

    private static FlowKey[] keys()
    {
        final FlowKey[] keys = new FlowKey[5];
        System.arraycopy(LockFreeFlowTableLinearizabilityTest.COLLIDING, 1, keys, 1, 3);
        for (int i = 0; keys[4] == null; i++)
        {
            final FlowKey k = FlowTableContractTest.key(i);
            if ((k.hash64() & 7) == 2)
            {
                keys[4] = k;
            }
        }
        return keys;
    }

    /** Insert, remove and look-up of four keys (two flows each) on a table made by {@link #newTable()}. */
    @Param(name = "key", gen = IntGen.class, conf = "1:4")
    @Param(name = "val", gen = IntGen.class, conf = "1:2")
    public static class PurgeOps
    {
        private final LockFreeFlowTable table = newTable();
        private final FlowInfo[][] flows = new FlowInfo[5][3];

        {
            for (int k = 1; k <= 4; k++)
            {
                for (int v = 1; v <= 2; v++)
                {
                    flows[k][v] = new FlowInfo(KEYS[k], v, FlowInfoAccess.SNAPSHOT);
                }
            }
        }

        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(6, 8);
        }

        @Operation
        public int insert(@Param(name = "key") final int key, @Param(name = "val") final int val)
        {
            return table.insert(flows[key][val]);
        }

        @Operation
        public int lookup(@Param(name = "key") final int key)
        {
            final FlowInfo f = table.lookup(KEYS[key]);
            return f == null ? 0 : (int) f.expiresAt();
        }

        @Operation
        public int remove(@Param(name = "key") final int key)
        {
            final FlowInfo f = table.remove(KEYS[key]);
            return f == null ? 0 : (int) f.expiresAt();
        }
    }

    /** A purge that checks its successor is EMPTY without sealing it (P2 a read, no P4). */
    public static class NoSealOps extends PurgeOps
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(6, 8)
            {
                @Override
                boolean seal(final int slot, final long empty)
                {
                    return ctrlForTest(slot) == empty;
                }

                @Override
                void unseal(final int slot, final long empty)
                {
                    // nothing was sealed
                }
            };
        }
    }

    /** A revalidation that passes over an EMPTY slot before its claim (no rule 5). */
    public static class NoRule5Ops extends PurgeOps
    {
        @Override
        LockFreeFlowTable newTable()
        {
            return new LockFreeFlowTable(6, 8)
            {
                @Override
                boolean chainCut(final long ctrl)
                {
                    return false;
                }
            };
        }
    }

    /**
     * Spec section 7's race: key 1's insert scans past key 2 at slot 1, whose removal then purges slot 1 while the
     * insert claims slot 2 and revalidates.
     */
    static ExecutionScenario purgeDuringInsert()
    {
        return new ExecutionScenario(
            List.of(actor("insert", 2, 1)),
            List.of(List.of(actor("insert", 1, 1)), List.of(actor("remove", 2))),
            List.of(actor("lookup", 1)),
            null);
    }

    private static Actor actor(final String operation, final Object... args)
    {
        for (final Method m : PurgeOps.class.getMethods())
        {
            if (m.getName().equals(operation) && m.getParameterCount() == args.length)
            {
                return new Actor(m, List.of(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException(operation);
    }

    /**
     * One directed scenario only, with {@code invocations} interleavings. Steps that these races do not depend on
     * run without thread switches inside them (the look-up's slot search and seqlock read, the key words, the count,
     * the max probe, the activation, the flow and key objects), so that the budget goes to the switches that matter:
     * the harmful interleavings need two (no rule 5) or three (no seal). With these guarantees the unsealed one is
     * found in about 1.5 s; without the first two it took 15 s, and 200 interleavings without any missed it.
     */
    private static ModelCheckingOptions directed(final ExecutionScenario scenario, final int invocations)
    {
        final String table = LockFreeFlowTable.class.getName();
        return LockFreeFlowTableLinearizabilityTest.modelChecking(LockFreeFlowTableLinearizabilityTest.Spec.class)
            .iterations(0)
            .invocationsPerIteration(invocations)
            .addGuarantee(forClasses(table, AbstractFlowTable.class.getName())
                .methods("keyInSlot", "verified", "findSlot", "writeKey", "raiseMaxProbe", "activate", "reserve",
                    "release")
                .treatAsAtomic())
            .addGuarantee(forClasses(FlowInfo.class.getName(), FlowKey.class.getName(), MutableFlowKey.class.getName())
                .allMethods().treatAsAtomic())
            .addCustomScenario(scenario);
    }

    @Test
    void shouldKeepKeysReachableAcrossPurgesUnderModelChecking()
    {
        directed(purgeDuringInsert(), INVOCATIONS).check(PurgeOps.class);
    }

    @Test
    void shouldCatchAPurgeWithoutASeal()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the purge without a seal",
            () -> directed(purgeDuringInsert(), INVOCATIONS).check(NoSealOps.class));
    }

    @Test
    void shouldCatchARevalidationWithoutRule5()
    {
        LockFreeFlowTableLinearizabilityTest.assertIncorrectResults("the revalidation without rule 5",
            () -> directed(purgeDuringInsert(), INVOCATIONS).check(NoRule5Ops.class));
    }
}
