// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.flowgate.pair.PairException;
import dev.flowgate.pair.PairRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pair", mixinStandardHelpOptions = true,
    description = "Runs one benchmark with parameter sets A and B in one JVM per fork, each side in its own class "
        + "loader, alternating rounds of about 10 ms (never one right after its own side); writes pair.json and "
        + "pair.md and prints "
        + "'ratio R [LOW, HIGH], F forks x P pairs' (R: throughput A/B, interval over forks). --a equal to --b is "
        + "an A/A run. Exit status: 0 ok (1 when --expect is given and the interval misses it), 1 a fork failed, "
        + "2 bad arguments.")
final class PairCommand implements Callable<Integer>
{
    /**
     * Default forks: the forks are the independent units. With eight set-ups a fork they spread by 0.5-1% (A/A of the
     * established pipeline over ten runs: fork standard deviation 0.005-0.010), so 12 forks give a 95% interval of
     * +-0.3-0.7% in about 3 minutes on the shared 2-core VM (docs/measuring.md, "Set-ups that alternate").
     */
    static final int DEFAULT_FORKS = 12;
    /**
     * Default measured seconds per fork, shared among its set-ups: a fork's start, first set-up and warm-up take
     * about 6 s, each later set-up about 0.6 s, so seconds buy less than forks once the pairs' noise is small.
     */
    static final double DEFAULT_SECONDS = 3;
    /**
     * Default trial set-ups per fork for sides that set up in about a second (established, stale or invalid-nat
     * below 10^6 flows, and benchmarks without flows): the side set up first runs faster for as long as that state
     * lives (by +-1% to +-2% between identical sides), so each fork sets both sides up again, in the reverse order
     * every other time, and averages over the layouts (docs/measuring.md, "Set-ups that alternate").
     */
    static final int DEFAULT_SET_UPS = 8;
    /** Set-ups per fork for sides that settle sessions first (several seconds each): enough to balance the order. */
    static final int SETTLING_SET_UPS = 2;
    /** Fewer flows than this a side fit in 1 GiB per copy (10^4 flows: about 10 MiB live). */
    private static final long SMALL_FLOWS_LIMIT = 1_000_000;

    @Parameters(index = "0", paramLabel = "BENCH", description = "Full name, or a regex matching one benchmark.")
    private String bench;

    @Option(names = "--a", required = true, paramLabel = "K=V[,K=V...]", description = "Side A's parameters.")
    private String a;

    @Option(names = "--b", required = true, paramLabel = "K=V[,K=V...]", description = "Side B's parameters.")
    private String b;

    @Option(names = "--a-property", paramLabel = "K=V[,K=V...]", description = "JVM system properties of side A, "
        + "in effect while its classes initialise (its set-up), e.g. agrona.disable.bounds.checks=true: Agrona's "
        + "DirectBuffer is initialised then. A property read later sees the fork's own value.")
    private String aProperties;

    @Option(names = "--b-property", paramLabel = "K=V[,K=V...]", description = "Likewise for side B.")
    private String bProperties;

    @Option(names = "--param", paramLabel = "K=V,...", description = "Parameters of both sides; the others take "
        + "their first declared value.")
    private List<String> params;

    @Option(names = "--forks", defaultValue = "" + DEFAULT_FORKS, paramLabel = "N",
        description = "Fresh JVMs (default ${DEFAULT-VALUE}).")
    private int forks;

    @Option(names = "--seconds", defaultValue = "" + DEFAULT_SECONDS, paramLabel = "S",
        description = "Measured seconds of pairs per fork, after warm-up (default ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--set-ups", paramLabel = "K",
        description = "Trial set-ups per fork: each builds both sides' state afresh (in the reverse order every other "
            + "time) and measures S/K seconds of pairs after it (default " + DEFAULT_SET_UPS + " when the sides set up "
            + "in about a second, " + SETTLING_SET_UPS + " for mixes that settle sessions, 1 at 10^6 flows or more).")
    private Integer setUps;

    @Option(names = "--inject-work", defaultValue = "0", paramLabel = "PCT",
        description = "Side B does PCT%% more work per round than is counted (expected ratio 1 + PCT/100).")
    private double injectWork;

    @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "LEVEL",
        description = "Confidence level of the interval (default ${DEFAULT-VALUE}; the test gates use 0.999).")
    private double confidence;

    @Option(names = "--expect", paramLabel = "R",
        description = "Exit 1 unless the interval contains R (the known answer of A/A and injected runs) and, when "
            + "R is not 1, also excludes 1 (the effect was detected).")
    private Double expect;

    @Option(names = "--copies", defaultValue = "1", paramLabel = "K",
        description = "Class-loader copies of each side per fork (rounds A1 B1 A2 B2 ... in seeded random order; the "
            + "fork's ratio averages over the copies, and so over each copy's own JIT compilation). Default 1.")
    private int copies;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the pairs' order.")
    private long seed;

    @Option(names = "--heap", paramLabel = "SIZE", description = "Heap of each fork, e.g. 2g (default: 1 GiB "
        + "per copy when both sides run fewer than 10^6 flows, else the benchmark's own heap times the copies, at "
        + "least twice it).")
    private String heap;

    @Option(names = "--jvm", paramLabel = "PATH", description = "The java binary (or JDK home) of the forks.")
    private String jvm;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default reports/pair-...).")
    private Path out;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        checkNumbers();
        final Map<String, String> sideA = single("--a", a);
        final Map<String, String> sideB = single("--b", b);
        final Map<String, String> propertiesA = properties("--a-property", aProperties);
        final Map<String, String> propertiesB = properties("--b-property", bProperties);
        final Map<String, String> common = new LinkedHashMap<>();
        if (params != null)
        {
            for (final String p : params)
            {
                common.putAll(single("--param", p));
            }
        }
        final Catalog.Benchmark benchmark = one(Catalog.ofClasspath(), bench);
        final Map<String, String> paramsA = resolve(benchmark, common, sideA);
        final Map<String, String> paramsB = resolve(benchmark, common, sideB);
        final String java = jvm == null ? ForkedJmh.currentJava() : RunCommand.javaBinary(jvm);
        final List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        final Path dir = out != null ? out : Git.root().resolve("reports").resolve("pair-" +
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")) + "-" +
            benchmark.name().replaceAll(".*\\.([^.]+\\.[^.]+)$", "$1"));
        final PairRunner.Spec spec = new PairRunner.Spec(benchmark.name(), classpath, classpath, common, sideA,
            sideB, paramsA, paramsB, forks, seconds, injectWork, confidence, java, heap != null ? JvmFlags.fork(heap) :
            forkFlags(benchmark.heap(), copies, paramsA, paramsB),
            String.join(File.pathSeparator, classpath), seed, copies, setUps(setUps, paramsA, paramsB),
            propertiesA, propertiesB);
        final PrintStream terminal = System.out;
        terminal.printf(Locale.ROOT, "flowgate pair: %s, A %s, B %s, %d forks x %.0f s over %d set-ups%s%s%n",
            benchmark.name(), Catalog.describe(wrap(paramsA)), Catalog.describe(wrap(paramsB)), forks, seconds,
            spec.setUps(),
            copies > 1 ? String.format(Locale.ROOT, ", %d copies a side", copies) : "",
            injectWork > 0 ? String.format(Locale.ROOT, ", B does %.3g%% extra work", injectWork) : "");
        final PairRunner.Outcome outcome = run(spec, dir, terminal, "flowgate pair");
        if (outcome == null)
        {
            return 1;
        }
        PairRunner.write(spec, outcome, dir);
        terminal.println("pair: " + dir.resolve("pair.md"));
        terminal.println(outcome.line());
        if (expect != null)
        {
            final boolean contains = outcome.summary().low() <= expect && expect <= outcome.summary().high();
            if (!contains)
            {
                System.err.printf(Locale.ROOT, "flowgate pair: the %.1f%% interval misses the expected %.4f%n",
                    confidence * 100, expect);
                return 1;
            }
            if (expect != 1.0 && !outcome.summary().interval().excludesOne())
            {
                System.err.printf(Locale.ROOT, "flowgate pair: the %.1f%% interval contains 1: the expected %.4f " +
                    "was not detected%n", confidence * 100, expect);
                return 1;
            }
        }
        return 0;
    }

    /**
     * Runs the forks, or says in one line why a fork failed.
     *
     * @param spec what to run.
     * @param dir the output folder (the forks' files go under forks/).
     * @param terminal where progress goes.
     * @param command the command's name for the error line.
     * @return the outcome, null when a fork failed.
     */
    static PairRunner.Outcome run(final PairRunner.Spec spec, final Path dir, final PrintStream terminal,
        final String command) throws IOException, InterruptedException
    {
        try
        {
            return PairRunner.run(spec, dir.resolve("forks"), terminal);
        }
        catch (final PairException ex)
        {
            System.err.println(command + ": " + ex.getMessage());
            return null;
        }
    }

    private void checkNumbers()
    {
        if (forks < 1 || forks > 1000)
        {
            throw new UsageException("--forks takes 1 to 1000");
        }
        if (!(seconds > 0) || seconds > 3600)
        {
            throw new UsageException("--seconds takes a number of seconds above 0 (at most 3600)");
        }
        if (!(injectWork >= 0) || injectWork > 1000)
        {
            throw new UsageException("--inject-work takes a percentage from 0 to 1000");
        }
        if (heap != null && !heap.matches("\\d{1,5}[mMgG]"))
        {
            throw new UsageException("--heap takes a size such as 512m or 2g: " + heap);
        }
        if (copies < 1 || copies > 16)
        {
            throw new UsageException("--copies takes 1 to 16");
        }
        if (setUps != null && (setUps < 1 || setUps > 64))
        {
            throw new UsageException("--set-ups takes 1 to 64");
        }
        if (!(confidence > 0 && confidence < 1))
        {
            throw new UsageException("--confidence takes a level between 0 and 1, e.g. 0.95");
        }
    }

    /**
     * Set-ups per fork: as given, else by how long the slower side takes to set up ({@link #DEFAULT_SET_UPS} for
     * about a second, {@link #SETTLING_SET_UPS} for mixes that settle sessions, one at 10^6 flows, whose set-up takes
     * longer than a fork's measured seconds).
     *
     * @param given the option's value, or null.
     * @param a side A's parameters, resolved.
     * @param b side B's.
     * @return the set-ups.
     */
    static int setUps(final Integer given, final Map<String, String> a, final Map<String, String> b)
    {
        if (given != null)
        {
            return given;
        }
        final double setUp = Math.max(PairedQuestions.sideSetupSeconds(a), PairedQuestions.sideSetupSeconds(b));
        return setUp <= PairedQuestions.SIDE_SETUP_SECONDS ? DEFAULT_SET_UPS :
            setUp <= PairedQuestions.SETTLING_SIDE_SETUP_SECONDS ? SETTLING_SET_UPS : 1;
    }

    /**
     * The heap of a fork whose sides' parameters are known: 1 GiB per copy when both sides run fewer than 10^6 flows
     * (the benchmark's own heap is sized for its largest flow table; with 4 GiB, A/A runs of the 10^4-flow pipeline
     * met the +-1% target in none of 6 runs, with 1 GiB in 4 of 6, docs/measuring.md), else {@link #forkFlags(String,
     * int)}.
     *
     * @param heap the benchmark's own heap, or null.
     * @param copies copies per side.
     * @param a side A's parameters.
     * @param b side B's parameters.
     * @return the fork's JVM flags.
     */
    static List<String> forkFlags(final String heap, final int copies, final Map<String, String> a,
        final Map<String, String> b)
    {
        if (smallFlows(a) && smallFlows(b))
        {
            return JvmFlags.fork(copies + "g");
        }
        return forkFlags(heap, copies);
    }

    private static boolean smallFlows(final Map<String, String> params)
    {
        final String flows = params.get("flows");
        return flows != null && flows.matches("\\d{1,9}") && Long.parseLong(flows) < SMALL_FLOWS_LIMIT;
    }

    /**
     * The heap of a fork: room for every side, the benchmark's own times the copies, at least twice it.
     *
     * @param heap the benchmark's own heap, or null.
     * @param copies copies per side.
     * @return the fork's JVM flags.
     */
    static List<String> forkFlags(final String heap, final int copies)
    {
        final String own = heap == null ? "1g" : heap.toLowerCase(Locale.ROOT);
        final String doubled;
        if (own.matches("\\d+[gmk]"))
        {
            doubled = Long.parseLong(own.substring(0, own.length() - 1)) * Math.max(2, copies) +
                own.substring(own.length() - 1);
        }
        else
        {
            doubled = "4g";
        }
        return JvmFlags.fork(doubled);
    }

    /**
     * The one benchmark a name or regex selects: the one whose full name is, or ends with, {@code name} (so
     * {@code PipelineBenchmark.oneThread} is not also InvalidRatioPipelineBenchmark's), else the one regex match.
     *
     * @param catalog the benchmarks.
     * @param name the full name or a regex.
     * @return the benchmark.
     */
    static Catalog.Benchmark one(final Catalog catalog, final String name)
    {
        for (final Catalog.Benchmark benchmark : catalog.all())
        {
            if (benchmark.name().equals(name) || benchmark.name().endsWith("." + name))
            {
                return benchmark;
            }
        }
        final List<Catalog.Benchmark> matches = catalog.matching(name);
        if (matches.isEmpty())
        {
            throw new UsageException("no benchmark matches '" + name + "' (see 'flowgate list')");
        }
        if (matches.size() > 1)
        {
            final List<String> names = new ArrayList<>();
            matches.stream().limit(4).forEach(m -> names.add(m.name().replaceAll(".*\\.([^.]+\\.[^.]+)$", "$1")));
            throw new UsageException("'" + name + "' matches " + matches.size() + " benchmarks (" +
                String.join(", ", names) + (matches.size() > 4 ? ", ..." : "") + "): pair runs one");
        }
        return matches.get(0);
    }

    /**
     * System properties given as {@code K=V[,K=V...]}: names of letters, digits, dots, dashes and underscores.
     *
     * @param option the option, for the error.
     * @param text the option's value, or null.
     * @return the properties in the order given, empty for null.
     */
    static Map<String, String> properties(final String option, final String text)
    {
        final Map<String, String> properties = new LinkedHashMap<>();
        if (text == null)
        {
            return properties;
        }
        for (final String part : text.split(",", -1))
        {
            final int eq = part.indexOf('=');
            final String name = eq < 0 ? part : part.substring(0, eq);
            if (eq < 0 || !name.matches("[A-Za-z0-9._-]+"))
            {
                throw new UsageException(option + " " + text + ": expected NAME=VALUE[,NAME=VALUE...] with a name of "
                    + "letters, digits, '.', '-' or '_', got '" + part + "'");
            }
            if (properties.put(name, part.substring(eq + 1)) != null)
            {
                throw new UsageException(option + " " + text + ": " + name + " given twice");
            }
        }
        return properties;
    }

    /** One value per parameter. */
    static Map<String, String> single(final String option, final String text)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final Map.Entry<String, List<String>> e : ParamSpec.parse(List.of(text)).values().entrySet())
        {
            if (e.getValue().size() != 1)
            {
                throw new UsageException(option + " " + text + ": one value per parameter (no '|')");
            }
            values.put(e.getKey(), e.getValue().get(0));
        }
        return values;
    }

    static Map<String, String> resolve(final Catalog.Benchmark benchmark, final Map<String, String> common,
        final Map<String, String> side)
    {
        final Map<String, String> given = new LinkedHashMap<>(common);
        given.putAll(side);
        for (final String name : given.keySet())
        {
            if (!benchmark.params().containsKey(name))
            {
                throw new UsageException(benchmark.name() + " has no parameter '" + name + "' (it has " +
                    String.join(", ", benchmark.params().keySet()) + ")");
            }
        }
        final Map<String, String> all = new LinkedHashMap<>();
        benchmark.params().forEach((k, v) -> all.put(k, given.getOrDefault(k, v.get(0))));
        return all;
    }

    private static Map<String, List<String>> wrap(final Map<String, String> params)
    {
        final Map<String, List<String>> wrapped = new LinkedHashMap<>();
        params.forEach((k, v) -> wrapped.put(k, List.of(v)));
        return wrapped;
    }
}
