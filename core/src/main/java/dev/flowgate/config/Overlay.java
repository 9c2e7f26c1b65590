// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The overlay configuration: a VPC table and a peering table. Immutable. Construction only rejects duplicates
 * (VPC name, id or VNI; peering name); everything else, including peerings that name unknown VPCs, is left to
 * {@link OverlayValidator}, so that unvalidated overlays can be built as the reference's tests do.
 */
public final class Overlay
{
    private final List<Vpc> vpcs;
    private final List<Peering> peerings;
    private final SortedMap<String, Vpc> vpcsByName;
    private final SortedMap<String, Peering> peeringsByName;

    /**
     * @param vpcs     the VPCs, in configuration order.
     * @param peerings the peerings, in configuration order.
     * @throws IllegalArgumentException on a duplicate VPC name, id or VNI, or a duplicate peering name.
     */
    public Overlay(final List<Vpc> vpcs, final List<Peering> peerings)
    {
        this.vpcs = List.copyOf(vpcs);
        this.peerings = List.copyOf(peerings);
        final TreeMap<String, Vpc> byName = new TreeMap<>();
        final Map<String, Vpc> byId = new HashMap<>();
        final Map<Integer, Vpc> byVni = new HashMap<>();
        for (final Vpc vpc : this.vpcs)
        {
            rejectDuplicate(byName.put(vpc.name(), vpc), "VPC name " + vpc.name());
            rejectDuplicate(byId.put(vpc.id(), vpc), "VPC id " + vpc.id());
            rejectDuplicate(byVni.put(vpc.vni(), vpc), "VNI " + vpc.vni());
        }
        final TreeMap<String, Peering> peeringMap = new TreeMap<>();
        for (final Peering peering : this.peerings)
        {
            rejectDuplicate(peeringMap.put(peering.name(), peering), "peering name " + peering.name());
        }
        this.vpcsByName = Collections.unmodifiableSortedMap(byName);
        this.peeringsByName = Collections.unmodifiableSortedMap(peeringMap);
    }

    private static void rejectDuplicate(final Object previous, final String what)
    {
        if (previous != null)
        {
            throw new IllegalArgumentException("duplicate " + what);
        }
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the VPCs in configuration order.
     */
    public List<Vpc> vpcs()
    {
        return vpcs;
    }

    /**
     * @return the VPCs by name, in name order (the order tables are built in).
     */
    public SortedMap<String, Vpc> vpcsByName()
    {
        return vpcsByName;
    }

    /**
     * @param name a VPC name.
     * @return the VPC, or null.
     */
    public Vpc vpc(final String name)
    {
        return vpcsByName.get(name);
    }

    /**
     * @return the peerings in configuration order (validation errors refer to their index in this list).
     */
    public List<Peering> peerings()
    {
        return peerings;
    }

    /**
     * @return the peerings by name, in name order.
     */
    public SortedMap<String, Peering> peeringsByName()
    {
        return peeringsByName;
    }

    /**
     * @param name a peering name.
     * @return the peering, or null.
     */
    public Peering peering(final String name)
    {
        return peeringsByName.get(name);
    }

    /**
     * The reference's {@code collect_peerings()} for one VPC, without validation: one entry per peering that
     * names the VPC, in peering-name order; the local manifest is the one naming this VPC (the left one if both
     * do), the remote the other, and the remote VPC is resolved by name.
     *
     * @param vpcName the VPC.
     * @return its peerings.
     * @throws IllegalStateException if a peering's remote VPC is not in the VPC table.
     */
    public List<VpcPeering> peeringsOf(final String vpcName)
    {
        final List<VpcPeering> result = new ArrayList<>();
        for (final Peering peering : peeringsNaming(vpcName))
        {
            final Manifest remote = remoteOf(peering, vpcName);
            final Vpc remoteVpc = vpcsByName.get(remote.vpc());
            if (remoteVpc == null)
            {
                throw new IllegalStateException("peering " + peering.name() + " names unknown VPC " + remote.vpc());
            }
            result.add(new VpcPeering(peering.name(), localOf(peering, vpcName), remote, remoteVpc,
                peering.gatewayGroup()));
        }
        return List.copyOf(result);
    }

    /** The peerings one of whose manifests names the VPC, in peering-name order. */
    List<Peering> peeringsNaming(final String vpcName)
    {
        final List<Peering> result = new ArrayList<>();
        for (final Peering peering : peeringsByName.values())
        {
            if (peering.left().vpc().equals(vpcName) || peering.right().vpc().equals(vpcName))
            {
                result.add(peering);
            }
        }
        return result;
    }

    /** The manifest of the VPC: the left one if it names the VPC, otherwise the right one. */
    static Manifest localOf(final Peering peering, final String vpcName)
    {
        return peering.left().vpc().equals(vpcName) ? peering.left() : peering.right();
    }

    /** The manifest facing the VPC. */
    static Manifest remoteOf(final Peering peering, final String vpcName)
    {
        return peering.left().vpc().equals(vpcName) ? peering.right() : peering.left();
    }

    /**
     * {@link #peeringsOf} for every VPC, in VPC-name order.
     *
     * @return VPC name to its peerings (empty list for a VPC without peerings).
     * @throws IllegalStateException if a peering names an unknown VPC.
     */
    public Map<String, List<VpcPeering>> collectPeerings()
    {
        final Map<String, List<VpcPeering>> result = new LinkedHashMap<>();
        for (final String name : vpcsByName.keySet())
        {
            result.put(name, peeringsOf(name));
        }
        return Collections.unmodifiableMap(result);
    }

    @Override
    public boolean equals(final Object obj)
    {
        return obj instanceof Overlay && ((Overlay) obj).vpcs.equals(vpcs) && ((Overlay) obj).peerings.equals(peerings);
    }

    @Override
    public int hashCode()
    {
        return vpcs.hashCode() * 31 + peerings.hashCode();
    }

    @Override
    public String toString()
    {
        return "Overlay{vpcs=" + vpcs + ", peerings=" + peerings + "}";
    }

    /**
     * Builds overlays in code: {@code Overlay.builder().vpc("vpc1", "VPC01", 100).vpc("vpc2", "VPC02", 200)
     * .peering("p", Manifest.of("vpc1", Expose.of("10.0.0.0/24")), Manifest.of("vpc2", Expose.DEFAULT)).build()}.
     */
    public static final class Builder
    {
        private final List<Vpc> vpcs = new ArrayList<>();
        private final List<Peering> peerings = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * @param name the VPC name.
         * @param id   its 5-character id.
         * @param vni  its VNI.
         * @return this.
         */
        public Builder vpc(final String name, final String id, final int vni)
        {
            vpcs.add(new Vpc(name, id, vni));
            return this;
        }

        /**
         * @param name  the peering name.
         * @param left  the left manifest.
         * @param right the right manifest.
         * @return this.
         */
        public Builder peering(final String name, final Manifest left, final Manifest right)
        {
            peerings.add(Peering.of(name, left, right));
            return this;
        }

        /**
         * @param peering a peering.
         * @return this.
         */
        public Builder peering(final Peering peering)
        {
            peerings.add(peering);
            return this;
        }

        /**
         * @return the overlay.
         * @throws IllegalArgumentException on duplicates.
         */
        public Overlay build()
        {
            return new Overlay(vpcs, peerings);
        }
    }
}
