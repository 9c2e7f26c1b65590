// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.InlineFlowView;

/**
 * The port-forwarding state of one flow direction (the reference's {@code PortFwState}), stored in the flow's
 * {@code portFwState}. The forward flow (client to public address) is {@code dstNat}: its packets get their
 * destination rewritten to the private (address, port) in {@code use}; the reverse flow's packets get their source
 * rewritten to the public (address, port). {@code flowDstVni} repeats the flow's destination VNI (the forward flow's
 * is the rule's VPC, the reverse flow's the peer) so the stale-rule check needs no second locked read. Immutable
 * once published, except for the shared {@link PortForwardSession}; under INLINE a connection has none, and each
 * stage refills one scratch state per packet from the slots ({@link #fill}, docs/spec/nat.md section 3.8): the
 * direction's words, and the connection word (status and rule mapping) of the forward direction's slot
 * (docs/spec/flow-table.md section 11.13, P6).
 */
public final class PortForwardState
{
    /** Connection word: the status, bits 3..0. */
    static final int STATUS_BITS = 0xF;
    /** Connection word: the rule's mapping id ({@link PortForwardMappings}), bits 31..4. */
    static final int MAPPING_BITS = ~STATUS_BITS;
    private static final int MAPPING_SHIFT = 4;

    boolean dstNat;
    boolean ipv6;
    long useHi;
    long useLo;
    int usePort;
    int flowDstVni;
    PortForwardSession session;
    /** INLINE (no session): the flow whose slot holds the connection word. */
    FlowInfo owner;
    /** INLINE (no session): the connection word as read ({@link #word}), kept in step with this packet's writes. */
    int connection;

    /** A scratch state, filled from a slot by {@link #fill} (INLINE connections without state objects). */
    PortForwardState()
    {
    }

    /**
     * The connection word of a mapping and a status (never 0: ids start at 1).
     *
     * @param mappingId the rule's mapping id.
     * @param status    the status.
     * @return the word.
     */
    static int word(final int mappingId, final int status)
    {
        return (mappingId << MAPPING_SHIFT) | (status & STATUS_BITS);
    }

    /**
     * The rule's mapping id of an INLINE connection.
     *
     * @return the id.
     */
    int mappingId()
    {
        return connection >>> MAPPING_SHIFT;
    }

    /**
     * This state, from a direction's inline words and its connection word.
     *
     * @param view       a read of the direction's slot with the port-forwarding flag.
     * @param wordOwner  the flow whose slot holds the connection word (null when not needed: ICMP errors).
     * @param word       the connection word read there.
     * @return this state.
     */
    PortForwardState fill(final InlineFlowView view, final FlowInfo wordOwner, final int word)
    {
        final int flags = view.natFlags;
        dstNat = (flags & InlineFlowView.NAT_SRC) == 0;
        ipv6 = (flags & InlineFlowView.NAT_V6) != 0;
        useHi = NatInline.hi(view);
        useLo = NatInline.lo(view);
        usePort = view.natPort;
        flowDstVni = view.dstVni;
        session = null;
        owner = wordOwner;
        connection = word;
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
     * @return the connection status shared by both directions (0 one-way ... 9 closed, docs/spec/nat.md section 3.3).
     */
    public int status()
    {
        return session != null ? session.lvStatus() : connection & STATUS_BITS;
    }
}
