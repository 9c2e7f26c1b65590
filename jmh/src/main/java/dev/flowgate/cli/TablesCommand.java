// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import dev.flowgate.config.ConfigError;
import dev.flowgate.config.ConfigLoadException;
import dev.flowgate.config.ConfigProblem;
import dev.flowgate.config.DocNode;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.OverlayLoader;
import dev.flowgate.config.OverlayValidator;
import dev.flowgate.config.Problems;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.YamlDocument;
import dev.flowgate.filter.FlowFilterTables;
import dev.flowgate.filter.TableConflictException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tables", mixinStandardHelpOptions = true,
    description = "Prints the flow-filter tables built from a scenario file's configuration: per source VPC and "
        + "subtable (with-ports, no-ports), each source cell, its destination cells and their result.")
final class TablesCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A scenario file (its vpcs and peerings are used).")
    private Path file;

    @Option(names = "--vpc", paramLabel = "NAME", description = "Print only the tables of this source VPC.")
    private String vpc;

    @Override
    public Integer call()
    {
        if (!Files.isRegularFile(file))
        {
            throw new UsageException("no such file: " + file);
        }
        final String source = file.toString();
        final DocNode root;
        try
        {
            root = YamlDocument.read(file);
        }
        catch (final ConfigLoadException ex)
        {
            return report(ex.problems());
        }
        final Problems problems = new Problems(source);
        final Overlay overlay = OverlayLoader.read(root, problems);
        final boolean validate = validateFlag(root, problems);
        if (!problems.isEmpty() || overlay == null)
        {
            return report(problems.list());
        }
        if (validate)
        {
            final List<ConfigProblem> errors = new ArrayList<>();
            for (final ConfigError error : OverlayValidator.validate(overlay))
            {
                errors.add(error.locate(root, source));
            }
            if (!errors.isEmpty())
            {
                return report(errors);
            }
        }
        final Vpc only = vpc == null ? null : overlay.vpc(vpc);
        if (vpc != null && only == null)
        {
            throw new UsageException("unknown VPC \"" + vpc + "\"; the file defines " +
                overlay.vpcsByName().keySet());
        }
        final FlowFilterTables tables;
        try
        {
            tables = FlowFilterTables.build(overlay);
        }
        catch (final TableConflictException | IllegalStateException ex)
        {
            throw new UsageException(source + ": " + ex.getMessage());
        }
        final Map<Integer, String> names = new HashMap<>();
        for (final Vpc each : overlay.vpcs())
        {
            names.put(each.vni(), each.name());
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.print(tables.describe(names::get, only == null ? 0 : only.vni()));
        out.flush();
        return 0;
    }

    private static boolean validateFlag(final DocNode root, final Problems problems)
    {
        final DocNode node = root.isMap() ? root.get("validate") : null;
        if (node == null)
        {
            return true;
        }
        if (node.isScalar() && ("true".equals(node.text()) || "false".equals(node.text())))
        {
            return "true".equals(node.text());
        }
        problems.add(node, "validate must be true or false");
        return true;
    }

    private int report(final List<ConfigProblem> problems)
    {
        final PrintWriter err = spec.commandLine().getErr();
        for (final ConfigProblem problem : problems)
        {
            err.println(problem);
        }
        err.flush();
        return Flowgate.EXIT_USAGE;
    }
}
