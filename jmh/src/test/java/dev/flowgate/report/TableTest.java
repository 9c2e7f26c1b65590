// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest
{
    @Test
    void shouldLeftAlignTextAndRightAlignFigures()
    {
        for (final String figure : List.of("12.5", "-3", "1.234e+07 ± 2.1e+05 ops/s", "0.98 [0.90, 1.05]", "3/3",
            "-", "14.2%", "3.2 / 3.4 over 64 MiB", ".5"))
        {
            assertTrue(Table.isFigure(figure), figure);
        }
        for (final String text : List.of("OpenJDK 64-Bit Server VM 17.0.15", "6dfda58a2c", "G1", "baseline",
            "2026-11-26", "no measured result", "passed (12 steady-state results at or below 0.50 B/op)", ""))
        {
            assertFalse(Table.isFigure(text), text);
        }
        final String html = new Table(List.of("what", "value")).add(List.of("GC", "G1")).add(List.of("cores", "2"))
            .html();
        assertTrue(html.contains("<td class=\"l\">G1</td>"), html);
        assertTrue(html.contains("<td>2</td>"), html);
        assertEquals(4, html.split("class=\"l\"", -1).length, "the first column and the text cell: " + html);
    }
}
