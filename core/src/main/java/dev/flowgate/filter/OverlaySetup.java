// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.NatConfig;
import dev.flowgate.config.NatMode;
import dev.flowgate.config.NatRequirement;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.VpcPeering;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The build algorithm of docs/spec/flow-filter.md section 2.2, step by step: collapse exclusions, overlap detection,
 * consolidation, splitting, combining with defaults, insertion.
 */
final class OverlaySetup
{
    private OverlaySetup()
    {
    }

    /**
     * An expose after step 0 (exclusions collapsed) and, in the no-ports pass, with its ported prefixes dropped.
     * Equality is structural, as the self-compare of step 2 expects.
     */
    record CExpose(
        boolean isDefault, List<PrefixWithOptionalPorts> ips, List<PrefixWithOptionalPorts> as, NatMode mode,
        L4Protocol proto, Duration idleTimeout)
    {
        List<PrefixWithOptionalPorts> publicIps()
        {
            return mode != null && !as.isEmpty() ? as : ips;
        }

        NatRequirement nat()
        {
            return mode == null ? null : NatRequirement.of(mode, proto);
        }
    }

    /** A peering of the VPC being built, seen from it, after step 0. */
    record CPeering(String name, int peerVni, List<CExpose> local, List<CExpose> remote)
    {
    }

    /** A record of step 3: a final fragment, its result (Single or MultipleMatches) and its expose's NAT. */
    record Fragment(PrefixWithOptionalPorts prefix, LookupResult result, NatRequirement nat)
    {
    }

    static void addOverlay(final Overlay overlay, final FlowFilterTableBuilder builder)
    {
        for (final Vpc vpc : overlay.vpcsByName().values())
        {
            final List<VpcPeering> peerings = overlay.peeringsOf(vpc.name());
            final List<CPeering> withPorts = collapse(peerings, true);
            final List<CPeering> noPorts = collapse(peerings, false);
            for (int i = 0; i < peerings.size(); i++)
            {
                addPeering(builder, true, vpc.vni(), withPorts, withPorts.get(i));
                addPeering(builder, false, vpc.vni(), noPorts, noPorts.get(i));
            }
        }
    }

    static List<CPeering> collapse(final List<VpcPeering> peerings, final boolean withPorts)
    {
        final List<CPeering> result = new ArrayList<>();
        for (final VpcPeering peering : peerings)
        {
            result.add(new CPeering(peering.name(), peering.remoteVni(), collapse(peering.local(), withPorts),
                collapse(peering.remote(), withPorts)));
        }
        return result;
    }

    static List<CExpose> collapse(final Manifest manifest, final boolean withPorts)
    {
        final List<CExpose> result = new ArrayList<>();
        for (final Expose expose : manifest.exposes())
        {
            result.add(collapse(expose, withPorts));
        }
        return result;
    }

    static CExpose collapse(final Expose expose, final boolean withPorts)
    {
        final NatConfig nat = expose.nat();
        final List<PrefixWithOptionalPorts> ips = portFilter(collapse(expose.ips(), expose.nots()), withPorts);
        final List<PrefixWithOptionalPorts> as = nat == null ? List.of() :
            portFilter(collapse(nat.as(), nat.notAs()), withPorts);
        return new CExpose(expose.isDefault(), ips, as, nat == null ? null : nat.mode(),
            nat == null ? null : nat.proto(), nat == null ? null : nat.idleTimeout());
    }

    /**
     * Step 0: every prefix that overlaps an exclusion is replaced by (prefix minus exclusion), one exclusion after
     * the other; the result is sorted and free of duplicates, like the reference's ordered sets.
     */
    static List<PrefixWithOptionalPorts> collapse(
        final List<PrefixWithOptionalPorts> prefixes, final List<PrefixWithOptionalPorts> exclusions)
    {
        List<PrefixWithOptionalPorts> current = new ArrayList<>(new TreeSet<>(prefixes));
        for (final PrefixWithOptionalPorts exclusion : exclusions)
        {
            final TreeSet<PrefixWithOptionalPorts> next = new TreeSet<>();
            for (final PrefixWithOptionalPorts prefix : current)
            {
                if (prefix.overlaps(exclusion))
                {
                    next.addAll(prefix.subtract(exclusion));
                }
                else
                {
                    next.add(prefix);
                }
            }
            current = new ArrayList<>(next);
        }
        return List.copyOf(current);
    }

    private static List<PrefixWithOptionalPorts> portFilter(
        final List<PrefixWithOptionalPorts> prefixes, final boolean withPorts)
    {
        if (withPorts)
        {
            return prefixes;
        }
        final List<PrefixWithOptionalPorts> result = new ArrayList<>();
        for (final PrefixWithOptionalPorts prefix : prefixes)
        {
            if (!prefix.hasPorts())
            {
                result.add(prefix);
            }
        }
        return List.copyOf(result);
    }

    /**
     * Steps 2 to 5 for one peering of the VPC {@code localVni} in one subtable.
     */
    static void addPeering(
        final FlowFilterTableBuilder builder, final boolean hasPorts, final int localVni, final List<CPeering> all,
        final CPeering peering)
    {
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> localOverlaps = new TreeMap<>();
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> remoteOverlaps = new TreeMap<>();
        for (final CPeering other : all)
        {
            final boolean self = other.name().equals(peering.name());
            mergeInto(localOverlaps, overlap(peering.local(), peering.peerVni(), other.local(), other.peerVni(),
                CExpose::ips, self));
            mergeInto(remoteOverlaps, overlap(peering.remote(), peering.peerVni(), other.remote(), other.peerVni(),
                CExpose::publicIps, self));
        }
        final List<Fragment> local = split(peering.local(), peering.peerVni(), CExpose::ips,
            consolidate(localOverlaps));
        final List<Fragment> remote = split(peering.remote(), peering.peerVni(), CExpose::publicIps,
            consolidate(remoteOverlaps));
        combine(new Target(builder, hasPorts, localVni), peering, local, remote);
    }

    private static void mergeInto(
        final Map<PrefixWithOptionalPorts, Set<RemoteData>> into,
        final Map<PrefixWithOptionalPorts, Set<RemoteData>> from)
    {
        for (final Map.Entry<PrefixWithOptionalPorts, Set<RemoteData>> entry : from.entrySet())
        {
            into.computeIfAbsent(entry.getKey(), k -> new HashSet<>()).addAll(entry.getValue());
        }
    }

    /**
     * Step 2 for one pair of manifests: every intersection of a left prefix with a right prefix (default exposes
     * skipped; in a self-compare an expose is not compared with a structurally equal one) maps to
     * {RD(leftVni, -, NAT(left)), RD(rightVni, -, NAT(right))}; sets of one key are merged.
     */
    static TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> overlap(
        final List<CExpose> left, final int leftVni, final List<CExpose> right, final int rightVni,
        final Function<CExpose, List<PrefixWithOptionalPorts>> ips, final boolean self)
    {
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> result = new TreeMap<>();
        for (final CExpose l : left)
        {
            if (l.isDefault())
            {
                continue;
            }
            for (final CExpose r : right)
            {
                if (r.isDefault() || (self && l.equals(r)))
                {
                    continue;
                }
                for (final PrefixWithOptionalPorts pl : ips.apply(l))
                {
                    for (final PrefixWithOptionalPorts pr : ips.apply(r))
                    {
                        pl.intersection(pr).ifPresent(key ->
                        {
                            final Set<RemoteData> set = result.computeIfAbsent(key, k -> new HashSet<>());
                            set.add(RemoteData.of(leftVni, null, l.nat()));
                            set.add(RemoteData.of(rightVni, null, r.nat()));
                        });
                    }
                }
            }
        }
        return result;
    }

    /**
     * Step 2, consolidation: walk the keys in order; merge an entry into the next one when both sets are equal and
     * the keys merge; the merged key goes back into the walk with insert-or-replace semantics.
     */
    static TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> consolidate(
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> overlaps)
    {
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> pending = new TreeMap<>(overlaps);
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> result = new TreeMap<>();
        while (!pending.isEmpty())
        {
            final Map.Entry<PrefixWithOptionalPorts, Set<RemoteData>> first = pending.pollFirstEntry();
            if (pending.isEmpty())
            {
                result.put(first.getKey(), first.getValue());
                break;
            }
            final Map.Entry<PrefixWithOptionalPorts, Set<RemoteData>> second = pending.firstEntry();
            if (first.getValue().equals(second.getValue()))
            {
                final PrefixWithOptionalPorts merged = first.getKey().merge(second.getKey()).orElse(null);
                if (merged != null)
                {
                    pending.remove(second.getKey());
                    pending.put(merged, first.getValue());
                    continue;
                }
            }
            result.put(first.getKey(), first.getValue());
        }
        return result;
    }

    /**
     * Step 3: cut each prefix around the overlap keys it partly overlaps, then give each final fragment one
     * MultipleMatches record per key covering it, or a Single record for the peer.
     */
    static List<Fragment> split(
        final List<CExpose> exposes, final int peerVni, final Function<CExpose, List<PrefixWithOptionalPorts>> ips,
        final TreeMap<PrefixWithOptionalPorts, Set<RemoteData>> overlaps)
    {
        final List<Fragment> result = new ArrayList<>();
        final LookupResult single = LookupResult.single(RemoteData.of(peerVni, null, null));
        for (final CExpose expose : exposes)
        {
            if (expose.isDefault())
            {
                continue;
            }
            final NatRequirement nat = expose.nat();
            for (final PrefixWithOptionalPorts prefix : ips.apply(expose))
            {
                for (final PrefixWithOptionalPorts fragment : cut(prefix, overlaps.keySet()))
                {
                    boolean covered = false;
                    for (final Map.Entry<PrefixWithOptionalPorts, Set<RemoteData>> key : overlaps.entrySet())
                    {
                        if (key.getKey().covers(fragment))
                        {
                            covered = true;
                            result.add(new Fragment(fragment, LookupResult.multiple(key.getValue()), nat));
                        }
                    }
                    if (!covered)
                    {
                        result.add(new Fragment(fragment, single, nat));
                    }
                }
            }
        }
        return result;
    }

    private static List<PrefixWithOptionalPorts> cut(
        final PrefixWithOptionalPorts prefix, final Collection<PrefixWithOptionalPorts> keys)
    {
        final List<PrefixWithOptionalPorts> result = new ArrayList<>();
        final Deque<PrefixWithOptionalPorts> work = new ArrayDeque<>();
        work.push(prefix);
        while (!work.isEmpty())
        {
            final PrefixWithOptionalPorts fragment = work.pop();
            PrefixWithOptionalPorts cutter = null;
            for (final PrefixWithOptionalPorts key : keys)
            {
                if (fragment.overlaps(key) && !key.covers(fragment))
                {
                    cutter = key;
                    break;
                }
            }
            if (cutter == null)
            {
                result.add(fragment);
                continue;
            }
            final List<PrefixWithOptionalPorts> pieces = new ArrayList<>(fragment.subtract(cutter));
            pieces.add(fragment.intersection(cutter).orElseThrow());
            for (int i = pieces.size() - 1; i >= 0; i--)
            {
                if (pieces.get(i).equals(fragment))
                {
                    throw new IllegalStateException("cutting " + fragment + " by " + cutter + " does not progress");
                }
                work.push(pieces.get(i));
            }
        }
        return result;
    }

    /** Where step 4 writes: one subtable's table of the local VPC, created on first use. */
    private static final class Target
    {
        private final FlowFilterTableBuilder builder;
        private final boolean hasPorts;
        private final int vni;

        Target(final FlowFilterTableBuilder builder, final boolean hasPorts, final int vni)
        {
            this.builder = builder;
            this.hasPorts = hasPorts;
            this.vni = vni;
        }

        VpcConnectionsTable table()
        {
            return builder.table(hasPorts, vni);
        }
    }

    private static CExpose defaultOf(final List<CExpose> exposes)
    {
        for (final CExpose expose : exposes)
        {
            if (expose.isDefault())
            {
                return expose;
            }
        }
        return null;
    }

    /**
     * Step 4: (a) local default, (b) remote default, (c) both, (d) every pair of records.
     */
    private static void combine(
        final Target target, final CPeering peering, final List<Fragment> local, final List<Fragment> remote)
    {
        final int peer = peering.peerVni();
        final CExpose localDefault = defaultOf(peering.local());
        final CExpose remoteDefault = defaultOf(peering.remote());
        if (localDefault != null)
        {
            final NatRequirement src = localDefault.nat();
            for (final Fragment r : remote)
            {
                final LookupResult value;
                if (r.result().isSingle())
                {
                    value = LookupResult.single(RemoteData.of(r.result().single().vni(), src, r.nat()));
                }
                else
                {
                    final List<RemoteData> members = new ArrayList<>();
                    for (int i = 0; i < r.result().size(); i++)
                    {
                        members.add(r.result().member(i).withSrc(src));
                    }
                    value = LookupResult.multiple(members);
                }
                target.table().updateDefaultSource(value, r.prefix().prefix(), r.prefix().ports());
            }
        }
        if (remoteDefault != null)
        {
            for (final Fragment l : local)
            {
                final RemoteData data = RemoteData.of(peer, l.nat(), remoteDefault.nat());
                final LookupResult value = l.result().isSingle() ? LookupResult.single(data) :
                    LookupResult.multiple(data);
                target.table().insertDefaultRemote(value, l.prefix().prefix(), l.prefix().ports());
            }
        }
        if (localDefault != null && remoteDefault != null)
        {
            target.table().updateDefaultSourceToDefaultRemote(
                LookupResult.single(RemoteData.of(peer, localDefault.nat(), remoteDefault.nat())));
        }
        for (final Fragment l : local)
        {
            for (final Fragment r : remote)
            {
                target.table().insert(pair(peer, l, r), l.prefix().prefix(), l.prefix().ports(),
                    r.prefix().prefix(), r.prefix().ports());
            }
        }
    }

    /**
     * Step 4 (d), the L x R table.
     */
    static LookupResult pair(final int peer, final Fragment l, final Fragment r)
    {
        if (r.result().isSingle())
        {
            final RemoteData data = RemoteData.of(peer, l.nat(), r.nat());
            return l.result().isSingle() ? LookupResult.single(data) : LookupResult.multiple(data);
        }
        final boolean keepVpcs = l.result().isMultiple();
        final List<RemoteData> members = new ArrayList<>();
        for (int i = 0; i < r.result().size(); i++)
        {
            final RemoteData m = r.result().member(i);
            members.add(m.relabel(keepVpcs ? m.vni() : peer, l.nat()));
        }
        return LookupResult.multiple(members);
    }
}
