// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.Overlay;
import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.Prefix;

import java.util.TreeMap;

/**
 * Fills flow-filter tables cell by cell with the reference's insertion and merge rules (docs/spec/flow-filter.md
 * section 2.2 step 5), writing each contribution into <em>both</em> subtables, like the reference's test-only insert
 * helper (so a port-ranged cell reaches the no-ports subtable too, see 7.13). {@link FlowFilterTables#build(Overlay)}
 * is the configuration path; this class is for tests, benchmarks and synthetic tables. Not thread-safe; use once.
 */
public final class FlowFilterTableBuilder
{
    private final ResultInterner interner = new ResultInterner();
    private final TreeMap<Integer, VpcConnectionsTable> withPorts = new TreeMap<>();
    private final TreeMap<Integer, VpcConnectionsTable> noPorts = new TreeMap<>();
    private final boolean fillNoPorts;

    /**
     * Creates an empty builder that writes every contribution into both subtables.
     */
    public FlowFilterTableBuilder()
    {
        this(true);
    }

    private FlowFilterTableBuilder(final boolean fillNoPorts)
    {
        this.fillNoPorts = fillNoPorts;
    }

    /**
     * @return an empty builder that writes only into the with-ports subtable (tables for TCP/UDP lookups alone,
     *     e.g. for benchmarks that should not pay for a second copy).
     */
    public static FlowFilterTableBuilder withPortsOnly()
    {
        return new FlowFilterTableBuilder(false);
    }

    static FlowFilterTables fromOverlay(final Overlay overlay)
    {
        final FlowFilterTableBuilder builder = new FlowFilterTableBuilder();
        OverlaySetup.addOverlay(overlay, builder);
        return builder.build();
    }

    VpcConnectionsTable table(final boolean hasPorts, final int srcVni)
    {
        return (hasPorts ? withPorts : noPorts).computeIfAbsent(srcVni, vni -> new VpcConnectionsTable(vni, interner));
    }

    /**
     * Source cell to destination cell.
     *
     * @param srcVni    the source VPC.
     * @param result    the value.
     * @param srcPrefix the source prefix.
     * @param srcPorts  its port range, or null for all ports.
     * @param dstPrefix the destination prefix.
     * @param dstPorts  its port range, or null for all ports.
     * @return this.
     * @throws TableConflictException when the insertion rules reject the contribution.
     */
    public FlowFilterTableBuilder insert(
        final int srcVni, final LookupResult result, final Prefix srcPrefix, final PortRange srcPorts,
        final Prefix dstPrefix, final PortRange dstPorts)
    {
        table(true, srcVni).insert(result, srcPrefix, srcPorts, dstPrefix, dstPorts);
        if (fillNoPorts)
        {
            table(false, srcVni).insert(result, srcPrefix, srcPorts, dstPrefix, dstPorts);
        }
        return this;
    }

    /**
     * Source cell to the default remote.
     *
     * @param srcVni    the source VPC.
     * @param result    the value.
     * @param srcPrefix the source prefix.
     * @param srcPorts  its port range, or null.
     * @return this.
     * @throws TableConflictException when the slot rule rejects the contribution.
     */
    public FlowFilterTableBuilder insertDefaultRemote(
        final int srcVni, final LookupResult result, final Prefix srcPrefix, final PortRange srcPorts)
    {
        table(true, srcVni).insertDefaultRemote(result, srcPrefix, srcPorts);
        if (fillNoPorts)
        {
            table(false, srcVni).insertDefaultRemote(result, srcPrefix, srcPorts);
        }
        return this;
    }

    /**
     * Default source to a destination cell.
     *
     * @param srcVni    the source VPC.
     * @param result    the value.
     * @param dstPrefix the destination prefix.
     * @param dstPorts  its port range, or null.
     * @return this.
     * @throws TableConflictException when the insertion rules reject the contribution.
     */
    public FlowFilterTableBuilder insertDefaultSource(
        final int srcVni, final LookupResult result, final Prefix dstPrefix, final PortRange dstPorts)
    {
        table(true, srcVni).updateDefaultSource(result, dstPrefix, dstPorts);
        if (fillNoPorts)
        {
            table(false, srcVni).updateDefaultSource(result, dstPrefix, dstPorts);
        }
        return this;
    }

    /**
     * @return the tables; the builder must not be used afterwards.
     */
    public FlowFilterTables build()
    {
        return new FlowFilterTables(withPorts, noPorts, interner);
    }
}
