// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class FlowKeyTest
{
    private static MutableFlowKey base()
    {
        return new MutableFlowKey().ipv4Ports(100, 0x0a000001, 0x0a000002, 6, 1234, 80);
    }

    private static MutableFlowKey icmpError()
    {
        return new MutableFlowKey().icmpError(100, false, 0, 0x0a000001, 0, 0x0a000002)
            .embedded(FlowKey.KIND_PORTS, false, 0, 0x0a000002, 0, 0x0a000001, 17, 53, 4000);
    }

    @Test
    void shouldEqualAcrossMutableAndImmutable()
    {
        final MutableFlowKey m = base();
        final FlowKey k = m.toImmutable();
        assertEquals(k, m);
        assertEquals(m, k);
        assertEquals(k.hashCode(), m.hashCode());
        assertEquals(k.hash64(), m.hash64());
        m.srcVni(101);
        assertNotEquals(k, m);
    }

    @Test
    void shouldCompareSwappedPortsStrictly()
    {
        final FlowKey a = base().toImmutable();
        final FlowKey b = new MutableFlowKey().ipv4Ports(100, 0x0a000001, 0x0a000002, 6, 80, 1234).toImmutable();
        assertNotEquals(a, b);
        assertNotEquals(a.hash64(), b.hash64());
    }

    @Test
    void shouldDistinguishEveryFieldInEqualityAndHash()
    {
        final FlowKey reference = icmpError().toImmutable();
        final Set<Long> hashes = new HashSet<>();
        hashes.add(reference.hash64());
        final List<Consumer<MutableFlowKey>> changes = changes();
        for (final Consumer<MutableFlowKey> change : changes)
        {
            final MutableFlowKey k = icmpError();
            change.accept(k);
            assertNotEquals(reference, k);
            assertTrue(hashes.add(k.hash64()), "hash collision for " + k);
        }
    }

    @Test
    void shouldDistinguishEveryFieldOfAnIpv4KeyInItsHash()
    {
        // An IPv4 key without an embedded packet hashes word 0, both addresses and its kind only: each of them moves
        // the hash; and such a key never hashes like the IPv6 key with the same low address words.
        final Set<Long> hashes = new HashSet<>();
        final List<MutableFlowKey> keys = List.of(base(),
            new MutableFlowKey().ipv4Ports(101, 0x0a000001, 0x0a000002, 6, 1234, 80),
            new MutableFlowKey().ipv4Ports(100, 0x0a000003, 0x0a000002, 6, 1234, 80),
            new MutableFlowKey().ipv4Ports(100, 0x0a000001, 0x0a000003, 6, 1234, 80),
            new MutableFlowKey().ipv4Ports(100, 0x0a000001, 0x0a000002, 17, 1234, 80),
            new MutableFlowKey().ipv4Ports(100, 0x0a000001, 0x0a000002, 6, 1235, 80),
            new MutableFlowKey().ipv4Ports(100, 0x0a000001, 0x0a000002, 6, 1234, 81),
            new MutableFlowKey().icmpQuery(100, false, 0, 0x0a000001, 0, 0x0a000002, 0),
            new MutableFlowKey().icmpUnsupported(100, false, 0, 0x0a000001, 0, 0x0a000002),
            new MutableFlowKey().ipv6Ports(100, 0, 0x0a000001, 0, 0x0a000002, 6, 1234, 80));
        for (final MutableFlowKey k : keys)
        {
            assertEquals(k.hash64(), k.toImmutable().hash64(), "mutable and immutable: " + k);
            assertTrue(hashes.add(k.hash64()), "hash collision for " + k);
        }
    }

    private static List<Consumer<MutableFlowKey>> changes()
    {
        return List.of(
            (Consumer<MutableFlowKey>) k -> k.srcVni(7),
            (Consumer<MutableFlowKey>) k -> k.srcLo = 0x0a000009,
            (Consumer<MutableFlowKey>) k -> k.srcHi = 1,
            (Consumer<MutableFlowKey>) k -> k.dstLo = 0x0a000009,
            (Consumer<MutableFlowKey>) k -> k.dstHi = 1,
            (Consumer<MutableFlowKey>) k -> k.proto = 58,
            (Consumer<MutableFlowKey>) k -> k.kind = FlowKey.KIND_ICMP_UNSUPPORTED,
            (Consumer<MutableFlowKey>) k -> k.ipv6 = true,
            (Consumer<MutableFlowKey>) k -> k.srcPort = 9,
            (Consumer<MutableFlowKey>) k -> k.dstPort = 9,
            (Consumer<MutableFlowKey>) k -> k.innerKind = FlowKey.KIND_ICMP_QUERY,
            (Consumer<MutableFlowKey>) k -> k.innerProto = 6,
            (Consumer<MutableFlowKey>) k -> k.innerIpv6 = true,
            (Consumer<MutableFlowKey>) k -> k.innerSrcHi = 5,
            (Consumer<MutableFlowKey>) k -> k.innerSrcLo = 5,
            (Consumer<MutableFlowKey>) k -> k.innerDstHi = 5,
            (Consumer<MutableFlowKey>) k -> k.innerDstLo = 5,
            (Consumer<MutableFlowKey>) k -> k.innerSrcPort = 5,
            (Consumer<MutableFlowKey>) k -> k.innerDstPort = 5);
    }

    @Test
    void shouldReverseAddressesPortsAndInnerData()
    {
        final FlowKey fwd = icmpError().toImmutable();
        final FlowKey rev = fwd.reverse(200);
        assertEquals(200, rev.srcVni());
        assertEquals(fwd.dstLo(), rev.srcLo());
        assertEquals(fwd.srcLo(), rev.dstLo());
        assertEquals(fwd.innerDstLo, rev.innerSrcLo);
        assertEquals(fwd.innerDstPort, rev.innerSrcPort);
        assertEquals(fwd, rev.reverse(100));

        final FlowKey tcp = base().toImmutable();
        final FlowKey tcpRev = tcp.reverse(300);
        assertEquals(80, tcpRev.srcPort());
        assertEquals(1234, tcpRev.dstPort());
        assertEquals(tcp, tcpRev.reverse(100));

        final FlowKey echo = new MutableFlowKey().icmpQuery(0, true, 1, 2, 3, 4, 77).toImmutable();
        final FlowKey echoRev = echo.reverse(0);
        assertEquals(77, echoRev.srcPort());
        assertEquals(3, echoRev.srcHi());
        assertEquals(2, echoRev.dstLo());
        final MutableFlowKey inPlace = new MutableFlowKey().set(echo);
        assertEquals(echoRev, inPlace.reverseInto(inPlace, 0));
    }

    @Test
    void shouldSpreadSequentialKeysOverBucketsAndTags()
    {
        final int n = 1 << 16;
        final int buckets = 1 << 17;
        final boolean[] used = new boolean[buckets];
        final Set<Integer> tags = new HashSet<>();
        final MutableFlowKey k = new MutableFlowKey();
        int occupied = 0;
        for (int i = 0; i < n; i++)
        {
            k.ipv4Ports(100, 0x0a000000 + (i >>> 8), 0x0b000001, 6, 1024 + (i & 0xFF), 443);
            final long h = k.hash64();
            final int b = (int) h & (buckets - 1);
            if (!used[b])
            {
                used[b] = true;
                occupied++;
            }
            tags.add((int) (h >>> 32));
        }
        // n keys into 2n buckets: a uniform hash occupies 2n * (1 - e^-0.5) = 0.3935 * 2n buckets.
        final double expected = buckets * (1 - Math.exp(-0.5));
        assertTrue(Math.abs(occupied - expected) < expected * 0.02, "occupied " + occupied + " vs " + expected);
        assertTrue(tags.size() > n - 5, "tag collisions: " + (n - tags.size()));
    }
}
