// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the citations of Markdown documents in the repository's sources and checks that each cited file exists and
 * has a heading for each cited section. A citation is a {@code .md} path relative to the repository root, optionally
 * followed by section numbers ({@code section 3.4}, {@code sections 2.5 to 2.8}, {@code 1.3 and 1.4},
 * {@code Appendix A}) or by a quoted heading title ({@code "Runner output"}). The section may wrap onto the next
 * line of a comment.
 */
final class SpecCitations
{
    /** Folders scanned, relative to the repository root. */
    static final List<String> SCANNED = List.of("core", "jmh", "stress", "docs", "scenarios", "profiles");

    /** File names the tools write (reports, comparisons, {@code comparison.json/.md}): mentioned, never cited. */
    private static final Set<String> OUTPUTS = Set.of("report.md", "comparison.md", "pair.md");

    /** This checker and its test: their fixtures hold broken citations on purpose. */
    private static final Set<String> SELF = Set.of("SpecCitations.java", "SpecCitationsTest.java");

    /** The normative documents outside the repository, named as the issues name them. */
    private static final String EXTERNAL = "../shared/";

    private static final Pattern FILE = Pattern.compile("(?<![\\w./-])((?:\\.\\./)*\\w[\\w./-]*\\.md)(?![\\w-])");
    private static final String NUM = "(?:\\d+(?:\\.\\d+)*|Appendix [A-Z])";
    private static final Pattern SECTIONS = Pattern.compile(
        "^[`}]*\\)?\\s*,?\\s*(?:(?:sections?|§)\\s*)?(" + NUM + "(?:\\s*(?:,|and|to)\\s*" + NUM + ")*)");
    private static final Pattern ONE_NUM = Pattern.compile(NUM);
    private static final Pattern NAMED = Pattern.compile("^[`}]*\\s*,?\\s*\\(?\\s*\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$");
    private static final Pattern HEADING_ID = Pattern.compile("^(" + NUM + ")[.):]?(?:\\s+(.*))?$");
    private static final Pattern COMMENT_LEAD = Pattern.compile("^\\s*(?:\\*|//|#)?\\s*");

    private SpecCitations()
    {
    }

    /**
     * Checks every citation under the scanned folders of a repository.
     *
     * @param root the repository root.
     * @return one line per bad citation, {@code path:line: reason}, in file order; empty when all resolve.
     * @throws IOException if a file cannot be read.
     */
    static List<String> check(final Path root) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        for (final String dir : SCANNED)
        {
            final Path d = root.resolve(dir);
            if (!Files.isDirectory(d))
            {
                continue;
            }
            try (Stream<Path> walk = Files.walk(d))
            {
                files.addAll(walk.filter(Files::isRegularFile).filter(p -> scanned(root.relativize(p)))
                    .sorted().collect(Collectors.toList()));
            }
        }
        final List<String> problems = new ArrayList<>();
        for (final Path file : files)
        {
            checkFile(root, file, problems);
        }
        return problems;
    }

    /**
     * @param rel a path relative to the root.
     * @return whether it is a source or document that may cite (build output and hidden folders are not).
     */
    private static boolean scanned(final Path rel)
    {
        for (final Path part : rel)
        {
            final String s = part.toString();
            if (s.equals("target") || s.startsWith("."))
            {
                return false;
            }
        }
        final String name = rel.getFileName().toString();
        return !SELF.contains(name) &&
            (name.endsWith(".java") || name.endsWith(".md") || name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static void checkFile(final Path root, final Path file, final List<String> problems) throws IOException
    {
        final List<String> lines = Files.readAllLines(file);
        final String where = root.relativize(file).toString().replace('\\', '/');
        for (int i = 0; i < lines.size(); i++)
        {
            final Matcher m = FILE.matcher(lines.get(i));
            while (m.find())
            {
                String tail = lines.get(i).substring(m.end());
                if (tail.replaceAll("[`})]", "").isBlank() && i + 1 < lines.size())
                {
                    tail = tail + " " + COMMENT_LEAD.matcher(lines.get(i + 1)).replaceFirst("");
                }
                final String reason = checkCitation(root, m.group(1), tail);
                if (reason != null)
                {
                    problems.add(where + ":" + (i + 1) + ": " + reason);
                }
            }
        }
    }

    /**
     * @param root  the repository root.
     * @param cited the cited path as written.
     * @param tail  the text after it (with the next line when the citation wraps).
     * @return why the citation does not resolve, or null when it does (or is not a citation).
     */
    static String checkCitation(final Path root, final String cited, final String tail) throws IOException
    {
        if (cited.startsWith(EXTERNAL) || OUTPUTS.contains(cited) || cited.endsWith("/.md"))
        {
            return null;
        }
        final Path target = root.resolve(cited).normalize();
        if (!target.startsWith(root.normalize()) || !Files.isRegularFile(target))
        {
            return "cites " + cited + ", which is not a file of the repository (cite it by its path from the root)";
        }
        final Set<String> ids = new HashSet<>();
        final Set<String> titles = new HashSet<>();
        for (final String line : Files.readAllLines(target))
        {
            final Matcher h = HEADING.matcher(line);
            if (h.matches())
            {
                final String text = h.group(1);
                titles.add(text);
                final Matcher id = HEADING_ID.matcher(text);
                if (id.matches())
                {
                    ids.add(id.group(1));
                    if (id.group(2) != null)
                    {
                        titles.add(id.group(2));
                    }
                }
            }
        }
        final Matcher named = NAMED.matcher(tail);
        if (named.find())
        {
            return titles.contains(named.group(1)) ? null :
                "cites " + cited + " \"" + named.group(1) + "\", which has no such heading";
        }
        final Matcher sections = SECTIONS.matcher(tail);
        if (sections.find())
        {
            final Matcher n = ONE_NUM.matcher(sections.group(1));
            while (n.find())
            {
                if (!ids.contains(n.group()))
                {
                    return "cites " + cited + " section " + n.group() + ", which has no heading numbered " + n.group();
                }
            }
        }
        return null;
    }
}
