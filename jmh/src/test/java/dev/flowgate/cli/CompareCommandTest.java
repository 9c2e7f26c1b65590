// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowgate.report.JmhJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest
{
    private static final long SEED = Long.getLong("flowgate.test.seed", 7L);

    @AfterEach
    void clearRoot()
    {
        System.clearProperty("flowgate.root");
    }

    static Path resource(final String name)
    {
        try
        {
            return Path.of(CompareCommandTest.class.getResource("/dev/flowgate/report/" + name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void shouldCompareTwoJsonFilesEndToEnd(@TempDir final Path out) throws IOException
    {
        final String base = resource("compare-base.json").toString();
        final String head = resource("compare-head.json").toString();
        assertEquals(1, Flowgate.execute("compare", base, head, "--out", out.toString(),
            "--fail-on-regression", "5"));
        final JsonNode json = JmhJson.mapper().readTree(out.resolve("comparison.json").toFile());
        final List<String> verdicts = new ArrayList<>();
        json.get("rows").forEach(r -> verdicts.add(r.get("verdict").asText()));
        assertEquals(List.of("same", "faster", "slower", "faster"), verdicts);
        final JsonNode slower = json.get("rows").get(2);
        assertTrue(slower.get("allocChanged").asBoolean());
        assertTrue(slower.get("head").get("allocPerOp").asDouble() > 40);
        assertEquals(0.8, slower.get("ratio").asDouble(), 0.03);
        assertTrue(slower.get("ratioLow").asDouble() < slower.get("ratio").asDouble());
        assertTrue(slower.get("ratioHigh").asDouble() > slower.get("ratio").asDouble());
        final JsonNode avgt = json.get("rows").get(3);
        assertEquals(false, avgt.get("higherIsBetter").asBoolean());
        assertTrue(avgt.get("changePercent").asDouble() > 0, "lower ns/op is faster");
        assertEquals(4, json.get("summary").get("rows").asInt());
        // The fixtures have fewer than 5 forks a side: every interval is a range, and says so.
        final int forks = slower.get("forks").asInt();
        assertTrue(forks >= 1 && forks < 5, "forks " + forks);
        assertTrue(slower.get("intervalIsRange").asBoolean());
        final String md = Files.readString(out.resolve("comparison.md"));
        assertTrue(md.contains(" range [") && md.contains("Welch"), md);
        assertTrue(Files.readString(out.resolve("comparison.md")).contains("| FixtureTableBenchmark.insert |"));
        assertTrue(Files.readString(out.resolve("comparison.html")).contains("comparison.svg"));
        assertTrue(Files.readString(out.resolve("comparison.svg")).contains("<svg"));

        assertEquals(0, Flowgate.execute("compare", base, head, "--out", out.toString(), "--fail-on-regression",
            "30"));
        assertEquals(0, Flowgate.execute("compare", base, base, "--out", out.toString(), "--fail-on-regression",
            "0"));
    }

    @Test
    void shouldRejectBadCompareArguments(@TempDir final Path dir) throws IOException
    {
        System.setProperty("flowgate.root", dir.toString());
        final String base = resource("compare-base.json").toString();
        assertEquals(2, Flowgate.execute("compare", base, dir.resolve("missing.json").toString()));
        final Path broken = Files.writeString(dir.resolve("broken.json"), "not json");
        assertEquals(2, Flowgate.execute("compare", base, broken.toString()));
        assertEquals(2, Flowgate.execute("compare", base, base, "--threshold", "abc"));
        assertEquals(2, Flowgate.execute("compare", base));
        assertFalse(Files.exists(dir.resolve("reports")), "a refused comparison leaves no report folder behind");
    }

    @Test
    void shouldBuildEachCommitOnceAndAlternateForks(@TempDir final Path repo) throws Exception
    {
        git(repo, "init", "-q");
        git(repo, "config", "user.email", "test@flowgate.dev");
        git(repo, "config", "user.name", "test");
        Files.writeString(repo.resolve("score.txt"), "1000000");
        git(repo, "add", "score.txt");
        git(repo, "commit", "-q", "-m", "base");
        git(repo, "tag", "v1");
        Files.writeString(repo.resolve("score.txt"), "1200000");
        git(repo, "commit", "-q", "-am", "faster");
        System.setProperty("flowgate.root", repo.toString());

        final List<Path> builds = new ArrayList<>();
        final Revisions.Builder builder = checkout ->
        {
            builds.add(checkout);
            writeJar(checkout.resolve(Revisions.JAR), Files.readString(checkout.resolve("score.txt")).trim());
        };
        final List<String> order = new ArrayList<>();
        final Random random = new Random(SEED);
        System.out.println("CompareCommandTest seed " + SEED + " (replay with -Dflowgate.test.seed=" + SEED + ")");
        final ForkedJmh.Invoker invoker = (jar, plan, args, json, log) ->
        {
            final double score = Double.parseDouble(readJarEntry(Path.of(jar), "score.txt"));
            order.add(score < 1.1e6 ? "A" : "B");
            assertTrue(args.containsAll(List.of("-f", "1", "-prof", "gc")), args.toString());
            Files.writeString(json, fakeResult(plan, score, random));
            return true;
        };
        final Path out = repo.resolve("out");
        assertEquals(0, Flowgate.executeCommand(new CompareCommand(builder, invoker), "v1", "HEAD", "--profile",
            "smoke", "--bench", "TinyBenchmark", "--out", out.toString(), "--fail-on-regression", "5"));
        assertEquals(2, builds.size());
        assertTrue(builds.get(0).startsWith(repo.resolve("target/compare")));
        assertEquals(List.of("A", "B", "A", "B"), order);
        final JsonNode json = JmhJson.mapper().readTree(out.resolve("comparison.json").toFile());
        final JsonNode row = json.get("rows").get(0);
        assertEquals("dev.flowgate.bench.fixture.TinyBenchmark.sum", row.get("benchmark").asText());
        assertEquals("MULTI_LOCK", row.get("params").get("flowAccess").asText());
        assertEquals(6, row.get("base").get("samples").asInt());
        assertEquals(1.2, row.get("ratio").asDouble(), 0.05);
        assertEquals("faster", row.get("verdict").asText());

        assertEquals(0, Flowgate.executeCommand(new CompareCommand(builder, invoker), "v1", "HEAD", "--profile",
            "smoke", "--out", out.toString()));
        assertEquals(2, builds.size(), "jars are cached by commit id");
        assertTrue(!Files.exists(builds.get(0)), "the worktree is removed after the build");
        assertEquals(2, Flowgate.executeCommand(new CompareCommand(builder, invoker), "v1", "no-such-rev",
            "--out", out.toString()));
    }

    private static String fakeResult(final SuiteRunner.Plan plan, final double score, final Random random)
    {
        final ArrayNode root = JmhJson.mapper().createArrayNode();
        final ObjectNode entry = root.addObject();
        entry.put("benchmark", plan.benchmark().name());
        entry.put("mode", "thrpt");
        entry.put("threads", 1);
        entry.put("forks", 1);
        final ObjectNode params = entry.putObject("params");
        plan.params().forEach((k, v) -> params.put(k, v.get(0)));
        final ObjectNode primary = entry.putObject("primaryMetric");
        primary.put("score", score);
        primary.put("scoreUnit", "ops/s");
        final ArrayNode samples = primary.putArray("rawData").addArray();
        for (int i = 0; i < 3; i++)
        {
            samples.add(score * (1 + 0.01 * random.nextGaussian()));
        }
        final ObjectNode alloc = entry.putObject("secondaryMetrics").putObject("gc.alloc.rate.norm");
        alloc.put("score", 0.0);
        alloc.put("scoreUnit", "B/op");
        alloc.putArray("rawData").addArray().add(0.0).add(0.0).add(0.0);
        return root.toString();
    }

    private static void writeJar(final Path jar, final String score) throws IOException
    {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file);
            InputStream list = CompareCommandTest.class.getResourceAsStream("/META-INF/BenchmarkList"))
        {
            zip.putNextEntry(new ZipEntry("META-INF/BenchmarkList"));
            list.transferTo(zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("score.txt"));
            zip.write(score.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    private static String readJarEntry(final Path jar, final String name) throws IOException
    {
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(name)))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
