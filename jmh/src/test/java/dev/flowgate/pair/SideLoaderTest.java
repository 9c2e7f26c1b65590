// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.flowgate.bench.fixture.PairFixtureBenchmark;
import dev.flowgate.pair.side.SideRunner;
import org.junit.jupiter.api.Test;

class SideLoaderTest
{
    private static final String FIXTURE = PairFixtureBenchmark.class.getName();

    private static SideLoader loader(final String name) throws MalformedURLException
    {
        final String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        final URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++)
        {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        return new SideLoader(name, urls);
    }

    private static Map<String, String> config(final String method, final double inject)
    {
        final Map<String, String> config = new LinkedHashMap<>();
        config.put(SideRunner.CLASS, FIXTURE);
        config.put(SideRunner.METHOD, method);
        config.put(SideRunner.INJECT, String.valueOf(inject));
        return config;
    }

    private static long invocations(final ClassLoader loader) throws ReflectiveOperationException
    {
        return ((AtomicLong) Class.forName(FIXTURE, true, loader).getField("INVOCATIONS").get(null)).get();
    }

    private static int staticInt(final ClassLoader loader, final String field) throws ReflectiveOperationException
    {
        return Class.forName(FIXTURE, true, loader).getField(field).getInt(null);
    }

    @Test
    void shouldGiveEachSideItsOwnClassesAndStatics() throws Exception
    {
        final SideLoader a = loader("A");
        final SideLoader b = loader("B");
        final PairFork.Side sideA = PairFork.side("A", a, config("count", 0));
        final PairFork.Side sideB = PairFork.side("B", b, config("count", 0));
        final Class<?> classA = Class.forName(FIXTURE, false, a);
        final Class<?> classB = Class.forName(FIXTURE, false, b);
        assertNotSame(classA, classB);
        assertNotSame(PairFixtureBenchmark.class, classA);
        assertSame(a, classA.getClassLoader());
        assertSame(b, classB.getClassLoader());
        assertNotSame(Class.forName(SideRunner.class.getName(), false, a),
            Class.forName(SideRunner.class.getName(), false, b));
        assertNotSame(Class.forName("dev.flowgate.pipeline.Pipeline", false, a).getClassLoader(),
            getClass().getClassLoader());
        sideA.control().accept("iterationSetup");
        sideA.round().applyAsLong(100);
        sideB.round().applyAsLong(300);
        assertEquals(100, invocations(a));
        assertEquals(300, invocations(b));
        assertEquals(0, PairFixtureBenchmark.INVOCATIONS.get());
        assertEquals(1, staticInt(a, "trialSetups"));
        assertEquals(1, staticInt(b, "trialSetups"));
        assertEquals(1, staticInt(a, "iterationSetups"));
        assertEquals(0, staticInt(b, "iterationSetups"));
        assertEquals("1", sideA.info().get("threads"));
        assertTrue(!sideA.info().get("loader").equals(sideB.info().get("loader")));
        sideA.control().accept("tearDown");
        sideB.control().accept("tearDown");
    }

    @Test
    void shouldDoTheInjectedWorkWithoutCountingIt() throws Exception
    {
        final SideLoader b = loader("B");
        final PairFork.Side side = PairFork.side("B", b, config("count", 2.5));
        side.round().applyAsLong(100);
        assertEquals(102, invocations(b)); // 2.5 extra: 2 now, the half carried
        side.round().applyAsLong(100);
        assertEquals(205, invocations(b));
        side.control().accept("tearDown");
    }

    @Test
    void shouldRunBothThreadsOfATwoThreadBenchmarkInEachRound() throws Exception
    {
        final SideLoader a = loader("A");
        final PairFork.Side side = PairFork.side("A", a, config("twoThreads", 0));
        assertEquals("2", side.info().get("threads"));
        // Each thread's state was set up with JMH's ThreadParams of its own thread (the benchmarks that give one
        // thread another role, as EstablishedPipelineBenchmark's writer, read it).
        assertEquals(Set.of("0/2", "1/2"), Class.forName(FIXTURE, false, a).getField("THREADS_SEEN").get(null));
        for (int r = 0; r < 5; r++)
        {
            side.round().applyAsLong(1000);
            assertEquals(2000L * (r + 1), invocations(a));
        }
        side.control().accept("tearDown");
    }

    @Test
    void shouldRefuseGroupBenchmarksInOneLine() throws Exception
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> PairFork.side("A", loader("A"), config("grouped", 0)));
        assertTrue(ex.getMessage().contains("@Group"), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"), ex.getMessage());
    }

    @Test
    void shouldUseJmhsPaddedStateClassWhereTheBuildHasIt() throws Exception
    {
        final SideLoader a = loader("A");
        PairFork.side("A", a, config("count", 0)).control().accept("tearDown");
        final String used = (String) Class.forName(FIXTURE, false, a).getField("perThreadClass").get(null);
        assertEquals("dev.flowgate.bench.fixture.jmh_generated.PairFixtureBenchmark_PerThread_jmhType", used);
    }
}
