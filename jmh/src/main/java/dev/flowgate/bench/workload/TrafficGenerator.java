// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.Prefix;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.TcpDescriptor;

/**
 * Seeded generator of the traffic mixes of docs/spec/benchmarks.md section 2.2 over a {@link Topology}: the same seed,
 * topology and arguments give the same packets, byte for byte.
 *
 * <p>What each class is, in the default topology's addresses (every group has its own):
 * <ul>
 *   <li>ESTABLISHED / STALE: connections (stale ones send one packet each) of masquerade (clients 10.12/16 to
 *   masq 10.40/16, replies from masq to the pool 203.0.113.0/28) and port-forward (clients 10.13/16 to
 *   198.51.100.10:80, replies from 10.50.0.10:8080), TCP ACK, both directions, each connection with a flow pair
 *   holding one NAT state;</li>
 *   <li>NEW_VALID: TCP SYN (a quarter UDP where the protocol is free) of plain (both directions), static (both
 *   directions, the reverse towards 100.11/16), masquerade source, port-forward to 198.51.100.10:80 and the default
 *   expose (clients 10.15/16 to 192.0.2.0/24);</li>
 *   <li>INVALID_R1: masq towards the clients' pool, and clients towards the overlap pool on port 443;
 *   INVALID_R2: 10.50.0.10:8080 towards the clients; a client's port in these is below 1024, so that no new
 *   session's reply ever has their tuple;</li>
 *   <li>MULTI_MATCH: clients to 198.51.100.64:2222 (rule B: destination port forwarding wins) and
 *   10.60.0.5:22 to the clients (rule A: source masquerade wins), TCP SYN.</li>
 * </ul>
 * REALISTIC: {@code invalidRatio} of invalid-nat (R1 and R2 alternating), the rest 80% established, 12% new-valid
 * (of which {@link #ICMP_ECHO_SHARE} of the valid packets are ICMP echo requests to the plain and static peers, the
 * rest TCP SYN and UDP), 5% stale, 3% multi-match, exact counts, shuffled. IPv4 only: the default topology has no
 * IPv6 prefix (see the package documentation).
 */
public final class TrafficGenerator
{
    /** REALISTIC: the share of its valid packets that are ICMP echo requests (new-valid, stateless peers). */
    public static final double ICMP_ECHO_SHARE = 0.02;
    /** REALISTIC: the share of its valid packets that are new-valid (the ICMP echo requests included). */
    public static final double NEW_VALID_SHARE = 0.12;
    /** REALISTIC: the share of its valid packets that are stale. */
    public static final double STALE_SHARE = 0.05;
    /** REALISTIC: the share of its valid packets that are multi-match. */
    public static final double MULTI_MATCH_SHARE = 0.03;
    /** The first port of the ephemeral range that clients' ports are drawn from (and benchmark workers vary in). */
    public static final int EPHEMERAL_FIRST = 1024;
    private static final int INTERNET_DST = (192 << 24) | (2 << 8);

    private final Topology topology;
    private final SplittableRandom random;
    private final PacketBuilder builder = new PacketBuilder();
    private final MutableFlowKey key = new MutableFlowKey();

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Integer> vnis = new ArrayList<>();
    private final List<PacketClass> classes = new ArrayList<>();
    private final List<Integer> connectionOf = new ArrayList<>();
    private final List<Boolean> replyOf = new ArrayList<>();
    private final List<PacketTemplates.Connection> connections = new ArrayList<>();
    private boolean portForwardConnections = true;

    /**
     * A generator.
     *
     * @param topology the topology the packets travel.
     * @param seed     the seed.
     */
    public TrafficGenerator(final Topology topology, final long seed)
    {
        this.topology = topology;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Whether established and stale connections alternate masquerade and port-forward (the default) or are all
     * masquerade (for a pipeline without a port-forward stage, where no port-forward session can exist).
     *
     * @param enabled true to alternate.
     * @return this.
     */
    public TrafficGenerator portForwardConnections(final boolean enabled)
    {
        this.portForwardConnections = enabled;
        return this;
    }

    /**
     * Flow entries the connections of a mix hold per generated packet (each connection is a flow pair, two entries):
     * an established connection sends two packets (one per direction, each looks its own entry up), a stale one
     * sends one (it looks one entry up and re-stamps the pair), the other classes have no flow.
     *
     * @param mix          the mix.
     * @param invalidRatio for {@link Mix#REALISTIC}: the share of invalid-nat packets.
     * @return the entries per packet, 0 for mixes without connections.
     */
    public static double connectionEntriesPerPacket(final Mix mix, final double invalidRatio)
    {
        switch (mix)
        {
            case ESTABLISHED:
                return 1;
            case STALE:
                return 2;
            case REALISTIC:
                final double valid = 1 - invalidRatio;
                final double established = valid * (1 - NEW_VALID_SHARE - STALE_SHARE - MULTI_MATCH_SHARE);
                return established + 2 * valid * STALE_SHARE;
            default:
                return 0;
        }
    }

    /**
     * The share of a mix's packets that may create a session (new-valid and multi-match first packets).
     *
     * @param mix          the mix.
     * @param invalidRatio for {@link Mix#REALISTIC}: the share of invalid-nat packets.
     * @return the share, 0 to 1.
     */
    public static double creatingShare(final Mix mix, final double invalidRatio)
    {
        switch (mix)
        {
            case NEW_VALID:
            case MULTI_MATCH:
                return 1;
            case REALISTIC:
                return (1 - invalidRatio) * (NEW_VALID_SHARE + MULTI_MATCH_SHARE);
            default:
                return 0;
        }
    }

    /**
     * Generates packets of a mix.
     *
     * @param mix          the mix.
     * @param count        the number of packets.
     * @param invalidRatio for {@link Mix#REALISTIC}: the share of invalid-nat packets, 0 to 1 (ignored otherwise).
     * @return the templates, in a seeded random order.
     */
    public PacketTemplates generate(final Mix mix, final int count, final double invalidRatio)
    {
        if (invalidRatio < 0 || invalidRatio > 1)
        {
            throw new IllegalArgumentException("invalidRatio outside 0..1: " + invalidRatio);
        }
        clear();
        switch (mix)
        {
            case ESTABLISHED:
                connections(count, false);
                break;
            case STALE:
                connections(count, true);
                break;
            case NEW_VALID:
                repeat(PacketClass.NEW_VALID, count);
                break;
            case INVALID_NAT:
                repeat(PacketClass.INVALID_R1, count - count / 2);
                repeat(PacketClass.INVALID_R2, count / 2);
                break;
            case MULTI_MATCH:
                repeat(PacketClass.MULTI_MATCH, count);
                break;
            case REALISTIC:
                realistic(count, invalidRatio);
                break;
            default:
                throw new IllegalArgumentException("mix " + mix);
        }
        return shuffled();
    }

    private void clear()
    {
        frames.clear();
        vnis.clear();
        classes.clear();
        connectionOf.clear();
        replyOf.clear();
        connections.clear();
    }

    private void realistic(final int count, final double invalidRatio)
    {
        final int invalid = (int) Math.round(count * invalidRatio);
        final int valid = count - invalid;
        final int newValid = (int) Math.round(valid * NEW_VALID_SHARE);
        final int echo = (int) Math.round(valid * ICMP_ECHO_SHARE);
        final int stale = (int) Math.round(valid * STALE_SHARE);
        final int multi = (int) Math.round(valid * MULTI_MATCH_SHARE);
        connections(valid - newValid - stale - multi, false);
        connections(stale, true);
        repeat(PacketClass.NEW_VALID, newValid - echo);
        for (int i = 0; i < echo; i++)
        {
            icmpEcho(group(), (i & 1) == 0);
        }
        repeat(PacketClass.MULTI_MATCH, multi);
        for (int i = 0; i < invalid; i++)
        {
            single((i & 1) == 0 ? PacketClass.INVALID_R1 : PacketClass.INVALID_R2);
        }
    }

    private void repeat(final PacketClass packetClass, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            single(packetClass);
        }
    }

    /**
     * A seeded random permutation of {@code 0 .. n - 1} (Fisher-Yates).
     *
     * @param n      the size.
     * @param random the source.
     * @return the permutation.
     */
    public static int[] permutation(final int n, final SplittableRandom random)
    {
        final int[] p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private PacketTemplates shuffled()
    {
        final int n = frames.size();
        final int[] order = permutation(n, random);
        final byte[][] outFrames = new byte[n][];
        final int[] outVnis = new int[n];
        final PacketClass[] outClasses = new PacketClass[n];
        final int[] outConnections = new int[n];
        final boolean[] outReplies = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            final int from = order[i];
            outFrames[i] = frames.get(from);
            outVnis[i] = vnis.get(from);
            outClasses[i] = classes.get(from);
            outConnections[i] = connectionOf.get(from);
            outReplies[i] = replyOf.get(from);
        }
        return new PacketTemplates(outFrames, outVnis, outClasses, outConnections, outReplies,
            connections.toArray(new PacketTemplates.Connection[0]));
    }

    private Topology.Group group()
    {
        return topology.group(random.nextInt(topology.vpcs()));
    }

    private int host(final Prefix prefix)
    {
        final int hostBits = 32 - prefix.length();
        return prefix.address4() + 1 + random.nextInt((1 << hostBits) - 2);
    }

    private int hostIn(final List<Prefix> prefixes)
    {
        return host(prefixes.get(random.nextInt(prefixes.size())));
    }

    private int ephemeralPort()
    {
        return EPHEMERAL_FIRST + random.nextInt(65536 - EPHEMERAL_FIRST);
    }

    /**
     * A client's port in an invalid-nat packet towards or from the clients: below the ephemeral range. The benchmark
     * workers move every new session's client port through the whole ephemeral range, one step per pool cycle; with
     * an ephemeral port here, some cycle gives a new session (port-forward, or multi-match resolved to masquerade)
     * exactly this packet's reverse tuple, and from then on the "invalid" packet is that session's reply: accepted,
     * and it keeps the session alive.
     */
    private int clientPortOfInvalid()
    {
        return 1 + random.nextInt(EPHEMERAL_FIRST - 1);
    }

    private void add(final PacketClass packetClass, final int srcVni, final int connection, final boolean reply)
    {
        frames.add(builder.build());
        vnis.add(srcVni);
        classes.add(packetClass);
        connectionOf.add(connection);
        replyOf.add(reply);
    }

    private void tcp(final int src, final int dst, final int srcPort, final int dstPort, final int flags)
    {
        builder.ipv4(src, dst).tcp(srcPort, dstPort).flags(flags);
    }

    /** TCP SYN, or UDP one time in four. */
    private void synOrUdp(final int src, final int dst, final int srcPort, final int dstPort)
    {
        if (random.nextInt(4) == 0)
        {
            builder.ipv4(src, dst).udp(srcPort, dstPort);
        }
        else
        {
            tcp(src, dst, srcPort, dstPort, TcpDescriptor.SYN);
        }
    }

    private void single(final PacketClass packetClass)
    {
        final Topology.Group g = group();
        final int clients = Topology.CLIENTS_VNI;
        switch (packetClass)
        {
            case NEW_VALID:
                newValid(g);
                break;
            case INVALID_R1:
                if (random.nextBoolean())
                {
                    synOrUdp(hostIn(g.peerPrefixes(PeerKind.MASQUERADE)), g.masqPool() + random.nextInt(16),
                        ephemeralPort(), 443);
                    add(packetClass, g.vni(PeerKind.MASQUERADE), -1, false);
                }
                else
                {
                    synOrUdp(hostIn(g.clientPrefixes(PeerKind.OVERLAP)), g.overlapPool() + random.nextInt(16),
                        clientPortOfInvalid(), 443);
                    add(packetClass, clients, -1, false);
                }
                break;
            case INVALID_R2:
                tcp(g.portFwPrivate(), hostIn(g.clientPrefixes(PeerKind.PORT_FORWARD)), Topology.PORT_FW_PRIVATE_PORT,
                    clientPortOfInvalid(), TcpDescriptor.SYN);
                add(packetClass, g.vni(PeerKind.PORT_FORWARD), -1, false);
                break;
            case MULTI_MATCH:
                if (random.nextBoolean())
                {
                    tcp(hostIn(g.clientPrefixes(PeerKind.OVERLAP)), g.overlapPool(), ephemeralPort(),
                        Topology.OVERLAP_PF_PUBLIC_PORT, TcpDescriptor.SYN);
                    add(packetClass, clients, -1, false);
                }
                else
                {
                    tcp(g.overlapPfPrivate(), hostIn(g.clientPrefixes(PeerKind.OVERLAP)),
                        Topology.OVERLAP_PF_PRIVATE_PORT, ephemeralPort(), TcpDescriptor.SYN);
                    add(packetClass, g.vni(PeerKind.OVERLAP), -1, false);
                }
                break;
            default:
                throw new IllegalArgumentException("not a single-packet class: " + packetClass);
        }
    }

    /**
     * A new-valid ICMP echo request from the clients to a peer without NAT state (plain, or static towards its
     * public prefixes): the pipeline keeps no flow for it, so the same bytes stay a first packet every pass.
     */
    private void icmpEcho(final Topology.Group g, final boolean plain)
    {
        final int src = hostIn(g.clientPrefixes(plain ? PeerKind.PLAIN : PeerKind.STATIC));
        final int dst = hostIn(plain ? g.peerPrefixes(PeerKind.PLAIN) : g.peerPrefixes(PeerKind.STATIC));
        builder.ipv4(src, dst).icmpEchoRequest(random.nextInt(1 << 16), random.nextInt(1 << 16));
        add(PacketClass.NEW_VALID, Topology.CLIENTS_VNI, -1, false);
    }

    private void newValid(final Topology.Group g)
    {
        final int clients = Topology.CLIENTS_VNI;
        final int variant = random.nextInt(7);
        switch (variant)
        {
            case 0:
                synOrUdp(hostIn(g.clientPrefixes(PeerKind.PLAIN)), hostIn(g.peerPrefixes(PeerKind.PLAIN)),
                    ephemeralPort(), 443);
                add(PacketClass.NEW_VALID, clients, -1, false);
                break;
            case 1:
                synOrUdp(hostIn(g.peerPrefixes(PeerKind.PLAIN)), hostIn(g.clientPrefixes(PeerKind.PLAIN)),
                    ephemeralPort(), 443);
                add(PacketClass.NEW_VALID, g.vni(PeerKind.PLAIN), -1, false);
                break;
            case 2:
                synOrUdp(hostIn(g.clientPrefixes(PeerKind.STATIC)), hostIn(g.peerPrefixes(PeerKind.STATIC)),
                    ephemeralPort(), 443);
                add(PacketClass.NEW_VALID, clients, -1, false);
                break;
            case 3:
                synOrUdp(hostIn(g.peerPrefixes(PeerKind.STATIC)), hostIn(g.staticPublic()), ephemeralPort(), 443);
                add(PacketClass.NEW_VALID, g.vni(PeerKind.STATIC), -1, false);
                break;
            case 4:
                synOrUdp(hostIn(g.clientPrefixes(PeerKind.MASQUERADE)), hostIn(g.peerPrefixes(PeerKind.MASQUERADE)),
                    ephemeralPort(), 443);
                add(PacketClass.NEW_VALID, clients, -1, false);
                break;
            case 5:
                tcp(hostIn(g.clientPrefixes(PeerKind.PORT_FORWARD)), g.portFwPublic(), ephemeralPort(),
                    Topology.PORT_FW_PUBLIC_PORT, TcpDescriptor.SYN);
                add(PacketClass.NEW_VALID, clients, -1, false);
                break;
            default:
                final int dst = g.defaultInternet() ? INTERNET_DST + 1 + random.nextInt(254) :
                    hostIn(g.peerPrefixes(PeerKind.INTERNET));
                synOrUdp(hostIn(g.clientPrefixes(PeerKind.INTERNET)), dst, ephemeralPort(), 443);
                add(PacketClass.NEW_VALID, clients, -1, false);
                break;
        }
    }

    /**
     * Connections of masquerade and port-forward, alternating (or masquerade only); established ones send two
     * packets (the last may send one), stale ones one.
     */
    private void connections(final int packets, final boolean stale)
    {
        final PacketClass packetClass = stale ? PacketClass.STALE : PacketClass.ESTABLISHED;
        int left = packets;
        while (left > 0)
        {
            final Topology.Group g = group();
            final int c = connections.size();
            final boolean masquerade = !portForwardConnections || (c & 1) == 0;
            final int client = hostIn(g.clientPrefixes(masquerade ? PeerKind.MASQUERADE : PeerKind.PORT_FORWARD));
            final int clientPort = ephemeralPort();
            final int peerVni = g.vni(masquerade ? PeerKind.MASQUERADE : PeerKind.PORT_FORWARD);
            final int fwdDst;
            final int fwdDstPort;
            final int replySrc;
            final int replySrcPort;
            final int replyDst;
            final int replyDstPort;
            if (masquerade)
            {
                fwdDst = hostIn(g.peerPrefixes(PeerKind.MASQUERADE));
                fwdDstPort = 443;
                replySrc = fwdDst;
                replySrcPort = fwdDstPort;
                replyDst = g.masqPool() + random.nextInt(Topology.POOL_SIZE);
                replyDstPort = ephemeralPort();
            }
            else
            {
                fwdDst = g.portFwPublic();
                fwdDstPort = Topology.PORT_FW_PUBLIC_PORT;
                replySrc = g.portFwPrivate();
                replySrcPort = Topology.PORT_FW_PRIVATE_PORT;
                replyDst = client;
                replyDstPort = clientPort;
            }
            final int tcp = IpProtocol.TCP;
            connections.add(new PacketTemplates.Connection(
                key.ipv4Ports(Topology.CLIENTS_VNI, client, fwdDst, tcp, clientPort, fwdDstPort).toImmutable(),
                key.ipv4Ports(peerVni, replySrc, replyDst, tcp, replySrcPort, replyDstPort).toImmutable(),
                peerVni, Topology.CLIENTS_VNI,
                masquerade ? FlowInfoReader.NAT_MASQUERADE : FlowInfoReader.NAT_PORT_FORWARDING, stale));
            // A stale connection sends one packet per pass: the flow-filter refreshes the pair's genid, so a
            // second packet of it would already be fresh. Directions alternate every two connections.
            final boolean forward = !stale || (c & 2) == 0;
            if (forward)
            {
                tcp(client, fwdDst, clientPort, fwdDstPort, TcpDescriptor.ACK);
                add(packetClass, Topology.CLIENTS_VNI, c, false);
                left--;
            }
            if (left > 0 && (!stale || !forward))
            {
                tcp(replySrc, replyDst, replySrcPort, replyDstPort, TcpDescriptor.ACK);
                add(packetClass, peerVni, c, true);
                left--;
            }
        }
    }
}
