// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import java.util.Locale;

/**
 * The stages of a {@link Pipeline}, in the order a burst runs through them (docs/spec/flows.md section 5.4). The
 * label is the name drop counters, scenario outcomes and reports print.
 */
public enum PipelineStage
{
    /** The parser, standing in for decapsulation. */
    PARSE,
    /** The flow lookup. */
    FLOW_LOOKUP,
    /** The flow-filter. */
    FLOW_FILTER,
    /** The ICMP-error handler. */
    ICMP_ERROR,
    /** Port forwarding. */
    PORT_FORWARD,
    /** Static NAT. */
    STATIC_NAT,
    /** Masquerade. */
    MASQUERADE,
    /** The expirations. */
    EXPIRATIONS;

    private static final PipelineStage[] STAGES = values();
    private static final String[] LABELS = new String[STAGES.length];

    static
    {
        for (final PipelineStage stage : STAGES)
        {
            LABELS[stage.ordinal()] = stage.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The printed name: the constant's name in lower case with dashes.
     *
     * @return the label, e.g. {@code flow-filter}.
     */
    public String label()
    {
        return LABELS[ordinal()];
    }

    /**
     * The stage of an ordinal, without the copy {@link #values()} makes.
     *
     * @param ordinal 0 to {@code count() - 1}.
     * @return the stage.
     */
    public static PipelineStage of(final int ordinal)
    {
        return STAGES[ordinal];
    }

    /**
     * The number of stages.
     *
     * @return the count.
     */
    public static int count()
    {
        return STAGES.length;
    }
}
