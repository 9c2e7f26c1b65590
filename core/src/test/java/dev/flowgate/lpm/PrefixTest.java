// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddressString;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class PrefixTest
{
    private static PrefixWithOptionalPorts pwop(final String text)
    {
        return PrefixWithOptionalPorts.parse(text);
    }

    @Test
    void shouldZeroHostBitsWhenParsing()
    {
        assertEquals("10.0.2.0/23", Prefix.parse("10.0.3.0/23").toString());
        assertEquals(Prefix.of4(0x0A000200, 23), Prefix.parse("10.0.3.0/23"));
        assertEquals("2001:db8::/32", Prefix.parse("2001:db8:ffff::1/32").toString());
    }

    @Test
    void shouldRejectHostBitsInStrictConstructors()
    {
        assertThrows(IllegalArgumentException.class, () -> Prefix.of4(0x0A000300, 23));
        assertThrows(IllegalArgumentException.class, () -> Prefix.of6(0, 1, 127));
        assertThrows(IllegalArgumentException.class, () -> Prefix.of4(0, 33));
        assertEquals("0.0.0.0/0", Prefix.of4(0, 0).toString());
    }

    @Test
    void shouldReportPreciseParseErrors()
    {
        assertEquals("invalid prefix \"10.0.0.0\": expected ADDRESS/LENGTH",
            assertThrows(PrefixFormatException.class, () -> Prefix.parse("10.0.0.0")).getMessage());
        assertEquals("invalid prefix \"10.0.0.0/33\": length 33 exceeds 32",
            assertThrows(PrefixFormatException.class, () -> Prefix.parse("10.0.0.0/33")).getMessage());
        assertEquals("invalid prefix \"10.0.300.0/24\": IPv4 address \"10.0.300.0\" has octet 300 > 255",
            assertThrows(PrefixFormatException.class, () -> Prefix.parse("10.0.300.0/24")).getMessage());
        assertEquals("invalid prefix \"1:2:3::4::/64\": IPv6 address \"1:2:3::4::\" has more than one \"::\"",
            assertThrows(PrefixFormatException.class, () -> Prefix.parse("1:2:3::4::/64")).getMessage());
        assertEquals("invalid prefix \"10.0.0.0/x\": length \"x\" is not a number",
            assertThrows(PrefixFormatException.class, () -> Prefix.parse("10.0.0.0/x")).getMessage());
        assertEquals("invalid prefix with ports \"10.0.0.0/8:90-80\": invalid port range \"90-80\": first port 90"
            + " is greater than last port 80",
            assertThrows(PrefixFormatException.class, () -> pwop("10.0.0.0/8:90-80")).getMessage());
        assertEquals("invalid prefix with ports \"10.0.0.0/8:80\": invalid port range \"80\": expected FIRST-LAST",
            assertThrows(PrefixFormatException.class, () -> pwop("10.0.0.0/8:80")).getMessage());
        assertThrows(PrefixFormatException.class, () -> pwop("10.0.0.0/8:1-65536"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("1:2:3:4:5:6:7/64"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("1:2:3:4:5:6:7:8:9/64"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("1:2:3:4:5:6:7:8::/64"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("12345::/64"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("10.0.0/8"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("1.2.3.4::/64"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("fe80::1%eth0/64"));
        assertThrows(PrefixFormatException.class, () -> Prefix.parse("10.0.0.-1/8"));
    }

    @Test
    void shouldParsePrefixesWithPortsInBothFamilies()
    {
        final PrefixWithOptionalPorts v6 = pwop("2001:db8::/64:80-81");
        assertEquals(Prefix.parse("2001:db8::/64"), v6.prefix());
        assertEquals(PortRange.of(80, 81), v6.ports());
        final PrefixWithOptionalPorts v4 = pwop("10.1.0.10/32:8443-8443");
        assertEquals("10.1.0.10/32:8443-8443", v4.toString());
        assertFalse(pwop("10.1.0.0/16").hasPorts());
        assertEquals(PortRange.MAX, pwop("10.1.0.0/16").effectivePorts());
    }

    @Test
    void shouldFormatAndParseIpv6LikeTheIpaddressLibrary()
    {
        final long seed = Long.getLong("flowgate.test.seed", System.nanoTime());
        System.out.println("PrefixTest seed " + seed);
        final Random random = new Random(seed);
        for (int i = 0; i < 5000; i++)
        {
            long hi = random.nextLong();
            long lo = random.nextLong();
            // Zero runs exercise "::" compression.
            if (random.nextBoolean())
            {
                hi &= random.nextLong() & random.nextLong();
                lo &= random.nextLong() & random.nextLong() & random.nextLong();
            }
            final int len = random.nextInt(129);
            final Prefix p = Prefix.containing6(hi, lo, len);
            final String text = p.toString();
            final IPAddressString oracle = new IPAddressString(text);
            assertEquals(oracle.getAddress().toCanonicalString(), text, "seed " + seed);
            assertEquals(p, Prefix.parse(text), "seed " + seed);
            final Prefix host = Prefix.containing6(hi, lo, 128);
            assertEquals(new BigInteger(1, oracle.getAddress().getBytes()).shiftRight(128 - len),
                new BigInteger(1, new IPAddressString(host.toString()).getAddress().getBytes()).shiftRight(128 - len),
                "seed " + seed);
            assertTrue(p.contains6(hi, lo));
        }
        assertEquals(Prefix.parse("::ffff:10.1.2.3/128"), Prefix.parse("::ffff:a01:203/128"));
        assertEquals("::/0", Prefix.parse("::/0").toString());
        assertEquals("1::/16", Prefix.parse("1::/16").toString());
        assertEquals("1:0:0:1::/64", Prefix.parse("1:0:0:1:0:0:0:0/64").toString());
    }

    @Test
    void shouldMatchAddressesOfTheRightFamilyOnly()
    {
        final Prefix p = Prefix.parse("10.0.0.0/8");
        assertTrue(p.contains4(0x0AFFFFFF));
        assertFalse(p.contains4(0x0B000000));
        assertFalse(p.contains6(0x0A00_0000_0000_0000L, 0));
        final Prefix all = Prefix.parse("0.0.0.0/0");
        assertTrue(all.contains4(-1));
        final Prefix v6 = Prefix.parse("2001:db8::1/128");
        assertTrue(v6.contains6(0x2001_0db8_0000_0000L, 1));
        assertFalse(v6.contains6(0x2001_0db8_0000_0000L, 2));
        assertFalse(v6.contains4(0x20010db8));
    }

    @Test
    void shouldOrderIpv4BeforeIpv6ThenAddressThenLength()
    {
        final List<Prefix> sorted = new ArrayList<>(new TreeSet<>(List.of(
            Prefix.parse("::/0"), Prefix.parse("10.0.0.0/16"), Prefix.parse("10.0.0.0/8"),
            Prefix.parse("128.0.0.0/1"), Prefix.parse("9.0.0.0/8"), Prefix.parse("8000::/1"))));
        assertEquals("[9.0.0.0/8, 10.0.0.0/8, 10.0.0.0/16, 128.0.0.0/1, ::/0, 8000::/1]", sorted.toString());
        final List<PrefixWithOptionalPorts> values = new ArrayList<>(new TreeSet<>(List.of(
            pwop("10.0.0.0/8:1-2"), pwop("10.0.0.0/8:0-5"), pwop("11.0.0.0/8"), pwop("10.0.0.0/8"))));
        assertEquals("[10.0.0.0/8, 11.0.0.0/8, 10.0.0.0/8:0-5, 10.0.0.0/8:1-2]", values.toString());
    }

    @Test
    void shouldSplitLikeSetupRsByExclusionAndIntersection()
    {
        // setup.rs: split 10.0.0.0/16 by 10.0.1.0/24.
        final Prefix p = Prefix.parse("10.0.0.0/16");
        final Prefix q = Prefix.parse("10.0.1.0/24");
        final List<Prefix> diff = p.subtract(q);
        assertEquals(List.of("10.0.128.0/17", "10.0.64.0/18", "10.0.32.0/19", "10.0.16.0/20", "10.0.8.0/21",
            "10.0.4.0/22", "10.0.2.0/23", "10.0.0.0/24"), diff.stream().map(Prefix::toString).toList());
        assertEquals(q, p.intersection(q).orElseThrow());

        // setup.rs: split 192.168.0.0/16:80-443 by 192.168.1.0/24:100-200.
        final PrefixWithOptionalPorts a = pwop("192.168.0.0/16:80-443");
        final PrefixWithOptionalPorts b = pwop("192.168.1.0/24:100-200");
        final Set<String> pieces = new HashSet<>();
        a.subtract(b).forEach(x -> pieces.add(x.toString()));
        pieces.add(a.intersection(b).orElseThrow().toString());
        assertEquals(Set.of("192.168.0.0/16:80-99", "192.168.0.0/16:201-443", "192.168.128.0/17:100-200",
            "192.168.64.0/18:100-200", "192.168.32.0/19:100-200", "192.168.16.0/20:100-200",
            "192.168.8.0/21:100-200", "192.168.4.0/22:100-200", "192.168.2.0/23:100-200",
            "192.168.1.0/24:100-200", "192.168.0.0/24:100-200"), pieces);
    }

    @Test
    void shouldCollapseExclusionsLikeNatSetup()
    {
        // docs/spec/nat.md section 1.1: 1.0.0.0/16 minus 1.0.1.0/24.
        final Set<String> pieces = new HashSet<>();
        pwop("1.0.0.0/16").subtract(pwop("1.0.1.0/24")).forEach(x -> pieces.add(x.toString()));
        assertEquals(Set.of("1.0.0.0/24", "1.0.2.0/23", "1.0.4.0/22", "1.0.8.0/21", "1.0.16.0/20", "1.0.32.0/19",
            "1.0.64.0/18", "1.0.128.0/17"), pieces);
        // Plain minus ported: max-range pieces turn back into plain prefixes, the others keep their range.
        assertEquals(List.of(pwop("10.0.0.0/24:0-79"), pwop("10.0.0.0/24:81-65535"), pwop("10.0.0.128/25:80-80")),
            pwop("10.0.0.0/24").subtract(pwop("10.0.0.0/25:80-80")));
        assertEquals(List.of(pwop("10.0.0.128/25")), pwop("10.0.0.0/24").subtract(pwop("10.0.0.0/25:0-65535")));
        // Ported with the max range minus ported: pieces stay ported.
        assertEquals("[10.0.0.128/25:0-65535]", pwop("10.0.0.0/24:0-65535").subtract(pwop("10.0.0.0/25")).toString());
        assertEquals(List.of(), pwop("10.0.0.0/24").subtract(pwop("11.0.0.0/24")));
    }

    @Test
    void shouldMergeOnlyFromTheLowerHalf()
    {
        final Prefix lower = Prefix.parse("10.0.0.0/25");
        final Prefix upper = Prefix.parse("10.0.0.128/25");
        assertEquals(Prefix.parse("10.0.0.0/24"), lower.merge(upper).orElseThrow());
        assertTrue(upper.merge(lower).isEmpty());
        assertTrue(Prefix.parse("10.0.1.0/24").merge(Prefix.parse("10.0.2.0/24")).isEmpty());
        assertEquals(Prefix.parse("10.0.0.0/16"), lower.merge(Prefix.parse("10.0.0.0/16")).orElseThrow());
        // Mixed pair: same prefix gives the plain one; a max-range PP merges as a prefix.
        assertEquals(pwop("10.0.0.0/25"), pwop("10.0.0.0/25:5-6").merge(pwop("10.0.0.0/25")).orElseThrow());
        assertEquals(pwop("10.0.0.0/24"), pwop("10.0.0.0/25:0-65535").merge(pwop("10.0.0.128/25")).orElseThrow());
        assertTrue(pwop("10.0.0.128/25").merge(pwop("10.0.0.0/25:0-65535")).isEmpty());
        assertEquals(pwop("10.0.0.0/25:1-9"), pwop("10.0.0.0/25:1-4").merge(pwop("10.0.0.0/25:5-9")).orElseThrow());
        assertTrue(pwop("10.0.0.0/25:1-4").merge(pwop("10.0.0.0/25:6-9")).isEmpty());
        assertEquals(pwop("10.0.0.0/24:1-4"), pwop("10.0.0.0/25:1-4").merge(pwop("10.0.0.128/25:1-4")).orElseThrow());
    }

    @Test
    void shouldCountAddressesTimesPorts()
    {
        assertEquals(BigInteger.valueOf(256L * 65536), pwop("10.0.0.0/24").size());
        assertEquals(BigInteger.valueOf(2L * 11), pwop("10.0.0.0/31:80-90").size());
        assertEquals(BigInteger.ONE.shiftLeft(128 + 16), pwop("::/0").size());
    }

    @Test
    void shouldComputePortRangeAlgebra()
    {
        final PortRange r = PortRange.of(10, 20);
        assertEquals(List.of(PortRange.of(10, 11), PortRange.of(16, 20)), r.subtract(PortRange.of(12, 15)));
        assertEquals(List.of(), r.subtract(PortRange.of(0, 65535)));
        assertEquals(List.of(r), r.subtract(PortRange.of(21, 30)));
        assertEquals(PortRange.of(10, 30), r.merge(PortRange.of(21, 30)).orElseThrow());
        assertTrue(r.merge(PortRange.of(22, 30)).isEmpty());
        assertEquals(PortRange.of(15, 20), r.intersection(PortRange.of(15, 99)).orElseThrow());
        assertTrue(PortRange.of(0, 65535).isMax());
        assertEquals(65536, PortRange.MAX.size());
        assertThrows(IllegalArgumentException.class, () -> PortRange.of(5, 4));
        assertThrows(IllegalArgumentException.class, () -> PortRange.of(0, 65536));
    }

    @Test
    void shouldIntersectProtocolsAndMapPacketProtocols()
    {
        assertEquals(L4Protocol.TCP, L4Protocol.ANY.intersection(L4Protocol.TCP).orElseThrow());
        assertEquals(L4Protocol.UDP, L4Protocol.UDP.intersection(L4Protocol.ANY).orElseThrow());
        assertEquals(L4Protocol.ANY, L4Protocol.ANY.intersection(L4Protocol.ANY).orElseThrow());
        assertTrue(L4Protocol.TCP.intersection(L4Protocol.UDP).isEmpty());
        assertFalse(L4Protocol.UDP.intersects(L4Protocol.TCP));
        assertTrue(L4Protocol.TCP.intersects(L4Protocol.TCP));
        assertEquals(L4Protocol.TCP, L4Protocol.ofPacket(6));
        assertEquals(L4Protocol.UDP, L4Protocol.ofPacket(17));
        assertEquals(L4Protocol.ANY, L4Protocol.ofPacket(1));
        assertEquals(L4Protocol.ANY, L4Protocol.ofPacket(58));
        assertEquals(L4Protocol.TCP, L4Protocol.parse("TCP"));
        assertThrows(IllegalArgumentException.class, () -> L4Protocol.parse("icmp"));
    }
}
