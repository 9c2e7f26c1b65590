// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a {@link Report} as {@code report.md}, {@code report.html} and SVG charts, and renders its headline
 * table for the terminal.
 */
public final class ReportWriter
{
    private static final String HEADLINE_CHART = "headline.svg";

    private ReportWriter()
    {
    }

    /**
     * Writes report.md, report.html and the charts into a folder.
     *
     * @param report the report.
     * @param environment the contents of environment.json, or null when unknown.
     * @param dir the folder (created when missing).
     * @throws IOException when a file cannot be written.
     */
    public static void write(final Report report, final JsonNode environment, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        if (!report.headline().isEmpty())
        {
            final List<String> labels = new ArrayList<>();
            final List<Interval> ratios = new ArrayList<>();
            for (final Report.HeadlineRow row : report.headline())
            {
                labels.add(row.variant().params().get(row.axis()) + " " + row.variant().simpleClassName() + "." +
                    row.variant().method() + " " + row.variant().paramText(row.axis()));
                ratios.add(row.ratio());
            }
            Charts.ratios(dir.resolve(HEADLINE_CHART), "Headline: throughput ratio to LATE / MULTI_LOCK, 95% CI",
                labels, ratios);
        }
        for (final Report.Section section : report.sections())
        {
            final String file = chartFile(section);
            final List<String> labels = new ArrayList<>();
            final List<Double> values = new ArrayList<>();
            boolean convertible = true;
            for (final Report.Row row : section.rows())
            {
                labels.add(row.result().method() + " " + row.result().paramText());
                convertible &= row.result().convertible();
                values.add(row.result().convertible() ? row.result().mpps() : row.result().primary().score());
            }
            final String unit = convertible ? "Mpps" : section.rows().get(0).result().primary().unit();
            Charts.bars(dir.resolve(file), simpleName(section.className()), unit, labels, values);
        }
        Files.writeString(dir.resolve("report.md"), markdown(report, environment));
        Files.writeString(dir.resolve("report.html"), html(report, environment));
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
            final Table table = headlineTable(report, axis);
            out.append(headlineTitle(axis)).append('\n');
            out.append(table.isEmpty() ? "  (no results with a '" + axis + "' parameter in this run)\n" :
                table.text());
            out.append('\n');
        }
        out.append(loadLine(report)).append('\n');
        out.append(gateLine(report)).append('\n');
        for (final BenchmarkResult violation : report.gateViolations())
        {
            out.append("  ").append(violation.benchmark()).append(' ').append(violation.paramText())
                .append(": ").append(format(violation.allocPerOp(), 2)).append(" B/op\n");
        }
        return out.toString();
    }

    /**
     * The Markdown report.
     *
     * @param report the report.
     * @param environment environment.json contents, or null.
     * @return the Markdown text.
     */
    public static String markdown(final Report report, final JsonNode environment)
    {
        final StringBuilder out = new StringBuilder("# flowgate benchmark report\n\n");
        out.append("## Headline\n\n");
        for (final String axis : List.of("natValidation", "flowAccess"))
        {
            final Table table = headlineTable(report, axis);
            out.append("### ").append(headlineTitle(axis)).append("\n\n");
            out.append(table.isEmpty() ? "No results with a `" + axis + "` parameter in this run.\n" :
                table.markdown()).append('\n');
        }
        if (!report.headline().isEmpty())
        {
            out.append("![headline](").append(HEADLINE_CHART).append(")\n\n");
        }
        out.append(loadLine(report)).append("\n\n");
        out.append("## Environment\n\n").append(environmentTable(environment).markdown()).append('\n');
        out.append("## Allocation gate\n\n").append(gateLine(report)).append("\n\n");
        if (!report.gateViolations().isEmpty())
        {
            out.append(gateTable(report).markdown()).append('\n');
        }
        out.append("## Questions\n\n");
        for (final Report.Section section : report.sections())
        {
            out.append("### ").append(simpleName(section.className())).append("\n\n");
            if (!section.question().isEmpty())
            {
                out.append("> ").append(section.question()).append("\n\n");
            }
            out.append('`').append(section.className()).append("`\n\n");
            out.append(sectionTable(report, section).markdown()).append('\n');
            out.append("![").append(simpleName(section.className())).append("](").append(chartFile(section))
                .append(")\n\n");
        }
        out.append(FOOTNOTE).append('\n');
        return out.toString();
    }

    /**
     * The HTML report.
     *
     * @param report the report.
     * @param environment environment.json contents, or null.
     * @return the page.
     */
    public static String html(final Report report, final JsonNode environment)
    {
        final StringBuilder out = new StringBuilder(Html.head("flowgate benchmark report"));
        out.append("<h2>Headline</h2>\n");
        for (final String axis : List.of("natValidation", "flowAccess"))
        {
            final Table table = headlineTable(report, axis);
            out.append("<h3>").append(Html.escape(headlineTitle(axis))).append("</h3>\n");
            out.append(table.isEmpty() ? "<p>No results with a <code>" + axis + "</code> parameter in this run.</p>\n" :
                table.html());
        }
        if (!report.headline().isEmpty())
        {
            out.append("<p><img src=\"").append(HEADLINE_CHART).append("\" alt=\"headline ratios\"></p>\n");
        }
        out.append("<p>").append(Html.escape(loadLine(report))).append("</p>\n");
        out.append("<h2>Environment</h2>\n").append(environmentTable(environment).html());
        out.append("<h2>Allocation gate</h2>\n<p class=\"").append(report.gateViolations().isEmpty() ? "good" : "bad")
            .append("\">").append(Html.escape(gateLine(report))).append("</p>\n");
        if (!report.gateViolations().isEmpty())
        {
            out.append(gateTable(report).html());
        }
        out.append("<h2>Questions</h2>\n");
        for (final Report.Section section : report.sections())
        {
            out.append("<h3>").append(Html.escape(simpleName(section.className()))).append("</h3>\n");
            if (!section.question().isEmpty())
            {
                out.append("<blockquote>").append(Html.escape(section.question())).append("</blockquote>\n");
            }
            out.append("<p><code>").append(Html.escape(section.className())).append("</code></p>\n");
            out.append(sectionTable(report, section).html());
            out.append("<p><img src=\"").append(chartFile(section)).append("\" alt=\"chart\"></p>\n");
        }
        out.append("<p>").append(Html.escape(FOOTNOTE)).append("</p>\n</body></html>\n");
        return out.toString();
    }

    private static final String FOOTNOTE = "Throughput is packets/s (burst benchmarks declare " +
        "@OperationsPerInvocation(BURST)); B/packet is gc.alloc.rate.norm. Ratios are throughput ratios (above 1: " +
        "faster than the baseline) of the means of the per-iteration samples; the 95% interval is a seeded " +
        "percentile bootstrap (" + Statistics.RESAMPLES + " resamples) that draws forks, then iterations within " +
        "them; forks = variant/baseline forks (with one fork a side the interval sees only the variation within a " +
        "JVM).";

    private static String headlineTitle(final String axis)
    {
        return "natValidation".equals(axis) ? "EARLY vs LATE: throughput ratio EARLY/LATE, 95% CI" :
            "flowAccess vs MULTI_LOCK: throughput ratio MODE/MULTI_LOCK, 95% CI";
    }

    private static Table headlineTable(final Report report, final String axis)
    {
        final Table table = new Table(List.of("benchmark", "parameters", axis, "Mpps", "baseline Mpps",
            "ratio [95% CI]", "forks", "ns/packet", "loads/packet", "B/packet"));
        for (final Report.HeadlineRow row : report.headline())
        {
            if (row.axis().equals(axis))
            {
                final BenchmarkResult v = row.variant();
                table.add(List.of(v.simpleClassName() + "." + v.method(), v.paramText(axis), v.params().get(axis),
                    format(v.mpps(), 3), format(row.baseline().mpps(), 3), row.ratio().text(),
                    v.primary().forks().size() + "/" + row.baseline().primary().forks().size(),
                    format(v.nsPerPacket(), 2), format(report.loads(v), 2), format(v.allocPerOp(), 2)));
            }
        }
        return table;
    }

    private static Table sectionTable(final Report report, final Report.Section section)
    {
        final List<String> headers = new ArrayList<>(List.of("method", "parameters", "score", "Mpps", "ns/packet",
            "loads/packet", "B/packet"));
        for (final Map.Entry<String, String> axis : section.axes().entrySet())
        {
            headers.add("ratio vs " + axis.getValue() + " [95% CI]");
        }
        final Table table = new Table(headers);
        for (final Report.Row row : section.rows())
        {
            final BenchmarkResult r = row.result();
            final List<String> cells = new ArrayList<>(List.of(r.method(), r.paramText(),
                String.format(Locale.ROOT, "%.4g ± %.2g %s", r.primary().score(), r.primary().scoreError(),
                    r.primary().unit()),
                format(r.mpps(), 3), format(r.nsPerPacket(), 2), format(report.loads(r), 2),
                format(r.allocPerOp(), 2)));
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

    private static Table gateTable(final Report report)
    {
        final Table table = new Table(List.of("benchmark", "parameters", "B/op"));
        for (final BenchmarkResult r : report.gateViolations())
        {
            table.add(List.of(r.benchmark(), r.paramText(), format(r.allocPerOp(), 3)));
        }
        return table;
    }

    private static Table environmentTable(final JsonNode environment)
    {
        final Table table = new Table(List.of("environment", "value"));
        if (environment == null || !environment.isObject())
        {
            table.add(List.of("environment.json", "not available"));
            return table;
        }
        final Iterator<Map.Entry<String, JsonNode>> fields = environment.properties().iterator();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            final JsonNode value = field.getValue();
            final String text;
            if (value.isArray())
            {
                final List<String> items = new ArrayList<>();
                value.forEach(v -> items.add(v.asText()));
                text = String.join(" ", items);
            }
            else
            {
                text = value.asText();
            }
            table.add(List.of(field.getKey(), text));
        }
        return table;
    }

    private static String loadLine(final Report report)
    {
        return report.loadLatency().map(l -> String.format(Locale.ROOT,
            "Load-latency unit: one dependent random load = %.2f ns (%s %s); loads/packet = ns/packet / %.2f.",
            l.nsPerPacket(), l.benchmark(), l.paramText(), l.nsPerPacket()))
            .orElse("Load-latency unit: no dependent-load result of dev.flowgate.bench.limits in this run.");
    }

    private static String gateLine(final Report report)
    {
        if (report.gateViolations().isEmpty())
        {
            return String.format(Locale.ROOT, "Allocation gate: passed (%d steady-state results at or below " +
                "%.2f B/op).", report.steadyStateChecked(), Report.ALLOC_GATE_BYTES);
        }
        return String.format(Locale.ROOT, "Allocation gate: FAILED, %d of %d steady-state results allocate more " +
            "than %.2f B/op:", report.gateViolations().size(), report.steadyStateChecked(), Report.ALLOC_GATE_BYTES);
    }

    private static String chartFile(final Report.Section section)
    {
        return "chart-" + simpleName(section.className()) + ".svg";
    }

    private static String simpleName(final String className)
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
