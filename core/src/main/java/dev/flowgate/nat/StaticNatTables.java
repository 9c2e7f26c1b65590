// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.collections.Int2ObjectHashMap;

import dev.flowgate.config.Expose;
import dev.flowgate.config.NatMode;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.VpcPeering;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * The static NAT tables of one configuration (docs/spec/nat.md section 1.2): per source VNI S, {@code src_nat} per
 * destination VNI D (S's local static exposes of its peering with D: private to public) and one {@code dst_nat} (the
 * remote static exposes of all of S's peerings: public to private). Immutable; the pipeline passes it to
 * {@link StaticNatStage#process} as the burst's configuration.
 */
public final class StaticNatTables
{
    private final Int2ObjectHashMap<PerVni> perVni;

    /** The tables of one source VPC. */
    static final class PerVni
    {
        final Int2ObjectHashMap<StaticNatRuleTable> srcNat;
        final StaticNatRuleTable dstNat;

        PerVni(final Int2ObjectHashMap<StaticNatRuleTable> srcNat, final StaticNatRuleTable dstNat)
        {
            this.srcNat = srcNat;
            this.dstNat = dstNat;
        }
    }

    private StaticNatTables(final Int2ObjectHashMap<PerVni> perVni)
    {
        this.perVni = perVni;
    }

    /**
     * Builds the tables of an overlay: one entry per VPC, even without static NAT.
     *
     * @param overlay a validated overlay.
     * @return the tables.
     * @throws NatConfigException if a static expose cannot be mapped (sizes differ, NAT66 with ports, or a target
     *     prefix listed with adjacent port ranges).
     */
    public static StaticNatTables build(final Overlay overlay)
    {
        final Int2ObjectHashMap<PerVni> perVni = new Int2ObjectHashMap<>();
        for (final Vpc vpc : overlay.vpcs())
        {
            final Map<Integer, StaticNatRuleTable.Builder> src = new HashMap<>();
            final StaticNatRuleTable.Builder dst = new StaticNatRuleTable.Builder();
            for (final VpcPeering peering : overlay.peeringsOf(vpc.name()))
            {
                final StaticNatRuleTable.Builder srcOfPeer =
                    src.computeIfAbsent(peering.remoteVni(), k -> new StaticNatRuleTable.Builder());
                for (final Expose expose : peering.local().exposes())
                {
                    if (isStatic(expose))
                    {
                        final List<PrefixWithOptionalPorts> priv = NatPrefixes.collapse(expose.ips(), expose.nots());
                        final List<PrefixWithOptionalPorts> pub =
                            NatPrefixes.collapse(expose.nat().as(), expose.nat().notAs());
                        srcOfPeer.add(priv, new StaticNatMapping(priv, pub));
                    }
                }
                for (final Expose expose : peering.remote().exposes())
                {
                    if (isStatic(expose))
                    {
                        final List<PrefixWithOptionalPorts> priv = NatPrefixes.collapse(expose.ips(), expose.nots());
                        final List<PrefixWithOptionalPorts> pub =
                            NatPrefixes.collapse(expose.nat().as(), expose.nat().notAs());
                        dst.add(pub, new StaticNatMapping(pub, priv));
                    }
                }
            }
            final Int2ObjectHashMap<StaticNatRuleTable> srcNat = new Int2ObjectHashMap<>();
            for (final Map.Entry<Integer, StaticNatRuleTable.Builder> e : src.entrySet())
            {
                srcNat.put(e.getKey(), e.getValue().build());
            }
            perVni.put(vpc.vni(), new PerVni(srcNat, dst.build()));
        }
        return new StaticNatTables(perVni);
    }

    private static boolean isStatic(final Expose expose)
    {
        return !expose.isDefault() && expose.natMode() == NatMode.STATIC && !expose.nat().as().isEmpty();
    }

    PerVni perVni(final int srcVni)
    {
        return perVni.get(srcVni);
    }

    /**
     * Translates one IPv4 source the way the stage would (tools and tests): {@code src_nat[dstVni]} of
     * {@code srcVni}.
     *
     * @param srcVni  the source VNI.
     * @param dstVni  the destination VNI.
     * @param address the source address.
     * @param port    the source port, or -1 for none.
     * @return {address, port (-1 unchanged)}, or null when no rule applies.
     */
    public int[] translateSource4(final int srcVni, final int dstVni, final int address, final int port)
    {
        final PerVni t = perVni.get(srcVni);
        final StaticNatRuleTable table = t == null ? null : t.srcNat.get(dstVni);
        if (table == null)
        {
            return null;
        }
        final NatResult r = new NatResult();
        table.lookup4(address, port, r);
        return r.found ? new int[] {r.ipv4, r.port} : null;
    }

    /**
     * Translates one IPv4 destination the way the stage would (tools and tests): {@code dst_nat} of {@code srcVni}.
     *
     * @param srcVni  the source VNI.
     * @param address the destination address.
     * @param port    the destination port, or -1 for none.
     * @return {address, port (-1 unchanged)}, or null when no rule applies.
     */
    public int[] translateDestination4(final int srcVni, final int address, final int port)
    {
        final PerVni t = perVni.get(srcVni);
        if (t == null)
        {
            return null;
        }
        final NatResult r = new NatResult();
        t.dstNat.lookup4(address, port, r);
        return r.found ? new int[] {r.ipv4, r.port} : null;
    }
}
