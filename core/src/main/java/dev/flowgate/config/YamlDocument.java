// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parses YAML text into a tree of {@link DocNode}s that carry their document path and line/column, with
 * Jackson's streaming YAML parser (the tree model of Jackson drops locations). Duplicate keys are problems;
 * a syntax error ends parsing with a problem at its location.
 */
public final class YamlDocument
{
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlDocument()
    {
    }

    /**
     * Reads and parses a file; the file name as given is used in problems.
     *
     * @param file the file.
     * @return the root node.
     * @throws ConfigLoadException if the file cannot be read, is not valid YAML, is empty or has duplicate keys.
     */
    public static DocNode read(final Path file) throws ConfigLoadException
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigLoadException(List.of(new ConfigProblem(file.toString(), 1, 1, "",
                "cannot read file: " + ex)));
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses text.
     *
     * @param source the name used in problems.
     * @param text   the YAML text.
     * @return the root node.
     * @throws ConfigLoadException if the text is not valid YAML, is empty or has duplicate keys.
     */
    public static DocNode parse(final String source, final String text) throws ConfigLoadException
    {
        final Problems problems = new Problems(source);
        try (JsonParser parser = FACTORY.createParser(text))
        {
            final JsonToken first = parser.nextToken();
            if (first == null)
            {
                problems.add(1, 1, "", "the document is empty");
                problems.throwIfAny();
            }
            final DocNode root = node(parser, "", problems);
            if (parser.nextToken() != null)
            {
                final JsonLocation where = parser.currentTokenLocation();
                problems.add(where.getLineNr(), where.getColumnNr(), "", "a file holds one YAML document, found more");
            }
            problems.throwIfAny();
            return root;
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation where = ex.getLocation();
            final int line = where == null ? 1 : Math.max(1, where.getLineNr());
            final int column = where == null ? 1 : Math.max(1, where.getColumnNr());
            problems.add(line, column, "", "invalid YAML: " + summary(ex.getOriginalMessage()));
            throw new ConfigLoadException(problems.list());
        }
        catch (final IOException ex)
        {
            problems.add(1, 1, "", "cannot parse: " + ex);
            throw new ConfigLoadException(problems.list());
        }
    }

    /** SnakeYAML messages interleave located snippets (indented lines) with the reasons; keep the reasons. */
    private static String summary(final String message)
    {
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .collect(Collectors.joining(": "));
    }

    private static DocNode node(final JsonParser parser, final String path, final Problems problems)
        throws IOException
    {
        final JsonLocation where = parser.currentTokenLocation();
        final int line = where.getLineNr();
        final int column = where.getColumnNr();
        final JsonToken token = parser.currentToken();
        switch (token)
        {
            case START_OBJECT:
                return map(parser, path, line, column, problems);
            case START_ARRAY:
                final List<DocNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    items.add(node(parser, DocNode.itemPath(path, items.size()), problems));
                }
                return DocNode.list(path, line, column, items);
            case VALUE_NUMBER_INT:
                return DocNode.scalar(path, line, column, DocNode.ScalarType.INTEGER, parser.getText());
            case VALUE_NUMBER_FLOAT:
                return DocNode.scalar(path, line, column, DocNode.ScalarType.FLOAT, parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return DocNode.scalar(path, line, column, DocNode.ScalarType.BOOLEAN, parser.getText());
            case VALUE_NULL:
                return DocNode.scalar(path, line, column, DocNode.ScalarType.NULL, parser.getText());
            default:
                return DocNode.scalar(path, line, column, DocNode.ScalarType.STRING, parser.getText());
        }
    }

    private static DocNode map(
        final JsonParser parser, final String path, final int line, final int column, final Problems problems)
        throws IOException
    {
        final LinkedHashMap<String, DocNode> fields = new LinkedHashMap<>();
        final LinkedHashMap<String, DocNode> keys = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String key = parser.currentName();
            final String childPath = DocNode.childPath(path, key);
            final JsonLocation keyWhere = parser.currentTokenLocation();
            final DocNode keyNode = DocNode.scalar(childPath, keyWhere.getLineNr(), keyWhere.getColumnNr(),
                DocNode.ScalarType.STRING, key);
            parser.nextToken();
            final DocNode value = node(parser, childPath, problems);
            if (fields.containsKey(key))
            {
                final DocNode first = keys.get(key);
                problems.add(keyNode, "duplicate key \"" + key + "\" (first at line " + first.line() + ")");
                continue;
            }
            fields.put(key, value);
            keys.put(key, keyNode);
        }
        return DocNode.map(path, line, column, fields, keys);
    }
}
