// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;

/**
 * The runtime axes of a pipeline (docs/spec/architecture.md section 2) and its sizes. Immutable; {@code withX} returns
 * a copy.
 *
 * @param natValidation EARLY (the flow-filter checks NAT requirements) or LATE (a NAT stage fails the packet).
 * @param flowAccess    how the flow-filter reads flow information.
 * @param flowTable     the flow-table implementation.
 * @param lookup        the flow-filter lookup implementation.
 * @param flowCapacity  the flow table's capacity.
 * @param burstSize     packets per burst (the capacity of the per-burst arrays).
 */
public record PipelineOptions(
    NatValidation natValidation,
    FlowInfoAccess flowAccess,
    FlowTableKind flowTable,
    LookupKind lookup,
    int flowCapacity,
    int burstSize)
{
    /** The defaults: EARLY, SINGLE_LOCK, LOCK_FREE, COMPILED, 65536 flows, bursts of 64. */
    public static final PipelineOptions DEFAULTS = new PipelineOptions(NatValidation.EARLY,
        FlowInfoAccess.SINGLE_LOCK, FlowTableKind.LOCK_FREE, LookupKind.COMPILED, 1 << 16, 64);

    /**
     * Checks the values.
     */
    public PipelineOptions
    {
        if (natValidation == null || flowAccess == null || flowTable == null || lookup == null)
        {
            throw new IllegalArgumentException("every axis needs a value");
        }
        if (!flowAccess.supports(flowTable))
        {
            throw new IllegalArgumentException(flowAccess.refusal(flowTable));
        }
        if (flowCapacity < 1 || burstSize < 1)
        {
            throw new IllegalArgumentException("flowCapacity and burstSize must be positive");
        }
    }

    /**
     * @param value the NAT validation.
     * @return a copy with it.
     */
    public PipelineOptions withNatValidation(final NatValidation value)
    {
        return new PipelineOptions(value, flowAccess, flowTable, lookup, flowCapacity, burstSize);
    }

    /**
     * @param value the flow access mode.
     * @return a copy with it.
     */
    public PipelineOptions withFlowAccess(final FlowInfoAccess value)
    {
        return new PipelineOptions(natValidation, value, flowTable, lookup, flowCapacity, burstSize);
    }

    /**
     * @param value the flow-table kind.
     * @return a copy with it.
     */
    public PipelineOptions withFlowTable(final FlowTableKind value)
    {
        return new PipelineOptions(natValidation, flowAccess, value, lookup, flowCapacity, burstSize);
    }

    /**
     * @param value the lookup kind.
     * @return a copy with it.
     */
    public PipelineOptions withLookup(final LookupKind value)
    {
        return new PipelineOptions(natValidation, flowAccess, flowTable, value, flowCapacity, burstSize);
    }

    /**
     * @param value the flow capacity.
     * @return a copy with it.
     */
    public PipelineOptions withFlowCapacity(final int value)
    {
        return new PipelineOptions(natValidation, flowAccess, flowTable, lookup, value, burstSize);
    }

    /**
     * @param value the burst size.
     * @return a copy with it.
     */
    public PipelineOptions withBurstSize(final int value)
    {
        return new PipelineOptions(natValidation, flowAccess, flowTable, lookup, flowCapacity, value);
    }
}
