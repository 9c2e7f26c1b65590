// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every {@code ./flowgate ...} line in a fenced block of the root README parses as written: the subcommand exists,
 * every flag is one it declares, its values convert, and a benchmark it names is in the catalog. Parsing runs
 * nothing, so the test is cheap; {@code ./flowgate test} belongs to the launcher script and is checked there.
 */
class ReadmeCommandsTest
{
    private static final Path README = Path.of("..", "README.md");

    static List<String> commands(final List<String> lines)
    {
        final List<String> commands = new ArrayList<>();
        boolean fenced = false;
        for (final String line : lines)
        {
            if (line.startsWith("```"))
            {
                fenced = !fenced;
                continue;
            }
            // A comment or a pipe ends the flowgate part of the line.
            final String code = line.split("[#|]", 2)[0].trim();
            if (fenced && code.startsWith("./flowgate"))
            {
                commands.add(code);
            }
        }
        return commands;
    }

    static void check(final String command)
    {
        final String[] words = command.split("\\s+");
        final String[] args = Arrays.copyOfRange(words, 1, words.length);
        if (args.length > 0 && "test".equals(args[0]))
        {
            assertEquals(1, args.length, command + ": the launcher's test takes no arguments");
            return;
        }
        final CommandLine.ParseResult result;
        try
        {
            result = new CommandLine(new Flowgate()).parseArgs(args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            fail("README command does not parse: '" + command + "': " + ex.getMessage());
            return;
        }
        final CommandLine.ParseResult sub = result.subcommand();
        if (sub != null && ("pair".equals(sub.commandSpec().name()) || "profile".equals(sub.commandSpec().name())))
        {
            final String bench =
                sub.matchedPositionals().isEmpty() ? null : sub.matchedPositionals().get(0).getValue();
            if (bench != null)
            {
                assertFalse(Catalog.ofClasspath().matching(bench).isEmpty(),
                    () -> "'" + command + "' names no benchmark");
            }
        }
    }

    @Test
    void shouldParseEveryCommandOfTheReadme() throws IOException
    {
        final List<String> commands = commands(Files.readAllLines(README));
        assertTrue(commands.size() >= 5, "the README shows its commands in fenced blocks: " + commands);
        commands.forEach(ReadmeCommandsTest::check);
    }

    @Test
    void shouldRejectAFlagNoCommandHas()
    {
        final AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
            () -> check("./flowgate run --profil quick"));
        assertTrue(error.getMessage().contains("--profil"), error.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
            () -> check("./flowgate profile PipelineBenchmark.noSuchMethod"));
    }
}
