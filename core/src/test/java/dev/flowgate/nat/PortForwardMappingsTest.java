// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static dev.flowgate.nat.NatTestSupport.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Overlay;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.pipeline.ConfigPublisher;

/**
 * docs/spec/flow-table.md section 11.13, P6: the port-forwarding mapping ids belong to the {@link ConfigPublisher}
 * that builds a flow table's configurations, not to the process and not to one configuration. An id is the same in
 * every configuration a publisher builds (a connection's word outlives its configuration), and gone mappings' ids
 * name nothing in later ones; another publisher numbers its own mappings.
 */
class PortForwardMappingsTest
{
    private static final int C = PortForwardStageTest.C;
    /** Public 198.51.100.0/30 ports 80-89 to 10.50.0.0/30 ports 8080-8089. */
    private static final Expose A = PortForwardStageTest.forward(L4Protocol.TCP);
    /** Public 198.51.100.8/30 ports 80-89 to 10.50.0.8/30 ports 9080-9089. */
    private static final Expose B = Expose.builder().ips("10.50.0.8/30:9080-9089")
        .portForward(L4Protocol.TCP, "198.51.100.8/30:80-89").build();

    private static Overlay overlay(final Expose... exposes)
    {
        return PortForwardStageTest.overlay(exposes);
    }

    private static PortForwardRule ruleA(final PortForwardTables tables)
    {
        return tables.lookup4(C, IpProtocol.TCP, ip("198.51.100.2"), 83);
    }

    private static PortForwardRule ruleB(final PortForwardTables tables)
    {
        return tables.lookup4(C, IpProtocol.TCP, ip("198.51.100.9"), 83);
    }

    @Test
    void shouldKeepEachMappingsIdAcrossThePublishersConfigurations()
    {
        final ConfigPublisher publisher = new ConfigPublisher(overlay(A), 0, LookupKind.COMPILED);
        final PortForwardTables v0 = publisher.laCurrent().portForward();
        final int a = ruleA(v0).mappingId;
        final PortForwardTables v1 = publisher.publish(overlay(B, A)).portForward();
        assertEquals(a, ruleA(v1).mappingId, "the same mapping in the next configuration");
        final int b = ruleB(v1).mappingId;
        assertNotEquals(a, b);
        final PortForwardTables v2 = publisher.publish(overlay(B)).portForward();
        assertEquals(b, ruleB(v2).mappingId);
        assertNull(v2.ruleOf(a), "a connection of the gone mapping finds no rule by its id, never B's");
        assertSame(ruleB(v2), v2.ruleOf(b));
        final PortForwardTables v3 = publisher.publish(overlay(A)).portForward();
        assertEquals(a, ruleA(v3).mappingId, "a mapping that comes back keeps its id");
    }

    @Test
    void shouldNumberEachPublishersMappingsOnItsOwn()
    {
        final ConfigPublisher first = new ConfigPublisher(overlay(A), 0, LookupKind.COMPILED);
        final int b = ruleB(first.publish(overlay(A, B)).portForward()).mappingId;
        final ConfigPublisher second = new ConfigPublisher(overlay(B), 0, LookupKind.COMPILED);
        assertEquals(2, b);
        assertEquals(1, ruleB(second.laCurrent().portForward()).mappingId,
            "not one process-wide numbering: the second publisher's first mapping");
    }
}
