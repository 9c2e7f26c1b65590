// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.List;

/**
 * A page written once and rendered twice, as Markdown and as HTML, so the two formats of a report cannot drift.
 */
final class Doc
{
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    Doc(final String title)
    {
        md.append("# ").append(title).append("\n\n");
        html.append(Html.head(title));
    }

    Doc heading(final int level, final String text)
    {
        md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        html.append("<h").append(level).append('>').append(Html.escape(text)).append("</h").append(level)
            .append(">\n");
        return this;
    }

    Doc para(final String text)
    {
        md.append(text).append("\n\n");
        html.append("<p>").append(Html.escape(text).replaceAll("`([^`]+)`", "<code>$1</code>")).append("</p>\n");
        return this;
    }

    Doc notice(final String text)
    {
        md.append("> **").append(text).append("**\n\n");
        html.append("<p class=\"notice\">").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    Doc quote(final String text)
    {
        md.append("> ").append(text).append("\n\n");
        html.append("<blockquote>").append(Html.escape(text)).append("</blockquote>\n");
        return this;
    }

    Doc table(final Table table)
    {
        md.append(table.markdown()).append('\n');
        html.append(table.html());
        return this;
    }

    Doc image(final String file, final String alt)
    {
        md.append("![").append(alt).append("](").append(file).append(")\n\n");
        html.append("<p><img src=\"").append(Html.escape(file)).append("\" alt=\"").append(Html.escape(alt))
            .append("\"></p>\n");
        return this;
    }

    Doc links(final List<String> files)
    {
        for (final String file : files)
        {
            md.append("- [").append(file).append("](").append(file).append(")\n");
        }
        md.append('\n');
        html.append("<ul>\n");
        for (final String file : files)
        {
            html.append("<li><a href=\"").append(Html.escape(file)).append("\">").append(Html.escape(file))
                .append("</a></li>\n");
        }
        html.append("</ul>\n");
        return this;
    }

    String markdown()
    {
        return md.toString();
    }

    String html()
    {
        return html + "</body></html>\n";
    }
}
