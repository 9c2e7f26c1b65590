// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The cpu samples of a profiler recording's JMH worker threads, the benchmark's own time (the JVM's compiler and GC
 * threads are not): what the stage split ({@link Stages}), the folded stacks of a differential graph
 * ({@link FoldedStacks}) and the profiler's check for an empty recording read. The recording is read with the JDK's
 * own JFR parser ({@code jdk.jfr.consumer}), which reads async-profiler's JFR output.
 */
public final class WorkerStacks
{
    /** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
    private static final String WORKER = "-jmh-worker-";
    private static final String SAMPLE = "jdk.ExecutionSample";

    private WorkerStacks()
    {
    }

    /**
     * Hands each cpu sample of a recording's benchmark threads to {@code action}: its frames as
     * {@code package.Class.method}, innermost first (the list is reused between calls).
     *
     * @param jfr async-profiler's JFR recording.
     * @param action what to do with one sample's frames.
     * @throws IOException when the file cannot be read or is not a JFR recording.
     */
    public static void forEach(final Path jfr, final Consumer<List<String>> action) throws IOException
    {
        final List<String> frames = new ArrayList<>();
        try (RecordingFile recording = new RecordingFile(jfr))
        {
            while (recording.hasMoreEvents())
            {
                final RecordedEvent event = recording.readEvent();
                if (!SAMPLE.equals(event.getEventType().getName()) || !isWorker(event.getThread("sampledThread")) ||
                    event.getStackTrace() == null)
                {
                    continue;
                }
                frames.clear();
                for (final RecordedFrame frame : event.getStackTrace().getFrames())
                {
                    if (frame.getMethod() != null && frame.getMethod().getType() != null)
                    {
                        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
                    }
                }
                action.accept(frames);
            }
        }
    }

    private static boolean isWorker(final RecordedThread thread)
    {
        if (thread == null)
        {
            return false;
        }
        final String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name != null && name.contains(WORKER);
    }
}
