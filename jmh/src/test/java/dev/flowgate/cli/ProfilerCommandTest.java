// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerCommandTest
{
    @AfterEach
    void clearRoot()
    {
        System.clearProperty("flowgate.root");
    }

    @Test
    void shouldRejectBadProfileArguments(@TempDir final Path dir)
    {
        final String out = dir.toString();
        assertEquals(2, Flowgate.execute("profile", "NoSuchBenchmark", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--event", "cache-misses", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--param", "natValidation=EARLY|LATE", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--param", "nope=1", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--rev", "HEAD", "--diff", "a", "b", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "(", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--by-stage", "--event", "alloc", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--by-stage", "--diff", "a", "b", "--out", out));
        assertEquals(2, Flowgate.execute("profile", "Tiny", "--base-param", "flowAccess=SNAPSHOT", "--out", out));
    }

    @Test
    void shouldTakeAClassAndMethodNameThatOnlyOneBenchmarkEndsWith()
    {
        final Catalog catalog = Catalog.ofClasspath();
        assertEquals(List.of("dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread"),
            ProfilerCommand.matches(catalog, "PipelineBenchmark.oneThread").stream().map(Catalog.Benchmark::name)
                .toList(), "as a regex it also matches InvalidRatioPipelineBenchmark.oneThread");
        assertEquals(2, catalog.matching("PipelineBenchmark.oneThread").size());
        assertEquals(1, ProfilerCommand.matches(catalog, "InvalidRatioPipelineBenchmark.oneThread").size());
        assertTrue(ProfilerCommand.matches(catalog, "oneThread").size() > 1, "a regex still matches them all");
        assertEquals(1, ProfilerCommand.matches(catalog, "pipeline.PipelineBenchmark.twoThreads").size());
    }

    /** The recording of a stage split of PipelineBenchmark.oneThread: samples of that class only. */
    @Test
    void shouldRefuseARecordingWithoutTheBenchmarksFrames() throws Exception
    {
        final Path jfr = Path.of(ProfilerCommandTest.class.getResource("/dev/flowgate/report/stages-realistic-late.jfr")
            .toURI());
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> ProfilerCommand.requireSamples(jfr, plan("dev.flowgate.bench.flow.FlowInfoAccessBenchmark")));
        assertTrue(ex.getMessage().contains("holds no sample of FlowInfoAccessBenchmark"), ex.getMessage());
        ProfilerCommand.requireSamples(jfr, plan("dev.flowgate.bench.pipeline.PipelineBenchmark"));
        assertThrows(IllegalStateException.class, () -> ProfilerCommand.requireSamples(jfr,
            plan("dev.flowgate.bench.pipeline.Pipeline")), "a class name is not a prefix match");
    }

    private static SuiteRunner.Plan plan(final String className)
    {
        return new SuiteRunner.Plan(new Catalog.Benchmark(className + ".oneThread", className, Map.of(), false, -1,
            -1, null), Map.of());
    }

    /**
     * Profiles the fixture benchmark on two commits of a fixture repository whose "build" is a manifest-only jar
     * pointing at this test's class path, and checks both flame graphs and the differential one.
     */
    @Test
    @Tag("slow")
    void shouldWriteFlameGraphsAndADifferentialOne(@TempDir final Path repo) throws Exception
    {
        git(repo, "init", "-q");
        git(repo, "config", "user.email", "test@flowgate.dev");
        git(repo, "config", "user.name", "test");
        Files.writeString(repo.resolve("README"), "one");
        git(repo, "add", "README");
        git(repo, "commit", "-q", "-m", "one");
        git(repo, "tag", "one");
        Files.writeString(repo.resolve("README"), "two");
        git(repo, "commit", "-q", "-am", "two");
        System.setProperty("flowgate.root", repo.toString());
        final Revisions.Builder builder = checkout -> manifestJar(checkout.resolve(Revisions.JAR));
        final Path out = repo.resolve("profiles");
        assertEquals(0, Flowgate.executeCommand(new ProfilerCommand(builder), "TinyBenchmark.sum", "--diff", "one",
            "HEAD", "--param", "flowAccess=SNAPSHOT", "--base-param", "flowAccess=MULTI_LOCK", "--out",
            out.toString()));
        final List<Path> html;
        try (Stream<Path> files = Files.list(out))
        {
            html = files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
        }
        assertEquals(3, html.size(), html.toString());
        for (final Path graph : html)
        {
            assertTrue(Files.readString(graph).contains("TinyBenchmark"), graph.toString());
        }
        assertTrue(html.stream().anyMatch(p -> p.getFileName().toString().contains("-diff-")));
        // BASE ran with its own parameter, HEAD with the common one.
        assertTrue(html.stream().anyMatch(p -> p.getFileName().toString().contains("flowAccess=MULTI_LOCK")), html
            .toString());
        assertTrue(html.stream().anyMatch(p -> !p.getFileName().toString().contains("-diff-") &&
            p.getFileName().toString().contains("flowAccess=SNAPSHOT")), html.toString());
    }

    private static void manifestJar(final Path jar) throws IOException
    {
        Files.createDirectories(jar.getParent());
        final StringBuilder classPath = new StringBuilder();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            classPath.append(Path.of(entry).toUri()).append(' ');
        }
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().trim());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
            InputStream list = ProfilerCommandTest.class.getResourceAsStream("/META-INF/BenchmarkList"))
        {
            out.putNextEntry(new JarEntry("META-INF/BenchmarkList"));
            list.transferTo(out);
            out.closeEntry();
        }
    }

    private static void git(final Path dir, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }
}
