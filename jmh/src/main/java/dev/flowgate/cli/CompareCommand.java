// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flowgate.pair.PairRunner;
import dev.flowgate.report.BenchmarkResult;
import dev.flowgate.report.Comparison;
import dev.flowgate.report.ComparisonWriter;
import dev.flowgate.report.Interval;
import dev.flowgate.report.JmhJson;
import dev.flowgate.report.Metric;
import dev.flowgate.report.Statistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compares two git revisions (WORKTREE is the working tree) or two JMH JSON files: builds each "
        + "revision once in a worktree under target/compare/, runs the same benchmarks on both with forks "
        + "alternating BASE, HEAD, BASE, HEAD, and writes comparison.json/.md/.html. Exit status: 0 ok, 1 a "
        + "benchmark failed or --fail-on-regression was exceeded, 2 bad arguments.")
final class CompareCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "BASE", description = "Git revision, WORKTREE, or a JMH JSON file.")
    private String base;

    @Parameters(index = "1", paramLabel = "HEAD", description = "Git revision, WORKTREE, or a JMH JSON file.")
    private String head;

    @Option(names = "--bench", paramLabel = "REGEX", description = "Only benchmarks whose name contains a match.")
    private String bench;

    @Option(names = "--param", paramLabel = "K=V,...", description = "Fix parameter values (as for run).")
    private List<String> params;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "smoke|quick|standard|full",
        description = "Which benchmarks and parameters, and how many forks a side (smoke, quick: 2 x 3 "
            + "iterations; standard: 3 x 5; full: 5 x 10).")
    private String profileName;

    @Option(names = "--threshold", defaultValue = "2", paramLabel = "PCT",
        description = "Smallest significant change called faster or slower (default 2%%).")
    private double threshold;

    @Option(names = "--fail-on-regression", paramLabel = "PCT",
        description = "Exit 1 when a significant regression exceeds PCT percent.")
    private Double failOnRegression;

    @Option(names = "--jvm", paramLabel = "PATH", description = "The java binary (or JDK home) of the forks.")
    private String jvm;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default reports/compare-...).")
    private Path out;

    @Option(names = "--paired", description = "Pair the two revisions in one JVM per fork (each revision's "
        + "benchmarks jar in its own class loader, alternating rounds): --bench must select one benchmark, --param "
        + "one value per parameter; adds per-fork ratios to comparison.json and writes pair.json and pair.md.")
    private boolean paired;

    @Option(names = "--forks", defaultValue = "" + PairCommand.DEFAULT_FORKS, paramLabel = "N",
        description = "With --paired: fresh JVMs (default ${DEFAULT-VALUE}).")
    private int pairedForks;

    @Option(names = "--seconds", defaultValue = "" + PairCommand.DEFAULT_SECONDS, paramLabel = "S",
        description = "With --paired: measured seconds of pairs per fork (default ${DEFAULT-VALUE}).")
    private double pairedSeconds;

    @Option(names = "--copies", defaultValue = "1", paramLabel = "K",
        description = "With --paired: class-loader copies of each revision per fork (default ${DEFAULT-VALUE}).")
    private int pairedCopies;

    @Option(names = "--set-ups", paramLabel = "K",
        description = "With --paired: trial set-ups per fork, the order reversed every other time (default as "
            + "`flowgate pair`'s: " + PairCommand.DEFAULT_SET_UPS + " for sides that set up in about a second).")
    private Integer pairedSetUps;

    private final Revisions.Builder builder;
    private final ForkedJmh.Invoker invoker;

    CompareCommand()
    {
        this(Revisions.MAVEN, null);
    }

    CompareCommand(final Revisions.Builder builder, final ForkedJmh.Invoker invoker)
    {
        this.builder = builder;
        this.invoker = invoker;
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (threshold < 0 || failOnRegression != null && failOnRegression < 0)
        {
            throw new UsageException("--threshold and --fail-on-regression take a percentage >= 0");
        }
        final PrintStream terminal = System.out;
        final Path root = Git.root();
        final boolean files = isJsonFile(base) && isJsonFile(head);
        if (isJsonFile(base) != isJsonFile(head))
        {
            throw new UsageException("compare two JSON files or two revisions, not one of each");
        }
        final Path dir = out != null ? out : root.resolve("reports").resolve("compare-" + LocalDate.now() + "-" +
            sanitize(base) + "-vs-" + sanitize(head));
        if (paired)
        {
            if (files)
            {
                throw new UsageException("--paired compares two revisions, not JSON result files");
            }
            return comparePaired(root, dir, terminal);
        }
        final Inputs inputs = files ? new Inputs(base, head, Path.of(base), Path.of(head), 0) :
            runRevisions(root, dir, terminal);
        final Comparison comparison = Comparison.compare(JmhJson.read(inputs.baseJson()),
            JmhJson.read(inputs.headJson()), threshold, Statistics.DEFAULT_SEED);
        Files.createDirectories(dir);
        ComparisonWriter.write(comparison, inputs.baseLabel(), inputs.headLabel(), dir);
        terminal.println();
        terminal.print(ComparisonWriter.text(comparison));
        terminal.println("comparison: " + dir.resolve("comparison.html"));
        return exitStatus(comparison, inputs.failures(), dir, terminal);
    }

    /** The two sides' labels and result files, and how many benchmark runs failed producing them. */
    private record Inputs(String baseLabel, String headLabel, Path baseJson, Path headJson, int failures)
    {
    }

    /** Builds both revisions and runs the selected benchmarks on them, alternating forks. */
    private Inputs runRevisions(final Path root, final Path dir, final PrintStream terminal)
        throws IOException, InterruptedException
    {
        final RunProfile profile = RunProfile.parse(profileName);
        final ParamSpec spec = ParamSpec.parse(params);
        final String java = jvm == null ? ForkedJmh.currentJava() : RunCommand.javaBinary(jvm);
        final Revisions revisions = new Revisions(root, builder);
        final Revisions.Build b = revisions.build(base, terminal);
        final Revisions.Build h = revisions.build(head, terminal);
        Files.createDirectories(dir);
        final List<SuiteRunner.Plan> plans = plans(Catalog.ofJar(b.jar()), Catalog.ofJar(h.jar()), profile, spec);
        final List<ArrayNode> baseRuns = new ArrayList<>();
        final List<ArrayNode> headRuns = new ArrayList<>();
        final int failures = runAlternating(plans, profile, b, h, java, dir, baseRuns, headRuns, terminal);
        final Path baseJson = dir.resolve("base.json");
        final Path headJson = dir.resolve("head.json");
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(baseJson.toFile(), JmhJson.merge(baseRuns));
        JmhJson.mapper().writerWithDefaultPrettyPrinter().writeValue(headJson.toFile(), JmhJson.merge(headRuns));
        return new Inputs(b.label(), h.label(), baseJson, headJson, failures);
    }

    /** 1 when a benchmark run failed or, with --fail-on-regression, a significant regression exceeds it. */
    private int exitStatus(final Comparison comparison, final int failures, final Path dir, final PrintStream terminal)
    {
        int status = 0;
        if (failures > 0)
        {
            terminal.println("flowgate compare: " + failures + " benchmark runs failed (see " +
                dir.resolve("jmh.log") + ")");
            status = 1;
        }
        if (failOnRegression != null)
        {
            final List<Comparison.Row> regressions = comparison.regressionsBeyond(failOnRegression);
            for (final Comparison.Row row : regressions)
            {
                terminal.printf(Locale.ROOT, "REGRESSION %.1f%% > %.1f%%: %s %s%n", -row.changePercent(),
                    failOnRegression, row.head().benchmark(), row.head().paramText());
            }
            status = regressions.isEmpty() ? status : 1;
        }
        return status;
    }

    private int comparePaired(final Path root, final Path dir, final PrintStream terminal)
        throws IOException, InterruptedException
    {
        if (bench == null)
        {
            throw new UsageException("--paired needs --bench REGEX selecting one benchmark");
        }
        if (pairedForks < 1 || !(pairedSeconds > 0))
        {
            throw new UsageException("--forks takes a count >= 1 and --seconds a number above 0");
        }
        if (pairedCopies < 1 || pairedCopies > 16)
        {
            throw new UsageException("--copies takes 1 to 16");
        }
        if (pairedSetUps != null && (pairedSetUps < 1 || pairedSetUps > 64))
        {
            throw new UsageException("--set-ups takes 1 to 64");
        }
        final Map<String, String> common = new LinkedHashMap<>();
        if (params != null)
        {
            params.forEach(p -> common.putAll(PairCommand.single("--param", p)));
        }
        final String java = jvm == null ? ForkedJmh.currentJava() : RunCommand.javaBinary(jvm);
        final Revisions revisions = new Revisions(root, builder);
        final Revisions.Build b = revisions.build(base, terminal);
        final Revisions.Build h = revisions.build(head, terminal);
        final Catalog.Benchmark headBench = PairCommand.one(Catalog.ofJar(h.jar()), bench);
        final Catalog.Benchmark baseBench = Catalog.ofJar(b.jar()).all().stream()
            .filter(x -> x.name().equals(headBench.name())).findFirst().orElseThrow(() -> new UsageException(
                b.label() + " lacks " + headBench.name() + ": pairing needs the benchmark in both revisions"));
        final Map<String, String> paramsBase = PairCommand.resolve(baseBench, common, Map.of());
        final Map<String, String> paramsHead = PairCommand.resolve(headBench, common, Map.of());
        final String driver = System.getProperty("java.class.path");
        final PairRunner.Spec spec = new PairRunner.Spec(headBench.name(), List.of(b.jar().toString()),
            List.of(h.jar().toString()), common, Map.of("revision", b.label()), Map.of("revision", h.label()),
            paramsBase, paramsHead, pairedForks, pairedSeconds, 0, 0.95, java,
            PairCommand.forkFlags(headBench.heap(), pairedCopies), driver, 1, pairedCopies,
            PairCommand.setUps(pairedSetUps, paramsBase, paramsHead), Map.of(), Map.of());
        Files.createDirectories(dir);
        final PairRunner.Outcome outcome = PairCommand.run(spec, dir, terminal, "flowgate compare");
        if (outcome == null)
        {
            return 1;
        }
        PairRunner.write(spec, outcome, dir);
        // The pair's ratio is throughput BASE/HEAD (A/B); comparisons speak of HEAD/BASE.
        final Statistics.ForkSummary s = outcome.summary();
        final Interval ratio = s.interval().reciprocal();
        final BenchmarkResult baseResult = pairedResult(headBench.name(), paramsBase, outcome, true);
        final BenchmarkResult headResult = pairedResult(headBench.name(), paramsHead, outcome, false);
        final double[] forkRatios = Arrays.stream(outcome.forkRatios()).map(r -> 1 / r).toArray();
        final Comparison comparison = Comparison.paired(baseResult, headResult, ratio, s.pValue(), forkRatios,
            threshold);
        ComparisonWriter.write(comparison, b.label(), h.label(), dir);
        terminal.println();
        terminal.print(ComparisonWriter.text(comparison));
        terminal.printf(Locale.ROOT, "HEAD/BASE %s, %d forks x %d pairs (paired)%n", ratio.text(),
            outcome.pairsPerFork().length, outcome.pairs());
        terminal.println("comparison: " + dir.resolve("comparison.html"));
        return 0;
    }

    private static BenchmarkResult pairedResult(final String name, final Map<String, String> params,
        final PairRunner.Outcome outcome, final boolean base)
    {
        final List<double[]> forks = new ArrayList<>();
        for (final double[] ns : base ? outcome.aForks() : outcome.bForks())
        {
            forks.add(Arrays.stream(ns).map(v -> 1e9 / v).toArray());
        }
        final double score = 1e9 / (base ? outcome.aNsPerOp() : outcome.bNsPerOp());
        final int threads = outcome.threads();
        return new BenchmarkResult(name, "thrpt", threads, params, new Metric(score, Double.NaN, "ops/s", forks),
            Map.of(), Map.of());
    }

    private List<SuiteRunner.Plan> plans(final Catalog baseCatalog, final Catalog headCatalog,
        final RunProfile profile, final ParamSpec spec)
    {
        final Set<String> inBase = new LinkedHashSet<>();
        baseCatalog.all().forEach(b -> inBase.add(b.name()));
        if (bench == null && profile == RunProfile.QUICK)
        {
            final List<SuiteRunner.Plan> quick = QuickProfile.plans(headCatalog, spec).stream()
                .filter(p -> inBase.contains(p.benchmark().name())).toList();
            if (!quick.isEmpty())
            {
                spec.checkKnown(quick.stream().map(SuiteRunner.Plan::benchmark).toList());
                return quick;
            }
        }
        if (profile == RunProfile.STANDARD)
        {
            // The standard plan (or its entries of the benchmarks --bench selects), not every combination.
            final List<SuiteRunner.Plan> standard = StandardProfile.plans(headCatalog, spec);
            final List<SuiteRunner.Plan> planned = (bench == null ? standard : ProfilePlan.matching(standard, bench))
                .stream().filter(p -> inBase.contains(p.benchmark().name())).toList();
            if (!planned.isEmpty())
            {
                spec.checkKnown(planned.stream().map(SuiteRunner.Plan::benchmark).toList());
                return planned;
            }
        }
        List<Catalog.Benchmark> selected = bench != null ? headCatalog.matching(bench) : headCatalog.all();
        final RunProfile.ParamPolicy policy = profile.params;
        selected = selected.stream().filter(b -> inBase.contains(b.name())).toList();
        if (selected.isEmpty())
        {
            throw new UsageException("no benchmark " + (bench == null ? "" : "matching '" + bench + "' ") +
                "exists in both revisions");
        }
        spec.checkKnown(selected);
        final List<SuiteRunner.Plan> plans = new ArrayList<>();
        for (final Catalog.Benchmark benchmark : selected)
        {
            plans.add(new SuiteRunner.Plan(benchmark, spec.resolve(benchmark, policy)));
        }
        return plans;
    }

    private int runAlternating(final List<SuiteRunner.Plan> plans, final RunProfile profile,
        final Revisions.Build b, final Revisions.Build h, final String java, final Path dir,
        final List<ArrayNode> baseRuns, final List<ArrayNode> headRuns, final PrintStream terminal)
        throws IOException, InterruptedException
    {
        final ForkedJmh.Invoker run = invoker != null ? invoker : ForkedJmh.javaProcess(java);
        final List<String> jmhArgs = new ArrayList<>(List.of("-f", "1", "-wi",
            String.valueOf(profile.warmupIterations), "-w", profile.warmupMillis + "ms", "-i",
            String.valueOf(profile.compareIterations), "-r", profile.iterationMillis + "ms", "-prof", "gc",
            "-jvmArgs", String.join(" ", JvmFlags.fork(profile.heap))));
        if (profile.fixesHeap())
        {
            jmhArgs.addAll(List.of("-jvmArgsAppend", String.join(" ", JvmFlags.heap(profile.heap))));
        }
        final Path log = dir.resolve("jmh.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        final Path scratch = dir.resolve("forks");
        Files.createDirectories(scratch);
        final int total = plans.size() * profile.compareForks * 2;
        final long start = System.nanoTime();
        int done = 0;
        int failures = 0;
        for (final SuiteRunner.Plan plan : plans)
        {
            for (int round = 0; round < profile.compareForks; round++)
            {
                for (final boolean isBase : new boolean[] {true, false})
                {
                    final Revisions.Build build = isBase ? b : h;
                    final double elapsed = (System.nanoTime() - start) / 1e9;
                    final double per = done == 0 ? profile.estimateSeconds() * Catalog.combinations(plan.params()) :
                        elapsed / done;
                    terminal.printf(Locale.ROOT, "[%d/%d] %s fork %d/%d: %s %s (elapsed %s, ~%s left)%n", done + 1,
                        total, isBase ? "BASE" : "HEAD", round + 1, profile.compareForks, plan.benchmark().name(),
                        Catalog.describe(plan.params()), ProgressFormat.clock(elapsed),
                        ProgressFormat.clock(per * (total - done)));
                    final Path json = scratch.resolve((isBase ? "base-" : "head-") + done + ".json");
                    if (run.run(build.jar().toString(), plan, jmhArgs, json, log))
                    {
                        (isBase ? baseRuns : headRuns).add(JmhJson.readTree(json));
                    }
                    else
                    {
                        failures++;
                        terminal.println("        FAILED (see " + log + ")");
                    }
                    done++;
                }
            }
        }
        return failures;
    }

    private static boolean isJsonFile(final String arg)
    {
        return arg.endsWith(".json") || Files.isRegularFile(Path.of(arg));
    }

    private static String sanitize(final String rev)
    {
        final String name = Path.of(rev).getFileName() == null ? rev : Path.of(rev).getFileName().toString();
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
