// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one file so that all of them are reported at once.
 */
public final class Problems
{
    private final String source;
    private final List<ConfigProblem> list = new ArrayList<>();

    /**
     * @param source the file name used in every problem.
     */
    public Problems(final String source)
    {
        this.source = source;
    }

    /**
     * @return the file name.
     */
    public String source()
    {
        return source;
    }

    /**
     * @param node   where the problem is.
     * @param reason what is wrong.
     */
    public void add(final DocNode node, final String reason)
    {
        list.add(ConfigProblem.at(source, node, reason));
    }

    /**
     * Reports a problem at an explicit location, for a path that has no node (a missing key).
     *
     * @param line   the 1-based line.
     * @param column the 1-based column.
     * @param path   the document path.
     * @param reason what is wrong.
     */
    public void add(final int line, final int column, final String path, final String reason)
    {
        list.add(new ConfigProblem(source, line, column, path, reason));
    }

    /**
     * @return the number of problems reported so far.
     */
    public int size()
    {
        return list.size();
    }

    /**
     * @return true if nothing was reported.
     */
    public boolean isEmpty()
    {
        return list.isEmpty();
    }

    /**
     * @return the problems so far, sorted by line and column (stable for equal positions).
     */
    public List<ConfigProblem> list()
    {
        final List<ConfigProblem> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return List.copyOf(sorted);
    }

    /**
     * @throws ConfigLoadException carrying every problem, if there is any.
     */
    public void throwIfAny() throws ConfigLoadException
    {
        if (!list.isEmpty())
        {
            throw new ConfigLoadException(list());
        }
    }
}
