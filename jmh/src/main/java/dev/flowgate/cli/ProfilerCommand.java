// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.flowgate.report.FoldedStacks;
import dev.flowgate.report.JmhJson;
import dev.flowgate.report.ReportWriter;
import dev.flowgate.report.Stages;
import dev.flowgate.report.WorkerStacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Runs one benchmark (1 fork) under async-profiler and writes an HTML flame graph and the JFR "
        + "recording under profiles/ (or --out), named by benchmark, parameters, event and commit. --diff BASE "
        + "HEAD profiles both revisions and writes a differential flame graph. --by-stage prints where a packet's "
        + "time goes: the share and ns/packet of each pipeline stage.")
final class ProfilerCommand implements Callable<Integer>
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
        description = "BASE HEAD: profile both revisions and write a differential flame graph of their stacks "
            + "folded to the code under test (JMH and harness frames dropped).")
    private List<String> diff;

    @Option(names = "--base-param", paramLabel = "K=V,...",
        description = "With --diff: parameter values that differ on BASE's side (e.g. the object mode before a "
            + "change against its replacement after it).")
    private List<String> baseParams;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default profiles/).")
    private Path out;

    @Option(names = "--by-stage", description = "Also group the benchmark thread's cpu samples by pipeline stage "
        + "(innermost stage frame; -XX:+DebugNonSafepoints, 1 ms interval), print stage, share and ns/packet, and "
        + "write the table as JSON beside the flame graph.")
    private boolean byStage;

    private final Revisions.Builder builder;

    ProfilerCommand()
    {
        this(Revisions.MAVEN);
    }

    ProfilerCommand(final Revisions.Builder builder)
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
        if (byStage && !"cpu".equals(event))
        {
            throw new UsageException("--by-stage groups cpu samples: it does not take --event " + event);
        }
        if (byStage && diff != null)
        {
            throw new UsageException("--by-stage splits one revision: it does not take --diff");
        }
        if (baseParams != null && diff == null)
        {
            throw new UsageException("--base-param sets BASE's side of --diff: it needs --diff");
        }
        final ParamSpec spec = oneValueEach(ParamSpec.parse(params));
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
        final SuiteRunner.Plan basePlan = baseParams == null ? plan : plan(Catalog.ofJar(base.jar()),
            oneValueEach(ParamSpec.parse(Stream.concat(params == null ? Stream.of() : params.stream(),
                baseParams.stream()).toList())));
        final Profile b = profile(basePlan, base.jar().toString(), profilerEvent, shortId(base), dir, terminal);
        final Profile h = profile(plan, head.jar().toString(), profilerEvent, shortId(head), dir, terminal);
        final Path html = dir.resolve(fileStem(plan, profilerEvent, "diff-" + shortId(base) + "-" + shortId(head)) +
            ".html");
        final String rootFrame = FoldedStacks.simple(plan.benchmark().name());
        final Path baseStacks = Files.createTempFile(dir, "base-", ".collapsed");
        final Path headStacks = Files.createTempFile(dir, "head-", ".collapsed");
        try
        {
            FoldedStacks.write(b.jfr(), rootFrame, baseStacks);
            FoldedStacks.write(h.jfr(), rootFrame, headStacks);
            convert(List.of("--title", rootFrame + " " + profilerEvent + ", " + shortId(base) + " to " +
                shortId(head), "--diff",
                baseStacks.toString(), headStacks.toString(), html.toString()), html);
        }
        finally
        {
            Files.deleteIfExists(baseStacks);
            Files.deleteIfExists(headStacks);
        }
        terminal.println("flame graphs: " + b.html() + " (BASE), " + h.html() + " (HEAD)");
        terminal.println("differential flame graph: " + html);
        return 0;
    }

    private static ParamSpec oneValueEach(final ParamSpec spec)
    {
        for (final Map.Entry<String, List<String>> p : spec.values().entrySet())
        {
            if (p.getValue().size() != 1)
            {
                throw new UsageException("--param " + p.getKey() + ": profile one value at a time");
            }
        }
        return spec;
    }

    private SuiteRunner.Plan plan(final Catalog catalog, final ParamSpec spec)
    {
        final List<Catalog.Benchmark> matches = matches(catalog, bench);
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

    /**
     * The benchmarks BENCH names: the one of that full name, else the only one whose name ends in {@code .BENCH}
     * ({@code PipelineBenchmark.oneThread}, which as a regex also matches
     * {@code InvalidRatioPipelineBenchmark.oneThread}), else those the regex matches.
     *
     * @param catalog the benchmarks.
     * @param bench the name or regex.
     * @return the matches.
     */
    static List<Catalog.Benchmark> matches(final Catalog catalog, final String bench)
    {
        final Optional<Catalog.Benchmark> exact = catalog.all().stream().filter(b -> b.name().equals(bench))
            .findFirst();
        final List<Catalog.Benchmark> ending = catalog.all().stream().filter(b -> b.name().endsWith("." + bench))
            .toList();
        return exact.map(List::of).orElseGet(() -> ending.size() == 1 ? ending : catalog.matching(bench));
    }

    private Profile profile(final SuiteRunner.Plan plan, final String classpath, final String profilerEvent,
        final String commit, final Path dir, final PrintStream terminal) throws IOException, InterruptedException
    {
        final ProfilerFork.Recording recording = ProfilerFork.run(plan, classpath, profilerEvent, byStage, dir,
            terminal);
        final String stem = fileStem(plan, profilerEvent, commit);
        final Path jfr = dir.resolve(stem + ".jfr");
        Files.move(recording.jfr(), jfr, StandardCopyOption.REPLACE_EXISTING);
        requireSamples(jfr, plan);
        final Path html = dir.resolve(stem + ".html");
        convert(List.of("--title", plan.benchmark().name() + " " + Catalog.describe(plan.params()) + " " +
            profilerEvent + " " + commit, jfr.toString(), html.toString()), html);
        Files.move(recording.log(), dir.resolve(stem + ".log"), StandardCopyOption.REPLACE_EXISTING);
        ProfilerFork.deleteTree(recording.work());
        if (byStage)
        {
            stageTable(plan, profilerEvent, jfr, recording.nsPerPacket(), dir.resolve(stem + "-stages.json"),
                terminal);
        }
        return new Profile(html, jfr);
    }

    /**
     * Groups a stage split's samples by stage, prints the table and writes it as JSON.
     *
     * @param plan what was profiled.
     * @param profilerEvent the event.
     * @param jfr the recording.
     * @param nsPerPacket the ns/packet JMH measured in the profiler fork.
     * @param json the JSON file to write.
     * @param terminal where the table goes.
     * @throws IOException when the recording cannot be read or the file written.
     */
    static void stageTable(final SuiteRunner.Plan plan, final String profilerEvent, final Path jfr,
        final double nsPerPacket, final Path json, final PrintStream terminal) throws IOException
    {
        final Stages.Breakdown breakdown = new Stages.Breakdown(plan.benchmark().name(), single(plan),
            profilerEvent, Stages.count(jfr), nsPerPacket);
        if (breakdown.samples() == 0)
        {
            throw new IllegalStateException("the recording " + jfr + " holds no sample of a JMH worker thread");
        }
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), Stages.json(breakdown));
        terminal.printf(Locale.ROOT, "where a packet's time goes (%d samples of the benchmark thread; ns/packet = "
            + "share x %s ns/packet measured in this profiler fork; the innermost stage frame wins):%n",
            breakdown.samples(), ReportWriter.format(nsPerPacket, 1));
        terminal.print(Stages.table(breakdown, nsPerPacket).text());
        terminal.println("stage table: " + json);
    }

    private static Map<String, String> single(final SuiteRunner.Plan plan)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        plan.params().forEach((k, v) -> params.put(k, v.get(0)));
        return params;
    }

    private void convert(final List<String> args, final Path html) throws IOException
    {
        final List<String> all = new ArrayList<>();
        all.add("--" + ("itimer".equals(event) || "cpu".equals(event) ? "cpu" : event));
        all.addAll(args);
        ProfilerFork.convert(all, html);
    }

    /**
     * A recording without one sample of a JMH worker thread in the benchmark's class sampled nothing that matters
     * (the profiler did not attach, or the run ended before sampling): say so instead of handing out an empty
     * picture.
     */
    static void requireSamples(final Path jfr, final SuiteRunner.Plan plan) throws IOException
    {
        final String className = plan.benchmark().className();
        final String prefix = className + ".";
        final long[] sampled = new long[1];
        WorkerStacks.forEach(jfr, frames ->
        {
            if (frames.stream().anyMatch(f -> f.startsWith(prefix)))
            {
                sampled[0]++;
            }
        });
        if (sampled[0] == 0)
        {
            throw new IllegalStateException("the recording " + jfr + " holds no sample of " +
                className.substring(className.lastIndexOf('.') + 1));
        }
    }

    private String profilerEvent(final PrintStream terminal)
    {
        return "cpu".equals(event) ? ProfilerFork.cpuEvent(terminal) : event;
    }

    private static String fileStem(final SuiteRunner.Plan plan, final String event, final String commit)
    {
        final StringBuilder stem = new StringBuilder(FoldedStacks.simple(plan.benchmark().name()));
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
}
