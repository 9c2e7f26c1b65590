// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Manifest;
import dev.flowgate.config.Overlay;
import dev.flowgate.lpm.AddressText;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.Prefix;

/**
 * The default topology (VPC {@code clients} peered once with each {@link PeerKind}), built in code and scaled.
 *
 * <p>Scale: {@code vpcs} groups of the six peers, each group with its own VNIs and fresh, disjoint prefixes (group
 * 0 is exactly {@code default-topology.yaml}); every non-port-forward expose gets {@code prefixesPerExpose}
 * disjoint prefixes (one prefix keeps the file's /16 or /24; several are the first /24s of it).
 *
 * <p>Deviations forced by validation: a VPC may see one default destination only, so groups after the first expose
 * plain prefixes in their {@code internet} peer; a port-forward expose needs exactly one prefix on each side, so
 * port-forward exposes keep one prefix at every scale; masquerade pools stay one /28.
 *
 * <p>Address plan: group 0 uses the file's addresses; group g &gt;= 1 uses the /16s {@code 10.B.0.0} with
 * {@code B = 64 + 12 (g - 1) + slot} (slots 0-5 the clients' exposes, 6-11 the peers'), static NAT to
 * {@code 100.B'.0.0} (B' the clients' static slot), masquerade pools {@code 198.19.g.0/28}, port-forward and overlap
 * public addresses in {@code 198.18.g.0/24}. VNIs: clients 100, peer kind k of group g {@code 1000 g + 200 + 100 k}.
 */
public final class Topology
{
    /** Most groups the address plan supports. */
    public static final int MAX_VPCS = 16;
    /** Most prefixes per expose (the /24s of a /16). */
    public static final int MAX_PREFIXES_PER_EXPOSE = 256;
    /** The clients VPC's VNI. */
    public static final int CLIENTS_VNI = 100;
    /** The clients VPC's name. */
    public static final String CLIENTS = "clients";
    /** Port-forward: the private port. */
    public static final int PORT_FW_PRIVATE_PORT = 8080;
    /** Port-forward: the public port. */
    public static final int PORT_FW_PUBLIC_PORT = 80;
    /** Overlap: the private port of its port-forward. */
    public static final int OVERLAP_PF_PRIVATE_PORT = 22;
    /** Overlap: the public port of its port-forward. */
    public static final int OVERLAP_PF_PUBLIC_PORT = 2222;
    /** Addresses in a masquerade pool (/28). */
    public static final int POOL_SIZE = 16;
    /** Masquerade idle timeout. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

    private final int vpcs;
    private final int prefixesPerExpose;
    private final Duration idleTimeout;
    private final List<Group> groups;
    private final Overlay overlay;

    private Topology(final int vpcs, final int prefixesPerExpose, final Duration idleTimeout)
    {
        this.idleTimeout = idleTimeout;
        if (vpcs < 1 || vpcs > MAX_VPCS || prefixesPerExpose < 1 || prefixesPerExpose > MAX_PREFIXES_PER_EXPOSE)
        {
            throw new IllegalArgumentException("vpcs 1.." + MAX_VPCS + " and prefixesPerExpose 1.." +
                MAX_PREFIXES_PER_EXPOSE + ": " + vpcs + ", " + prefixesPerExpose);
        }
        this.vpcs = vpcs;
        this.prefixesPerExpose = prefixesPerExpose;
        final List<Group> list = new ArrayList<>();
        for (int g = 0; g < vpcs; g++)
        {
            list.add(new Group(g, prefixesPerExpose));
        }
        this.groups = List.copyOf(list);
        this.overlay = buildOverlay();
    }

    /**
     * The topology at a scale.
     *
     * @param vpcs              groups of the six peers, 1 to {@link #MAX_VPCS}.
     * @param prefixesPerExpose prefixes per expose, 1 to {@link #MAX_PREFIXES_PER_EXPOSE}.
     * @return the topology.
     */
    public static Topology of(final int vpcs, final int prefixesPerExpose)
    {
        return new Topology(vpcs, prefixesPerExpose, IDLE_TIMEOUT);
    }

    /**
     * The unscaled default topology with another masquerade idle timeout (pipeline benchmarks whose sessions must
     * expire within a run).
     *
     * @param idleTimeout the masquerade pools' idle timeout.
     * @return scale 1/1.
     */
    public static Topology withIdleTimeout(final Duration idleTimeout)
    {
        return new Topology(1, 1, idleTimeout);
    }

    /**
     * The masquerade pools' idle timeout.
     *
     * @return the timeout.
     */
    public Duration idleTimeout()
    {
        return idleTimeout;
    }

    /**
     * The unscaled default topology.
     *
     * @return scale 1/1.
     */
    public static Topology defaultTopology()
    {
        return of(1, 1);
    }

    public int vpcs()
    {
        return vpcs;
    }

    public int prefixesPerExpose()
    {
        return prefixesPerExpose;
    }

    public Overlay overlay()
    {
        return overlay;
    }

    public List<Group> groups()
    {
        return groups;
    }

    public Group group(final int index)
    {
        return groups.get(index);
    }

    private Overlay buildOverlay()
    {
        final Overlay.Builder builder = Overlay.builder().vpc(CLIENTS, "VPC01", CLIENTS_VNI);
        for (final Group group : groups)
        {
            for (final PeerKind kind : PeerKind.values())
            {
                builder.vpc(group.vpcName(kind), group.vpcId(kind), group.vni(kind));
            }
        }
        for (final Group group : groups)
        {
            for (final PeerKind kind : PeerKind.values())
            {
                builder.peering("clients-" + group.vpcName(kind),
                    Manifest.of(CLIENTS, group.clientsExpose(kind, idleTimeout)),
                    new Manifest(group.vpcName(kind), group.peerExposes(kind, idleTimeout)));
            }
        }
        return builder.build();
    }

    static String text(final Prefix prefix)
    {
        return AddressText.format4(prefix.address4()) + "/" + prefix.length();
    }

    /** One group of the six peers: their names, VNIs and addresses. */
    public static final class Group
    {
        private final int index;
        private final Map<PeerKind, List<Prefix>> clientPrefixes = new EnumMap<>(PeerKind.class);
        private final Map<PeerKind, List<Prefix>> peerPrefixes = new EnumMap<>(PeerKind.class);
        private final List<Prefix> staticPublic;
        private final int masqPool;
        private final int portFwPrivate;
        private final int portFwPublic;
        private final int overlapPool;
        private final int overlapPfPrivate;

        Group(final int index, final int prefixes)
        {
            this.index = index;
            for (final PeerKind kind : PeerKind.values())
            {
                clientPrefixes.put(kind, split(net(clientSlot(kind)), 16, prefixes));
            }
            peerPrefixes.put(PeerKind.PLAIN, split(net(peerSlot(PeerKind.PLAIN)), 16, prefixes));
            peerPrefixes.put(PeerKind.STATIC, split(net(peerSlot(PeerKind.STATIC)), 16, prefixes));
            peerPrefixes.put(PeerKind.MASQUERADE, split(net(peerSlot(PeerKind.MASQUERADE)), 16, prefixes));
            peerPrefixes.put(PeerKind.OVERLAP, split(net(peerSlot(PeerKind.OVERLAP)), 24, prefixes));
            peerPrefixes.put(PeerKind.INTERNET,
                index == 0 ? List.of() : split(net(peerSlot(PeerKind.INTERNET)), 16, prefixes));
            final int staticSecond = index == 0 ? 11 : clientSlot(PeerKind.STATIC);
            staticPublic = split((100 << 24) | (staticSecond << 16), 16, prefixes);
            masqPool = index == 0 ? address(203, 0, 113, 0) : address(198, 19, index, 0);
            portFwPrivate = net(peerSlot(PeerKind.PORT_FORWARD)) + 10;
            portFwPublic = index == 0 ? address(198, 51, 100, 10) : address(198, 18, index, 10);
            overlapPool = index == 0 ? address(198, 51, 100, 64) : address(198, 18, index, 64);
            overlapPfPrivate = net(peerSlot(PeerKind.OVERLAP)) + 5;
        }

        private static int address(final int a, final int b, final int c, final int d)
        {
            return (a << 24) | (b << 16) | (c << 8) | d;
        }

        private static int net(final int second)
        {
            return (10 << 24) | (second << 16);
        }

        private static List<Prefix> split(final int base, final int length, final int count)
        {
            if (count == 1)
            {
                return List.of(Prefix.of4(base, length));
            }
            final List<Prefix> list = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                list.add(Prefix.of4(base + (i << 8), 24));
            }
            return List.copyOf(list);
        }

        private int clientSlot(final PeerKind kind)
        {
            return index == 0 ? 10 + kind.ordinal() : 64 + 12 * (index - 1) + kind.ordinal();
        }

        private int peerSlot(final PeerKind kind)
        {
            return index == 0 ? 20 + 10 * kind.ordinal() : 64 + 12 * (index - 1) + 6 + kind.ordinal();
        }

        public int index()
        {
            return index;
        }

        public String vpcName(final PeerKind kind)
        {
            return index == 0 ? kind.vpcName() : kind.vpcName() + "-" + index;
        }

        public String vpcId(final PeerKind kind)
        {
            return index == 0 ? "VPC0" + (kind.ordinal() + 2) :
                String.format(Locale.ROOT, "G%02d%02d", index, kind.ordinal());
        }

        public int vni(final PeerKind kind)
        {
            return 1000 * index + 200 + 100 * kind.ordinal();
        }

        /**
         * The clients' private prefixes exposed in this group's peering with a kind.
         *
         * @param kind the peer.
         * @return the prefixes.
         */
        public List<Prefix> clientPrefixes(final PeerKind kind)
        {
            return clientPrefixes.get(kind);
        }

        /**
         * The peer's exposed private prefixes (for OVERLAP its masquerade expose; empty for PORT_FORWARD and for the
         * default INTERNET peer of group 0).
         *
         * @param kind the peer.
         * @return the prefixes.
         */
        public List<Prefix> peerPrefixes(final PeerKind kind)
        {
            return peerPrefixes.getOrDefault(kind, List.of());
        }

        /**
         * The static peer sees the clients' static prefixes as these (index-aligned with
         * {@code clientPrefixes(STATIC)}).
         *
         * @return the public prefixes.
         */
        public List<Prefix> staticPublic()
        {
            return staticPublic;
        }

        /**
         * The clients' masquerade pool towards the MASQUERADE peer: {@link #POOL_SIZE} addresses from here.
         *
         * @return the pool's first address.
         */
        public int masqPool()
        {
            return masqPool;
        }

        public int portFwPrivate()
        {
            return portFwPrivate;
        }

        public int portFwPublic()
        {
            return portFwPublic;
        }

        /**
         * The OVERLAP peer's masquerade pool; its first address is also the port-forward's public address.
         *
         * @return the pool's first address.
         */
        public int overlapPool()
        {
            return overlapPool;
        }

        public int overlapPfPrivate()
        {
            return overlapPfPrivate;
        }

        /**
         * Whether the INTERNET peer is the default destination (group 0).
         *
         * @return true for group 0.
         */
        public boolean defaultInternet()
        {
            return index == 0;
        }

        private static String[] texts(final List<Prefix> prefixes)
        {
            final String[] texts = new String[prefixes.size()];
            for (int i = 0; i < texts.length; i++)
            {
                texts[i] = text(prefixes.get(i));
            }
            return texts;
        }

        Expose clientsExpose(final PeerKind kind, final Duration idleTimeout)
        {
            final Expose.Builder b = Expose.builder().ips(texts(clientPrefixes(kind)));
            switch (kind)
            {
                case STATIC:
                    b.staticNat(texts(staticPublic));
                    break;
                case MASQUERADE:
                    b.masquerade(AddressText.format4(masqPool) + "/28").idleTimeout(idleTimeout);
                    break;
                default:
                    break;
            }
            return b.build();
        }

        List<Expose> peerExposes(final PeerKind kind, final Duration idleTimeout)
        {
            switch (kind)
            {
                case PORT_FORWARD:
                    return List.of(Expose.builder()
                        .ips(AddressText.format4(portFwPrivate) + "/32:" + PORT_FW_PRIVATE_PORT + "-" +
                            PORT_FW_PRIVATE_PORT)
                        .portForward(L4Protocol.TCP, AddressText.format4(portFwPublic) + "/32:" +
                            PORT_FW_PUBLIC_PORT + "-" + PORT_FW_PUBLIC_PORT)
                        .build());
                case OVERLAP:
                    return List.of(
                        Expose.builder().ips(texts(peerPrefixes(kind)))
                            .masquerade(AddressText.format4(overlapPool) + "/28").idleTimeout(idleTimeout).build(),
                        Expose.builder()
                            .ips(AddressText.format4(overlapPfPrivate) + "/32:" + OVERLAP_PF_PRIVATE_PORT + "-" +
                                OVERLAP_PF_PRIVATE_PORT)
                            .portForward(L4Protocol.TCP, AddressText.format4(overlapPool) + "/32:" +
                                OVERLAP_PF_PUBLIC_PORT + "-" + OVERLAP_PF_PUBLIC_PORT)
                            .build());
                case INTERNET:
                    return index == 0 ? List.of(Expose.DEFAULT) : List.of(Expose.of(texts(peerPrefixes(kind))));
                default:
                    return List.of(Expose.of(texts(peerPrefixes(kind))));
            }
        }
    }
}
