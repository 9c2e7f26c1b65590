// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table of text cells rendered as Markdown, HTML or aligned terminal text.
 */
public final class Table
{
    private static final int LONG_CELL = 40;
    private static final Pattern FIGURE = Pattern.compile(
        "-|[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?(%|/\\d+)?(\\s.*)?");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Creates a table.
     *
     * @param headers the column headers.
     */
    public Table(final List<String> headers)
    {
        this.headers = List.copyOf(headers);
    }

    /**
     * Adds a row.
     *
     * @param cells one cell per column.
     * @return this table.
     */
    public Table add(final List<String> cells)
    {
        if (cells.size() != headers.size())
        {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /**
     * The rows.
     *
     * @return the rows added so far.
     */
    public List<List<String>> rows()
    {
        return Collections.unmodifiableList(rows);
    }

    /**
     * Whether the table has no rows.
     *
     * @return true when empty.
     */
    public boolean isEmpty()
    {
        return rows.isEmpty();
    }

    /**
     * The table in Markdown.
     *
     * @return the text, ending with a newline.
     */
    public String markdown()
    {
        final StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", escapeAll(headers))).append(" |\n");
        out.append('|');
        for (int i = 0; i < headers.size(); i++)
        {
            out.append(i == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        for (final List<String> row : rows)
        {
            out.append("| ").append(String.join(" | ", escapeAll(row))).append(" |\n");
        }
        return out.toString();
    }

    /**
     * The table in HTML.
     *
     * @return a {@code <table>} element.
     */
    public String html()
    {
        final StringBuilder out = new StringBuilder("<table>\n<tr>");
        for (final String header : headers)
        {
            out.append("<th>").append(Html.escape(header)).append("</th>");
        }
        out.append("</tr>\n");
        for (final List<String> row : rows)
        {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++)
            {
                // Text reads left-aligned (long text, such as flags and sentences, also wrapped); figures stay
                // right-aligned so that their digits line up.
                final String cell = row.get(i);
                final String cls = cell.length() > LONG_CELL && !isFigure(cell) ? " class=\"l w\"" :
                    i == 0 || !isFigure(cell) ? " class=\"l\"" : "";
                out.append("<td").append(cls).append('>').append(Html.escape(row.get(i))).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    /**
     * The table as aligned plain text for a terminal.
     *
     * @return the text, ending with a newline.
     */
    public String text()
    {
        final int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++)
        {
            widths[i] = headers.get(i).length();
            for (final List<String> row : rows)
            {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        final StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (final List<String> row : rows)
        {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(final StringBuilder out, final List<String> cells, final int[] widths)
    {
        for (int i = 0; i < cells.size(); i++)
        {
            final String cell = cells.get(i);
            if (i == 0)
            {
                out.append(cell).append(" ".repeat(widths[i] - cell.length()));
            }
            else
            {
                out.append("  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
            }
        }
        out.append('\n');
    }

    /**
     * Whether a cell is a figure: it starts with a number ({@code 12.5}, {@code -3}, {@code 1.2e+07 ± 3e+05 ops/s},
     * {@code 0.98 [0.90, 1.05]}, {@code 3/3}), or is {@code -}, a figure that is missing.
     *
     * @param cell the cell's text.
     * @return true for a figure.
     */
    static boolean isFigure(final String cell)
    {
        return FIGURE.matcher(cell).matches();
    }

    private static List<String> escapeAll(final List<String> cells)
    {
        final List<String> escaped = new ArrayList<>();
        for (final String cell : cells)
        {
            escaped.add(cell.replace("|", "\\|"));
        }
        return escaped;
    }
}
