// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SmokeProfileTest
{
    private static final Catalog CATALOG = Catalog.ofClasspath();

    @Test
    void shouldRunEveryValueOfEveryAxisButSizesAtLeastOnce()
    {
        final List<SuiteRunner.Plan> plans = SmokeProfile.plans(CATALOG.all(), ParamSpec.parse(List.of()));
        final Set<String> run = new HashSet<>();
        plans.forEach(p -> p.params().forEach((axis, values) -> values.forEach(v -> run.add(axis + "=" + v))));
        final Set<String> declared = new HashSet<>();
        CATALOG.all().forEach(b -> b.params().forEach((axis, values) -> values.forEach(v ->
            declared.add(axis + "=" + v))));
        for (final String value : declared)
        {
            final String axis = value.substring(0, value.indexOf('='));
            final boolean size = SmokeProfile.SIZE_AXES.contains(axis);
            assertTrue(size || run.contains(value), "smoke never runs " + value);
        }
        assertTrue(run.contains("flowTable=CHRONICLE_MAP") && run.contains("natValidation=LATE"), run.toString());
        // one combination per plan, every benchmark at least once, and few enough to stay under 5 minutes
        plans.forEach(p -> assertEquals(1, p.combinations(), p.toString()));
        assertEquals(CATALOG.all().size(), plans.stream().map(p -> p.benchmark().name()).distinct().count());
        assertTrue(plans.size() <= CATALOG.all().size() + 20, plans.size() + " combinations");
    }

    @Test
    void shouldRunInlineOnlyOverTheLockFreeTable()
    {
        final List<SuiteRunner.Plan> plans = SmokeProfile.plans(CATALOG.all(), ParamSpec.parse(List.of()));
        boolean inline = false;
        for (final SuiteRunner.Plan p : plans)
        {
            final List<String> access = p.params().get("flowAccess");
            final List<String> table = p.params().get("flowTable");
            if (access != null && access.contains("INLINE"))
            {
                inline = true;
                assertTrue(table == null || table.equals(List.of("LOCK_FREE")), p.toString());
            }
        }
        assertTrue(inline, "smoke runs flowAccess=INLINE");
    }

    @Test
    void shouldKeepAnAxisTheCommandLineFixes()
    {
        final List<SuiteRunner.Plan> plans =
            SmokeProfile.plans(CATALOG.all(), ParamSpec.parse(List.of("flowTable=LOCK_FREE")));
        plans.forEach(p ->
        {
            final List<String> table = p.params().get("flowTable");
            assertTrue(table == null || table.equals(List.of("LOCK_FREE")), p.toString());
        });
    }
}
