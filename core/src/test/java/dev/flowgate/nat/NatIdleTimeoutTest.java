// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flowgate.flow.IdleTimeouts;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;
import dev.flowgate.packet.hdr.IpProtocol;

/**
 * docs/spec/nat.md sections 2.6 and 3.1: every session has a timeout. The objects that intern a timeout for the
 * INLINE slots (a masquerade pool, a port-forwarding rule) refuse one that is not positive, naming it, instead of
 * carrying index 0 (which the wheel once read as "expire at the last touch"), and each index they hold names their
 * own timeout.
 */
class NatIdleTimeoutTest
{
    private static final long SECOND = 1_000_000_000L;

    private static MasqueradePool pool(final long timeoutNanos)
    {
        return new MasqueradePool(MasqueradeAllocator.deterministic(),
            new MasqueradeAllocator.Scope(true, 1, 2, MasqueradeAllocator.PROTO_TCP),
            List.of(PrefixWithOptionalPorts.parse("1.1.1.1/32")), List.of(), timeoutNanos, "source pool 1.1.1.1/32");
    }

    private static PortForwardRule rule(final long establishedNanos)
    {
        return new PortForwardRule(PortForwardTables.EMPTY, PortForwardStageTest.C, PortForwardStageTest.P,
            IpProtocol.TCP, Prefix.parse("198.51.100.0/30"), 80, 89, Prefix.parse("10.50.0.0/30"), 8080,
            establishedNanos);
    }

    @Test
    void shouldRefuseAPoolWithoutATimeout()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool(0));
        assertEquals("source pool 1.1.1.1/32: the idle timeout must be positive: 0 ns", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool(-SECOND));
    }

    @Test
    void shouldRefuseARuleWithoutATimeout()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule(-1));
        assertEquals("port forwarding 198.51.100.0/30:80-89 of VNI 100: the idle timeout must be positive: -1 ns",
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rule(0));
    }

    @Test
    void shouldGiveEachPoolAndRuleTheIndexesOfItsOwnTimeouts()
    {
        final MasqueradePool p = pool(5 * SECOND);
        assertEquals(5 * SECOND, IdleTimeouts.nanos(p.idleTimeoutIndex));
        final PortForwardRule r = PortForwardStageTest.alone(PortForwardStageTest.overlay(
            PortForwardStageTest.forward(L4Protocol.UDP))).lookup4(PortForwardStageTest.C, IpProtocol.UDP,
            ip("198.51.100.2"), 83);
        assertEquals(PortForwardTables.INITIAL_TIMEOUT.toNanos(), IdleTimeouts.nanos(r.initialTimeoutIndex));
        assertEquals(PortForwardTables.UDP_ESTABLISHED_TIMEOUT.toNanos(),
            IdleTimeouts.nanos(r.establishedTimeoutIndex));
    }
}
