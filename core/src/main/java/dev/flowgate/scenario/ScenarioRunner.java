// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.scenario;

import dev.flowgate.filter.FlowFilterContext;
import dev.flowgate.filter.FlowFilterStage;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.CountingSyncCounter;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowHolder;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.flow.SyncCounter;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.Icmp4Descriptor;
import dev.flowgate.packet.hdr.Icmp6Descriptor;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.ParsedPacket;
import dev.flowgate.pipeline.ConfigPublisher;
import dev.flowgate.pipeline.FlowLookupStage;
import dev.flowgate.pipeline.ParseStage;
import dev.flowgate.pipeline.Pipeline;
import dev.flowgate.pipeline.PipelineOptions;
import dev.flowgate.pipeline.PipelineStage;
import dev.flowgate.packet.hdr.IpProtocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs a {@link Scenario}: builds each packet with {@link PacketBuilder} (replies and ICMP errors from earlier
 * packets' outputs), pushes the packets in file order, one burst each, through one pipeline instance (or, for the
 * flow-filter stage, through the parser and the flow-filter with the {@code flow:} information attached), with a fake
 * clock (packet i at i milliseconds), and checks the expectations.
 */
public final class ScenarioRunner
{
    private static final long TICK_NANOS = 1_000_000L;
    private static final int ICMP_ID_BASE = 1000;

    private final Scenario scenario;
    private final Settings settings;
    private final Map<String, Sent> sent = new HashMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private final PacketBatch batch = new PacketBatch(1);
    private final CountingSyncCounter counter = new CountingSyncCounter();

    /**
     * How to run.
     *
     * @param natValidation EARLY or LATE.
     * @param flowAccess    the flow-filter's flow-information access.
     * @param syncStats     count the flow-filter's flow accesses per packet.
     * @param lookup        the flow-filter lookup implementation.
     */
    public record Settings(NatValidation natValidation, FlowInfoAccess flowAccess, boolean syncStats, LookupKind lookup)
    {
        /** EARLY, SINGLE_LOCK, no sync stats, COMPILED. */
        public static final Settings DEFAULTS =
            new Settings(NatValidation.EARLY, FlowInfoAccess.SINGLE_LOCK, false, LookupKind.COMPILED);
    }

    /** What a packet looked like as it left the pipeline. */
    private record Sent(String proto, Endpoint src, Endpoint dst, int icmpId, int dstVni, boolean dropped)
    {
    }

    private ScenarioRunner(final Scenario scenario, final Settings settings)
    {
        this.scenario = scenario;
        this.settings = settings;
    }

    /**
     * Runs a scenario. With LATE in the pipeline stage, the scenario is also run with EARLY and every packet whose
     * verdict differs is reported as a behavioural difference.
     *
     * @param scenario the scenario.
     * @param settings how to run it.
     * @return the outcomes, failed expectations and differences.
     */
    public static ScenarioResult run(final Scenario scenario, final Settings settings)
    {
        final ScenarioRunner runner = new ScenarioRunner(scenario, settings);
        final List<PacketOutcome> outcomes = runner.runAll();
        final List<String> differences = new ArrayList<>();
        if (settings.natValidation() == NatValidation.LATE && scenario.stage() == ScenarioStage.PIPELINE)
        {
            final Settings early = new Settings(NatValidation.EARLY, settings.flowAccess(), false, settings.lookup());
            final List<PacketOutcome> base = new ScenarioRunner(scenario, early).runAll();
            for (int i = 0; i < Math.min(base.size(), outcomes.size()); i++)
            {
                final PacketOutcome e = base.get(i);
                final PacketOutcome l = outcomes.get(i);
                if (!e.verdict().equals(l.verdict()) || !String.valueOf(e.reason()).equals(String.valueOf(l.reason())))
                {
                    differences.add(scenario.source() + ": packet " + l.packet() + ": behavioural difference: early " +
                        describe(e) + ", late " + describe(l));
                }
            }
        }
        return new ScenarioResult(outcomes, runner.mismatches, differences);
    }

    private static String describe(final PacketOutcome o)
    {
        return o.accepted() ? "accept" : "drop " + o.reason() + " in " + o.stage();
    }

    private List<PacketOutcome> runAll()
    {
        final SyncCounter sync = settings.syncStats() ? counter : SyncCounter.OFF;
        final List<PacketOutcome> outcomes = new ArrayList<>();
        final List<PacketSpec> packets = scenario.packets();
        if (scenario.stage() == ScenarioStage.PIPELINE)
        {
            final PipelineOptions options = PipelineOptions.DEFAULTS.withNatValidation(settings.natValidation())
                .withFlowAccess(settings.flowAccess()).withLookup(settings.lookup()).withBurstSize(1);
            final ConfigPublisher publisher = new ConfigPublisher(scenario.overlay(), scenario.genid(),
                settings.lookup());
            final Pipeline pipeline = new Pipeline(options, publisher,
                FlowTable.create(options.flowTable(), options.flowCapacity(), options.flowAccess()), sync, 0L);
            for (int i = 0; i < packets.size(); i++)
            {
                final PacketSpec spec = packets.get(i);
                final Packet p = prepare(spec, i);
                if (p == null)
                {
                    continue;
                }
                final long[] before = pipeline.dropCounters().stageTotals();
                counter.packet();
                pipeline.process(batch, i * TICK_NANOS);
                final long[] after = pipeline.dropCounters().stageTotals();
                String stage = null;
                for (int s = 0; s < before.length; s++)
                {
                    stage = after[s] != before[s] ? PipelineStage.of(s).label() : stage;
                }
                outcomes.add(finish(spec, i, p, stage, true));
            }
        }
        else
        {
            final FlowFilterContext ctx = FlowFilterContext.build(scenario.overlay(), settings.lookup());
            final FlowFilterStage filter = new FlowFilterStage(settings.natValidation(), settings.flowAccess(), sync);
            final ParseStage parse = new ParseStage();
            final MutableFlowKey key = new MutableFlowKey();
            // INLINE: a flow: block is held in a small LOCK_FREE table and read inline, as the pipeline reads it.
            final InlineFlowHolder holder = settings.flowAccess() == FlowInfoAccess.INLINE ?
                new InlineFlowHolder() : null;
            for (int i = 0; i < packets.size(); i++)
            {
                final PacketSpec spec = packets.get(i);
                final Packet p = prepare(spec, i);
                if (p == null)
                {
                    continue;
                }
                parse.process(batch);
                final boolean parseDrop = p.meta().isDone();
                final FlowInfo flow = spec.flow() == null ? null : flow(spec.flow(), p, key);
                counter.packet();
                filter.processPacket(p, flow, flow == null || holder == null ? null : holder.hold(flow), ctx,
                    scenario.genid(), i * TICK_NANOS);
                final String stage = !p.meta().isDropped() ? null : parseDrop ? PipelineStage.PARSE.label() :
                    PipelineStage.FLOW_FILTER.label();
                outcomes.add(finish(spec, i, p, stage, false));
            }
        }
        return outcomes;
    }

    private FlowInfo flow(final PacketSpec.FlowSpec spec, final Packet p, final MutableFlowKey key)
    {
        if (!FlowLookupStage.buildKey(p, key))
        {
            key.ipv4Ports(p.meta().srcVni(), 0, 0, 6, 1, 1);
        }
        final FlowInfo f = new FlowInfo(key.toImmutable(), Long.MAX_VALUE, settings.flowAccess());
        f.writeLocked(spec.dstVni(), spec.nat() ? "masquerade-state" : null, spec.pf() ? "port-forward-state" : null);
        f.genid(spec.genid());
        f.status(spec.status());
        return f;
    }

    /** Builds the packet into the batch; null (and a mismatch) when a reply cannot be built. */
    private Packet prepare(final PacketSpec spec, final int index)
    {
        batch.reset();
        final Packet p = batch.claim();
        if (spec.raw() != null)
        {
            p.copyFrom(new UnsafeBuffer(spec.raw()), 0, spec.raw().length);
            p.meta().srcVni(spec.srcVni()).setFlags(PacketMeta.IS_OVERLAY);
            return p;
        }
        final PacketBuilder b = new PacketBuilder();
        final String proto;
        final Endpoint src;
        final Endpoint dst;
        final int srcVni;
        int icmpId = ICMP_ID_BASE + index;
        int flags = spec.tcpFlags();
        if (spec.replyTo() != null)
        {
            final Sent request = sent.get(spec.replyTo());
            if (request == null || request.dropped())
            {
                mismatches.add(scenario.source() + ": packet " + spec.name() + ": reply_to " + spec.replyTo() +
                    ": that packet was dropped, there is nothing to reply to");
                batch.reset();
                return null;
            }
            proto = "icmp".equals(request.proto()) ? "icmp-reply" : request.proto();
            src = request.dst();
            dst = request.src();
            srcVni = request.dstVni();
            icmpId = request.icmpId();
            flags = flags < 0 ? TcpDescriptor.SYN | TcpDescriptor.ACK : flags;
        }
        else
        {
            proto = spec.proto();
            src = spec.src();
            dst = spec.dst();
            srcVni = spec.srcVni();
            flags = flags < 0 ? TcpDescriptor.SYN : flags;
        }
        addresses(b, src, dst);
        switch (proto)
        {
            case "tcp":
                b.tcp(src.port(), dst.port()).flags(flags);
                break;
            case "udp":
                b.udp(src.port(), dst.port());
                break;
            case "icmp":
                b.icmpEchoRequest(icmpId, 1);
                break;
            case "icmp-reply":
                b.icmpEchoReply(icmpId, 1);
                break;
            default:
                // Destination unreachable, port unreachable (ICMPv6 code 4, ICMPv4 code 3).
                b.icmpError(src.ipv6() ? Icmp6Descriptor.TYPE_DEST_UNREACHABLE : Icmp4Descriptor.TYPE_DEST_UNREACHABLE,
                    src.ipv6() ? 4 : 3, embedded(spec));
                break;
        }
        b.writeTo(p);
        // Scenario packets arrive as overlay traffic; one without a source VPC takes the unroutable branch.
        p.meta().srcVni(srcVni).setFlags(PacketMeta.IS_OVERLAY);
        return p;
    }

    private PacketBuilder embedded(final PacketSpec spec)
    {
        final PacketBuilder inner = new PacketBuilder();
        final String proto;
        final Endpoint src;
        final Endpoint dst;
        int icmpId = ICMP_ID_BASE;
        if (spec.innerOf() != null)
        {
            final Sent offending = sent.get(spec.innerOf());
            proto = offending.proto().startsWith("icmp") ? "icmp" : offending.proto();
            src = offending.src();
            dst = offending.dst();
            icmpId = offending.icmpId();
        }
        else
        {
            proto = spec.inner().proto();
            src = spec.inner().src();
            dst = spec.inner().dst();
        }
        addresses(inner, src, dst);
        if ("tcp".equals(proto))
        {
            inner.tcp(src.port(), dst.port()).flags(TcpDescriptor.SYN);
        }
        else if ("udp".equals(proto))
        {
            inner.udp(src.port(), dst.port());
        }
        else
        {
            inner.icmpEchoRequest(icmpId, 1);
        }
        return inner;
    }

    private static void addresses(final PacketBuilder b, final Endpoint src, final Endpoint dst)
    {
        if (src.ipv6())
        {
            b.ipv6(src.hi(), src.lo(), dst.hi(), dst.lo());
        }
        else
        {
            b.ipv4((int) src.lo(), (int) dst.lo());
        }
    }

    private PacketOutcome finish(
        final PacketSpec spec, final int index, final Packet p, final String stage, final boolean pipeline)
    {
        final PacketMeta meta = p.meta();
        final boolean dropped = meta.isDropped();
        final List<String> nat = new ArrayList<>();
        if (meta.hasFlags(PacketMeta.REQ_STATEFUL_NAT))
        {
            nat.add("masquerade");
        }
        if (meta.hasFlags(PacketMeta.REQ_PORT_FORWARDING))
        {
            nat.add("port-forward");
        }
        if (meta.hasFlags(PacketMeta.REQ_STATELESS_NAT))
        {
            nat.add("static");
        }
        Endpoint outSrc = null;
        Endpoint outDst = null;
        int icmpId = ICMP_ID_BASE + index;
        String proto = spec.proto();
        final ParsedPacket parsed = p.parsed();
        if (!dropped && parsed.isOk())
        {
            final boolean v6 = parsed.ipVersion() == 6;
            final boolean ports = IpProtocol.hasPorts(parsed.protocol());
            final int sp = ports ? p.srcPort() : -1;
            final int dp = ports ? p.dstPort() : -1;
            outSrc = v6 ? new Endpoint(true, p.srcIpv6Hi(), p.srcIpv6Lo(), sp) : Endpoint.v4(p.srcIpv4(), sp);
            outDst = v6 ? new Endpoint(true, p.dstIpv6Hi(), p.dstIpv6Lo(), dp) : Endpoint.v4(p.dstIpv4(), dp);
            if (!ports && !parsed.hasEmbeddedPacket())
            {
                icmpId = p.icmpIdentifier();
            }
            proto = parsed.protocol() == IpProtocol.TCP ? "tcp" : parsed.protocol() == IpProtocol.UDP ? "udp" :
                parsed.hasEmbeddedPacket() ? "icmp-error" : "icmp";
        }
        sent.put(spec.name(), new Sent(proto, outSrc, outDst, icmpId, meta.dstVni(), dropped || outSrc == null));
        final int[] sync = settings.syncStats() ?
            new int[] {counter.packetStatusLoads(), counter.packetGenidLoads(), counter.packetLocks()} : null;
        final DropReason reason = dropped ? meta.dropReason() : null;
        final PacketOutcome outcome = new PacketOutcome(spec.name(), dropped ? "drop" : "accept",
            reason == null ? null : reason.label(), stage, meta.dstVni(), List.copyOf(nat),
            pipeline && outSrc != null ? outSrc.toString() : null,
            pipeline && outDst != null ? outDst.toString() : null, sync);
        check(spec, outcome, outSrc, outDst);
        return outcome;
    }

    private void check(
        final PacketSpec spec, final PacketOutcome o, final Endpoint outSrc, final Endpoint outDst)
    {
        final PacketSpec.ExpectSpec e = spec.expect();
        if (e == null)
        {
            return;
        }
        if (e.verdict() != null && !e.verdict().equals(o.verdict()))
        {
            mismatch(spec, "verdict", e.verdict(), o.verdict() + (o.reason() == null ? "" : " (" + o.reason() + ")"));
        }
        if (e.reason() != null && !e.reason().equals(o.reason()))
        {
            mismatch(spec, "reason", e.reason(), String.valueOf(o.reason()));
        }
        if (e.dstVpcSet() && e.dstVni() != o.dstVni())
        {
            mismatch(spec, "dst_vpc", vni(e.dstVni()), vni(o.dstVni()));
        }
        if (e.nat() != null && !e.nat().equals(o.nat()))
        {
            mismatch(spec, "nat", e.nat().toString(), o.nat().toString());
        }
        checkOut(spec, "out.src", e.outSrc(), outSrc, o);
        checkOut(spec, "out.dst", e.outDst(), outDst, o);
    }

    private void checkOut(
        final PacketSpec spec, final String field, final Endpoint want, final Endpoint got, final PacketOutcome o)
    {
        if (want == null)
        {
            return;
        }
        if (got == null || !o.accepted())
        {
            mismatch(spec, field, want.toString(), "null (dropped)");
            return;
        }
        final Endpoint compared = want.port() < 0 ? got.withPort(-1) : got;
        if (!compared.equals(want))
        {
            mismatch(spec, field, want.toString(), got.toString());
        }
    }

    private static String vni(final int vni)
    {
        return vni == 0 ? "null" : Integer.toString(vni);
    }

    private void mismatch(final PacketSpec spec, final String field, final String want, final String got)
    {
        mismatches.add(scenario.source() + ":" + spec.node().line() + ": packet " + spec.name() + ": " + field +
            ": expected " + want + ", got " + got);
    }
}
