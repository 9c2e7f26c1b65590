// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.Locale;

/**
 * The run profiles of docs/spec/benchmarks.md section 5: which parameter values run and how long each is measured.
 */
enum RunProfile
{
    /**
     * Every benchmark once, first value of each parameter, short: proves it works and what it allocates. Its heap
     * is 512 MiB whatever a class asks for: pre-touching costs seconds per GiB on small virtual machines, and the
     * first (smallest) parameter values need little.
     */
    SMOKE(ParamPolicy.FIRST, 1, 1, 200, 1, 300, "512m", 2, 3),
    /** The two headline questions on the default topology: the benchmarks and values of {@link QuickProfile}. */
    QUICK(ParamPolicy.FIRST, 1, 1, 500, 3, 500, "1g", 2, 3),
    /**
     * All benchmarks, 1 fork x (3 warm-up + 5 measurement) x 1 s, with the parameter values of
     * {@link StandardProfile} (each axis varied against a baseline, the headline questions in full).
     */
    STANDARD(ParamPolicy.ALL, 1, 3, 1000, 5, 1000, "2g", 3, 5),
    /** All benchmarks, all parameters, 3 forks, more iterations. */
    FULL(ParamPolicy.ALL, 3, 5, 1000, 10, 1000, "4g", 5, 10);

    /** Which values of a {@code @Param} a profile runs. */
    enum ParamPolicy
    {
        /** The first value of every parameter. */
        FIRST,
        /** All values. */
        ALL
    }

    final ParamPolicy params;
    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int iterations;
    final int iterationMillis;
    final String heap;
    final int compareForks;
    final int compareIterations;

    RunProfile(final ParamPolicy params, final int forks, final int warmupIterations, final int warmupMillis,
        final int iterations, final int iterationMillis, final String heap, final int compareForks,
        final int compareIterations)
    {
        this.params = params;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.iterations = iterations;
        this.iterationMillis = iterationMillis;
        this.heap = heap;
        this.compareForks = compareForks;
        this.compareIterations = compareIterations;
    }

    /**
     * Whether this profile's heap replaces the heap a benchmark class asks for in its own {@code jvmArgsAppend}.
     * Standard and full keep the class's (sized for its largest parameters; the profile's heap is the default of
     * classes that ask for none).
     *
     * @return true for smoke and quick, which run small parameter values only.
     */
    boolean fixesHeap()
    {
        return this == SMOKE || this == QUICK;
    }

    /**
     * Estimated seconds of one parameter combination at the profile's heap with a default set-up (compare's rough
     * figure; run estimates plan by plan with {@link ProfilePlan#estimateSeconds(SuiteRunner.Plan, RunProfile)}).
     *
     * @return the estimate.
     */
    double estimateSeconds()
    {
        final double iterationSeconds = (warmupIterations * warmupMillis + iterations * iterationMillis) / 1000.0;
        return forks * (ProfilePlan.START_SECONDS + ProfilePlan.PRETOUCH_SECONDS_PER_GIB * ProfilePlan.gib(heap) +
            ProfilePlan.DEFAULT_SETUP_SECONDS + iterationSeconds);
    }

    String cliName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    static RunProfile parse(final String name)
    {
        for (final RunProfile profile : values())
        {
            if (profile.cliName().equals(name))
            {
                return profile;
            }
        }
        throw new UsageException("unknown profile '" + name + "' (smoke, quick, standard or full)");
    }
}
