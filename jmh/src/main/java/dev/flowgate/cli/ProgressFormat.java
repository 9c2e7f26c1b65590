// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.flowgate.report.ReportWriter;
import dev.flowgate.report.Units;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's output, quieted: the full JMH log goes to a file, the terminal gets one line per parameter combination
 * (which benchmark, i of N, elapsed, estimated time left, then its score and allocation or its failure).
 */
final class ProgressFormat implements OutputFormat
{
    /** A combination that started but produced no result, with the first line of its failure. */
    record Failure(String benchmark, String params, String message)
    {
    }

    private final OutputFormat log;
    private final PrintStream terminal;
    private final int total;
    private final double[] estimates;
    private final long start = System.nanoTime();
    private final List<Failure> failures = new ArrayList<>();
    private int started;
    private int finished;
    private BenchmarkParams current;
    private boolean resultSeen;
    private boolean failureText;
    private String failureMessage;

    /**
     * Creates the format.
     *
     * @param log JMH's normal output format, writing to the log file.
     * @param terminal where progress lines go.
     * @param total the number of parameter combinations to run.
     * @param estimates the estimated seconds of each combination, in run order: the time left is the estimate of
     *     the combinations left, scaled by how the finished ones compared with their estimate.
     */
    ProgressFormat(final OutputFormat log, final PrintStream terminal, final int total, final double[] estimates)
    {
        this.log = log;
        this.terminal = terminal;
        this.total = total;
        this.estimates = estimates.clone();
    }

    /**
     * The estimated seconds left: the estimates of the combinations not finished, times the ratio of the elapsed
     * time to the estimates of the finished ones.
     */
    double secondsLeft(final double elapsed, final int done)
    {
        double before = 0;
        double after = 0;
        for (int i = 0; i < estimates.length; i++)
        {
            if (i < done)
            {
                before += estimates[i];
            }
            else
            {
                after += estimates[i];
            }
        }
        return done == 0 || before <= 0 ? after : after * elapsed / before;
    }

    List<Failure> failures()
    {
        return failures;
    }

    @Override
    public void startBenchmark(final BenchmarkParams params)
    {
        closeCurrent();
        log.startBenchmark(params);
        current = params;
        resultSeen = false;
        failureMessage = null;
        started++;
        final double elapsed = elapsedSeconds();
        terminal.printf(Locale.ROOT, "[%d/%d] %s %s (elapsed %s, ~%s left)%n", started, total,
            params.getBenchmark(), paramText(params), clock(elapsed), clock(secondsLeft(elapsed, finished)));
        terminal.flush();
    }

    @Override
    public void endBenchmark(final BenchmarkResult result)
    {
        log.endBenchmark(result);
        if (current == null)
        {
            return;
        }
        if (result != null && result.getPrimaryResult() != null)
        {
            resultSeen = true;
            final Result<?> primary = result.getPrimaryResult();
            Result<?> alloc = null;
            for (final Object secondary : result.getSecondaryResults().values())
            {
                final Result<?> metric = (Result<?>) secondary;
                if (metric.getLabel().endsWith("gc.alloc.rate.norm"))
                {
                    alloc = metric;
                }
            }
            final String unit = primary.getScoreUnit();
            final String score = Units.isConvertible(unit) ?
                ReportWriter.format(Units.mopsPerSecond(primary.getScore(), unit), 3) + " Mpps, " +
                    ReportWriter.format(Units.nsPerOp(primary.getScore(), unit), 2) + " ns/op" :
                ReportWriter.format(primary.getScore(), 3) + " " + unit;
            terminal.println("        " + score + (alloc == null ? "" :
                ", " + ReportWriter.format(alloc.getScore(), 2) + " B/op"));
        }
        closeCurrent();
    }

    @Override
    public void endRun(final Collection<RunResult> results)
    {
        closeCurrent();
        log.endRun(results);
    }

    private void closeCurrent()
    {
        if (current != null)
        {
            finished++;
            if (!resultSeen)
            {
                final String message = failureMessage == null ? "no result (see jmh.log)" : failureMessage;
                failures.add(new Failure(current.getBenchmark(), paramText(current), message));
                terminal.println("        FAILED: " + message);
            }
            current = null;
        }
        failureText = false;
    }

    private void watch(final String line)
    {
        if (line == null)
        {
            return;
        }
        if (line.contains("<failure>"))
        {
            failureText = true;
        }
        else if (failureText && failureMessage == null && !line.isBlank())
        {
            failureMessage = line.trim().lines().findFirst().orElse("").trim();
        }
    }

    @Override
    public void iteration(final BenchmarkParams benchParams, final IterationParams params, final int iteration)
    {
        log.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(final BenchmarkParams benchParams, final IterationParams params, final int iteration,
        final IterationResult data)
    {
        log.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun()
    {
        log.startRun();
    }

    @Override
    public void print(final String s)
    {
        watch(s);
        log.print(s);
    }

    @Override
    public void println(final String s)
    {
        watch(s);
        log.println(s);
    }

    @Override
    public void flush()
    {
        log.flush();
        terminal.flush();
    }

    @Override
    public void close()
    {
        log.close();
    }

    @Override
    public void verbosePrintln(final String s)
    {
        log.verbosePrintln(s);
    }

    @Override
    public void write(final int b)
    {
        log.write(b);
    }

    @Override
    public void write(final byte[] b) throws IOException
    {
        log.write(b);
    }

    double elapsedSeconds()
    {
        return (System.nanoTime() - start) / 1e9;
    }

    static String clock(final double seconds)
    {
        final long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) :
            String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    static String paramText(final BenchmarkParams params)
    {
        final Map<String, String> sorted = new TreeMap<>();
        for (final String key : params.getParamsKeys())
        {
            sorted.put(key, params.getParam(key));
        }
        final StringBuilder out = new StringBuilder();
        sorted.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
        if (params.getThreads() != 1)
        {
            out.append(out.length() == 0 ? "" : " ").append("threads=").append(params.getThreads());
        }
        return out.toString();
    }
}
