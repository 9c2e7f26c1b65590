// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * One problem found in a configuration or scenario file, printed as {@code FILE:LINE:COLUMN: PATH: reason}.
 *
 * @param source the file name (as given to the loader).
 * @param line   the 1-based line.
 * @param column the 1-based column.
 * @param path   the document path, e.g. {@code peerings[0].left.expose[1].nat.as[0]}; empty for the document
 *               itself (printed {@code (document)}).
 * @param reason what is wrong.
 */
public record ConfigProblem(String source, int line, int column, String path, String reason)
{
    /**
     * @param source the file name.
     * @param node   where the problem is.
     * @param reason what is wrong.
     * @return the problem located at the node.
     */
    public static ConfigProblem at(final String source, final DocNode node, final String reason)
    {
        return new ConfigProblem(source, node.line(), node.column(), node.path(), reason);
    }

    /**
     * @return {@code FILE:LINE:COLUMN: PATH: reason}.
     */
    @Override
    public String toString()
    {
        return source + ":" + line + ":" + column + ": " + (path.isEmpty() ? "(document)" : path) + ": " + reason;
    }
}
