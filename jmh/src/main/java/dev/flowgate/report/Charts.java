// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of reports and comparisons, drawn with XChart and written as SVG next to the HTML that shows them.
 */
public final class Charts
{
    private static final int WIDTH = 1000;
    private static final int MIN_HEIGHT = 360;

    private Charts()
    {
    }

    /**
     * A bar chart of one value per label, e.g. Mpps per variant of a question.
     *
     * @param file the SVG file to write.
     * @param title the title.
     * @param yTitle the value axis title.
     * @param labels the bar labels.
     * @param values the values (NaN values are drawn as 0).
     * @throws IOException when the file cannot be written.
     */
    public static void bars(final Path file, final String title, final String yTitle, final List<String> labels,
        final List<Double> values) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(height(labels.size()))
            .title(title).yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        final List<Double> known = new ArrayList<>();
        for (final Double v : values)
        {
            known.add(v == null || v.isNaN() ? 0.0 : v);
        }
        chart.addSeries(yTitle, labels, known);
        save(chart, file);
    }

    /**
     * A chart of ratios with their 95% intervals: a dot at the ratio, dashes at the bounds, a line at 1.
     *
     * @param file the SVG file to write.
     * @param title the title.
     * @param labels one label per ratio.
     * @param ratios the ratios with their intervals.
     * @throws IOException when the file cannot be written.
     */
    public static void ratios(final Path file, final String title, final List<String> labels,
        final List<Interval> ratios) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(height(labels.size()))
            .title(title).yAxisTitle("ratio (1 = baseline)").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        final List<Double> low = new ArrayList<>();
        final List<Double> mid = new ArrayList<>();
        final List<Double> high = new ArrayList<>();
        final List<Double> one = new ArrayList<>();
        for (final Interval ratio : ratios)
        {
            mid.add(ratio.ratio());
            low.add(ratio.hasBounds() ? ratio.low() : ratio.ratio());
            high.add(ratio.hasBounds() ? ratio.high() : ratio.ratio());
            one.add(1.0);
        }
        chart.addSeries("95% low", labels, low).setMarker(SeriesMarkers.TRIANGLE_UP).setMarkerColor(Color.GRAY);
        chart.addSeries("ratio", labels, mid).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Color.BLUE);
        chart.addSeries("95% high", labels, high).setMarker(SeriesMarkers.TRIANGLE_DOWN).setMarkerColor(Color.GRAY);
        final CategorySeries baseline = chart.addSeries("baseline", labels, one);
        baseline.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        baseline.setMarker(SeriesMarkers.NONE);
        baseline.setLineColor(Color.RED);
        save(chart, file);
    }

    private static int height(final int labels)
    {
        return Math.max(MIN_HEIGHT, 200 + 12 * labels);
    }

    private static void style(final CategoryChart chart)
    {
        final Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    }

    private static void save(final CategoryChart chart, final Path file) throws IOException
    {
        try (OutputStream out = Files.newOutputStream(file))
        {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }
}
