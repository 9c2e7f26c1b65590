// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flowgate.config.Expose;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.OverlayValidator;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.VpcPeering;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.filter.RandomOverlays;
import dev.flowgate.filter.TableConflictException;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.lpm.PrefixWithOptionalPorts;
import dev.flowgate.nat.MasqueradeAllocator;
import dev.flowgate.nat.NatConfigException;
import dev.flowgate.nat.PortForwardMappings;
import dev.flowgate.packet.IpAddresses;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * EARLY against LATE on random traffic over random valid overlays (issue 5): the same packets, clock and
 * configuration publications go through one pipeline per (NatValidation, FlowInfoAccess); per packet the verdict,
 * the drop reason, the dropping stage, the destination VPC, the NAT flags and the bytes of an accepted packet are
 * compared. Every access mode must give the same outcome as SINGLE_LOCK under the same NatValidation. EARLY and LATE
 * may differ only as docs/deviations.md ("Flow-filter stage, pipeline and scenario runner", item 7) says: EARLY's
 * NAT-requirement drop ({@code filtered} in flow-filter, R1 or R2) is, in LATE, a drop in a NAT stage with one of
 * the reasons listed in {@link #LATE_FOR_R1} / {@link #LATE_FOR_R2}, or an accept without translation: for R1 an
 * ICMP error (flagged, no stage takes it), for R2 a protocol the port-forward expose does not forward (no flag). Any
 * other difference fails with the overlay seed, the packet index, the packet and both outcomes; after one, the
 * overlay's traffic stops (the pipelines' states may have diverged) and the next overlay runs.
 *
 * <p>Seeds: overlay i uses seed base + i; the base is printed. {@code -Dflowgate.earlyLate.seed=S} replays overlay
 * seed S alone (with the short variant's traffic length, or {@code -Dflowgate.earlyLate.packets=N}).
 */
class EarlyLateDifferentialTest
{
    private static final String SEED_PROPERTY = "flowgate.earlyLate.seed";
    private static final String PACKETS_PROPERTY = "flowgate.earlyLate.packets";
    private static final long DEFAULT_BASE_SEED = 0x5EED_0005_0000L;
    private static final int HISTORY = 48;
    private static final long SECOND = 1_000_000_000L;

    /** LATE's (stage, reason) for a packet EARLY drops by R1 (destination masquerade without an active flow). */
    static final List<String> LATE_FOR_R1 = List.of(
        "*:masquerade/filtered",                       // no source pool: masquerade needed only for the target
        "icmp-other:masquerade/nat-failure",           // ICMP other than echo: no session category
        "icmp-error:accept/flagged-untranslated");     // the handler and masquerade skip errors with a VPC
    /** LATE's (stage, reason) for a packet EARLY drops by R2 (source port-forward without an active flow). */
    static final List<String> LATE_FOR_R2 = List.of(
        "*:port-forward/filtered",          // no rule forwards the destination, TCP without SYN, or not TCP/UDP
        "*:accept/untranslated");           // a protocol the expose does not forward: no NAT flag, nothing drops it

    private static final FlowInfoAccess[] ACCESSES = FlowInfoAccess.values();
    private static final int KIND_TCP = 0;
    private static final int KIND_UDP = 1;
    private static final int KIND_ECHO_REQUEST = 2;
    private static final int KIND_ECHO_REPLY = 3;
    private static final int KIND_ICMP_ERROR = 4;
    private static final int KIND_ICMP_OTHER = 5;
    private static final int KIND_GRE = 6;
    private static final String[] KIND_NAMES = {"tcp", "udp", "echo-request", "echo-reply", "icmp-error",
        "icmp-other", "gre"};

    /** One packet to send, as fields (so replies, repeats and errors can be derived from an output). */
    record Spec(int vni, boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, int kind, int sport, int dport,
        int tcpFlags, Spec inner)
    {
        PacketBuilder builder()
        {
            final PacketBuilder b = new PacketBuilder();
            if (v6)
            {
                b.ipv6(srcHi, srcLo, dstHi, dstLo);
            }
            else
            {
                b.ipv4((int) srcLo, (int) dstLo);
            }
            switch (kind)
            {
                case KIND_TCP:
                    return b.tcp(sport, dport).flags(tcpFlags);
                case KIND_UDP:
                    return b.udp(sport, dport);
                case KIND_ECHO_REQUEST:
                    return b.icmpEchoRequest(sport, 1);
                case KIND_ECHO_REPLY:
                    return b.icmpEchoReply(sport, 1);
                case KIND_ICMP_ERROR:
                    return b.icmpError(v6 ? 1 : 3, v6 ? 0 : 1, inner.builder());
                case KIND_ICMP_OTHER:
                    return b.icmp(v6 ? 139 : 13, 0);
                default:
                    return b.protocol(47).payloadLength(8);
            }
        }

        String describe()
        {
            final StringBuilder sb = new StringBuilder();
            sb.append(KIND_NAMES[kind]);
            if (kind == KIND_TCP)
            {
                sb.append('[').append((tcpFlags & TcpDescriptor.SYN) != 0 ? "S" : "")
                    .append((tcpFlags & TcpDescriptor.ACK) != 0 ? "A" : "").append(']');
            }
            sb.append(" vni ").append(vni).append(' ').append(address(v6, srcHi, srcLo));
            if (kind != KIND_ICMP_ERROR && kind != KIND_ICMP_OTHER && kind != KIND_GRE)
            {
                sb.append(kind == KIND_TCP || kind == KIND_UDP ? ":" : " id ").append(sport);
            }
            sb.append(" -> ").append(address(v6, dstHi, dstLo));
            if (kind == KIND_TCP || kind == KIND_UDP)
            {
                sb.append(':').append(dport);
            }
            if (inner != null)
            {
                sb.append(" {").append(inner.describe()).append('}');
            }
            return sb.toString();
        }

        /** The packet as it left a pipeline (same kind and flags), with the VNI it was sent to. */
        static Spec output(final Packet p, final Spec in)
        {
            final boolean v6 = p.parsed().ipVersion() == 6;
            final int kind = in.kind;
            final boolean ports = kind == KIND_TCP || kind == KIND_UDP;
            final boolean echo = kind == KIND_ECHO_REQUEST || kind == KIND_ECHO_REPLY;
            final int sport = ports ? p.srcPort() : echo ? p.icmpIdentifier() : 0;
            final int dport = ports ? p.dstPort() : 0;
            return new Spec(p.meta().dstVni(), v6, v6 ? p.srcIpv6Hi() : 0,
                v6 ? p.srcIpv6Lo() : p.srcIpv4() & 0xFFFF_FFFFL, v6 ? p.dstIpv6Hi() : 0,
                v6 ? p.dstIpv6Lo() : p.dstIpv4() & 0xFFFF_FFFFL, kind, sport, dport, in.tcpFlags, in.inner);
        }

        /** The answer of the destination: addresses and ports swapped, SYN answered by SYN+ACK. */
        Spec reply()
        {
            final int kind2 = kind == KIND_ECHO_REQUEST ? KIND_ECHO_REPLY : kind == KIND_ECHO_REPLY ?
                KIND_ECHO_REQUEST : kind;
            final int flags = (tcpFlags & TcpDescriptor.SYN) != 0 && (tcpFlags & TcpDescriptor.ACK) == 0 ?
                TcpDescriptor.SYN | TcpDescriptor.ACK : TcpDescriptor.ACK;
            return new Spec(vni, v6, dstHi, dstLo, srcHi, srcLo, kind2, dport, sport, flags, inner);
        }

        /** An ICMP error from the destination about this (output) packet. */
        Spec error()
        {
            return new Spec(vni, v6, dstHi, dstLo, srcHi, srcLo, KIND_ICMP_ERROR, 0, 0, 0, this);
        }

        String kindName()
        {
            return KIND_NAMES[kind];
        }

        Spec withFlags(final int flags)
        {
            return new Spec(vni, v6, srcHi, srcLo, dstHi, dstLo, kind, sport, dport, flags, inner);
        }
    }

    /** A packet's outcome in one pipeline. */
    record Outcome(DropReason reason, PipelineStage stage, int dstVni, int flags, byte[] out)
    {
        boolean accepted()
        {
            return reason == null;
        }

        boolean sameAs(final Outcome o)
        {
            return reason == o.reason && stage == o.stage && dstVni == o.dstVni && flags == o.flags &&
                Arrays.equals(out, o.out);
        }

        String key(final byte[] in)
        {
            if (reason != null)
            {
                return stage.label() + "/" + reason.label();
            }
            if (!Arrays.equals(in, out))
            {
                return "accept/translated";
            }
            return flags == 0 ? "accept/untranslated" : "accept/flagged-untranslated";
        }

        @Override
        public String toString()
        {
            return reason == null ? "accept dst_vpc " + dstVni + " flags 0x" + Integer.toHexString(flags) :
                "drop " + reason.label() + " in " + (stage == null ? "?" : stage.label());
        }
    }

    /** One pipeline and its publisher. */
    static final class Lane
    {
        final NatValidation validation;
        final FlowInfoAccess access;
        final ConfigPublisher publisher;
        final Pipeline pipeline;
        final PacketBatch batch = new PacketBatch(1);

        Lane(final Overlay overlay, final NatValidation validation, final FlowInfoAccess access)
        {
            this.validation = validation;
            this.access = access;
            final PipelineOptions options = PipelineOptions.DEFAULTS.withNatValidation(validation)
                .withFlowAccess(access).withFlowTable(FlowTableKind.LOCK_FREE).withFlowCapacity(1 << 12)
                .withBurstSize(1);
            this.publisher = new ConfigPublisher(overlay, 0, LookupKind.COMPILED);
            this.pipeline = new Pipeline(options, publisher, 0L);
        }

        Outcome send(final byte[] frame, final int vni, final long now)
        {
            batch.reset();
            final Packet p = batch.claim();
            p.copyFrom(new UnsafeBuffer(frame), 0, frame.length);
            p.meta().srcVni(vni);
            pipeline.process(batch, now);
            final DropReason reason = p.meta().dropReason();
            final int flags = p.meta().flags() & (PacketMeta.REQ_STATEFUL_NAT | PacketMeta.REQ_STATELESS_NAT |
                PacketMeta.REQ_PORT_FORWARDING | PacketMeta.NATTED);
            byte[] out = null;
            if (reason == null)
            {
                out = new byte[p.length()];
                p.buffer().getBytes(0, out);
            }
            return new Outcome(reason, pipeline.dropStage(0), reason == null ? p.meta().dstVni() : 0,
                reason == null ? flags : 0, out);
        }
    }

    /** What a run saw: overlays used and skipped, packets, and the tally of documented differences. */
    static final class Stats
    {
        int overlays;
        int skipped;
        long packets;
        long accepted;
        long masqueradeSessions;
        long masqueradeEstablished;
        long portForwardConnections;
        long portForwarded;
        final Map<String, Integer> differences = new TreeMap<>();
        final Map<String, Integer> outcomes = new TreeMap<>();
        final Map<String, Integer> undocumented = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
    }

    @Test
    void shouldDifferBetweenEarlyAndLateOnlyAsDocumented()
    {
        final Stats stats = run(DEFAULT_BASE_SEED, 24, 400);
        if (System.getProperty(SEED_PROPERTY) != null)
        {
            return; // one replayed overlay: the coverage checks below are about the whole run
        }
        // The test means something only if the traffic reaches the interesting branches.
        assertTrue(stats.overlays >= 16, "too few usable overlays: " + stats.overlays);
        assertTrue(stats.accepted > stats.packets / 10, "too few accepted packets: " + stats.accepted);
        assertTrue(stats.differences.keySet().stream().anyMatch(k -> k.startsWith("R1")), "no R1 drop reached");
        assertTrue(stats.differences.keySet().stream().anyMatch(k -> k.startsWith("R2")), "no R2 drop reached");
        assertTrue(stats.masqueradeSessions > 0, "no masquerade session created");
        assertTrue(stats.masqueradeEstablished > 0, "no masquerade session used");
        assertTrue(stats.portForwardConnections > 0, "no port-forward connection created");
        assertTrue(stats.portForwarded > 0, "no port-forward connection used");
    }

    /**
     * A replay of what the long run found on 4 December 2026: in overlay seed 12587172544867 a masquerade session
     * takes over the key of a port-forward connection's other direction, and packet 1050 is an ICMP error about that
     * connection. INLINE filtered it (the other direction's slot held another session's flow) where the object modes
     * translate it (their related flow is an orphan, still active) and upstream would (its weak reference is dead):
     * docs/spec/nat.md section 4.5 filters only an other direction that exists and is not active.
     */
    @Test
    void shouldTranslateAnErrorAboutAConnectionWhoseOtherKeyWasTakenOver()
    {
        final Stats stats = new Stats();
        runOverlay(12_587_172_544_867L, 1_100, stats); // a mode that disagrees fails at once
        assertEquals(1, stats.overlays);
        assertEquals(1_100, stats.packets, "stopped at an undocumented EARLY/LATE difference: " + stats.failures);
    }

    @Test
    @Tag("slow")
    void shouldDifferBetweenEarlyAndLateOnlyAsDocumentedOnLongTraffic()
    {
        final Stats stats = run(System.nanoTime(), 300, 2000);
        assertTrue(System.getProperty(SEED_PROPERTY) != null || stats.overlays >= 150,
            "too few usable overlays: " + stats.overlays);
    }

    private static Stats run(final long defaultBase, final int overlays, final int defaultPackets)
    {
        final String replay = System.getProperty(SEED_PROPERTY);
        final int packets = Integer.getInteger(PACKETS_PROPERTY, defaultPackets);
        final Stats stats = new Stats();
        if (replay != null)
        {
            System.out.println("EarlyLateDifferentialTest: replaying overlay seed " + replay);
            runOverlay(Long.parseLong(replay), packets, stats);
            return stats;
        }
        System.out.println("EarlyLateDifferentialTest: base seed " + defaultBase + " (replay overlay seed S with -D" +
            SEED_PROPERTY + "=S)");
        for (int i = 0; i < overlays; i++)
        {
            runOverlay(defaultBase + i, packets, stats);
        }
        System.out.println("EarlyLateDifferentialTest: " + stats.overlays + " overlays (" + stats.skipped +
            " skipped), " + stats.packets + " packets, " + stats.accepted + " accepted; documented differences " +
            stats.differences + "; outcomes " + stats.outcomes);
        if (!stats.failures.isEmpty())
        {
            fail(stats.failures.size() + " overlays with an undocumented EARLY/LATE difference " + stats.undocumented +
                "; first ones:\n" + String.join("\n", stats.failures.subList(0, Math.min(8, stats.failures.size()))));
        }
        return stats;
    }

    /** Null when the overlay is valid and its tables build, else why not. */
    static String unusable(final Overlay overlay)
    {
        if (!OverlayValidator.validate(overlay).isEmpty())
        {
            return "invalid: " + OverlayValidator.validate(overlay).get(0);
        }
        try
        {
            PipelineConfig.build(overlay, 0, LookupKind.COMPILED, MasqueradeAllocator.deterministic(),
                new PortForwardMappings());
            return null;
        }
        catch (final NatConfigException | TableConflictException ex)
        {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    private static void runOverlay(final long seed, final int packets, final Stats stats)
    {
        final RandomOverlays random = new RandomOverlays(seed);
        final Overlay overlay = random.validOverlay();
        final String why = unusable(overlay);
        if (why != null)
        {
            stats.skipped++;
            System.out.println("EarlyLateDifferentialTest: overlay seed " + seed + " skipped: " + why);
            return;
        }
        stats.overlays++;
        final List<Lane> lanes = new ArrayList<>();
        for (final NatValidation v : NatValidation.values())
        {
            for (final FlowInfoAccess a : ACCESSES)
            {
                lanes.add(new Lane(overlay, v, a));
            }
        }
        final Lane early = lane(lanes, NatValidation.EARLY, FlowInfoAccess.SINGLE_LOCK);
        final Lane late = lane(lanes, NatValidation.LATE, FlowInfoAccess.SINGLE_LOCK);
        final List<Spec[]> history = new ArrayList<>();
        long now = SECOND;
        for (int index = 0; index < packets; index++)
        {
            // Events: republish (stale flows), a new overlay, the clock jumping past idle timeouts.
            final int event = random.nextInt(100);
            if (event < 2)
            {
                publishAll(lanes, overlay);
            }
            else if (event == 2)
            {
                final Overlay next = random.validOverlay();
                if (unusable(next) == null)
                {
                    publishAll(lanes, next);
                }
            }
            else if (event == 3)
            {
                now += (1 + random.nextInt(400)) * SECOND;
            }
            now += random.nextInt(1_000_000);
            final Spec spec = next(random, overlay, history);
            final byte[] frame = spec.builder().build();
            final long lateR1 = late.pipeline.flowFilter().natRequirementDrops(true);
            final long earlyR1 = early.pipeline.flowFilter().natRequirementDrops(true);
            final long earlyR2 = early.pipeline.flowFilter().natRequirementDrops(false);
            final Outcome[] outcomes = new Outcome[lanes.size()];
            for (int l = 0; l < lanes.size(); l++)
            {
                outcomes[l] = lanes.get(l).send(frame, spec.vni(), now);
            }
            assertEquals(lateR1, late.pipeline.flowFilter().natRequirementDrops(true), "LATE never checks");
            final String where = "overlay seed " + seed + " packet " + index + ": " + spec.describe();
            final Outcome e = outcomes[lanes.indexOf(early)];
            final Outcome lt = outcomes[lanes.indexOf(late)];
            for (int l = 0; l < lanes.size(); l++)
            {
                final Lane lane = lanes.get(l);
                final Outcome ref = lane.validation == NatValidation.EARLY ? e : lt;
                if (!outcomes[l].sameAs(ref))
                {
                    fail(where + ": " + lane.validation + " " + lane.access + " gives " + outcomes[l] + " but " +
                        "SINGLE_LOCK gives " + ref + (ref.accepted() && outcomes[l].accepted() ? " (bytes differ)" :
                        ""));
                }
            }
            stats.packets++;
            tally(stats.outcomes, e.key(frame) + " " + spec.kindName());
            if (!e.sameAs(lt) && !documented(stats, where, spec, frame, e, lt,
                early.pipeline.flowFilter().natRequirementDrops(true) != earlyR1,
                early.pipeline.flowFilter().natRequirementDrops(false) != earlyR2))
            {
                return; // the pipelines' states may diverge from here: next overlay
            }
            if (e.accepted())
            {
                stats.accepted++;
                if (history.size() == HISTORY)
                {
                    history.remove(random.nextInt(HISTORY));
                }
                history.add(new Spec[] {spec, Spec.output(early.batch.packet(0), spec)});
            }
        }
        stats.masqueradeSessions += early.pipeline.masquerade().created();
        stats.masqueradeEstablished += early.pipeline.masquerade().established();
        stats.portForwardConnections += early.pipeline.portForward().created();
        stats.portForwarded += early.pipeline.portForward().forwarded();
    }

    /** Whether an EARLY/LATE difference is the documented one; tallies it either way. */
    private static boolean documented(
        final Stats stats, final String where, final Spec spec, final byte[] frame, final Outcome e, final Outcome lt,
        final boolean r1, final boolean r2)
    {
        final boolean earlyCheck = e.reason() == DropReason.FILTERED && e.stage() == PipelineStage.FLOW_FILTER &&
            (r1 || r2);
        final String rule = r1 ? "R1 " : r2 ? "R2 " : "";
        final String late = lt.key(frame);
        final List<String> allowed = r1 ? LATE_FOR_R1 : LATE_FOR_R2;
        if (earlyCheck && (allowed.contains("*:" + late) || allowed.contains(spec.kindName() + ":" + late)))
        {
            tally(stats.differences, rule + spec.kindName() + " -> " + late);
            return true;
        }
        stats.failures.add(where + ": EARLY gives " + e + (r1 ? " (R1)" : r2 ? " (R2)" : "") + ", LATE gives " + lt +
            (e.accepted() && lt.accepted() ? " (bytes differ)" : ""));
        tally(stats.undocumented, rule + spec.kindName() + " " + e.key(frame) + " -> " + late);
        return false;
    }

    private static void publishAll(final List<Lane> lanes, final Overlay overlay)
    {
        for (final Lane lane : lanes)
        {
            lane.publisher.publish(overlay);
        }
    }

    private static Lane lane(final List<Lane> lanes, final NatValidation v, final FlowInfoAccess a)
    {
        for (final Lane lane : lanes)
        {
            if (lane.validation == v && lane.access == a)
            {
                return lane;
            }
        }
        throw new IllegalStateException();
    }

    private static void tally(final Map<String, Integer> map, final String key)
    {
        map.merge(key, 1, Integer::sum);
    }

    private static Spec next(final RandomOverlays random, final Overlay overlay, final List<Spec[]> history)
    {
        final int k = random.nextInt(100);
        if (!history.isEmpty() && k < 45)
        {
            final Spec[] h = history.get(random.nextInt(history.size()));
            final Spec in = h[0];
            final Spec out = h[1];
            if (k < 25)
            {
                return out.reply();
            }
            if (k < 37)
            {
                // The same flow again: the same packet, or for TCP the next segment (ACK).
                return in.kind() == KIND_TCP && random.nextInt(2) == 0 ? in.withFlags(TcpDescriptor.ACK) : in;
            }
            if (k < 41 && out.kind() != KIND_ICMP_ERROR)
            {
                return out.error();
            }
            // The reply's answer: the original sender continues the exchange.
            return in.kind() == KIND_TCP ? in.withFlags(TcpDescriptor.ACK) : in;
        }
        final List<Vpc> vpcs = overlay.vpcs();
        final Vpc vpc = vpcs.get(random.nextInt(vpcs.size()));
        final int vni = random.nextInt(20) == 0 ? (random.nextInt(2) == 0 ? 0 : 999) : vpc.vni();
        final boolean v6 = random.ipv6();
        long[] s = random.address();
        long[] d = random.address();
        int sport = nonZero(random, random.port());
        int dport = nonZero(random, random.port());
        final List<VpcPeering> peerings = overlay.peeringsOf(vpc.name());
        if (!peerings.isEmpty() && random.nextInt(10) < 7)
        {
            // Targeted: from one of the VPC's exposes towards a public address of the peer's.
            final VpcPeering peering = peerings.get(random.nextInt(peerings.size()));
            final PrefixWithOptionalPorts from = pick(random, peering.local().exposes(), false);
            final PrefixWithOptionalPorts to = pick(random, peering.remote().exposes(), true);
            if (from != null)
            {
                s = random.inside(from);
                sport = nonZero(random, random.portIn(from));
            }
            if (to != null)
            {
                d = random.inside(to);
                dport = nonZero(random, random.portIn(to));
            }
        }
        final long sHi = v6 ? s[0] : 0;
        final long sLo = v6 ? s[1] : s[0] >>> 32;
        final long dHi = v6 ? d[0] : 0;
        final long dLo = v6 ? d[1] : d[0] >>> 32;
        final int p = random.nextInt(100);
        if (p < 35)
        {
            final int flags = random.nextInt(4) == 0 ? TcpDescriptor.ACK : random.nextInt(8) == 0 ?
                TcpDescriptor.SYN | TcpDescriptor.ACK : TcpDescriptor.SYN;
            return new Spec(vni, v6, sHi, sLo, dHi, dLo, KIND_TCP, sport, dport, flags, null);
        }
        if (p < 65)
        {
            return new Spec(vni, v6, sHi, sLo, dHi, dLo, KIND_UDP, sport, dport, 0, null);
        }
        if (p < 80)
        {
            return new Spec(vni, v6, sHi, sLo, dHi, dLo, KIND_ECHO_REQUEST, random.nextInt(65536), 0, 0, null);
        }
        if (p < 92)
        {
            // About a packet from the destination to the source (as if the source had sent something back).
            final Spec inner = new Spec(0, v6, dHi, dLo, sHi, sLo, random.nextInt(2) == 0 ? KIND_UDP : KIND_TCP,
                dport, sport, TcpDescriptor.SYN, null);
            return new Spec(vni, v6, sHi, sLo, dHi, dLo, KIND_ICMP_ERROR, 0, 0, 0, inner);
        }
        if (p < 96)
        {
            return new Spec(vni, v6, sHi, sLo, dHi, dLo, KIND_ICMP_OTHER, 0, 0, 0, null);
        }
        return new Spec(vni, v6, sHi, sLo, dHi, dLo, KIND_GRE, 0, 0, 0, null);
    }

    /** Port 0 is malformed (parse drops it): keep a few. */
    private static int nonZero(final RandomOverlays random, final int port)
    {
        return port != 0 || random.nextInt(10) == 0 ? port : 1 + random.nextInt(65535);
    }

    private static PrefixWithOptionalPorts pick(
        final RandomOverlays random, final List<Expose> exposes, final boolean published)
    {
        final Expose x = exposes.get(random.nextInt(exposes.size()));
        final List<PrefixWithOptionalPorts> prefixes = published ? x.publicIps() : x.ips();
        return prefixes.isEmpty() ? null : prefixes.get(random.nextInt(prefixes.size()));
    }

    private static String address(final boolean v6, final long hi, final long lo)
    {
        return v6 ? "[" + IpAddresses.ipv6ToString(hi, lo) + "]" : IpAddresses.ipv4ToString((int) lo);
    }
}
