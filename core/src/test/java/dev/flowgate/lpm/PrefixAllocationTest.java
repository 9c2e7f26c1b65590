// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * The few lpm methods meant for the data path allocate nothing once warmed up.
 */
class PrefixAllocationTest
{
    private static final int ROUNDS = 20_000;

    @Test
    void shouldMatchAddressesAndProtocolsWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Prefix v4 = Prefix.parse("10.0.0.0/8");
        final Prefix v6 = Prefix.parse("2001:db8::/32");
        final PortRange range = PortRange.of(1000, 2000);
        long hits = 0;
        for (int warm = 0; warm < 20; warm++)
        {
            hits += burst(v4, v6, range);
        }
        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10; i++)
        {
            hits += burst(v4, v6, range);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(hits > 0);
        assertEquals(0, allocated, "bytes allocated by 10 warmed bursts");
    }

    private static long burst(final Prefix v4, final Prefix v6, final PortRange range)
    {
        long hits = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            final int address = 0x0A000000 + i * 977;
            hits += v4.contains4(address) ? 1 : 0;
            hits += v6.contains6(0x2001_0db8_0000_0000L + i, i) ? 1 : 0;
            hits += range.contains(i & 0xFFFF) ? 1 : 0;
            hits += L4Protocol.ofPacket(i & 0xFF).intersects(L4Protocol.TCP) ? 1 : 0;
        }
        return hits;
    }
}
