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
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a packet's time goes: the cpu samples of the benchmark thread grouped by pipeline stage.
 *
 * <p>A sample belongs to the stage of the innermost stage frame on its stack (the frames of profiles/README.md,
 * {@link #FRAMES}); a sample with no stage frame (the JMH loop, the burst restore, the pipeline's own bookkeeping
 * between stages) is {@code harness}. Only samples of JMH's worker threads count ({@link WorkerStacks}): the JVM's
 * compiler and GC threads are not a packet's time.
 */
public final class Stages
{
    /** The file a run folder holds its stage splits in, beside results.json. */
    public static final String FILE = "stages.json";

    /** The stages in pipeline order, then {@code harness}. */
    public static final List<String> NAMES = List.of("parse", "flow lookup", "flow-filter", "ICMP error",
        "port forward", "static NAT", "masquerade", "expirations", "harness");

    /** The frame (class and method) of each stage but the harness, in {@link #NAMES} order. */
    public static final List<String> FRAMES = List.of("dev.flowgate.pipeline.ParseStage.process",
        "dev.flowgate.pipeline.FlowLookupStage.process", "dev.flowgate.filter.FlowFilterStage.process",
        "dev.flowgate.nat.IcmpErrorStage.process", "dev.flowgate.nat.PortForwardStage.process",
        "dev.flowgate.nat.StaticNatStage.process", "dev.flowgate.nat.MasqueradeStage.process",
        "dev.flowgate.flow.FlowTimerWheel.expire");

    /** Index of the harness in {@link #NAMES}. */
    public static final int HARNESS = NAMES.size() - 1;


    /**
     * The stage split of one benchmark at one parameter combination.
     *
     * @param benchmark the full benchmark name.
     * @param params its parameters, one value each.
     * @param event the profiler's event ({@code cpu} or {@code itimer}).
     * @param counts samples of the benchmark thread per stage, in {@link #NAMES} order.
     * @param nsPerPacket ns/packet measured in the profiled run itself (NaN when unknown).
     */
    public record Breakdown(String benchmark, Map<String, String> params, String event, long[] counts,
        double nsPerPacket)
    {
        /**
         * All samples of the benchmark thread.
         *
         * @return the sum of the counts.
         */
        public long samples()
        {
            long sum = 0;
            for (final long c : counts)
            {
                sum += c;
            }
            return sum;
        }

        /**
         * A stage's share of the benchmark thread's samples.
         *
         * @param stage index in {@link #NAMES}.
         * @return 0 to 1 (0 when there are no samples).
         */
        public double share(final int stage)
        {
            final long samples = samples();
            return samples == 0 ? 0 : (double) counts[stage] / samples;
        }
    }

    private Stages()
    {
    }

    /**
     * The stage of a stack: its innermost stage frame, or the harness.
     *
     * @param frames {@code package.Class.method} of each frame, innermost (top of stack) first.
     * @return the index in {@link #NAMES}.
     */
    public static int stageOf(final List<String> frames)
    {
        for (final String frame : frames)
        {
            final int stage = FRAMES.indexOf(frame);
            if (stage >= 0)
            {
                return stage;
            }
        }
        return HARNESS;
    }

    /**
     * Counts the cpu samples of a recording's benchmark threads per stage.
     *
     * @param jfr async-profiler's JFR recording.
     * @return the samples per stage, in {@link #NAMES} order.
     * @throws IOException when the file cannot be read or is not a JFR recording.
     */
    public static long[] count(final Path jfr) throws IOException
    {
        final long[] counts = new long[NAMES.size()];
        WorkerStacks.forEach(jfr, frames -> counts[stageOf(frames)]++);
        return counts;
    }

    /**
     * The table of a breakdown: stage, samples, share and ns/packet (share times the given total).
     *
     * @param breakdown the breakdown.
     * @param nsPerPacket the total ns/packet to split.
     * @return the table, one row per stage and a total row.
     */
    public static Table table(final Breakdown breakdown, final double nsPerPacket)
    {
        final Table table = new Table(List.of("stage", "samples", "share %", "ns/packet"));
        for (int s = 0; s < NAMES.size(); s++)
        {
            table.add(List.of(NAMES.get(s), Long.toString(breakdown.counts()[s]),
                String.format(Locale.ROOT, "%.1f", 100 * breakdown.share(s)),
                ReportWriter.format(breakdown.share(s) * nsPerPacket, 1)));
        }
        table.add(List.of("total", Long.toString(breakdown.samples()), "100.0", ReportWriter.format(nsPerPacket, 1)));
        return table;
    }

    /**
     * A breakdown as JSON.
     *
     * @param breakdown the breakdown.
     * @return the object: benchmark, params, event, samples, nsPerPacket, and per stage its samples, share and
     *         ns/packet.
     */
    public static ObjectNode json(final Breakdown breakdown)
    {
        final ObjectNode node = JmhJson.mapper().createObjectNode();
        node.put("benchmark", breakdown.benchmark());
        final ObjectNode params = node.putObject("params");
        breakdown.params().forEach(params::put);
        node.put("event", breakdown.event());
        node.put("samples", breakdown.samples());
        putNumber(node, "nsPerPacket", breakdown.nsPerPacket());
        final ArrayNode stages = node.putArray("stages");
        for (int s = 0; s < NAMES.size(); s++)
        {
            final ObjectNode stage = stages.addObject();
            stage.put("stage", NAMES.get(s));
            stage.put("samples", breakdown.counts()[s]);
            stage.put("share", breakdown.share(s));
            putNumber(stage, "nsPerPacket", breakdown.share(s) * breakdown.nsPerPacket());
        }
        return node;
    }

    private static void putNumber(final ObjectNode node, final String field, final double value)
    {
        if (Double.isFinite(value))
        {
            node.put(field, value);
        }
        else
        {
            node.putNull(field);
        }
    }

    /**
     * Writes a run's stage splits as {@value #FILE}.
     *
     * @param breakdowns the profiles.
     * @param dir the run folder.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final List<Breakdown> breakdowns, final Path dir) throws IOException
    {
        final ObjectNode root = JmhJson.mapper().createObjectNode();
        final ArrayNode list = root.putArray("profiles");
        breakdowns.forEach(b -> list.add(json(b)));
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), root);
    }

    /**
     * Reads a run's stage splits.
     *
     * @param dir the run folder.
     * @return the profiles, empty when the folder has no {@value #FILE}.
     * @throws ReportException when the file is not in the expected form.
     */
    public static List<Breakdown> read(final Path dir)
    {
        final Path file = dir.resolve(FILE);
        final JsonNode profiles = Files.isRegularFile(file) ? profiles(file) : JmhJson.mapper().createArrayNode();
        final List<Breakdown> out = new ArrayList<>();
        for (final JsonNode p : profiles)
        {
            out.add(breakdown(file, out.size(), p));
        }
        return Collections.unmodifiableList(out);
    }

    private static JsonNode profiles(final Path file)
    {
        final JsonNode profiles;
        try
        {
            profiles = JmhJson.mapper().readTree(file.toFile()).path("profiles");
        }
        catch (final IOException ex)
        {
            throw new ReportException(file + ": not valid JSON");
        }
        if (!profiles.isArray())
        {
            throw new ReportException(file + ": expected a JSON object with a \"profiles\" array");
        }
        return profiles;
    }

    private static Breakdown breakdown(final Path file, final int index, final JsonNode p)
    {
        final JsonNode stages = p.get("stages");
        if (p.path("benchmark").asText("").isEmpty() || stages == null || !stages.isArray())
        {
            throw new ReportException(file + ": profile " + index + " has no benchmark or no stages");
        }
        final long[] counts = new long[NAMES.size()];
        for (final JsonNode stage : stages)
        {
            final int s = NAMES.indexOf(stage.path("stage").asText(""));
            if (s < 0 || !stage.path("samples").canConvertToLong() || stage.path("samples").asLong() < 0)
            {
                throw new ReportException(file + ": profile " + index + ": unknown stage '" +
                    stage.path("stage").asText("") + "' or no sample count");
            }
            counts[s] = stage.path("samples").asLong();
        }
        final Map<String, String> params = new LinkedHashMap<>();
        p.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        final JsonNode ns = p.get("nsPerPacket");
        return new Breakdown(p.get("benchmark").asText(), Collections.unmodifiableMap(params),
            p.path("event").asText("cpu"), counts, ns != null && ns.isNumber() ? ns.asDouble() : Double.NaN);
    }
}
