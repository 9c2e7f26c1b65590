// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.FlowInfo;

/**
 * The resources of one masquerade session (its two flows and the allocated (address, port) of each side), linked
 * into the allocator's ring until reclaimed. Guarded by the allocator's monitor.
 */
final class MasqueradeSession
{
    final FlowInfo forward;
    final MasqueradeIp srcIp;
    final int srcPort;
    final MasqueradeIp dstIp;
    final int dstPort;
    MasqueradeSession next;
    MasqueradeSession prev;

    MasqueradeSession(
        final FlowInfo forward, final MasqueradeIp srcIp, final int srcPort, final MasqueradeIp dstIp,
        final int dstPort)
    {
        this.forward = forward;
        this.srcIp = srcIp;
        this.srcPort = srcPort;
        this.dstIp = dstIp;
        this.dstPort = dstPort;
    }

    /** Dead when neither direction is active: no stage will translate with its state again. */
    boolean isDead()
    {
        return !forward.isActive() && !forward.related().isActive();
    }
}
