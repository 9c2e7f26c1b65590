// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.lpm.Prefix;

import java.util.Map;

/**
 * The oracle: docs/spec/flow-filter.md section 3 over the build-time model, as plainly as possible. Allocates per
 * lookup.
 */
final class ReferenceLookup implements FlowFilterLookup
{
    private final FlowFilterTables tables;

    ReferenceLookup(final FlowFilterTables tables)
    {
        this.tables = tables;
    }

    @Override
    public LookupResult lookup4(
        final int srcVni, final int srcAddr, final int dstAddr, final boolean hasPorts, final int srcPort,
        final int dstPort)
    {
        return lookup(srcVni, false, aligned4(srcAddr), 0, aligned4(dstAddr), 0, hasPorts, srcPort, dstPort);
    }

    @Override
    public LookupResult lookup6(
        final int srcVni, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final boolean hasPorts, final int srcPort, final int dstPort)
    {
        return lookup(srcVni, true, srcHi, srcLo, dstHi, dstLo, hasPorts, srcPort, dstPort);
    }

    private static long aligned4(final int address)
    {
        return (address & 0xFFFF_FFFFL) << Prefix.IPV4_BITS;
    }

    private LookupResult lookup(
        final int srcVni, final boolean ipv6, final long srcHi, final long srcLo, final long dstHi, final long dstLo,
        final boolean hasPorts, final int srcPort, final int dstPort)
    {
        // 1. subtable by "has ports"; 2. hash lookup on the source VPC.
        final Map<Integer, VpcConnectionsTable> subtable = tables.subtable(hasPorts);
        final VpcConnectionsTable table = subtable.get(srcVni);
        if (table == null)
        {
            return null;
        }
        final int sp = hasPorts ? srcPort : PortRangeMap.NO_PORT;
        final int dp = hasPorts ? dstPort : PortRangeMap.NO_PORT;
        // 3-4. source trie (else default source), then the source-port get; a miss here is final.
        final DstConnectionData dst = table.lookupSource(ipv6, srcHi, srcLo, sp);
        if (dst == null)
        {
            return null;
        }
        // 5-6. destination trie (else default remote), then the destination-port get.
        return dst.lookup(ipv6, dstHi, dstLo, dp);
    }
}
