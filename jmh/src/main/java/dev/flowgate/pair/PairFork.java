// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowgate.pair.side.SideRunner;

/**
 * One fork of a paired run, in its own JVM: every side's loader and runner, calibration, warm-up until the JIT
 * is quiet, then {@code seconds} of cycles (one round of every side, in seeded random order with no round right
 * after its own side; with two sides, a pair, and the rounds alternate). Writes each cycle's ns/op of every side
 * to the result file. Exit status 0, or 1 with one line on stderr when a side fails (a set-up check, a benchmark
 * the runner refuses).
 */
public final class PairFork
{
    /** The start of the fork's progress lines (the driver shows these, and logs the rest). */
    static final String PROGRESS = "  fork ";
    /** Wall time a round aims at. */
    static final long ROUND_NANOS = 10_000_000L;
    /**
     * The measured phase runs its seconds and at least this share of the cycles they hold on an idle machine, so that
     * a fork the neighbours slowed has as many pairs as the others: forks count equally in the interval, and forks of
     * 50-100 pairs among forks of 300 gave its widest outliers (docs/measuring.md).
     */
    static final double MIN_CYCLE_SHARE = 0.75;
    /** The longest a measured phase stretches to reach its cycles, in multiples of its seconds. */
    private static final double MAX_STRETCH = 4;
    /** Pairs per warm-up window (with more sides, cycles of as many rounds in all). */
    private static final int WINDOW = 25;
    /** The fewest cycles per warm-up window. */
    private static final int MIN_WINDOW = 5;
    /** A window is quiet when the JIT compiled for at most this long in it. */
    private static final long QUIET_COMPILE_MILLIS = 2;
    private static final long MIN_WARMUP_NANOS = 2_000_000_000L;
    private static final long PROGRESS_NANOS = 5_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Rounds run and not counted after a fork's second and later set-ups: the new state's first touches. */
    private static final long REWARM_NANOS = 200_000_000L;
    private static final boolean VERBOSE = Boolean.getBoolean("flowgate.pair.verbose");

    /**
     * One side of a fork: a benchmark with one set of parameters, in its own class loader.
     *
     * @param name the side's name (A, B, or a variant's label with its copy number).
     * @param classpath the side's class path (its revision's benchmarks jar).
     * @param className the benchmark class.
     * @param method the benchmark method.
     * @param params every parameter of the side.
     * @param injectWorkPercent extra uncounted work of the side.
     * @param properties system properties in effect while the side's loader initialises its classes
     *                   ({@link #side(SideSpec, SideLoader)}); empty for none.
     */
    public record SideSpec(String name, List<String> classpath, String className, String method,
        Map<String, String> params, double injectWorkPercent, Map<String, String> properties)
    {
        /**
         * A side without system properties of its own.
         *
         * @param name the side's name.
         * @param classpath the side's class path.
         * @param className the benchmark class.
         * @param method the benchmark method.
         * @param params every parameter of the side.
         * @param injectWorkPercent extra uncounted work of the side.
         */
        public SideSpec(final String name, final List<String> classpath, final String className, final String method,
            final Map<String, String> params, final double injectWorkPercent)
        {
            this(name, classpath, className, method, params, injectWorkPercent, Map.of());
        }
    }

    /**
     * What a fork runs.
     *
     * @param sides the sides, each in its own loader: two for a plain pair, more when a fork serves several ratios
     *              (a variant, its A/A twin and the variants compared with it) or holds several copies per variant.
     * @param seconds measured seconds of cycles.
     * @param maxWarmupSeconds the longest warm-up before measuring anyway.
     * @param fork this fork's index (0-based).
     * @param forks how many forks the run has.
     * @param seed the seed of the round order (this fork's).
     */
    public record Config(List<SideSpec> sides, double seconds, int setUps, double maxWarmupSeconds, int fork,
        int forks, long seed)
    {
    }

    /**
     * What a fork measured: per side and cycle (one round of every side, in random order) the ns per operation.
     *
     * @param names the sides' names, in config order.
     * @param nsPerOp per side, per cycle: wall ns per operation.
     * @param cpuNsPerOp per side, per cycle: CPU ns per operation of the thread running a one-thread side.
     * @param threads per side: its benchmark's threads.
     * @param invocations per side: invocations per thread in a round.
     * @param warmupSeconds the warm-up's length.
     * @param steady whether the warm-up ended steady (else it hit its limit).
     * @param setupOrder the sides' names in the order they were set up.
     * @param loaders the identities of the sides' loaders.
     * @param collectionsAfterSetUp the collections of {@link #settle()} between the set-ups and the warm-up.
     * @param positions per side, per cycle: the side's place in the cycle's random order (0 first).
     */
    public record Result(List<String> names, double[][] nsPerOp, double[][] cpuNsPerOp, int[] threads,
        long[] invocations, double warmupSeconds, boolean steady, List<String> setupOrder, List<String> loaders,
        long collectionsAfterSetUp, int[][] positions, int[] cyclesPerSetUp, long compileMillisMeasured)
    {
        /**
         * Cycles measured.
         *
         * @return the count.
         */
        public int cycles()
        {
            return nsPerOp.length == 0 ? 0 : nsPerOp[0].length;
        }
    }

    private PairFork()
    {
    }

    /**
     * Runs one fork.
     *
     * @param args the config file and the result file.
     */
    public static void main(final String[] args) throws IOException
    {
        final ObjectMapper mapper = new ObjectMapper();
        final Config config = mapper.readValue(new File(args[0]), Config.class);
        try
        {
            final Result result = run(config);
            mapper.writeValue(new File(args[1]), result);
        }
        catch (final RuntimeException ex)
        {
            Throwable root = ex;
            while (root.getCause() != null && root.getMessage() != null && root.getMessage().equals(
                root.getCause().toString()))
            {
                root = root.getCause();
            }
            System.err.println("pair fork " + (config.fork() + 1) + ": " + root.getMessage());
            if (Boolean.getBoolean("flowgate.debug"))
            {
                ex.printStackTrace();
            }
            System.exit(1);
        }
    }

    /** A side as the driver sees it: JDK interfaces only. */
    record Side(LongUnaryOperator round, Consumer<String> control, Map<String, String> info)
    {
    }

    /** The Agrona class whose initialisation reads {@code agrona.disable.bounds.checks}. */
    static final String AGRONA_BUFFER = "org.agrona.DirectBuffer";

    static SideLoader loader(final SideSpec spec)
    {
        final URL[] urls = new URL[spec.classpath().size()];
        try
        {
            for (int i = 0; i < urls.length; i++)
            {
                urls[i] = Path.of(spec.classpath().get(i)).toUri().toURL();
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("side " + spec.name() + ": " + ex, ex);
        }
        return new SideLoader(spec.name(), urls);
    }

    static Side side(final SideSpec spec, final SideLoader loader)
    {
        final Map<String, String> sideConfig = new LinkedHashMap<>();
        sideConfig.put(SideRunner.CLASS, spec.className());
        sideConfig.put(SideRunner.METHOD, spec.method());
        sideConfig.put(SideRunner.INJECT, String.valueOf(spec.injectWorkPercent()));
        spec.params().forEach((k, v) -> sideConfig.put(SideRunner.PARAM + k, v));
        if (spec.properties() == null || spec.properties().isEmpty())
        {
            return side(spec.name(), loader, sideConfig);
        }
        // Only the side's set-up sees its properties: a class that reads one into a static final (Agrona's
        // DirectBuffer.SHOULD_BOUNDS_CHECK) keeps that value in this loader, and the JIT folds it. DirectBuffer is
        // initialised here in case the set-up never touches a buffer.
        final Map<String, String> before = new LinkedHashMap<>();
        spec.properties().forEach((k, v) -> before.put(k, System.setProperty(k, v)));
        try
        {
            initialise(AGRONA_BUFFER, loader);
            return side(spec.name(), loader, sideConfig);
        }
        finally
        {
            before.forEach((k, v) ->
            {
                if (v == null)
                {
                    System.clearProperty(k);
                }
                else
                {
                    System.setProperty(k, v);
                }
            });
        }
    }

    private static void initialise(final String className, final ClassLoader loader)
    {
        try
        {
            Class.forName(className, true, loader);
        }
        catch (final ClassNotFoundException ex)
        {
            // Not on this side's class path: nothing of it to configure.
        }
    }

    /**
     * Builds a side's runner in its loader (its trial set-ups run here).
     *
     * @param name A or B.
     * @param loader the side's loader.
     * @param sideConfig the runner's configuration ({@link SideRunner}'s keys).
     * @return the side, seen through JDK interfaces.
     */
    @SuppressWarnings("unchecked")
    static Side side(final String name, final SideLoader loader, final Map<String, String> sideConfig)
    {
        try
        {
            final Object runner = Class.forName(SideRunner.class.getName(), true, loader).getConstructor(Map.class)
                .newInstance(sideConfig);
            return new Side((LongUnaryOperator) runner, (Consumer<String>) runner,
                ((Supplier<Map<String, String>>) runner).get());
        }
        catch (final java.lang.reflect.InvocationTargetException ex)
        {
            throw new IllegalStateException("side " + name + ": " + ex.getCause().getMessage(), ex.getCause());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("side " + name + ": " + ex, ex);
        }
    }

    static Result run(final Config config)
    {
        final int n = config.sides().size();
        final SideLoader[] loaders = new SideLoader[n];
        for (int s = 0; s < n; s++)
        {
            loaders[s] = loader(config.sides().get(s));
        }
        final int setUps = Math.max(1, config.setUps());
        // Which side is set up first rotates with the fork (with two sides, A first in even forks, B in odd ones),
        // and so do its iteration set-up and its calibration; a fork's later set-ups reverse the order every other
        // time. The side set up first runs faster for as long as that state lives (docs/measuring.md), so an even
        // number of set-ups a fork gives every side the same share of it.
        final int[] order = setUpOrder(n, config.fork(), 0);
        Side[] sides = setUp(config, loaders, order);
        final List<String> setupOrder = Arrays.stream(order).mapToObj(s -> config.sides().get(s).name()).toList();
        final LongUnaryOperator[] rounds = new LongUnaryOperator[n];
        final int[] threads = new int[n];
        final double[] perRound = new double[n];
        for (final int s : order)
        {
            rounds[s] = sides[s].round();
            threads[s] = Integer.parseInt(sides[s].info().get("threads"));
            perRound[s] = (double) threads[s] * Integer.parseInt(sides[s].info().get("opsPerInvocation"));
        }
        long settled = settle();
        final String prefix = String.format(Locale.ROOT, "%s%d/%d:", PROGRESS, config.fork() + 1, config.forks());
        final long warmStart = System.nanoTime();
        final long[] k = new long[n];
        for (final int s : order)
        {
            k[s] = calibrate(rounds[s]);
        }
        final SplittableRandom random = new SplittableRandom(config.seed());
        final int[] cycleOrder = new int[n];
        Arrays.fill(cycleOrder, -1);
        final long[] ns = new long[2 * n];
        final boolean steady = warmUp(config, rounds, k, threads, random, cycleOrder, ns, prefix);
        final double warmupSeconds = (System.nanoTime() - warmStart) / 1e9;
        System.out.printf(Locale.ROOT, "%s warm-up %.1f s (%s), %d sides, rounds of %s invocations%s%n", prefix,
            warmupSeconds, steady ? "steady" : "limit reached", n, Arrays.toString(k),
            setUps > 1 ? String.format(Locale.ROOT, ", %d set-ups", setUps) : "");
        final List<double[]> cycles = new ArrayList<>();
        final int[] cyclesPerSetUp = new int[setUps];
        final double share = config.seconds() / setUps;
        final int minCycles = minCycles(share, n);
        final long start = System.nanoTime();
        long compiledMeasured = 0;
        long progress = start + PROGRESS_NANOS;
        double logSum = 0;
        for (int u = 0; u < setUps; u++)
        {
            if (u > 0)
            {
                sides = setUpAgain(config, loaders, sides, u, rounds);
                settled += settle();
                final long rewarmEnd = System.nanoTime() + REWARM_NANOS;
                while (System.nanoTime() < rewarmEnd)
                {
                    cycle(rounds, k, random, cycleOrder, ns);
                }
            }
            final long shareStart = System.nanoTime();
            final long compiledBefore = jitMillis();
            final long shareEnd = shareStart + (long) (share * 1e9);
            final long limit = shareStart + (long) (MAX_STRETCH * share * 1e9);
            while (true)
            {
                cycle(rounds, k, random, cycleOrder, ns);
                final double[] c = new double[3 * n];
                for (int s = 0; s < n; s++)
                {
                    c[s] = ns[s] / (k[s] * perRound[s]);
                    c[n + s] = ns[n + s] / (k[s] * perRound[s]);
                    c[2 * n + cycleOrder[s]] = s;
                }
                cycles.add(c);
                cyclesPerSetUp[u]++;
                logSum += n == 2 ? Math.log(c[1] / c[0]) : 0;
                final long now = System.nanoTime();
                if (now >= shareEnd && cyclesPerSetUp[u] >= minCycles || now >= limit)
                {
                    break;
                }
                if (now >= progress)
                {
                    System.out.printf(Locale.ROOT, "%s %d %s measured, set-up %d of %d%s%n", prefix, cycles.size(),
                        n == 2 ? "pairs" : "cycles", u + 1, setUps, n == 2 ? String.format(Locale.ROOT,
                        ", ratio so far %.4f", Math.exp(logSum / cycles.size())) : "");
                    progress += PROGRESS_NANOS;
                }
            }
            compiledMeasured += jitMillis() - compiledBefore;
        }
        tearDown(sides);
        return result(config, cycles, threads, k, setupOrder, loaders, cyclesPerSetUp, new Phases(warmupSeconds,
            steady, settled, compiledMeasured));
    }

    /** What a fork's phases around the measured rounds left behind. */
    private record Phases(double warmupSeconds, boolean steady, long collections, long compileMillisMeasured)
    {
    }

    private static Result result(final Config config, final List<double[]> cycles, final int[] threads,
        final long[] k, final List<String> setupOrder, final SideLoader[] loaders, final int[] cyclesPerSetUp,
        final Phases phases)
    {
        final int n = threads.length;
        final List<String> loaderIds = Arrays.stream(loaders).map(x -> Integer.toHexString(
            System.identityHashCode(x))).toList();
        final double[][] wall = new double[n][cycles.size()];
        final double[][] cpu = new double[n][cycles.size()];
        final int[][] positions = new int[n][cycles.size()];
        for (int i = 0; i < cycles.size(); i++)
        {
            for (int s = 0; s < n; s++)
            {
                wall[s][i] = cycles.get(i)[s];
                cpu[s][i] = cycles.get(i)[n + s];
                positions[s][i] = (int) cycles.get(i)[2 * n + s];
            }
        }
        final List<String> names = config.sides().stream().map(SideSpec::name).toList();
        return new Result(names, wall, cpu, threads, k, phases.warmupSeconds(), phases.steady(), setupOrder,
            loaderIds, phases.collections(), positions, cyclesPerSetUp, phases.compileMillisMeasured());
    }

    /**
     * The order in which a fork sets its sides up: rotated by the fork, reversed in every other set-up.
     *
     * @param n sides.
     * @param fork the fork.
     * @param setUp the set-up within the fork, from 0.
     * @return side indices in set-up order.
     */
    static int[] setUpOrder(final int n, final int fork, final int setUp)
    {
        final int[] order = new int[n];
        for (int j = 0; j < n; j++)
        {
            order[setUp % 2 == 0 ? j : n - 1 - j] = (j + fork) % n;
        }
        return order;
    }

    private static Side[] setUp(final Config config, final SideLoader[] loaders, final int[] first)
    {
        final Side[] sides = new Side[first.length];
        for (final int s : first)
        {
            sides[s] = side(config.sides().get(s), loaders[s]);
        }
        for (final int s : first)
        {
            sides[s].control().accept("iterationSetup");
        }
        return sides;
    }

    /** The JIT's compilation time so far; a fork counts it over its measured rounds only, not its set-ups. */
    private static long jitMillis()
    {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static Side[] setUpAgain(final Config config, final SideLoader[] loaders, final Side[] old,
        final int setUp, final LongUnaryOperator[] rounds)
    {
        tearDown(old);
        Arrays.fill(old, null);
        Arrays.fill(rounds, null);
        final int[] order = setUpOrder(old.length, config.fork(), setUp);
        final Side[] sides = setUp(config, loaders, order);
        for (final int s : order)
        {
            rounds[s] = sides[s].round();
        }
        return sides;
    }

    private static void tearDown(final Side[] sides)
    {
        for (final Side side : sides)
        {
            side.control().accept("iterationTearDown");
        }
        for (final Side side : sides)
        {
            side.control().accept("tearDown");
        }
    }

    /**
     * The fewest cycles of a measured phase: {@link #MIN_CYCLE_SHARE} of the cycles of rounds of {@link #ROUND_NANOS}
     * that its seconds hold.
     *
     * @param seconds the measured seconds.
     * @param sides the sides (rounds per cycle).
     * @return the cycles, at least 1.
     */
    static int minCycles(final double seconds, final int sides)
    {
        return Math.max(1, (int) (MIN_CYCLE_SHARE * seconds * 1e9 / ((double) ROUND_NANOS * sides)));
    }

    /**
     * A full collection after every side's set-up. Objects a side allocates after its set-up's last full collection
     * stay young until the next one: without this, the side set up last kept them young for the whole fork and ran
     * 4-5% faster than its twins (docs/measuring.md). Every side starts from the same generation.
     *
     * @return the collections counted meanwhile (0: the JVM ignored the request, e.g. -XX:+DisableExplicitGC).
     */
    static long settle()
    {
        final long before = collections();
        System.gc();
        return collections() - before;
    }

    private static long collections()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /**
     * Runs cycles until the JIT is quiet (or the limit), resizing the sides' rounds after every window
     * ({@link #roundSizes}).
     *
     * @return whether the JIT went quiet.
     */
    private static boolean warmUp(final Config config, final LongUnaryOperator[] rounds, final long[] k,
        final int[] threads, final SplittableRandom random, final int[] order, final long[] ns, final String prefix)
    {
        final int[] twin = twins(config.sides());
        double[] before = null;
        final int n = rounds.length;
        final long warmStart = System.nanoTime();
        // Steady means the JIT has gone quiet (no compilation for two windows in a row): round times themselves
        // follow the host's load, which pairing cancels, so they cannot tell warm from cold on a busy machine.
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compiled = jit.getTotalCompilationTime();
        int quiet = 0;
        boolean steady = false;
        final long maxWarmup = (long) (config.maxWarmupSeconds() * 1e9);
        final int window = Math.max(MIN_WINDOW, (2 * WINDOW + n - 1) / n);
        while (System.nanoTime() - warmStart < maxWarmup)
        {
            final double[][] times = new double[n][window];
            for (int i = 0; i < window; i++)
            {
                cycle(rounds, k, random, order, ns);
                for (int s = 0; s < n; s++)
                {
                    // CPU time where the round runs on this thread: wall time counts the waits for a core, and a
                    // round sized by them comes out short by a random amount.
                    times[s][i] = (threads[s] == 1 ? ns[n + s] : ns[s]) / (double) k[s];
                }
            }
            final long nowCompiled = jit.getTotalCompilationTime();
            quiet = nowCompiled - compiled <= QUIET_COMPILE_MILLIS ? quiet + 1 : 0;
            compiled = nowCompiled;
            final double[] medians = new double[n];
            for (int s = 0; s < n; s++)
            {
                medians[s] = median(times[s]);
                if (VERBOSE)
                {
                    System.out.printf(Locale.ROOT, "%s warm-up window: %s %.0f ns/invocation, JIT %d ms%n", prefix,
                        config.sides().get(s).name(), medians[s], nowCompiled);
                }
            }
            roundSizes(medians, before, twin, k);
            before = medians;
            steady = quiet >= 2;
            if (steady && System.nanoTime() - warmStart >= MIN_WARMUP_NANOS)
            {
                break;
            }
        }
        return steady;
    }

    /**
     * Sizes every side's round to about {@link #ROUND_NANOS} from its median time per invocation in the last two
     * windows, one size for sides that run the same thing (copies, an A/A pair). A round starts with caches
     * the other sides filled, a cost per round that a shorter round spreads over fewer operations: sides of the same
     * work given rounds of different lengths run at different speeds for the whole fork (about -0.25 in log speed
     * per unit of log round length, docs/measuring.md).
     *
     * @param medians this window's median ns per invocation, per side.
     * @param before the previous window's, or null.
     * @param twin per side, the first side that runs the same thing.
     * @param k the round sizes, set here.
     */
    static void roundSizes(final double[] medians, final double[] before, final int[] twin, final long[] k)
    {
        final int n = medians.length;
        final double[] logSum = new double[n];
        final int[] count = new int[n];
        for (int s = 0; s < n; s++)
        {
            logSum[twin[s]] += Math.log(medians[s]) + (before == null ? 0 : Math.log(before[s]));
            count[twin[s]] += before == null ? 1 : 2;
        }
        for (int s = 0; s < n; s++)
        {
            k[s] = Math.max(1, Math.round(ROUND_NANOS / Math.exp(logSum[twin[s]] / count[twin[s]])));
        }
    }

    /**
     * Per side, the first side of the list that runs the same benchmark with the same parameters, class path and
     * injected work (only its name differs).
     *
     * @param sides the sides.
     * @return the index of each side's first twin (itself when it has none before it).
     */
    static int[] twins(final List<SideSpec> sides)
    {
        final int[] twin = new int[sides.size()];
        for (int s = 0; s < twin.length; s++)
        {
            twin[s] = s;
            for (int t = 0; t < s; t++)
            {
                if (sameWork(sides.get(s), sides.get(t)))
                {
                    twin[s] = t;
                    break;
                }
            }
        }
        return twin;
    }

    private static boolean sameWork(final SideSpec x, final SideSpec y)
    {
        return x.classpath().equals(y.classpath()) && x.className().equals(y.className()) &&
            x.method().equals(y.method()) && x.params().equals(y.params()) &&
            Double.compare(x.injectWorkPercent(), y.injectWorkPercent()) == 0;
    }

    /**
     * One round of every side in the {@link #nextOrder next order}: {@code ns[s]} the elapsed ns of side s,
     * {@code ns[n + s]} the driver thread's CPU ns (a one-thread side runs its round on the driver's thread). One
     * call site serves every side (and the fork runs with SideRunner.applyAsLong not inlinable), so the driver
     * cannot compile one side's round into itself differently from another's.
     */
    private static void cycle(final LongUnaryOperator[] sides, final long[] k, final SplittableRandom random,
        final int[] order, final long[] ns)
    {
        final int n = sides.length;
        nextOrder(random, order);
        for (int i = 0; i < n; i++)
        {
            final int s = order[i];
            final long cpu = THREADS.getCurrentThreadCpuTime();
            ns[s] = sides[s].applyAsLong(k[s]);
            ns[n + s] = THREADS.getCurrentThreadCpuTime() - cpu;
        }
    }

    /**
     * The next cycle's order: a seeded random permutation whose first side is not the previous cycle's last, so that
     * no round follows a round of its own side (with two sides the rounds alternate strictly). A round after its own
     * side found its data still in the cache and ran 12-25% faster; under random orders a quarter of the rounds did,
     * a random number of them on each side, which was most of a fork's pair-to-pair noise (docs/measuring.md).
     *
     * @param random the fork's random source.
     * @param order  on entry the previous cycle's order (all -1 before the first), on exit the next one.
     */
    static void nextOrder(final SplittableRandom random, final int[] order)
    {
        final int n = order.length;
        final int last = order[n - 1];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            swap(order, i, random.nextInt(i + 1));
        }
        if (n > 1 && order[0] == last)
        {
            swap(order, 0, 1 + random.nextInt(n - 1));
        }
    }

    private static void swap(final int[] order, final int i, final int j)
    {
        final int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }

    /** Invocations per thread of a round of about {@link #ROUND_NANOS}, from doubling rounds (first JIT too). */
    private static long calibrate(final LongUnaryOperator side)
    {
        long n = 1;
        while (true)
        {
            final long ns = Math.max(1, side.applyAsLong(n));
            if (ns >= ROUND_NANOS / 4)
            {
                return Math.max(1, Math.round(n * (double) ROUND_NANOS / ns));
            }
            n *= 2;
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
