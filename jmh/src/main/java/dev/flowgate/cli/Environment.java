// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowgate.report.JmhJson;

/**
 * The facts of environment.json: machine, JDK, JVM flags, commit, profile, command line.
 */
final class Environment
{
    private Environment()
    {
    }

    static ObjectNode describe(final Path root, final String profile, final String forkJvm,
        final List<String> forkFlags, final List<String> commandLine)
    {
        final ObjectNode env = JmhJson.mapper().createObjectNode();
        env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        env.put("profile", profile);
        env.put("commandLine", "flowgate " + String.join(" ", commandLine));
        final Git git = new Git(root);
        env.put("commit", git.commit().orElse("unknown"));
        env.put("dirty", git.dirty());
        env.put("jvm", forkJvm);
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        final ArrayNode flags = env.putArray("jvmFlags");
        forkFlags.forEach(flags::add);
        env.put("cpuModel", cpuModel().orElse("unknown"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        memTotal().ifPresent(kb -> env.put("memoryMiB", kb / 1024));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        env.put("gc", "JVM default (no -XX:+Use*GC flag)");
        return env;
    }

    /**
     * The folder name of a run: {@code <yyyy-mm-dd>-<short-commit>[-dirty]}.
     *
     * @param root the repository.
     * @return the name.
     */
    static String runName(final Path root)
    {
        final Git git = new Git(root);
        return LocalDate.now() + "-" + git.shortCommit().orElse("nocommit") + (git.dirty() ? "-dirty" : "");
    }

    private static Optional<String> cpuModel()
    {
        return procLine("/proc/cpuinfo", "model name");
    }

    private static Optional<Long> memTotal()
    {
        return procLine("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")));
    }

    private static Optional<String> procLine(final String file, final String key)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of(file)))
            {
                if (line.startsWith(key))
                {
                    return Optional.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
