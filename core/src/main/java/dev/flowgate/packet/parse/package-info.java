// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The validating packet parser and its result.
 *
 * <p>Invariants: {@link dev.flowgate.packet.parse.PacketParser} never throws on packet content, never reads at or
 * beyond the frame length, never allocates, and returns one {@link dev.flowgate.packet.parse.ParseStatus} code;
 * every failure code maps to exactly one {@link dev.flowgate.packet.meta.DropReason}. A
 * {@link dev.flowgate.packet.parse.ParsedPacket} is meaningful only after an OK parse, and only until the packet
 * is modified in a way that moves headers. Parsers and results are per thread.
 */
package dev.flowgate.packet.parse;
