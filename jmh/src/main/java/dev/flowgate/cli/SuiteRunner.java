// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flowgate.report.JmhJson;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs benchmarks in this JVM through JMH's Runner API, one benchmark method at a time so that each gets exactly
 * the parameter values planned for it; forks use this jar's class path and the chosen JVM.
 */
final class SuiteRunner
{
    /**
     * One benchmark method with the parameter values it runs.
     *
     * @param benchmark the benchmark.
     * @param params every parameter of it with its values.
     * @param heap the forks' heap replacing the class's (e.g. {@code 1g}), or null.
     * @param setupSeconds the estimated trial set-up of one fork.
     * @param shotSeconds for a single-shot benchmark, the estimated seconds of one call.
     * @param passes how many times every combination runs the profile's forks, one pass over all combinations after
     *               the other: forks of the combinations a ratio compares alternate in time, so that a slow phase of
     *               the machine (a neighbour taking the shared cache) falls on both sides, and the intervals are
     *               over forks, which is where whole-pipeline runs vary most.
     */
    record Plan(Catalog.Benchmark benchmark, Map<String, List<String>> params, String heap, double setupSeconds,
        double shotSeconds, int passes)
    {
        Plan(final Catalog.Benchmark benchmark, final Map<String, List<String>> params)
        {
            this(benchmark, params, null, ProfilePlan.DEFAULT_SETUP_SECONDS, 0, 1);
        }

        Plan
        {
            if (passes < 1)
            {
                throw new IllegalArgumentException("passes must be at least 1: " + passes);
            }
        }

        int combinations()
        {
            return Catalog.combinations(params);
        }

        /**
         * Combinations run, counting every pass.
         *
         * @return combinations times passes.
         */
        int runs()
        {
            return combinations() * passes;
        }
    }

    /**
     * What a run produced.
     *
     * @param results JMH's results in its JSON format, the forks of every pass of a combination merged into one entry.
     * @param failures the combinations that failed.
     */
    record Outcome(ArrayNode results, List<ProgressFormat.Failure> failures)
    {
    }

    private final RunProfile profile;
    private final String jvm;

    SuiteRunner(final RunProfile profile, final String jvm)
    {
        this.profile = profile;
        this.jvm = jvm;
    }

    Outcome run(final List<Plan> plans, final Path log, final PrintStream terminal) throws FileNotFoundException
    {
        final int total = plans.stream().mapToInt(Plan::runs).sum();
        final List<ArrayNode> passes = new ArrayList<>();
        try (PrintStream logStream = new PrintStream(log.toFile()))
        {
            final ProgressFormat progress = new ProgressFormat(
                OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), terminal, total,
                ProfilePlan.estimates(plans, profile));
            for (final Plan plan : plans)
            {
                final ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(Catalog.exactly(plan.benchmark().name()))
                    .forks(profile.forks)
                    .addProfiler("gc")
                    .jvmArgs(JvmFlags.fork(profile.heap).toArray(new String[0]))
                    .shouldFailOnError(false);
                if (!plan.benchmark().singleShot() || profile.fixesHeap())
                {
                    // A single-shot iteration is one call (seconds at large sizes): standard and full keep the class's
                    // counts, its time-based settings mean nothing.
                    options.warmupIterations(profile.warmupIterations)
                        .warmupTime(TimeValue.milliseconds(profile.warmupMillis))
                        .measurementIterations(profile.iterations)
                        .measurementTime(TimeValue.milliseconds(profile.iterationMillis));
                }
                if (plan.heap() != null || profile.fixesHeap())
                {
                    // Replaces a class's own jvmArgsAppend (sized for its largest parameters): small runs stay quick.
                    options.jvmArgsAppend(JvmFlags.heap(plan.heap() != null ? plan.heap() : profile.heap)
                        .toArray(new String[0]));
                }
                if (jvm != null)
                {
                    options.jvm(jvm);
                }
                for (final Map.Entry<String, List<String>> p : plan.params().entrySet())
                {
                    options.param(p.getKey(), p.getValue().toArray(new String[0]));
                }
                for (int pass = 0; pass < plan.passes(); pass++)
                {
                    try
                    {
                        passes.add(json(new Runner(options.build(), progress).run()));
                    }
                    catch (final RunnerException ex)
                    {
                        throw new IllegalStateException("JMH could not run " + plan.benchmark().name() + ": " +
                            ex.getMessage(), ex);
                    }
                }
            }
            terminal.printf("ran %d combinations in %s; JMH log: %s%n", total,
                ProgressFormat.clock(progress.elapsedSeconds()), log);
            return new Outcome(JmhJson.merge(passes), progress.failures());
        }
    }

    private static ArrayNode json(final Collection<RunResult> results)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8))
        {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
        try
        {
            final JsonNode tree = JmhJson.mapper().readTree(bytes.toByteArray());
            return tree.isArray() ? (ArrayNode) tree : JmhJson.mapper().createArrayNode();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("JMH wrote JSON its own reader cannot parse", ex);
        }
    }

    static void writeJson(final ArrayNode results, final Path file) throws IOException
    {
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), results);
    }
}
