// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Workloads of the filter and pipeline benchmarks: the default topology built in code and scaled
 * ({@link dev.flowgate.bench.workload.Topology}), seeded traffic of every mix of docs/spec/benchmarks.md section 2.2
 * ({@link dev.flowgate.bench.workload.TrafficGenerator} into {@link dev.flowgate.bench.workload.PacketTemplates}),
 * the setup check of the verdict mix ({@link dev.flowgate.bench.workload.VerdictCheck}) and the per-iteration
 * verdict counters ({@link dev.flowgate.bench.workload.VerdictCounters}).
 *
 * <p>Invariants: the same topology, seed and arguments give the same packets byte for byte
 * ({@link dev.flowgate.bench.workload.PacketTemplates#fingerprint()}); every packet carries its
 * {@link dev.flowgate.bench.workload.PacketClass}, and the tests prove each class reaches the flow-filter lookup
 * result its name promises; restoring a burst allocates nothing. Generation runs in setup only.
 *
 * <p>Protocols: TCP everywhere (SYN for first packets, ACK for established and stale ones), UDP for a quarter of the
 * first packets where the peer's expose is not TCP-only, and, in the {@code realistic} mix, ICMP echo requests for
 * {@link dev.flowgate.bench.workload.TrafficGenerator#ICMP_ECHO_SHARE} of the valid packets (new-valid, towards the
 * plain and static peers, which keep no state for them; ICMP through masquerade sessions is not generated yet).
 * No IPv6: the default topology ({@code default-topology.yaml}, which {@link dev.flowgate.bench.workload.Topology}
 * reproduces) exposes IPv4 prefixes only, so an IPv6 packet would have no peering to match; IPv6 traffic needs an
 * IPv6 expose in that file first (the parse benchmark covers the IPv6 header stack).
 */
package dev.flowgate.bench.workload;
