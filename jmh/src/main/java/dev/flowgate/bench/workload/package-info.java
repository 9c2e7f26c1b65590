// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Workloads of the filter and pipeline benchmarks: the default topology built in code and scaled
 * ({@link dev.flowgate.bench.workload.Topology}), seeded traffic of every mix of benchmarks.md
 * ({@link dev.flowgate.bench.workload.TrafficGenerator} into {@link dev.flowgate.bench.workload.PacketTemplates}),
 * the setup check of the verdict mix ({@link dev.flowgate.bench.workload.VerdictCheck}) and the per-iteration
 * verdict counters ({@link dev.flowgate.bench.workload.VerdictCounters}).
 *
 * <p>Invariants: the same topology, seed and arguments give the same packets byte for byte; every packet carries
 * its {@link dev.flowgate.bench.workload.PacketClass}, and the tests prove each class reaches the flow-filter
 * lookup result its name promises; restoring a burst allocates nothing. Generation runs in setup only.
 */
package dev.flowgate.bench.workload;
