// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Reads JMH's JSON result format ({@code -rf json}) and merges files of single-fork runs.
 */
public final class JmhJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson()
    {
    }

    /**
     * Reads a results file.
     *
     * @param file the JSON file.
     * @return its results in file order.
     * @throws ReportException when the file is missing or is not a JMH results file.
     */
    public static List<BenchmarkResult> read(final Path file)
    {
        return parse(readTree(file), file.toString());
    }

    /**
     * Reads a results file as a JSON tree.
     *
     * @param file the JSON file.
     * @return the top-level array.
     * @throws ReportException when the file is missing or is not a JSON array.
     */
    public static ArrayNode readTree(final Path file)
    {
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(Files.readString(file));
        }
        catch (final NoSuchFileException ex)
        {
            throw new ReportException("no such file: " + file);
        }
        catch (final JsonProcessingException ex)
        {
            throw new ReportException(file + " is not valid JSON: " +
                ex.getOriginalMessage().lines().findFirst().orElse(""));
        }
        catch (final IOException ex)
        {
            throw new ReportException("cannot read " + file + ": " + ex.getMessage());
        }
        if (root == null || !root.isArray())
        {
            throw new ReportException(file + " is not a JMH JSON results file (expected a JSON array)");
        }
        return (ArrayNode) root;
    }

    /**
     * Parses a JMH results array.
     *
     * @param root the top-level array.
     * @param source where it came from, for messages.
     * @return the results.
     * @throws ReportException when an entry lacks the fields JMH writes.
     */
    public static List<BenchmarkResult> parse(final ArrayNode root, final String source)
    {
        final List<BenchmarkResult> results = new ArrayList<>();
        int index = 0;
        for (final JsonNode node : root)
        {
            if (!node.isObject() || !node.path("benchmark").isTextual() || !node.path("primaryMetric").isObject())
            {
                throw new ReportException(source + ": entry " + index +
                    " is not a JMH result (no 'benchmark' or 'primaryMetric')");
            }
            results.add(parseEntry(node));
            index++;
        }
        return results;
    }

    /**
     * Merges results of several runs: entries with the same benchmark, mode, threads and parameters become one
     * whose forks are the forks of all of them, in the order given; score and error are recomputed from the
     * samples (mean and 99.9% Student-t half-width, as JMH does).
     *
     * @param runs the runs' top-level arrays.
     * @return the merged array, entries in first-seen order.
     */
    public static ArrayNode merge(final List<ArrayNode> runs)
    {
        final Map<String, ObjectNode> merged = new LinkedHashMap<>();
        for (final ArrayNode run : runs)
        {
            for (final JsonNode node : run)
            {
                final String key = parseEntry(node).key();
                final ObjectNode existing = merged.get(key);
                if (existing == null)
                {
                    merged.put(key, node.deepCopy());
                }
                else
                {
                    appendForks((ObjectNode) existing.get("primaryMetric"), node.get("primaryMetric"));
                    final JsonNode secondary = node.path("secondaryMetrics");
                    final Iterator<String> names = secondary.fieldNames();
                    while (names.hasNext())
                    {
                        final String name = names.next();
                        final JsonNode target = existing.path("secondaryMetrics").path(name);
                        if (target.isObject())
                        {
                            appendForks((ObjectNode) target, secondary.get(name));
                        }
                    }
                    existing.put("forks", existing.path("forks").asInt(1) + node.path("forks").asInt(1));
                }
            }
        }
        final ArrayNode out = MAPPER.createArrayNode();
        for (final ObjectNode node : merged.values())
        {
            rescore((ObjectNode) node.get("primaryMetric"));
            final Iterator<JsonNode> secondaries = node.path("secondaryMetrics").elements();
            while (secondaries.hasNext())
            {
                final JsonNode metric = secondaries.next();
                if (metric.isObject())
                {
                    rescore((ObjectNode) metric);
                }
            }
            out.add(node);
        }
        return out;
    }

    /**
     * The shared object mapper (pretty printing enabled by the writers).
     *
     * @return the mapper.
     */
    public static ObjectMapper mapper()
    {
        return MAPPER;
    }

    private static void appendForks(final ObjectNode target, final JsonNode source)
    {
        final JsonNode raw = source.path("rawData");
        if (raw.isArray() && target.path("rawData").isArray())
        {
            ((ArrayNode) target.get("rawData")).addAll((ArrayNode) raw);
        }
    }

    private static void rescore(final ObjectNode metric)
    {
        final SummaryStatistics stats = new SummaryStatistics();
        for (final JsonNode fork : metric.path("rawData"))
        {
            for (final JsonNode sample : fork)
            {
                stats.addValue(sample.asDouble());
            }
        }
        if (stats.getN() == 0)
        {
            return;
        }
        metric.put("score", stats.getMean());
        if (stats.getN() > 1)
        {
            final double t = new TDistribution(stats.getN() - 1).inverseCumulativeProbability(0.9995);
            final double error = t * stats.getStandardDeviation() / Math.sqrt(stats.getN());
            metric.put("scoreError", error);
            final ArrayNode confidence = metric.putArray("scoreConfidence");
            confidence.add(stats.getMean() - error);
            confidence.add(stats.getMean() + error);
        }
        else
        {
            metric.put("scoreError", "NaN");
        }
        metric.remove("scorePercentiles");
    }

    private static BenchmarkResult parseEntry(final JsonNode node)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : node.path("params").properties())
        {
            params.put(field.getKey(), field.getValue().asText());
        }
        final Map<String, Metric> secondary = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> metric : node.path("secondaryMetrics").properties())
        {
            secondary.put(metric.getKey(), parseMetric(metric.getValue()));
        }
        final Map<String, String> jvm = new LinkedHashMap<>();
        for (final String field : List.of("jdkVersion", "vmName", "vmVersion", "jvm"))
        {
            if (node.path(field).isTextual())
            {
                jvm.put(field, node.get(field).asText());
            }
        }
        if (node.path("jvmArgs").isArray())
        {
            final List<String> args = new ArrayList<>();
            node.get("jvmArgs").forEach(a -> args.add(a.asText()));
            jvm.put("jvmArgs", String.join(" ", args));
        }
        return new BenchmarkResult(node.get("benchmark").asText(), node.path("mode").asText("thrpt"),
            node.path("threads").asInt(1), Collections.unmodifiableMap(params),
            parseMetric(node.get("primaryMetric")), Collections.unmodifiableMap(secondary),
            Collections.unmodifiableMap(jvm));
    }

    private static Metric parseMetric(final JsonNode node)
    {
        final List<double[]> forks = new ArrayList<>();
        for (final JsonNode fork : node.path("rawData"))
        {
            final double[] samples = new double[fork.size()];
            for (int i = 0; i < samples.length; i++)
            {
                samples[i] = fork.get(i).asDouble();
            }
            forks.add(samples);
        }
        return new Metric(node.path("score").asDouble(Double.NaN), node.path("scoreError").asDouble(Double.NaN),
            node.path("scoreUnit").asText(""), Collections.unmodifiableList(forks));
    }
}
