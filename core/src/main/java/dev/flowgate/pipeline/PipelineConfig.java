// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.config.Overlay;
import dev.flowgate.filter.FlowFilterContext;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.nat.MasqueradeTables;
import dev.flowgate.nat.PortForwardMappings;
import dev.flowgate.nat.PortForwardTables;
import dev.flowgate.nat.StaticNatTables;

/**
 * One published configuration: the overlay, its generation id and everything the stages build from it (the
 * flow-filter tables with their lookup, the static NAT tables and the masquerade pools). Immutable; built
 * off the data path by {@link ConfigPublisher}, read by each burst through one reference.
 */
public final class PipelineConfig
{
    private final Overlay overlay;
    private final long genid;
    private final FlowFilterContext flowFilter;
    private final StaticNatTables staticNat;
    private final MasqueradeTables masquerade;
    private final PortForwardTables portForward;

    private PipelineConfig(
        final Overlay overlay, final long genid, final FlowFilterContext flowFilter, final StaticNatTables staticNat,
        final MasqueradeTables masquerade, final PortForwardTables portForward)
    {
        this.overlay = overlay;
        this.genid = genid;
        this.flowFilter = flowFilter;
        this.staticNat = staticNat;
        this.masquerade = masquerade;
        this.portForward = portForward;
    }

    /**
     * Builds every table of an overlay (the overlay is not validated here).
     *
     * @param overlay the configuration.
     * @param genid   its generation id (0 to {@link LockFreeFlowTable#MAX_GENID}: the inline state keeps 32 bits of it,
     *                docs/spec/flow-table.md section 11.13, P6).
     * @param lookup    the flow-filter lookup implementation.
     * @param allocator the masquerade allocator shared by every configuration of the pipeline.
     * @param mappings  the port-forwarding mapping ids shared by every configuration of the pipeline.
     * @return the configuration.
     * @throws dev.flowgate.filter.TableConflictException when the flow-filter tables cannot be built.
     * @throws dev.flowgate.nat.NatConfigException        when the NAT tables cannot be built.
     * @throws IllegalStateException                      when the idle-timeout registry is full
     *                                                    ({@link dev.flowgate.flow.IdleTimeouts}).
     */
    public static PipelineConfig build(
        final Overlay overlay, final long genid, final LookupKind lookup, final MasqueradeAllocator allocator,
        final PortForwardMappings mappings)
    {
        if (genid < 0 || genid > LockFreeFlowTable.MAX_GENID)
        {
            // Fail closed: a generation the inline state cannot hold is never published.
            throw new IllegalArgumentException("genid must be 0 to " + LockFreeFlowTable.MAX_GENID + ": " + genid);
        }
        return new PipelineConfig(overlay, genid, FlowFilterContext.build(overlay, lookup),
            StaticNatTables.build(overlay), MasqueradeTables.build(overlay, allocator),
            PortForwardTables.build(overlay, mappings));
    }

    /**
     * The overlay.
     *
     * @return the overlay.
     */
    public Overlay overlay()
    {
        return overlay;
    }

    /**
     * The generation id.
     *
     * @return the genid.
     */
    public long genid()
    {
        return genid;
    }

    /**
     * The flow-filter's configuration.
     *
     * @return the context.
     */
    public FlowFilterContext flowFilter()
    {
        return flowFilter;
    }

    /**
     * The static NAT tables.
     *
     * @return the tables.
     */
    public StaticNatTables staticNat()
    {
        return staticNat;
    }

    /**
     * The masquerade pools.
     *
     * @return the tables.
     */
    public MasqueradeTables masquerade()
    {
        return masquerade;
    }

    /**
     * The port-forwarding rules.
     *
     * @return the tables.
     */
    public PortForwardTables portForward()
    {
        return portForward;
    }
}
