// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parameter of a question is its variant axis and which of its values is the baseline of the ratio columns.
 *
 * <p>The known axes and their baselines: {@code natValidation} LATE, {@code flowAccess} MULTI_LOCK,
 * {@code lookup} REFERENCE, {@code flowTable} SHARDED_LOCKED (the way the reference is built), {@code update}
 * FULL (a checksum recomputed from scratch, what an incremental update saves against), and {@code build}
 * REFERENCE (the pipeline built the way the reference is, which ours is measured against). A question without
 * any of these compares against the first value of its first parameter that varies.
 */
public final class Baselines
{
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static
    {
        KNOWN.put("natValidation", "LATE");
        KNOWN.put("flowAccess", "MULTI_LOCK");
        KNOWN.put("lookup", "REFERENCE");
        KNOWN.put("flowTable", "SHARDED_LOCKED");
        KNOWN.put("update", "FULL");
        KNOWN.put("build", "REFERENCE");
    }

    private final String override;

    /**
     * Creates the baselines.
     *
     * @param override a value chosen with {@code --baseline}, or null: it becomes the baseline of whichever
     *     parameter has that value.
     */
    public Baselines(final String override)
    {
        this.override = override;
    }

    /**
     * The axes of a set of results (of one question) and the baseline value of each.
     *
     * @param results the results.
     * @return parameter name to baseline value, in the order the columns are shown.
     */
    public Map<String, String> axes(final List<BenchmarkResult> results)
    {
        final Map<String, Set<String>> values = new LinkedHashMap<>();
        for (final BenchmarkResult result : results)
        {
            for (final Map.Entry<String, String> p : result.params().entrySet())
            {
                values.computeIfAbsent(p.getKey(), k -> new LinkedHashSet<>()).add(p.getValue());
            }
        }
        final Map<String, String> axes = new LinkedHashMap<>();
        for (final Map.Entry<String, String> known : KNOWN.entrySet())
        {
            final Set<String> seen = values.get(known.getKey());
            if (seen != null && seen.size() > 1)
            {
                axes.put(known.getKey(), chooseBaseline(seen, known.getValue()));
            }
        }
        for (final Map.Entry<String, Set<String>> p : values.entrySet())
        {
            if (p.getValue().size() > 1 && !axes.containsKey(p.getKey()) &&
                (override != null && p.getValue().contains(override) || axes.isEmpty()))
            {
                axes.put(p.getKey(), chooseBaseline(p.getValue(), new ArrayList<>(p.getValue()).get(0)));
            }
        }
        return axes;
    }

    private String chooseBaseline(final Set<String> seen, final String fallback)
    {
        if (override != null && seen.contains(override))
        {
            return override;
        }
        return seen.contains(fallback) ? fallback : seen.iterator().next();
    }
}
