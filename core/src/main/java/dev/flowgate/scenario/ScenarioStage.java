// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

/**
 * Which stages a scenario drives.
 */
public enum ScenarioStage
{
    /** The whole pipeline (parse, flow lookup, flow-filter, NAT stages, expirations). */
    PIPELINE("pipeline"),
    /** Parse and the flow-filter only; packets may carry {@code flow:} information. */
    FLOW_FILTER("flow-filter");

    private final String label;

    ScenarioStage(final String label)
    {
        this.label = label;
    }

    /**
     * The name used in files and on the command line.
     *
     * @return {@code pipeline} or {@code flow-filter}.
     */
    public String label()
    {
        return label;
    }

    /**
     * The stage of a label.
     *
     * @param text {@code pipeline} or {@code flow-filter}.
     * @return the stage, or null when unknown.
     */
    public static ScenarioStage fromLabel(final String text)
    {
        for (final ScenarioStage s : values())
        {
            if (s.label.equals(text))
            {
                return s;
            }
        }
        return null;
    }
}
