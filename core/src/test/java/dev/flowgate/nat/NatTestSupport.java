// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import dev.flowgate.packet.IpAddresses;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.packet.parse.ParseStatus;

/** Shared helpers of the NAT tests. */
final class NatTestSupport
{
    static final PacketParser PARSER = new PacketParser();

    private NatTestSupport()
    {
    }

    static int ip(final String text)
    {
        return IpAddresses.ipv4(text);
    }

    static String text(final int address)
    {
        return IpAddresses.ipv4ToString(address);
    }

    /** Writes a frame into a packet, parses it and sets the metadata. */
    static Packet load(
        final Packet packet, final PacketBuilder builder, final int srcVni, final int dstVni, final int flags)
    {
        packet.reset();
        builder.writeTo(packet);
        final int status = PARSER.parse(packet);
        if (status != ParseStatus.OK.code())
        {
            throw new IllegalStateException("test frame does not parse: " + status);
        }
        packet.meta().srcVni(srcVni).dstVni(dstVni).setFlags(flags);
        return packet;
    }

    /** A one-packet batch holding the frame. */
    static PacketBatch single(final PacketBuilder builder, final int srcVni, final int dstVni, final int flags)
    {
        final PacketBatch batch = new PacketBatch(1);
        load(batch.claim(), builder, srcVni, dstVni, flags);
        return batch;
    }

    /**
     * A random seed for {@code test}, printed with how to replay it ({@code -Dflowgate.seed}).
     *
     * @param test the test's name.
     * @return the seed.
     */
    static long seed(final String test)
    {
        final long seed = Long.getLong("flowgate.seed", System.nanoTime());
        System.out.println(test + " seed=" + seed + " (replay with -Dflowgate.seed=" + seed + ")");
        return seed;
    }
}
