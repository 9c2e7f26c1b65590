// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliArgumentsTest
{
    private static final Catalog.Benchmark TINY = Catalog.ofClasspath().all().stream()
        .filter(b -> b.name().endsWith("TinyBenchmark.sum")).findFirst().orElseThrow();

    @Test
    void shouldReadParameterValuesFromJmhMetadata()
    {
        assertEquals("dev.flowgate.bench.fixture.TinyBenchmark", TINY.className());
        assertEquals(List.of("EARLY", "LATE"), TINY.params().get("natValidation"));
        assertEquals(List.of("MULTI_LOCK", "SNAPSHOT"), TINY.params().get("flowAccess"));
        assertEquals(4, Catalog.combinations(TINY.params()));
    }

    @Test
    void shouldResolveParametersPerProfile()
    {
        final ParamSpec none = ParamSpec.parse(null);
        assertEquals(Map.of("natValidation", List.of("EARLY"), "flowAccess", List.of("MULTI_LOCK")),
            none.resolve(TINY, RunProfile.ParamPolicy.FIRST));
        assertEquals(TINY.params(), none.resolve(TINY, RunProfile.ParamPolicy.ALL));
        final ParamSpec fixed = ParamSpec.parse(List.of("natValidation=LATE,flowAccess=SNAPSHOT|MULTI_LOCK"));
        assertEquals(Map.of("natValidation", List.of("LATE"), "flowAccess", List.of("SNAPSHOT", "MULTI_LOCK")),
            fixed.resolve(TINY, RunProfile.ParamPolicy.FIRST));
    }

    @Test
    void shouldRejectMalformedParameters()
    {
        for (final String bad : List.of("x", "=1", "a=", "a=1,", "a=1||2", "1a=2", "a b=1"))
        {
            assertThrows(UsageException.class, () -> ParamSpec.parse(List.of(bad)), bad);
        }
        assertThrows(UsageException.class, () -> ParamSpec.parse(List.of("nope=1")).checkKnown(List.of(TINY)));
    }

    @Test
    void shouldAnswerBadRunArgumentsWithOneLineAndStatusTwo(@TempDir final Path dir)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            final String out = dir.toString();
            assertEquals(2, Flowgate.execute("run", "--profile", "huge", "--out", out));
            assertEquals(2, Flowgate.execute("run", "--bench", "NoSuchThing", "--out", out));
            assertEquals(2, Flowgate.execute("run", "--bench", "[", "--out", out));
            assertEquals(2, Flowgate.execute("run", "--param", "natValidation", "--out", out));
            assertEquals(2, Flowgate.execute("run", "--param", "nope=1", "--out", out));
            assertEquals(2, Flowgate.execute("run", "--jvm", dir.resolve("nojava").toString(), "--out", out));
            assertEquals(2, Flowgate.execute("run", "--frobnicate"));
            assertEquals(2, Flowgate.execute("report", dir.resolve("none.json").toString()));
            assertEquals(2, Flowgate.execute("list", "--bench", "NoSuchThing"));
        }
        finally
        {
            System.setErr(saved);
        }
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(9, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("flowgate ")), lines.toString());
    }

    @Test
    void shouldRefuseInlineOverAnotherTableInOneLineWithStatusTwo(@TempDir final Path dir)
    {
        final UsageException e = assertThrows(UsageException.class, () ->
            ParamSpec.parse(List.of("flowAccess=SNAPSHOT|INLINE,flowTable=LOCK_FREE|SHARDED_LOCKED")));
        assertEquals("bad --param: flowAccess=INLINE needs flowTable=LOCK_FREE (the per-flow state lives in that " +
            "table's arrays), not flowTable=SHARDED_LOCKED", e.getMessage());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, Flowgate.execute("run", "--bench", "PipelineBenchmark", "--param",
                "flowAccess=INLINE,flowTable=CHRONICLE_MAP", "--out", dir.toString()));
        }
        finally
        {
            System.setErr(saved);
        }
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
        // INLINE alone: the table it needs, not every table the benchmark declares.
        final Catalog.Benchmark pipeline = Catalog.ofClasspath().all().stream()
            .filter(b -> b.name().equals("dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread"))
            .findFirst().orElseThrow();
        assertEquals(List.of("LOCK_FREE"), ParamSpec.parse(List.of("flowAccess=INLINE"))
            .resolve(pipeline, RunProfile.ParamPolicy.ALL).get("flowTable"));
        assertEquals(List.of("LOCK_FREE", "SHARDED_LOCKED"), ParamSpec.parse(List.of("flowAccess=SNAPSHOT"))
            .resolve(pipeline, RunProfile.ParamPolicy.ALL).get("flowTable"));
    }

    @Test
    void shouldListOneLinePerBenchmark()
    {
        assertEquals("dev.flowgate.bench.fixture.TinyBenchmark.sum  flowAccess=MULTI_LOCK,SNAPSHOT "
            + "natValidation=EARLY,LATE  \"How fast is summing a burst of ints? (tooling test fixture)\"",
            ListCommand.line(TINY));
    }

    @Test
    void shouldFormatClocks()
    {
        assertEquals("0:05", ProgressFormat.clock(5.2));
        assertEquals("2:03", ProgressFormat.clock(123));
        assertEquals("1:00:01", ProgressFormat.clock(3601));
    }

    @Test
    void shouldSplitTheProjectJvmFlagsIntoSingleArguments()
    {
        assertTrue(JvmFlags.project().contains("-Dchronicle.analytics.disable=true"));
        assertTrue(JvmFlags.project().stream().noneMatch(f -> f.contains(" ")), JvmFlags.project().toString());
        assertEquals(List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"), JvmFlags.fork("2g").subList(0, 3));
    }
}
