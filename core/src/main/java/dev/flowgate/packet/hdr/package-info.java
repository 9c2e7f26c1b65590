// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Header layouts ({@code XxxDescriptor}: offsets and RFC bit diagrams), flyweights over them and Internet
 * checksums.
 *
 * <p>Invariants: flyweights are reused by {@code wrap}, never allocated per packet, and do no bounds checks of
 * their own beyond Agrona's: the caller (the parser, the builder) has checked that the header lies within the
 * packet. All multi-byte fields are big-endian; accessors return unsigned values in an {@code int} (a 32-bit
 * field as the raw int), IPv4 addresses as ints and IPv6 addresses as two longs. Setters change only their
 * field and never a checksum; {@link dev.flowgate.packet.PacketRewriter} combines writes with RFC 1624 updates.
 * Plain memory access only: a packet belongs to one thread at a time.
 */
package dev.flowgate.packet.hdr;
