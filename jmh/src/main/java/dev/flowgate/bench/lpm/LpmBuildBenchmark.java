// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.lpm;

import dev.flowgate.bench.HeapUsage;
import dev.flowgate.bench.Question;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.lpm.Prefix;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Build time and retained memory of each lookup structure over the same synthetic routes.
 *
 * <p>{@code build}: one cold build per iteration (SingleShotTime): the flow-filter tables from the prefix list for
 * REFERENCE, plus compiling them for COMPILED, the associative trie for IPADDRESS.
 *
 * <p>{@code retained}: builds the structure once and reports {@code bytesPerPrefix}, the growth of the used heap
 * between two full collections (before the build, and after it with only the structure still reachable) divided
 * by the prefix count. For COMPILED only the compiled lookup is kept (the build-time tables are garbage by then),
 * for REFERENCE the tables it walks. It is a heap-delta measurement: exact for large tables, noisy (a few KB) for
 * small ones; read it at 10^5 prefixes and above.
 */
@Question("How long does building each lookup structure take, and how many bytes does it retain per prefix?")
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class LpmBuildBenchmark
{
    private static final long SEED = 0x5EED_0001L;

    /** The routes and the implementation. */
    @State(Scope.Benchmark)
    public static class Input
    {
        @Param({"COMPILED", "REFERENCE", "IPADDRESS"})
        String lookup;

        @Param({"10", "1000", "10000", "100000", "900000"})
        int prefixes;

        Prefix[] routes;

        @Setup(Level.Trial)
        public void setup()
        {
            routes = SyntheticRoutes.prefixes(prefixes, SEED);
        }

        Object build()
        {
            if ("IPADDRESS".equals(lookup))
            {
                return SyntheticRoutes.ipaddressTrie(routes);
            }
            final FlowFilterTables tables = SyntheticRoutes.tables(routes);
            return "COMPILED".equals(lookup) ? tables.lookup(LookupKind.COMPILED) : tables;
        }
    }

    /** The retained-size result. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Retained
    {
        public double bytesPerPrefix;
    }

    /** One cold build of the structure: the configuration-time cost. */
    @Benchmark
    public Object build(final Input input)
    {
        return input.build();
    }

    /** The heap the built structure keeps, per prefix (reported as bytesPerPrefix). */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public Object retained(final Input input, final Retained retained)
    {
        final long before = HeapUsage.usedAfterGc(3);
        final Object structure = input.build();
        final long after = HeapUsage.usedAfterGc(3);
        retained.bytesPerPrefix = (after - before) / (double) input.prefixes;
        return structure;
    }
}
