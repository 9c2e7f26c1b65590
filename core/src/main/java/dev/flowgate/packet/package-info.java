// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Packets and bursts: {@link dev.flowgate.packet.Packet} (a reusable view over a slot of direct memory, with its
 * metadata and parse result), {@link dev.flowgate.packet.PacketBatch} (the burst), the
 * {@link dev.flowgate.packet.PacketBuilder} that scenarios, generators and tests write packets with, and the
 * {@link dev.flowgate.packet.PacketRewriter} that NAT rewrites them with.
 *
 * <p>Invariants: a packet's frame starts at index 0 of its buffer and never extends past its slot; packets and
 * batches are allocated once and reused; the data-path classes ({@code Packet}, {@code PacketBatch},
 * {@code PacketRewriter}) never allocate after construction, the builder's {@code writeTo} neither. A packet and
 * its batch belong to one thread at a time (plain fields, no ordering). {@code packet} depends on no other
 * flowgate package.
 */
package dev.flowgate.packet;
