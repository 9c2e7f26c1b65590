// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Scenario files (docs/spec/scenario-format.md): {@link dev.flowgate.scenario.ScenarioLoader} reads and checks a file
 * (every problem located, all at once), {@link dev.flowgate.scenario.ScenarioRunner} pushes its packets through the
 * pipeline or the flow-filter with a fake clock, {@link dev.flowgate.scenario.ScenarioOutput} prints the outcomes.
 *
 * <p>Invariants: a loaded {@link dev.flowgate.scenario.Scenario} is immutable and has passed every check (its
 * overlay validated unless {@code validate: false}, its tables buildable, every reference naming an earlier packet);
 * packets run in file order through one pipeline instance, one packet per burst, packet i at i milliseconds, so runs
 * are deterministic.
 */
package dev.flowgate.scenario;
