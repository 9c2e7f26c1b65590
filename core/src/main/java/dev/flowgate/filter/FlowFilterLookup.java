// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

/**
 * The flow-filter table lookup (docs/spec/flow-filter.md section 3): source VPC, then source prefix and port, then
 * destination prefix and port. Both implementations ({@link LookupKind}) give the same interned {@link LookupResult}
 * instance for every input.
 *
 * <p>Ports: a packet with ports (TCP, UDP) is looked up in the with-ports subtable with both ports; a packet
 * without (ICMP and the rest) in the no-ports subtable, and its port arguments are ignored. Addresses follow the
 * shared conventions: an IPv4 address is an {@code int} (network order read big-endian), an IPv6 address two
 * {@code long}s (first and last 8 bytes).
 */
public interface FlowFilterLookup
{
    /**
     * @param srcVni   the source VPC's VNI.
     * @param srcAddr  the IPv4 source address.
     * @param dstAddr  the IPv4 destination address.
     * @param hasPorts whether the packet is TCP or UDP.
     * @param srcPort  the source port (0..65535), ignored without ports.
     * @param dstPort  the destination port (0..65535), ignored without ports.
     * @return the interned result, or null when the lookup finds nothing.
     */
    LookupResult lookup4(int srcVni, int srcAddr, int dstAddr, boolean hasPorts, int srcPort, int dstPort);

    /**
     * @param srcVni   the source VPC's VNI.
     * @param srcHi    the first 8 bytes of the IPv6 source address.
     * @param srcLo    its last 8 bytes.
     * @param dstHi    the first 8 bytes of the IPv6 destination address.
     * @param dstLo    its last 8 bytes.
     * @param hasPorts whether the packet is TCP or UDP.
     * @param srcPort  the source port, ignored without ports.
     * @param dstPort  the destination port, ignored without ports.
     * @return the interned result, or null when the lookup finds nothing.
     */
    LookupResult lookup6(
        int srcVni, long srcHi, long srcLo, long dstHi, long dstLo, boolean hasPorts, int srcPort, int dstPort);
}
