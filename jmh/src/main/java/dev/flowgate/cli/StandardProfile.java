// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.flowgate.report.Pairs;

/**
 * What {@code --profile standard} runs: every benchmark, 1 fork x (3 + 5) x 1 s (the whole-pipeline entries of the
 * headline questions in two or three passes of one fork), with the parameter values that
 * answer the questions of docs/spec/benchmarks.md section 4 instead of the full product of every {@code @Param} (which
 * takes hours).
 *
 * <p>The rules: the two headline questions run all their values (EARLY vs LATE per mix and per invalid ratio; each
 * flow-info access mode against MULTI_LOCK on the established pipeline at 1 and 2 threads, at 10^4 and 10^6 flows);
 * every other axis is varied one value at a time against a fixed baseline, chosen so that each ratio of the report
 * (a variant against the axis's baseline value) has its pair; where a flow table is involved both 10^4 and 10^6 flows
 * run. Small parameter values run with a smaller heap than the class asks for (pre-touching it costs about a second
 * per GiB). A benchmark this list does not name (a new one) runs one factor at a time
 * ({@link ProfilePlan#oneAtATime}) until it is planned here.
 *
 * <p>Set-up times are per fork (fixture, flow table, the setup checks and, for session-creating pipeline mixes,
 * {@code PipelineWorker.SETTLE_PACKETS}), estimated from forks timed on a 2-core virtual machine with other work
 * on it, where a fork of the 10^6-flow pipeline took 15 to 30 s in all and Chronicle Map at 10^6 flows 45 to 60 s;
 * the whole-pipeline entries' from the quiet run of 66fdc27, where their combinations took 11 to 13 s each.
 */
final class StandardProfile
{
    private static final String ALL_MIXES = "mix=established|stale|new-valid|multi-match|invalid-nat|realistic";
    private static final String EARLY_LATE = "natValidation=EARLY|LATE";
    private static final String ALL_ACCESS = "flowAccess=MULTI_LOCK|SINGLE_LOCK|OPTIMISTIC|SNAPSHOT";
    private static final String OTHER_ACCESS = "flowAccess=MULTI_LOCK|OPTIMISTIC|SNAPSHOT";
    private static final String ALL_TABLES = "flowTable=LOCK_FREE|SHARDED_LOCKED|CONCURRENT_HASH_MAP|CHRONICLE_MAP";
    private static final String ESTABLISHED = "mix=established,natValidation=EARLY,";
    private static final String SMALL = "flows=10000";
    private static final String LARGE = "flows=1000000";
    private static final String HEADLINE_ACCESS = "flowAccess=SINGLE_LOCK,";
    private static final String ALL_LOOKUPS = "lookup=COMPILED|REFERENCE|IPADDRESS";

    /**
     * Passes over the whole-pipeline entries (one fork each): their forks of one build spread more than their
     * iterations (the shared cache of this kind of machine comes and goes with its neighbours' load), so their
     * intervals are over forks, and the forks of the two sides of a ratio alternate in time. The headline ratios now
     * come from the paired groups ({@link #pairs}); these forks give the absolute figures beside them, one pass each:
     * a second pass for EARLY against LATE did not fit the hour with the pairs.
     */
    private static final int EARLY_LATE_PASSES = 1;
    /** See {@link #EARLY_LATE_PASSES}: one for the access modes and builds, whose differences are tens of percent. */
    private static final int PASSES = 1;
    /** The heap of forks whose parameters need little (the smoke profile runs every first value in 512 MiB). */
    private static final String TINY_HEAP = "512m";
    /** The heap of 10^4-flow and small-table forks. */
    private static final String SMALL_HEAP = "1g";

    /** Forks of each paired group. */
    private static final int PAIR_FORKS = 5;
    /**
     * Forks of the 10^6-flow groups: each side's set-up takes 12-23 s there (10^6 flow pairs and a pool over every
     * flow), so five forks of five sides took 9-11 minutes a group, and the standard run did not fit its hour. Their
     * ratios are 1.03-2.5 with forks 2-5% apart: three forks give them as ranges.
     */
    private static final int PAIR_FORKS_LARGE = 3;
    /** Measured seconds of cycles per paired fork. */
    private static final double PAIR_SECONDS = 5;
    /** Heap of a paired fork of 10^4-flow sides (up to fifteen of 10-20 MiB; paired forks do not pre-touch it). */
    private static final String PAIR_HEAP_SMALL = "2g";
    /**
     * Heap per 10^6-flow side of a paired fork (about 600 MiB live each; not pre-touched). With 1 GiB a side the
     * collector ran through the set-ups: an A/A fork of two such sides took 59 s with 2 GiB, 39 s with 6 GiB
     * (3 December 2026, one fork x 1 s each, load 2).
     */
    private static final int PAIR_HEAP_LARGE_GIB = 3;

    private static final List<ProfilePlan.Entry> PLAN = plan();

    private StandardProfile()
    {
    }

    private static List<ProfilePlan.Entry> plan()
    {
        final List<ProfilePlan.Entry> plan = new ArrayList<>();
        // limits: the units of the per-packet costs, in and beyond the caches.
        plan.add(ProfilePlan.entry("limits.MemoryLatencyBenchmark.dependentLoad", "bufferMiB=8|256").heap(SMALL_HEAP)
            .setup(1));
        for (final String method : List.of("dependentLoad", "independentLoads"))
        {
            // The 1 GiB chain is one humongous array: a 2 GiB G1 heap did not always find 1 GiB of free regions
            // in a row (OutOfMemoryError in set-up on 2 December 2026).
            plan.add(ProfilePlan.entry("limits.MemoryLatencyBenchmark." + method, "bufferMiB=1024").heap("3g")
                .setup(4));
        }
        packet(plan);
        lpm(plan);
        flow(plan);
        nat(plan);
        filter(plan);
        pipeline(plan);
        return List.copyOf(plan);
    }

    private static void packet(final List<ProfilePlan.Entry> plan)
    {
        plan.add(ProfilePlan.entry("packet.ParseBenchmark.parse", "stack=IPV4_UDP|IPV4_TCP|IPV6_TCP|ICMP_ERROR")
            .heap(TINY_HEAP).setup(1));
        plan.add(ProfilePlan.entry("packet.ParseBenchmark.parse", "burst=64").heap(TINY_HEAP).setup(1));
        // Incremental vs full, per payload (IPv4) and per stack (small payload).
        plan.add(ProfilePlan.entry("packet.ChecksumBenchmark.rewrite", "update=INCREMENTAL|FULL,payload=64|1400")
            .heap(TINY_HEAP).setup(1));
        plan.add(ProfilePlan.entry("packet.ChecksumBenchmark.rewrite", "stack=IPV6_TCP,update=INCREMENTAL|FULL")
            .heap(TINY_HEAP).setup(1));
    }

    private static void lpm(final List<ProfilePlan.Entry> plan)
    {
        // Lookups: every structure at a tiny, a mid-size and the largest table (hit ratio 0.5), COMPILED at every
        // size, both hit ratios on COMPILED at 10^4.
        plan.add(ProfilePlan.entry("lpm.LpmLookupBenchmark.lookup", ALL_LOOKUPS + ",prefixes=10|10000")
            .heap(TINY_HEAP).setup(1));
        plan.add(ProfilePlan.entry("lpm.LpmLookupBenchmark.lookup", "lookup=COMPILED,prefixes=1000|100000")
            .heap(TINY_HEAP).setup(2));
        plan.add(ProfilePlan.entry("lpm.LpmLookupBenchmark.lookup", "lookup=COMPILED,prefixes=10000,hitRatio=1.0")
            .heap(TINY_HEAP).setup(1));
        // At 900000 prefixes the set-up builds the ipaddress oracle whatever the structure (35 s under load).
        plan.add(ProfilePlan.entry("lpm.LpmLookupBenchmark.lookup", "lookup=COMPILED|IPADDRESS,prefixes=900000")
            .setup(25));
        // The allocation gate of COMPILED alone.
        plan.add(ProfilePlan.entry("lpm.LpmLookupBenchmark.compiled", "prefixes=100000").heap(SMALL_HEAP).setup(2));
        // Build time: one call per iteration, the class's 1 + 3 calls (seconds each at 900000 prefixes).
        plan.add(ProfilePlan.entry("lpm.LpmBuildBenchmark.build", ALL_LOOKUPS + ",prefixes=10|10000")
            .heap(TINY_HEAP).setup(1).shot(0.05));
        plan.add(ProfilePlan.entry("lpm.LpmBuildBenchmark.build", "lookup=COMPILED,prefixes=1000").heap(TINY_HEAP)
            .setup(1).shot(0.05));
        plan.add(ProfilePlan.entry("lpm.LpmBuildBenchmark.build", ALL_LOOKUPS + ",prefixes=100000").heap(SMALL_HEAP)
            .setup(1).shot(0.8));
        plan.add(ProfilePlan.entry("lpm.LpmBuildBenchmark.build", "lookup=COMPILED|IPADDRESS,prefixes=900000")
            .setup(3).shot(12));
        // Retained bytes per prefix: a heap delta, exact on the largest table; one call (with three full GCs).
        plan.add(ProfilePlan.entry("lpm.LpmBuildBenchmark.retained", "lookup=COMPILED|IPADDRESS,prefixes=900000")
            .setup(3).shot(20));
    }

    private static void flow(final List<ProfilePlan.Entry> plan)
    {
        // Every table kind on the main operations at 10^4 flows, ours against the reference's on the others; get at
        // 10^6 too (the dependent-load regime; 3 GiB hold every kind's 10^6 flows, the class asks 6 for headroom).
        for (final String method : List.of("getHit", "insertRemove", "mixed"))
        {
            plan.add(ProfilePlan.entry("flow.FlowTableBenchmark." + method, ALL_TABLES + "," + SMALL)
                .heap(SMALL_HEAP).setup(1));
        }
        for (final String method : List.of("getMiss", "getHitBurst", "replace", "getHitThreads2", "mixedThreads2"))
        {
            plan.add(ProfilePlan.entry("flow.FlowTableBenchmark." + method, "flowTable=LOCK_FREE|SHARDED_LOCKED," +
                SMALL).heap(SMALL_HEAP).setup(1));
        }
        plan.add(ProfilePlan.entry("flow.FlowTableBenchmark.getHit",
            "flowTable=LOCK_FREE|SHARDED_LOCKED|CONCURRENT_HASH_MAP," + LARGE).heap("3g").setup(8));
        plan.add(ProfilePlan.entry("flow.FlowTableBenchmark.getHit", "flowTable=CHRONICLE_MAP," + LARGE).heap("3g")
            .setup(30));
        for (final String method : List.of("bypass", "contended"))
        {
            plan.add(ProfilePlan.entry("flow.FlowInfoAccessBenchmark." + method, ALL_ACCESS + "|INLINE").heap(TINY_HEAP)
                .setup(1));
        }
        plan.add(ProfilePlan.entry("flow.FlowInfoAccessBenchmark.staleMultiMatch", "flowAccess=SNAPSHOT")
            .heap(TINY_HEAP).setup(1));
    }

    private static void nat(final List<ProfilePlan.Entry> plan)
    {
        // flowAccess shows on the established paths; the drop and creation paths run at the baseline.
        plan.add(ProfilePlan.entry("nat.MasqueradeBenchmark.established", ALL_ACCESS + "|INLINE").heap(SMALL_HEAP)
            .setup(2));
        for (final String method : List.of("newSession", "lateDrop", "exhausted"))
        {
            plan.add(ProfilePlan.entry("nat.MasqueradeBenchmark." + method, "").heap(SMALL_HEAP).setup(2));
        }
        plan.add(ProfilePlan.entry("nat.PortForwardBenchmark.established", ALL_ACCESS + "|INLINE").heap(SMALL_HEAP)
            .setup(2));
        for (final String method : List.of("newConnection", "lateDrop"))
        {
            plan.add(ProfilePlan.entry("nat.PortForwardBenchmark." + method, "").heap(SMALL_HEAP).setup(2));
        }
        plan.add(ProfilePlan.entry("nat.StaticNatBenchmark.translate", "").heap(TINY_HEAP).setup(1));
        plan.add(ProfilePlan.entry("nat.StaticNatBenchmark.restoreOnly", "").heap(TINY_HEAP).setup(1));
    }

    private static void filter(final List<ProfilePlan.Entry> plan)
    {
        final String filter = "filter.FlowFilterBenchmark.filter";
        // The stage alone per mix; EARLY vs LATE where the stage's work differs (packets without a flow).
        plan.add(ProfilePlan.entry(filter, ALL_MIXES + ",flowAccess=SINGLE_LOCK").heap(SMALL_HEAP).setup(2));
        plan.add(ProfilePlan.entry(filter, "mix=invalid-nat|realistic,natValidation=LATE," +
            "flowAccess=SINGLE_LOCK").heap(SMALL_HEAP).setup(2));
        plan.add(ProfilePlan.entry(filter, ESTABLISHED + OTHER_ACCESS + "|INLINE").heap(SMALL_HEAP).setup(2));
        // The lookup is on the path of packets without a flow.
        plan.add(ProfilePlan.entry(filter, "mix=realistic,natValidation=EARLY,flowAccess=SINGLE_LOCK," +
            "lookup=REFERENCE").heap(SMALL_HEAP).setup(2));
        plan.add(ProfilePlan.entry(filter, ESTABLISHED + "flowAccess=SINGLE_LOCK,burst=64").heap(SMALL_HEAP)
            .setup(2));
        final String contended = "filter.FlowFilterContendedBenchmark.contended";
        plan.add(ProfilePlan.entry(contended, "mix=established," + ALL_ACCESS + "|INLINE").heap(SMALL_HEAP)
            .setup(2));
        plan.add(ProfilePlan.entry(contended, "mix=stale|realistic,flowAccess=SNAPSHOT").heap(SMALL_HEAP).setup(2));
    }

    private static void pipeline(final List<ProfilePlan.Entry> plan)
    {
        final String one = "pipeline.PipelineBenchmark.oneThread";
        final String two = "pipeline.PipelineBenchmark.twoThreads";
        final String table = "flowTable=LOCK_FREE,";
        // Headline 1: EARLY vs LATE per mix (10^4 flows) and on the largest table for the bypass; per invalid ratio.
        plan.add(ProfilePlan.entry(one, ALL_MIXES + "," + EARLY_LATE + "," + HEADLINE_ACCESS + table + SMALL)
            .heap(SMALL_HEAP).setup(1).passes(EARLY_LATE_PASSES));
        plan.add(ProfilePlan.entry(one, "mix=established," + EARLY_LATE + "," + HEADLINE_ACCESS + table + LARGE)
            .setup(3).passes(EARLY_LATE_PASSES));
        final String ratio = "pipeline.InvalidRatioPipelineBenchmark.oneThread";
        plan.add(ProfilePlan.entry(ratio, "invalidRatio=0|0.01|0.1|0.5," + EARLY_LATE + ",flowAccess=SINGLE_LOCK")
            .heap(SMALL_HEAP).setup(2).passes(EARLY_LATE_PASSES));
        plan.add(ProfilePlan.entry(ratio, "invalidRatio=0.1," + EARLY_LATE + ",flowAccess=MULTI_LOCK").heap(SMALL_HEAP)
            .setup(2));
        // Headline 2: each access mode vs MULTI_LOCK, established pipeline, 1 and 2 threads, both sizes (the
        // SINGLE_LOCK ones at one thread are above; at one thread and 10^6 flows the two ends, SNAPSHOT, MULTI_LOCK).
        plan.add(ProfilePlan.entry(one, ESTABLISHED + OTHER_ACCESS + "|INLINE," + table + SMALL).heap(SMALL_HEAP)
            .setup(1).passes(PASSES));
        plan.add(ProfilePlan.entry(one, ESTABLISHED + "flowAccess=MULTI_LOCK|SNAPSHOT," + table + LARGE).setup(3)
            .passes(PASSES));
        plan.add(ProfilePlan.entry(two, ESTABLISHED + ALL_ACCESS + "," + table + SMALL).heap(SMALL_HEAP).setup(1)
            .passes(PASSES));
        plan.add(ProfilePlan.entry(two, ESTABLISHED + ALL_ACCESS + "," + table + LARGE).setup(3)
            .passes(PASSES));
        // The flow table's kind against SHARDED_LOCKED (at 10^6 flows: EstablishedPipelineBenchmark's REFERENCE).
        plan.add(ProfilePlan.entry(one, ESTABLISHED + HEADLINE_ACCESS + "flowTable=SHARDED_LOCKED," + SMALL)
            .heap(SMALL_HEAP).setup(1));
        // Ours against the reference's build of the established pipeline (INLINE: LOCK_FREE with inline state).
        final String builds = "build=OURS_INLINE|OURS_SNAPSHOT|OURS_SINGLE_LOCK|REFERENCE,";
        plan.add(ProfilePlan.entry("pipeline.EstablishedPipelineBenchmark.established",
            "build=OURS_SNAPSHOT|REFERENCE," + SMALL).heap(SMALL_HEAP).setup(1).passes(PASSES));
        plan.add(ProfilePlan.entry("pipeline.EstablishedPipelineBenchmark.established", builds + LARGE).setup(3)
            .passes(PASSES));
        plan.add(ProfilePlan.entry("pipeline.EstablishedPipelineBenchmark.twoThreadsWithWriter",
            "build=OURS_INLINE|OURS_SNAPSHOT|REFERENCE," + SMALL).heap(SMALL_HEAP).setup(1));
        plan.add(ProfilePlan.entry("pipeline.BurstRestoreBenchmark.full", "mix=realistic").heap(SMALL_HEAP).setup(2));
        plan.add(ProfilePlan.entry("pipeline.BurstRestoreBenchmark.metaOnly", "burst=64").heap(SMALL_HEAP).setup(2));
    }

    /**
     * Estimated seconds of a whole standard run: its JMH plan, then its paired groups.
     *
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line.
     * @return the estimate.
     */
    static double estimateSeconds(final Catalog catalog, final ParamSpec cli)
    {
        return ProfilePlan.estimateSeconds(plans(catalog, cli), RunProfile.STANDARD) +
            PairedQuestions.estimateSeconds(pairs(catalog, cli));
    }

    /**
     * The paired questions in full: EARLY/LATE for every mix (10^4 flows) and for each invalid share of the realistic
     * mix; each access mode of the build's {@code flowAccess} axis (so a new mode joins) against MULTI_LOCK at 1 and
     * 2 threads, at 10^4 and 10^6 flows; ours against the reference's build. Each group has an A/A row in its first
     * fork group. Variants share forks in small groups (a 10^6-flow side holds about 600 MiB), and invalidRatio 0.5
     * has a group of its own (it failed its mix check until main's ba63a8f), so that a failure fails only its ratio.
     *
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line.
     * @return the groups.
     */
    static List<PairedQuestions.Group> pairs(final Catalog catalog, final ParamSpec cli)
    {
        final String one = "pipeline.PipelineBenchmark.oneThread";
        final String two = "pipeline.PipelineBenchmark.twoThreads";
        final String ratio = "pipeline.InvalidRatioPipelineBenchmark.oneThread";
        final String mix = HEADLINE_ACCESS + "flowTable=LOCK_FREE," + SMALL + ",mix=";
        final List<PairedQuestions.Group> groups = new ArrayList<>();
        // Groups share forks (a fork's start and warm-up cost more than its measured seconds), but a variant that
        // fails (a set-up or mix check) fails its whole group: the invalidRatio 0.5 mix runs alone.
        final String[][] mixes = {{"established", "stale"}, {"new-valid", "multi-match", "invalid-nat", "realistic"}};
        for (int i = 0; i < mixes.length; i++)
        {
            final PairedQuestions.Builder builder = group("EARLY/LATE " + String.join(", ", mixes[i]),
                PAIR_HEAP_SMALL, catalog, cli);
            for (int m = 0; m < mixes[i].length; m++)
            {
                builder.earlyLate(one, mix + mixes[i][m], i == 0 && m == 0, mixes[i][m]);
            }
            groups.add(builder.build());
        }
        final String[][] ratios = {{"0", "0.01", "0.1"}, {"0.5"}};
        for (final String[] values : ratios)
        {
            final PairedQuestions.Builder builder = group("EARLY/LATE realistic, invalidRatio " +
                String.join(", ", values), PAIR_HEAP_SMALL, catalog, cli);
            for (final String value : values)
            {
                builder.earlyLate(ratio, "flowAccess=SINGLE_LOCK,invalidRatio=" + value, false, "realistic, " +
                    "invalidRatio " + value);
            }
            groups.add(builder.build());
        }
        final String established = "mix=established,natValidation=EARLY,flowTable=LOCK_FREE,";
        // At 10^4 flows one group holds both thread counts and the builds; at 10^6 flows each side holds about
        // 600 MiB, so a group per thread count.
        final PairedQuestions.Builder small = group("flowAccess vs MULTI_LOCK and builds, 10^4 flows",
            PAIR_HEAP_SMALL, catalog, cli);
        final List<PairedQuestions.Group> large = new ArrayList<>();
        for (final String bench : List.of(one, two))
        {
            final String threads = bench.equals(one) ? "1 thread" : "2 threads";
            final List<String> modes = PairedQuestions.others(catalog, bench, PairedQuestions.ACCESS,
                PairedQuestions.MULTI_LOCK);
            small.access(bench, established + SMALL, modes, bench.equals(one), threads + ", 10^4 flows");
            large.add(new PairedQuestions.Builder("flowAccess vs MULTI_LOCK, " + threads + ", 10^6 flows",
                PAIR_FORKS_LARGE, PAIR_SECONDS, (modes.size() + 1) * PAIR_HEAP_LARGE_GIB + "g", catalog, cli)
                .access(bench, established + LARGE, modes, false, threads + ", 10^6 flows").build());
        }
        small.compare(Pairs.REFERENCE, "pipeline.EstablishedPipelineBenchmark.established", SMALL, "build",
            List.of("OURS_SNAPSHOT", "OURS_SINGLE_LOCK"), "REFERENCE", "REFERENCE", "10^4 flows");
        groups.add(small.build());
        groups.addAll(large);
        groups.removeIf(Objects::isNull);
        return groups;
    }

    private static PairedQuestions.Builder group(final String name, final String heap, final Catalog catalog,
        final ParamSpec cli)
    {
        return new PairedQuestions.Builder(name, PAIR_FORKS, PAIR_SECONDS, heap, catalog, cli);
    }

    /**
     * The standard plans of a build: the plan above, then every benchmark it does not name, one factor at a time.
     *
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line; they win over the plan's.
     * @return the plans.
     */
    static List<SuiteRunner.Plan> plans(final Catalog catalog, final ParamSpec cli)
    {
        final List<ProfilePlan.Entry> entries = new ArrayList<>(PLAN);
        for (final Catalog.Benchmark benchmark : unplanned(catalog))
        {
            entries.addAll(ProfilePlan.oneAtATime(benchmark));
        }
        return ProfilePlan.resolve(entries, catalog, cli);
    }

    /**
     * The benchmarks of a build that the plan does not name.
     *
     * @param catalog the build's benchmarks.
     * @return them, in catalog order.
     */
    static List<Catalog.Benchmark> unplanned(final Catalog catalog)
    {
        final Set<String> named = new LinkedHashSet<>();
        PLAN.forEach(e -> named.add(e.benchmark()));
        return catalog.all().stream().filter(b -> !named.contains(b.name())).toList();
    }

    /**
     * The plan's entries.
     *
     * @return them, in run order.
     */
    static List<ProfilePlan.Entry> entries()
    {
        return PLAN;
    }
}
