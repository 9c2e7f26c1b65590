// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Reading JMH JSON results and turning them into reports, headline tables, comparisons and charts.
 *
 * <p>Invariants: everything here works from JMH's JSON and, when the benchmark classes are on the class path,
 * their {@code @Question} and {@code @SteadyState} annotations; nothing depends on a benchmark class. Ratios are
 * always throughput ratios (higher means faster) unless a comparison says otherwise for its mode; confidence
 * intervals come from a seeded bootstrap over the per-iteration samples, so a report rendered twice from the same
 * file is identical.
 */
package dev.flowgate.report;
