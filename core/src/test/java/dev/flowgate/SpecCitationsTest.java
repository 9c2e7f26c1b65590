// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every citation of a document in core, jmh, stress, docs, scenarios and profiles names a file of the repository and
 * a section that file has a heading for; and the checker itself reports each kind of bad citation with its line.
 */
class SpecCitationsTest
{
    private static Path root()
    {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("scenarios")))
        {
            p = p.getParent();
        }
        return p;
    }

    @Test
    void shouldResolveEveryCitationOfTheRepository() throws Exception
    {
        final List<String> problems = SpecCitations.check(root());
        assertTrue(problems.isEmpty(), () -> problems.size() + " bad citation(s):\n" + String.join("\n", problems));
    }

    @Test
    void shouldReportEachBadCitationWithItsFileAndLine(@TempDir final Path dir) throws Exception
    {
        Files.createDirectories(dir.resolve("docs/spec"));
        Files.writeString(dir.resolve("docs/spec/nat.md"), String.join("\n",
            "# NAT", "## 1. Static NAT", "### 1.3 Mapping", "## 8. Quirk index", "## Appendix A: tests",
            "### 9.2 Runner output", ""));
        final Path src = dir.resolve("core/src/main/java/X.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, String.join("\n",
            "/** Resolves: docs/spec/nat.md section 1.3 and docs/spec/nat.md sections 1 to 8, Appendix A. */",
            "/** Resolves: {@code docs/spec/nat.md}, \"Runner output\"; report.md is an output; ../shared/x.md. */",
            "/** A missing section: docs/spec/nat.md section 1.4. */",
            "/** A missing file: docs/spec/flows.md section 2.3. */",
            "/** A bare name: nat.md 1.3. */",
            "/** A wrapped citation, docs/spec/nat.md",
            " * section 2.1, missing. */",
            "/** A missing title: docs/spec/nat.md, \"Runner input\". */",
            "/** The second of a list: docs/spec/nat.md sections 1.3, 7. */",
            ""));
        assertEquals(List.of(
            "core/src/main/java/X.java:3: cites docs/spec/nat.md section 1.4, which has no heading numbered 1.4",
            "core/src/main/java/X.java:4: cites docs/spec/flows.md, which is not a file of the repository"
                + " (cite it by its path from the root)",
            "core/src/main/java/X.java:5: cites nat.md, which is not a file of the repository"
                + " (cite it by its path from the root)",
            "core/src/main/java/X.java:6: cites docs/spec/nat.md section 2.1, which has no heading numbered 2.1",
            "core/src/main/java/X.java:8: cites docs/spec/nat.md \"Runner input\", which has no such heading",
            "core/src/main/java/X.java:9: cites docs/spec/nat.md section 7, which has no heading numbered 7"),
            SpecCitations.check(dir));
    }
}
