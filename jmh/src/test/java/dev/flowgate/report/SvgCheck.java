// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks a chart's SVG the way a reader would look at it: a plot area of positive size, every text inside the
 * canvas, no two texts overlapping, every data mark inside the plot area. Text boxes are estimated from the
 * monospace advance the charts lay out with.
 */
final class SvgCheck
{
    private static final double TOLERANCE = 0.5;
    private static final double MIN_PLOT_WIDTH = 200;

    /** A box: left, top, right, bottom. */
    record Box(double x1, double y1, double x2, double y2, String what)
    {
        boolean inside(final Box outer)
        {
            return x1 >= outer.x1 - TOLERANCE && y1 >= outer.y1 - TOLERANCE && x2 <= outer.x2 + TOLERANCE &&
                y2 <= outer.y2 + TOLERANCE;
        }

        boolean overlaps(final Box other)
        {
            return x1 < other.x2 - TOLERANCE && other.x1 < x2 - TOLERANCE && y1 < other.y2 - TOLERANCE &&
                other.y1 < y2 - TOLERANCE;
        }
    }

    private SvgCheck()
    {
    }

    static List<String> problems(final String svg)
    {
        final List<String> problems = new ArrayList<>();
        final Document doc = parse(svg);
        final Element root = doc.getDocumentElement();
        final Box canvas = new Box(0, 0, number(root, "width"), number(root, "height"), "canvas");
        Box plot = null;
        final NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++)
        {
            final Element rect = (Element) rects.item(i);
            final double w = number(rect, "width");
            final double h = number(rect, "height");
            if (w < 0 || h < 0)
            {
                problems.add("rect of negative size " + w + " x " + h);
            }
            if ("plot".equals(rect.getAttribute("class")))
            {
                plot = new Box(number(rect, "x"), number(rect, "y"), number(rect, "x") + w, number(rect, "y") + h,
                    "plot");
            }
        }
        if (plot == null)
        {
            problems.add("no plot area (rect class=\"plot\")");
            return problems;
        }
        if (plot.x2 - plot.x1 < MIN_PLOT_WIDTH || plot.y2 - plot.y1 <= 0)
        {
            problems.add(String.format(Locale.ROOT, "plot area %.1f x %.1f", plot.x2 - plot.x1, plot.y2 - plot.y1));
        }
        if (!plot.inside(canvas))
        {
            problems.add("plot area outside the canvas");
        }
        final List<Box> texts = texts(doc);
        for (int i = 0; i < texts.size(); i++)
        {
            if (!texts.get(i).inside(canvas))
            {
                problems.add("text outside the canvas: " + texts.get(i).what());
            }
            for (int j = i + 1; j < texts.size(); j++)
            {
                if (texts.get(i).overlaps(texts.get(j)))
                {
                    problems.add("texts overlap: '" + texts.get(i).what() + "' and '" + texts.get(j).what() + "'");
                }
            }
        }
        for (final Box mark : marks(doc))
        {
            if (!mark.inside(plot))
            {
                problems.add("data mark outside the plot area: " + mark.what());
            }
        }
        return problems;
    }

    static List<Box> marks(final String svg)
    {
        return marks(parse(svg));
    }

    private static List<Box> marks(final Document doc)
    {
        final List<Box> marks = new ArrayList<>();
        final NodeList circles = doc.getElementsByTagName("circle");
        for (int i = 0; i < circles.getLength(); i++)
        {
            final Element c = (Element) circles.item(i);
            final double r = number(c, "r");
            marks.add(new Box(number(c, "cx") - r, number(c, "cy") - r, number(c, "cx") + r, number(c, "cy") + r,
                c.getAttribute("class") + " at " + c.getAttribute("cx") + "," + c.getAttribute("cy")));
        }
        final NodeList lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++)
        {
            final Element l = (Element) lines.item(i);
            final double x1 = number(l, "x1");
            final double x2 = number(l, "x2");
            final double y1 = number(l, "y1");
            final double y2 = number(l, "y2");
            marks.add(new Box(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2),
                l.getAttribute("class") + " line"));
        }
        final NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++)
        {
            final Element r = (Element) rects.item(i);
            if ("bar".equals(r.getAttribute("class")))
            {
                marks.add(new Box(number(r, "x"), number(r, "y"), number(r, "x") + number(r, "width"),
                    number(r, "y") + number(r, "height"), "bar"));
            }
        }
        return marks;
    }

    private static List<Box> texts(final Document doc)
    {
        final List<Box> boxes = new ArrayList<>();
        final NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++)
        {
            final Element t = (Element) texts.item(i);
            final double size = t.hasAttribute("font-size") ? number(t, "font-size") : 16;
            final double width = t.getTextContent().length() * size * Svg.CHAR_EM;
            final double x = number(t, "x");
            final double y = number(t, "y");
            final String anchor = t.getAttribute("text-anchor");
            final double left = "end".equals(anchor) ? x - width : "middle".equals(anchor) ? x - width / 2 : x;
            boxes.add(new Box(left, y - size * 0.8, left + width, y + size * 0.2, t.getTextContent()));
        }
        return boxes;
    }

    private static double number(final Element element, final String attribute)
    {
        final String value = element.getAttribute(attribute).replace("px", "").trim();
        return value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    private static Document parse(final String svg)
    {
        try
        {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("not well-formed SVG: " + ex.getMessage(), ex);
        }
    }
}
