// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the memory-order naming convention (docs/spec/architecture.md section 4, JCTools prefixes) on source text:
 * every call of a {@code *_VH} VarHandle sits in a method whose name starts with the prefix of its access mode
 * ({@code lv} volatile load, {@code la} acquire, {@code lp} plain, {@code lo} opaque; {@code sv} volatile store,
 * {@code so} release, {@code sp} plain; {@code cas} compare-and-set), so no VarHandle is called outside its
 * accessor and no accessor's name hides its ordering.
 */
final class MemoryOrderNames
{
    /**
     * Access mode to prefix; a mode missing here has no name yet and is reported. A fetch-and-add keeps the mode's
     * own name, as JCTools' {@code getAndAddXxx} accessors do.
     */
    static final Map<String, String> PREFIXES = Map.of(
        "getVolatile", "lv", "getAcquire", "la", "get", "lp", "getOpaque", "lo",
        "setVolatile", "sv", "setRelease", "so", "setOpaque", "sop", "set", "sp", "compareAndSet", "cas",
        "getAndAdd", "getAndAdd");

    /**
     * Public per-packet readers that are their own accessors (file#method): their ordering is in their Javadoc, and
     * they call the VarHandle directly because one more private call level measured 1.3% slower on the SINGLE_LOCK
     * pipeline (paired, 20 forks; docs/measuring.md, "Issue #15's refactors against the data path"). Each entry must
     * still make a VarHandle call ({@link #check} reports one that does not).
     */
    static final Set<String> OWN_ACCESSORS = Set.of("dev/flowgate/flow/FlowInfo.java#status",
        "dev/flowgate/flow/FlowInfo.java#isActive", "dev/flowgate/flow/FlowInfo.java#genid",
        "dev/flowgate/flow/FlowInfo.java#expiresAt", "dev/flowgate/flow/FlowInfo.java#resetExpiry");

    private static final Pattern CALL = Pattern.compile("\\b[A-Z][A-Z0-9_]*_VH\\.(\\w+)\\(");
    private static final Pattern METHOD = Pattern.compile(
        "^ {4,8}(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|synchronized)\\s+)*"
            + "[\\w<>\\[\\],.?]+\\s+(\\w+)\\s*\\(");
    private static final List<String> NOT_DECLARATIONS = List.of("return", "new", "throw", "else");

    private MemoryOrderNames()
    {
    }

    /**
     * The violations under a source folder.
     *
     * @param sources  a folder of Java sources.
     * @param excluded path fragments (with '/') of files left out.
     * @return one line per violation: file, line, call, and what is wrong.
     */
    static List<String> check(final Path sources, final List<String> excluded) throws IOException
    {
        final List<String> problems = new ArrayList<>();
        final Set<String> unused = new TreeSet<>(OWN_ACCESSORS);
        try (Stream<Path> files = Files.walk(sources))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList())
            {
                final String name = sources.relativize(file).toString().replace('\\', '/');
                if (excluded.stream().noneMatch(name::contains))
                {
                    checkFile(name, Files.readAllLines(file), problems, unused);
                }
            }
        }
        unused.forEach(m -> problems.add(m + ": listed as its own accessor but makes no VarHandle call"));
        return problems;
    }

    static void checkFile(final String name, final List<String> lines, final List<String> problems,
        final Set<String> ownAccessorsUnused)
    {
        String method = null;
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            final Matcher declaration = METHOD.matcher(line);
            if (declaration.find() && !line.trim().endsWith(";") &&
                NOT_DECLARATIONS.stream().noneMatch(k -> line.trim().startsWith(k + " ")))
            {
                method = declaration.group(1);
            }
            final Matcher call = CALL.matcher(line);
            while (call.find())
            {
                final String mode = call.group(1);
                final String prefix = PREFIXES.get(mode);
                final String where = name + ":" + (i + 1) + ": " + call.group().replace("(", "");
                if (prefix == null)
                {
                    problems.add(where + ": access mode " + mode + " has no prefix in the convention");
                }
                else if (method != null && OWN_ACCESSORS.contains(name + "#" + method))
                {
                    ownAccessorsUnused.remove(name + "#" + method);
                }
                else if (method == null || !startsWithPrefix(method, prefix))
                {
                    problems.add(where + " in " + (method == null ? "no method" : method + "()") +
                        ": call it only from an accessor named " + prefix + "Xxx");
                }
            }
        }
    }

    private static boolean startsWithPrefix(final String method, final String prefix)
    {
        return method.startsWith(prefix) && method.length() > prefix.length() &&
            Character.isUpperCase(method.charAt(prefix.length()));
    }
}
