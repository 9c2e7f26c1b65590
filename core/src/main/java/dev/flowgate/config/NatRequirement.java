// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import dev.flowgate.lpm.L4Protocol;

/**
 * What an expose's NAT configuration requires of the NAT stages (docs/spec/flow-filter.md section 1.3): Stateless,
 * Stateful or PortForwarding(protocol). One constant per case so that the data path can compare by identity or ordinal.
 */
public enum NatRequirement
{
    /** Static NAT. */
    STATELESS(null),
    /** Masquerade. */
    STATEFUL(null),
    /** Port forwarding of TCP. */
    PORT_FORWARDING_TCP(L4Protocol.TCP),
    /** Port forwarding of UDP. */
    PORT_FORWARDING_UDP(L4Protocol.UDP),
    /** Port forwarding of any protocol. */
    PORT_FORWARDING_ANY(L4Protocol.ANY);

    private final L4Protocol protocol;

    NatRequirement(final L4Protocol protocol)
    {
        this.protocol = protocol;
    }

    /**
     * @param mode     the NAT mode.
     * @param protocol the expose's protocol (only used for port forwarding).
     * @return the requirement.
     */
    public static NatRequirement of(final NatMode mode, final L4Protocol protocol)
    {
        switch (mode)
        {
            case STATIC:
                return STATELESS;
            case MASQUERADE:
                return STATEFUL;
            default:
                return portForwarding(protocol);
        }
    }

    /**
     * @param protocol the protocol.
     * @return PortForwarding(protocol).
     */
    public static NatRequirement portForwarding(final L4Protocol protocol)
    {
        switch (protocol)
        {
            case TCP:
                return PORT_FORWARDING_TCP;
            case UDP:
                return PORT_FORWARDING_UDP;
            default:
                return PORT_FORWARDING_ANY;
        }
    }

    /**
     * @return true for the three port-forwarding constants.
     */
    public boolean isPortForwarding()
    {
        return protocol != null;
    }

    /**
     * @return the port-forwarding protocol, or null for STATELESS and STATEFUL.
     */
    public L4Protocol protocol()
    {
        return protocol;
    }

    /**
     * @return the reference's notation: {@code Stateless}, {@code Stateful}, {@code PortForwarding(Tcp)}.
     */
    @Override
    public String toString()
    {
        switch (this)
        {
            case STATELESS:
                return "Stateless";
            case STATEFUL:
                return "Stateful";
            case PORT_FORWARDING_TCP:
                return "PortForwarding(Tcp)";
            case PORT_FORWARDING_UDP:
                return "PortForwarding(Udp)";
            default:
                return "PortForwarding(Any)";
        }
    }
}
