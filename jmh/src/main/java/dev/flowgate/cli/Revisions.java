// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Git revisions of the repository as benchmark jars: each commit is checked out in its own worktree under
 * {@code target/compare/}, built once, and its {@code benchmarks.jar} kept in {@code target/compare/jars/} keyed by
 * commit id; the worktree is removed after a successful build. {@code WORKTREE} is the working tree as it is,
 * built by the launcher.
 */
final class Revisions
{
    /** The name of the working tree as a revision. */
    static final String WORKTREE = "WORKTREE";

    /** Where a build leaves the benchmark jar, relative to the repository root. */
    static final String JAR = "jmh/target/benchmarks.jar";

    /** Builds the checkout in a folder so that {@link #JAR} exists afterwards. */
    @FunctionalInterface
    interface Builder
    {
        void build(Path checkout) throws IOException, InterruptedException;
    }

    /**
     * A built revision.
     *
     * @param label how reports name it, e.g. {@code main (1a2b3c4)}.
     * @param commit the commit id, or {@code WORKTREE}.
     * @param jar its benchmark jar.
     */
    record Build(String label, String commit, Path jar)
    {
    }

    /** The default build: Maven, tests skipped, quiet. */
    static final Builder MAVEN = checkout ->
    {
        final Path log = checkout.resolve("target").resolve("flowgate-build.log");
        Files.createDirectories(log.getParent());
        final Process process = new ProcessBuilder(List.of("mvn", "-B", "-q", "-DskipTests", "package"))
            .directory(checkout.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0)
        {
            throw new IllegalStateException("build of " + checkout + " failed, see " + log);
        }
    };

    private final Path root;
    private final Builder builder;
    private final Git git;

    Revisions(final Path root, final Builder builder)
    {
        this.root = root;
        this.builder = builder;
        this.git = new Git(root);
    }

    Path compareDir()
    {
        return root.resolve("target").resolve("compare");
    }

    /**
     * The jar of a revision, built when not cached.
     *
     * @param rev a git revision or {@code WORKTREE}.
     * @param terminal where to say what is being built.
     * @return the build.
     * @throws IOException when files cannot be written.
     * @throws InterruptedException when interrupted while building.
     */
    Build build(final String rev, final PrintStream terminal) throws IOException, InterruptedException
    {
        final Path jars = compareDir().resolve("jars");
        Files.createDirectories(jars);
        if (WORKTREE.equals(rev))
        {
            final Path jar = root.resolve(JAR);
            if (!Files.isRegularFile(jar))
            {
                throw new UsageException("WORKTREE: " + jar + " is missing; run ./flowgate (it builds) first");
            }
            final Path copy = jars.resolve(WORKTREE + ".jar");
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            return new Build(WORKTREE + (git.dirty() ? " (dirty)" : ""), WORKTREE, copy);
        }
        final Optional<String> commit = git.resolve(rev);
        if (commit.isEmpty())
        {
            throw new UsageException("'" + rev + "' is neither a git revision of " + root + " nor a JSON file");
        }
        final String id = commit.get();
        final Build build = new Build(rev + " (" + id.substring(0, 10) + ")", id, jars.resolve(id + ".jar"));
        if (Files.isRegularFile(build.jar()))
        {
            terminal.println("using the cached build of " + build.label());
            return build;
        }
        final Path checkout = compareDir().resolve(id);
        if (!Files.isDirectory(checkout))
        {
            git.check("worktree", "add", "--detach", checkout.toString(), id);
        }
        terminal.println("building " + build.label() + " in " + checkout + " ...");
        builder.build(checkout);
        final Path built = checkout.resolve(JAR);
        if (!Files.isRegularFile(built))
        {
            throw new IllegalStateException("the build of " + build.label() + " left no " + JAR);
        }
        final Path partial = jars.resolve(id + ".jar.part");
        Files.copy(built, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, build.jar(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // The jar is all that is kept: the worktree would otherwise stay registered in the repository.
        // (A failed build keeps its worktree and log for inspection.)
        git.check("worktree", "remove", "--force", checkout.toString());
        return build;
    }
}
