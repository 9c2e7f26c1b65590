// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the keys of one mapping node, reporting every problem to a {@link Problems} instead of throwing: a wrong
 * node type, a missing required key, a value of the wrong type; {@link #finish()} then reports every key that was
 * not read (an unknown key), naming the accepted ones. A getter that meets a problem returns null (or the
 * default), so a loader can carry on and find the next problem.
 *
 * <pre>{@code
 * final MappingReader vpc = MappingReader.of(node, problems);
 * final String name = vpc.requiredString("name");
 * final Long vni = vpc.requiredInteger("vni", 1, 16_777_215);
 * vpc.finish();
 * }</pre>
 */
public final class MappingReader
{
    private final DocNode node;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    private MappingReader(final DocNode node, final Problems problems)
    {
        this.node = node;
        this.problems = problems;
    }

    /**
     * @param node     the node that should be a mapping; if it is not, that is reported and the reader yields
     *                 nothing (and reports nothing more).
     * @param problems where problems go.
     * @return the reader.
     */
    public static MappingReader of(final DocNode node, final Problems problems)
    {
        if (!node.isMap())
        {
            problems.add(node, "expected a mapping, found " + node.describe());
        }
        return new MappingReader(node, problems);
    }

    /**
     * @return the mapping node.
     */
    public DocNode node()
    {
        return node;
    }

    /**
     * Marks keys as accepted without reading them (another reader interprets them).
     *
     * @param keys the keys.
     */
    public void accept(final String... keys)
    {
        known.addAll(List.of(keys));
    }

    /**
     * @param key a key, marked as accepted.
     * @return its value node, or null if absent.
     */
    public DocNode optional(final String key)
    {
        known.add(key);
        return node.get(key);
    }

    /**
     * @param key a key, marked as accepted.
     * @return its value node; null (after reporting it) if absent.
     */
    public DocNode required(final String key)
    {
        final DocNode value = optional(key);
        if (value == null && node.isMap())
        {
            problems.add(node.line(), node.column(), DocNode.childPath(node.path(), key),
                "missing required key \"" + key + "\"");
        }
        return value;
    }

    /**
     * @param key a key.
     * @return its text, null if absent or not a non-null scalar (reported).
     */
    public String optionalString(final String key)
    {
        final DocNode value = optional(key);
        return value == null ? null : string(value, problems);
    }

    /**
     * @param key a key.
     * @return its text, null if absent (reported) or not a non-null scalar (reported).
     */
    public String requiredString(final String key)
    {
        final DocNode value = required(key);
        return value == null ? null : string(value, problems);
    }

    /**
     * @param key a key.
     * @param min the smallest value accepted.
     * @param max the largest value accepted.
     * @return the integer; null if absent (reported), not an integer or out of range (reported).
     */
    public Long requiredInteger(final String key, final long min, final long max)
    {
        final DocNode value = required(key);
        return value == null ? null : integer(value, min, max, problems);
    }

    /**
     * @param key a key.
     * @param min the smallest value accepted.
     * @param max the largest value accepted.
     * @return the integer; null if absent, not an integer or out of range (reported).
     */
    public Long optionalInteger(final String key, final long min, final long max)
    {
        final DocNode value = optional(key);
        return value == null ? null : integer(value, min, max, problems);
    }

    /**
     * @param key          a key.
     * @param defaultValue the value when absent or invalid.
     * @return the boolean.
     */
    public boolean optionalBoolean(final String key, final boolean defaultValue)
    {
        final DocNode value = optional(key);
        if (value == null)
        {
            return defaultValue;
        }
        if (!value.isScalar() || value.scalarType() != DocNode.ScalarType.BOOLEAN)
        {
            problems.add(value, "expected true or false, found " + value.describe());
            return defaultValue;
        }
        return Boolean.parseBoolean(value.text());
    }

    /**
     * @param key a key.
     * @return the list's items; empty if absent; empty (reported) if not a list.
     */
    public List<DocNode> optionalList(final String key)
    {
        final DocNode value = optional(key);
        return value == null ? List.of() : list(value, problems);
    }

    /**
     * @param key a key.
     * @return the list's items; null if absent (reported); empty (reported) if not a list.
     */
    public List<DocNode> requiredList(final String key)
    {
        final DocNode value = required(key);
        return value == null ? null : list(value, problems);
    }

    /**
     * Reports every key of the mapping that no getter read and {@link #accept} did not name.
     */
    public void finish()
    {
        final List<String> unknown = new ArrayList<>();
        for (final String key : node.fields().keySet())
        {
            if (!known.contains(key))
            {
                unknown.add(key);
            }
        }
        for (final String key : unknown)
        {
            problems.add(node.keyNode(key), "unknown key \"" + key + "\" (expected " + String.join(", ", known) + ")");
        }
    }

    /**
     * @param value    a node that should be a non-null scalar.
     * @param problems where problems go.
     * @return its text, or null (reported).
     */
    public static String string(final DocNode value, final Problems problems)
    {
        if (!value.isScalar() || value.scalarType() == DocNode.ScalarType.NULL)
        {
            problems.add(value, "expected a string, found " + value.describe());
            return null;
        }
        return value.text();
    }

    /**
     * @param value    a node that should be an integer scalar.
     * @param min      the smallest value accepted.
     * @param max      the largest value accepted.
     * @param problems where problems go.
     * @return the value, or null (reported).
     */
    public static Long integer(final DocNode value, final long min, final long max, final Problems problems)
    {
        if (!value.isScalar() || value.scalarType() != DocNode.ScalarType.INTEGER)
        {
            problems.add(value, "expected an integer, found " + value.describe());
            return null;
        }
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.text().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            problems.add(value, "integer " + value.text() + " outside " + min + ".." + max);
            return null;
        }
        if (parsed < min || parsed > max)
        {
            problems.add(value, "integer " + parsed + " outside " + min + ".." + max);
            return null;
        }
        return parsed;
    }

    /**
     * @param value    a node that should be a list.
     * @param problems where problems go.
     * @return its items, or empty (reported).
     */
    public static List<DocNode> list(final DocNode value, final Problems problems)
    {
        if (!value.isList())
        {
            problems.add(value, "expected a list, found " + value.describe());
            return List.of();
        }
        return value.items();
    }
}
