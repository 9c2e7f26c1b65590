// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.NatMode;
import dev.flowgate.config.Peering;
import dev.flowgate.lpm.AddressText;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The rate-limited log of NAT-requirement drops (R1, R2): at most one line per rule per second of the stage's clock,
 * with the number of drops suppressed since the last line. Recording a drop stores a few primitives; the line, which
 * names the rule and the expose the configuration lacks, is built only when it is emitted (so it may allocate, at
 * most once per second per rule). Single-threaded: one per stage instance.
 */
final class NatCheckLog
{
    static final int R1 = 0;
    static final int R2 = 1;
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private static final Logger LOGGER = System.getLogger("dev.flowgate.filter.flow-filter");
    private static final Level LEVEL = Level.DEBUG;

    private final long[] lastEmit = new long[2];
    private final boolean[] emitted = new boolean[2];
    private final long[] suppressed = new long[2];
    private final long[] total = new long[2];
    private String lastMessage;
    // The last emitted event, described on demand (tests, the scenario runner).
    private int lastRule = -1;
    private FlowFilterContext lastCtx;
    private final int[] lastArgs = new int[2];
    private boolean lastIpv6;
    private final long[] lastAddr = new long[4];

    /**
     * Records one drop; emits a line when the rule's last line is at least a second old.
     */
    void record(
        final int rule, final FlowFilterContext ctx, final int srcVni, final int dstVni, final boolean ipv6,
        final long srcHi, final long srcLo, final long dstHi, final long dstLo, final long nowNanos)
    {
        total[rule]++;
        if (emitted[rule] && nowNanos - lastEmit[rule] < INTERVAL_NANOS)
        {
            suppressed[rule]++;
            return;
        }
        emitted[rule] = true;
        lastEmit[rule] = nowNanos;
        final long skipped = suppressed[rule];
        suppressed[rule] = 0;
        if (LOGGER.isLoggable(LEVEL))
        {
            LOGGER.log(LEVEL, describe(rule, ctx, srcVni, dstVni, ipv6, srcHi, srcLo, dstHi, dstLo) +
                (skipped == 0 ? "" : " (" + skipped + " similar drops not logged)"));
        }
        lastMessage = null;
        lastRule = rule;
        lastCtx = ctx;
        lastArgs[0] = srcVni;
        lastArgs[1] = dstVni;
        lastIpv6 = ipv6;
        lastAddr[0] = srcHi;
        lastAddr[1] = srcLo;
        lastAddr[2] = dstHi;
        lastAddr[3] = dstLo;
    }

    /**
     * @return the text of the last emitted line (without the suppressed count), or null when none was emitted.
     */
    String lastMessage()
    {
        if (lastRule < 0)
        {
            return null;
        }
        if (lastMessage == null)
        {
            lastMessage = describe(lastRule, lastCtx, lastArgs[0], lastArgs[1], lastIpv6, lastAddr[0], lastAddr[1],
                lastAddr[2], lastAddr[3]);
        }
        return lastMessage;
    }

    /**
     * @param rule R1 or R2.
     * @return the drops recorded for the rule.
     */
    long total(final int rule)
    {
        return total[rule];
    }

    static String describe(
        final int rule, final FlowFilterContext ctx, final int srcVni, final int dstVni, final boolean ipv6,
        final long srcHi, final long srcLo, final long dstHi, final long dstLo)
    {
        final String src = ipv6 ? AddressText.format6(srcHi, srcLo) : AddressText.format4((int) srcLo);
        final String dst = ipv6 ? AddressText.format6(dstHi, dstLo) : AddressText.format4((int) dstLo);
        final String srcVpc = ctx.vpcName(srcVni);
        final String dstVpc = ctx.vpcName(dstVni);
        final StringBuilder sb = new StringBuilder("flow-filter: dropped ").append(src).append(" -> ").append(dst)
            .append(" from VPC ").append(srcVpc).append(" (VNI ").append(srcVni).append(") towards VPC ")
            .append(dstVpc).append(" (VNI ").append(dstVni).append("), no active flow: ");
        if (rule == R1)
        {
            sb.append("the destination is a masquerade address of ").append(dstVpc)
                .append(findExpose(ctx, srcVpc, dstVpc, dstVpc, NatMode.MASQUERADE, ipv6, dstHi, dstLo, true))
                .append("; a masquerade cannot be the target of a new connection (rule R1: destination masquerade)");
        }
        else
        {
            sb.append("the source is port-forwarded by ").append(srcVpc)
                .append(findExpose(ctx, srcVpc, dstVpc, srcVpc, NatMode.PORT_FORWARD, ipv6, srcHi, srcLo, false))
                .append("; a port-forwarded endpoint cannot open a connection (rule R2: source port forwarding)");
        }
        return sb.toString();
    }

    private static String findExpose(
        final FlowFilterContext ctx, final String srcVpc, final String dstVpc, final String owner, final NatMode mode,
        final boolean ipv6, final long hi, final long lo, final boolean publicSide)
    {
        for (final Peering peering : ctx.overlay().peerings())
        {
            final boolean forward = peering.left().vpc().equals(srcVpc) && peering.right().vpc().equals(dstVpc);
            final boolean backward = peering.right().vpc().equals(srcVpc) && peering.left().vpc().equals(dstVpc);
            if (!forward && !backward)
            {
                continue;
            }
            final boolean ownerLeft = peering.left().vpc().equals(owner);
            final Manifest manifest = ownerLeft ? peering.left() : peering.right();
            for (int i = 0; i < manifest.exposes().size(); i++)
            {
                final Expose expose = manifest.exposes().get(i);
                if (expose.natMode() != mode)
                {
                    continue;
                }
                for (final PrefixWithOptionalPorts p : publicSide ? expose.publicIps() : expose.ips())
                {
                    if (contains(p.prefix(), ipv6, hi, lo))
                    {
                        return " (peering " + peering.name() + ", " + (ownerLeft ? "left" : "right") + " expose[" +
                            i + "] " + p + ")";
                    }
                }
            }
        }
        return "";
    }

    private static boolean contains(final Prefix prefix, final boolean ipv6, final long hi, final long lo)
    {
        if (prefix.isIpv6() != ipv6)
        {
            return false;
        }
        return ipv6 ? prefix.contains6(hi, lo) : prefix.contains4((int) lo);
    }
}
