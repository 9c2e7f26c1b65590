// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IpAddressesTest
{
    @Test
    void shouldParseAndFormatIpv4()
    {
        assertEquals(0x0A000001, IpAddresses.ipv4("10.0.0.1"));
        assertEquals(-1, IpAddresses.ipv4("255.255.255.255"));
        assertEquals("192.168.1.254", IpAddresses.ipv4ToString(IpAddresses.ipv4("192.168.1.254")));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.ipv4("256.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.ipv4("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.ipv4("a.b.c.d"));
    }

    @Test
    void shouldParseAndFormatIpv6()
    {
        assertEquals(0x2001_0db8_0000_0000L, IpAddresses.ipv6Hi("2001:db8::1"));
        assertEquals(1L, IpAddresses.ipv6Lo("2001:db8::1"));
        assertEquals(0L, IpAddresses.ipv6Hi("::"));
        assertEquals(0x0000_ffff_c000_0201L, IpAddresses.ipv6Lo("::ffff:192.0.2.1"));
        assertEquals(0x0001_0002_0003_0004L, IpAddresses.ipv6Hi("1:2:3:4:5:6:7:8"));
        assertEquals("fe80:0:0:0:0:0:0:1", IpAddresses.ipv6ToString(
            IpAddresses.ipv6Hi("fe80::1"), IpAddresses.ipv6Lo("fe80::1")));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.ipv6Hi("1::2::3"));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.ipv6Hi("1:2:3"));
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.ipv6Hi("12345::"));
    }
}
