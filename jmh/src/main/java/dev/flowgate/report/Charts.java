// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The charts of reports and comparisons, written as SVG: forest plots for ratios, horizontal grouped bars with
 * error bars for per-benchmark figures, and horizontal stacked bars for a total split into parts (ns/packet per
 * pipeline stage).
 *
 * <p>Both lay out from the labels they must show: the label column is as wide as the longest label, rows are
 * horizontal so no label is rotated, and the canvas grows with the rows, so the plot area always keeps its size.
 * Every chart declares its plot area as {@code <rect class="plot">}; data marks carry the classes {@code point},
 * {@code whisker} and {@code bar}, which the tests and the browser check read.
 */
public final class Charts
{
    /** Colours of the series, in order (dark enough to read on white; grey is kept for reference marks). */
    static final String[] PALETTE = {"#1f77b4", "#e6550d", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#17becf"};

    private static final int MIN_WIDTH = 760;
    private static final int MIN_PLOT_WIDTH = 360;
    /** Stacked bars need more room than one bar: their small segments must still show. */
    private static final int MIN_STACK_WIDTH = 520;
    private static final int MARGIN = 12;
    private static final int FONT = 12;
    private static final int TITLE_FONT = 14;
    private static final int ROW = 22;
    private static final int BAR = 14;
    private static final int GROUP_GAP = 10;
    private static final int GAP = 8;
    private static final String GRID = "#e3e3e3";
    private static final String INK = "#222222";
    /** The last segment of stacked bars, the rest: grey, so the segments of interest stand out. */
    private static final String REST = "#a8a8a8";
    private static final double[][] LOG_MANTISSAS = {{1}, {2, 5}, {1.5, 3}, {1.25, 2.5, 4, 6, 8}, {1.1, 1.2, 7, 9},
        {1.05, 9.5}, {1.02, 9.8}, {1.01, 9.9}, {1.005, 9.95}};
    /** Room on each side of a forest plot's data, as a share of its log span, and at least 0.4%. */
    private static final double FOREST_PAD = 0.1;
    private static final double FOREST_MIN_PAD = Math.log(1.004);

    /**
     * One row of a forest plot.
     *
     * @param label the row's label (what varies in the chart).
     * @param ratio the ratio and its 95% interval (NaN bounds: point only; NaN ratio: no mark).
     * @param aa whether this is an A/A row (the noise floor), drawn in grey.
     */
    public record ForestRow(String label, Interval ratio, boolean aa)
    {
    }

    /**
     * One bar.
     *
     * @param series the series (colour) it belongs to.
     * @param value its value (NaN: not drawn).
     * @param error the half-width of its error bar (NaN: none).
     */
    public record Bar(String series, double value, double error)
    {
    }

    /**
     * A group of bars sharing a label.
     *
     * @param label the group's label.
     * @param bars its bars, at most one per series.
     */
    public record BarGroup(String label, List<Bar> bars)
    {
    }

    /**
     * One stacked bar.
     *
     * @param label the bar's label.
     * @param values the value of each segment, in the chart's segment order (NaN or 0: not drawn).
     */
    public record StackedBar(String label, double[] values)
    {
        /**
         * The bar's length: the sum of its drawable values.
         *
         * @return the total.
         */
        public double total()
        {
            double sum = 0;
            for (final double v : values)
            {
                sum += Double.isFinite(v) && v > 0 ? v : 0;
            }
            return sum;
        }
    }

    private Charts()
    {
    }

    /**
     * Writes a forest plot.
     *
     * @param file the SVG file.
     * @param title the title.
     * @param axisTitle the title of the ratio axis.
     * @param rows the rows, top to bottom.
     * @throws IOException when the file cannot be written.
     */
    public static void forest(final Path file, final String title, final String axisTitle,
        final List<ForestRow> rows) throws IOException
    {
        Files.writeString(file, forest(title, axisTitle, rows));
    }

    /**
     * A forest plot: one row per ratio, its point and 95% whiskers on a log axis, a line at 1.
     *
     * @param title the title.
     * @param axisTitle the title of the ratio axis.
     * @param rows the rows, top to bottom.
     * @return the SVG text.
     */
    public static String forest(final String title, final String axisTitle, final List<ForestRow> rows)
    {
        double labelWidth = 0;
        double valueWidth = 0;
        double lo = 1.0;
        double hi = 1.0;
        for (final ForestRow row : rows)
        {
            labelWidth = Math.max(labelWidth, Svg.textWidth(rowLabel(row), FONT));
            valueWidth = Math.max(valueWidth, Svg.textWidth(row.ratio().text(), FONT));
            for (final double v : new double[] {row.ratio().ratio(), row.ratio().low(), row.ratio().high()})
            {
                if (drawable(v))
                {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        // Padding in proportion to the data: a fixed 8% left a +-0.3% interval as a dot beside one lone tick.
        final double pad = Math.max(FOREST_PAD * (Math.log(hi) - Math.log(lo)), FOREST_MIN_PAD);
        lo = Math.exp(Math.log(lo) - pad);
        hi = Math.exp(Math.log(hi) + pad);
        final double plotX = MARGIN + labelWidth + GAP;
        final int width = width(plotX + MIN_PLOT_WIDTH + GAP + valueWidth + MARGIN, title, axisTitle);
        final double plotW = width - plotX - GAP - valueWidth - MARGIN;
        final double plotY = MARGIN + TITLE_FONT + 16;
        final double plotH = Math.max(1, rows.size()) * ROW + GAP;
        final int height = (int) Math.ceil(plotY + plotH + 46);
        final Svg svg = header(width, height, title);
        svg.rect("plot", plotX, plotY, plotW, plotH, "#ffffff", "#999999");
        final double logLo = Math.log(lo);
        final double logSpan = Math.log(hi) - logLo;
        final List<Double> ticks = logTicks(lo, hi, plotW);
        for (final double tick : ticks)
        {
            final double x = plotX + (Math.log(tick) - logLo) / logSpan * plotW;
            svg.line("grid", x, plotY, x, plotY + plotH, GRID, 1);
            svg.text(x, plotY + plotH + 16, "middle", FONT, "tick", tickText(tick));
        }
        final double one = plotX + -logLo / logSpan * plotW;
        svg.line("ref", one, plotY, one, plotY + plotH, "#777777", 1.5);
        for (int i = 0; i < rows.size(); i++)
        {
            final ForestRow row = rows.get(i);
            final double y = plotY + GAP / 2.0 + i * ROW + ROW / 2.0;
            svg.text(plotX - GAP, y + FONT / 3.0, "end", FONT, "label", rowLabel(row));
            svg.text(plotX + plotW + GAP, y + FONT / 3.0, "start", FONT, "value", row.ratio().text());
            final Interval r = row.ratio();
            final String colour = row.aa() ? "#888888" : PALETTE[0];
            if (drawable(r.low()) && drawable(r.high()))
            {
                final double x1 = plotX + (Math.log(r.low()) - logLo) / logSpan * plotW;
                final double x2 = plotX + (Math.log(r.high()) - logLo) / logSpan * plotW;
                svg.line("whisker", x1, y, x2, y, colour, 2);
                svg.line("whisker", x1, y - 5, x1, y + 5, colour, 2);
                svg.line("whisker", x2, y - 5, x2, y + 5, colour, 2);
            }
            if (drawable(r.ratio()))
            {
                svg.circle("point", plotX + (Math.log(r.ratio()) - logLo) / logSpan * plotW, y, 4.5, colour);
            }
        }
        axisTitle(svg, plotX + plotW / 2, plotY + plotH + 36, width, axisTitle);
        return svg.toString();
    }

    /**
     * Writes a grouped bar chart.
     *
     * @param file the SVG file.
     * @param title the title.
     * @param axisTitle the title of the value axis (its unit).
     * @param series the series names, in legend order (one series: no legend).
     * @param groups the groups, top to bottom.
     * @throws IOException when the file cannot be written.
     */
    public static void groupedBars(final Path file, final String title, final String axisTitle,
        final List<String> series, final List<BarGroup> groups) throws IOException
    {
        Files.writeString(file, groupedBars(title, axisTitle, series, groups));
    }

    /**
     * Horizontal grouped bars with error bars: one group per combination of what varies, one bar per series.
     *
     * @param title the title.
     * @param axisTitle the title of the value axis (its unit).
     * @param series the series names, in legend order (one series: no legend).
     * @param groups the groups, top to bottom.
     * @return the SVG text.
     */
    public static String groupedBars(final String title, final String axisTitle, final List<String> series,
        final List<BarGroup> groups)
    {
        double labelWidth = 0;
        double max = 0;
        for (final BarGroup group : groups)
        {
            labelWidth = Math.max(labelWidth, Svg.textWidth(group.label(), FONT));
            for (final Bar bar : group.bars())
            {
                if (Double.isFinite(bar.value()))
                {
                    max = Math.max(max, bar.value() + (Double.isFinite(bar.error()) ? bar.error() : 0));
                }
            }
        }
        final double plotX = MARGIN + labelWidth + GAP;
        final int width = width(plotX + MIN_PLOT_WIDTH + MARGIN + GAP, title, axisTitle);
        final double plotW = width - plotX - MARGIN - GAP;
        final List<double[]> legend = series.size() > 1 ? legend(series, width) : List.of();
        final double legendH = legend.isEmpty() ? 0 : legend.get(legend.size() - 1)[1] + FONT + GAP;
        final double plotY = MARGIN + TITLE_FONT + 16 + legendH;
        final int slots = Math.max(1, series.size());
        final double groupH = slots * BAR + GROUP_GAP;
        final double plotH = Math.max(1, groups.size()) * groupH + GROUP_GAP;
        final int height = (int) Math.ceil(plotY + plotH + 46);
        final Svg svg = header(width, height, title);
        drawLegend(svg, legend, series, s -> PALETTE[s % PALETTE.length]);
        final double top = linearAxis(svg, plotX, plotY, plotW, plotH, max);
        for (int g = 0; g < groups.size(); g++)
        {
            final BarGroup group = groups.get(g);
            final double groupY = plotY + GROUP_GAP + g * groupH;
            svg.text(plotX - GAP, groupY + slots * BAR / 2.0 + FONT / 3.0, "end", FONT, "label", group.label());
            for (final Bar bar : group.bars())
            {
                final int s = Math.max(0, series.indexOf(bar.series()));
                if (!Double.isFinite(bar.value()) || bar.value() < 0)
                {
                    continue;
                }
                final double y = groupY + s * BAR;
                final String colour = PALETTE[s % PALETTE.length];
                svg.rect("bar", plotX, y + 1, bar.value() / top * plotW, BAR - 2, colour, "none");
                if (Double.isFinite(bar.error()) && bar.error() > 0)
                {
                    final double x1 = plotX + Math.max(0, bar.value() - bar.error()) / top * plotW;
                    final double x2 = plotX + (bar.value() + bar.error()) / top * plotW;
                    final double cy = y + BAR / 2.0;
                    svg.line("whisker", x1, cy, x2, cy, INK, 1.2);
                    svg.line("whisker", x2, cy - 4, x2, cy + 4, INK, 1.2);
                    svg.line("whisker", x1, cy - 4, x1, cy + 4, INK, 1.2);
                }
            }
        }
        axisTitle(svg, plotX + plotW / 2, plotY + plotH + 36, width, axisTitle);
        return svg.toString();
    }

    /**
     * Horizontal stacked bars: one bar per row, its segments left to right in legend order, each as long as its
     * value, the total written after the plot. The last segment is drawn grey: it is the rest, no part of interest
     * (the harness, for stages).
     *
     * @param title the title.
     * @param axisTitle the title of the value axis (its unit).
     * @param segments the segment names, in stacking and legend order.
     * @param bars the bars, top to bottom.
     * @return the SVG text.
     */
    public static String stackedBars(final String title, final String axisTitle, final List<String> segments,
        final List<StackedBar> bars)
    {
        double labelWidth = 0;
        double valueWidth = 0;
        double max = 0;
        for (final StackedBar bar : bars)
        {
            labelWidth = Math.max(labelWidth, Svg.textWidth(bar.label(), FONT));
            valueWidth = Math.max(valueWidth, Svg.textWidth(totalText(bar.total()), FONT));
            max = Math.max(max, bar.total());
        }
        final double plotX = MARGIN + labelWidth + GAP;
        final int width = width(plotX + MIN_STACK_WIDTH + GAP + valueWidth + MARGIN, title, axisTitle);
        final double plotW = width - plotX - GAP - valueWidth - MARGIN;
        final List<double[]> legend = legend(segments, width);
        final double plotY = MARGIN + TITLE_FONT + 16 + legend.get(legend.size() - 1)[1] + FONT + GAP;
        final double plotH = Math.max(1, bars.size()) * (BAR + 2 * GAP) + GAP;
        final int height = (int) Math.ceil(plotY + plotH + 46);
        final Svg svg = header(width, height, title);
        drawLegend(svg, legend, segments, s -> segmentColour(s, segments.size()));
        final double top = linearAxis(svg, plotX, plotY, plotW, plotH, max);
        for (int b = 0; b < bars.size(); b++)
        {
            final StackedBar bar = bars.get(b);
            final double y = plotY + GAP + b * (BAR + 2 * GAP) + GAP;
            svg.text(plotX - GAP, y + BAR / 2.0 + FONT / 3.0, "end", FONT, "label", bar.label());
            double at = 0;
            for (int s = 0; s < bar.values().length && s < segments.size(); s++)
            {
                final double value = bar.values()[s];
                if (Double.isFinite(value) && value > 0)
                {
                    svg.rect("bar", plotX + at / top * plotW, y, value / top * plotW, BAR,
                        segmentColour(s, segments.size()), "#ffffff");
                    at += value;
                }
            }
            svg.text(plotX + plotW + GAP, y + BAR / 2.0 + FONT / 3.0, "start", FONT, "value", totalText(bar.total()));
        }
        axisTitle(svg, plotX + plotW / 2, plotY + plotH + 36, width, axisTitle);
        return svg.toString();
    }

    /** The axis title, centred under the plot but moved in where a long title would leave the canvas. */
    private static void axisTitle(final Svg svg, final double centre, final double y, final int width,
        final String text)
    {
        final double half = Svg.textWidth(text, FONT) / 2;
        svg.text(Math.max(MARGIN + half, Math.min(centre, width - MARGIN - half)), y, "middle", FONT, "axis", text);
    }

    /** Colour of a stacked segment: the palette, the last segment (the rest) grey. */
    private static String segmentColour(final int segment, final int segments)
    {
        return segment == segments - 1 && segments > 1 ? REST : PALETTE[segment % PALETTE.length];
    }

    private static void drawLegend(final Svg svg, final List<double[]> legend, final List<String> names,
        final IntFunction<String> colour)
    {
        for (int s = 0; s < legend.size(); s++)
        {
            final double[] at = legend.get(s);
            final double y = MARGIN + TITLE_FONT + 16 + at[1];
            svg.rect("key", at[0], y - FONT + 2, 10, 10, colour.apply(s), "none");
            svg.text(at[0] + 14, y, "start", FONT, "legend", names.get(s));
        }
    }

    /** Draws the plot area and a linear value axis from 0 with grid lines and ticks; returns the axis maximum. */
    private static double linearAxis(final Svg svg, final double plotX, final double plotY, final double plotW,
        final double plotH, final double max)
    {
        svg.rect("plot", plotX, plotY, plotW, plotH, "#ffffff", "#999999");
        final double top = linearTop(max);
        final double step = linearStep(top, plotW);
        for (double tick = 0; tick <= top * (1 + 1e-9); tick += step)
        {
            final double x = plotX + tick / top * plotW;
            svg.line("grid", x, plotY, x, plotY + plotH, GRID, 1);
            svg.text(x, plotY + plotH + 16, "middle", FONT, "tick", tickText(tick));
        }
        return top;
    }

    private static String rowLabel(final ForestRow row)
    {
        return row.aa() ? "A/A " + row.label() : row.label();
    }

    private static boolean drawable(final double value)
    {
        return Double.isFinite(value) && value > 0;
    }

    private static int width(final double wanted, final String title, final String axisTitle)
    {
        final double text = Math.max(Svg.textWidth(title, TITLE_FONT), Svg.textWidth(axisTitle, FONT));
        return (int) Math.ceil(Math.max(MIN_WIDTH, Math.max(wanted, text + 2 * MARGIN)));
    }

    private static Svg header(final int width, final int height, final String title)
    {
        return new Svg(width, height).text(MARGIN, MARGIN + TITLE_FONT, "start", TITLE_FONT, "title", title);
    }

    /** Legend entries laid out left to right, wrapping; each is {x, y offset of the line}. */
    private static List<double[]> legend(final List<String> series, final int width)
    {
        final List<double[]> at = new ArrayList<>();
        double x = MARGIN;
        double y = 0;
        for (final String name : series)
        {
            final double w = 14 + Svg.textWidth(name, FONT) + 16;
            if (x + w > width - MARGIN && x > MARGIN)
            {
                x = MARGIN;
                y += FONT + 6;
            }
            at.add(new double[] {x, y});
            x += w;
        }
        return at;
    }

    /**
     * Ticks of a log axis: 1, then the round values, finer ones only where they keep their labels apart.
     *
     * @param lo the axis minimum.
     * @param hi the axis maximum.
     * @param plotW the axis length in pixels.
     * @return the ticks, unordered.
     */
    static List<Double> logTicks(final double lo, final double hi, final double plotW)
    {
        final List<Double> ticks = new ArrayList<>();
        final List<Double> xs = new ArrayList<>();
        final double span = Math.log(hi) - Math.log(lo);
        for (final double[] level : LOG_MANTISSAS)
        {
            for (int exp = -4; exp <= 4; exp++)
            {
                for (final double m : level)
                {
                    final double tick = m * Math.pow(10, exp);
                    if (tick < lo || tick > hi)
                    {
                        continue;
                    }
                    final double x = (Math.log(tick) - Math.log(lo)) / span * plotW;
                    final double half = Svg.textWidth(tickText(tick), FONT) / 2 + GAP;
                    boolean clear = true;
                    for (int i = 0; i < ticks.size(); i++)
                    {
                        final double otherHalf = Svg.textWidth(tickText(ticks.get(i)), FONT) / 2;
                        clear &= Math.abs(xs.get(i) - x) >= half + otherHalf;
                    }
                    if (clear)
                    {
                        ticks.add(tick);
                        xs.add(x);
                    }
                }
            }
        }
        return ticks;
    }

    private static double linearTop(final double max)
    {
        if (!(max > 0))
        {
            return 1.0;
        }
        final double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (final double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10})
        {
            if (m * magnitude >= max)
            {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double linearStep(final double top, final double plotW)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(top)) - 1);
        for (final double m : new double[] {1, 2, 2.5, 5, 10, 20, 25, 50, 100})
        {
            final double step = m * magnitude;
            final double labelW = Svg.textWidth(tickText(top), FONT) + 2 * GAP;
            if (top / step <= 10 && step / top * plotW >= labelW)
            {
                return step;
            }
        }
        return top;
    }

    /** A bar's total with three significant digits at most (no digits after the point from 100 on). */
    static String totalText(final double value)
    {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    static String tickText(final double value)
    {
        final String text = String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
        return Math.abs(value) >= 1000 ? String.format(Locale.ROOT, "%.0f", value) : text;
    }
}
