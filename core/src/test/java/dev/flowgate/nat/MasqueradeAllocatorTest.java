// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flowgate.lpm.PrefixWithOptionalPorts;

class MasqueradeAllocatorTest
{
    private static MasqueradePool pool(final MasqueradeAllocator a, final int proto, final String... prefixes)
    {
        final List<PrefixWithOptionalPorts> list = new ArrayList<>();
        for (final String p : prefixes)
        {
            list.add(PrefixWithOptionalPorts.parse(p));
        }
        return new MasqueradePool(a, new MasqueradeAllocator.Scope(true, 1, 2, proto), list, List.of(), 1, "test");
    }

    @Test
    void shouldExhaustOneAddressAndReuseAReleasedPort()
    {
        final MasqueradeAllocator a = MasqueradeAllocator.deterministic();
        final MasqueradePool p = pool(a, MasqueradeAllocator.PROTO_TCP, "1.1.1.1/32");
        final MasqueradeIp[] out = new MasqueradeIp[1];
        final Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 65535; i++)
        {
            final int port = a.allocate(p, 0, out, 0);
            assertTrue(port > 0, "port 0 is never handed out for TCP: " + port);
            assertTrue(ports.add(port), "port handed out twice: " + port);
        }
        assertEquals(MasqueradeAllocator.NO_FREE_IP, a.allocate(p, 0, out, 0));
        a.release(out[0], 4242); // quirk 2 fixed: one port comes back on its own
        assertEquals(4242, a.allocate(p, 0, out, 0));
        assertEquals(MasqueradeAllocator.NO_FREE_IP, a.allocate(p, 0, out, 0));
    }

    @Test
    void shouldGiveIcmpIdentifierZeroAndTakeLowestAddressFirst()
    {
        final MasqueradeAllocator a = MasqueradeAllocator.deterministic();
        final MasqueradePool p = pool(a, MasqueradeAllocator.PROTO_ICMP, "1.1.1.4/30");
        final MasqueradeIp[] out = new MasqueradeIp[1];
        assertEquals(0, a.allocate(p, 0, out, 0));
        assertEquals(NatTestSupport.ip("1.1.1.4") & 0xFFFF_FFFFL, out[0].lo);
    }

    @Test
    void shouldGiveEachWorkerItsOwnBlockAndMoveToANewAddressWhenBlocksRunOut()
    {
        final MasqueradeAllocator a = new MasqueradeAllocator(2, false, 0);
        final MasqueradePool p = pool(a, MasqueradeAllocator.PROTO_UDP, "1.1.1.0/31");
        final MasqueradeIp[] out = new MasqueradeIp[1];
        assertEquals(1, a.allocate(p, 0, out, 0));
        assertEquals(256, a.allocate(p, 1, out, 0), "worker 1 claims the next block");
        assertEquals(2, a.allocate(p, 0, out, 0));
        assertEquals(257, a.allocate(p, 1, out, 0));
        // Random blocks: the first port of a fresh block is a multiple of 256 (or 1 in the block at 0).
        final MasqueradeAllocator r = new MasqueradeAllocator(1, true, 42);
        final int port = r.allocate(pool(r, MasqueradeAllocator.PROTO_TCP, "2.2.2.2/32"), 0, out, 0);
        assertTrue(port % 256 == 0 || port == 1, "first port " + port);
    }

    @Test
    void shouldNeverHandOutAPortInUseUnderRandomChurn()
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println("MasqueradeAllocatorTest seed " + seed);
        final Random random = new Random(seed);
        final MasqueradeAllocator a = new MasqueradeAllocator(3, true, seed);
        final MasqueradePool p = pool(a, MasqueradeAllocator.PROTO_TCP, "1.1.1.0/30");
        final MasqueradeIp[] out = new MasqueradeIp[1];
        final List<MasqueradeIp> ips = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        final Set<Long> inUse = new HashSet<>();
        for (int step = 0; step < 100_000; step++)
        {
            if (ports.isEmpty() || random.nextInt(10) < 6)
            {
                final int port = a.allocate(p, random.nextInt(3), out, 0);
                if (port < 0)
                {
                    assertEquals(4 * 65535, inUse.size(), "out of resources only when full (seed " + seed + ")");
                    continue;
                }
                assertNotEquals(0, port);
                assertTrue(inUse.add(out[0].lo << 16 | port), "handed out twice (seed " + seed + ")");
                ips.add(out[0]);
                ports.add(port);
            }
            else
            {
                final int i = random.nextInt(ports.size());
                final MasqueradeIp ip = ips.get(i);
                final int port = ports.get(i);
                a.release(ip, port);
                inUse.remove(ip.lo << 16 | port);
                ips.set(i, ips.get(ips.size() - 1));
                ports.set(i, ports.get(ports.size() - 1));
                ips.remove(ips.size() - 1);
                ports.remove(ports.size() - 1);
            }
        }
        for (int i = 0; i < ports.size(); i++)
        {
            a.release(ips.get(i), ports.get(i));
        }
        assertEquals(0, a.addressesInUse(), "every address back in the pool");
    }
}
