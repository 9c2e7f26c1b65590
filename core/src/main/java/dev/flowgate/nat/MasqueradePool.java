// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import dev.flowgate.flow.IdleTimeouts;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * One masquerade pool of one configuration and protocol class (docs/spec/nat.md section 2.2): the collapsed addresses
 * it hands out laid out consecutively in an offset space (capped at {@link #MAX_ADDRESSES}), the offsets in use, and
 * the addresses in use in the order they were drawn. Its addresses live in the {@link MasqueradeAllocator} ledger under
 * the pool's scope, so a pool of a later configuration with the same scope adopts the addresses still in use and
 * never hands out an (address, port) twice (quirk 7 fixed). Guarded by the allocator's monitor.
 */
final class MasqueradePool
{
    /** Addresses per pool considered (a larger IPv6 pool uses its first 2^20). */
    static final int MAX_ADDRESSES = 1 << 20;

    final MasqueradeAllocator allocator;
    final MasqueradeAllocator.Scope scope;
    /** {@link MasqueradeAllocator.Scope#id()}: the ledger's key word. */
    final long scopeId;
    final boolean ipv6;
    final boolean icmp;
    final long idleTimeoutNanos;
    /**
     * {@link IdleTimeouts}' index of the timeout, interned here so that a new INLINE session only copies it; never 0
     * (docs/spec/nat.md section 2.6).
     */
    final int idleTimeoutIndex;
    final List<PrefixWithOptionalPorts> reserved;
    final String description;
    private final Prefix[] prefixes;
    private final long[] cumulative;
    private final int size;
    private final BitSet inUseOffsets = new BitSet();
    final List<MasqueradeIp> inUse = new ArrayList<>();

    MasqueradePool(
        final MasqueradeAllocator allocator, final MasqueradeAllocator.Scope scope,
        final List<PrefixWithOptionalPorts> addresses, final List<PrefixWithOptionalPorts> reserved,
        final long idleTimeoutNanos, final String description)
    {
        if (idleTimeoutNanos <= 0)
        {
            throw new IllegalArgumentException(description + ": the idle timeout must be positive: " +
                idleTimeoutNanos + " ns");
        }
        this.allocator = allocator;
        this.scope = scope;
        this.scopeId = scope.id();
        this.icmp = scope.protoClass() == MasqueradeAllocator.PROTO_ICMP;
        this.ipv6 = addresses.get(0).prefix().isIpv6();
        this.reserved = List.copyOf(reserved);
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.idleTimeoutIndex = IdleTimeouts.intern(idleTimeoutNanos);
        this.description = description;
        this.prefixes = new Prefix[addresses.size()];
        this.cumulative = new long[addresses.size() + 1];
        long total = 0;
        for (int i = 0; i < prefixes.length; i++)
        {
            prefixes[i] = addresses.get(i).prefix();
            cumulative[i] = total;
            total = Math.min(MAX_ADDRESSES, total + prefixes[i].addressCount().min(BigInteger.valueOf(MAX_ADDRESSES))
                .longValue());
        }
        cumulative[prefixes.length] = total;
        this.size = (int) total;
    }

    int size()
    {
        return size;
    }

    /** Address hi of an offset (0 for IPv4). */
    long hiOf(final int offset)
    {
        final int j = prefixOf(offset);
        if (!ipv6)
        {
            return 0;
        }
        final long delta = offset - cumulative[j];
        final long lo = prefixes[j].lo() + delta;
        return prefixes[j].hi() + (Long.compareUnsigned(lo, delta) < 0 ? 1 : 0);
    }

    /** Address lo of an offset (the IPv4 address as an unsigned int for IPv4). */
    long loOf(final int offset)
    {
        final int j = prefixOf(offset);
        final long delta = offset - cumulative[j];
        return ipv6 ? prefixes[j].lo() + delta : (prefixes[j].address4() + (int) delta) & 0xFFFF_FFFFL;
    }

    /** Offset of an address of this pool, or -1. */
    int offsetOf(final long hi, final long lo)
    {
        for (int j = 0; j < prefixes.length; j++)
        {
            final Prefix p = prefixes[j];
            if (ipv6 ? p.contains6(hi, lo) : p.contains4((int) lo))
            {
                final long delta = ipv6 ? lo - p.lo() : ((int) lo - p.address4()) & 0xFFFF_FFFFL;
                final long off = cumulative[j] + delta;
                return off < cumulative[j + 1] ? (int) off : -1;
            }
        }
        return -1;
    }

    private int prefixOf(final int offset)
    {
        int j = 0;
        while (j + 1 < prefixes.length && cumulative[j + 1] <= offset)
        {
            j++;
        }
        return j;
    }

    int lowestFreeOffset()
    {
        final int off = inUseOffsets.nextClearBit(0);
        return off < size ? off : -1;
    }

    void markInUse(final MasqueradeIp ip)
    {
        inUseOffsets.set(ip.offset);
        inUse.add(ip);
        ip.owner = this;
    }

    void markFree(final MasqueradeIp ip)
    {
        inUseOffsets.clear(ip.offset);
        inUse.remove(ip);
    }
}
