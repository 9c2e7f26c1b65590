// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.ZipEntry;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmarks of a build, from JMH's generated metadata ({@code META-INF/BenchmarkList}): names and the values
 * of each {@code @Param}. Never loads a benchmark class.
 */
final class Catalog
{
    /**
     * One benchmark method.
     *
     * @param name the full name, {@code package.Class.method}.
     * @param className the class.
     * @param params each parameter with its declared values, in declaration order of the metadata.
     * @param singleShot whether the mode is SingleShotTime: an iteration is one call, so a profile keeps the
     *     class's own iteration counts ({@link #warmupIterations}, {@link #iterations}), not its time-based ones.
     * @param warmupIterations the class's {@code @Warmup} iterations, -1 when it declares none.
     * @param iterations the class's {@code @Measurement} iterations, -1 when it declares none.
     * @param heap the {@code -Xmx} of the class's own {@code jvmArgsAppend} (e.g. {@code 2g}), null when it sets none.
     */
    record Benchmark(String name, String className, Map<String, List<String>> params, boolean singleShot,
        int warmupIterations, int iterations, String heap)
    {
    }

    private final List<Benchmark> benchmarks;

    private Catalog(final Set<BenchmarkListEntry> entries)
    {
        final Map<String, Benchmark> byName = new TreeMap<>();
        for (final BenchmarkListEntry entry : entries)
        {
            final Map<String, List<String>> params = new LinkedHashMap<>();
            if (entry.getParams().hasValue())
            {
                for (final Map.Entry<String, String[]> p : entry.getParams().get().entrySet())
                {
                    params.put(p.getKey(), List.of(p.getValue()));
                }
            }
            String heap = null;
            if (entry.getJvmArgsAppend().hasValue())
            {
                for (final String arg : entry.getJvmArgsAppend().get())
                {
                    heap = arg.startsWith("-Xmx") ? arg.substring(4) : heap;
                }
            }
            byName.putIfAbsent(entry.getUsername(), new Benchmark(entry.getUsername(), entry.getUserClassQName(),
                Collections.unmodifiableMap(params), entry.getMode() == Mode.SingleShotTime,
                entry.getWarmupIterations().orElse(-1), entry.getMeasurementIterations().orElse(-1), heap));
        }
        benchmarks = List.copyOf(byName.values());
    }

    /**
     * The benchmarks of the running jar.
     *
     * @return the catalog (empty when the build has no benchmark).
     */
    static Catalog ofClasspath()
    {
        if (Catalog.class.getResource(BenchmarkList.BENCHMARK_LIST) == null)
        {
            return new Catalog(Set.of());
        }
        return new Catalog(BenchmarkList.defaultList().getAll(silent(), List.of()));
    }

    /**
     * The benchmarks of another build's jar.
     *
     * @param jar the benchmarks jar.
     * @return the catalog.
     */
    static Catalog ofJar(final Path jar)
    {
        try (JarFile file = new JarFile(jar.toFile()))
        {
            final ZipEntry entry = file.getEntry(BenchmarkList.BENCHMARK_LIST.substring(1));
            if (entry == null)
            {
                return new Catalog(Set.of());
            }
            final Path list = Files.createTempFile("flowgate-benchmarks", ".list");
            try (InputStream in = file.getInputStream(entry))
            {
                Files.copy(in, list, StandardCopyOption.REPLACE_EXISTING);
                return new Catalog(BenchmarkList.fromFile(list.toString()).getAll(silent(), List.of()));
            }
            finally
            {
                Files.deleteIfExists(list);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + jar, ex);
        }
    }

    List<Benchmark> all()
    {
        return benchmarks;
    }

    /**
     * The benchmarks whose full name contains a match of the regex (JMH's own rule for includes).
     *
     * @param regex the regex.
     * @return the matches.
     */
    List<Benchmark> matching(final String regex)
    {
        final Pattern pattern = compile(regex);
        final List<Benchmark> matches = new ArrayList<>();
        for (final Benchmark benchmark : benchmarks)
        {
            if (pattern.matcher(benchmark.name()).find())
            {
                matches.add(benchmark);
            }
        }
        return matches;
    }

    static Pattern compile(final String regex)
    {
        try
        {
            return Pattern.compile(regex);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new UsageException("bad regex '" + regex + "': " + ex.getDescription());
        }
    }

    /**
     * The benchmark of a JMH include pattern matching exactly this name.
     *
     * @param name a full benchmark name.
     * @return the anchored, quoted regex.
     */
    static String exactly(final String name)
    {
        return "^" + Pattern.quote(name) + "$";
    }

    static OutputFormat silent()
    {
        return OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
            VerboseMode.SILENT);
    }

    static String describe(final Map<String, List<String>> params)
    {
        final List<String> parts = new ArrayList<>();
        for (final Map.Entry<String, List<String>> p : params.entrySet())
        {
            parts.add(p.getKey() + "=" + String.join(",", p.getValue()));
        }
        return String.join(" ", parts);
    }

    static int combinations(final Map<String, List<String>> params)
    {
        return params.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
    }
}
