// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * The launcher script runs the test suite itself (Maven is not available from inside the jar).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Runs the whole test suite: mvn -B verify, the example scenarios, the benchmark smoke profile, "
        + "a short profiler run. "
        + "Handled by the ./flowgate launcher.")
final class TestCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        throw new UsageException("run the test suite through the launcher: ./flowgate test");
    }
}
