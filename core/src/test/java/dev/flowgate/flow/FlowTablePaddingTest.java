// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * The written-often fields of the flow tables ({@code count}, written by every insert and removal, and
 * {@code maxProbe}) sit at least a cache line away from every other field, from the object header and from the end of
 * the object, in the field layout of the running JVM (JOL reads the real offsets; JCTools' PadClassAssertions idea).
 */
class FlowTablePaddingTest
{
    private static final int LINE = 64;
    private static final Set<String> WRITTEN_OFTEN = Set.of("count", "maxProbe");

    @ParameterizedTest
    @ValueSource(classes = {
        LockFreeFlowTable.class, ShardedLockedFlowTable.class, ConcurrentHashMapFlowTable.class,
        ChronicleMapFlowTable.class})
    void shouldKeepWrittenOftenFieldsALineAwayFromEverythingElse(final Class<?> type)
    {
        final ClassLayout layout = ClassLayout.parseClass(type);
        final List<FieldLayout> hot = new ArrayList<>();
        final List<FieldLayout> others = new ArrayList<>();
        for (final FieldLayout f : layout.fields())
        {
            if (WRITTEN_OFTEN.contains(f.name()))
            {
                hot.add(f);
            }
            else if (!f.name().matches("p\\d+"))
            {
                others.add(f);
            }
        }
        assertEquals(type == LockFreeFlowTable.class ? 2 : 1, hot.size(), layout::toPrintable);
        final List<String> tooClose = new ArrayList<>();
        for (final FieldLayout h : hot)
        {
            final long first = h.offset();
            final long last = h.offset() + h.size() - 1;
            if (first - (layout.headerSize() - 1) < LINE)
            {
                tooClose.add(h.name() + " and the header");
            }
            if (layout.instanceSize() - last < LINE)
            {
                tooClose.add(h.name() + " and the next object");
            }
            for (final FieldLayout o : others.isEmpty() ? hot : concat(others, hot))
            {
                if (o != h && gap(first, last, o.offset(), o.offset() + o.size() - 1) < LINE)
                {
                    tooClose.add(h.name() + " and " + o.name());
                }
            }
        }
        assertTrue(tooClose.isEmpty(), () -> "within a cache line: " + tooClose + "\n" + layout.toPrintable());
    }

    /** The distance between the nearest bytes of two disjoint ranges (inclusive ends). */
    private static long gap(final long aFirst, final long aLast, final long bFirst, final long bLast)
    {
        return bFirst > aLast ? bFirst - aLast : aFirst - bLast;
    }

    private static List<FieldLayout> concat(final List<FieldLayout> a, final List<FieldLayout> b)
    {
        final List<FieldLayout> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
