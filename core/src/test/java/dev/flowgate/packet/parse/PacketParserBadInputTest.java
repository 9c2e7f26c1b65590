// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.TestStacks;
import dev.flowgate.packet.hdr.Checksum;
import dev.flowgate.packet.hdr.EthernetDescriptor;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.Ipv4Descriptor;
import dev.flowgate.packet.hdr.Ipv6Descriptor;
import dev.flowgate.packet.meta.DropReason;

/**
 * Table-driven bad input: every truncation length of every header of every stack, and each bad field. Frames are
 * parsed from buffers of exactly the frame's length with Agrona bounds checks on, so a read past the frame throws.
 */
class PacketParserBadInputTest
{
    private static final Set<ParseStatus> SEEN = EnumSet.noneOf(ParseStatus.class);
    private static final Set<String> TABLES_RUN = new java.util.HashSet<>();

    private final PacketParser parser = new PacketParser();
    private final ParsedPacket parsed = new ParsedPacket();

    private int parse(final byte[] frame, final int length)
    {
        final byte[] exact = new byte[length];
        System.arraycopy(frame, 0, exact, 0, length);
        final int status = parser.parse(new UnsafeBuffer(exact), length, parsed);
        SEEN.add(ParseStatus.of(status));
        return status;
    }

    private ParseStatus parse(final byte[] frame)
    {
        return ParseStatus.of(parse(frame, frame.length));
    }

    @ParameterizedTest
    @EnumSource(TestStacks.class)
    void shouldDropFrameCutAtEveryLength(final TestStacks stack)
    {
        TABLES_RUN.add("shouldDropFrameCutAtEveryLength");
        final byte[] frame = stack.builder().build();
        final int l3 = stack.l3Offset();
        assertEquals(ParseStatus.OK, parse(frame));
        for (int length = 0; length < frame.length; length++)
        {
            final ParseStatus expected;
            if (length < EthernetDescriptor.HEADER_LENGTH)
            {
                expected = ParseStatus.ETHERNET_TRUNCATED;
            }
            else if (length < l3)
            {
                expected = ParseStatus.VLAN_TRUNCATED;
            }
            else if (stack.ipv4())
            {
                final int ihl = (frame[l3] & 0x0F) * 4;
                expected = length < l3 + 20 ? ParseStatus.IPV4_TRUNCATED :
                    length < l3 + ihl ? ParseStatus.IPV4_IHL_BEYOND_FRAME : ParseStatus.IPV4_BAD_TOTAL_LENGTH;
            }
            else
            {
                expected = length < l3 + 40 ? ParseStatus.IPV6_TRUNCATED : ParseStatus.IPV6_BAD_PAYLOAD_LENGTH;
            }
            assertEquals(expected, ParseStatus.of(parse(frame, length)), "length " + length);
        }
    }

    /**
     * Cuts the IP packet at every length inside its extension and transport headers and fixes the IP length
     * fields (and the IPv4 header checksum) so only the inner header is short.
     */
    @ParameterizedTest
    @EnumSource(TestStacks.class)
    void shouldDropConsistentlyTruncatedInnerHeaders(final TestStacks stack)
    {
        TABLES_RUN.add("shouldDropConsistentlyTruncatedInnerHeaders");
        final byte[] frame = stack.builder().build();
        assertEquals(ParseStatus.OK, parse(frame));
        final int l3 = stack.l3Offset();
        final int ipHeader = stack.ipv4() ? (frame[l3] & 0x0F) * 4 : 40;
        final int l4 = parsed.l4Offset();
        final int protocol = parsed.protocol();
        final int minL4 = protocol == IpProtocol.TCP ? 20 : 8;
        int cuts = 0;
        for (int length = l3 + ipHeader; length < l4 + minL4; length++)
        {
            final byte[] cut = fixLengths(frame, length, l3, stack.ipv4());
            final ParseStatus expected;
            if (length < l4)
            {
                expected = ParseStatus.EXTENSION_TRUNCATED;
            }
            else if (protocol == IpProtocol.TCP)
            {
                expected = ParseStatus.TCP_TRUNCATED;
            }
            else if (protocol == IpProtocol.UDP)
            {
                expected = ParseStatus.UDP_TRUNCATED;
            }
            else
            {
                expected = ParseStatus.ICMP_TRUNCATED;
            }
            assertEquals(expected, parse(cut), "length " + length);
            cuts++;
        }
        assertTrue(cuts >= minL4);
    }

    static byte[] fixLengths(final byte[] frame, final int length, final int l3, final boolean ipv4)
    {
        final byte[] cut = new byte[length];
        System.arraycopy(frame, 0, cut, 0, length);
        final UnsafeBuffer buffer = new UnsafeBuffer(cut);
        if (ipv4)
        {
            buffer.putShort(l3 + Ipv4Descriptor.TOTAL_LENGTH_OFFSET, (short) (length - l3), ByteOrder.BIG_ENDIAN);
            final int ihl = (cut[l3] & 0x0F) * 4;
            buffer.putShort(l3 + Ipv4Descriptor.CHECKSUM_OFFSET,
                (short) Checksum.ipv4Header(buffer, l3, ihl), ByteOrder.BIG_ENDIAN);
        }
        else
        {
            buffer.putShort(l3 + Ipv6Descriptor.PAYLOAD_LENGTH_OFFSET, (short) (length - l3 - 40),
                ByteOrder.BIG_ENDIAN);
        }
        return cut;
    }

    @ParameterizedTest
    @EnumSource(value = TestStacks.class, names = {"IPV4_ICMP_ERROR_UDP", "IPV4_ICMP_ERROR_TCP", "IPV6_ICMP_ERROR_UDP"})
    void shouldDropIcmpErrorWithEmbeddedHeaderShorterThanHeaderPlusEight(final TestStacks stack)
    {
        TABLES_RUN.add("shouldDropIcmpErrorWithEmbeddedHeaderShorterThanHeaderPlusEight");
        final int innerHeader = stack.ipv4() ? 20 : 40;
        for (int embedded = 0; embedded <= innerHeader + 12; embedded++)
        {
            final byte[] frame = stack.builder().embeddedLength(embedded).build();
            final ParseStatus expected =
                embedded < innerHeader + 8 ? ParseStatus.ICMP_ERROR_INCOMPLETE : ParseStatus.OK;
            assertEquals(expected, parse(frame), "embedded " + embedded);
            assertEquals(expected.dropReason(), ParseStatus.dropReason(expected.code()));
        }
        assertEquals(DropReason.ICMP_ERROR_INCOMPLETE, ParseStatus.ICMP_ERROR_INCOMPLETE.dropReason());
    }

    @Test
    void shouldDropIcmpv6ErrorWhoseEmbeddedExtensionChainIsCut()
    {
        final PacketBuilder inner = TestStacks.IPV6_UDP.builder().extension(Ipv6Descriptor.EXT_DEST_OPTIONS, 16);
        for (int embedded = 40; embedded < 40 + 16 + 8; embedded++)
        {
            final byte[] frame = new PacketBuilder().ipv6("2001:db8::1", TestStacks.SRC6)
                .icmpError(Icmp6Descriptor.TYPE_TIME_EXCEEDED, 0, inner).embeddedLength(embedded).build();
            assertEquals(ParseStatus.ICMP_ERROR_INCOMPLETE, parse(frame), "embedded " + embedded);
        }
    }

    static Stream<Arguments> badFields()
    {
        final List<Arguments> cases = new ArrayList<>();
        final Supplier<PacketBuilder> tcp4 = TestStacks.IPV4_TCP::builder;
        final Supplier<PacketBuilder> udp4 = TestStacks.IPV4_UDP::builder;
        final Supplier<PacketBuilder> tcp6 = TestStacks.IPV6_TCP::builder;
        final Supplier<PacketBuilder> udp6 = TestStacks.IPV6_UDP::builder;
        cases.add(Arguments.of("ipv4 version 5", tcp4.get().versionField(5), ParseStatus.IPV4_BAD_VERSION));
        cases.add(Arguments.of("ipv4 version 6", tcp4.get().versionField(6), ParseStatus.IPV4_BAD_VERSION));
        for (int ihl = 0; ihl < 5; ihl++)
        {
            cases.add(Arguments.of("ihl " + ihl, tcp4.get().ihlField(ihl), ParseStatus.IPV4_BAD_IHL));
        }
        cases.add(Arguments.of("ihl 15 beyond frame", udp4.get().payloadLength(0).ihlField(15),
            ParseStatus.IPV4_IHL_BEYOND_FRAME));
        cases.add(Arguments.of("ihl 6 cuts tcp", tcp4.get().payloadLength(0).ihlField(6), ParseStatus.TCP_TRUNCATED));
        cases.add(Arguments.of("total length 19", tcp4.get().totalLengthField(19), ParseStatus.IPV4_BAD_TOTAL_LENGTH));
        cases.add(Arguments.of("total length 0", tcp4.get().totalLengthField(0), ParseStatus.IPV4_BAD_TOTAL_LENGTH));
        cases.add(Arguments.of("total length +1", tcp4.get().totalLengthField(20 + 20 + 13 + 1),
            ParseStatus.IPV4_BAD_TOTAL_LENGTH));
        cases.add(Arguments.of("ipv4 header checksum", tcp4.get().badIpChecksum(true), ParseStatus.IPV4_BAD_CHECKSUM));
        for (final String src : new String[] {"0.0.0.0", "127.0.0.1", "224.0.0.5", "239.255.255.255",
            "255.255.255.255"})
        {
            cases.add(Arguments.of("ipv4 source " + src, tcp4.get().ipv4(src, "10.0.0.1"),
                ParseStatus.IPV4_BAD_SOURCE));
        }
        cases.add(Arguments.of("ipv6 version 4", tcp6.get().versionField(4), ParseStatus.IPV6_BAD_VERSION));
        cases.add(Arguments.of("ipv6 payload +1", tcp6.get().payloadLengthField(20 + 9 + 1),
            ParseStatus.IPV6_BAD_PAYLOAD_LENGTH));
        for (final String src : new String[] {"::", "::1", "ff02::1"})
        {
            cases.add(Arguments.of("ipv6 source " + src, tcp6.get().ipv6(src, "2001:db8::1"),
                ParseStatus.IPV6_BAD_SOURCE));
        }
        cases.add(Arguments.of("ipv4 fragment offset 1", udp4.get().fragment(1, true),
            ParseStatus.FRAGMENT_OFFSET_ONE));
        cases.add(Arguments.of("ipv4 fragment offset 2", udp4.get().fragment(2, false),
            ParseStatus.FRAGMENT_NOT_FIRST));
        cases.add(Arguments.of("ipv4 last fragment", tcp4.get().fragment(185, false), ParseStatus.FRAGMENT_NOT_FIRST));
        cases.add(Arguments.of("ipv6 fragment offset 1", udp6.get().ipv6Fragment(1, true),
            ParseStatus.FRAGMENT_OFFSET_ONE));
        cases.add(Arguments.of("ipv6 fragment offset 3", udp6.get().ipv6Fragment(3, true),
            ParseStatus.FRAGMENT_NOT_FIRST));
        for (int offset = 0; offset < 5; offset++)
        {
            cases.add(Arguments.of("tcp data offset " + offset, tcp4.get().dataOffsetField(offset),
                ParseStatus.TCP_BAD_DATA_OFFSET));
        }
        cases.add(Arguments.of("tcp data offset beyond segment", tcp6.get().payloadLength(0).dataOffsetField(6),
            ParseStatus.TCP_BAD_DATA_OFFSET));
        cases.add(Arguments.of("tcp data offset 15", tcp4.get().payloadLength(39).dataOffsetField(15),
            ParseStatus.TCP_BAD_DATA_OFFSET));
        for (final int delta : new int[] {-1, 1, -8})
        {
            cases.add(Arguments.of("udp length " + delta, udp4.get().udpLengthField(8 + 31 + delta),
                ParseStatus.UDP_BAD_LENGTH));
            cases.add(Arguments.of("udp6 length " + delta, udp6.get().udpLengthField(8 + 21 + delta),
                ParseStatus.UDP_BAD_LENGTH));
        }
        cases.add(Arguments.of("udp length 0", udp4.get().udpLengthField(0), ParseStatus.UDP_BAD_LENGTH));
        cases.add(Arguments.of("tcp src port 0", tcp4.get().tcp(0, 80), ParseStatus.ZERO_PORT));
        cases.add(Arguments.of("tcp dst port 0", tcp6.get().tcp(80, 0), ParseStatus.ZERO_PORT));
        cases.add(Arguments.of("udp src port 0", udp6.get().udp(0, 53), ParseStatus.ZERO_PORT));
        cases.add(Arguments.of("udp dst port 0", udp4.get().udp(53, 0), ParseStatus.ZERO_PORT));
        cases.add(Arguments.of("gre", tcp4.get().protocol(47).payloadLength(8), ParseStatus.UNSUPPORTED_TRANSPORT));
        cases.add(Arguments.of("sctp over ipv6", tcp6.get().protocol(132), ParseStatus.UNSUPPORTED_TRANSPORT));
        cases.add(Arguments.of("ipv6 no next header", tcp6.get().protocol(Ipv6Descriptor.NO_NEXT_HEADER),
            ParseStatus.UNSUPPORTED_TRANSPORT));
        cases.add(Arguments.of("icmpv4 over ipv6", tcp6.get().protocol(IpProtocol.ICMP).payloadLength(8),
            ParseStatus.UNSUPPORTED_TRANSPORT));
        cases.add(Arguments.of("icmpv6 over ipv4", tcp4.get().protocol(IpProtocol.ICMPV6).payloadLength(8),
            ParseStatus.UNSUPPORTED_TRANSPORT));
        cases.add(Arguments.of("hop-by-hop over ipv4", tcp4.get().extension(Ipv6Descriptor.EXT_HOP_BY_HOP, 8),
            ParseStatus.UNSUPPORTED_TRANSPORT));
        cases.add(Arguments.of("icmp error with ipv6 inside ipv4", new PacketBuilder().ipv4("10.0.0.9", "10.0.0.1")
            .icmpError(Icmp4Descriptor.TYPE_DEST_UNREACHABLE, 1, TestStacks.IPV6_UDP.builder()),
            ParseStatus.ICMP_ERROR_BAD_EMBEDDED));
        cases.add(Arguments.of("icmp error with inner ihl 4", new PacketBuilder().ipv4("10.0.0.9", "10.0.0.1")
            .icmpError(Icmp4Descriptor.TYPE_DEST_UNREACHABLE, 1, udp4.get().ihlField(4)),
            ParseStatus.ICMP_ERROR_BAD_EMBEDDED));
        cases.add(Arguments.of("icmpv6 error with ipv4 inside", new PacketBuilder().ipv6("2001:db8::9", "2001:db8::1")
            .icmpError(Icmp6Descriptor.TYPE_PACKET_TOO_BIG, 0, udp4.get().payloadLength(40)),
            ParseStatus.ICMP_ERROR_BAD_EMBEDDED));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void shouldDropBadField(final String name, final PacketBuilder builder, final ParseStatus expected)
    {
        TABLES_RUN.add("shouldDropBadField");
        assertEquals(expected, parse(builder.build()));
        final Packet packet = new Packet(2048);
        builder.writeTo(packet);
        assertEquals(expected.code(), parser.parse(packet));
        assertEquals(expected.dropReason(), packet.meta().dropReason());
    }

    @Test
    void shouldDropNonIpEthertypesAndShortFrames()
    {
        TABLES_RUN.add("shouldDropNonIpEthertypesAndShortFrames");
        final byte[] frame = TestStacks.IPV4_TCP.builder().build();
        frame[12] = 0x08;
        frame[13] = 0x06;
        assertEquals(ParseStatus.NOT_IP, parse(frame));
        final byte[] qinq = TestStacks.IPV4_VLAN_TCP.builder().build();
        qinq[16] = (byte) 0x81;
        qinq[17] = 0x00;
        assertEquals(ParseStatus.NOT_IP, parse(qinq));
        assertEquals(DropReason.NOT_IP, ParseStatus.NOT_IP.dropReason());
    }

    @Test
    void shouldTrimTrailingPaddingInsteadOfDropping()
    {
        for (final TestStacks stack : TestStacks.values())
        {
            final byte[] frame = stack.builder().build();
            final byte[] padded = new byte[frame.length + 23];
            System.arraycopy(frame, 0, padded, 0, frame.length);
            final Packet packet = new Packet(2048);
            packet.buffer().putBytes(0, padded);
            packet.length(padded.length);
            assertEquals(0, parser.parse(packet), stack.name());
            assertEquals(frame.length, packet.length());
            assertEquals(frame.length, packet.parsed().frameLength());
        }
    }

    @Test
    void shouldAcceptFirstFragmentsAndMarkThem()
    {
        final byte[] v4 = TestStacks.IPV4_UDP.builder().fragment(0, true).udpLengthField(1480).build();
        assertEquals(ParseStatus.OK, parse(v4));
        assertEquals(ParsedPacket.FRAGMENT_FIRST, parsed.fragment());
        final byte[] v6 = TestStacks.IPV6_TCP.builder().ipv6Fragment(0, true).build();
        assertEquals(ParseStatus.OK, parse(v6));
        assertEquals(ParsedPacket.FRAGMENT_FIRST, parsed.fragment());
        assertEquals(IpProtocol.TCP, parsed.protocol());
        final byte[] shortUdp = TestStacks.IPV4_UDP.builder().fragment(0, true).udpLengthField(20).build();
        assertEquals(ParseStatus.UDP_BAD_LENGTH, parse(shortUdp));
    }

    @Test
    void shouldParseEveryIhlWithOptions()
    {
        for (int optionBytes = 0; optionBytes <= 40; optionBytes += 4)
        {
            final byte[] options = new byte[optionBytes];
            java.util.Arrays.fill(options, (byte) 1);
            final byte[] frame = TestStacks.IPV4_TCP.builder().ipv4Options(options).build();
            assertEquals(ParseStatus.OK, parse(frame));
            assertEquals(14 + 20 + optionBytes, parsed.l4Offset());
            assertEquals(IpProtocol.TCP, parsed.protocol());
        }
    }

    @Test
    void shouldMapEveryFailureToExactlyOneReason()
    {
        for (final ParseStatus status : ParseStatus.values())
        {
            if (status == ParseStatus.OK)
            {
                assertEquals(null, status.dropReason());
            }
            else
            {
                assertNotEquals(null, status.dropReason(), status.name());
                assertTrue(status.dropReason().isDrop());
            }
            assertEquals(status, ParseStatus.of(status.code()));
        }
        assertEquals(DropReason.INVALID_CHECKSUM, ParseStatus.IPV4_BAD_CHECKSUM.dropReason());
        assertEquals(DropReason.UNSUPPORTED_TRANSPORT, ParseStatus.FRAGMENT_NOT_FIRST.dropReason());
    }

    @AfterAll
    static void shouldHaveProducedEveryStatus()
    {
        // Coverage: the tables above reach every status the parser can return (checked when they all ran).
        if (TABLES_RUN.size() == 5)
        {
            assertEquals(EnumSet.allOf(ParseStatus.class), SEEN);
        }
    }
}
