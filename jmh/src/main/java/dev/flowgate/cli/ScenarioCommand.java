// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = "Runs a scenario file through the pipeline or the flow-filter.")
final class ScenarioCommand implements Callable<Integer>
{
    @Parameters(arity = "0..*", hidden = true)
    private List<String> args;

    @Override
    public Integer call()
    {
        throw new UsageException("not built yet");
    }
}
