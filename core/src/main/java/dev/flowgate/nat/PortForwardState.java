// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.InlineFlowView;

/**
 * The port-forwarding state of one flow direction (the reference's {@code PortFwState}), stored in the flow's
 * {@code portFwState}. The forward flow (client to public address) is {@code dstNat}: its packets get their
 * destination rewritten to the private (address, port) in {@code use}; the reverse flow's packets get their source
 * rewritten to the public (address, port). {@code flowDstVni} repeats the flow's destination VNI (the forward flow's
 * is the rule's VPC, the reverse flow's the peer) so the stale-rule check needs no second locked read. Immutable
 * once published, except for the shared {@link PortForwardSession}; under INLINE a connection has none, and each
 * stage refills one scratch state per packet from the slot ({@link #fill}, docs/spec/nat.md section 3.8), without a
 * session: the stage reads the connection's status and rule from the forward slot's connection word
 * (docs/spec/flow-table.md section 11.13, P6).
 */
public final class PortForwardState
{
    boolean dstNat;
    boolean ipv6;
    long useHi;
    long useLo;
    int usePort;
    int flowDstVni;
    PortForwardSession session;

    /** A scratch state, filled from a slot by {@link #fill} (INLINE connections without state objects). */
    PortForwardState()
    {
    }

    /**
     * This state, from a direction's inline words (no session).
     *
     * @param view    a read of the direction's slot with the port-forwarding flag.
     * @return this state.
     */
    PortForwardState fill(final InlineFlowView view)
    {
        final int flags = view.natFlags;
        dstNat = (flags & InlineFlowView.NAT_SRC) == 0;
        ipv6 = (flags & InlineFlowView.NAT_V6) != 0;
        useHi = NatInline.hi(view);
        useLo = NatInline.lo(view);
        usePort = view.natPort;
        flowDstVni = view.dstVni;
        session = null;
        return this;
    }

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
     * @return the connection status shared by both directions (0 one-way ... 9 closed, docs/spec/nat.md section 3.3);
     *     a state with a session only.
     */
    public int status()
    {
        return session.lvStatus();
    }
}
