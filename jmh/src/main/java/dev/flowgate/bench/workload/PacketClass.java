// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

/**
 * What one generated packet is meant to exercise in the flow-filter; the verdict checks and tests are per class.
 */
public enum PacketClass
{
    /** A packet of an active, current-generation flow with one NAT state: the bypass. */
    ESTABLISHED,
    /** A first packet of a valid connection, no flow: a Single lookup result that passes R1 and R2. */
    NEW_VALID,
    /** No flow, towards a masquerade public address: a Single result whose destination is stateful (R1). */
    INVALID_R1,
    /** No flow, from a port-forwarded private endpoint: a Single result whose source is port forwarding (R2). */
    INVALID_R2,
    /** No flow, a MultipleMatches result of two candidates that the precedence rules resolve (rule A or B). */
    MULTI_MATCH,
    /** A packet of an active flow whose genid is one behind: lookup, NAT check passed by the flow, genid refresh. */
    STALE;

    /**
     * Whether packets of this class come with a flow.
     *
     * @return true for established and stale.
     */
    public boolean hasFlow()
    {
        return this == ESTABLISHED || this == STALE;
    }
}
