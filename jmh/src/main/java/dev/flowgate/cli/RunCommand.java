// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowgate.report.Baselines;
import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.JmhJson;
import dev.flowgate.report.Pairs;
import dev.flowgate.report.Report;
import dev.flowgate.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs the benchmark suite, writes a report and prints the headline table. Exit status: 0 ok, "
        + "1 a benchmark failed or a steady-state benchmark allocates, 2 bad arguments.")
final class RunCommand implements Callable<Integer>
{
    /** Time of the cache probe before and after a run (one warm-up lap, then this long). */
    private static final long PROBE_MILLIS = 300;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "smoke|quick|standard|full",
        description = "smoke: every benchmark once at first values, plus every value of every non-size axis "
            + "once, short; quick (default): the two headline questions; standard: every benchmark, each axis "
            + "against a baseline and the headline questions in full, 1 fork x (3+5) x 1 s, then paired answers, "
            + "estimated 60 min (42 JMH, 17 pairs) on 2 cores; full: "
            + "all parameters, 3 forks, more iterations.")
    private String profileName;

    @Option(names = "--bench", paramLabel = "REGEX",
        description = "Only benchmarks whose full name contains a match (JMH's rule).")
    private String bench;

    @Option(names = "--param", paramLabel = "K=V,...",
        description = "Fix parameter values, e.g. --param 'mix=established|stale,burst=32' (quote the |; "
            + "repeatable).")
    private List<String> params;

    @Option(names = "--jvm", paramLabel = "PATH", description = "The java binary (or JDK home) of the forks.")
    private String jvm;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Report folder (default reports/<date>-<commit>[-dirty]/).")
    private Path out;

    @Option(names = "--stages", description = "After the measured forks, one profiler fork per headline mix "
        + "(PipelineBenchmark.oneThread, per mix and natValidation) that splits its ns/packet by pipeline stage "
        + "(stages.json, ~20 s each).")
    private boolean stages;

    @Override
    public Integer call() throws IOException
    {
        final RunProfile profile = RunProfile.parse(profileName);
        final ParamSpec spec = ParamSpec.parse(params);
        final String javaBinary = jvm == null ? null : javaBinary(jvm);
        final PrintStream terminal = System.out;
        final Catalog catalog = Catalog.ofClasspath();
        final Selection selection = select(profile, spec, catalog, terminal);
        final RunProfile settings = selection.settings();
        final List<SuiteRunner.Plan> plans = selection.plans();
        final Path root = Git.root();
        final Path dir = out != null ? out : root.resolve("reports").resolve(Environment.runName(root));
        Files.createDirectories(dir);
        final ObjectNode environment = Environment.describe(root, profile.cliName(),
            javaBinary == null ? ProcessHandle.current().info().command().orElse("java") : javaBinary,
            JvmFlags.fork(settings.heap), commandLine());
        // The host's cache contention before and after: a report from a noisy hour says so (docs/measuring.md).
        environment.put("cacheProbeMiB", CacheProbe.MIB);
        environment.put("cacheProbeNsPerLoadBefore", probe());
        announce(profile, settings, plans, terminal);
        final SuiteRunner.Outcome outcome = new SuiteRunner(settings, javaBinary)
            .run(plans, dir.resolve("jmh.log"), terminal);
        final Path json = dir.resolve("results.json");
        SuiteRunner.writeJson(outcome.results(), json);
        final int pairFailures = pairs(profile, catalog, spec, dir, javaBinary, terminal);
        final List<BenchmarkResult> results = JmhJson.read(json);
        if (!results.isEmpty())
        {
            environment.put("forkJdk", results.get(0).jvm().getOrDefault("vmName", "") + " " +
                results.get(0).jvm().getOrDefault("vmVersion", ""));
        }
        environment.put("cacheProbeNsPerLoadAfter", probe());
        if (stages)
        {
            StageForks.run(results, catalog, dir, terminal);
        }
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("environment.json").toFile(),
            environment);
        final Report report = Report.build(results, new Baselines(null));
        ReportWriter.write(report, environment, dir);
        return summarise(report, outcome, pairFailures, dir, terminal);
    }

    /** What a run measures, and with which settings (the quick profile falls back to smoke's in a bare build). */
    private record Selection(List<SuiteRunner.Plan> plans, RunProfile settings)
    {
    }

    private Selection select(
        final RunProfile profile, final ParamSpec spec, final Catalog catalog, final PrintStream terminal)
    {
        RunProfile settings = profile;
        final List<SuiteRunner.Plan> plans = new ArrayList<>();
        if (bench == null && profile == RunProfile.QUICK)
        {
            plans.addAll(QuickProfile.plans(catalog, spec));
            spec.checkKnown(plans.stream().map(SuiteRunner.Plan::benchmark).toList());
            if (plans.isEmpty())
            {
                settings = RunProfile.SMOKE;
                terminal.println("quick: this build lacks the headline benchmarks; running every benchmark with the "
                    + "smoke settings");
            }
        }
        if (profile == RunProfile.STANDARD)
        {
            // The standard plan (or its entries of the benchmarks --bench selects).
            final List<SuiteRunner.Plan> standard = StandardProfile.plans(catalog, spec);
            plans.addAll(bench == null ? standard : ProfilePlan.matching(standard, bench));
            spec.checkKnown(plans.stream().map(SuiteRunner.Plan::benchmark).toList());
        }
        if (plans.isEmpty())
        {
            plans.addAll(selected(profile, settings, spec, catalog));
        }
        return new Selection(plans, settings);
    }

    /** Plans of the benchmarks --bench selects (all without it), for smoke or a profile without its own plan. */
    private List<SuiteRunner.Plan> selected(
        final RunProfile profile, final RunProfile settings, final ParamSpec spec, final Catalog catalog)
    {
        final List<Catalog.Benchmark> selected = bench != null ? catalog.matching(bench) : catalog.all();
        if (bench != null && selected.isEmpty())
        {
            throw new UsageException("--bench '" + bench + "' matches no benchmark (see 'flowgate list')");
        }
        spec.checkKnown(selected);
        if (profile == RunProfile.SMOKE)
        {
            return SmokeProfile.plans(selected, spec);
        }
        final List<SuiteRunner.Plan> plans = new ArrayList<>();
        for (final Catalog.Benchmark benchmark : selected)
        {
            plans.add(new SuiteRunner.Plan(benchmark, spec.resolve(benchmark, settings.params)));
        }
        return plans;
    }

    private static void announce(
        final RunProfile profile, final RunProfile settings, final List<SuiteRunner.Plan> plans,
        final PrintStream terminal)
    {
        final int combinations = plans.stream().mapToInt(SuiteRunner.Plan::combinations).sum();
        terminal.printf(Locale.ROOT, "flowgate run --profile %s: %d benchmarks, %d parameter combinations, "
            + "estimated %s (per combination: fork start, heap pre-touch, set-up, iterations)%n", profile.cliName(),
            plans.stream().map(p -> p.benchmark().name()).distinct().count(), combinations,
            ProgressFormat.clock(ProfilePlan.estimateSeconds(plans, settings)));
        if (plans.isEmpty())
        {
            terminal.println("no benchmarks in this build yet: nothing to run");
        }
    }

    /** Prints the headline table and the failures; 1 when a benchmark, the allocation gate or a pair failed. */
    private static int summarise(
        final Report report, final SuiteRunner.Outcome outcome, final int pairFailures, final Path dir,
        final PrintStream terminal) throws IOException
    {
        terminal.println();
        terminal.print(ReportWriter.text(report, Pairs.read(dir)));
        for (final ProgressFormat.Failure failure : outcome.failures())
        {
            terminal.println("FAILED: " + failure.benchmark() + " " + failure.params() + ": " + failure.message());
        }
        terminal.println("report: " + dir.resolve("report.html"));
        if (!outcome.failures().isEmpty() || !report.gateViolations().isEmpty() || pairFailures > 0)
        {
            terminal.printf("flowgate run: %d benchmark failures, %d allocation-gate failures, %d failed pair "
                + "groups%n", outcome.failures().size(), report.gateViolations().size(), pairFailures);
            return 1;
        }
        return 0;
    }

    /**
     * Runs the profile's paired questions (quick and standard, whole suite only) and writes pairs.json.
     *
     * @return the number of failed pair groups.
     */
    private int pairs(final RunProfile profile, final Catalog catalog, final ParamSpec spec, final Path dir,
        final String javaBinary, final PrintStream terminal) throws IOException
    {
        if (bench != null || (profile != RunProfile.QUICK && profile != RunProfile.STANDARD))
        {
            return 0;
        }
        final List<PairedQuestions.Group> groups = profile == RunProfile.QUICK ? QuickProfile.pairs(catalog, spec) :
            StandardProfile.pairs(catalog, spec);
        if (groups.isEmpty())
        {
            return 0;
        }
        terminal.printf(Locale.ROOT, "paired questions: %d groups, %d ratios, estimated %s%n", groups.size(),
            groups.stream().mapToInt(g -> g.questions().size()).sum(),
            ProgressFormat.clock(PairedQuestions.estimateSeconds(groups)));
        try
        {
            return PairedQuestions.run(groups, dir, javaBinary == null ? ForkedJmh.currentJava() : javaBinary,
                terminal);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pairs ran", ex);
        }
    }

    private static double probe()
    {
        return Math.round(CacheProbe.nsPerLoad(CacheProbe.MIB, PROBE_MILLIS) * 10) / 10.0;
    }

    static String javaBinary(final String jvm)
    {
        final Path path = Path.of(jvm);
        final Path binary = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
        if (!Files.isExecutable(binary))
        {
            throw new UsageException("--jvm " + jvm + ": no java binary there");
        }
        return binary.toAbsolutePath().toString();
    }

    private static List<String> commandLine()
    {
        return Flowgate.arguments();
    }
}
