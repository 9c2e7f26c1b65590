// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import one.profiler.AsyncProfilerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagesTest
{
    /**
     * A stage split of the realistic mix (PipelineBenchmark.oneThread, LATE), taken with {@code flowgate profile
     * --by-stage}: every stage but the ICMP-error handler has samples.
     */
    private static final String FIXTURE = "stages-realistic-late.jfr";
    private static final double TOLERANCE_POINTS = 5.0;

    private static final String HARNESS_FRAME = "dev.flowgate.bench.pipeline.PipelineFixture.pass";

    @Test
    void shouldGiveASampleToItsInnermostStageFrame()
    {
        final String filter = "dev.flowgate.filter.FlowFilterStage.process";
        final String masquerade = "dev.flowgate.nat.MasqueradeStage.process";
        assertEquals(2, Stages.stageOf(List.of("dev.flowgate.flow.SnapshotReader.begin", filter,
            "dev.flowgate.pipeline.Pipeline.process", HARNESS_FRAME)));
        assertEquals(6, Stages.stageOf(List.of("dev.flowgate.nat.MasqueradeStage.newSession", masquerade, filter,
            "dev.flowgate.pipeline.Pipeline.process")), "nested stages: the innermost wins");
        assertEquals(2, Stages.stageOf(List.of(filter, masquerade)), "whichever is innermost");
        assertEquals(7, Stages.stageOf(List.of("dev.flowgate.flow.FlowTimerWheel.expire",
            "dev.flowgate.pipeline.Pipeline.process")));
        assertEquals(Stages.HARNESS, Stages.stageOf(List.of("dev.flowgate.bench.PacketTemplates.restore",
            HARNESS_FRAME)), "no stage frame: harness");
        assertEquals(Stages.HARNESS, Stages.stageOf(List.of()));
        assertEquals(Stages.HARNESS, Stages.stageOf(List.of("dev.flowgate.filter.FlowFilterStage.processPacket")),
            "another method of a stage class is not its frame");
    }

    /**
     * The grouping must agree with what a person reads off the flame graph: async-profiler's own converter writes
     * the recording's stacks per thread (collapsed), and each stage's share is the share of the benchmark thread's
     * samples whose stack holds the stage frame, as Ctrl+F shows it.
     */
    @Test
    void shouldAgreeWithTheFlameGraphWithinFivePoints(@TempDir final Path dir) throws IOException
    {
        final Path jfr = ReportTest.fixture(FIXTURE);
        final long[] counts = Stages.count(jfr);
        final Stages.Breakdown breakdown = new Stages.Breakdown("b", Map.of(), "cpu", counts, 100);
        final Path collapsed = dir.resolve("stacks.txt");
        AsyncProfilerLoader.executeConverter(new String[] {"--cpu", "--threads", "--dot", "-o", "collapsed",
            jfr.toString(), collapsed.toString()});
        final List<String> worker = Files.readAllLines(collapsed).stream()
            .filter(l -> l.startsWith("[") && l.substring(0, l.indexOf(']')).contains("-jmh-worker-")).toList();
        final long total = worker.stream().mapToLong(StagesTest::count).sum();
        assertEquals(total, breakdown.samples(), "the same samples of the benchmark thread");
        double stageSum = 0;
        for (int s = 0; s < Stages.FRAMES.size(); s++)
        {
            final Pattern frame = Pattern.compile(";" + Pattern.quote(Stages.FRAMES.get(s)) + "(_\\[\\w+\\])?(;| )");
            final long holding = worker.stream().filter(l -> frame.matcher(l).find())
                .mapToLong(StagesTest::count).sum();
            final double flameGraph = 100.0 * holding / total;
            stageSum += flameGraph;
            assertEquals(flameGraph, 100 * breakdown.share(s), TOLERANCE_POINTS, Stages.NAMES.get(s));
        }
        assertEquals(100 - stageSum, 100 * breakdown.share(Stages.HARNESS), TOLERANCE_POINTS, "harness");
        assertTrue(total > 1000, "a stage split has thousands of samples: " + total);
        for (final String stage : List.of("parse", "flow lookup", "flow-filter", "masquerade", "harness"))
        {
            assertTrue(breakdown.share(Stages.NAMES.indexOf(stage)) > 0.01, stage + " has samples");
        }
    }

    @Test
    void shouldWriteAndReadStagesJson(@TempDir final Path dir) throws IOException
    {
        final long[] counts = {10, 20, 30, 0, 5, 5, 20, 1, 9};
        final Stages.Breakdown b = new Stages.Breakdown("dev.flowgate.bench.pipeline.PipelineBenchmark.oneThread",
            Map.of("mix", "realistic"), "itimer", counts, 50);
        Stages.write(List.of(b), dir);
        final List<Stages.Breakdown> read = Stages.read(dir);
        assertEquals(1, read.size());
        assertEquals(100, read.get(0).samples());
        assertEquals(0.3, read.get(0).share(2), 1e-12);
        assertEquals("realistic", read.get(0).params().get("mix"));
        assertEquals(50, read.get(0).nsPerPacket(), 1e-12);
        final String table = Stages.table(read.get(0), 200).text();
        assertTrue(table.contains("flow-filter") && table.lines().anyMatch(l -> l.startsWith("flow-filter") &&
            l.endsWith(" 60.0")), table);
        Files.writeString(dir.resolve(Stages.FILE), "{\"profiles\": [{\"benchmark\": \"x\", \"stages\": " +
            "[{\"stage\": \"decap\", \"samples\": 3}]}]}");
        assertThrows(ReportException.class, () -> Stages.read(dir));
        assertEquals(List.of(), Stages.read(dir.resolve("missing")));
    }

    private static long count(final String collapsedLine)
    {
        return Long.parseLong(collapsedLine.substring(collapsedLine.lastIndexOf(' ') + 1));
    }
}
