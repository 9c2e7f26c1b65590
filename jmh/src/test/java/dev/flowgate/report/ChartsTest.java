// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ChartsTest
{
    private static final Pattern POINT = Pattern.compile("class=\"point\" cx=\"([0-9.]+)\"");
    private static final Pattern REF = Pattern.compile("class=\"ref\" x1=\"([0-9.]+)\"");

    private static List<Charts.ForestRow> forestRows(final int n, final double spread)
    {
        final List<Charts.ForestRow> rows = new ArrayList<>();
        rows.add(new Charts.ForestRow("mix=established", new Interval(1.0, 0.98, 1.02), true));
        for (int i = 0; i < n; i++)
        {
            final double r = Math.pow(spread, (i - n / 2.0) / n);
            rows.add(new Charts.ForestRow("mix=realistic invalidRatio=0." + i + " flows=1000000 flowTable=LOCK_FREE",
                new Interval(r, r * 0.9, r * 1.15), false));
        }
        rows.add(new Charts.ForestRow("no interval", new Interval(1.3, Double.NaN, Double.NaN), false));
        rows.add(new Charts.ForestRow("no ratio", new Interval(Double.NaN, Double.NaN, Double.NaN), false));
        return rows;
    }

    private static void assertReadable(final String svg)
    {
        final List<String> problems = SvgCheck.problems(svg);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void shouldDrawForestPlotsWithEveryPointInsideAReadablePlot()
    {
        for (final double spread : new double[] {1.01, 1.5, 40, 3000})
        {
            for (final int n : new int[] {1, 6, 60})
            {
                final String svg = Charts.forest("EARLY vs LATE: throughput ratio EARLY/LATE, paired, 95% CI",
                    "throughput ratio EARLY/LATE (log scale; 1 = no difference)", forestRows(n, spread));
                assertReadable(svg);
                assertEquals(n + 2, count(svg, "class=\"point\""), "a point per row with a ratio");
                assertEquals(3 * (n + 1), count(svg, "class=\"whisker\""), "a whisker and two caps per interval");
                assertEquals(n + 3, count(svg, "class=\"label\""));
            }
        }
    }

    @Test
    void shouldPlaceRatiosOnALogScaleWithTheLineAtOne()
    {
        final List<Charts.ForestRow> rows = List.of(
            new Charts.ForestRow("half", new Interval(0.5, Double.NaN, Double.NaN), false),
            new Charts.ForestRow("one", new Interval(1.0, Double.NaN, Double.NaN), false),
            new Charts.ForestRow("two", new Interval(2.0, Double.NaN, Double.NaN), false),
            new Charts.ForestRow("four", new Interval(4.0, Double.NaN, Double.NaN), false));
        final String svg = Charts.forest("t", "ratio", rows);
        final List<Double> xs = numbers(POINT, svg);
        final double ref = numbers(REF, svg).get(0);
        assertEquals(ref, xs.get(1), 0.01, "ratio 1 sits on the line at 1");
        assertEquals(xs.get(1) - xs.get(0), xs.get(2) - xs.get(1), 0.02, "halving and doubling are equally far");
        assertEquals(xs.get(2) - xs.get(1), xs.get(3) - xs.get(2), 0.02);
    }

    @Test
    void shouldGiveANarrowIntervalAnAxisThatReadsItsWidth()
    {
        final String svg = Charts.forest("t", "ratio", List.of(
            new Charts.ForestRow("parse", new Interval(0.999, 0.996, 1.002), false)));
        final List<Double> ticks = numbers(Pattern.compile("class=\"tick\"[^>]*>([0-9.]+)<"), svg);
        assertTrue(ticks.size() >= 3, "ticks " + ticks);
        assertTrue(ticks.stream().anyMatch(t -> t < 1.0) && ticks.stream().anyMatch(t -> t > 1.0), "ticks " + ticks);
        final List<Double> whisker = numbers(Pattern.compile("class=\"whisker\" x1=\"([0-9.]+)\""), svg);
        final List<Double> whiskerEnd = numbers(Pattern.compile("class=\"whisker\" x1=\"[0-9.]+\" y1=\"[0-9.]+\" "
            + "x2=\"([0-9.]+)\""), svg);
        assertTrue(whiskerEnd.get(0) - whisker.get(0) > 100, "a +-0.3% interval spans " + (whiskerEnd.get(0)
            - whisker.get(0)) + " px");
    }

    @Test
    void shouldDrawGroupedBarsWithErrorBarsInsideAReadablePlot()
    {
        final List<String> modes = List.of("MULTI_LOCK", "SINGLE_LOCK", "OPTIMISTIC", "SNAPSHOT", "INLINE");
        for (final int seriesCount : new int[] {1, 2, 5})
        {
            for (final int groupCount : new int[] {1, 7, 45})
            {
                final List<String> series = modes.subList(0, seriesCount);
                final List<Charts.BarGroup> groups = new ArrayList<>();
                int bars = 0;
                for (int g = 0; g < groupCount; g++)
                {
                    final List<Charts.Bar> row = new ArrayList<>();
                    for (int s = 0; s < seriesCount; s++)
                    {
                        final double value = g == 3 && s == 0 ? Double.NaN : 0.5 + g * 3.7 + s * 20;
                        row.add(new Charts.Bar(series.get(s), value, g % 2 == 0 ? value * 0.3 : Double.NaN));
                        bars += Double.isNaN(value) ? 0 : 1;
                    }
                    groups.add(new Charts.BarGroup("mix=multi-match flows=1000000 burst=" + g, row));
                }
                final String svg = Charts.groupedBars("PipelineBenchmark by flowAccess, score with JMH's error",
                    "Mpps (packets per µs)", series, groups);
                assertReadable(svg);
                assertEquals(bars, count(svg, "class=\"bar\""));
                assertEquals(seriesCount > 1 ? seriesCount : 0, count(svg, "class=\"legend\""));
            }
        }
    }

    @Test
    void shouldScaleBarsToTheirValues()
    {
        final String svg = Charts.groupedBars("t", "Mpps", List.of("a"), List.of(
            new Charts.BarGroup("x", List.of(new Charts.Bar("a", 10, Double.NaN))),
            new Charts.BarGroup("y", List.of(new Charts.Bar("a", 40, Double.NaN)))));
        final List<SvgCheck.Box> bars = SvgCheck.marks(svg).stream().filter(b -> b.what().equals("bar")).toList();
        assertEquals(2, bars.size());
        assertEquals(4.0, (bars.get(1).x2() - bars.get(1).x1()) / (bars.get(0).x2() - bars.get(0).x1()), 1e-3);
    }

    @Test
    void shouldDrawStackedBarsWithEverySegmentInsideAReadablePlot()
    {
        for (final int barCount : new int[] {1, 4, 30})
        {
            for (final double scale : new double[] {0.02, 1, 150, 40_000})
            {
                final List<Charts.StackedBar> bars = new ArrayList<>();
                int segments = 0;
                for (int b = 0; b < barCount; b++)
                {
                    final double[] values = new double[Stages.NAMES.size()];
                    for (int s = 0; s < values.length; s++)
                    {
                        values[s] = (s + b) % 4 == 0 ? 0 : s == 2 && b == 1 ? Double.NaN : scale * (1 + (s * b) % 7);
                        segments += values[s] > 0 ? 1 : 0;
                    }
                    bars.add(new Charts.StackedBar("mix=invalid-nat natValidation=LATE flows=1000000 #" + b, values));
                }
                final String svg = Charts.stackedBars("Where a packet's time goes: ns/packet per pipeline stage",
                    "ns/packet (measured forks' total, split by the profiler fork's shares)", Stages.NAMES, bars);
                assertReadable(svg);
                assertEquals(segments, count(svg, "class=\"bar\""));
                assertEquals(Stages.NAMES.size(), count(svg, "class=\"legend\""));
                assertEquals(barCount, count(svg, "class=\"value\""), "a total per bar");
            }
        }
    }

    @Test
    void shouldStackSegmentsEndToEndInProportionToTheirValues()
    {
        final String svg = Charts.stackedBars("t", "ns/packet", List.of("a", "b", "rest"), List.of(
            new Charts.StackedBar("x", new double[] {10, 30, 20}),
            new Charts.StackedBar("y", new double[] {15, 0, 5})));
        final List<SvgCheck.Box> bars = SvgCheck.marks(svg).stream().filter(b -> b.what().equals("bar")).toList();
        assertEquals(5, bars.size());
        final double unit = (bars.get(0).x2() - bars.get(0).x1()) / 10;
        assertEquals(30 * unit, bars.get(1).x2() - bars.get(1).x1(), 1e-2);
        assertEquals(bars.get(0).x2(), bars.get(1).x1(), 1e-2, "segments touch");
        assertEquals(bars.get(1).x2(), bars.get(2).x1(), 1e-2);
        assertEquals(bars.get(0).x1(), bars.get(3).x1(), 1e-2, "every bar starts at 0");
        assertEquals(20 * unit, bars.get(4).x2() - bars.get(3).x1(), 1e-2, "bar y is 20 long, the zero one skipped");
        final Matcher totals = Pattern.compile("class=\"value\"[^>]*>([0-9.]+)<").matcher(svg);
        assertTrue(totals.find() && totals.group(1).equals("60.0") && totals.find() && totals.group(1).equals("20.0"),
            "totals written");
        assertEquals("945", Charts.totalText(944.576));
        assertEquals("2044", Charts.totalText(2043.9));
        assertEquals("3.14", Charts.totalText(3.14159));
    }

    @Test
    void shouldRejectTheChartsXChartDrewForTheCommittedReports() throws IOException
    {
        final String broken = Files.readString(ReportTest.fixture("xchart-headline-f558b91.svg"));
        final List<String> problems = SvgCheck.problems(broken);
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).contains("negative size"), problems.toString());
    }

    @Test
    void shouldRejectOverlappingLabelsAndMarksOutsideThePlot()
    {
        final String ok = Charts.forest("t", "ratio", forestRows(3, 2));
        assertReadable(ok);
        assertFalse(SvgCheck.problems(ok.replace("class=\"label\" x=\"", "class=\"label\" x=\"1")).isEmpty());
        assertFalse(SvgCheck.problems(ok.replaceFirst("class=\"point\" cx=\"", "class=\"point\" cx=\"-")).isEmpty());
        final String overlapping = ok.replaceFirst("(<text class=\"label\" x=\"[0-9.]+\" y=\")[0-9.]+",
            "$1" + "70.00").replaceFirst("(<text class=\"label\" x=\"[0-9.]+\" y=\")[0-9.]+", "$1" + "72.00");
        assertTrue(SvgCheck.problems(overlapping).stream().anyMatch(p -> p.startsWith("texts overlap")));
    }

    private static int count(final String text, final String needle)
    {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
        {
            n++;
        }
        return n;
    }

    private static List<Double> numbers(final Pattern pattern, final String text)
    {
        final List<Double> out = new ArrayList<>();
        final Matcher m = pattern.matcher(text);
        while (m.find())
        {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }
}
