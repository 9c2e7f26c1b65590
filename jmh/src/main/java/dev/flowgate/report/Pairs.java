// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The paired results of a run ({@code pairs.json} in its folder, written by the paired runs): both sides of each
 * ratio measured in one JVM per fork, which cancels the host's noise that separate forks carry.
 */
public final class Pairs
{
    /** The file a run folder holds its paired results in. */
    public static final String FILE = "pairs.json";

    /** Group of the EARLY vs LATE pairs. */
    public static final String EARLY_LATE = "early-late";
    /** Group of the flow-access mode vs MULTI_LOCK pairs. */
    public static final String FLOW_ACCESS = "flow-access";
    /** Group of ours vs the reference's build. */
    public static final String REFERENCE = "reference";

    /**
     * One paired ratio.
     *
     * @param benchmark the benchmark.
     * @param params the parameters both sides share.
     * @param a side A's parameters.
     * @param b side B's parameters.
     * @param forks forks.
     * @param pairsPerFork alternated rounds per fork.
     * @param ratio throughput A/B with its 95% interval.
     * @param pValue the p-value of ratio 1.
     * @param verdict the verdict.
     * @param aNsPerOp side A's ns/op.
     * @param bNsPerOp side B's ns/op.
     * @param group {@link #EARLY_LATE}, {@link #FLOW_ACCESS} or {@link #REFERENCE}.
     * @param aa whether both sides are the same variant (the noise floor).
     * @param label a short label naming what varies, e.g. {@code mix=established}.
     * @param paramsA every parameter of side A (params and a together when the file does not list them).
     * @param paramsB every parameter of side B.
     * @param error why the pair failed (its forks did not finish), empty when it did not.
     */
    public record Pair(String benchmark, Map<String, String> params, Map<String, String> a, Map<String, String> b,
        int forks, int pairsPerFork, Interval ratio, double pValue, String verdict, double aNsPerOp,
        double bNsPerOp, String group, boolean aa, String label, Map<String, String> paramsA,
        Map<String, String> paramsB, String error)
    {
        /**
         * Whether the pair failed: no ratio, an error instead.
         *
         * @return true when it failed.
         */
        public boolean failed()
        {
            return !error.isEmpty();
        }
    }

    private Pairs()
    {
    }

    /**
     * Reads the paired results next to a results file.
     *
     * @param dir the run folder.
     * @return the pairs, empty when the folder has no {@value #FILE}.
     * @throws ReportException when the file is not in the expected form.
     */
    public static List<Pair> read(final Path dir)
    {
        final Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file))
        {
            return List.of();
        }
        final JsonNode root;
        try
        {
            root = JmhJson.mapper().readTree(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new ReportException(file + ": not valid JSON");
        }
        final JsonNode pairs = root == null ? null : root.get("pairs");
        if (pairs == null || !pairs.isArray())
        {
            throw new ReportException(file + ": expected an object with a \"pairs\" array");
        }
        final List<Pair> out = new ArrayList<>();
        int index = 0;
        for (final JsonNode p : pairs)
        {
            final String benchmark = p.path("benchmark").asText("");
            final boolean failed = p.path("failed").asBoolean(false);
            if (benchmark.isEmpty() || !failed && !p.hasNonNull("ratio"))
            {
                throw new ReportException(file + ": pair " + index + " has no benchmark or no ratio");
            }
            final Map<String, String> params = map(p.get("params"));
            out.add(new Pair(benchmark, params, map(p.get("a")), map(p.get("b")),
                p.path("forks").asInt(0), p.path("pairsPerFork").asInt(0),
                new Interval(number(p, "ratio"), number(p, "ratioLow"), number(p, "ratioHigh"),
                    p.path("forks").asInt(0) < Statistics.MIN_FORKS_FOR_INTERVAL),
                number(p, "pValue"), p.path("verdict").asText(failed ? "failed" : ""), number(p, "aNsPerOp"),
                number(p, "bNsPerOp"), p.path("group").asText(""), p.path("aa").asBoolean(false),
                p.path("label").asText(""), side(p, "paramsA", params, "a"), side(p, "paramsB", params, "b"),
                failed ? p.path("error").asText("failed") : ""));
            index++;
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The pairs of one group, in file order.
     *
     * @param pairs all pairs.
     * @param group the group.
     * @return its pairs.
     */
    public static List<Pair> group(final List<Pair> pairs, final String group)
    {
        return pairs.stream().filter(p -> p.group().equals(group)).toList();
    }

    private static Map<String, String> side(final JsonNode pair, final String field, final Map<String, String> params,
        final String own)
    {
        if (pair.has(field))
        {
            return map(pair.get(field));
        }
        final Map<String, String> all = new LinkedHashMap<>(params);
        all.putAll(map(pair.get(own)));
        return Collections.unmodifiableMap(all);
    }

    private static double number(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static Map<String, String> map(final JsonNode node)
    {
        final Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject())
        {
            node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return Collections.unmodifiableMap(map);
    }
}
