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
import org.apache.commons.math3.distribution.TDistribution;

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
     * per call site, A/A came out 0.976 over 8 forks; kept out, 1.003), and compilation blocks the thread that asked
     * for it ({@code -Xbatch}): with background compilation each copy of a side compiled at its own moment, on its own
     * profile, and ran at its own speed for the whole fork (a spread of about 3% between copies of one side; with
     * -Xbatch it fell to the noise of the rounds, docs/measuring.md). The heap is not pre-touched (the flag comes
     * after the project's and wins): that cost about 3.7 s per GiB and fork on the 2-core VM, and a paired fork's
     * set-up and warm-up touch what its measured rounds use, the same way for both sides.
     */
    static final List<String> DRIVER_FLAGS = List.of("-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,dev.flowgate.pair.side.SideRunner::applyAsLong", "-Xbatch",
        "-XX:-AlwaysPreTouch");
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
     * @param copies class-loader copies per side in each fork (rounds of all copies alternate; a fork's ratio
     *               averages over them, which averages out each copy's own JIT compilation).
     * @param setUps trial set-ups per fork, each measured for {@code seconds / setUps}.
     * @param propertiesA system properties of side A's class initialisation ({@link PairFork.SideSpec}).
     * @param propertiesB likewise for B.
     */
    public record Spec(String benchmark, List<String> jarA, List<String> jarB, Map<String, String> common,
        Map<String, String> a, Map<String, String> b, Map<String, String> paramsA, Map<String, String> paramsB,
        int forks, double seconds, double injectWorkPercent, double confidence, String java, List<String> jvmFlags,
        String driverClasspath, long seed, int copies, int setUps, Map<String, String> propertiesA,
        Map<String, String> propertiesB)
    {
        /**
         * The sides of a fork: A1, B1, A2, B2, ... (A and B with one copy).
         *
         * @return the sides.
         */
        public List<PairFork.SideSpec> sides()
        {
            final String[] nameParts = benchmark.split("\\.");
            final String method = nameParts[nameParts.length - 1];
            final String className = benchmark.substring(0, benchmark.length() - method.length() - 1);
            final List<PairFork.SideSpec> sides = new ArrayList<>();
            for (int c = 1; c <= copies; c++)
            {
                final String suffix = copies == 1 ? "" : String.valueOf(c);
                sides.add(new PairFork.SideSpec("A" + suffix, jarA, className, method, paramsA, 0, propertiesA));
                sides.add(new PairFork.SideSpec("B" + suffix, jarB, className, method, paramsB, injectWorkPercent,
                    propertiesB));
            }
            return sides;
        }
    }

    /**
     * The summary of a ratio over forks.
     *
     * @param summary the ratio A/B (throughput) with its interval over forks.
     * @param forkRatios each fork's geometric-mean ratio.
     * @param pairsPerFork each fork's number of pairs (cycles).
     * @param aNsPerOp side A's geometric mean ns/op over all pairs (over its copies).
     * @param bNsPerOp side B's.
     * @param verdict faster (A faster than B), slower or same, by compare's rule.
     * @param aForks per fork, side A's ns/op per pair (the times the ratio uses).
     * @param bForks likewise for B.
     * @param threads threads of side A's benchmark.
     * @param results the forks' raw results.
     * @param elapsedSeconds wall time of the whole run.
     */
    public record Outcome(Statistics.ForkSummary summary, double[] forkRatios, int[] pairsPerFork, double aNsPerOp,
        double bNsPerOp, String verdict, List<double[]> aForks, List<double[]> bForks, int threads,
        List<PairFork.Result> results, double elapsedSeconds)
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
     * Runs the forks of a spec one after the other and summarises them.
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
        final long start = System.nanoTime();
        final List<PairFork.Result> results = forks(spec.sides(), spec.forks(), spec.seconds(), spec.setUps(),
            spec.seed(), new Launch(spec.java(), spec.jvmFlags(), spec.driverClasspath()), work, terminal,
            spec.benchmark());
        final int[] a = new int[spec.copies()];
        final int[] b = new int[spec.copies()];
        for (int c = 0; c < spec.copies(); c++)
        {
            a[c] = 2 * c;
            b[c] = 2 * c + 1;
        }
        return summarise(results, a, b, spec.confidence(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * How a fork's JVM starts.
     *
     * @param java the java binary.
     * @param jvmFlags its flags (heap included).
     * @param driverClasspath the class path of the driver (this jar).
     */
    public record Launch(String java, List<String> jvmFlags, String driverClasspath)
    {
    }

    /**
     * Runs forks of some sides one after the other.
     *
     * @param sides the sides of every fork.
     * @param forks how many forks.
     * @param seconds measured seconds per fork.
     * @param setUps trial set-ups per fork.
     * @param seed the base seed (fork f uses seed + f).
     * @param launch how a fork's JVM starts.
     * @param work a folder for the forks' files.
     * @param terminal where progress goes.
     * @param what what the progress lines name.
     * @return each fork's result.
     * @throws PairException when a fork fails (its message: the fork's last line on stderr).
     */
    public static List<PairFork.Result> forks(final List<PairFork.SideSpec> sides, final int forks,
        final double seconds, final int setUps, final long seed, final Launch launch, final Path work,
        final PrintStream terminal, final String what) throws IOException, InterruptedException
    {
        Files.createDirectories(work);
        final ObjectMapper mapper = new ObjectMapper();
        final List<PairFork.Result> results = new ArrayList<>();
        final long start = System.nanoTime();
        for (int f = 0; f < forks; f++)
        {
            final double elapsed = (System.nanoTime() - start) / 1e9;
            final String left = f == 0 ? "" : String.format(Locale.ROOT, ", ~%.0f s left", elapsed / f *
                (forks - f));
            terminal.printf(Locale.ROOT, "[%d/%d] fork: %s (elapsed %.0f s%s)%n", f + 1, forks, what, elapsed, left);
            final PairFork.Config config = new PairFork.Config(sides, seconds, setUps, MAX_WARMUP_SECONDS, f, forks,
                seed + f);
            final Path configFile = work.resolve("fork-" + f + "-config.json");
            final Path resultFile = work.resolve("fork-" + f + "-result.json");
            Files.deleteIfExists(resultFile);
            mapper.writeValue(configFile.toFile(), config);
            final List<String> command = new ArrayList<>();
            command.add(launch.java());
            command.addAll(launch.jvmFlags());
            command.addAll(DRIVER_FLAGS);
            command.addAll(List.of("-cp", launch.driverClasspath(), PairFork.class.getName(), configFile.toString(),
                resultFile.toString()));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String last = "";
            // The fork's own progress goes to the terminal; the benchmarks' set-up lines (one per side) to its log.
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                PrintStream log = new PrintStream(work.resolve("fork-" + f + ".log").toFile(), StandardCharsets.UTF_8))
            {
                for (String line = out.readLine(); line != null; line = out.readLine())
                {
                    log.println(line);
                    if (line.startsWith(PairFork.PROGRESS))
                    {
                        terminal.println(line);
                    }
                    last = line.isBlank() ? last : line;
                }
            }
            if (process.waitFor() != 0 || !Files.isRegularFile(resultFile))
            {
                throw new PairException(last.isEmpty() ? "fork " + (f + 1) + " failed" : last.trim());
            }
            results.add(mapper.readValue(resultFile.toFile(), PairFork.Result.class));
        }
        return results;
    }

    /**
     * Summarises the ratio of two sides (or two sets of copies) over forks: per cycle the log of B's time over A's
     * (each the mean log over its copies), per fork the mean, over forks a t interval (one fork: a block bootstrap
     * over its pairs).
     *
     * @param results the forks' results.
     * @param a the indices of side A's copies.
     * @param b the indices of side B's copies.
     * @param confidence the interval's confidence level.
     * @param elapsedSeconds the run's wall time.
     * @return the outcome.
     */
    public static Outcome summarise(final List<PairFork.Result> results, final int[] a, final int[] b,
        final double confidence, final double elapsedSeconds)
    {
        final List<double[]> logs = new ArrayList<>();
        final int[] aFirst = new int[results.size()];
        final List<double[]> aForks = new ArrayList<>();
        final List<double[]> bForks = new ArrayList<>();
        final int[] pairs = new int[results.size()];
        double aLog = 0;
        double bLog = 0;
        int n = 0;
        int threads = 1;
        for (int f = 0; f < results.size(); f++)
        {
            final PairFork.Result r = results.get(f);
            threads = r.threads()[a[0]];
            // One-thread sides: CPU time of the driver's thread, which leaves out the time it waited for a core.
            boolean cpu = true;
            for (final int s : a)
            {
                cpu &= r.threads()[s] == 1;
            }
            for (final int s : b)
            {
                cpu &= r.threads()[s] == 1;
            }
            final double[][] times = cpu ? r.cpuNsPerOp() : r.nsPerOp();
            final int cycles = r.cycles();
            final double[] l = new double[cycles];
            final double[] as = new double[cycles];
            final double[] bs = new double[cycles];
            for (int i = 0; i < cycles; i++)
            {
                final double la = meanLog(times, a, i);
                final double lb = meanLog(times, b, i);
                // Throughput A/B is time B / time A.
                l[i] = lb - la;
                as[i] = Math.exp(la);
                bs[i] = Math.exp(lb);
                aLog += la;
                bLog += lb;
            }
            n += cycles;
            pairs[f] = cycles;
            aFirst[f] = firstSetUp(r, a, b);
            logs.add(l);
            aForks.add(as);
            bForks.add(bs);
        }
        final Statistics.ForkSummary summary = results.size() < 2 ?
            Statistics.hierarchicalBootstrap(logs, 20, confidence, Statistics.DEFAULT_SEED) :
            balancedSetUps(results) ? Statistics.forkTInterval(logs, confidence) :
            blockedTInterval(logs, aFirst, confidence);
        final double[] forkRatios = java.util.Arrays.stream(Statistics.forkMeans(logs)).map(Math::exp).toArray();
        return new Outcome(summary, forkRatios, pairs, Math.exp(aLog / n), Math.exp(bLog / n), verdict(summary),
            aForks, bForks, threads, results, elapsedSeconds);
    }

    /**
     * Whether every fork set its sides up an even number of times: each side then went first (and every pair of sides
     * came in each order) in half of them, so the set-up order's effect cancels within the fork.
     *
     * @param results the forks.
     * @return true when balanced.
     */
    static boolean balancedSetUps(final List<PairFork.Result> results)
    {
        for (final PairFork.Result r : results)
        {
            if (r.cyclesPerSetUp() == null || r.cyclesPerSetUp().length % 2 != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Which side's loader was set up first in a fork: 1 when one of A's, 0 when one of B's.
     *
     * @param r the fork.
     * @param a side A's indices.
     * @param b side B's indices.
     * @return 1 or 0.
     */
    static int firstSetUp(final PairFork.Result r, final int[] a, final int[] b)
    {
        for (final String name : r.setupOrder())
        {
            final int s = r.names().indexOf(name);
            for (final int x : a)
            {
                if (x == s)
                {
                    return 1;
                }
            }
            for (final int x : b)
            {
                if (x == s)
                {
                    return 0;
                }
            }
        }
        return 0;
    }

    /**
     * The t interval over forks with the set-up order as a block: the side set up first runs faster by a steady
     * amount for its fork (about 1% with a 1 GiB heap, 3% with 4 GiB, docs/measuring.md), and forks alternate it.
     * The ratio is the mean of the two orders' means; the spread is the forks' around their own order's mean (F - 2
     * degrees of freedom), so the alternation no longer counts as noise. With fewer than two forks of either order,
     * or fewer than four forks, it is {@link Statistics#forkTInterval}.
     *
     * @param forkLogRatios per fork, the log of each pair's ratio.
     * @param aFirst per fork, 1 when side A was set up first, else 0.
     * @param confidence the confidence level.
     * @return the ratio, its interval, the p-value and the forks.
     */
    public static Statistics.ForkSummary blockedTInterval(final List<double[]> forkLogRatios, final int[] aFirst,
        final double confidence)
    {
        final double[] means = Statistics.forkMeans(forkLogRatios);
        final int f = means.length;
        final double[] sum = new double[2];
        final int[] count = new int[2];
        for (int i = 0; i < f; i++)
        {
            sum[aFirst[i]] += means[i];
            count[aFirst[i]]++;
        }
        if (f < 4 || count[0] < 2 || count[1] < 2)
        {
            return Statistics.forkTInterval(forkLogRatios, confidence);
        }
        final double[] blockMean = {sum[0] / count[0], sum[1] / count[1]};
        double squares = 0;
        for (int i = 0; i < f; i++)
        {
            final double d = means[i] - blockMean[aFirst[i]];
            squares += d * d;
        }
        final double mean = (blockMean[0] + blockMean[1]) / 2;
        final double se = Math.sqrt(squares / (f - 2)) / 2 * Math.sqrt(1.0 / count[0] + 1.0 / count[1]);
        final TDistribution t = new TDistribution(null, f - 2);
        final double q = t.inverseCumulativeProbability(0.5 + confidence / 2);
        final double p = se == 0 ? (mean == 0 ? 1.0 : 0.0) : 2 * t.cumulativeProbability(-Math.abs(mean) / se);
        return new Statistics.ForkSummary(Math.exp(mean), Math.exp(mean - q * se), Math.exp(mean + q * se), p, f);
    }

    private static double meanLog(final double[][] times, final int[] sides, final int cycle)
    {
        double sum = 0;
        for (final int s : sides)
        {
            sum += Math.log(times[s][cycle]);
        }
        return sum / sides.length;
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
        final ObjectNode json = sides(mapper, spec);
        final Statistics.ForkSummary s = outcome.summary();
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
        json.put("threads", outcome.threads());
        json.put("copies", spec.copies());
        json.put("setUps", spec.setUps());
        json.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        json.put("seed", spec.seed());
        return json;
    }

    /**
     * What a pair compares, the start of its pair.json object: benchmark, params (common), a, b, paramsA, paramsB.
     *
     * @param mapper the mapper.
     * @param spec the pair.
     * @return the object.
     */
    public static ObjectNode sides(final ObjectMapper mapper, final Spec spec)
    {
        final ObjectNode json = mapper.createObjectNode();
        json.put("benchmark", spec.benchmark());
        json.set("params", mapper.valueToTree(spec.common()));
        json.set("a", mapper.valueToTree(spec.a()));
        json.set("b", mapper.valueToTree(spec.b()));
        json.set("paramsA", mapper.valueToTree(spec.paramsA()));
        json.set("paramsB", mapper.valueToTree(spec.paramsB()));
        if (!spec.propertiesA().isEmpty() || !spec.propertiesB().isEmpty())
        {
            json.set("propertiesA", mapper.valueToTree(spec.propertiesA()));
            json.set("propertiesB", mapper.valueToTree(spec.propertiesB()));
        }
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
        if (!spec.propertiesA().isEmpty() || !spec.propertiesB().isEmpty())
        {
            md.append("| system properties A, B (class initialisation) | `").append(text(spec.propertiesA()))
                .append("`, `").append(text(spec.propertiesB())).append("` |\n");
        }
        md.append("| injected work (B) | ").append(fmt(spec.injectWorkPercent())).append("% |\n");
        md.append(String.format(Locale.ROOT, "| ratio A/B (throughput) | **%.4f** [%.4f, %.4f] %s |%n", s.ratio(),
            s.low(), s.high(), s.forks() < Statistics.MIN_FORKS_FOR_INTERVAL ?
            "(range: fewer than " + Statistics.MIN_FORKS_FOR_INTERVAL + " forks)" :
            "(" + fmt(spec.confidence() * 100) + "% t interval over forks" + (balancedSetUps(outcome.results()) ?
            ", each side set up first in half of each fork's set-ups)" : ", set-up order as a block)")));
        md.append(String.format(Locale.ROOT, "| p-value (t over fork means) | %.3g |%n", s.pValue()));
        md.append("| verdict (threshold ").append(fmt(THRESHOLD_PERCENT)).append("%) | ").append(outcome.verdict())
            .append(" |\n");
        md.append(String.format(Locale.ROOT, "| forks x pairs | %d x %d (%.0f s a fork measured, over %d set-ups; "
            + "%.0f s in all) |%n", outcome.pairsPerFork().length, outcome.pairs(), spec.seconds(), spec.setUps(),
            outcome.elapsedSeconds()));
        md.append(String.format(Locale.ROOT, "| ns/op A, B (geometric means) | %.2f, %.2f |%n", outcome.aNsPerOp(),
            outcome.bNsPerOp()));
        md.append("| JDK | ").append(System.getProperty("java.runtime.version")).append(" |\n\n");
        md.append("| fork | set up first | pairs | ratio A/B | warm-up (s) | JIT while measured (ms) |\n")
            .append("|---|---|---|---|---|---|\n");
        for (int f = 0; f < outcome.forkRatios().length; f++)
        {
            final PairFork.Result r = outcome.results().get(f);
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.4f | %.1f%s | %d |%n", f + 1,
                r.setupOrder().get(0), outcome.pairsPerFork()[f], outcome.forkRatios()[f], r.warmupSeconds(),
                r.steady() ? "" : " (not steady)", r.compileMillisMeasured()));
        }
        md.append("\nEach pair runs a round of A and a round of B (about 10 ms each), the rounds alternating (no ")
            .append("round right after its own side), in one JVM, each side in its own class loader. Each fork sets ")
            .append("both sides up ").append(spec.setUps()).append(spec.setUps() == 1 ? " time" : " times")
            .append(" (fresh state and heap layout each time, the order reversed every other time) and measures ")
            .append("an equal share of its seconds after each. The interval treats forks as the independent ")
            .append("units.\n");
        if (spec.copies() > 1)
        {
            md.append(String.format(Locale.ROOT, "With %d copies a side, a pair is a cycle of rounds of A1..A%d and "
                + "B1..B%d; its ratio is of the copies' geometric means.%n", spec.copies(), spec.copies(),
                spec.copies()));
        }
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
