// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Runs one benchmark (1 fork) under async-profiler and writes an HTML flame graph and the JFR "
        + "recording under profiles/ (or --out), named by benchmark, parameters, event and commit. --diff BASE "
        + "HEAD profiles both revisions and writes a differential flame graph.")
final class ProfileCommand implements Callable<Integer>
{
    private static final List<String> EVENTS = List.of("cpu", "alloc", "lock", "wall");

    @Parameters(paramLabel = "BENCH", description = "A full benchmark name, or a regex matching exactly one.")
    private String bench;

    @Option(names = "--event", defaultValue = "cpu", paramLabel = "cpu|alloc|lock|wall",
        description = "What to sample (default cpu; itimer when perf events are not allowed).")
    private String event;

    @Option(names = "--param", paramLabel = "K=V,...",
        description = "Parameter values (one each; default: the first value of each parameter).")
    private List<String> params;

    @Option(names = "--rev", paramLabel = "REV", description = "Profile a git revision (built in a worktree).")
    private String rev;

    @Option(names = "--diff", arity = "2", paramLabel = "REV",
        description = "BASE HEAD: profile both revisions and write a differential flame graph.")
    private List<String> diff;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default profiles/).")
    private Path out;

    private final Revisions.Builder builder;

    ProfileCommand()
    {
        this(Revisions.MAVEN);
    }

    ProfileCommand(final Revisions.Builder builder)
    {
        this.builder = builder;
    }

    /** A profiled run: the flame graph and the recording. */
    private record Profile(Path html, Path jfr)
    {
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (!EVENTS.contains(event))
        {
            throw new UsageException("unknown event '" + event + "' (cpu, alloc, lock or wall)");
        }
        if (rev != null && diff != null)
        {
            throw new UsageException("--rev and --diff exclude each other");
        }
        final ParamSpec spec = ParamSpec.parse(params);
        for (final Map.Entry<String, List<String>> p : spec.values().entrySet())
        {
            if (p.getValue().size() != 1)
            {
                throw new UsageException("--param " + p.getKey() + ": profile one value at a time");
            }
        }
        final PrintStream terminal = System.out;
        final Path root = Git.root();
        final Path dir = out != null ? out : root.resolve("profiles");
        Files.createDirectories(dir);
        final String profilerEvent = profilerEvent(terminal);
        if (diff == null)
        {
            final String classpath;
            final Catalog catalog;
            final String commit;
            if (rev == null)
            {
                classpath = System.getProperty("java.class.path");
                catalog = Catalog.ofClasspath();
                final Git git = new Git(root);
                commit = git.shortCommit().orElse("nocommit") + (git.dirty() ? "-dirty" : "");
            }
            else
            {
                final Revisions.Build build = new Revisions(root, builder).build(rev, terminal);
                classpath = build.jar().toString();
                catalog = Catalog.ofJar(build.jar());
                commit = shortId(build);
            }
            final SuiteRunner.Plan plan = plan(catalog, spec);
            final Profile profile = profile(plan, classpath, profilerEvent, commit, dir, terminal);
            terminal.println("flame graph: " + profile.html());
            terminal.println("recording:   " + profile.jfr());
            return 0;
        }
        final Revisions revisions = new Revisions(root, builder);
        final Revisions.Build base = revisions.build(diff.get(0), terminal);
        final Revisions.Build head = revisions.build(diff.get(1), terminal);
        final SuiteRunner.Plan plan = plan(Catalog.ofJar(head.jar()), spec);
        if (Catalog.ofJar(base.jar()).all().stream().noneMatch(b -> b.name().equals(plan.benchmark().name())))
        {
            throw new UsageException(plan.benchmark().name() + " does not exist in " + base.label());
        }
        final Profile b = profile(plan, base.jar().toString(), profilerEvent, shortId(base), dir, terminal);
        final Profile h = profile(plan, head.jar().toString(), profilerEvent, shortId(head), dir, terminal);
        final Path html = dir.resolve(fileStem(plan, profilerEvent, "diff-" + shortId(base) + "-" + shortId(head)) +
            ".html");
        convert(List.of("--diff", b.jfr().toString(), h.jfr().toString(), html.toString()), html);
        requireSamples(html, plan);
        terminal.println("flame graphs: " + b.html() + " (BASE), " + h.html() + " (HEAD)");
        terminal.println("differential flame graph: " + html);
        return 0;
    }

    private SuiteRunner.Plan plan(final Catalog catalog, final ParamSpec spec)
    {
        final Optional<Catalog.Benchmark> exact = catalog.all().stream().filter(b -> b.name().equals(bench))
            .findFirst();
        final List<Catalog.Benchmark> matches = exact.map(List::of).orElseGet(() -> catalog.matching(bench));
        if (matches.size() != 1)
        {
            throw new UsageException("'" + bench + "' matches " + matches.size() + " benchmarks" +
                (matches.isEmpty() ? "" : " (" + String.join(", ",
                    matches.stream().limit(5).map(Catalog.Benchmark::name).toList()) +
                    (matches.size() > 5 ? ", ..." : "") + ")") + "; give one full name or a narrower regex");
        }
        spec.checkKnown(matches);
        return new SuiteRunner.Plan(matches.get(0), spec.resolve(matches.get(0), RunProfile.ParamPolicy.FIRST));
    }

    private Profile profile(final SuiteRunner.Plan plan, final String classpath, final String profilerEvent,
        final String commit, final Path dir, final PrintStream terminal) throws IOException, InterruptedException
    {
        final Path work = Files.createTempDirectory(dir, ".async-");
        final String library = AsyncProfilerLoader.getAsyncProfilerPath().toString();
        final List<String> args = List.of("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "2s",
            "-prof", "async:libPath=" + library + ";output=jfr;dir=" + work + ";event=" + profilerEvent,
            "-jvmArgs", String.join(" ", JvmFlags.fork(RunProfile.STANDARD.heap)));
        final Path log = work.resolve("jmh.log");
        final Path json = work.resolve("results.json");
        terminal.printf(Locale.ROOT, "profiling %s %s (event %s, 1 fork, 2 x 1 s warm-up, 3 x 2 s; ~20 s) ...%n",
            plan.benchmark().name(), Catalog.describe(plan.params()), profilerEvent);
        if (!ForkedJmh.javaProcess(ForkedJmh.currentJava()).run(classpath, plan, args, json, log))
        {
            throw new IllegalStateException("the benchmark failed under the profiler, see " + log);
        }
        final Path recorded;
        try (Stream<Path> files = Files.walk(work))
        {
            recorded = files.filter(f -> f.toString().endsWith(".jfr")).findFirst()
                .orElseThrow(() -> new IllegalStateException("async-profiler wrote no JFR, see " + log));
        }
        final String stem = fileStem(plan, profilerEvent, commit);
        final Path jfr = dir.resolve(stem + ".jfr");
        Files.move(recorded, jfr, StandardCopyOption.REPLACE_EXISTING);
        final Path html = dir.resolve(stem + ".html");
        convert(List.of("--title", plan.benchmark().name() + " " + Catalog.describe(plan.params()) + " " +
            profilerEvent + " " + commit, jfr.toString(), html.toString()), html);
        requireSamples(html, plan);
        Files.move(log, dir.resolve(stem + ".log"), StandardCopyOption.REPLACE_EXISTING);
        deleteTree(work);
        return new Profile(html, jfr);
    }

    private void convert(final List<String> args, final Path html) throws IOException
    {
        final List<String> all = new ArrayList<>();
        all.add("--" + ("itimer".equals(event) || "cpu".equals(event) ? "cpu" : event));
        all.addAll(args);
        final AsyncProfilerLoader.ExecutionResult result =
            AsyncProfilerLoader.executeConverter(all.toArray(new String[0]));
        if (!Files.isRegularFile(html) || Files.size(html) == 0)
        {
            throw new IllegalStateException("jfrconv wrote no flame graph: " + result.getStderr().trim());
        }
    }

    /**
     * A flame graph without one frame of the benchmark's class sampled nothing that matters (the profiler did not
     * attach, or the run ended before sampling): say so instead of handing out an empty picture.
     */
    static void requireSamples(final Path html, final SuiteRunner.Plan plan) throws IOException
    {
        final String name = plan.benchmark().name();
        final String className = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1,
            name.lastIndexOf('.'));
        if (!Files.readString(html).contains(className))
        {
            throw new IllegalStateException("the flame graph " + html + " holds no sample of " + className);
        }
    }

    /**
     * The async-profiler event: {@code cpu} falls back to {@code itimer} where perf events are not allowed, which
     * is tried by starting and stopping the profiler in this JVM.
     */
    private String profilerEvent(final PrintStream terminal)
    {
        if (!"cpu".equals(event))
        {
            return event;
        }
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

    private static String fileStem(final SuiteRunner.Plan plan, final String event, final String commit)
    {
        final String name = plan.benchmark().name();
        final String simple = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        final StringBuilder stem = new StringBuilder(simple);
        for (final Map.Entry<String, List<String>> p : plan.params().entrySet())
        {
            stem.append('-').append(p.getKey()).append('=').append(p.getValue().get(0));
        }
        stem.append('-').append(event).append('-').append(commit);
        return stem.toString().replaceAll("[^A-Za-z0-9._=-]", "_");
    }

    private static String shortId(final Revisions.Build build)
    {
        return Revisions.WORKTREE.equals(build.commit()) ? "worktree" : build.commit().substring(0, 10);
    }

    private static String firstLine(final String text)
    {
        return text == null ? "unknown reason" : text.lines().findFirst().orElse("").trim();
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }
}
