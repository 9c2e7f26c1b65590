// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * Header layouts and Internet checksums: one {@code XxxDescriptor} per header (field offsets, lengths, flag masks
 * and the RFC bit diagram), {@link dev.flowgate.packet.hdr.IpProtocol} and
 * {@link dev.flowgate.packet.hdr.Checksum}.
 *
 * <p>There is one way to read or write a header field: the buffer's big-endian accessor at the header's offset
 * plus the descriptor's field offset. {@link dev.flowgate.packet.parse.PacketParser} does it after checking the
 * header against the frame length, {@link dev.flowgate.packet.Packet} and {@link dev.flowgate.packet.PacketRewriter}
 * do it at offsets the parser validated, the builder and the tests do it likewise. There are no per-header
 * flyweight objects: the parser's reads are interleaved with its bounds checks, and a second access layer would
 * be one more thing to keep in step. Checksum updates follow RFC 1624 and are combined with the writes by the
 * rewriter. All multi-byte fields are big-endian.
 */
package dev.flowgate.packet.hdr;
