// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.Stages;

/**
 * {@code flowgate run --stages}: after the measured forks, one profiler fork per headline mix, whose cpu samples
 * split that mix's measured ns/packet by pipeline stage ({@value Stages#FILE} beside results.json, rendered by the
 * report). The headline mixes are the run's one-thread whole-pipeline results ({@link #BENCHMARK}), one per mix
 * and {@code natValidation}, at the parameters of the first such result; the flame graph of each profiler fork goes
 * under {@code stages/} in the run folder.
 */
final class StageForks
{
    /** The whole pipeline on one thread: the benchmark of the headline mixes. */
    static final String BENCHMARK = "dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread";

    /** What one profiler fork costs: JVM start, 2 GiB pre-touch, set-up, 2 x 1 s + 3 x 2 s, the conversion. */
    private static final int SECONDS_PER_FORK = 20;

    private StageForks()
    {
    }

    /**
     * The results to profile: one per mix and {@code natValidation}, the first of each in run order.
     *
     * @param results the run's results.
     * @return the selected results.
     */
    static List<BenchmarkResult> selected(final List<BenchmarkResult> results)
    {
        final Map<String, BenchmarkResult> byMix = new LinkedHashMap<>();
        for (final BenchmarkResult r : results)
        {
            if (BENCHMARK.equals(r.benchmark()) && r.threads() == 1)
            {
                byMix.putIfAbsent(r.params().get("mix") + " " + r.params().get("natValidation"), r);
            }
        }
        return new ArrayList<>(byMix.values());
    }

    /**
     * Profiles the selected results and writes {@value Stages#FILE}.
     *
     * @param results the run's results.
     * @param catalog the benchmarks of this build.
     * @param dir the run folder.
     * @param terminal where progress goes.
     * @return the number of profiler forks.
     * @throws IOException when a file cannot be written.
     */
    static int run(final List<BenchmarkResult> results, final Catalog catalog, final Path dir,
        final PrintStream terminal) throws IOException
    {
        try
        {
            return profile(results, catalog, dir, terminal);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            terminal.println("--stages: interrupted; no stage split");
            return 0;
        }
    }

    private static int profile(final List<BenchmarkResult> results, final Catalog catalog, final Path dir,
        final PrintStream terminal) throws IOException, InterruptedException
    {
        final List<BenchmarkResult> selected = selected(results);
        final Optional<Catalog.Benchmark> benchmark = catalog.all().stream()
            .filter(b -> b.name().equals(BENCHMARK)).findFirst();
        if (selected.isEmpty() || benchmark.isEmpty())
        {
            terminal.println("--stages: no one-thread " + BENCHMARK + " result in this run, so no stage split");
            return 0;
        }
        terminal.printf(Locale.ROOT, "--stages: %d profiler forks (one per mix and natValidation), about %d s%n",
            selected.size(), selected.size() * SECONDS_PER_FORK);
        final String event = ProfilerFork.cpuEvent(terminal);
        final Path flames = Files.createDirectories(dir.resolve("stages"));
        final List<Stages.Breakdown> breakdowns = new ArrayList<>();
        for (final BenchmarkResult r : selected)
        {
            final Map<String, List<String>> params = new LinkedHashMap<>();
            r.params().forEach((k, v) -> params.put(k, List.of(v)));
            final ProfilerFork.Recording recording;
            try
            {
                recording = ProfilerFork.run(new SuiteRunner.Plan(benchmark.get(), params),
                    System.getProperty("java.class.path"), event, true, dir, terminal);
            }
            catch (final IllegalStateException ex)
            {
                // One failed fork costs its bar, not the run's report.
                terminal.println("FAILED stage split of " + r.paramText() + ": " + ex.getMessage());
                continue;
            }
            final String name = "PipelineBenchmark.oneThread-mix=" + r.params().get("mix") + "-natValidation=" +
                r.params().get("natValidation") + "-" + event;
            final Path html = flames.resolve(name.replaceAll("[^A-Za-z0-9._=-]", "_") + ".html");
            ProfilerFork.convert(List.of("--cpu", "--title", BENCHMARK + " " + r.paramText() + " " + event,
                recording.jfr().toString(), html.toString()), html);
            final long[] counts = Stages.count(recording.jfr());
            ProfilerFork.deleteTree(recording.work());
            final Stages.Breakdown breakdown = new Stages.Breakdown(BENCHMARK, r.params(), event, counts,
                recording.nsPerPacket());
            if (breakdown.samples() == 0)
            {
                terminal.println("FAILED stage split of " + r.paramText() + ": no sample of the benchmark thread");
                continue;
            }
            breakdowns.add(breakdown);
        }
        Stages.write(breakdowns, dir);
        return breakdowns.size();
    }
}
