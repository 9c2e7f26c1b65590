// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import java.util.List;

/**
 * What happened to one scenario packet: one output line.
 *
 * @param packet   the packet's name.
 * @param verdict  {@code accept} or {@code drop}.
 * @param reason   the drop reason's label, or null.
 * @param stage    the stage that dropped it, or null (shown in the table format only).
 * @param dstVni   the destination VNI set by the flow-filter, 0 for none.
 * @param nat      the NAT requirement flags the flow-filter set, sorted.
 * @param outSrc   the source after the pipeline ({@code ADDRESS[:PORT]}), or null (dropped, or flow-filter stage).
 * @param outDst   the destination after the pipeline, or null.
 * @param sync     status loads, genid loads and locks of the flow-filter for this packet, or null without
 *                 {@code --sync-stats}.
 */
public record PacketOutcome(
    String packet, String verdict, String reason, String stage, int dstVni, List<String> nat, String outSrc,
    String outDst, int[] sync)
{
    /**
     * @return true when the packet was accepted.
     */
    public boolean accepted()
    {
        return "accept".equals(verdict);
    }
}
