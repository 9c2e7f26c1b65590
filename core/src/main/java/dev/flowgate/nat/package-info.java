// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
/**
 * The NAT stages (docs/spec/nat.md): {@link dev.flowgate.nat.StaticNatStage} (static NAT, the flat-list bijection),
 * {@link dev.flowgate.nat.MasqueradeStage} (masquerade sessions and their allocator),
 * {@link dev.flowgate.nat.PortForwardStage} (port-forwarded connections) and {@link dev.flowgate.nat.IcmpErrorStage}
 * (ICMP errors about masqueraded or port-forwarded flows). Pipeline order: flow lookup, flow-filter, ICMP-error
 * handler, port forwarding, static NAT, masquerade.
 *
 * <p>Invariants: the tables ({@link dev.flowgate.nat.StaticNatTables}, {@link dev.flowgate.nat.MasqueradeTables},
 * {@link dev.flowgate.nat.PortForwardTables}) are immutable once built and are passed to {@code process} as the
 * burst's configuration; a stage never throws on packet content and ends every failure with exactly one
 * drop reason; every rewrite goes through {@link dev.flowgate.packet.PacketRewriter}, so packets leave with valid
 * checksums; static NAT, the established masquerade and port-forwarding paths, the ICMP-error handler and every drop
 * path allocate nothing per packet. The masquerade allocator is the only mutable shared structure of a configuration's
 * lifetime: it lives as long as the stage (not the configuration) and every operation holds its monitor (new-session
 * path only). Port-forwarded connections share one {@code PortForwardSession} per flow pair (status and rule,
 * VarHandle release stores, last writer wins as upstream); under INLINE the forward slot's connection word holds them
 * instead (docs/spec/flow-table.md section 11.13, P6: full slot writes, last writer wins per field).
 */
package dev.flowgate.nat;
