// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import java.util.List;

/**
 * The result of running a scenario.
 *
 * @param outcomes    one per packet, in file order.
 * @param mismatches  each failed expectation, one line each ({@code FILE: packet NAME: field: expected X, got Y}).
 * @param differences with {@code --nat-validation late}: each packet whose pipeline verdict differs from EARLY.
 */
public record ScenarioResult(List<PacketOutcome> outcomes, List<String> mismatches, List<String> differences)
{
    /**
     * Copies the lists.
     */
    public ScenarioResult
    {
        outcomes = List.copyOf(outcomes);
        mismatches = List.copyOf(mismatches);
        differences = List.copyOf(differences);
    }
}
