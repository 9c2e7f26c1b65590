// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Opens report and comparison folders in headless Chromium and fails when a chart shows nothing or a page logs a
 * console error: what a reader would see, which the SVG unit tests cannot.
 *
 * <p>All charts, each at its own size and place, and the pages, each in a frame of {@value #PAGE_WIDTH} x
 * {@value #PAGE_HEIGHT} px, go into one page that one Chromium start screenshots (a start costs 6-15 s on the
 * shared 2-core CI machine; one per chart would break the stage's minute). The screenshot is cut back into one PNG
 * per chart and per page. A chart fails when the plot rectangle it declares has no pixel variance or no coloured
 * pixel (the data marks are the only colour inside it). The run fails on a {@code CONSOLE} line in Chromium's
 * {@code --enable-logging=stderr} output (it names the page) and on a page's link to a missing local file.
 *
 * <p>Usage: {@code BrowserCheck OUT_DIR FOLDER...}; the browser is {@code $CHROMIUM} or {@code chromium}.
 */
public final class BrowserCheck
{
    private static final Pattern SIZE = Pattern.compile("<svg [^>]*width=\"(\\d+)\" height=\"(\\d+)\"");
    private static final Pattern PLOT = Pattern.compile(
        "class=\"plot\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
    private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    private static final int PAGE_WIDTH = 1280;
    private static final int PAGE_HEIGHT = 2400;
    private static final int COLOURED = 60;
    private static final long TIMEOUT_SECONDS = 90;

    private record Chart(Path file, int width, int height, int top, double[] plot)
    {
    }

    private BrowserCheck()
    {
    }

    /**
     * Runs the check.
     *
     * @param args the output folder for screenshots, then the report or comparison folders to check.
     * @throws IOException when a file cannot be read or written.
     * @throws InterruptedException when interrupted while Chromium runs.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        if (args.length < 2)
        {
            System.err.println("usage: BrowserCheck OUT_DIR FOLDER...");
            System.exit(2);
        }
        final Path out = Path.of(args[0]);
        Files.createDirectories(out);
        final List<String> failures = new ArrayList<>();
        final List<Chart> charts = new ArrayList<>();
        final List<Path> pages = new ArrayList<>();
        int top = 0;
        for (int i = 1; i < args.length; i++)
        {
            try (Stream<Path> files = Files.list(Path.of(args[i])))
            {
                for (final Path file : files.sorted().toList())
                {
                    final String name = file.getFileName().toString();
                    if (name.endsWith(".svg"))
                    {
                        final Chart chart = chart(file, top, failures);
                        if (chart != null)
                        {
                            charts.add(chart);
                            top += chart.height();
                        }
                    }
                    else if (name.equals("report.html") || name.equals("comparison.html"))
                    {
                        pages.add(file);
                    }
                }
            }
        }
        if (!charts.isEmpty() || !pages.isEmpty())
        {
            check(charts, pages, top, out, failures);
        }
        System.out.printf(Locale.ROOT, "browser check: %d charts, %d pages, screenshots in %s%n", charts.size(),
            pages.size(), out);
        failures.forEach(f -> System.out.println("FAIL " + f));
        System.exit(failures.isEmpty() && (charts.size() + pages.size()) > 0 ? 0 : 1);
    }

    private static Chart chart(final Path file, final int top, final List<String> failures) throws IOException
    {
        final String svg = Files.readString(file);
        final Matcher size = SIZE.matcher(svg);
        final Matcher plot = PLOT.matcher(svg);
        if (!size.find() || !plot.find())
        {
            failures.add(file + ": no size or no plot rectangle (rect class=\"plot\") declared");
            return null;
        }
        final double[] rect = new double[4];
        for (int i = 0; i < 4; i++)
        {
            rect[i] = Double.parseDouble(plot.group(i + 1));
        }
        return new Chart(file, Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2)), top, rect);
    }

    private static void check(final List<Chart> charts, final List<Path> pages, final int pagesTop, final Path out,
        final List<String> failures) throws IOException, InterruptedException
    {
        final StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" +
            "<style>body{margin:0}img,iframe{position:absolute;left:0;display:block;border:0}</style></head>" +
            "<body>\n");
        int width = PAGE_WIDTH;
        for (final Chart c : charts)
        {
            page.append(String.format(Locale.ROOT, "<img src=\"%s\" style=\"top:%dpx;width:%dpx;height:%dpx\">%n",
                c.file().toAbsolutePath().toUri(), c.top(), c.width(), c.height()));
            width = Math.max(width, c.width());
        }
        for (int i = 0; i < pages.size(); i++)
        {
            checkLinks(pages.get(i), failures);
            page.append(String.format(Locale.ROOT, "<iframe src=\"%s\" style=\"top:%dpx;width:%dpx;height:%dpx\">" +
                "</iframe>%n", pages.get(i).toAbsolutePath().toUri(), pagesTop + i * PAGE_HEIGHT, PAGE_WIDTH,
                PAGE_HEIGHT));
        }
        final Path html = Files.writeString(out.resolve("charts.html"), page.append("</body></html>\n").toString());
        final BufferedImage all = screenshot(html, out.resolve("charts.png"), width,
            pagesTop + pages.size() * PAGE_HEIGHT, failures);
        if (all == null)
        {
            return;
        }
        for (final Chart c : charts)
        {
            final BufferedImage image = all.getSubimage(0, c.top(), c.width(), c.height());
            ImageIO.write(image, "png", out.resolve(name(c.file(), ".png")).toFile());
            final String problem = blankPlot(image, c.plot());
            if (problem != null)
            {
                failures.add(c.file() + ": " + problem);
            }
        }
        for (int i = 0; i < pages.size(); i++)
        {
            ImageIO.write(all.getSubimage(0, pagesTop + i * PAGE_HEIGHT, PAGE_WIDTH, PAGE_HEIGHT), "png",
                out.resolve(name(pages.get(i), "-page.png")).toFile());
        }
    }

    private static String name(final Path file, final String suffix)
    {
        final String base = file.getFileName().toString();
        return file.toAbsolutePath().getParent().getFileName() + "-" + base.substring(0, base.lastIndexOf('.')) +
            suffix;
    }

    /**
     * Why a chart's plot looks empty, or null when it shows data.
     *
     * @param image the chart's screenshot.
     * @param plot the plot rectangle: x, y, width, height.
     * @return the problem, or null.
     */
    static String blankPlot(final BufferedImage image, final double[] plot)
    {
        final int x1 = Math.max(0, (int) Math.ceil(plot[0]) + 2);
        final int y1 = Math.max(0, (int) Math.ceil(plot[1]) + 2);
        final int x2 = Math.min(image.getWidth(), (int) Math.floor(plot[0] + plot[2]) - 2);
        final int y2 = Math.min(image.getHeight(), (int) Math.floor(plot[1] + plot[3]) - 2);
        if (x2 <= x1 || y2 <= y1)
        {
            return "plot rectangle has no area on screen";
        }
        double sum = 0;
        double sumSquares = 0;
        long coloured = 0;
        final long n = (long) (x2 - x1) * (y2 - y1);
        for (int y = y1; y < y2; y++)
        {
            for (int x = x1; x < x2; x++)
            {
                final int rgb = image.getRGB(x, y);
                final int r = rgb >> 16 & 0xff;
                final int g = rgb >> 8 & 0xff;
                final int b = rgb & 0xff;
                final double grey = (r + g + b) / 3.0;
                sum += grey;
                sumSquares += grey * grey;
                coloured += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > COLOURED ? 1 : 0;
            }
        }
        final double variance = sumSquares / n - (sum / n) * (sum / n);
        if (variance < 1e-9)
        {
            return "plot rectangle is blank (no pixel variance)";
        }
        return coloured == 0 ? "plot rectangle shows no data mark (no coloured pixel)" : null;
    }

    private static void checkLinks(final Path page, final List<String> failures) throws IOException
    {
        final Matcher link = LINK.matcher(Files.readString(page));
        while (link.find())
        {
            if (!Files.exists(page.getParent().resolve(link.group(1))))
            {
                failures.add(page + ": links to a missing file " + link.group(1));
            }
        }
    }

    private static BufferedImage screenshot(final Path page, final Path png, final int width, final int height,
        final List<String> failures) throws IOException, InterruptedException
    {
        final String browser = System.getenv().getOrDefault("CHROMIUM", "chromium");
        final Path log = png.resolveSibling(png.getFileName() + ".log");
        Files.deleteIfExists(png);
        final Process process = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--force-device-scale-factor=1",
            "--enable-logging=stderr", "--v=0", "--window-size=" + width + "," + height,
            "--screenshot=" + png.toAbsolutePath(), page.toAbsolutePath().toUri().toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            failures.add(page + ": Chromium did not finish in " + TIMEOUT_SECONDS + " s (log " + log + ")");
            return null;
        }
        for (final String line : Files.readAllLines(log))
        {
            if (line.contains(":CONSOLE"))
            {
                failures.add("console message: " + line.substring(line.indexOf(":CONSOLE")));
            }
        }
        if (!Files.isRegularFile(png))
        {
            failures.add(page + ": Chromium wrote no screenshot (exit " + process.exitValue() + ", log " + log + ")");
            return null;
        }
        return ImageIO.read(png.toFile());
    }
}
