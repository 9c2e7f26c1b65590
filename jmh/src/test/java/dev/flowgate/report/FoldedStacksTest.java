// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import one.profiler.AsyncProfilerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldedStacksTest
{
    private static final String ROOT = "PipelineBenchmark.oneThread";
    private static final List<String> JMH = List.of(
        "dev.flowgate.bench.pipeline.jmh_generated.PipelineBenchmark_oneThread_jmhTest.oneThread_thrpt_jmhStub",
        "dev.flowgate.bench.pipeline.jmh_generated.PipelineBenchmark_oneThread_jmhTest.oneThread_Throughput",
        "java.lang.reflect.Method.invoke", "java.lang.Thread.run");

    /** Innermost first, as {@link WorkerStacks#forEach} gives them. */
    private static List<String> stack(final List<String> harness, final String... code)
    {
        final List<String> frames = new ArrayList<>(Arrays.asList(code));
        frames.addAll(harness);
        frames.addAll(JMH);
        return frames;
    }

    @Test
    void shouldMatchOneStackAcrossHarnessesThatDiffer()
    {
        final String[] code = {"dev.flowgate.flow.LockFreeFlowTable.hashAndTouch",
            "dev.flowgate.pipeline.FlowLookupStage.process", "dev.flowgate.pipeline.Pipeline.process"};
        final String before = FoldedStacks.fold(ROOT, stack(List.of(
            "dev.flowgate.bench.pipeline.PipelineFixture.pass", "dev.flowgate.bench.pipeline.PipelineWorker.run",
            "dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread"), code));
        final String after = FoldedStacks.fold(ROOT, stack(List.of("dev.flowgate.bench.pipeline.PipelineWorker.run",
            "dev.flowgate.bench.pipeline.PipelineThread.run",
            "dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread"), code));
        assertEquals(ROOT + ";Pipeline.process;FlowLookupStage.process;LockFreeFlowTable.hashAndTouch", after);
        assertEquals(after, before, "the harness's frames are not part of the stack");
    }

    @Test
    void shouldKeepTheCodeUnderTestFromItsOutermostFrameOn()
    {
        // A harness frame called back from the code under test stays: only the frames below the code are dropped.
        assertEquals(ROOT + ";Pipeline.process;Callback.run;FlowKey.hash", FoldedStacks.fold(ROOT, stack(List.of(
                "dev.flowgate.bench.pipeline.PipelineWorker.run"), "dev.flowgate.flow.FlowKey.hash",
                "dev.flowgate.bench.Callback.run", "dev.flowgate.pipeline.Pipeline.process")));
    }

    @Test
    void shouldNameFramesByClassAndMethod()
    {
        assertEquals("LockFreeFlowTable.get", FoldedStacks.simple("dev.flowgate.flow.LockFreeFlowTable.get"));
        assertEquals("VarHandleLongs$Array.getAcquire",
            FoldedStacks.simple("java.lang.invoke.VarHandleLongs$Array.getAcquire"));
        assertEquals("Unsafe.getLong", FoldedStacks.simple("Unsafe.getLong"));
        assertEquals("run", FoldedStacks.simple("run"));
    }

    @Test
    void shouldPutSamplesOutsideTheCodeUnderTestInOneHarnessFrame()
    {
        assertEquals(ROOT + ";" + FoldedStacks.HARNESS, FoldedStacks.fold(ROOT, stack(List.of(
            "dev.flowgate.bench.PacketTemplates.restore", "dev.flowgate.bench.pipeline.PipelineWorker.run"))));
        assertEquals(ROOT + ";" + FoldedStacks.HARNESS, FoldedStacks.fold(ROOT, List.of()));
        assertEquals("a:b:c_d;" + FoldedStacks.HARNESS, FoldedStacks.fold("a;b;c d", List.of()),
            "the collapsed format's separators never appear inside a frame");
    }

    /**
     * Folding a recording keeps every sample of the benchmark thread, and async-profiler's converter draws a
     * differential graph from two folded files.
     */
    @Test
    void shouldFoldEverySampleOfARecording(@TempDir final Path dir) throws IOException
    {
        final Path jfr = ReportTest.fixture("stages-realistic-late.jfr");
        final Map<String, Long> folded = FoldedStacks.collapse(jfr, ROOT);
        final long samples = Arrays.stream(Stages.count(jfr)).sum();
        assertEquals(samples, folded.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(folded.keySet().stream().allMatch(s -> s.startsWith(ROOT + ";")), "one root");
        assertEquals(List.of(), folded.keySet().stream().filter(s -> s.contains("jmh_generated") || s.contains("_["))
            .toList(), "no JMH frames, no compiled/inlined marks");
        assertTrue(folded.keySet().stream().anyMatch(s -> s.startsWith(ROOT + ";Pipeline.process;")),
            "stacks of the pipeline");
        assertTrue(folded.containsKey(ROOT + ";" + FoldedStacks.HARNESS));

        final Path collapsed = dir.resolve("base.collapsed");
        FoldedStacks.write(jfr, ROOT, collapsed);
        assertEquals(folded.size(), Files.readAllLines(collapsed).size());
        final Path html = dir.resolve("diff.html");
        AsyncProfilerLoader.executeConverter(new String[] {"--cpu", "--diff", collapsed.toString(),
            collapsed.toString(), html.toString()});
        final String graph = Files.readString(html);
        assertTrue(graph.contains(FoldedStacks.HARNESS), "the converter read the folded stacks");
        assertFalse(graph.contains("jmhStub"));
    }
}
