// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.TestStacks;

/**
 * One definition of "ICMP error": the parser embeds, and {@link ParsedPacket#isIcmpErrorMessage()} answers, for
 * exactly the reference's list (docs/spec/flow-filter.md section 4, step 6), checked over every type.
 */
class IcmpErrorDefinitionTest
{
    /** The reference's list, written out here rather than taken from the code under test. */
    private static final Set<Integer> V4_ERRORS = Set.of(3, 5, 11, 12);
    private static final Set<Integer> V6_ERRORS = Set.of(1, 2, 3, 4);

    private final PacketParser parser = new PacketParser();
    private final ParsedPacket parsed = new ParsedPacket();

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void shouldTreatExactlyTheReferenceTypesAsErrors(final int version)
    {
        final Set<Integer> errors = version == 4 ? V4_ERRORS : V6_ERRORS;
        for (int type = 0; type < 256; type++)
        {
            final PacketBuilder outer = version == 4 ? new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0") :
                new PacketBuilder().ipv6("2001:db8::1", TestStacks.SRC6);
            final PacketBuilder offending = version == 4 ? TestStacks.IPV4_UDP.builder() :
                TestStacks.IPV6_UDP.builder();
            final byte[] frame = outer.icmpError(type, 0, offending).build();
            assertEquals(ParseStatus.OK.code(), parser.parse(new UnsafeBuffer(frame), frame.length, parsed),
                "v" + version + " type " + type);
            final boolean error = errors.contains(type);
            assertEquals(error, parsed.isIcmpErrorMessage(), "v" + version + " type " + type);
            assertEquals(error, parsed.hasEmbeddedPacket(), "v" + version + " type " + type);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void shouldCallAnErrorWithACutEmbeddedPacketAnErrorWithoutEmbeddedPacket(final int version)
    {
        final PacketBuilder outer = version == 4 ? new PacketBuilder().ipv4("20.0.0.1", "1.1.1.0") :
            new PacketBuilder().ipv6("2001:db8::1", TestStacks.SRC6);
        final PacketBuilder offending = version == 4 ? TestStacks.IPV4_UDP.builder() : TestStacks.IPV6_UDP.builder();
        final byte[] frame = outer.icmpError(3, 0, offending).embeddedLength(12).build();
        assertEquals(ParseStatus.ICMP_ERROR_INCOMPLETE.code(),
            parser.parse(new UnsafeBuffer(frame), frame.length, parsed));
        assertTrue(parsed.isIcmpErrorMessage());
        assertFalse(parsed.hasEmbeddedPacket());
    }
}
