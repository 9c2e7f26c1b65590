// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;

import dev.flowgate.bench.HeapUsage;
import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.PacketTemplates;
import dev.flowgate.bench.workload.SessionHandles;
import dev.flowgate.bench.workload.Topology;
import dev.flowgate.bench.workload.TrafficGenerator;
import dev.flowgate.bench.workload.VerdictCheck;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.flow.SyncCounter;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.PacketBuilder;
import dev.flowgate.packet.hdr.IpProtocol;
import dev.flowgate.packet.hdr.TcpDescriptor;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;
import dev.flowgate.packet.parse.PacketParser;
import dev.flowgate.nat.PortForwardTables;
import dev.flowgate.pipeline.ConfigPublisher;
import dev.flowgate.pipeline.DropCounters;
import dev.flowgate.pipeline.Pipeline;
import dev.flowgate.pipeline.PipelineOptions;
import dev.flowgate.pipeline.PipelineStage;

/**
 * The whole pipeline over a mix: the default topology published at genid {@link #GENID}, one shared flow table
 * populated to {@code flows} entries (the sessions of the generated connections plus filler pairs no packet hits),
 * and a pool of generated packets the bursts cycle through. Every pass restores the burst from its template bytes
 * (the pipeline parses and NAT rewrites; the restore cost is {@code BurstRestoreBenchmark}'s).
 *
 * <p>Working set: the established, stale and realistic pools are sized ({@link #poolSize}) so that their
 * connections hold every entry of the table (established: one packet per entry, stale: one per pair, realistic:
 * the connections plus the live new sessions make up {@code flows}), rounded up to a whole burst; one pool cycle
 * touches all of them once, in the generator's shuffled order (uniform). The other mixes create sessions or find
 * none, and keep a pool of 2^16 packets (2^12 below 2^16 flows) over filler. Setup measures the heap the table
 * retains per entry ({@link #bytesPerFlow}: table arrays at their load factor, flows, keys, NAT sessions) and
 * prints it with the touched entries and their MiB; {@link WorkingSet} reports them as secondary results.
 *
 * <p>Sessions are created the real way, in setup: each established or stale connection's first packet (a TCP SYN,
 * forward direction) goes through a setup pipeline, whose masquerade stage allocates the session and inserts the
 * flow pair; the reply-direction templates are then rebuilt from the packet as it left the pipeline (addresses and
 * ports swapped, source VNI = the destination VNI the flow-filter set), as a scenario's {@code reply_to} does. One
 * pass of the connections' packets then revalidates the new flows (NAT stages create them at genid 0), so
 * established packets take the bypass. For the stale mix a new configuration is then published (genid + 1): the
 * flows are one generation behind, and every pass puts the stale flows back one genid behind (the flow-filter
 * re-stamps them on accept). Port-forward connections are generated only when the pipeline has a port-forward stage
 * ({@link #PORT_FORWARD_STAGE}); until then every connection is masqueraded.
 *
 * <p>Sessions without flow objects (INLINE, docs/spec/flow-table.md section 11.13, P7): a connection whose forward
 * key maps {@link FlowInfo#INLINE_SESSION} after its first packet keeps its session's handle ({@link SessionHandles},
 * read by {@code InlineSessions.find}); its templates carry the sentinel, and what the object modes do through the
 * flows (the stale templates' genid put back every pass, the writer's re-stamp) is done by that handle. Under INLINE
 * the filler is sessions too, so that {@link #bytesPerFlow} counts what the stages create.
 *
 * <p>New-valid packets: a masquerade first packet creates a session, so replaying the same bytes would make it an
 * established packet from the second cycle on (so would a multi-match packet resolved to masquerade by rule A).
 * Each worker therefore rewrites the client's port of every new-valid and multi-match packet per pool cycle (from
 * the 64512 ephemeral ports, offset per worker, incremental checksum update), so each is really a first packet.
 * Sessions expire through the worker's wheel: the worker's clock advances so that a pool cycle lasts two thirds of
 * the port-forward stage's initial timeout (10 s, fixed), and the masquerade pools' idle timeout is set to the same
 * 10 s: established sessions (hit once per cycle) stay, new ones are reaped after about 1.5 cycles. The filler is
 * reduced by the live new sessions' entries, so the table holds about {@code flows} entries in steady state
 * (setup's sessions are on setup pipelines' wheels, never reaped; the check's are reaped at its end). The
 * pipeline's expirations visit at most a burst's worth of wheel entries per burst, less than the clock's ticks plus
 * the reaping of a mix where every packet creates a session needs, so the worker gives its wheel eight more bursts'
 * worth after every pass (the same for every variant).
 *
 * <p>Setup symmetry: where no packet of the mix is invalid-nat, {@link #checkMix} passes the pool under EARLY and
 * LATE in every fork (EARLY first), so the forks of the two validations do the same setup work, train the JIT on the
 * same passes, and prove they process the same mix.
 */
final class PipelineFixture
{
    /** Masquerade workers the publisher's allocator serves: the most threads a pipeline benchmark runs (@Threads). */
    static final int WORKERS = 2;
    /** The genid of the first published configuration. */
    static final long GENID = 5;
    /** The traffic seed. */
    static final long SEED = 0x5EED_919EL;
    /** The port-forward stage's name. */
    static final String PORT_FORWARD_STAGE = PipelineStage.PORT_FORWARD.label();
    private static final int EPHEMERAL_FIRST = TrafficGenerator.EPHEMERAL_FIRST;
    private static final int EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;
    /** Table entries a session-creating template holds in steady state (at most a pair, for 1.5 pool cycles). */
    private static final int LIVE_ENTRIES_PER_CREATING = 3;
    private static final double MIB = 1 << 20;

    final Mix mix;
    final double invalidRatio;
    final PacketTemplates templates;
    /** Per template, its connection's flow in its direction ({@link FlowInfo#INLINE_SESSION}: a session), or null. */
    final FlowInfo[] flows;
    /** Per connection, its session's handle when the stages created it without flow objects. */
    final SessionHandles handles;
    final ConfigPublisher publisher;
    final FlowTable flowTable;
    final PipelineOptions options;
    final int pool;
    final long genid;
    final long clockStep;
    final long idleTimeoutNanos;
    /** Per template: the L4 offset of a new-valid packet whose source port varies per cycle, or -1. */
    final int[] varyL4;
    /** Per template: its IP protocol (for the checksum offset). */
    final int[] protocols;
    /** Per template: the offset of the port that varies. */
    final int[] portOffset;
    /** Per template: the verdict the setup check saw under the benchmark's validation ({@link VerdictCheck#code}). */
    final byte[] expectedVerdicts;
    /** Established templates before each template: the bypasses a range of the pool must count. */
    final int[] bypassesBefore;
    /** Heap bytes the table retains after setup: slots, flows, keys, sessions, filler. */
    private final long tableHeap;
    /**
     * Heap bytes the table retains per entry (flows, keys, sessions, slots at their load factor): after setup, and for
     * a mix that creates sessions again once the first worker has settled ({@link #settled}), whose table setup leaves
     * nearly empty; NaN while the table has no entry.
     */
    double bytesPerFlow;
    /** Table entries the pool touches once per cycle ({@link #touchedEntries}). */
    final long touchedFlows;
    private int workers;

    PipelineFixture(final String mix, final double invalidRatio, final PipelineOptions options, final int flowCount)
    {
        this.options = options;
        this.mix = Mix.fromLabel(mix);
        this.invalidRatio = invalidRatio;
        this.pool = poolSize(this.mix, flowCount, invalidRatio, options.burstSize());
        // New sessions expire after 1.5 pool cycles of a worker's clock: the port-forward stage's initial timeout
        // (not configurable) sets the cycle's length, and the masquerade pools get the same idle timeout.
        final int cycleBursts = pool / options.burstSize();
        idleTimeoutNanos = PortForwardTables.INITIAL_TIMEOUT.toNanos();
        clockStep = idleTimeoutNanos * 2 / (3L * cycleBursts);
        final Topology topology = Topology.withIdleTimeout(Duration.ofNanos(idleTimeoutNanos));
        templates = new TrafficGenerator(topology, SEED).portForwardConnections(PORT_FORWARD_STAGE != null)
            .generate(this.mix, pool, invalidRatio);
        publisher = new ConfigPublisher(topology.overlay(), GENID, options.lookup(), WORKERS);
        handles = new SessionHandles(templates.connectionCount()); // bookkeeping, outside the table's heap
        final long heapBefore = HeapUsage.usedAfterGc(2);
        flowTable = FlowTable.create(options.flowTable(), options.flowCapacity(), options.flowAccess());
        handles.bind(flowTable);
        final FlowInfo[] forwardFlows = createSessions();
        flows = templates.flowsOf(forwardFlows);
        revalidate(false);
        if (templates.classCounts().containsKey(PacketClass.STALE))
        {
            // Every flow is now one generation behind; the established ones are revalidated again.
            publisher.publish(topology.overlay());
            revalidate(true);
        }
        genid = publisher.laCurrent().genid();
        // Steady-state occupancy is about {@code flowCount}: the live new sessions (at most two entries per
        // new-valid or multi-match template for 1.5 cycles) take the place of filler.
        final int creating = templates.classCounts().getOrDefault(PacketClass.NEW_VALID, 0) +
            templates.classCounts().getOrDefault(PacketClass.MULTI_MATCH, 0);
        fill(flowCount - flowTable.size() - LIVE_ENTRIES_PER_CREATING * creating, options.flowAccess());
        tableHeap = HeapUsage.usedAfterGc(2) - heapBefore;
        bytesPerFlow = perEntry(tableHeap);
        touchedFlows = touchedEntries(templates);
        varyL4 = new int[pool];
        protocols = new int[pool];
        portOffset = new int[pool];
        findVaryingPorts();
        expectedVerdicts = new byte[pool];
        bypassesBefore = new int[pool + 1];
        for (int t = 0; t < pool; t++)
        {
            bypassesBefore[t + 1] = bypassesBefore[t] + (templates.packetClass(t) == PacketClass.ESTABLISHED ? 1 : 0);
        }
    }

    /**
     * The pool of a mix at {@code flows} entries: for the established, stale and realistic mixes enough packets that
     * their connections (plus, realistic, the live new sessions) make up every entry, a whole number of bursts;
     * else the fixed pool of 2^16 (2^12 below 2^16 flows).
     *
     * @param mix          the mix.
     * @param flows        the table's entries.
     * @param invalidRatio the realistic mix's invalid share.
     * @param burst        the burst size.
     * @return the packets.
     */
    static int poolSize(final Mix mix, final int flows, final double invalidRatio, final int burst)
    {
        final double perPacket = TrafficGenerator.connectionEntriesPerPacket(mix, invalidRatio);
        if (perPacket == 0)
        {
            return flows >= 1 << 16 ? 1 << 16 : 1 << 12;
        }
        final double entries = perPacket +
            LIVE_ENTRIES_PER_CREATING * TrafficGenerator.creatingShare(mix, invalidRatio);
        final long packets = (long) Math.ceil(flows / entries);
        return (int) ((packets + burst - 1) / burst * burst);
    }

    /**
     * The entries a pool cycle touches: the direction's entry of each established packet, both entries of the pair
     * of each stale packet (it looks one up and re-stamps the pair's genid).
     */
    private static long touchedEntries(final PacketTemplates templates)
    {
        final byte[] directions = new byte[templates.connectionCount()];
        for (int t = 0; t < templates.size(); t++)
        {
            final int c = templates.connection(t);
            if (c >= 0)
            {
                directions[c] |= templates.packetClass(t) == PacketClass.STALE ? 3 : templates.isReply(t) ? 2 : 1;
            }
        }
        long touched = 0;
        for (final byte d : directions)
        {
            touched += Integer.bitCount(d);
        }
        return touched;
    }

    private double perEntry(final long bytes)
    {
        final int entries = flowTable.size();
        return entries == 0 ? Double.NaN : bytes / (double) entries;
    }

    /**
     * Takes the heap per entry again over the settled table of a session-creating mix: what setup retained plus what
     * the first worker's settling added (the sessions it left live; the worker's own pipeline is excluded).
     *
     * @param growth the heap the settling added, in bytes.
     */
    void settled(final long growth)
    {
        bytesPerFlow = perEntry(tableHeap + growth);
    }

    /**
     * The working set in the fork's output: entries, touched entries, heap bytes per entry, the touched MiB and the
     * packet pool's MiB.
     *
     * @return one line.
     */
    String workingSet()
    {
        return String.format("%d flow entries, %d touched per pool cycle (%d packets), %s, working set %.1f MiB, " +
            "packet pool %.1f MiB", flowTable.size(), touchedFlows, pool, Double.isNaN(bytesPerFlow) ?
            "no B/flow yet (no entry)" : String.format("%.1f B/flow (heap)", bytesPerFlow), workingSetMiB(),
            templates.poolBytes() / MIB);
    }

    /**
     * The touched entries' heap.
     *
     * @return MiB.
     */
    double workingSetMiB()
    {
        return touchedFlows == 0 ? 0 : touchedFlows * bytesPerFlow / MIB;
    }

    /**
     * The packet pool's bytes.
     *
     * @return MiB.
     */
    double packetPoolMiB()
    {
        return templates.poolBytes() / MIB;
    }

    /** Sends each connection's SYN through a setup pipeline and readdresses its reply templates from the output. */
    private FlowInfo[] createSessions()
    {
        final int connections = templates.connectionCount();
        final FlowInfo[] forwardFlows = new FlowInfo[connections];
        final int[][] repliesOf = repliesOf(connections);
        final Pipeline setup = pipeline();
        final PacketBuilder builder = new PacketBuilder();
        final PacketBatch batch = new PacketBatch(1, 128);
        final InlineFlowView read = new InlineFlowView();
        for (int c = 0; c < connections; c++)
        {
            final FlowKey key = templates.forwardKey(c);
            final Packet packet = batch.packet(0);
            packet.reset();
            builder.ipv4((int) key.srcLo(), (int) key.dstLo()).tcp(key.srcPort(), key.dstPort())
                .flags(TcpDescriptor.SYN).writeTo(packet);
            packet.meta().srcVni(key.srcVni()).setFlags(PacketMeta.IS_OVERLAY);
            batch.count(1);
            setup.process(batch, 0L);
            final DropReason reason = packet.meta().dropReason();
            forwardFlows[c] = flowTable.lookup(key);
            if ((reason != null && reason.isDrop()) || forwardFlows[c] == null ||
                forwardFlows[c] == FlowInfo.INLINE_SESSION && !handles.find(c, key, read))
            {
                throw new IllegalStateException("connection " + c + " " + key +
                    ": its first packet created no session (" + reason + ")\n" + setup.dropCounters().dump());
            }
            final byte[] reply = builder.ipv4(packet.dstIpv4(), packet.srcIpv4())
                .tcp(packet.dstPort(), packet.srcPort()).flags(TcpDescriptor.ACK).build();
            for (final int t : repliesOf[c])
            {
                templates.replace(t, reply, packet.meta().dstVni());
            }
        }
        return forwardFlows;
    }

    private int[][] repliesOf(final int connections)
    {
        final int[] n = new int[connections];
        for (int t = 0; t < templates.size(); t++)
        {
            if (templates.connection(t) >= 0 && templates.isReply(t))
            {
                n[templates.connection(t)]++;
            }
        }
        final int[][] out = new int[connections][];
        for (int c = 0; c < connections; c++)
        {
            out[c] = new int[n[c]];
            n[c] = 0;
        }
        for (int t = 0; t < templates.size(); t++)
        {
            final int c = templates.connection(t);
            if (c >= 0 && templates.isReply(t))
            {
                out[c][n[c]++] = t;
            }
        }
        return out;
    }

    /**
     * One pass of the connections' packets (or of the established ones only): the flow-filter's stale path stamps
     * the flows' genid.
     */
    private void revalidate(final boolean establishedOnly)
    {
        final Pipeline setup = pipeline();
        final PacketBatch batch = new PacketBatch(1, 128);
        for (int t = 0; t < templates.size(); t++)
        {
            if (templates.connection(t) >= 0 &&
                (!establishedOnly || templates.packetClass(t) == PacketClass.ESTABLISHED))
            {
                templates.restore(batch, t, 1);
                setup.process(batch, 0L);
                final DropReason reason = batch.packet(0).meta().dropReason();
                if (reason != null && reason.isDrop())
                {
                    throw new IllegalStateException("packet " + t + " of connection " + templates.connection(t) +
                        " dropped " + reason + "\n" + setup.dropCounters().dump());
                }
            }
        }
    }

    /**
     * Filler pairs in 172.16.0.0/12, which no generated packet uses: under INLINE on a table with inline state
     * sessions without flow objects (the entries the NAT stages create there), else flow pairs of the access mode.
     */
    private void fill(final int entries, final FlowInfoAccess access)
    {
        final MutableFlowKey forward = new MutableFlowKey();
        final MutableFlowKey reverse = new MutableFlowKey();
        final InlineSessions sessions = access == FlowInfoAccess.INLINE ? handles.sessions() : null;
        final InlineFlowView fwd = new InlineFlowView();
        final InlineFlowView rev = new InlineFlowView();
        for (int k = 0; k < entries / 2; k++)
        {
            final int src = (172 << 24) | (16 << 16) | (k & 0xF_FFFF);
            final int port = 1024 + (k >>> 20);
            forward.ipv4Ports(Topology.CLIENTS_VNI, src, (172 << 24) | (31 << 16) | 1, 6, port, 443);
            reverse.ipv4Ports(200, (172 << 24) | (31 << 16) | 1, src, 6, 443, port);
            final boolean full;
            if (sessions != null)
            {
                fwd.state(200, 0, 0L, 0L, 0);
                rev.state(Topology.CLIENTS_VNI, 0, 0L, 0L, 0);
                fwd.genid = genid;
                rev.genid = genid;
                full = sessions.insertPair(forward, reverse, fwd, rev) == FlowTable.FULL;
                if (!full && !sessions.publishPair(forward, reverse, fwd, rev, 0L))
                {
                    throw new IllegalStateException("filler session " + k + " not published");
                }
            }
            else
            {
                final FlowInfo flow = FlowInfo.relatedPair(forward.toImmutable(), reverse.toImmutable(),
                    Long.MAX_VALUE, access);
                flow.writeLocked(200, null, null);
                flow.related().writeLocked(Topology.CLIENTS_VNI, null, null);
                flow.setGenidPair(genid);
                full = flowTable.insertPair(flow, null) == FlowTable.FULL;
            }
            if (full)
            {
                throw new IllegalStateException("flow table full at filler " + k);
            }
        }
    }

    /**
     * New-valid packets vary their source port; multi-match packets their client's (ephemeral) port: the source port
     * towards the port-forward (rule B), the destination port from the port-forwarded endpoint (rule A, which creates
     * a masquerade session).
     */
    private void findVaryingPorts()
    {
        final PacketParser parser = new PacketParser();
        final Packet packet = new Packet(256);
        for (int t = 0; t < pool; t++)
        {
            varyL4[t] = -1;
            final PacketClass c = templates.packetClass(t);
            if (c == PacketClass.NEW_VALID || c == PacketClass.MULTI_MATCH)
            {
                templates.copyTo(t, packet);
                if (parser.parse(packet) != 0)
                {
                    throw new IllegalStateException("template " + t + " does not parse");
                }
                protocols[t] = packet.parsed().protocol();
                if (protocols[t] == IpProtocol.TCP || protocols[t] == IpProtocol.UDP)
                {
                    varyL4[t] = packet.parsed().l4Offset();
                    final boolean dst = c == PacketClass.MULTI_MATCH &&
                        packet.dstPort() != Topology.OVERLAP_PF_PUBLIC_PORT;
                    portOffset[t] = varyL4[t] + (dst ? 2 : 0);
                }
            }
        }
    }

    /** A worker's number: its source ports of new-valid packets are offset so that two workers never share one. */
    synchronized int nextWorker()
    {
        return workers++;
    }

    Pipeline pipeline()
    {
        return pipeline(0);
    }

    /** A pipeline for a worker number (the masquerade allocator serves {@link #WORKERS} workers). */
    Pipeline pipeline(final int worker)
    {
        return new Pipeline(options, publisher, flowTable, SyncCounter.OFF, worker % WORKERS, 0L);
    }

    /**
     * Restores burst {@code first}, gives its new-valid packets the source port of {@code cycle} and runs it through
     * the pipeline at {@code nowNanos}.
     */
    PacketBatch pass(final Pipeline pipeline, final PacketBatch batch, final FlowInfo[] scratch, final int first,
        final int cycle, final long nowNanos)
    {
        final int burst = batch.capacity();
        templates.restore(batch, first, burst);
        if (cycle != 0)
        {
            varyPorts(batch, first, burst, cycle);
        }
        templates.attachFlows(flows, scratch, first, burst, genid, handles);
        pipeline.process(batch, nowNanos);
        return batch;
    }

    /**
     * The writer's re-stamp of template {@code t}'s flow pair with the genid it has (the verdicts do not change): the
     * flow's {@code setGenidPair}, or for a session {@code InlineSessions.setGenid} by its connection's handle with
     * the fixture's genid (an established session's). Both write each direction's slot under its claim under INLINE.
     *
     * @return false when the template has no flow.
     */
    boolean restamp(final int t)
    {
        final FlowInfo f = flows[t];
        if (f == null)
        {
            return false;
        }
        if (f == FlowInfo.INLINE_SESSION)
        {
            handles.setGenid(templates.connection(t), genid);
        }
        else
        {
            f.setGenidPair(f.genid());
        }
        return true;
    }

    private void varyPorts(final PacketBatch batch, final int first, final int n, final int cycle)
    {
        int t = first;
        for (int i = 0; i < n; i++)
        {
            if (t >= pool)
            {
                t = 0;
            }
            final int l4 = varyL4[t];
            if (l4 >= 0)
            {
                final UnsafeBuffer buf = batch.packet(i).buffer();
                final int at = portOffset[t];
                final int old = buf.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                final int port = EPHEMERAL_FIRST + (int) ((old - EPHEMERAL_FIRST + (long) cycle) % EPHEMERAL_COUNT);
                buf.putShort(at, (short) port, ByteOrder.BIG_ENDIAN);
                final int ck = l4 + (protocols[t] == IpProtocol.TCP ? 16 : 6);
                final int oldSum = buf.getShort(ck, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if (protocols[t] == IpProtocol.TCP || oldSum != 0)
                {
                    // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').
                    int sum = (~oldSum & 0xFFFF) + (~old & 0xFFFF) + port;
                    sum = (sum & 0xFFFF) + (sum >>> 16);
                    sum = (sum & 0xFFFF) + (sum >>> 16);
                    int sumOut = ~sum & 0xFFFF;
                    if (sumOut == 0 && protocols[t] == IpProtocol.UDP)
                    {
                        sumOut = 0xFFFF;
                    }
                    buf.putShort(ck, (short) sumOut, ByteOrder.BIG_ENDIAN);
                }
            }
            t++;
        }
    }

    /**
     * The setup check of a benchmark: {@link #check} under its validation, and, when no packet of the mix is
     * invalid-nat (every mix but invalid-nat and realistic above invalidRatio 0), under both validations, EARLY
     * first: no verdict may then depend on the validation, so EARLY and LATE must process exactly the same mix
     * (same packets, same verdicts per class and stage, same bypass count), or the setup fails. Every fork of such a
     * mix runs the same two passes, whatever its own validation. Prints the templates' fingerprint and the mix to
     * the fork's output (the JMH log), so forks can be compared.
     */
    void checkMix(final NatValidation natValidation, final String what)
    {
        final Map<PacketClass, Integer> counts = templates.classCounts();
        final boolean noInvalid = !counts.containsKey(PacketClass.INVALID_R1) &&
            !counts.containsKey(PacketClass.INVALID_R2);
        final VerdictCheck mine;
        if (noInvalid)
        {
            final boolean mineEarly = natValidation == NatValidation.EARLY;
            final VerdictCheck early = check(NatValidation.EARLY, what + " [pass as EARLY]", mineEarly);
            final VerdictCheck late = check(NatValidation.LATE, what + " [pass as LATE]", !mineEarly);
            if (!early.tally().equals(late.tally()))
            {
                throw new IllegalStateException(what + ": EARLY and LATE see different verdict mixes\nEARLY:\n" +
                    early.table() + "LATE:\n" + late.table());
            }
            mine = natValidation == NatValidation.EARLY ? early : late;
        }
        else
        {
            mine = check(natValidation, what, true);
        }
        final Map<String, Integer> protocols = templates.protocolCounts();
        if (mix == Mix.REALISTIC && !protocols.containsKey("ipv4/icmp"))
        {
            throw new IllegalStateException(what + ": the realistic mix carries no ICMP echo " + protocols);
        }
        System.out.printf("setup %s: templates %016x %s %s, verdicts %s%s; %s%n", what, templates.fingerprint(),
            counts, protocols, mine.tally(), noInvalid ? " (the same under EARLY and LATE)" : "", workingSet());
    }

    /**
     * Runs the whole pool once, packet by packet, and fails loudly unless every packet's verdict and dropping stage
     * are its class's, every class of the mix is present, and the bypass count is the mix's.
     *
     * @param record whether to keep each template's verdict as the one the measured loop must see.
     * @return the counted verdicts.
     */
    VerdictCheck check(final NatValidation natValidation, final String what, final boolean record)
    {
        final Pipeline pipeline = new Pipeline(options.withNatValidation(natValidation), publisher, flowTable,
            SyncCounter.OFF, 0L);
        final PacketBatch batch = new PacketBatch(1, 128);
        final FlowInfo[] scratch = new FlowInfo[1];
        final VerdictCheck check = VerdictCheck.pipeline(natValidation,
            PipelineStage.FLOW_FILTER.label(), PipelineStage.MASQUERADE.label(),
            PORT_FORWARD_STAGE).expect(mix.classes(invalidRatio));
        final DropCounters drops = pipeline.dropCounters();
        for (int t = 0; t < pool; t++)
        {
            final long[] before = drops.stageTotals();
            final Packet packet = pass(pipeline, batch, scratch, t, 0, 0L).packet(0);
            final DropReason reason = packet.meta().dropReason();
            final long[] after = drops.stageTotals();
            String stage = null;
            for (int s = 0; s < after.length; s++)
            {
                if (after[s] != before[s])
                {
                    stage = PipelineStage.of(s).label();
                }
            }
            check.count(templates.packetClass(t), stage, reason);
            if (record)
            {
                expectedVerdicts[t] = VerdictCheck.code(reason);
            }
        }
        check.verify(what);
        // The sessions the check created (cycle-0 ports, never sent again) expire on its wheel now.
        pipeline.wheel().expire(2 * idleTimeoutNanos, Integer.MAX_VALUE);
        final long established = templates.classCounts().getOrDefault(PacketClass.ESTABLISHED, 0);
        if (pipeline.flowFilter().bypassed() != established)
        {
            throw new IllegalStateException(what + ": bypassed " + pipeline.flowFilter().bypassed() + ", expected " +
                established + " (are the flows found?)\n" + check.table() + pipeline.dropCounters().dump());
        }
        return check;
    }
}
