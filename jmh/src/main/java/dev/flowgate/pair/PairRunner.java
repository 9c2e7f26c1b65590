// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowgate.report.Comparison;
import dev.flowgate.report.Statistics;

/**
 * Runs the forks of a paired run, one fresh JVM each ({@link PairFork}), and summarises them: per pair the
 * throughput ratio A/B, per fork the mean log ratio, over forks a t interval (forks are the independent units)
 * and its geometric-mean ratio.
 *
 * <p>A one-thread side's round is timed by its thread's CPU time: on a host whose other tenants keep more threads
 * runnable than there are cores, a 10 ms round is descheduled a random number of times, and wall time would add
 * that to the ratio's noise (measured: per-pair log ratios with a standard deviation of 1.2 under a load average of
 * 18 on 2 cores). CPU time leaves out the time the thread waited, not the cache misses the neighbours cause, nor
 * the work of GC threads: it does leave out GC threads' work: a side that allocates more is not charged for
 * its collections, so allocating benchmarks read their cost from JMH's absolute figures. Two-thread sides are timed
 * by wall clock.
 */
public final class PairRunner
{
    /** Threshold of the verdict, in percent, as compare's default. */
    public static final double THRESHOLD_PERCENT = 2.0;
    /**
     * Flags of every pairing fork: the driver's call into a side is never inlined (the probe of issue #12: inlined
     * per call site, A/A came out 0.976 over 8 forks; kept out, 1.003).
     */
    static final List<String> DRIVER_FLAGS = List.of("-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,dev.flowgate.pair.side.SideRunner::applyAsLong");
    /** The longest warm-up of a fork: on a starved machine the JIT may need this long to compile both sides. */
    static final double MAX_WARMUP_SECONDS = 40;

    /**
     * What to run.
     *
     * @param benchmark the benchmark's full name.
     * @param jarA side A's class path.
     * @param jarB side B's class path.
     * @param common the parameters both sides share (as given).
     * @param a side A's own parameters (as given).
     * @param b side B's own parameters (as given).
     * @param paramsA every parameter of side A, resolved.
     * @param paramsB every parameter of side B, resolved.
     * @param forks the number of forks.
     * @param seconds measured seconds per fork.
     * @param injectWorkPercent side B's uncounted extra work.
     * @param confidence the interval's confidence level.
     * @param java the java binary of the forks.
     * @param jvmFlags the forks' JVM flags (heap included).
     * @param driverClasspath the class path of the driver (this jar).
     * @param seed the base seed of the pair order.
     */
    public record Spec(String benchmark, List<String> jarA, List<String> jarB, Map<String, String> common,
        Map<String, String> a, Map<String, String> b, Map<String, String> paramsA, Map<String, String> paramsB,
        int forks, double seconds, double injectWorkPercent, double confidence, String java, List<String> jvmFlags,
        String driverClasspath, long seed)
    {
    }

    /**
     * The summary of a run.
     *
     * @param summary the ratio A/B (throughput) with its interval over forks.
     * @param forkRatios each fork's geometric-mean ratio.
     * @param pairsPerFork each fork's number of pairs.
     * @param aNsPerOp side A's geometric mean ns/op over all pairs.
     * @param bNsPerOp side B's.
     * @param verdict faster (A faster than B), slower or same, by compare's rule.
     * @param results the forks' raw results.
     * @param elapsedSeconds wall time of the whole run.
     */
    public record Outcome(Statistics.ForkSummary summary, double[] forkRatios, int[] pairsPerFork, double aNsPerOp,
        double bNsPerOp, String verdict, List<PairFork.Result> results, double elapsedSeconds)
    {
        /**
         * Pairs per fork as one figure (the mean, rounded).
         *
         * @return the pairs.
         */
        public int pairs()
        {
            long total = 0;
            for (final int p : pairsPerFork)
            {
                total += p;
            }
            return pairsPerFork.length == 0 ? 0 : (int) Math.round(total / (double) pairsPerFork.length);
        }

        /**
         * The line {@code flowgate pair} prints.
         *
         * @return {@code ratio R [LOW, HIGH], F forks x P pairs}.
         */
        public String line()
        {
            return String.format(Locale.ROOT, "ratio %.4f [%.4f, %.4f], %d forks x %d pairs", summary.ratio(),
                summary.low(), summary.high(), pairsPerFork.length, pairs());
        }
    }

    private PairRunner()
    {
    }

    /**
     * Runs the forks one after the other.
     *
     * @param spec what to run.
     * @param work a folder for the forks' files.
     * @param terminal where progress goes.
     * @return the outcome.
     * @throws PairException when a fork fails (its message: the fork's last line on stderr).
     */
    public static Outcome run(final Spec spec, final Path work, final PrintStream terminal)
        throws IOException, InterruptedException
    {
        Files.createDirectories(work);
        final ObjectMapper mapper = new ObjectMapper();
        final List<PairFork.Result> results = new ArrayList<>();
        final long start = System.nanoTime();
        final String[] nameParts = spec.benchmark().split("\\.");
        final String method = nameParts[nameParts.length - 1];
        final String className = spec.benchmark().substring(0, spec.benchmark().length() - method.length() - 1);
        for (int f = 0; f < spec.forks(); f++)
        {
            final double elapsed = (System.nanoTime() - start) / 1e9;
            final String left = f == 0 ? "" : String.format(Locale.ROOT, ", ~%.0f s left", elapsed / f *
                (spec.forks() - f));
            terminal.printf(Locale.ROOT, "[%d/%d] fork: %s (elapsed %.0f s%s)%n", f + 1, spec.forks(),
                spec.benchmark(), elapsed, left);
            final PairFork.Config config = new PairFork.Config(spec.jarA(), spec.jarB(), className, method,
                spec.paramsA(), spec.paramsB(), spec.seconds(), MAX_WARMUP_SECONDS,
                spec.injectWorkPercent(), f, spec.forks(), spec.seed() + f);
            final Path configFile = work.resolve("fork-" + f + "-config.json");
            final Path resultFile = work.resolve("fork-" + f + "-result.json");
            Files.deleteIfExists(resultFile);
            mapper.writeValue(configFile.toFile(), config);
            final List<String> command = new ArrayList<>();
            command.add(spec.java());
            command.addAll(spec.jvmFlags());
            command.addAll(DRIVER_FLAGS);
            command.addAll(List.of("-cp", spec.driverClasspath(), PairFork.class.getName(), configFile.toString(),
                resultFile.toString()));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String last = "";
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)))
            {
                for (String line = out.readLine(); line != null; line = out.readLine())
                {
                    terminal.println(line);
                    last = line.isBlank() ? last : line;
                }
            }
            if (process.waitFor() != 0 || !Files.isRegularFile(resultFile))
            {
                throw new PairException(last.isEmpty() ? "fork " + (f + 1) + " failed" : last.trim());
            }
            results.add(mapper.readValue(resultFile.toFile(), PairFork.Result.class));
        }
        return summarise(results, spec.confidence(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Summarises forks' results.
     *
     * @param results the forks' pairs.
     * @param confidence the interval's confidence level.
     * @param elapsedSeconds the run's wall time.
     * @return the outcome.
     */
    public static Outcome summarise(final List<PairFork.Result> results, final double confidence,
        final double elapsedSeconds)
    {
        final List<double[]> logs = new ArrayList<>();
        final int[] pairs = new int[results.size()];
        double aLog = 0;
        double bLog = 0;
        int n = 0;
        for (int f = 0; f < results.size(); f++)
        {
            final PairFork.Result r = results.get(f);
            final boolean cpu = r.threads() == 1;
            final double[] as = cpu ? r.aCpuNsPerOp() : r.aNsPerOp();
            final double[] bs = cpu ? r.bCpuNsPerOp() : r.bNsPerOp();
            final double[] l = new double[as.length];
            for (int i = 0; i < l.length; i++)
            {
                // Throughput A/B is time B / time A.
                l[i] = Math.log(bs[i] / as[i]);
                aLog += Math.log(as[i]);
                bLog += Math.log(bs[i]);
            }
            n += l.length;
            pairs[f] = l.length;
            logs.add(l);
        }
        final Statistics.ForkSummary summary = results.size() >= 2 ? Statistics.forkTInterval(logs, confidence) :
            Statistics.hierarchicalBootstrap(logs, 20, confidence, Statistics.DEFAULT_SEED);
        final double[] forkRatios = java.util.Arrays.stream(Statistics.forkMeans(logs)).map(Math::exp).toArray();
        return new Outcome(summary, forkRatios, pairs, Math.exp(aLog / n), Math.exp(bLog / n),
            verdict(summary), results, elapsedSeconds);
    }

    /**
     * Compare's rule: faster or slower only when significant and at least {@link #THRESHOLD_PERCENT}.
     *
     * @param summary the ratio with its interval and p-value.
     * @return the verdict.
     */
    public static String verdict(final Statistics.ForkSummary summary)
    {
        return Comparison.verdict(summary.pValue(), summary.interval(), (summary.ratio() - 1) * 100,
            THRESHOLD_PERCENT);
    }

    /**
     * Writes pair.json and pair.md.
     *
     * @param spec what ran.
     * @param outcome what it gave.
     * @param dir the output folder.
     */
    public static void write(final Spec spec, final Outcome outcome, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode json = json(mapper, spec, outcome);
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("pair.json").toFile(), json);
        Files.writeString(dir.resolve("pair.md"), markdown(spec, outcome));
    }

    /**
     * The pair.json object.
     *
     * @param mapper the mapper.
     * @param spec what ran.
     * @param outcome what it gave.
     * @return the object.
     */
    public static ObjectNode json(final ObjectMapper mapper, final Spec spec, final Outcome outcome)
    {
        final ObjectNode json = mapper.createObjectNode();
        final Statistics.ForkSummary s = outcome.summary();
        json.put("benchmark", spec.benchmark());
        json.set("params", mapper.valueToTree(spec.common()));
        json.set("a", mapper.valueToTree(spec.a()));
        json.set("b", mapper.valueToTree(spec.b()));
        json.set("paramsA", mapper.valueToTree(spec.paramsA()));
        json.set("paramsB", mapper.valueToTree(spec.paramsB()));
        json.put("forks", outcome.pairsPerFork().length);
        json.put("pairsPerFork", outcome.pairs());
        json.put("ratio", s.ratio());
        putNumber(json, "ratioLow", s.low());
        putNumber(json, "ratioHigh", s.high());
        json.put("confidence", spec.confidence());
        json.put("intervalIsRange", s.forks() < Statistics.MIN_FORKS_FOR_INTERVAL);
        putNumber(json, "pValue", s.pValue());
        json.put("verdict", outcome.verdict());
        final ArrayNode forkRatios = json.putArray("forkRatios");
        for (final double r : outcome.forkRatios())
        {
            forkRatios.add(r);
        }
        final ArrayNode pairs = json.putArray("pairsPerForkEach");
        for (final int p : outcome.pairsPerFork())
        {
            pairs.add(p);
        }
        json.put("aNsPerOp", outcome.aNsPerOp());
        json.put("bNsPerOp", outcome.bNsPerOp());
        json.put("injectWorkPercent", spec.injectWorkPercent());
        json.put("secondsPerFork", spec.seconds());
        json.put("elapsedSeconds", outcome.elapsedSeconds());
        json.put("threads", outcome.results().isEmpty() ? 1 : outcome.results().get(0).threads());
        json.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        json.put("seed", spec.seed());
        return json;
    }

    private static void putNumber(final ObjectNode node, final String name, final double value)
    {
        if (Double.isNaN(value))
        {
            node.putNull(name);
        }
        else
        {
            node.put(name, value);
        }
    }

    private static String markdown(final Spec spec, final Outcome outcome)
    {
        final Statistics.ForkSummary s = outcome.summary();
        final StringBuilder md = new StringBuilder();
        md.append("# Paired run: ").append(spec.benchmark()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| A | `").append(text(spec.a())).append("` |\n");
        md.append("| B | `").append(text(spec.b())).append("` |\n");
        md.append("| common | `").append(text(spec.common())).append("` |\n");
        md.append("| injected work (B) | ").append(fmt(spec.injectWorkPercent())).append("% |\n");
        md.append(String.format(Locale.ROOT, "| ratio A/B (throughput) | **%.4f** [%.4f, %.4f] %s |%n", s.ratio(),
            s.low(), s.high(), s.forks() < Statistics.MIN_FORKS_FOR_INTERVAL ?
            "(range: fewer than " + Statistics.MIN_FORKS_FOR_INTERVAL + " forks)" :
            "(" + fmt(spec.confidence() * 100) + "% t interval over forks)"));
        md.append(String.format(Locale.ROOT, "| p-value (t over fork means) | %.3g |%n", s.pValue()));
        md.append("| verdict (threshold ").append(fmt(THRESHOLD_PERCENT)).append("%) | ").append(outcome.verdict())
            .append(" |\n");
        md.append(String.format(Locale.ROOT, "| forks x pairs | %d x %d (%.0f s a fork measured; %.0f s in all) |%n",
            outcome.pairsPerFork().length, outcome.pairs(), spec.seconds(), outcome.elapsedSeconds()));
        md.append(String.format(Locale.ROOT, "| ns/op A, B (geometric means) | %.2f, %.2f |%n", outcome.aNsPerOp(),
            outcome.bNsPerOp()));
        md.append("| JDK | ").append(System.getProperty("java.runtime.version")).append(" |\n\n");
        md.append("| fork | set up first | pairs | ratio A/B | warm-up (s) |\n|---|---|---|---|---|\n");
        for (int f = 0; f < outcome.forkRatios().length; f++)
        {
            final PairFork.Result r = outcome.results().get(f);
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.4f | %.1f%s |%n", f + 1, r.bFirst() ? "B" : "A",
                outcome.pairsPerFork()[f], outcome.forkRatios()[f], r.warmupSeconds(), r.steady() ? "" :
                " (not steady)"));
        }
        md.append("\nEach pair runs a round of A and a round of B (about 10 ms each) in seeded random order, in one ")
            .append("JVM, each side in its own class loader. The interval treats forks as the independent units.\n");
        return md.toString();
    }

    private static String text(final Map<String, String> params)
    {
        final List<String> parts = new ArrayList<>();
        new LinkedHashMap<>(params).forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    private static String fmt(final double value)
    {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
