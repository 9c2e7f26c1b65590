// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.Locale;

/**
 * A minimal SVG writer for the report charts. Text is set in a monospace font so that a label's width is known
 * when the chart is laid out (characters are {@link #CHAR_EM} em wide), which lets the layout size the margins to
 * the labels instead of letting labels crowd the plot.
 */
final class Svg
{
    /** Advance width of one character of the monospace font, in em (DejaVu Sans Mono, Liberation Mono: 0.60). */
    static final double CHAR_EM = 0.61;

    private static final String FONT = "DejaVu Sans Mono, Liberation Mono, monospace";

    private final int width;
    private final int height;
    private final StringBuilder body = new StringBuilder();

    Svg(final int width, final int height)
    {
        this.width = width;
        this.height = height;
    }

    static double textWidth(final String text, final int size)
    {
        return text.length() * size * CHAR_EM;
    }

    Svg text(final double x, final double y, final String anchor, final int size, final String cls,
        final String text)
    {
        body.append("<text class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
            .append("\" font-size=\"").append(size).append("\" text-anchor=\"").append(anchor).append("\">")
            .append(Html.escape(text)).append("</text>\n");
        return this;
    }

    Svg rect(final String cls, final double x, final double y, final double w, final double h, final String fill,
        final String stroke)
    {
        body.append("<rect class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
            .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"")
            .append(fill).append("\" stroke=\"").append(stroke).append("\"/>\n");
        return this;
    }

    Svg line(final String cls, final double x1, final double y1, final double x2, final double y2,
        final String stroke, final double strokeWidth)
    {
        body.append("<line class=\"").append(cls).append("\" x1=\"").append(num(x1)).append("\" y1=\"")
            .append(num(y1)).append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2))
            .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(strokeWidth))
            .append("\"/>\n");
        return this;
    }

    Svg circle(final String cls, final double cx, final double cy, final double r, final String fill)
    {
        body.append("<circle class=\"").append(cls).append("\" cx=\"").append(num(cx)).append("\" cy=\"")
            .append(num(cy)).append("\" r=\"").append(num(r)).append("\" fill=\"").append(fill).append("\"/>\n");
        return this;
    }

    @Override
    public String toString()
    {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
            width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"" +
            FONT + "\">\n<rect class=\"canvas\" x=\"0\" y=\"0\" width=\"" + width + "\" height=\"" + height +
            "\" fill=\"#ffffff\" stroke=\"none\"/>\n" + body + "</svg>\n";
    }

    static String num(final double value)
    {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
