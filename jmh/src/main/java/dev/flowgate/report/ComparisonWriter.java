// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Comparison} as {@code comparison.json}, {@code comparison.md}, {@code comparison.html} and the
 * chart {@code comparison.svg}, and as a terminal table.
 */
public final class ComparisonWriter
{
    private static final String CHART = "comparison.svg";

    private ComparisonWriter()
    {
    }

    /**
     * Writes the files.
     *
     * @param comparison the comparison.
     * @param baseLabel what BASE is (revision and commit, or file).
     * @param headLabel what HEAD is.
     * @param dir the folder (created when missing).
     * @throws IOException when a file cannot be written.
     */
    public static void write(final Comparison comparison, final String baseLabel, final String headLabel,
        final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("comparison.json").toFile(),
            json(comparison, baseLabel, headLabel));
        final String title = "flowgate comparison: " + headLabel + " vs " + baseLabel;
        final Doc doc = new Doc(title).para(summary(comparison) + ".");
        if (!comparison.rows().isEmpty())
        {
            final List<Map<String, String>> dims = dimensions(comparison);
            final List<String> labels = Labels.of(dims);
            final List<Charts.ForestRow> rows = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++)
            {
                final Comparison.Row row = comparison.rows().get(i);
                final Interval r = row.ratio();
                rows.add(new Charts.ForestRow(labels.get(i), row.higherIsBetter() ? r : r.reciprocal(), false));
            }
            Charts.forest(dir.resolve(CHART), "Speed-up of HEAD over BASE, 95% CI" +
                (comparison.rows().stream().anyMatch(Comparison.Row::isRange) ? " (a range below " +
                Statistics.MIN_FORKS_FOR_INTERVAL + " forks a side)" : ""),
                "speed-up HEAD/BASE (log scale; above 1: HEAD faster)", rows);
            doc.image(CHART, "speed-ups");
            final String fixed = Labels.fixed(dims);
            if (!fixed.isEmpty())
            {
                doc.para("Every row: " + fixed + ".");
            }
        }
        doc.table(table(comparison, true));
        final String missing = missing(comparison);
        if (!missing.isEmpty())
        {
            doc.para(missing.trim());
        }
        final List<String> flames = ReportWriter.flameGraphs(dir);
        if (!flames.isEmpty())
        {
            doc.heading(2, "Flame graphs").links(flames);
        }
        if (comparison.isPaired())
        {
            doc.para("HEAD/BASE per fork: " + Arrays.stream(comparison.pairedForkRatios())
                .mapToObj(r -> String.format(Locale.ROOT, "%.3f", r)).collect(Collectors.joining(" ")) + ".");
        }
        doc.para(comparison.isPaired() ? PAIRED_FOOTNOTE : FOOTNOTE);
        Files.writeString(dir.resolve("comparison.md"), doc.markdown());
        Files.writeString(dir.resolve("comparison.html"), doc.html());
    }

    /**
     * The comparison for the terminal.
     *
     * @param comparison the comparison.
     * @return the table and the summary line.
     */
    public static String text(final Comparison comparison)
    {
        return table(comparison, false).text() + missing(comparison) + summary(comparison) + "\n";
    }

    private static final String FOOTNOTE = "ratio = score(HEAD)/score(BASE) of the means of the per-iteration " +
        "samples, with a seeded percentile bootstrap over forks, then iterations (95%; marked 'range' below " +
        Statistics.MIN_FORKS_FOR_INTERVAL + " forks a side, where it is the spread of too few forks to be a " +
        "confidence interval); forks = the fewer of the two sides'; p = two-sided Welch t test on the logs of the " +
        "per-fork means; change = speed change (positive: HEAD faster, whatever the unit); a verdict other than " +
        "'same' needs p < " + Comparison.ALPHA + ", an interval excluding 1 and a change of at least the threshold; " +
        "alloc changes beyond " + Report.ALLOC_GATE_BYTES + " B/op are marked '!'.";

    private static final String PAIRED_FOOTNOTE = "Paired: both revisions ran in one JVM per fork, each in its own " +
        "class loader, in alternating rounds. BASE, HEAD = throughput from the rounds' CPU time per operation; ratio " +
        "= geometric mean of the per-pair speed-ups HEAD/BASE, with a 95% t interval over the forks' mean log " +
        "ratios (a fork sets both revisions up several times, in alternating order, where a set-up is cheap; " +
        "else the interval blocks on which revision was set up first; marked 'range' below " +
        Statistics.MIN_FORKS_FOR_INTERVAL + " forks); p = t test on the same per-fork log ratios; change = speed " +
        "change (positive: HEAD faster); a verdict other than 'same' needs p < " + Comparison.ALPHA + ", an interval " +
        "excluding 1 and a change of at least the threshold. Allocation is not measured by pairs.";

    static String summary(final Comparison comparison)
    {
        final int rows = comparison.rows().size();
        return String.format(Locale.ROOT, "%d row%s: %d faster, %d slower, %d same (threshold %.1f%%); geometric "
            + "mean speed-up of HEAD over BASE %s", rows, rows == 1 ? "" : "s", comparison.count(Comparison.FASTER),
            comparison.count(Comparison.SLOWER), comparison.count(Comparison.SAME), comparison.thresholdPercent(),
            ReportWriter.format(comparison.geometricMeanSpeedup(), 4));
    }

    private static String missing(final Comparison comparison)
    {
        final StringBuilder out = new StringBuilder();
        comparison.onlyInBase().forEach(k -> out.append("only in BASE: ").append(k).append('\n'));
        comparison.onlyInHead().forEach(k -> out.append("only in HEAD: ").append(k).append('\n'));
        return out.toString();
    }

    private static List<Map<String, String>> dimensions(final Comparison comparison)
    {
        final List<Map<String, String>> dims = new ArrayList<>();
        for (final Comparison.Row row : comparison.rows())
        {
            final Map<String, String> d = Labels.dimensions(row.head(), null);
            d.put("mode", row.head().mode());
            dims.add(d);
        }
        return dims;
    }

    /** The rows; {@code varyingOnly} shows only the parameters that differ between rows (the pages). */
    private static Table table(final Comparison comparison, final boolean varyingOnly)
    {
        final List<Map<String, String>> dims = dimensions(comparison);
        final List<String> varying = new ArrayList<>(Labels.varying(dims));
        final List<String> headers = new ArrayList<>(varyingOnly ? varying : List.of("benchmark", "parameters",
            "mode"));
        headers.addAll(List.of("BASE", "HEAD", "unit", "forks", "ratio HEAD/BASE [95% CI]", "change", "p",
            "verdict", "B/op BASE", "B/op HEAD"));
        final Table table = new Table(headers);
        for (int i = 0; i < comparison.rows().size(); i++)
        {
            final Comparison.Row row = comparison.rows().get(i);
            final BenchmarkResult b = row.base();
            final BenchmarkResult h = row.head();
            final List<String> cells = varyingOnly ? Labels.cells(dims.get(i), varying) :
                new ArrayList<>(List.of(h.simpleClassName() + "." + h.method(), h.paramText(), h.mode()));
            cells.addAll(List.of(score(b), score(h), h.primary().unit(), Integer.toString(row.forks()),
                row.ratio().asRange(row.isRange()).text(),
                String.format(Locale.ROOT, "%+.1f%%", row.changePercent()),
                String.format(Locale.ROOT, "%.3g", row.pValue()), row.verdict(),
                ReportWriter.format(b.allocPerOp(), 2),
                ReportWriter.format(h.allocPerOp(), 2) + (row.allocChanged() ? " !" : "")));
            table.add(cells);
        }
        return table;
    }

    private static String score(final BenchmarkResult result)
    {
        final double error = result.primary().scoreError();
        return Double.isNaN(error) ? String.format(Locale.ROOT, "%.4g", result.primary().score()) :
            String.format(Locale.ROOT, "%.4g ± %.2g", result.primary().score(), error);
    }

    private static ObjectNode json(final Comparison comparison, final String baseLabel, final String headLabel)
    {
        final ObjectNode root = JmhJson.mapper().createObjectNode();
        root.put("base", baseLabel);
        root.put("head", headLabel);
        root.put("thresholdPercent", comparison.thresholdPercent());
        root.put("alpha", Comparison.ALPHA);
        root.put("bootstrapResamples", Statistics.RESAMPLES);
        final ObjectNode summary = root.putObject("summary");
        summary.put("rows", comparison.rows().size());
        summary.put("faster", comparison.count(Comparison.FASTER));
        summary.put("slower", comparison.count(Comparison.SLOWER));
        summary.put("same", comparison.count(Comparison.SAME));
        putNumber(summary, "geometricMeanSpeedup", comparison.geometricMeanSpeedup());
        final ArrayNode rows = root.putArray("rows");
        for (final Comparison.Row row : comparison.rows())
        {
            final ObjectNode node = rows.addObject();
            node.put("benchmark", row.head().benchmark());
            node.put("mode", row.head().mode());
            node.put("threads", row.head().threads());
            final ObjectNode params = node.putObject("params");
            for (final Map.Entry<String, String> p : row.head().params().entrySet())
            {
                params.put(p.getKey(), p.getValue());
            }
            node.put("unit", row.head().primary().unit());
            node.put("higherIsBetter", row.higherIsBetter());
            side(node.putObject("base"), row.base());
            side(node.putObject("head"), row.head());
            putNumber(node, "ratio", row.ratio().ratio());
            putNumber(node, "ratioLow", row.ratio().low());
            putNumber(node, "ratioHigh", row.ratio().high());
            putNumber(node, "speedup", row.speedup());
            putNumber(node, "changePercent", row.changePercent());
            putNumber(node, "pValue", row.pValue());
            node.put("verdict", row.verdict());
            node.put("allocChanged", row.allocChanged());
            node.put("forks", row.forks());
            node.put("intervalIsRange", row.isRange());
        }
        if (comparison.isPaired())
        {
            root.put("paired", true);
            final ArrayNode forkRatios = ((ObjectNode) rows.get(0)).putArray("forkRatios");
            Arrays.stream(comparison.pairedForkRatios()).forEach(forkRatios::add);
        }
        final ArrayNode onlyBase = root.putArray("onlyInBase");
        comparison.onlyInBase().forEach(onlyBase::add);
        final ArrayNode onlyHead = root.putArray("onlyInHead");
        comparison.onlyInHead().forEach(onlyHead::add);
        return root;
    }

    private static void side(final ObjectNode node, final BenchmarkResult result)
    {
        putNumber(node, "score", result.primary().score());
        putNumber(node, "scoreError", result.primary().scoreError());
        node.put("samples", result.primary().samples().length);
        putNumber(node, "allocPerOp", result.allocPerOp());
    }

    private static void putNumber(final ObjectNode node, final String field, final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            node.putNull(field);
        }
        else
        {
            node.put(field, value);
        }
    }
}
