// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowgate.pair.PairException;
import dev.flowgate.pair.PairFork;
import dev.flowgate.pair.PairRunner;
import dev.flowgate.report.Pairs;

/**
 * The paired questions of a run profile ({@link QuickProfile#pairs}, {@link StandardProfile#pairs}) and how
 * {@code flowgate run} answers them: each {@link Group} is a set of variants that run together in every fork of
 * its own (each variant in its own class loader, one round of each per cycle in seeded random order, never a
 * round right after its own side), and the ratios it answers, A/A twin included. Sharing a fork saves a JVM start
 * and a set-up per ratio; a group's failure (a set-up or mix check of one variant) fails only that group's ratios,
 * which {@value Pairs#FILE} records as failed.
 */
final class PairedQuestions
{
    /** Confidence of the intervals of pairs.json. */
    static final double CONFIDENCE = 0.95;
    /** The EARLY vs LATE axis. */
    static final String NAT = "natValidation";
    /** Its values. */
    static final String EARLY = "EARLY";
    /** See {@link #EARLY}. */
    static final String LATE = "LATE";
    /** The flow-info access axis. */
    static final String ACCESS = "flowAccess";
    /** Its baseline. */
    static final String MULTI_LOCK = "MULTI_LOCK";
    /** Base seed of the rounds' order; group g uses this plus 1000 g. */
    private static final long SEED = 1;

    /**
     * One variant: a benchmark with every parameter resolved.
     *
     * @param benchmark the full name.
     * @param params every parameter.
     */
    record Variant(String benchmark, Map<String, String> params)
    {
    }

    /**
     * One ratio a group answers: throughput of variant {@code a} over variant {@code b}.
     *
     * @param group {@link Pairs#EARLY_LATE}, {@link Pairs#FLOW_ACCESS} or {@link Pairs#REFERENCE}.
     * @param label what the row shows, e.g. {@code established} or {@code SNAPSHOT, 10^4 flows}.
     * @param aa whether both sides are the same variant (the A/A twin: the noise floor).
     * @param a the index of side A's variant in the group.
     * @param b the index of side B's.
     * @param axis the parameter that differs (for the a/b fields of pairs.json).
     */
    record Question(String group, String label, boolean aa, int a, int b, String axis)
    {
    }

    /**
     * Variants that share forks, and the ratios between them.
     *
     * @param name the group's name in progress lines.
     * @param variants the sides of each fork.
     * @param questions the ratios.
     * @param forks forks.
     * @param seconds measured seconds per fork.
     * @param heap each fork's heap.
     */
    record Group(String name, List<Variant> variants, List<Question> questions, int forks, double seconds,
        String heap)
    {
    }

    /*
     * Set-up of one side, from paired runs of 3 December 2026 on the 2-core VM: quick's group (8 sides, 5 forks, quiet:
     * 24 s a fork, so about 1.6 s a side) and the standard profile's groups (reports/2026-12-03-8302be4-standard/
     * pairs.json, 5 forks each, at load 2-5, which stretches set-ups about 1.5x).
     */
    /** Established, stale or invalid-nat mix at 10^4 flows or less: 1.6 s quiet, 1.9-2.7 s at load. */
    static final double SIDE_SETUP_SECONDS = 1.5;
    /** A mix that creates sessions and settles them before the warm-up (new-valid, multi-match, realistic). */
    static final double SETTLING_SIDE_SETUP_SECONDS = 3;
    /**
     * 10^6 flows (about 600 MiB of flows a side): 20-23 s a side at load with 1 GiB of heap a side (the first estimate
     * said 4), about 17 s with 3 GiB (the standard profile's heap for them now), less on a quiet machine.
     */
    static final double LARGE_SIDE_SETUP_SECONDS = 12;
    /**
     * Trial set-ups per fork in the profiles: one, whose order effect the interval blocks on. A group's sides are many
     * (quick's has 8), and setting them all up again would cost more forks than it saves.
     */
    static final int PROFILE_SET_UPS = 1;
    /** Warm-up of a paired fork (until the JIT is quiet: 2.3-4.5 s measured) and writing its result. */
    static final double FORK_WARMUP_SECONDS = 4;
    private static final int LARGE_FLOWS = 1_000_000;

    /**
     * Estimated seconds of one group: per fork, the JVM start of {@link ProfilePlan} (paired forks do not pre-touch
     * their heap), every side's set-up, the warm-up and the measured seconds.
     *
     * @param group the group.
     * @return the estimate.
     */
    static double estimateSeconds(final Group group)
    {
        double setup = 0;
        for (final Variant v : group.variants())
        {
            setup += sideSetupSeconds(v.params());
        }
        return group.forks() * (ProfilePlan.START_SECONDS + setup + FORK_WARMUP_SECONDS + group.seconds());
    }

    static double sideSetupSeconds(final Map<String, String> params)
    {
        final String flows = params.get("flows");
        if (flows != null && flows.matches("\\d+") && Long.parseLong(flows) >= LARGE_FLOWS)
        {
            return LARGE_SIDE_SETUP_SECONDS;
        }
        final String mix = params.getOrDefault("mix", "established");
        return "established".equals(mix) || "stale".equals(mix) || "invalid-nat".equals(mix) ?
            SIDE_SETUP_SECONDS : SETTLING_SIDE_SETUP_SECONDS;
    }

    /**
     * Estimated seconds of every group.
     *
     * @param groups the groups.
     * @return the sum.
     */
    static double estimateSeconds(final List<Group> groups)
    {
        return groups.stream().mapToDouble(PairedQuestions::estimateSeconds).sum();
    }

    /** Builds a group from comparisons of one axis. */
    static final class Builder
    {
        private final String name;
        private final int forks;
        private final double seconds;
        private final String heap;
        private final Catalog catalog;
        private final ParamSpec cli;
        private final List<Variant> variants = new ArrayList<>();
        private final List<Question> questions = new ArrayList<>();

        Builder(final String name, final int forks, final double seconds, final String heap, final Catalog catalog,
            final ParamSpec cli)
        {
            this.name = name;
            this.forks = forks;
            this.seconds = seconds;
            this.heap = heap;
            this.catalog = catalog;
            this.cli = cli;
        }

        /**
         * Adds ratios {@code axis=a / axis=b} for each value a, with an A/A twin of {@code aa} when it is not null.
         * A benchmark the build lacks, or a value its axis lacks, adds nothing.
         *
         * @param group the report group.
         * @param benchmark the benchmark's name below {@code dev.flowgate.bench.}.
         * @param common the parameters of both sides ({@code K=V,...}); the others take their first value.
         * @param axis the parameter compared.
         * @param as side A's values, one ratio each.
         * @param b side B's value.
         * @param aa the value of the A/A twin, or null for none.
         * @param context the label's context (the label is the A value, when several, then the context).
         * @return this builder.
         */
        Builder compare(final String group, final String benchmark, final String common, final String axis,
            final List<String> as, final String b, final String aa, final String context)
        {
            final String full = "dev.flowgate.bench." + benchmark;
            final Catalog.Benchmark bench = catalog.all().stream().filter(x -> x.name().equals(full)).findFirst()
                .orElse(null);
            if (bench == null || !bench.params().containsKey(axis) || !bench.params().get(axis).contains(b))
            {
                return this;
            }
            final Map<String, String> given = new LinkedHashMap<>();
            if (!common.isEmpty())
            {
                given.putAll(PairCommand.single("common", common));
            }
            // A value fixed on the command line wins, except on the axis compared.
            cli.values().forEach((k, v) ->
            {
                if (v.size() == 1 && !k.equals(axis) && bench.params().containsKey(k))
                {
                    given.put(k, v.get(0));
                }
            });
            final int bIndex = variant(bench, given, axis, b, false);
            final List<String> known = as.stream().filter(v -> bench.params().get(axis).contains(v)).toList();
            for (final String a : known)
            {
                final String label = known.size() > 1 ? a + (context.isEmpty() ? "" : ", " + context) : context;
                questions.add(new Question(group, label.isEmpty() ? a : label, false,
                    variant(bench, given, axis, a, false), bIndex, axis));
            }
            if (aa != null && bench.params().get(axis).contains(aa))
            {
                final int first = variant(bench, given, axis, aa, false);
                questions.add(new Question(group, aa + (context.isEmpty() ? "" : ", " + context), true, first,
                    variant(bench, given, axis, aa, true), axis));
            }
            return this;
        }

        /**
         * EARLY/LATE on one benchmark, with an EARLY/EARLY twin when asked.
         *
         * @param benchmark the benchmark's name below {@code dev.flowgate.bench.}.
         * @param common the parameters of both sides.
         * @param aa whether to add the A/A twin.
         * @param context the label.
         * @return this builder.
         */
        Builder earlyLate(final String benchmark, final String common, final boolean aa, final String context)
        {
            return compare(Pairs.EARLY_LATE, benchmark, common, NAT, List.of(EARLY), LATE, aa ? EARLY : null,
                context);
        }

        /**
         * Access modes against MULTI_LOCK on one benchmark, with a MULTI_LOCK/MULTI_LOCK twin when asked.
         *
         * @param benchmark the benchmark's name below {@code dev.flowgate.bench.}.
         * @param common the parameters of both sides.
         * @param modes the modes compared with MULTI_LOCK.
         * @param aa whether to add the A/A twin.
         * @param context the labels' context.
         * @return this builder.
         */
        Builder access(final String benchmark, final String common, final List<String> modes, final boolean aa,
            final String context)
        {
            return compare(Pairs.FLOW_ACCESS, benchmark, common, ACCESS, modes, MULTI_LOCK, aa ? MULTI_LOCK : null,
                context);
        }

        private int variant(final Catalog.Benchmark bench, final Map<String, String> given, final String axis,
            final String value, final boolean twin)
        {
            final Map<String, String> side = new LinkedHashMap<>(given);
            side.put(axis, value);
            final Variant v = new Variant(bench.name(), PairCommand.resolve(bench, side, Map.of()));
            final int found = variants.indexOf(v);
            if (found >= 0 && !twin)
            {
                return found;
            }
            variants.add(v);
            return variants.size() - 1;
        }

        /**
         * The group, or null when none of its comparisons exists in this build.
         *
         * @return the group.
         */
        Group build()
        {
            return questions.isEmpty() ? null : new Group(name, List.copyOf(variants), List.copyOf(questions), forks,
                seconds, heap);
        }
    }

    private PairedQuestions()
    {
    }

    /**
     * The values of an axis of a benchmark in this build, without one of them: the modes compared with a baseline.
     *
     * @param catalog the build's benchmarks.
     * @param benchmark the benchmark's name below {@code dev.flowgate.bench.}.
     * @param axis the axis.
     * @param without the baseline.
     * @return the values, in declaration order; empty when the build lacks the benchmark.
     */
    static List<String> others(final Catalog catalog, final String benchmark, final String axis,
        final String without)
    {
        return catalog.all().stream().filter(b -> b.name().equals("dev.flowgate.bench." + benchmark)).findFirst()
            .map(b -> b.params().getOrDefault(axis, List.of()).stream().filter(v -> !v.equals(without)).toList())
            .orElse(List.of());
    }

    /**
     * Runs every group and writes {@value Pairs#FILE} into the run's folder.
     *
     * @param groups the groups.
     * @param dir the run's folder (the forks' files go under {@code pairs/}).
     * @param java the forks' java binary.
     * @param terminal where progress goes.
     * @return the number of failed groups.
     */
    static int run(final List<Group> groups, final Path dir, final String java, final PrintStream terminal)
        throws IOException, InterruptedException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        final ArrayNode pairs = root.putArray("pairs");
        final String classpath = System.getProperty("java.class.path");
        final long start = System.nanoTime();
        int failed = 0;
        for (int g = 0; g < groups.size(); g++)
        {
            final Group group = groups.get(g);
            terminal.printf(Locale.ROOT, "pairs [%d/%d] %s: %d sides, %d forks x %.0f s (elapsed %s)%n", g + 1,
                groups.size(), group.name(), group.variants().size(), group.forks(), group.seconds(),
                ProgressFormat.clock((System.nanoTime() - start) / 1e9));
            final long groupStart = System.nanoTime();
            try
            {
                final List<PairFork.Result> results = PairRunner.forks(sides(group, classpath), group.forks(),
                    group.seconds(), PROFILE_SET_UPS, SEED + 1000L * g, new PairRunner.Launch(java,
                    JvmFlags.fork(group.heap()), classpath), dir.resolve("pairs").resolve("group-" + (g + 1)), terminal,
                    group.name());
                final double elapsed = (System.nanoTime() - groupStart) / 1e9;
                for (final Question q : group.questions())
                {
                    final PairRunner.Outcome outcome = PairRunner.summarise(results, new int[] {q.a()},
                        new int[] {q.b()}, CONFIDENCE, elapsed);
                    final ObjectNode json = PairRunner.json(mapper, spec(group, q, java, classpath, g), outcome);
                    describe(json, group, q);
                    pairs.add(json);
                    terminal.printf(Locale.ROOT, "  %s%s %s: %s%n", q.aa() ? "A/A " : "", q.group(), q.label(),
                        outcome.line());
                }
            }
            catch (final PairException ex)
            {
                failed++;
                terminal.println("  FAILED: " + group.name() + ": " + ex.getMessage());
                for (final Question q : group.questions())
                {
                    final ObjectNode json = PairRunner.sides(mapper, spec(group, q, java, classpath, g));
                    json.put("failed", true);
                    json.put("error", ex.getMessage());
                    describe(json, group, q);
                    pairs.add(json);
                }
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(Pairs.FILE).toFile(), root);
        return failed;
    }

    private static void describe(final ObjectNode json, final Group group, final Question q)
    {
        json.put("group", q.group());
        json.put("aa", q.aa());
        json.put("label", q.label());
        json.put("forkGroup", group.name());
        json.put("sides", group.variants().size());
    }

    /** The sides of a group's forks: its variants, each named by what sets it apart. */
    static List<PairFork.SideSpec> sides(final Group group, final String classpath)
    {
        final List<String> jar = List.of(classpath.split(File.pathSeparator));
        final List<PairFork.SideSpec> sides = new ArrayList<>();
        for (int i = 0; i < group.variants().size(); i++)
        {
            final Variant v = group.variants().get(i);
            final int dot = v.benchmark().lastIndexOf('.');
            sides.add(new PairFork.SideSpec("S" + (i + 1), jar, v.benchmark().substring(0, dot),
                v.benchmark().substring(dot + 1), v.params(), 0));
        }
        return sides;
    }

    /** A ratio as {@link PairRunner#json} describes it: the parameters both share, and what A and B set apart. */
    private static PairRunner.Spec spec(final Group group, final Question q, final String java,
        final String classpath, final int index)
    {
        final Variant a = group.variants().get(q.a());
        final Variant b = group.variants().get(q.b());
        final Map<String, String> common = new LinkedHashMap<>();
        final Map<String, String> onlyA = new LinkedHashMap<>();
        final Map<String, String> onlyB = new LinkedHashMap<>();
        a.params().forEach((k, v) ->
        {
            if (k.equals(q.axis()) || !v.equals(b.params().get(k)))
            {
                onlyA.put(k, v);
                onlyB.put(k, b.params().get(k));
            }
            else
            {
                common.put(k, v);
            }
        });
        final List<String> jar = List.of(classpath.split(File.pathSeparator));
        return new PairRunner.Spec(a.benchmark(), jar, jar, common, onlyA, onlyB, a.params(), b.params(),
            group.forks(), group.seconds(), 0, CONFIDENCE, java, JvmFlags.fork(group.heap()), classpath,
            SEED + 1000L * index, 1, PROFILE_SET_UPS, Map.of(), Map.of());
    }
}
