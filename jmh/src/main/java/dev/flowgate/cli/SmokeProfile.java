// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code --profile smoke} runs: every benchmark once with the first value of each parameter, then a few more
 * combinations so that every value of every axis runs at least once somewhere (a broken fork for one value, such as
 * Chronicle Map's JVM flags, fails CI). A value not yet run goes to the first benchmark, in catalog order, that
 * declares it; a benchmark's missing values of several axes share combinations (value i of each axis together), so
 * a benchmark adds as many combinations as its longest list of missing values. Size axes ({@link #SIZE_AXES}) keep
 * their first, smallest value: their large values need the heap and set-up time of the standard profile.
 */
final class SmokeProfile
{
    /** Axes whose values are sizes, run at their first value only. */
    static final Set<String> SIZE_AXES = Set.of("flows", "prefixes", "bufferMiB");

    private SmokeProfile()
    {
    }

    /**
     * The smoke plans of the selected benchmarks.
     *
     * @param selected the benchmarks, in catalog order.
     * @param cli      the values fixed on the command line (an axis fixed there is not widened).
     * @return one plan per combination: the first values of each benchmark, then the covering ones.
     */
    static List<SuiteRunner.Plan> plans(final List<Catalog.Benchmark> selected, final ParamSpec cli)
    {
        final List<SuiteRunner.Plan> plans = new ArrayList<>();
        final Map<String, Set<String>> run = new HashMap<>();
        for (final Catalog.Benchmark benchmark : selected)
        {
            final Map<String, List<String>> first = cli.resolve(benchmark, RunProfile.ParamPolicy.FIRST);
            plans.add(new SuiteRunner.Plan(benchmark, first));
            first.forEach((axis, values) -> run.computeIfAbsent(axis, a -> new HashSet<>()).addAll(values));
        }
        for (final Catalog.Benchmark benchmark : selected)
        {
            final Map<String, List<String>> first = cli.resolve(benchmark, RunProfile.ParamPolicy.FIRST);
            final Map<String, List<String>> all = cli.resolve(benchmark, RunProfile.ParamPolicy.ALL);
            final Map<String, List<String>> missing = new LinkedHashMap<>();
            int extra = 0;
            for (final Map.Entry<String, List<String>> axis : benchmark.params().entrySet())
            {
                // size axes stay small; an axis the command line fixes stays fixed
                if (SIZE_AXES.contains(axis.getKey()) || !all.get(axis.getKey()).equals(axis.getValue()))
                {
                    continue;
                }
                final Set<String> done = run.computeIfAbsent(axis.getKey(), a -> new HashSet<>());
                final List<String> values = axis.getValue().stream()
                    .filter(v -> !done.contains(v)).toList();
                if (!values.isEmpty())
                {
                    missing.put(axis.getKey(), values);
                    done.addAll(values);
                    extra = Math.max(extra, values.size());
                }
            }
            for (int i = 0; i < extra; i++)
            {
                final Map<String, List<String>> params = new LinkedHashMap<>(first);
                for (final Map.Entry<String, List<String>> axis : missing.entrySet())
                {
                    if (i < axis.getValue().size())
                    {
                        params.put(axis.getKey(), List.of(axis.getValue().get(i)));
                    }
                }
                plans.add(new SuiteRunner.Plan(benchmark, params));
            }
        }
        return plans;
    }
}
