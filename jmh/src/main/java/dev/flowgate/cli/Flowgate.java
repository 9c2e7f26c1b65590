// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;

import dev.flowgate.report.ReportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowgate} command line: runs the suite, renders and compares reports, profiles, runs scenarios.
 */
@Command(
    name = "flowgate",
    mixinStandardHelpOptions = true,
    versionProvider = Flowgate.Version.class,
    description = "Benchmarks, comparisons and flame graphs for the flowgate flow-filter and NAT pipeline.",
    subcommands = {
        RunCommand.class,
        ReportCommand.class,
        CompareCommand.class,
        PairCommand.class,
        ProfilerCommand.class,
        ScenarioCommand.class,
        TablesCommand.class,
        TestCommand.class,
        ListCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Flowgate implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Exit status for bad arguments and invalid input files. */
    public static final int EXIT_USAGE = 2;

    private static List<String> arguments = List.of();

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Runs the command line without exiting the JVM.
     *
     * @param args the arguments.
     * @return the exit status.
     */
    public static int execute(final String... args)
    {
        System.setProperty("java.awt.headless", "true");
        arguments = List.of(args);
        return executeCommand(new Flowgate(), args);
    }

    /**
     * Runs one command object (a subcommand with injected collaborators, in tests) with the usual error handling.
     *
     * @param command the picocli command object.
     * @param args the arguments.
     * @return the exit status.
     */
    static int executeCommand(final Object command, final String... args)
    {
        final CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(Flowgate::onBadArguments);
        commandLine.setExecutionExceptionHandler(Flowgate::onFailure);
        return commandLine.execute(args);
    }

    static List<String> arguments()
    {
        return arguments;
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int onBadArguments(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine cmd = ex.getCommandLine();
        final PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage() +
            " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onFailure(final Exception ex, final CommandLine cmd, final CommandLine.ParseResult result)
    {
        final PrintWriter err = cmd.getErr();
        if (ex instanceof UsageException || ex instanceof ReportException)
        {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        err.println(cmd.getCommandSpec().qualifiedName() + ": failed: " + ex);
        if (Boolean.getBoolean("flowgate.debug"))
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion() throws IOException
        {
            final Properties properties = new Properties();
            try (InputStream in = Flowgate.class.getResourceAsStream("version.properties"))
            {
                if (in != null)
                {
                    properties.load(in);
                }
            }
            return new String[] {
                "flowgate " + properties.getProperty("version", "unknown"),
                "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            };
        }
    }
}
