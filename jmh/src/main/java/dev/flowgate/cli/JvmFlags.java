// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags every flowgate JVM runs with (the CLI, every benchmark fork, the tests): no network calls from
 * Chronicle Map, and the module openings Agrona and Chronicle need. The list is defined once, in the parent pom's
 * {@code flowgate.jvm.flags} property (surefire uses it directly); the build copies it into this jar, and the
 * launcher asks this class for it ({@code java -cp benchmarks.jar dev.flowgate.cli.JvmFlags} prints one flag per
 * line, the format of a {@code java @argfile}).
 */
public final class JvmFlags
{
    private static final List<String> FLAGS = load();

    private JvmFlags()
    {
    }

    /**
     * The project's JVM flags.
     *
     * @return the flags, in order.
     */
    public static List<String> project()
    {
        return FLAGS;
    }

    /**
     * A fixed, pre-touched heap.
     *
     * @param heap the size, e.g. {@code 2g}, used for both -Xms and -Xmx.
     * @return the three flags.
     */
    public static List<String> heap(final String heap)
    {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch");
    }

    /**
     * The flags of a benchmark fork: a fixed, pre-touched heap and the project's flags.
     *
     * @param heap the heap size, e.g. {@code 2g}, used for both -Xms and -Xmx.
     * @return the flags.
     */
    public static List<String> fork(final String heap)
    {
        final List<String> flags = new ArrayList<>(heap(heap));
        flags.addAll(FLAGS);
        return flags;
    }

    /**
     * Prints the project's flags, one per line.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        for (final String flag : FLAGS)
        {
            System.out.println(flag);
        }
    }

    private static List<String> load()
    {
        final Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream("jvm.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("jvm.properties missing from the jar: rebuild with mvn package");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String flags = properties.getProperty("flags", "").trim();
        if (flags.isEmpty() || flags.startsWith("${"))
        {
            throw new IllegalStateException("jvm.properties was not filtered by the build: rebuild with mvn package");
        }
        // "--add-opens X" becomes "--add-opens=X": one argument each, for process builders and argfiles alike.
        final List<String> list = new ArrayList<>();
        for (final String token : flags.split("\\s+"))
        {
            if (token.startsWith("-") || list.isEmpty())
            {
                list.add(token);
            }
            else
            {
                list.set(list.size() - 1, list.get(list.size() - 1) + "=" + token);
            }
        }
        return List.copyOf(list);
    }
}
