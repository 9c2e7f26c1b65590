// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DropReasonTest
{
    /** The published labels, in id order. Changing this list breaks reports and scenario files. */
    private static final String[] STABLE_LABELS = {
        "internal-failure", "not-ethernet", "not-ip", "unsupported-transport", "mac-not-for-us",
        "interface-detached", "interface-adm-down", "interface-oper-down", "interface-unknown",
        "interface-unsupported", "nat-out-of-resources", "route-failure", "route-drop", "hop-limit-exceeded",
        "filtered", "unhandled", "miss-l2-resolution", "invalid-dst-mac", "malformed", "missing-ether-type",
        "unroutable", "nat-failure", "local", "delivered", "internal-drop", "invalid-checksum",
        "icmp-error-incomplete", "vxlan-decap-failure", "vxlan-encap-failure", "acl-dropped",
        "flow-capacity-exceeded", "nat-unsupported-proto", "nat-not-port-forwarded", "deparse-error",
        "no-head-room",
    };

    @Test
    void shouldKeepIdsAndLabelsStable()
    {
        final DropReason[] values = DropReason.values();
        assertEquals(STABLE_LABELS.length, values.length);
        assertEquals(27 + 8, values.length);
        for (int i = 0; i < values.length; i++)
        {
            assertEquals(i, values[i].id());
            assertEquals(STABLE_LABELS[i], values[i].label());
        }
    }

    @Test
    void shouldHaveUniqueLowerKebabLabelsDerivedFromNames()
    {
        final Set<String> labels = new HashSet<>();
        for (final DropReason reason : DropReason.values())
        {
            assertTrue(labels.add(reason.label()), reason.label());
            assertTrue(reason.label().matches("[a-z0-9]+(-[a-z0-9]+)*"), reason.label());
            assertEquals(reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), reason.label());
        }
    }

    @Test
    void shouldLookUpByLabelAndId()
    {
        for (final DropReason reason : DropReason.values())
        {
            assertEquals(reason, DropReason.fromLabel(reason.label()));
            assertEquals(reason, DropReason.fromId(reason.id()));
        }
        assertNull(DropReason.fromLabel("no-such-reason"));
        assertNull(DropReason.fromId(-1));
        assertNull(DropReason.fromId(DropReason.values().length));
    }

    @Test
    void shouldTreatOnlyDeliveredAndLocalAsNonDrops()
    {
        for (final DropReason reason : DropReason.values())
        {
            assertEquals(reason != DropReason.DELIVERED && reason != DropReason.LOCAL, reason.isDrop());
        }
    }
}
