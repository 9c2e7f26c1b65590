// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import dev.flowgate.config.DocNode;

import java.util.List;

/**
 * One entry of a scenario's {@code packets} list, as read (references not yet resolved).
 *
 * @param name      the packet's name.
 * @param node      where it is in the file.
 * @param srcVni    the source VNI, 0 for none (ignored with {@code replyTo}).
 * @param proto     tcp, udp, icmp, icmp-reply, icmp-error or raw (null with {@code replyTo}).
 * @param src       the source (null for raw or replyTo).
 * @param dst       the destination (null for raw or replyTo).
 * @param tcpFlags  the TCP flags, or -1 for the default.
 * @param flow      the flow information to attach (flow-filter stage), or null.
 * @param expect    the expectations, or null.
 * @param replyTo   the packet this one answers, or null.
 * @param inner     the embedded packet of an icmp-error, or null.
 * @param innerOf   the packet whose output an icmp-error embeds, or null.
 * @param raw       the frame of a raw packet, or null.
 */
record PacketSpec(
    String name, DocNode node, int srcVni, String proto, Endpoint src, Endpoint dst, int tcpFlags, FlowSpec flow,
    ExpectSpec expect, String replyTo, InnerSpec inner, String innerOf, byte[] raw)
{
    /**
     * A {@code flow:} block.
     *
     * @param status FlowInfo status.
     * @param genid  the flow's genid.
     * @param dstVni its destination VNI, 0 for none.
     * @param nat    masquerade state present.
     * @param pf     port-forwarding state present.
     */
    record FlowSpec(int status, long genid, int dstVni, boolean nat, boolean pf)
    {
    }

    /**
     * The {@code inner:} block of an icmp-error.
     *
     * @param proto tcp, udp or icmp.
     * @param src   the embedded source.
     * @param dst   the embedded destination.
     */
    record InnerSpec(String proto, Endpoint src, Endpoint dst)
    {
    }

    /**
     * An {@code expect:} block; null fields are not checked.
     *
     * @param verdict   accept or drop.
     * @param reason    the drop reason label.
     * @param dstVpcSet whether dst_vpc is checked.
     * @param dstVni    the expected VNI, 0 for null.
     * @param nat       the exact expected NAT set.
     * @param outSrc    expected output source (port -1: address only).
     * @param outDst    expected output destination.
     * @param node      where the block is.
     */
    record ExpectSpec(
        String verdict, String reason, boolean dstVpcSet, int dstVni, List<String> nat, Endpoint outSrc,
        Endpoint outDst, DocNode node)
    {
    }
}
