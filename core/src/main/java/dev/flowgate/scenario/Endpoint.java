// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import dev.flowgate.lpm.AddressText;

/**
 * An address with an optional port, as written in scenario files: {@code 10.1.0.7:40000}, {@code 10.1.0.7},
 * {@code [2001:db8::7]:40000}, {@code 2001:db8::7}.
 *
 * @param ipv6 the address family.
 * @param hi   IPv6: the first 8 bytes; IPv4: 0.
 * @param lo   IPv6: the last 8 bytes; IPv4: the address as an unsigned 32-bit value.
 * @param port the port, or -1 for none.
 */
record Endpoint(boolean ipv6, long hi, long lo, int port)
{
    static Endpoint v4(final int address, final int port)
    {
        return new Endpoint(false, 0L, address & 0xFFFF_FFFFL, port);
    }

    /**
     * @throws IllegalArgumentException (a PrefixFormatException for the address) saying what is wrong.
     */
    static Endpoint parse(final String text)
    {
        final String t = text.trim();
        String address = t;
        String port = null;
        if (t.startsWith("["))
        {
            final int close = t.indexOf(']');
            if (close < 0)
            {
                throw new IllegalArgumentException("missing ] in \"" + t + "\"");
            }
            address = t.substring(1, close);
            final String rest = t.substring(close + 1);
            if (!rest.isEmpty())
            {
                if (!rest.startsWith(":"))
                {
                    throw new IllegalArgumentException("expected :PORT after ] in \"" + t + "\"");
                }
                port = rest.substring(1);
            }
        }
        else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') >= 0)
        {
            address = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        final int p = port == null ? -1 : parsePort(port);
        if (address.indexOf(':') >= 0)
        {
            final long[] v6 = AddressText.parse6(address);
            return new Endpoint(true, v6[0], v6[1], p);
        }
        return v4(AddressText.parse4(address), p);
    }

    private static int parsePort(final String text)
    {
        final int value;
        try
        {
            value = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad port \"" + text + "\"", ex);
        }
        if (value < 1 || value > 65535)
        {
            throw new IllegalArgumentException("port " + value + " outside 1..65535");
        }
        return value;
    }

    Endpoint withPort(final int newPort)
    {
        return new Endpoint(ipv6, hi, lo, newPort);
    }

    String address()
    {
        return ipv6 ? AddressText.format6(hi, lo) : AddressText.format4((int) lo);
    }

    /** {@code ADDRESS}, {@code ADDRESS:PORT} or {@code [ADDRESS]:PORT}. */
    @Override
    public String toString()
    {
        if (port < 0)
        {
            return address();
        }
        return ipv6 ? "[" + address() + "]:" + port : address() + ":" + port;
    }
}
