// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * One overlay validation error.
 *
 * @param kind    the rule violated.
 * @param path    where in a scenario document the offending element sits, in {@link DocNode#path()} syntax and
 *                configuration order (e.g. {@code peerings[0].left.expose[1]}); see {@link #locate}.
 * @param message what is wrong, naming the VPCs, peerings and exposes involved
 *                (e.g. {@code peering web-to-db, left expose[1]: ...}).
 */
public record ConfigError(ConfigErrorKind kind, String path, String message)
{
    /**
     * Places the error in the document the overlay was loaded from: at the node of its path, or its nearest
     * existing ancestor.
     *
     * @param root   the document root the overlay was read from.
     * @param source the file name.
     * @return the located problem.
     */
    public ConfigProblem locate(final DocNode root, final String source)
    {
        final DocNode node = root.at(path);
        return new ConfigProblem(source, node.line(), node.column(), path, message);
    }

    /**
     * @return {@code KIND: message}.
     */
    @Override
    public String toString()
    {
        return kind + ": " + message;
    }
}
