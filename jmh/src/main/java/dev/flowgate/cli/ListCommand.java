// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists the benchmarks: full name, parameters and the question each answers.")
final class ListCommand implements Callable<Integer>
{
    @Parameters(arity = "0..*", hidden = true)
    private List<String> args;

    @Override
    public Integer call()
    {
        throw new UsageException("not built yet");
    }
}
