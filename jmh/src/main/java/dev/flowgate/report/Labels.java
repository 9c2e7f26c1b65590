// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Short labels for rows of one chart or table: each names only the dimensions whose values vary among the rows, so
 * that a parameter fixed for the whole chart does not crowd every label.
 */
public final class Labels
{
    /** Dimension of the benchmark method ({@code Class.method}); shown as its bare value. */
    public static final String BENCHMARK = "benchmark";

    private static final String MIX = "mix";
    private static final String REALISTIC = "realistic";
    private static final String INVALID_RATIO = "invalidRatio";

    private Labels()
    {
    }

    /**
     * The dimensions of a result: its benchmark (class and method), its parameters, and its thread count when not 1.
     *
     * @param result the result.
     * @param without a parameter to leave out (the axis a chart compares along), or null.
     * @return dimension name to value, in a stable order.
     */
    public static Map<String, String> dimensions(final BenchmarkResult result, final String without)
    {
        final Map<String, String> dims = new LinkedHashMap<>();
        dims.put(BENCHMARK, result.simpleClassName() + "." + result.method());
        for (final Map.Entry<String, String> p : relevant(result.params()).entrySet())
        {
            if (!p.getKey().equals(without))
            {
                dims.put(p.getKey(), p.getValue());
            }
        }
        dims.put("threads", Integer.toString(result.threads()));
        return dims;
    }

    /**
     * The parameters that shape what a result measured: {@code invalidRatio} only shapes the realistic mix (the
     * pipeline benchmarks' other mixes ignore it), so beside another mix it is left out rather than listed as if it
     * applied.
     *
     * @param params a result's parameters.
     * @return the parameters less those it ignores, in order.
     */
    public static Map<String, String> relevant(final Map<String, String> params)
    {
        final Map<String, String> out = new LinkedHashMap<>(params);
        final String mix = params.get(MIX);
        if (mix != null && !REALISTIC.equals(mix))
        {
            out.remove(INVALID_RATIO);
        }
        return out;
    }

    /**
     * The dimensions whose values differ among the rows (a dimension missing from some rows varies).
     *
     * @param rows the rows' dimensions.
     * @return the varying dimension names, in first-seen order.
     */
    public static Set<String> varying(final List<Map<String, String>> rows)
    {
        final Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.keySet()));
        final Set<String> varying = new LinkedHashSet<>();
        for (final String name : names)
        {
            final String first = rows.isEmpty() ? null : rows.get(0).get(name);
            for (final Map<String, String> row : rows)
            {
                if (!Objects.equals(first, row.get(name)))
                {
                    varying.add(name);
                    break;
                }
            }
        }
        return varying;
    }

    /**
     * The varying dimensions worth showing: those not already told by an earlier shown one (threads by the
     * benchmark method {@code twoThreads}, say).
     *
     * @param rows the rows' dimensions.
     * @return the dimension names to show, in first-seen order.
     */
    public static List<String> shown(final List<Map<String, String>> rows)
    {
        final List<String> shown = new ArrayList<>();
        for (final String name : varying(rows))
        {
            boolean told = false;
            for (final String earlier : shown)
            {
                told |= determines(rows, earlier, name);
            }
            if (!told)
            {
                shown.add(name);
            }
        }
        return shown;
    }

    private static boolean determines(final List<Map<String, String>> rows, final String by, final String name)
    {
        final Map<String, String> seen = new LinkedHashMap<>();
        for (final Map<String, String> row : rows)
        {
            final String key = String.valueOf(row.get(by));
            final String value = String.valueOf(row.get(name));
            if (!value.equals(seen.getOrDefault(key, value)))
            {
                return false;
            }
            seen.put(key, value);
        }
        return true;
    }

    /**
     * The dimensions every row shares, as text, e.g. {@code burst=32 lookup=COMPILED}.
     *
     * @param rows the rows' dimensions.
     * @return the text, empty when nothing is shared.
     */
    public static String fixed(final List<Map<String, String>> rows)
    {
        if (rows.isEmpty())
        {
            return "";
        }
        final Set<String> varying = varying(rows);
        final StringJoiner joiner = new StringJoiner(" ");
        for (final Map.Entry<String, String> e : rows.get(0).entrySet())
        {
            if (!varying.contains(e.getKey()) && !BENCHMARK.equals(e.getKey()) && !isOneThread(e))
            {
                joiner.add(e.getKey() + "=" + e.getValue());
            }
        }
        return joiner.toString();
    }

    /**
     * One short label per row, naming only what varies.
     *
     * @param rows the rows' dimensions.
     * @return the labels, in row order ({@code all} for a single row).
     */
    public static List<String> of(final List<Map<String, String>> rows)
    {
        final List<String> varying = shown(rows);
        final List<String> labels = new ArrayList<>();
        for (final Map<String, String> row : rows)
        {
            final StringJoiner joiner = new StringJoiner(" ");
            for (final String name : varying)
            {
                final String value = row.get(name);
                if (value != null)
                {
                    joiner.add(BENCHMARK.equals(name) ? value.substring(classPrefix(rows)) : name + "=" + value);
                }
            }
            labels.add(joiner.length() == 0 ? "all" : joiner.toString());
        }
        return labels;
    }

    /**
     * A row's values of the given dimensions, as table cells ({@code -} where the row has none).
     *
     * @param row the row's dimensions.
     * @param names the dimensions to show.
     * @return the cells.
     */
    public static List<String> cells(final Map<String, String> row, final List<String> names)
    {
        final List<String> cells = new ArrayList<>();
        for (final String name : names)
        {
            cells.add(row.getOrDefault(name, "-"));
        }
        return cells;
    }

    /** Length of the {@code Class.} every benchmark label shares (0 when the classes differ): said once, above. */
    static int classPrefix(final List<Map<String, String>> rows)
    {
        String prefix = null;
        for (final Map<String, String> row : rows)
        {
            final String benchmark = row.getOrDefault(BENCHMARK, "");
            final String own = benchmark.substring(0, benchmark.lastIndexOf('.') + 1);
            if (prefix != null && !prefix.equals(own))
            {
                return 0;
            }
            prefix = own;
        }
        return prefix == null ? 0 : prefix.length();
    }

    private static boolean isOneThread(final Map.Entry<String, String> e)
    {
        return "threads".equals(e.getKey()) && "1".equals(e.getValue());
    }
}
