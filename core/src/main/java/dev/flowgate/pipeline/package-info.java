// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The pipeline: {@link dev.flowgate.pipeline.Pipeline} composes the stages (parse, flow lookup, flow-filter, the NAT
 * stages, expirations) over bursts; {@link dev.flowgate.pipeline.ConfigPublisher} publishes immutable
 * {@link dev.flowgate.pipeline.PipelineConfig}s with increasing generation ids; {@link
 * dev.flowgate.pipeline.PipelineOptions} carries the runtime axes.
 *
 * <p>Invariants: a burst reads one configuration (and its genid) once; a packet that is done is skipped by every
 * later stage and its first drop reason stands; each drop is counted once, against the stage that recorded it;
 * counters and per-burst arrays belong to one worker; the steady-state path allocates nothing per packet; the
 * workers sharing a publisher have distinct ids below {@link dev.flowgate.pipeline.ConfigPublisher#workers()}, each
 * allocating masquerade ports from its own current port blocks of the shared allocator (whose monitor makes every
 * allocation and release atomic), and each expiring the flows it created on its own wheel.
 *
 * <p>Memory order (docs/spec/architecture.md section 4, rule 6): the one ordered field is the publisher's current
 * configuration, stored with a release store ({@code soCurrent}) after the configuration is built and read with an
 * acquire load ({@link dev.flowgate.pipeline.ConfigPublisher#laCurrent()}) once per burst; everything else a worker
 * touches is its own or immutable.
 */
package dev.flowgate.pipeline;
