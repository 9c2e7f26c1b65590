// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code --profile quick} runs (about 3 minutes in all): the two headline questions, answered by paired runs
 * ({@link #pairs}), with JMH's absolute figures (Mpps, ns/packet, B/packet, loads/packet) of the same variants
 * ({@link #plans}).
 *
 * <ul>
 * <li>EARLY vs LATE: the whole pipeline on the established mix and on the realistic mix with no invalid packet;</li>
 * <li>SINGLE_LOCK and SNAPSHOT against MULTI_LOCK: the established-flow pipeline at 1 thread;</li>
 * <li>each with its A/A row, and the machine's dependent-load latency beyond the cache, the unit of loads/packet.</li>
 * </ul>
 *
 * <p>Every ratio it prints comes from forks of pairs (at least {@link #PAIR_FORKS}), never from one fork's
 * iterations: a single JVM's iterations share its JIT compilation and its phase of the host, and look far more
 * precise than they are (issue #12: one quick run printed EARLY/LATE 0.509 [0.480, 0.555] for a ratio near 1).
 */
final class QuickProfile
{
    /**
     * Forks of the paired group: a t interval over 5 forks, not a range. One loader per variant: once pairing
     * removed each copy's own offset at its source (-Xbatch, a collection after set-up), K copies a side measured
     * no better than one in the same time (docs/measuring.md) and cost K set-ups per fork.
     */
    static final int PAIR_FORKS = 5;
    /** Measured seconds of cycles per fork. */
    static final double PAIR_SECONDS = 5;
    /** Heap of a paired fork: eight sides at 10^4 flows hold 10-20 MiB each (paired forks do not pre-touch it). */
    private static final String PAIR_HEAP = "1g";

    private static final String ONE = "pipeline.PipelineBenchmark.oneThread";
    private static final String RATIO = "pipeline.InvalidRatioPipelineBenchmark.oneThread";
    private static final String ESTABLISHED = "mix=established,flowTable=LOCK_FREE,flows=10000";
    private static final String EL_ESTABLISHED = ESTABLISHED + ",flowAccess=SINGLE_LOCK";
    private static final String EL_REALISTIC = "invalidRatio=0,flowAccess=SINGLE_LOCK";
    private static final String FA_ESTABLISHED = ESTABLISHED + ",natValidation=EARLY";

    /** The JMH plan: the absolute figures of the paired variants. */
    private static final List<ProfilePlan.Entry> PLAN = List.of(
        ProfilePlan.entry("limits.MemoryLatencyBenchmark.dependentLoad", "bufferMiB=256"),
        ProfilePlan.entry(ONE, EL_ESTABLISHED + ",natValidation=EARLY|LATE"),
        ProfilePlan.entry(RATIO, EL_REALISTIC + ",natValidation=EARLY|LATE"),
        ProfilePlan.entry(ONE, FA_ESTABLISHED + ",flowAccess=MULTI_LOCK|SNAPSHOT"));

    private QuickProfile()
    {
    }

    /**
     * The quick plans found in a build: a benchmark this build lacks is left out.
     *
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line; they win over the plan's.
     * @return the plans, in the order above; empty when the build has none but the limits benchmark.
     */
    static List<SuiteRunner.Plan> plans(final Catalog catalog, final ParamSpec cli)
    {
        final List<SuiteRunner.Plan> plans = ProfilePlan.resolve(PLAN, catalog, cli);
        return plans.stream().anyMatch(p -> !p.benchmark().name().startsWith("dev.flowgate.bench.limits.")) ?
            plans : List.of();
    }

    /**
     * The paired questions: EARLY/LATE on the established mix and on the realistic mix at invalidRatio 0 (A/A:
     * EARLY), SINGLE_LOCK and SNAPSHOT against MULTI_LOCK at 1 thread (A/A: MULTI_LOCK).
     *
     * @param catalog the build's benchmarks (a benchmark it lacks is left out).
     * @param cli the values fixed on the command line.
     * @return the groups.
     */
    static List<PairedQuestions.Group> pairs(final Catalog catalog, final ParamSpec cli)
    {
        // One group: eight sides (established EARLY serves both questions) share each fork's start and warm-up,
        // which cost more than its measured seconds; that buys the forks of a t interval within quick's budget.
        final List<PairedQuestions.Group> groups = new ArrayList<>();
        groups.add(new PairedQuestions.Builder("EARLY/LATE and flowAccess vs MULTI_LOCK", PAIR_FORKS, PAIR_SECONDS,
            PAIR_HEAP, catalog, cli)
            .earlyLate(ONE, EL_ESTABLISHED, true, "established")
            .earlyLate(RATIO, EL_REALISTIC, false, "realistic, invalidRatio 0")
            .access(ONE, FA_ESTABLISHED, List.of("SINGLE_LOCK", "SNAPSHOT"), true, "1 thread").build());
        groups.removeIf(Objects::isNull);
        return groups;
    }
}
