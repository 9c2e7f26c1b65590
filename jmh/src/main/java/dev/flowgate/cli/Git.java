// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few git commands flowgate needs, run in a repository folder.
 */
final class Git
{
    private final Path dir;

    Git(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * The repository root of the launcher ({@code flowgate.root}), else of the current folder, else the current
     * folder.
     *
     * @return the root.
     */
    static Path root()
    {
        final String root = System.getProperty("flowgate.root");
        if (root != null)
        {
            return Path.of(root).toAbsolutePath().normalize();
        }
        final Path cwd = Path.of("").toAbsolutePath();
        return new Git(cwd).run("rev-parse", "--show-toplevel").map(Path::of).orElse(cwd);
    }

    Optional<String> commit()
    {
        return run("rev-parse", "HEAD");
    }

    Optional<String> shortCommit()
    {
        return run("rev-parse", "--short", "HEAD");
    }

    boolean dirty()
    {
        return run("status", "--porcelain", "--untracked-files=no").map(s -> !s.isEmpty()).orElse(false);
    }

    /**
     * Resolves a revision to a commit id.
     *
     * @param rev a revision.
     * @return the commit id, empty when it does not name a commit.
     */
    Optional<String> resolve(final String rev)
    {
        return run("rev-parse", "--verify", "--quiet", rev + "^{commit}");
    }

    /**
     * Runs git and returns its trimmed standard output.
     *
     * @param args the git arguments.
     * @return the output, empty when git is missing or fails.
     */
    Optional<String> run(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? Optional.of(out) : Optional.empty();
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Runs git and fails with its error output when it fails.
     *
     * @param args the git arguments.
     * @return the trimmed output.
     */
    String check(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0)
            {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run git: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
