// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.PacketParser;

/**
 * Parses each packet that is not done (a failure records its one drop reason) and, standing in for VXLAN
 * decapsulation, marks packets with a source VNI as overlay ({@link PacketMeta#IS_OVERLAY}). Allocation-free.
 */
public final class ParseStage
{
    private final PacketParser parser = new PacketParser();
    private boolean icmpErrors;
    private boolean dropped;

    /**
     * Processes a burst.
     *
     * @param batch the packets.
     */
    public void process(final PacketBatch batch)
    {
        final int count = batch.count();
        boolean errors = false;
        boolean failed = false;
        for (int i = 0; i < count; i++)
        {
            final Packet packet = batch.packet(i);
            final PacketMeta meta = packet.meta();
            if (meta.isDone())
            {
                continue;
            }
            final int status = parser.parse(packet);
            if (status == 0 && meta.srcVni() != 0)
            {
                meta.setFlags(PacketMeta.IS_OVERLAY);
            }
            // A packet that did not parse is dropped here (an ICMP error cut short too): only whole errors count.
            errors |= status == 0 && packet.parsed().hasEmbeddedPacket();
            failed |= status != 0;
        }
        icmpErrors = errors;
        dropped = failed;
    }

    /**
     * Whether the last burst had a packet that did not parse (each such packet is dropped with its reason).
     *
     * @return false when every packet taken parsed.
     */
    public boolean droppedAny()
    {
        return dropped;
    }

    /**
     * Whether the last burst held an ICMP error that parsed whole (with its embedded packet): the only packets the
     * ICMP-error stage can take in a pipeline, as the parse drops every other error.
     *
     * @return false when no packet of the burst is one.
     */
    public boolean sawIcmpErrors()
    {
        return icmpErrors;
    }
}
