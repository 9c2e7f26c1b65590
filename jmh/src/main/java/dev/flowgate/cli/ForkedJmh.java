// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs JMH from another build's jar in a child JVM ({@code java -cp JAR org.openjdk.jmh.Main ...}): the classes of
 * a revision can only be run from its own jar.
 */
final class ForkedJmh
{
    /** Runs one JMH invocation of one benchmark and leaves its JSON results in a file. */
    @FunctionalInterface
    interface Invoker
    {
        /**
         * Runs the benchmark.
         *
         * @param classpath the class path of the benchmarks (a jar).
         * @param plan the benchmark and its parameter values.
         * @param jmhArgs further JMH arguments (forks, iterations, profilers).
         * @param json the results file to write.
         * @param log the file to append JMH's output to.
         * @return true when JMH succeeded and wrote the file.
         */
        boolean run(String classpath, SuiteRunner.Plan plan, List<String> jmhArgs, Path json, Path log)
            throws IOException, InterruptedException;
    }

    /** The real invoker: a child JVM on the given jar. */
    static Invoker javaProcess(final String javaBinary)
    {
        return (classpath, plan, jmhArgs, json, log) ->
        {
            final List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", classpath,
                "org.openjdk.jmh.Main", Catalog.exactly(plan.benchmark().name())));
            for (final Map.Entry<String, List<String>> p : plan.params().entrySet())
            {
                command.add("-p");
                command.add(p.getKey() + "=" + String.join(",", p.getValue()));
            }
            command.addAll(jmhArgs);
            command.addAll(List.of("-foe", "true", "-rf", "json", "-rff", json.toString()));
            Files.deleteIfExists(json);
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return process.waitFor() == 0 && Files.isRegularFile(json);
        };
    }

    private ForkedJmh()
    {
    }

    static String currentJava()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
