// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The mechanics of a planned profile ({@link QuickProfile}, {@link StandardProfile}): a list of entries, each a
 * benchmark with the parameter values it runs (the parameters an entry does not name run their first value, the
 * baseline), resolved against a build's catalog and the command line, and the estimate of a run.
 *
 * <p>The estimate of one parameter combination is {@code forks x (start + pre-touch x heap GiB + set-up +
 * iterations)}: {@link #START_SECONDS} for the fork's JVM and JMH, {@link #PRETOUCH_SECONDS_PER_GIB} per GiB of the
 * fork's fixed heap ({@code -XX:+AlwaysPreTouch}), the entry's measured trial set-up, and the profile's warm-up and
 * measurement time (for single-shot benchmarks, the class's own call counts times the entry's seconds per call).
 */
final class ProfilePlan
{
    /**
     * A fork's JVM start, JMH's own start and the benchmark's class loading, without the heap's pre-touch. With the
     * set-up default below, calibrated on the standard run of 3 December 2026 (reports/2026-12-03-8302be4-standard,
     * load 2-5): its 164 JMH forks took 2,274 s where 2 s for each of the two estimated 2,690 s; a paired fork reaches
     * its first set-up 0.85 s after the JVM starts.
     */
    static final double START_SECONDS = 1.0;
    /**
     * Pre-touching one GiB of fixed heap: measured on the 2-core virtual machine of the development (java -version
     * with -Xms = -Xmx and AlwaysPreTouch) at 2.5 to 5 s per GiB while other work ran on it, 7 to 10 s under heavy
     * load; a quiet machine does better, so this errs on the long side.
     */
    static final double PRETOUCH_SECONDS_PER_GIB = 3.0;
    /** The trial set-up of a benchmark the plan has no measurement for (see {@link #START_SECONDS}). */
    static final double DEFAULT_SETUP_SECONDS = 1.0;

    /**
     * One line of a plan.
     *
     * @param benchmark the benchmark's full name.
     * @param params the values it runs, in the syntax of {@code --param} ({@code K=V1|V2,K2=V}); empty for none.
     * @param heap the fork's heap (e.g. {@code 1g}) replacing the class's, or null to keep the class's.
     * @param setupSeconds the measured trial set-up of one fork (fixture, tables, flows).
     * @param shotSeconds for a single-shot benchmark, the seconds of one call at these parameters.
     * @param passes how many times the whole entry runs, its combinations in turn each time (see
     *               {@link SuiteRunner.Plan#passes()}).
     */
    record Entry(String benchmark, String params, String heap, double setupSeconds, double shotSeconds, int passes)
    {
        /**
         * The same entry with another heap.
         *
         * @param value e.g. {@code 1g}.
         * @return the entry.
         */
        Entry heap(final String value)
        {
            return new Entry(benchmark, params, value, setupSeconds, shotSeconds, passes);
        }

        /**
         * The same entry with its measured set-up time.
         *
         * @param seconds per fork.
         * @return the entry.
         */
        Entry setup(final double seconds)
        {
            return new Entry(benchmark, params, heap, seconds, shotSeconds, passes);
        }

        /**
         * The same entry with the measured time of one single-shot call.
         *
         * @param seconds per call.
         * @return the entry.
         */
        Entry shot(final double seconds)
        {
            return new Entry(benchmark, params, heap, setupSeconds, seconds, passes);
        }

        /**
         * The same entry run in {@code count} passes.
         *
         * @param count passes, at least 1.
         * @return the entry.
         */
        Entry passes(final int count)
        {
            return new Entry(benchmark, params, heap, setupSeconds, shotSeconds, count);
        }
    }

    private ProfilePlan()
    {
    }

    /**
     * An entry with the default set-up estimate and the class's heap.
     *
     * @param benchmark the full name, or the name under {@code dev.flowgate.bench.}.
     * @param params the values, in {@code --param} syntax.
     * @return the entry.
     */
    static Entry entry(final String benchmark, final String params)
    {
        final String name = benchmark.startsWith("dev.") ? benchmark : "dev.flowgate.bench." + benchmark;
        return new Entry(name, params, null, DEFAULT_SETUP_SECONDS, 0, 1);
    }

    /**
     * The plans of the entries found in a build: a benchmark this build lacks is left out, a parameter it lacks is
     * ignored, the command line's values win over the plan's, and an entry that resolves to the same values as an
     * earlier one is dropped.
     *
     * @param entries the plan.
     * @param catalog the build's benchmarks.
     * @param cli the values fixed on the command line.
     * @return the plans, in the entries' order.
     */
    static List<SuiteRunner.Plan> resolve(final List<Entry> entries, final Catalog catalog, final ParamSpec cli)
    {
        final Map<String, Catalog.Benchmark> byName = new LinkedHashMap<>();
        for (final Catalog.Benchmark benchmark : catalog.all())
        {
            byName.put(benchmark.name(), benchmark);
        }
        final List<SuiteRunner.Plan> plans = new ArrayList<>();
        for (final Entry entry : entries)
        {
            final Catalog.Benchmark benchmark = byName.get(entry.benchmark());
            if (benchmark != null)
            {
                final Map<String, List<String>> params = cli.resolve(benchmark, RunProfile.ParamPolicy.FIRST);
                final List<String> spec = entry.params().isEmpty() ? List.of() : List.of(entry.params());
                for (final Map.Entry<String, List<String>> p : ParamSpec.parse(spec).values().entrySet())
                {
                    if (!cli.values().containsKey(p.getKey()) && params.containsKey(p.getKey()))
                    {
                        params.put(p.getKey(), p.getValue());
                    }
                }
                final SuiteRunner.Plan plan = new SuiteRunner.Plan(benchmark, params,
                    heap(entries, entry, benchmark, params, cli), entry.setupSeconds(), entry.shotSeconds(),
                    entry.passes());
                // Values fixed on the command line can make two entries the same: run it once.
                if (plans.stream().noneMatch(p -> p.benchmark().equals(benchmark) && p.params().equals(params)))
                {
                    plans.add(plan);
                }
            }
        }
        return plans;
    }

    /**
     * The heap of the values that actually run. An entry's heap was sized for its own values: when the command line
     * replaces them, the heap comes from the entries of the same benchmark whose own values include a value that
     * runs (the largest of their heaps), else from the benchmark class.
     *
     * @param entries the plan.
     * @param entry the entry being resolved.
     * @param benchmark its benchmark.
     * @param params the values that run.
     * @param cli the values fixed on the command line.
     * @return the heap, or null for the class's own.
     */
    static String heap(final List<Entry> entries, final Entry entry, final Catalog.Benchmark benchmark,
        final Map<String, List<String>> params, final ParamSpec cli)
    {
        final List<String> fixed = cli.values().keySet().stream().filter(benchmark.params()::containsKey).toList();
        if (fixed.isEmpty())
        {
            return entry.heap();
        }
        String heap = null;
        boolean found = false;
        for (final Entry other : entries)
        {
            if (!other.benchmark().equals(benchmark.name()))
            {
                continue;
            }
            final Map<String, List<String>> own = other.params().isEmpty() ? Map.of() :
                ParamSpec.parse(List.of(other.params())).values();
            boolean runs = true;
            for (final String name : fixed)
            {
                final List<String> declared = benchmark.params().get(name);
                final List<String> values = own.getOrDefault(name, declared.isEmpty() ? declared :
                    declared.subList(0, 1));
                runs &= values.stream().anyMatch(params.get(name)::contains);
            }
            if (runs && (!found || gib(orClass(other.heap(), benchmark)) > gib(orClass(heap, benchmark))))
            {
                heap = other.heap();
                found = true;
            }
        }
        return heap;
    }

    private static String orClass(final String heap, final Catalog.Benchmark benchmark)
    {
        return heap != null ? heap : benchmark.heap() != null ? benchmark.heap() : "1g";
    }

    /**
     * One factor at a time around the first values: the baseline (every parameter at its first value), then each
     * parameter's other values with the rest at the baseline. {@code 1 + sum(values - 1)} combinations instead of
     * the product.
     *
     * @param benchmark the benchmark.
     * @return its entries.
     */
    static List<Entry> oneAtATime(final Catalog.Benchmark benchmark)
    {
        final List<Entry> entries = new ArrayList<>();
        entries.add(entry(benchmark.name(), ""));
        for (final Map.Entry<String, List<String>> p : benchmark.params().entrySet())
        {
            final List<String> values = p.getValue();
            if (values.size() > 1)
            {
                entries.add(entry(benchmark.name(), p.getKey() + "=" + String.join("|",
                    values.subList(1, values.size()))));
            }
        }
        return entries;
    }

    /**
     * The plans whose benchmark's full name contains a match of the regex.
     *
     * @param plans the plans.
     * @param regex JMH's include rule.
     * @return the matching plans.
     */
    static List<SuiteRunner.Plan> matching(final List<SuiteRunner.Plan> plans, final String regex)
    {
        final Pattern pattern = Catalog.compile(regex);
        return plans.stream().filter(p -> pattern.matcher(p.benchmark().name()).find()).toList();
    }

    /**
     * Estimated seconds of one parameter combination of a plan under a profile.
     *
     * @param plan the plan.
     * @param profile the profile (forks, iterations, heap).
     * @return the estimate.
     */
    static double estimateSeconds(final SuiteRunner.Plan plan, final RunProfile profile)
    {
        final String heap = plan.heap() != null ? plan.heap() :
            profile.fixesHeap() || plan.benchmark().heap() == null ? profile.heap : plan.benchmark().heap();
        final double measure;
        if (plan.benchmark().singleShot() && !profile.fixesHeap())
        {
            final int shots = Math.max(plan.benchmark().warmupIterations(), 0) +
                Math.max(plan.benchmark().iterations(), 1);
            measure = shots * plan.shotSeconds();
        }
        else
        {
            measure = (profile.warmupIterations * profile.warmupMillis + profile.iterations * profile.iterationMillis) /
                1000.0;
        }
        return profile.forks * (START_SECONDS + PRETOUCH_SECONDS_PER_GIB * gib(heap) + plan.setupSeconds() + measure);
    }

    /**
     * Estimated seconds of a whole run.
     *
     * @param plans the plans.
     * @param profile the profile.
     * @return the sum over every combination.
     */
    static double estimateSeconds(final List<SuiteRunner.Plan> plans, final RunProfile profile)
    {
        double total = 0;
        for (final SuiteRunner.Plan plan : plans)
        {
            total += plan.runs() * estimateSeconds(plan, profile);
        }
        return total;
    }

    /**
     * The estimate of every combination of every pass, in run order.
     *
     * @param plans the plans.
     * @param profile the profile.
     * @return one estimate per combination and pass.
     */
    static double[] estimates(final List<SuiteRunner.Plan> plans, final RunProfile profile)
    {
        final double[] out = new double[plans.stream().mapToInt(SuiteRunner.Plan::runs).sum()];
        int i = 0;
        for (final SuiteRunner.Plan plan : plans)
        {
            final double each = estimateSeconds(plan, profile);
            for (int c = 0; c < plan.runs(); c++)
            {
                out[i++] = each;
            }
        }
        return out;
    }

    /**
     * A heap size in GiB.
     *
     * @param heap e.g. {@code 512m}, {@code 2g}.
     * @return the GiB.
     */
    static double gib(final String heap)
    {
        final char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
        if (Character.isDigit(unit))
        {
            return Double.parseDouble(heap) / (1024.0 * 1024 * 1024);
        }
        final double value = Double.parseDouble(heap.substring(0, heap.length() - 1));
        if (unit == 'g')
        {
            return value;
        }
        return unit == 'm' ? value / 1024 : value / (1024 * 1024);
    }
}
