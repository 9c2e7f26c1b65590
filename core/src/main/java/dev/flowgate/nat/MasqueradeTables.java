// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.collections.Long2ObjectHashMap;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.NatMode;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.VpcPeering;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * The masquerade pools of one configuration (docs/spec/nat.md sections 2.1 and 2.2), drawing from a long-lived
 * {@link MasqueradeAllocator}. Source pools: per (protocol class, source VNI S, destination VNI D) the collapsed
 * private prefixes of S's local masquerade exposes of its peering with D, each pointing to the pool of that
 * expose's collapsed public prefixes. The key includes S (quirk 5 fixed: no cross-VPC collisions). Destination
 * pools: per (protocol class, S, D) the public prefixes of D's (remote) masquerade exposes, pointing to a pool of
 * D's private prefixes. Reserved ports (quirk 4 fixed): a source pool excludes the public (address, port) of the
 * port-forwarding exposes of the same manifest; a destination pool their private ones.
 */
public final class MasqueradeTables
{
    /** The default idle timeout (docs/spec/nat.md section 2.6). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    private final MasqueradeAllocator allocator;
    private final Long2ObjectHashMap<PoolEntry[]> srcPools;
    private final Long2ObjectHashMap<PoolEntry[]> dstPools;

    /** A prefix leading to a pool. */
    static final class PoolEntry
    {
        final Prefix prefix;
        final MasqueradePool pool;

        PoolEntry(final Prefix prefix, final MasqueradePool pool)
        {
            this.prefix = prefix;
            this.pool = pool;
        }
    }

    private MasqueradeTables(
        final MasqueradeAllocator allocator, final Long2ObjectHashMap<PoolEntry[]> srcPools,
        final Long2ObjectHashMap<PoolEntry[]> dstPools)
    {
        this.allocator = allocator;
        this.srcPools = srcPools;
        this.dstPools = dstPools;
    }

    /**
     * Builds the pools of an overlay. Pools whose scope has addresses in use (sessions of an earlier configuration)
     * adopt them.
     *
     * @param overlay   a validated overlay.
     * @param allocator the pipeline's allocator (the same one for every configuration).
     * @return the tables.
     * @throws IllegalStateException when the idle-timeout registry is full ({@link dev.flowgate.flow.IdleTimeouts}).
     */
    public static MasqueradeTables build(final Overlay overlay, final MasqueradeAllocator allocator)
    {
        final Map<Long, List<PoolEntry>> src = new HashMap<>();
        final Map<Long, List<PoolEntry>> dst = new HashMap<>();
        for (final Vpc vpc : overlay.vpcs())
        {
            for (final VpcPeering peering : overlay.peeringsOf(vpc.name()))
            {
                final int s = vpc.vni();
                final int d = peering.remoteVni();
                for (final Expose e : peering.local().exposes())
                {
                    if (isMasquerade(e))
                    {
                        final List<PrefixWithOptionalPorts> priv = NatPrefixes.collapse(e.ips(), e.nots());
                        final List<PrefixWithOptionalPorts> pub = NatPrefixes.collapse(e.nat().as(), e.nat().notAs());
                        addPools(src, allocator, true, s, d, priv, pub, e, peering.local(), true);
                    }
                }
                for (final Expose e : peering.remote().exposes())
                {
                    if (isMasquerade(e))
                    {
                        final List<PrefixWithOptionalPorts> priv = NatPrefixes.collapse(e.ips(), e.nots());
                        final List<PrefixWithOptionalPorts> pub = NatPrefixes.collapse(e.nat().as(), e.nat().notAs());
                        addPools(dst, allocator, false, s, d, pub, priv, e, peering.remote(), false);
                    }
                }
            }
        }
        return new MasqueradeTables(allocator, freeze(src), freeze(dst));
    }

    private static void addPools(
        final Map<Long, List<PoolEntry>> target, final MasqueradeAllocator allocator, final boolean source,
        final int s, final int d, final List<PrefixWithOptionalPorts> keys, final List<PrefixWithOptionalPorts> pool,
        final Expose expose, final Manifest manifest, final boolean reservePublic)
    {
        final long timeout = (expose.nat().idleTimeout() == null ? DEFAULT_IDLE_TIMEOUT :
            expose.nat().idleTimeout()).toNanos();
        for (int proto = 0; proto <= MasqueradeAllocator.PROTO_ICMP; proto++)
        {
            final MasqueradeAllocator.Scope scope = new MasqueradeAllocator.Scope(source, s, d, proto);
            final String description = (source ? "source" : "destination") + " pool " + pool + " of VNI " +
                (source ? s : d) + " towards VNI " + (source ? d : s);
            final MasqueradePool p = new MasqueradePool(allocator, scope, pool,
                reserved(manifest, proto, reservePublic), timeout, description);
            allocator.adopt(p);
            final List<PoolEntry> list = target.computeIfAbsent(key(proto, s, d), k -> new ArrayList<>());
            for (final PrefixWithOptionalPorts k : keys)
            {
                list.add(new PoolEntry(k.prefix(), p));
            }
        }
    }

    /** The port-forwarding (address, port) ranges of a manifest a pool must not hand out (quirk 4 fixed). */
    private static List<PrefixWithOptionalPorts> reserved(
        final Manifest manifest, final int protoClass, final boolean publicSide)
    {
        final List<PrefixWithOptionalPorts> out = new ArrayList<>();
        if (protoClass == MasqueradeAllocator.PROTO_ICMP)
        {
            return out;
        }
        final L4Protocol proto = protoClass == MasqueradeAllocator.PROTO_TCP ? L4Protocol.TCP : L4Protocol.UDP;
        for (final Expose e : manifest.exposes())
        {
            if (!e.isDefault() && e.natMode() == NatMode.PORT_FORWARD && e.nat().proto().intersects(proto))
            {
                out.addAll(publicSide ? e.nat().as() : e.ips());
            }
        }
        return out;
    }

    private static Long2ObjectHashMap<PoolEntry[]> freeze(final Map<Long, List<PoolEntry>> map)
    {
        final Long2ObjectHashMap<PoolEntry[]> out = new Long2ObjectHashMap<>();
        for (final Map.Entry<Long, List<PoolEntry>> e : map.entrySet())
        {
            out.put(e.getKey().longValue(), e.getValue().toArray(new PoolEntry[0]));
        }
        return out;
    }

    private static boolean isMasquerade(final Expose e)
    {
        return !e.isDefault() && e.natMode() == NatMode.MASQUERADE && !e.nat().as().isEmpty();
    }

    static long key(final int protoClass, final int srcVni, final int dstVni)
    {
        return ((long) protoClass << 48) | ((long) srcVni << 24) | dstVni;
    }

    MasqueradeAllocator allocator()
    {
        return allocator;
    }

    MasqueradePool srcPool(final int protoClass, final int s, final int d, final long hi, final long lo,
        final boolean ipv6)
    {
        return find(srcPools.get(key(protoClass, s, d)), hi, lo, ipv6);
    }

    MasqueradePool dstPool(final int protoClass, final int s, final int d, final long hi, final long lo,
        final boolean ipv6)
    {
        return find(dstPools.get(key(protoClass, s, d)), hi, lo, ipv6);
    }

    private static MasqueradePool find(final PoolEntry[] entries, final long hi, final long lo, final boolean ipv6)
    {
        if (entries != null)
        {
            for (final PoolEntry e : entries)
            {
                if (e.prefix.isIpv6() == ipv6 && (ipv6 ? e.prefix.contains6(hi, lo) : e.prefix.contains4((int) lo)))
                {
                    return e.pool;
                }
            }
        }
        return null;
    }
}
