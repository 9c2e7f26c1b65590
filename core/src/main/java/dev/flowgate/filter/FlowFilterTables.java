// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.Overlay;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.IntFunction;

/**
 * The flow-filter tables of one configuration, as built (docs/spec/flow-filter.md section 1.5): a with-ports and a
 * no-ports subtable, each mapping a source VNI to its connections table. Immutable once built; results are interned.
 * Turn it into a lookup with {@link #lookup(LookupKind)}.
 */
public final class FlowFilterTables
{
    private final SortedMap<Integer, VpcConnectionsTable> withPorts;
    private final SortedMap<Integer, VpcConnectionsTable> noPorts;
    private final ResultInterner interner;

    FlowFilterTables(
        final SortedMap<Integer, VpcConnectionsTable> withPorts,
        final SortedMap<Integer, VpcConnectionsTable> noPorts,
        final ResultInterner interner)
    {
        this.withPorts = Collections.unmodifiableSortedMap(withPorts);
        this.noPorts = Collections.unmodifiableSortedMap(noPorts);
        this.interner = interner;
    }

    /**
     * Builds the tables of an overlay exactly as docs/spec/flow-filter.md section 2.2 says. The overlay is not
     * validated here.
     *
     * @param overlay the configuration.
     * @return the tables.
     * @throws TableConflictException when contributions collide (a configuration error).
     * @throws IllegalStateException  when a peering names an unknown VPC.
     */
    public static FlowFilterTables build(final Overlay overlay)
    {
        return FlowFilterTableBuilder.fromOverlay(overlay);
    }

    /**
     * @param kind the implementation.
     * @return a lookup over these tables (COMPILED compiles now).
     */
    public FlowFilterLookup lookup(final LookupKind kind)
    {
        return kind.create(this);
    }

    /**
     * @return every distinct result in the tables, each the instance lookups return.
     */
    public List<LookupResult> results()
    {
        return Collections.unmodifiableList(interner.results());
    }

    /**
     * @param hasPorts which subtable.
     * @return its source VNIs, ascending.
     */
    public List<Integer> sourceVnis(final boolean hasPorts)
    {
        return List.copyOf(subtable(hasPorts).keySet());
    }

    /**
     * A readable dump: per source VPC and subtable, each source cell, its destination cells and their results.
     *
     * @param vpcName names a VNI (e.g. {@code vni -> "vpc1"}); may return null for unknown VNIs.
     * @param onlyVni restrict to this source VNI, or 0 for all.
     * @return the text, one line per cell.
     */
    public String describe(final IntFunction<String> vpcName, final int onlyVni)
    {
        return new TablePrinter(this, vpcName).print(onlyVni);
    }

    Map<Integer, VpcConnectionsTable> subtable(final boolean hasPorts)
    {
        return hasPorts ? withPorts : noPorts;
    }

    ResultInterner interner()
    {
        return interner;
    }
}
