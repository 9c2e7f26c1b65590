// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Per-packet metadata and drop reasons.
 *
 * <p>Invariants: a {@link dev.flowgate.packet.meta.PacketMeta} is owned by one packet slot and one thread at a
 * time, is reset (not reallocated) between packets, and records at most one
 * {@link dev.flowgate.packet.meta.DropReason}: the first. Reason ids and labels are stable and unique. No
 * flow data lives here. Plain fields only; publication to other threads is the pipeline's business.
 */
package dev.flowgate.packet.meta;
