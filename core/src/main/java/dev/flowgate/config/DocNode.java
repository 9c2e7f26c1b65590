// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a parsed YAML (or JSON) document that knows where it is: its document path (for example
 * {@code peerings[0].left.expose[1].nat.as[0]}; the root's path is empty) and the line and column (1-based) where
 * it starts. A node is a mapping (keys in document order), a list, or a scalar with its type and original text.
 * Built by {@link YamlDocument}; immutable once built.
 */
public final class DocNode
{
    /** The shape of a node. */
    public enum Kind
    {
        /** A mapping of string keys to nodes. */
        MAP,
        /** A sequence of nodes. */
        LIST,
        /** A scalar. */
        SCALAR
    }

    /** The type the parser gave a scalar. */
    public enum ScalarType
    {
        /** A string (quoted, or plain text that is nothing else). */
        STRING,
        /** An integer. */
        INTEGER,
        /** A floating-point number. */
        FLOAT,
        /** true or false. */
        BOOLEAN,
        /** null, ~ or an empty value. */
        NULL
    }

    private final Kind kind;
    private final String path;
    private final int line;
    private final int column;
    private final ScalarType scalarType;
    private final String text;
    private final Map<String, DocNode> fields;
    private final Map<String, DocNode> keys;
    private final List<DocNode> items;

    private DocNode(
        final Kind kind, final String path, final int line, final int column, final ScalarType scalarType,
        final String text, final Map<String, DocNode> fields, final Map<String, DocNode> keys,
        final List<DocNode> items)
    {
        this.kind = kind;
        this.path = path;
        this.line = line;
        this.column = column;
        this.scalarType = scalarType;
        this.text = text;
        this.fields = fields;
        this.keys = keys;
        this.items = items;
    }

    static DocNode scalar(final String path, final int line, final int column, final ScalarType type, final String text)
    {
        return new DocNode(Kind.SCALAR, path, line, column, type, text, Map.of(), Map.of(), List.of());
    }

    static DocNode map(
        final String path, final int line, final int column, final LinkedHashMap<String, DocNode> fields,
        final LinkedHashMap<String, DocNode> keys)
    {
        return new DocNode(Kind.MAP, path, line, column, null, null, Collections.unmodifiableMap(fields),
            Collections.unmodifiableMap(keys), List.of());
    }

    static DocNode list(final String path, final int line, final int column, final List<DocNode> items)
    {
        return new DocNode(Kind.LIST, path, line, column, null, null, Map.of(), Map.of(), List.copyOf(items));
    }

    /**
     * @param parent the parent's path.
     * @param key    a mapping key.
     * @return the path of the key's value.
     */
    public static String childPath(final String parent, final String key)
    {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /**
     * @param parent the parent's path.
     * @param index  a list index.
     * @return the path of the item.
     */
    public static String itemPath(final String parent, final int index)
    {
        return parent + "[" + index + "]";
    }

    /**
     * @return the node's shape.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the document path, empty for the root.
     */
    public String path()
    {
        return path;
    }

    /**
     * @return the 1-based line where the node starts.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return the 1-based column where the node starts.
     */
    public int column()
    {
        return column;
    }

    /**
     * @return true for a mapping.
     */
    public boolean isMap()
    {
        return kind == Kind.MAP;
    }

    /**
     * @return true for a list.
     */
    public boolean isList()
    {
        return kind == Kind.LIST;
    }

    /**
     * @return true for a scalar.
     */
    public boolean isScalar()
    {
        return kind == Kind.SCALAR;
    }

    /**
     * @return the scalar's type, or null for a mapping or list.
     */
    public ScalarType scalarType()
    {
        return scalarType;
    }

    /**
     * @return the scalar's text as written (without quotes), or null for a mapping or list.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return a mapping's values by key, in document order (empty for other kinds).
     */
    public Map<String, DocNode> fields()
    {
        return fields;
    }

    /**
     * @param key a key.
     * @return the value under the key, or null.
     */
    public DocNode get(final String key)
    {
        return fields.get(key);
    }

    /**
     * @param key a key of this mapping.
     * @return a scalar node located at the key itself (for problems about the key), or null.
     */
    public DocNode keyNode(final String key)
    {
        return keys.get(key);
    }

    /**
     * @return a list's items (empty for other kinds).
     */
    public List<DocNode> items()
    {
        return items;
    }

    /**
     * @return a short name of the node's type for error messages: "a mapping", "a list", "a string", ...
     */
    public String describe()
    {
        if (kind == Kind.MAP)
        {
            return "a mapping";
        }
        if (kind == Kind.LIST)
        {
            return "a list";
        }
        switch (scalarType)
        {
            case INTEGER:
                return "an integer";
            case FLOAT:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            default:
                return "a string";
        }
    }

    /**
     * Finds the deepest node on a document path: {@code at("peerings[0].left.expose[1]")} gives that expose, or,
     * if it does not exist, its deepest existing ancestor (at worst this node).
     *
     * @param target a path relative to this node, in the syntax of {@link #path()}.
     * @return the node.
     */
    public DocNode at(final String target)
    {
        DocNode current = this;
        int pos = 0;
        while (pos < target.length())
        {
            final DocNode next;
            if (target.charAt(pos) == '[')
            {
                final int close = target.indexOf(']', pos);
                if (close < 0)
                {
                    return current;
                }
                final int index = parseIndex(target.substring(pos + 1, close));
                next = index >= 0 && index < current.items.size() ? current.items.get(index) : null;
                pos = close + 1;
            }
            else
            {
                final int start = target.charAt(pos) == '.' ? pos + 1 : pos;
                int end = start;
                while (end < target.length() && target.charAt(end) != '.' && target.charAt(end) != '[')
                {
                    end++;
                }
                next = current.fields.get(target.substring(start, end));
                pos = end;
            }
            if (next == null)
            {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static int parseIndex(final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    @Override
    public String toString()
    {
        return (path.isEmpty() ? "(document)" : path) + "@" + line + ":" + column + " " + describe();
    }
}
