// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark threads' samples of a recording as collapsed stacks ({@code frame;frame;... count}, outermost
 * first) rooted at the code under test, for a differential flame graph of two revisions.
 *
 * <p>Each stack keeps its frames from the outermost frame of flowgate's own code outside the harness
 * ({@code dev.flowgate.} but not {@code dev.flowgate.bench.}) inwards, under one root frame that names the
 * benchmark; JMH's and the harness's frames below it are dropped, and a sample with no such frame (the JMH loop, the
 * packet restore) is {@value #HARNESS}. Frames are named {@code Class.method}, short enough for a frame's width,
 * without async-profiler's compiled/inlined mark. So a stack of the pipeline matches its counterpart in the other
 * revision even when the harness gained a frame or the JIT inlined a call differently, and the differential graph
 * colours what changed in the code under test instead of painting every stack new.
 */
public final class FoldedStacks
{
    /** The frame under the root of a sample that never reached the code under test. */
    public static final String HARNESS = "[harness]";

    private static final String OURS = "dev.flowgate.";
    private static final String BENCH = "dev.flowgate.bench.";

    private FoldedStacks()
    {
    }

    /**
     * One sample's stack, folded.
     *
     * @param root the root frame (the benchmark's name).
     * @param frames {@code package.Class.method} of each frame, innermost first.
     * @return the folded stack, outermost first, frames separated by {@code ;}.
     */
    public static String fold(final String root, final List<String> frames)
    {
        int outermost = -1;
        for (int i = frames.size() - 1; i >= 0; i--)
        {
            final String frame = frames.get(i);
            if (frame.startsWith(OURS) && !frame.startsWith(BENCH))
            {
                outermost = i;
                break;
            }
        }
        final StringBuilder stack = new StringBuilder(clean(root));
        if (outermost < 0)
        {
            return stack.append(';').append(HARNESS).toString();
        }
        for (int i = outermost; i >= 0; i--)
        {
            stack.append(';').append(clean(simple(frames.get(i))));
        }
        return stack.toString();
    }

    /**
     * Folds every sample of a recording's benchmark threads and counts the samples per folded stack.
     *
     * @param jfr async-profiler's JFR recording.
     * @param root the root frame (the benchmark's name).
     * @return samples per folded stack, in stack order.
     * @throws IOException when the file cannot be read or is not a JFR recording.
     */
    public static Map<String, Long> collapse(final Path jfr, final String root) throws IOException
    {
        final Map<String, Long> counts = new TreeMap<>();
        WorkerStacks.forEach(jfr, frames -> counts.merge(fold(root, frames), 1L, Long::sum));
        return counts;
    }

    /**
     * Writes a recording's folded stacks in the collapsed format async-profiler's converter reads.
     *
     * @param jfr async-profiler's JFR recording.
     * @param root the root frame (the benchmark's name).
     * @param collapsed the file to write.
     * @throws IOException when the recording cannot be read or the file written.
     */
    public static void write(final Path jfr, final String root, final Path collapsed) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        collapse(jfr, root).forEach((stack, samples) -> lines.add(stack + ' ' + samples));
        Files.write(collapsed, lines);
    }

    /**
     * {@code Class.method} of {@code package.Class.method}.
     *
     * @param frame a frame or a benchmark's full name.
     * @return its class's simple name and the method.
     */
    public static String simple(final String frame)
    {
        final int method = frame.lastIndexOf('.');
        return method <= 0 ? frame : frame.substring(frame.lastIndexOf('.', method - 1) + 1);
    }

    /** The collapsed format splits frames at {@code ;} and the count at the last space. */
    private static String clean(final String frame)
    {
        return frame.replace(';', ':').replace(' ', '_');
    }
}
