// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration or scenario file that cannot be used; carries every problem found, in document order where
 * possible. The message is one {@code FILE:LINE:COLUMN: PATH: reason} line per problem, ready to print.
 */
public final class ConfigLoadException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** The problems; not serialized (the message carries them). */
    private final transient List<ConfigProblem> problems;

    /**
     * @param problems at least one problem.
     */
    public ConfigLoadException(final List<ConfigProblem> problems)
    {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /**
     * @return the problems, one per line of the message.
     */
    public List<ConfigProblem> problems()
    {
        return problems;
    }
}
