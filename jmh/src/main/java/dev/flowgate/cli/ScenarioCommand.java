// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import dev.flowgate.config.ConfigLoadException;
import dev.flowgate.config.ConfigProblem;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.scenario.PacketOutcome;
import dev.flowgate.scenario.Scenario;
import dev.flowgate.scenario.ScenarioLoader;
import dev.flowgate.scenario.ScenarioOutput;
import dev.flowgate.scenario.ScenarioResult;
import dev.flowgate.scenario.ScenarioRunner;
import dev.flowgate.scenario.ScenarioStage;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = "Runs a scenario file (docs/spec/scenario-format.md) through the pipeline or the flow-filter and "
        + "prints one line per packet.%nExit status: 0 when every expect holds, 1 when any does not (each mismatch on "
        + "stderr), 2 for an unreadable or invalid file.")
final class ScenarioCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file.")
    private Path file;

    @Option(names = "--stage", paramLabel = "STAGE",
        description = "flow-filter or pipeline (default: the file's stage key, else pipeline).")
    private String stage;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "jsonl or table (default: table on a terminal, jsonl otherwise).")
    private String format;

    @Option(names = "--nat-validation", paramLabel = "MODE", defaultValue = "early",
        description = "early (the flow-filter checks NAT requirements) or late (a NAT stage fails the packet); "
            + "late also reports packets whose pipeline verdict differs from early. Default: ${DEFAULT-VALUE}.")
    private String natValidation;

    @Option(names = "--flow-access", paramLabel = "MODE", defaultValue = "single-lock",
        description = "multi-lock, single-lock, optimistic or snapshot. Default: ${DEFAULT-VALUE}.")
    private String flowAccess;

    @Option(names = "--sync-stats",
        description = "Add the flow-filter's per-packet status loads, genid loads and locks (\"sync\").")
    private boolean syncStats;

    @Override
    public Integer call()
    {
        if (!Files.isRegularFile(file))
        {
            throw new UsageException("no such file: " + file);
        }
        final ScenarioStage stageOverride = stage == null ? null : ScenarioStage.fromLabel(stage);
        if (stage != null && stageOverride == null)
        {
            throw new UsageException("--stage must be flow-filter or pipeline, not \"" + stage + "\"");
        }
        final NatValidation validation = enumOption("--nat-validation", natValidation, NatValidation.class);
        final FlowInfoAccess access = enumOption("--flow-access", flowAccess, FlowInfoAccess.class);
        final boolean table;
        if (format == null)
        {
            table = System.console() != null;
        }
        else if ("jsonl".equals(format) || "table".equals(format))
        {
            table = "table".equals(format);
        }
        else
        {
            throw new UsageException("--format must be jsonl or table, not \"" + format + "\"");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Scenario scenario;
        try
        {
            scenario = ScenarioLoader.load(file, stageOverride);
        }
        catch (final ConfigLoadException ex)
        {
            for (final ConfigProblem problem : ex.problems())
            {
                err.println(problem);
            }
            err.flush();
            return Flowgate.EXIT_USAGE;
        }
        final ScenarioResult result = ScenarioRunner.run(scenario,
            new ScenarioRunner.Settings(validation, access, syncStats, LookupKind.COMPILED));
        if (table)
        {
            out.print(ScenarioOutput.table(result.outcomes()));
        }
        else
        {
            for (final PacketOutcome o : result.outcomes())
            {
                out.println(ScenarioOutput.jsonl(o));
            }
        }
        out.flush();
        for (final String difference : result.differences())
        {
            err.println(difference);
        }
        for (final String mismatch : result.mismatches())
        {
            err.println(mismatch);
        }
        err.flush();
        return result.mismatches().isEmpty() ? 0 : 1;
    }

    private static <E extends Enum<E>> E enumOption(final String name, final String text, final Class<E> type)
    {
        try
        {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException ex)
        {
            final StringBuilder allowed = new StringBuilder();
            for (final E value : type.getEnumConstants())
            {
                allowed.append(allowed.length() == 0 ? "" : ", ")
                    .append(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new UsageException(name + " must be one of " + allowed + ", not \"" + text + "\"");
        }
    }
}
