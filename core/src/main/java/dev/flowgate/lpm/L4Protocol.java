// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import java.util.Locale;
import java.util.Optional;

import dev.flowgate.packet.hdr.IpProtocol;

/**
 * The layer-4 protocol a port-forwarding rule applies to. {@link #ANY} is the default and stands for every
 * protocol; a packet whose IP protocol is neither TCP nor UDP (ICMP included) counts as {@link #ANY}.
 */
public enum L4Protocol
{
    /** TCP only. */
    TCP,
    /** UDP only. */
    UDP,
    /** Any protocol. */
    ANY;

    /**
     * Whether the intersection of the two is non-empty: ANY meets everything, X meets X, TCP misses UDP.
     * Allocation-free, usable per packet.
     *
     * @param other the other protocol.
     * @return true unless one is TCP and the other UDP.
     */
    public boolean intersects(final L4Protocol other)
    {
        return this == ANY || other == ANY || this == other;
    }

    /**
     * The intersection: ANY with X is X, X with X is X, TCP with UDP is empty.
     *
     * @param other the other protocol.
     * @return the intersection, or empty.
     */
    public Optional<L4Protocol> intersection(final L4Protocol other)
    {
        if (this == ANY)
        {
            return Optional.of(other);
        }
        if (other == ANY || other == this)
        {
            return Optional.of(this);
        }
        return Optional.empty();
    }

    /**
     * The protocol of a packet: TCP for 6, UDP for 17, ANY for everything else.
     *
     * @param ianaProtocol the IP protocol number of the packet.
     * @return the packet's L4 protocol.
     */
    public static L4Protocol ofPacket(final int ianaProtocol)
    {
        if (ianaProtocol == IpProtocol.TCP)
        {
            return TCP;
        }
        return ianaProtocol == IpProtocol.UDP ? UDP : ANY;
    }

    /**
     * Parses {@code tcp}, {@code udp} or {@code any}, case-insensitively.
     *
     * @param text the text.
     * @return the protocol.
     * @throws IllegalArgumentException with a message naming the accepted values.
     */
    public static L4Protocol parse(final String text)
    {
        switch (text.toLowerCase(Locale.ROOT))
        {
            case "tcp":
                return TCP;
            case "udp":
                return UDP;
            case "any":
                return ANY;
            default:
                throw new IllegalArgumentException("unknown protocol \"" + text + "\", expected tcp, udp or any");
        }
    }
}
