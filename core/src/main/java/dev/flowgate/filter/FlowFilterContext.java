// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.Overlay;
import dev.flowgate.config.Vpc;

import java.util.HashMap;
import java.util.Map;

/**
 * What the flow-filter stage reads per burst: the built tables, their lookup and the overlay they came from (the
 * overlay only serves the rate-limited log lines, which name the expose a drop is about). Immutable; build one per
 * configuration, off the data path.
 */
public final class FlowFilterContext
{
    private final Overlay overlay;
    private final FlowFilterTables tables;
    private final FlowFilterLookup lookup;
    private final LookupKind kind;
    private final Map<Integer, String> vpcNames;

    private FlowFilterContext(
        final Overlay overlay, final FlowFilterTables tables, final FlowFilterLookup lookup, final LookupKind kind)
    {
        this.overlay = overlay;
        this.tables = tables;
        this.lookup = lookup;
        this.kind = kind;
        final Map<Integer, String> names = new HashMap<>();
        for (final Vpc vpc : overlay.vpcs())
        {
            names.put(vpc.vni(), vpc.name());
        }
        this.vpcNames = Map.copyOf(names);
    }

    /**
     * Builds the tables of an overlay (not validated here) and their lookup.
     *
     * @param overlay the configuration.
     * @param kind    the lookup implementation.
     * @return the context.
     * @throws TableConflictException when the overlay's contributions collide.
     */
    public static FlowFilterContext build(final Overlay overlay, final LookupKind kind)
    {
        final FlowFilterTables tables = FlowFilterTables.build(overlay);
        return new FlowFilterContext(overlay, tables, tables.lookup(kind), kind);
    }

    /**
     * A context over a given lookup (tests substitute a lookup that returns chosen results).
     *
     * @param overlay the configuration (for messages).
     * @param lookup  the lookup.
     * @return the context; {@link #tables()} is null.
     */
    static FlowFilterContext of(final Overlay overlay, final FlowFilterLookup lookup)
    {
        return new FlowFilterContext(overlay, null, lookup, LookupKind.REFERENCE);
    }

    /**
     * The overlay the tables were built from.
     *
     * @return the overlay.
     */
    public Overlay overlay()
    {
        return overlay;
    }

    /**
     * The built tables.
     *
     * @return the tables.
     */
    public FlowFilterTables tables()
    {
        return tables;
    }

    /**
     * The lookup over the tables.
     *
     * @return the lookup.
     */
    public FlowFilterLookup lookup()
    {
        return lookup;
    }

    /**
     * The lookup implementation.
     *
     * @return the kind.
     */
    public LookupKind kind()
    {
        return kind;
    }

    /**
     * The name of a VPC (for messages).
     *
     * @param vni a VNI.
     * @return the VPC's name, or {@code VNI(n)} when unknown.
     */
    public String vpcName(final int vni)
    {
        final String name = vpcNames.get(vni);
        return name == null ? "VNI(" + vni + ")" : name;
    }
}
