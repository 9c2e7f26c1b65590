// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The memory-order naming convention holds in core's main sources, and the checker reports each kind of violation.
 */
class MemoryOrderNamesTest
{
    @Test
    void shouldNameEveryVarHandleAccessorByItsOrdering() throws Exception
    {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("core/src/main/java")))
        {
            root = root.getParent();
        }
        final List<String> problems = MemoryOrderNames.check(root.resolve("core/src/main/java"), List.of());
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void shouldReportCallsOutsideAccessorsAndMisnamedAccessors()
    {
        final List<String> problems = new ArrayList<>();
        MemoryOrderNames.checkFile("X.java", List.of(
            "final class X",
            "{",
            "    public Config lvCurrent()",
            "    {",
            "        return (Config) CURRENT_VH.getAcquire(this);",
            "    }",
            "",
            "    private void soCurrent(final Config c)",
            "    {",
            "        CURRENT_VH.setRelease(this, c);",
            "    }",
            "",
            "    public void publish(final Config c)",
            "    {",
            "        final Config old = laCurrent();",
            "        CURRENT_VH.setRelease(this, c);",
            "        COUNT_VH.getAndAdd(this, 1);",
            "        STATE_VH.getAndSet(this, 0);",
            "    }",
            "",
            "    boolean casState(final int expected, final int next)",
            "    {",
            "        return STATE_VH.compareAndSet(this, expected, next);",
            "    }",
            "}"), problems, new java.util.HashSet<>());
        assertEquals(List.of(
            "X.java:5: CURRENT_VH.getAcquire in lvCurrent(): call it only from an accessor named laXxx",
            "X.java:16: CURRENT_VH.setRelease in publish(): call it only from an accessor named soXxx",
            "X.java:17: COUNT_VH.getAndAdd in publish(): call it only from an accessor named getAndAddXxx",
            "X.java:18: STATE_VH.getAndSet: access mode getAndSet has no prefix in the convention"), problems);
    }

    @Test
    void shouldAcceptOnlyTheListedOwnAccessorsAndReportOneThatNoLongerCallsItsVarHandle()
    {
        final String file = "dev/flowgate/flow/FlowInfo.java";
        final List<String> lines = List.of(
            "final class FlowInfo",
            "{",
            "    public int status()",
            "    {",
            "        return (int) STATUS_VH.getVolatile(this);",
            "    }",
            "",
            "    public long related()",
            "    {",
            "        return (long) RELATED_VH.getVolatile(this);",
            "    }",
            "}");
        final List<String> problems = new ArrayList<>();
        final java.util.Set<String> unused = new java.util.TreeSet<>(MemoryOrderNames.OWN_ACCESSORS);
        MemoryOrderNames.checkFile(file, lines, problems, unused);
        assertEquals(List.of(file + ":10: RELATED_VH.getVolatile in related(): call it only from an accessor named "
            + "lvXxx"), problems);
        assertTrue(unused.contains(file + "#genid") && !unused.contains(file + "#status"), unused::toString);
    }
}
