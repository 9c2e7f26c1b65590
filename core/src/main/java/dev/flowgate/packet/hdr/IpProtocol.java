// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.hdr;

/**
 * IANA protocol numbers: the one place the pipeline names them.
 */
public final class IpProtocol
{
    /** ICMP (IPv4). */
    public static final int ICMP = 1;
    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** ICMPv6. */
    public static final int ICMPV6 = 58;

    private IpProtocol()
    {
    }

    /**
     * Whether packets of a protocol carry ports (and so use the port tables and port-keyed flows).
     *
     * @param protocol the IP protocol number.
     * @return true for TCP and UDP.
     */
    public static boolean hasPorts(final int protocol)
    {
        return protocol == TCP || protocol == UDP;
    }
}
