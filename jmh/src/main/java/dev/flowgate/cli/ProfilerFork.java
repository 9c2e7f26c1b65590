// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.JmhJson;
import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;

/**
 * One JMH fork of one benchmark under async-profiler ({@code -prof async}, JFR output), as {@code flowgate profile}
 * and {@code flowgate run --stages} take it.
 *
 * <p>A stage split ({@code byStage}) adds {@code -XX:+DebugNonSafepoints}, so that the frames of inlined stage
 * methods are attributed at the instruction sampled rather than at the last safepoint, and samples every
 * {@value #STAGE_INTERVAL_NANOS} ns instead of async-profiler's 10 ms: about 6,000 samples of the benchmark thread
 * in 6 s, which puts the standard error of a 30% share under 1 percentage point.
 */
final class ProfilerFork
{
    /** The sampling interval of a stage split. */
    static final long STAGE_INTERVAL_NANOS = 1_000_000L;

    /** 1 fork, 2 x 1 s warm-up, 3 x 2 s measurement: what JMH's async profiler records. */
    private static final List<String> TIMES = List.of("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "2s");

    /**
     * What a profiler fork left behind, in its own work folder.
     *
     * @param work the work folder (delete it when done).
     * @param jfr the recording.
     * @param log JMH's output.
     * @param nsPerPacket ns/packet (or per operation) JMH measured in the fork, NaN when not convertible.
     */
    record Recording(Path work, Path jfr, Path log, double nsPerPacket)
    {
    }

    private ProfilerFork()
    {
    }

    /**
     * Runs the fork.
     *
     * @param plan the benchmark, one value per parameter.
     * @param classpath the class path of the benchmarks.
     * @param event the async-profiler event.
     * @param byStage whether this is a stage split (see the class comment).
     * @param dir the folder to make the work folder in.
     * @param terminal where to say what runs.
     * @return the recording.
     * @throws IOException when a file cannot be written.
     * @throws InterruptedException when interrupted while JMH runs.
     */
    static Recording run(final SuiteRunner.Plan plan, final String classpath, final String event,
        final boolean byStage, final Path dir, final PrintStream terminal) throws IOException, InterruptedException
    {
        final Path work = Files.createTempDirectory(dir, ".async-");
        final String library = AsyncProfilerLoader.getAsyncProfilerPath().toString();
        final List<String> jvmArgs = new ArrayList<>(JvmFlags.fork(RunProfile.STANDARD.heap));
        String profiler = "async:libPath=" + library + ";output=jfr;dir=" + work + ";event=" + event;
        if (byStage)
        {
            jvmArgs.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
            profiler += ";interval=" + STAGE_INTERVAL_NANOS;
        }
        final List<String> args = new ArrayList<>(TIMES);
        args.addAll(List.of("-prof", profiler, "-jvmArgs", String.join(" ", jvmArgs)));
        final Path log = work.resolve("jmh.log");
        final Path json = work.resolve("results.json");
        terminal.printf(Locale.ROOT, "profiling %s %s (event %s, 1 fork, 2 x 1 s warm-up, 3 x 2 s; ~20 s) ...%n",
            plan.benchmark().name(), Catalog.describe(plan.params()), event);
        if (!ForkedJmh.javaProcess(ForkedJmh.currentJava()).run(classpath, plan, args, json, log))
        {
            throw new IllegalStateException("the benchmark failed under the profiler, see " + log);
        }
        final Path jfr;
        try (Stream<Path> files = Files.walk(work))
        {
            jfr = files.filter(f -> f.toString().endsWith(".jfr")).findFirst()
                .orElseThrow(() -> new IllegalStateException("async-profiler wrote no JFR, see " + log));
        }
        final List<BenchmarkResult> results = JmhJson.read(json);
        return new Recording(work, jfr, log, results.isEmpty() ? Double.NaN : results.get(0).nsPerPacket());
    }

    /**
     * The async-profiler event for {@code cpu}: {@code cpu} where perf events are allowed, else {@code itimer} (with
     * a one-line notice), tried by starting and stopping the profiler in this JVM.
     *
     * @param terminal where the notice goes.
     * @return {@code cpu} or {@code itimer}.
     */
    static String cpuEvent(final PrintStream terminal)
    {
        try
        {
            final AsyncProfiler profiler = AsyncProfilerLoader.load();
            profiler.execute("start,event=cpu,interval=10ms");
            profiler.execute("stop");
            return "cpu";
        }
        catch (final IOException | RuntimeException | UnsatisfiedLinkError ex)
        {
            terminal.println("notice: perf events are not allowed here (" + firstLine(ex.getMessage()) +
                "); sampling with itimer instead of cpu");
            return "itimer";
        }
    }

    /**
     * Converts a recording with async-profiler's converter ({@code jfrconv}).
     *
     * @param args the converter's arguments, the output file last.
     * @param output the file it must write.
     * @throws IOException when it wrote nothing.
     */
    static void convert(final List<String> args, final Path output) throws IOException
    {
        final AsyncProfilerLoader.ExecutionResult result =
            AsyncProfilerLoader.executeConverter(args.toArray(new String[0]));
        if (!Files.isRegularFile(output) || Files.size(output) == 0)
        {
            throw new IllegalStateException("jfrconv wrote nothing to " + output + ": " + result.getStderr().trim());
        }
    }

    static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String firstLine(final String text)
    {
        return text == null ? "unknown reason" : text.lines().findFirst().orElse("").trim();
    }
}
