// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a {@link Report} as {@code report.md}, {@code report.html} and SVG charts, and renders its headline
 * table for the terminal.
 *
 * <p>The page reads top down: the two answers (from paired results, each one sentence, a forest plot and the A/A
 * noise row), the environment, one section per question, and the flame graphs the run left in its folder. A run
 * without paired results says so first and shows its separate-fork ratios as such, not as answers.
 */
public final class ReportWriter
{
    private static final String[][] ANSWERS = Answers.GROUPS;

    private static final String NO_PAIRS = "No paired results in this run (no " + Pairs.FILE + "): it answers " +
        "neither question. The ratios below come from separate JMH forks and carry the host's noise; pair them " +
        "(flowgate pair) before quoting them.";

    private ReportWriter()
    {
    }

    /**
     * Writes report.md, report.html and the charts into a folder, with the paired results found in that folder.
     *
     * @param report the report.
     * @param environment the contents of environment.json, or null when unknown.
     * @param dir the folder (created when missing).
     * @throws IOException when a file cannot be written.
     */
    public static void write(final Report report, final JsonNode environment, final Path dir) throws IOException
    {
        write(report, environment, Pairs.read(dir), dir);
    }

    /**
     * Writes report.md, report.html and the charts into a folder.
     *
     * @param report the report.
     * @param environment the contents of environment.json, or null when unknown.
     * @param pairs the run's paired results (empty when it has none).
     * @param dir the folder (created when missing).
     * @throws IOException when a file cannot be written.
     */
    public static void write(final Report report, final JsonNode environment, final List<Pairs.Pair> pairs,
        final Path dir) throws IOException
    {
        write(report, environment, pairs, Stages.read(dir), dir);
    }

    /**
     * Writes report.md, report.html and the charts into a folder.
     *
     * @param report the report.
     * @param environment the contents of environment.json, or null when unknown.
     * @param pairs the run's paired results (empty when it has none).
     * @param stages the run's stage splits (empty when it has none).
     * @param dir the folder (created when missing).
     * @throws IOException when a file cannot be written.
     */
    public static void write(final Report report, final JsonNode environment, final List<Pairs.Pair> pairs,
        final List<Stages.Breakdown> stages, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final Doc doc = new Doc("flowgate benchmark report");
        final String origin = origin(environment);
        if (!origin.isEmpty())
        {
            doc.para(origin);
        }
        if (pairs.isEmpty())
        {
            doc.notice(NO_PAIRS);
        }
        else
        {
            answers(doc, pairs, dir);
        }
        environment(doc, report, environment);
        if (pairs.isEmpty() && !report.headline().isEmpty())
        {
            unpaired(doc, report, dir);
        }
        stages(doc, report, stages, dir);
        doc.heading(2, "Questions");
        for (final Report.Section section : report.sections())
        {
            section(doc, report, section, dir);
        }
        final List<String> flames = flameGraphs(dir);
        if (!flames.isEmpty())
        {
            doc.heading(2, "Flame graphs").links(flames);
        }
        doc.para(FOOTNOTE);
        Files.writeString(dir.resolve("report.md"), doc.markdown());
        Files.writeString(dir.resolve("report.html"), doc.html());
    }

    /**
     * The headline for the terminal: both tables, the load-latency unit and the allocation gate.
     *
     * @param report the report.
     * @return the text.
     */
    public static String text(final Report report)
    {
        final StringBuilder out = new StringBuilder();
        for (final String axis : List.of("natValidation", "flowAccess"))
        {
            final List<Report.HeadlineRow> rows = headlineRows(report, axis);
            out.append(headlineTitle(axis)).append('\n');
            out.append(rows.isEmpty() ? "  (no results with a '" + axis + "' parameter in this run)\n" :
                headlineTable(report, axis, rows).text());
            out.append('\n');
        }
        out.append("Load-latency unit: ").append(loadLine(report)).append('\n');
        out.append("Allocation gate: ").append(gateLine(report)).append('\n');
        for (final BenchmarkResult violation : report.gateViolations())
        {
            out.append("  ").append(violation.benchmark()).append(' ').append(violation.paramText())
                .append(": ").append(format(violation.allocPerOp(), 2)).append(" B/op\n");
        }
        return out.toString();
    }

    /**
     * The headline for the terminal: with paired results, their answers with JMH's absolute figures beside them
     * (no separate-fork ratio), then the load-latency unit and the allocation gate; without, {@link #text(Report)}.
     *
     * @param report the report.
     * @param pairs the run's paired results.
     * @return the text.
     */
    public static String text(final Report report, final List<Pairs.Pair> pairs)
    {
        if (pairs.isEmpty())
        {
            return text(report);
        }
        final String all = text(report);
        return Answers.text(report, pairs) + all.substring(all.indexOf("Load-latency unit: "));
    }

    /**
     * The one-sentence answer of a group of paired ratios: its range, how many are faster, slower or the same by the
     * verdict column's rule, how many intervals exclude 1, and the A/A row.
     *
     * @param what what the ratio is, e.g. {@code EARLY/LATE}.
     * @param pairs the group's pairs, A/A rows included.
     * @return the sentence.
     */
    public static String answer(final String what, final List<Pairs.Pair> pairs)
    {
        final List<Pairs.Pair> real = pairs.stream().filter(p -> !p.aa() && !p.failed()).toList();
        final StringBuilder out = new StringBuilder(what).append(", paired: ");
        if (real.isEmpty())
        {
            out.append("no pairs beyond A/A");
        }
        else
        {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int faster = 0;
            int slower = 0;
            int excluding = 0;
            for (final Pairs.Pair p : real)
            {
                lo = Math.min(lo, p.ratio().ratio());
                hi = Math.max(hi, p.ratio().ratio());
                faster += "faster".equals(p.verdict()) ? 1 : 0;
                slower += "slower".equals(p.verdict()) ? 1 : 0;
                excluding += p.ratio().hasBounds() && (p.ratio().low() > 1.0 || p.ratio().high() < 1.0) ? 1 : 0;
            }
            // The counts follow the verdict column (interval excluding 1 and a change of at least the threshold),
            // so the sentence and the table agree; an interval can exclude 1 by less than the threshold.
            out.append(real.size() == 1 ? String.format(Locale.ROOT, "%s (%s)", real.get(0).ratio().text(),
                real.get(0).label()) : String.format(Locale.ROOT, "%.3f to %.3f over %d cases", lo, hi, real.size()))
                .append(String.format(Locale.ROOT, "; %d faster, %d slower, %d same by the verdict's rule",
                    faster, slower, real.size() - faster - slower))
                .append(String.format(Locale.ROOT, "; %d of %d 95%% intervals exclude 1", excluding, real.size()));
        }
        final long failed = pairs.stream().filter(Pairs.Pair::failed).count();
        if (failed > 0)
        {
            out.append("; ").append(failed).append(" failed");
        }
        pairs.stream().filter(p -> p.aa() && !p.failed()).findFirst().ifPresentOrElse(
            aa -> out.append("; A/A noise row ").append(aa.ratio().text()).append('.'),
            () -> out.append("; no A/A row, so the noise floor of this run is unknown."));
        return out.toString();
    }

    private static void answers(final Doc doc, final List<Pairs.Pair> pairs, final Path dir) throws IOException
    {
        doc.heading(2, "The answers (paired runs)");
        for (final String[] answer : ANSWERS)
        {
            final List<Pairs.Pair> group = Pairs.group(pairs, answer[0]);
            if (group.isEmpty())
            {
                if (!Pairs.REFERENCE.equals(answer[0]))
                {
                    doc.heading(3, answer[1]).para("Not answered: " + Pairs.FILE + " has no '" + answer[0] +
                        "' pairs.");
                }
                continue;
            }
            final String chart = "answer-" + answer[0] + ".svg";
            final List<String> labels = pairLabels(group);
            final List<Charts.ForestRow> rows = new ArrayList<>();
            final Table table = new Table(List.of("pair", "ratio " + answer[2] + " [95% CI]", "p", "verdict",
                "forks x pairs", "ns/op A", "ns/op B"));
            for (int i = 0; i < group.size(); i++)
            {
                final Pairs.Pair p = group.get(i);
                if (p.failed())
                {
                    table.add(List.of(labels.get(i), "FAILED: " + p.error(), "-", "failed", "-", "-", "-"));
                    continue;
                }
                rows.add(new Charts.ForestRow(labels.get(i), p.ratio(), p.aa()));
                table.add(List.of((p.aa() ? "A/A " : "") + labels.get(i), p.ratio().text(),
                    String.format(Locale.ROOT, "%.3g", p.pValue()), p.verdict(), p.forks() + " x " + p.pairsPerFork(),
                    format(p.aNsPerOp(), 2), format(p.bNsPerOp(), 2)));
            }
            doc.heading(3, answer[1]).para(answer(answer[2], group));
            if (!rows.isEmpty())
            {
                Charts.forest(dir.resolve(chart), answer[1] + ": throughput ratio " + answer[2] + ", paired, 95% CI",
                    "throughput ratio " + answer[2] + " (log scale; 1 = no difference)", rows);
                doc.image(chart, answer[1]);
            }
            doc.table(table);
            final String fixed = pairFixed(group);
            if (!fixed.isEmpty())
            {
                doc.para("Every pair: " + fixed + ".");
            }
        }
    }

    private static List<String> pairLabels(final List<Pairs.Pair> group)
    {
        final List<Map<String, String>> dims = new ArrayList<>();
        for (final Pairs.Pair p : group)
        {
            dims.add(pairDimensions(p));
        }
        final List<String> computed = Labels.of(dims);
        final List<String> labels = new ArrayList<>();
        for (int i = 0; i < group.size(); i++)
        {
            labels.add(group.get(i).label().isEmpty() ? computed.get(i) : group.get(i).label());
        }
        return labels;
    }

    private static String pairFixed(final List<Pairs.Pair> group)
    {
        final List<Map<String, String>> dims = new ArrayList<>();
        group.forEach(p -> dims.add(pairDimensions(p)));
        final String benchmarks = group.stream().map(p -> simpleName(p.benchmark())).distinct().count() == 1 ?
            simpleName(group.get(0).benchmark()) + " " : "";
        return (benchmarks + Labels.fixed(dims)).trim();
    }

    /** What a pair measures and its side A; not side B, in which an A/A row differs from its A/B twin. */
    private static Map<String, String> pairDimensions(final Pairs.Pair p)
    {
        final Map<String, String> dims = new LinkedHashMap<>();
        dims.put(Labels.BENCHMARK, simpleName(p.benchmark()));
        dims.putAll(p.params());
        dims.putAll(p.a());
        return dims;
    }

    private static void environment(final Doc doc, final Report report, final JsonNode environment)
    {
        doc.heading(2, "Environment");
        final Table table = new Table(List.of("what", "value"));
        if (environment == null || !environment.isObject())
        {
            table.add(List.of("environment.json", "not available"));
        }
        else
        {
            row(table, "JDK (forks)", environment, "forkJdk", "jdk");
            row(table, "GC", environment, "gc");
            final String before = environment.path("cacheProbeNsPerLoadBefore").asText("");
            final String after = environment.path("cacheProbeNsPerLoadAfter").asText("");
            table.add(List.of("cache probe (ns per dependent load), before / after",
                before.isEmpty() && after.isEmpty() ? "not recorded (run predates the probe)" :
                    (before.isEmpty() ? "-" : before) + " / " + (after.isEmpty() ? "-" : after) + " over " +
                    environment.path("cacheProbeMiB").asText("?") + " MiB"));
            row(table, "CPU", environment, "cpuModel");
            row(table, "cores", environment, "cores");
            row(table, "memory MiB", environment, "memoryMiB");
            row(table, "OS", environment, "os");
            row(table, "commit", environment, "commit");
            row(table, "profile", environment, "profile");
            row(table, "command line", environment, "commandLine");
            final JsonNode flags = environment.get("jvmFlags");
            if (flags != null && flags.isArray())
            {
                final List<String> items = new ArrayList<>();
                flags.forEach(v -> items.add(v.asText()));
                table.add(List.of("JVM flags", String.join(" ", items.stream()
                    .filter(f -> !f.startsWith("--add-")).toList()) + " (+ --add-opens/--add-exports)"));
            }
        }
        table.add(List.of("dependent-load unit", loadLine(report)));
        table.add(List.of("allocation gate", gateLine(report)));
        doc.table(table);
        if (!report.gateViolations().isEmpty())
        {
            final Table gate = new Table(List.of("benchmark", "parameters", "B/op"));
            for (final BenchmarkResult r : report.gateViolations())
            {
                gate.add(List.of(r.benchmark(), r.paramText(), format(r.allocPerOp(), 3)));
            }
            doc.table(gate);
        }
    }

    private static void row(final Table table, final String what, final JsonNode environment,
        final String... fields)
    {
        for (final String field : fields)
        {
            final JsonNode value = environment.get(field);
            if (value != null && !value.isNull() && !value.asText().isEmpty())
            {
                table.add(List.of(what, value.asText()));
                return;
            }
        }
    }

    private static void unpaired(final Doc doc, final Report report, final Path dir) throws IOException
    {
        doc.heading(2, "Unpaired ratios (separate forks, not answers)");
        for (final String axis : List.of("natValidation", "flowAccess"))
        {
            final Map<String, List<Report.HeadlineRow>> byBenchmark = new LinkedHashMap<>();
            for (final Report.HeadlineRow row : headlineRows(report, axis))
            {
                byBenchmark.computeIfAbsent(row.variant().simpleClassName() + "." + row.variant().method(),
                    k -> new ArrayList<>()).add(row);
            }
            if (byBenchmark.isEmpty())
            {
                continue;
            }
            doc.heading(3, headlineTitle(axis));
            for (final Map.Entry<String, List<Report.HeadlineRow>> e : byBenchmark.entrySet())
            {
                final List<Map<String, String>> dims = new ArrayList<>();
                e.getValue().forEach(r -> dims.add(Labels.dimensions(r.variant(), null)));
                final List<String> labels = Labels.of(dims);
                final List<Charts.ForestRow> rows = new ArrayList<>();
                for (int i = 0; i < labels.size(); i++)
                {
                    rows.add(new Charts.ForestRow(labels.get(i), e.getValue().get(i).ratio(), false));
                }
                final String chart = "headline-" + axis + "-" + e.getKey() + ".svg";
                Charts.forest(dir.resolve(chart), e.getKey() + ": " + ratioName(axis) + ", separate forks, 95% CI",
                    ratioName(axis) + " (log scale; 1 = no difference)", rows);
                doc.heading(4, e.getKey()).image(chart, e.getKey() + " " + ratioName(axis))
                    .table(headlineTable(report, axis, e.getValue()));
                final String fixed = Labels.fixed(dims);
                if (!fixed.isEmpty())
                {
                    doc.para("Every row: " + fixed + ".");
                }
            }
        }
    }

    /**
     * Where a packet's time goes: per profiled mix, its measured ns/packet split by the stage shares of its profiled
     * fork, as stacked bars and a table.
     */
    private static void stages(final Doc doc, final Report report, final List<Stages.Breakdown> stages,
        final Path dir) throws IOException
    {
        doc.heading(2, "Where a packet's time goes");
        if (stages.isEmpty())
        {
            doc.para("No stage split in this run (no " + Stages.FILE + "): `flowgate run --stages` adds one " +
                "profiler fork per headline mix and splits its ns/packet by pipeline stage.");
            return;
        }
        final List<Map<String, String>> dims = new ArrayList<>();
        final double[] totals = new double[stages.size()];
        for (int i = 0; i < stages.size(); i++)
        {
            final Stages.Breakdown b = stages.get(i);
            final Map<String, String> d = new LinkedHashMap<>();
            d.put(Labels.BENCHMARK, simpleName(b.benchmark().substring(0, b.benchmark().lastIndexOf('.'))) + "." +
                simpleName(b.benchmark()));
            d.putAll(Labels.relevant(b.params()));
            dims.add(d);
            totals[i] = report.results().stream().filter(r -> r.benchmark().equals(b.benchmark()) &&
                r.params().equals(b.params()) && r.threads() == 1).mapToDouble(BenchmarkResult::nsPerPacket)
                .findFirst().orElse(Double.NaN);
        }
        final List<String> labels = Labels.of(dims);
        final List<String> varying = Labels.shown(dims);
        final List<String> headers = new ArrayList<>(varying.isEmpty() ? List.of("profile") : varying);
        headers.add("ns/packet");
        headers.addAll(Stages.NAMES);
        headers.add("samples");
        final Table table = new Table(headers);
        final List<Charts.StackedBar> bars = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++)
        {
            final Stages.Breakdown b = stages.get(i);
            final double[] values = new double[Stages.NAMES.size()];
            final List<String> cells = varying.isEmpty() ? new ArrayList<>(List.of(labels.get(i))) :
                Labels.cells(dims.get(i), varying);
            cells.add(Double.isNaN(totals[i]) ? "no measured result" : format(totals[i], 1));
            for (int s = 0; s < values.length; s++)
            {
                values[s] = b.share(s) * totals[i];
                cells.add(Double.isNaN(totals[i]) ? String.format(Locale.ROOT, "%.1f%%", 100 * b.share(s)) :
                    format(values[s], 1));
            }
            cells.add(Long.toString(b.samples()));
            table.add(cells);
            if (!Double.isNaN(totals[i]))
            {
                bars.add(new Charts.StackedBar(labels.get(i), values));
            }
        }
        doc.para("Each row's ns/packet is the mean of JMH's measured forks, split by the shares of the cpu samples " +
            "of the benchmark thread in a separate profiler fork of the same parameters (async-profiler, event " +
            stages.get(0).event() + ", -XX:+DebugNonSafepoints). A sample goes to the innermost stage frame on its " +
            "stack (profiles/README.md); harness is the rest: JMH's loop, the burst restore, the pipeline between " +
            "stages.");
        if (!bars.isEmpty())
        {
            Files.writeString(dir.resolve("stages.svg"), Charts.stackedBars("Where a packet's time goes: ns/packet " +
                "per pipeline stage", "ns/packet (measured forks' mean, split by the profiler fork's stage shares)",
                Stages.NAMES, bars));
            doc.image("stages.svg", "ns/packet per pipeline stage");
        }
        doc.table(table);
        final String fixed = Labels.fixed(dims);
        if (!fixed.isEmpty())
        {
            doc.para("Every row: " + fixed + ".");
        }
    }

    private static void section(final Doc doc, final Report report, final Report.Section section, final Path dir)
        throws IOException
    {
        final String name = simpleName(section.className());
        doc.heading(3, name);
        if (!section.question().isEmpty())
        {
            doc.quote(section.question());
        }
        final List<Map<String, String>> dims = new ArrayList<>();
        section.rows().forEach(r -> dims.add(Labels.dimensions(r.result(), null)));
        final String fixed = Labels.fixed(dims);
        doc.para("`" + section.className() + "`" + (fixed.isEmpty() ? "" : "; every row: " + fixed + "."));
        doc.table(sectionTable(report, section, dims));
        final String bars = "chart-" + name + ".svg";
        barChart(section, dir.resolve(bars));
        doc.image(bars, name + " per variant");
        for (final Map.Entry<String, String> axis : section.axes().entrySet())
        {
            final List<Report.Row> rows = section.rows().stream()
                .filter(r -> r.ratios().containsKey(axis.getKey()) &&
                    !axis.getValue().equals(r.result().params().get(axis.getKey())))
                .toList();
            if (rows.isEmpty())
            {
                continue;
            }
            final List<Map<String, String>> rowDims = new ArrayList<>();
            rows.forEach(r -> rowDims.add(Labels.dimensions(r.result(), null)));
            final List<String> labels = Labels.of(rowDims);
            final List<Charts.ForestRow> forest = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++)
            {
                forest.add(new Charts.ForestRow(labels.get(i), rows.get(i).ratios().get(axis.getKey()), false));
            }
            final String chart = "ratio-" + name + "-" + axis.getKey() + ".svg";
            Charts.forest(dir.resolve(chart), name + ": throughput ratio to " + axis.getValue() +
                ", separate forks, 95% CI", "throughput ratio to " + axis.getValue() + " (log scale)", forest);
            doc.image(chart, name + " ratio to " + axis.getValue());
        }
    }

    private static void barChart(final Report.Section section, final Path file) throws IOException
    {
        final String axis = section.axes().isEmpty() ? null : section.axes().keySet().iterator().next();
        final boolean convertible = section.rows().stream().allMatch(r -> r.result().convertible());
        final String unit = convertible ? "Mpps" : section.rows().get(0).result().primary().unit();
        final List<Report.Row> rows = section.rows().stream()
            .filter(r -> convertible || r.result().primary().unit().equals(unit)).toList();
        final List<Map<String, String>> dims = new ArrayList<>();
        rows.forEach(r -> dims.add(Labels.dimensions(r.result(), axis)));
        final List<String> labels = Labels.of(dims);
        final Set<String> series = new LinkedHashSet<>();
        final Map<String, List<Charts.Bar>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++)
        {
            final BenchmarkResult r = rows.get(i).result();
            final String name = axis == null ? unit : r.params().getOrDefault(axis, "-");
            series.add(name);
            final double value = convertible ? r.mpps() : r.primary().score();
            final double error = value * r.primary().scoreError() / r.primary().score();
            groups.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(new Charts.Bar(name, value, error));
        }
        final List<Charts.BarGroup> barGroups = new ArrayList<>();
        groups.forEach((label, bars) -> barGroups.add(new Charts.BarGroup(label, bars)));
        Charts.groupedBars(file, simpleName(section.className()) + (axis == null ? "" : " by " + axis) +
            ", score with JMH's 99.9% error", unit + (convertible ? " (packets or operations per µs)" : ""),
            new ArrayList<>(series), barGroups);
    }

    private static final String FOOTNOTE = "Throughput is packets/s (burst benchmarks declare " +
        "@OperationsPerInvocation(BURST)); B/packet is gc.alloc.rate.norm. B/flow is the heap the flow table " +
        "retains per entry after set-up (its slots at their load factor, flows, keys, NAT state); working set MiB " +
        "is the entries one pass over the packet pool touches, times B/flow. Ratios are throughput ratios (above 1: " +
        "faster than the baseline). Unpaired ratios are of the means of the per-iteration samples of separate " +
        "forks, with a seeded percentile bootstrap (" + Statistics.RESAMPLES + " resamples) that draws forks, then " +
        "iterations within them; forks = variant/baseline forks (with one fork a side the interval sees only the " +
        "variation within a JVM). Paired ratios come from " + Pairs.FILE + ": both sides in one JVM per fork. " +
        "Bars show JMH's score and its 99.9% error.";

    private static String headlineTitle(final String axis)
    {
        return "natValidation".equals(axis) ? "EARLY vs LATE: throughput ratio EARLY/LATE, 95% CI" :
            "flowAccess vs MULTI_LOCK: throughput ratio MODE/MULTI_LOCK, 95% CI";
    }

    private static String ratioName(final String axis)
    {
        return "natValidation".equals(axis) ? "throughput ratio EARLY/LATE" : "throughput ratio mode/MULTI_LOCK";
    }

    private static List<Report.HeadlineRow> headlineRows(final Report report, final String axis)
    {
        return report.headline().stream().filter(r -> r.axis().equals(axis)).toList();
    }

    private static Table headlineTable(final Report report, final String axis, final List<Report.HeadlineRow> rows)
    {
        final List<Map<String, String>> dims = new ArrayList<>();
        rows.forEach(r -> dims.add(Labels.dimensions(r.variant(), null)));
        final List<String> varying = new ArrayList<>(Labels.varying(dims));
        final List<String> headers = new ArrayList<>(varying);
        headers.addAll(List.of("Mpps", "baseline Mpps", "ratio [95% CI]", "forks", "ns/packet", "loads/packet",
            "B/packet"));
        final Table table = new Table(headers);
        for (int i = 0; i < rows.size(); i++)
        {
            final Report.HeadlineRow row = rows.get(i);
            final BenchmarkResult v = row.variant();
            final List<String> cells = Labels.cells(dims.get(i), varying);
            cells.addAll(List.of(format(v.mpps(), 3), format(row.baseline().mpps(), 3), row.ratio().text(),
                v.primary().forks().size() + "/" + row.baseline().primary().forks().size(),
                format(v.nsPerPacket(), 2), format(report.loads(v), 2), format(v.allocPerOp(), 2)));
            table.add(cells);
        }
        return table;
    }

    private static Table sectionTable(final Report report, final Report.Section section,
        final List<Map<String, String>> dims)
    {
        final List<String> varying = new ArrayList<>(Labels.varying(dims));
        final List<String> headers = new ArrayList<>(varying);
        headers.addAll(List.of("score", "Mpps", "ns/packet", "loads/packet", "B/packet"));
        // Table benchmarks report what an entry costs in heap and how much of it a pass touches (issue #13).
        final boolean memory = section.rows().stream()
            .anyMatch(r -> !Double.isNaN(r.result().secondaryScore(BenchmarkResult.BYTES_PER_FLOW)));
        if (memory)
        {
            headers.addAll(List.of("B/flow", "working set MiB"));
        }
        for (final Map.Entry<String, String> axis : section.axes().entrySet())
        {
            headers.add("ratio vs " + axis.getValue() + " [95% CI]");
        }
        final Table table = new Table(headers.isEmpty() ? List.of("score") : headers);
        // The section names the class once: its rows show the method alone, so that the table fits the page.
        final int method = varying.indexOf(Labels.BENCHMARK);
        final int classPrefix = Labels.classPrefix(dims);
        for (int i = 0; i < section.rows().size(); i++)
        {
            final Report.Row row = section.rows().get(i);
            final BenchmarkResult r = row.result();
            final List<String> cells = Labels.cells(dims.get(i), varying);
            if (method >= 0)
            {
                cells.set(method, cells.get(method).substring(classPrefix));
            }
            cells.addAll(List.of(String.format(Locale.ROOT, "%.4g ± %.2g %s", r.primary().score(),
                r.primary().scoreError(), r.primary().unit()), format(r.mpps(), 3), format(r.nsPerPacket(), 2),
                format(report.loads(r), 2), format(r.allocPerOp(), 2)));
            if (memory)
            {
                cells.add(format(r.secondaryScore(BenchmarkResult.BYTES_PER_FLOW), 1));
                cells.add(format(r.secondaryScore(BenchmarkResult.WORKING_SET_MIB), 1));
            }
            for (final Map.Entry<String, String> axis : section.axes().entrySet())
            {
                final Interval ratio = row.ratios().get(axis.getKey());
                cells.add(axis.getValue().equals(r.params().get(axis.getKey())) ? "baseline" :
                    ratio == null ? "-" : ratio.text());
            }
            table.add(cells);
        }
        return table;
    }

    private static String origin(final JsonNode environment)
    {
        if (environment == null || !environment.isObject())
        {
            return "";
        }
        final String commit = environment.path("commit").asText("");
        return String.format(Locale.ROOT, "Run of %s%s, profile %s, %s.",
            commit.length() > 10 ? commit.substring(0, 10) : commit.isEmpty() ? "an unknown commit" : commit,
            environment.path("dirty").asBoolean(false) ? " (dirty)" : "", environment.path("profile").asText("?"),
            environment.path("date").asText("date unknown"));
    }

    /**
     * The flame graphs (HTML files other than the report pages) in a run or comparison folder.
     *
     * @param dir the folder.
     * @return their paths relative to the folder, sorted.
     * @throws IOException when the folder cannot be listed.
     */
    static List<String> flameGraphs(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir, 3))
        {
            return files.filter(Files::isRegularFile)
                .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                .filter(f -> f.endsWith(".html") && !f.equals("report.html") && !f.equals("comparison.html"))
                .sorted().toList();
        }
    }

    private static String loadLine(final Report report)
    {
        return report.loadLatency().map(l -> String.format(Locale.ROOT,
            "one dependent random load = %.2f ns (%s %s); loads/packet = ns/packet / %.2f.",
            l.nsPerPacket(), l.simpleClassName() + "." + l.method(), l.paramText(), l.nsPerPacket()))
            .orElse("no dependent-load result of dev.flowgate.bench.limits in this run.");
    }

    private static String gateLine(final Report report)
    {
        if (report.gateViolations().isEmpty())
        {
            return String.format(Locale.ROOT, "passed (%d steady-state results at or below %.2f B/op).",
                report.steadyStateChecked(), Report.ALLOC_GATE_BYTES);
        }
        return String.format(Locale.ROOT, "FAILED, %d of %d steady-state results allocate more than %.2f B/op:",
            report.gateViolations().size(), report.steadyStateChecked(), Report.ALLOC_GATE_BYTES);
    }

    static String simpleName(final String className)
    {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * Formats a number with a fixed number of decimals, or {@code -} for NaN.
     *
     * @param value the number.
     * @param decimals the decimals.
     * @return the text.
     */
    public static String format(final double value, final int decimals)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
