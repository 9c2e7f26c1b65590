// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

/**
 * Small helpers for the HTML pages of reports and comparisons.
 */
public final class Html
{
    /**
     * The style sheet of every page. The page is at most 1200 px wide (1136 px and its margins): a table wider than
     * that scrolls in its own box instead of widening the page, and headers wrap.
     */
    public static final String STYLE = "<style>body{font-family:sans-serif;margin:2em;max-width:1136px}" +
        "table{border-collapse:collapse;margin:1em 0;display:block;overflow-x:auto;max-width:100%}" +
        "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right;font-family:monospace;white-space:nowrap}" +
        "th{white-space:normal;vertical-align:bottom}td.l,th{text-align:left}" +
        "td.w{white-space:normal;max-width:60em}" +
        ".bad{color:#b00;font-weight:bold}.good{color:#070}img{max-width:100%}" +
        ".notice{background:#fff4d6;border:1px solid #d9b44a;padding:.6em 1em;font-weight:bold}</style>\n";

    private Html()
    {
    }

    /**
     * Escapes text for HTML element content and attribute values.
     *
     * @param text the text.
     * @return the escaped text.
     */
    public static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The start of a page up to and including the body tag.
     *
     * @param title the page title.
     * @return the HTML.
     */
    public static String head(final String title)
    {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n" +
            STYLE + "</head><body>\n<h1>" + escape(title) + "</h1>\n";
    }
}
