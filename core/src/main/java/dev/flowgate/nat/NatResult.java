// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

/**
 * A reusable translation result: a new address (IPv4 in {@code lo} as an int, or IPv6 hi/lo) and a new port or
 * -1 for "port unchanged". One per lookup site and stage instance; never shared between threads.
 */
final class NatResult
{
    boolean found;
    int ipv4;
    long hi;
    long lo;
    int port;

    void clear()
    {
        found = false;
        port = -1;
    }

    void set4(final int address, final int newPort)
    {
        found = true;
        ipv4 = address;
        port = newPort;
    }

    void set6(final long newHi, final long newLo)
    {
        found = true;
        hi = newHi;
        lo = newLo;
        port = -1;
    }
}
