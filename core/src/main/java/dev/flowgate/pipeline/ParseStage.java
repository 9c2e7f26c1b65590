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

    /**
     * Processes a burst.
     *
     * @param batch the packets.
     */
    public void process(final PacketBatch batch)
    {
        final int count = batch.count();
        for (int i = 0; i < count; i++)
        {
            final Packet packet = batch.packet(i);
            final PacketMeta meta = packet.meta();
            if (meta.isDone())
            {
                continue;
            }
            if (parser.parse(packet) == 0 && meta.srcVni() != 0)
            {
                meta.setFlags(PacketMeta.IS_OVERLAY);
            }
        }
    }
}
