// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

/**
 * The port-forwarding state of one flow direction (the reference's {@code PortFwState}), stored in the flow's
 * {@code portFwState}. The forward flow (client to public address) is {@code dstNat}: its packets get their
 * destination rewritten to the private (address, port) in {@code use}; the reverse flow's packets get their source
 * rewritten to the public (address, port). {@code flowDstVni} repeats the flow's destination VNI (the forward flow's
 * is the rule's VPC, the reverse flow's the peer) so the stale-rule check needs no second locked read. Immutable
 * except for the shared {@link PortForwardSession}.
 */
public final class PortForwardState
{
    final boolean dstNat;
    final boolean ipv6;
    final long useHi;
    final long useLo;
    final int usePort;
    final int flowDstVni;
    final PortForwardSession session;

    PortForwardState(
        final boolean dstNat, final boolean ipv6, final long useHi, final long useLo, final int usePort,
        final int flowDstVni, final PortForwardSession session)
    {
        this.dstNat = dstNat;
        this.ipv6 = ipv6;
        this.useHi = useHi;
        this.useLo = useLo;
        this.usePort = usePort;
        this.flowDstVni = flowDstVni;
        this.session = session;
    }

    /**
     * @return the connection status shared by both directions (0 one-way ... 9 closed, docs/spec/nat.md section 3.3).
     */
    public int status()
    {
        return session.lvStatus();
    }
}
