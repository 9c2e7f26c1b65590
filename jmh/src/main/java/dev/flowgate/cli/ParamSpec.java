// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * Parameter values fixed on the command line: {@code --param K=V,K2=V2} (repeatable), several values of one
 * parameter separated by {@code |}: {@code --param mix=established|stale}.
 */
final class ParamSpec
{
    private static final String ACCESS = "flowAccess";
    private static final String TABLE = "flowTable";
    private final Map<String, List<String>> values;

    private ParamSpec(final Map<String, List<String>> values)
    {
        this.values = Collections.unmodifiableMap(values);
    }

    static ParamSpec parse(final List<String> options)
    {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        if (options != null)
        {
            for (final String option : options)
            {
                for (final String pair : option.split(",", -1))
                {
                    final int eq = pair.indexOf('=');
                    if (eq <= 0 || eq == pair.length() - 1 || !pair.substring(0, eq).matches("[A-Za-z_$][\\w$]*"))
                    {
                        throw new UsageException("bad --param '" + option + "': expected K=V[,K=V...] " +
                            "(several values of one parameter as K=V1|V2)");
                    }
                    final List<String> list = new ArrayList<>();
                    for (final String value : pair.substring(eq + 1).split("\\|", -1))
                    {
                        if (value.isEmpty())
                        {
                            throw new UsageException("bad --param '" + option + "': empty value");
                        }
                        list.add(value);
                    }
                    values.put(pair.substring(0, eq), List.copyOf(list));
                }
            }
        }
        checkInlineTables(values);
        return new ParamSpec(values);
    }

    /** flowAccess=INLINE runs over flowTable=LOCK_FREE only: a command line that pairs it with another is refused. */
    private static void checkInlineTables(final Map<String, List<String>> values)
    {
        final List<String> access = values.get(ACCESS);
        final List<String> tables = values.get(TABLE);
        if (access == null || tables == null || !access.contains(FlowInfoAccess.INLINE.name()))
        {
            return;
        }
        for (final FlowTableKind kind : FlowTableKind.values())
        {
            if (tables.contains(kind.name()) && !FlowInfoAccess.INLINE.supports(kind))
            {
                throw new UsageException("bad --param: " + FlowInfoAccess.INLINE.refusal(kind));
            }
        }
    }

    Map<String, List<String>> values()
    {
        return values;
    }

    boolean isEmpty()
    {
        return values.isEmpty();
    }

    /**
     * The values one benchmark runs: the command line's for the parameters it names, the profile's choice for
     * the others.
     *
     * @param benchmark the benchmark.
     * @param policy the profile's parameter policy.
     * @return parameter name to values, for every parameter of the benchmark.
     */
    Map<String, List<String>> resolve(final Catalog.Benchmark benchmark, final RunProfile.ParamPolicy policy)
    {
        final Map<String, List<String>> resolved = new LinkedHashMap<>();
        for (final Map.Entry<String, List<String>> p : benchmark.params().entrySet())
        {
            final List<String> fixed = values.get(p.getKey());
            final boolean all = policy == RunProfile.ParamPolicy.ALL;
            resolved.put(p.getKey(), fixed != null ? fixed : all ? p.getValue() : List.of(p.getValue().get(0)));
        }
        // flowAccess=INLINE alone on the command line: the table it needs, not every table of the benchmark.
        if (List.of(FlowInfoAccess.INLINE.name()).equals(values.get(ACCESS)) && !values.containsKey(TABLE) &&
            resolved.containsKey(TABLE))
        {
            resolved.put(TABLE, List.of(FlowTableKind.LOCK_FREE.name()));
        }
        return resolved;
    }

    /**
     * Checks that every parameter named on the command line belongs to at least one selected benchmark.
     *
     * @param selected the selected benchmarks.
     */
    void checkKnown(final List<Catalog.Benchmark> selected)
    {
        for (final String name : values.keySet())
        {
            if (selected.stream().noneMatch(b -> b.params().containsKey(name)))
            {
                throw new UsageException("--param " + name + ": no selected benchmark has a parameter '" + name +
                    "' (see 'flowgate list')");
            }
        }
    }
}
