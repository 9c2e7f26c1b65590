// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.PacketTemplates;
import dev.flowgate.bench.workload.Topology;
import dev.flowgate.bench.workload.TrafficGenerator;
import dev.flowgate.bench.workload.VerdictCheck;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.flow.SyncCounter;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.pipeline.ConfigPublisher;
import dev.flowgate.pipeline.Pipeline;
import dev.flowgate.pipeline.PipelineOptions;

/**
 * The whole pipeline over a mix: the default topology published at genid {@link #GENID}, one shared flow table
 * pre-populated to {@code flows} entries (the flows of the generated connections plus filler pairs no packet hits),
 * and a pool of generated packets the bursts cycle through. Every pass restores the burst from its template bytes
 * (the pipeline parses, and NAT stages will rewrite; the restore cost is {@code BurstRestoreBenchmark}'s) and puts
 * stale flows back one genid behind.
 *
 * <p>The pipeline has no NAT stage yet, and no stage creates flows: the flows of established and stale connections
 * are inserted directly, as the NAT stages would have created them (locked part = destination VNI and one NAT state).
 */
final class PipelineFixture
{
    /** The genid of the published configuration. */
    static final long GENID = 5;
    /** The traffic seed. */
    static final long SEED = 0x5EED_919EL;
    /** Whether the pipeline runs NAT stages (they would sit between the flow-filter and the expirations). */
    static final boolean HAS_NAT_STAGES = Pipeline.STAGE_EXPIRATIONS > Pipeline.STAGE_FLOW_FILTER + 1;

    final PacketTemplates templates;
    final FlowInfo[] flows;
    final ConfigPublisher publisher;
    final FlowTable flowTable;
    final PipelineOptions options;
    final int pool;

    PipelineFixture(final String mix, final double invalidRatio, final PipelineOptions options, final int flowCount)
    {
        this.options = options;
        this.pool = flowCount >= 1 << 16 ? 1 << 16 : 1 << 12;
        final Topology topology = Topology.defaultTopology();
        templates = new TrafficGenerator(topology, SEED).generate(Mix.fromLabel(mix), pool, invalidRatio);
        publisher = new ConfigPublisher(topology.overlay(), GENID, options.lookup());
        flowTable = FlowTable.create(options.flowTable(), options.flowCapacity());
        flows = templates.buildFlows(options.flowAccess(), GENID);
        int inserted = 0;
        for (final FlowInfo flow : flows)
        {
            // A reply's flow is the related of a pair already inserted through its forward packet.
            if (flow != null && flowTable.lookup(flow.key()) == null)
            {
                if (flowTable.insertPair(flow, null) == FlowTable.FULL)
                {
                    throw new IllegalStateException("flow table full after " + inserted + " flows");
                }
                inserted += 2;
            }
        }
        fill(flowCount - inserted, options.flowAccess());
    }


    /** Filler pairs in 172.16.0.0/12, which no generated packet uses. */
    private void fill(final int entries, final FlowInfoAccess access)
    {
        final MutableFlowKey forward = new MutableFlowKey();
        final MutableFlowKey reverse = new MutableFlowKey();
        for (int k = 0; k < entries / 2; k++)
        {
            final int src = (172 << 24) | (16 << 16) | (k & 0xF_FFFF);
            final int port = 1024 + (k >>> 20);
            forward.ipv4Ports(Topology.CLIENTS_VNI, src, (172 << 24) | (31 << 16) | 1, 6, port, 443);
            reverse.ipv4Ports(200, (172 << 24) | (31 << 16) | 1, src, 6, 443, port);
            final FlowInfo flow = FlowInfo.relatedPair(forward.toImmutable(), reverse.toImmutable(), Long.MAX_VALUE,
                access);
            flow.writeLocked(200, null, null);
            flow.related().writeLocked(Topology.CLIENTS_VNI, null, null);
            flow.setGenidPair(GENID);
            if (flowTable.insertPair(flow, null) == FlowTable.FULL)
            {
                throw new IllegalStateException("flow table full at filler " + k);
            }
        }
    }

    Pipeline pipeline()
    {
        return new Pipeline(options, publisher, flowTable, SyncCounter.OFF, 0L);
    }

    /** Restores burst {@code first} and runs it through the pipeline. */
    PacketBatch pass(final Pipeline pipeline, final PacketBatch batch, final FlowInfo[] scratch, final int first)
    {
        final int burst = batch.capacity();
        templates.restore(batch, first, burst);
        templates.attachFlows(flows, scratch, first, burst, GENID);
        pipeline.process(batch, 0L);
        return batch;
    }

    /** Runs the whole pool once and fails loudly unless the verdicts and the bypass count are the mix's. */
    void check(final NatValidation natValidation, final String what)
    {
        final Pipeline pipeline = pipeline();
        final int burst = options.burstSize();
        final PacketBatch batch = new PacketBatch(burst, 128);
        final FlowInfo[] scratch = new FlowInfo[burst];
        final VerdictCheck check = VerdictCheck.pipeline(natValidation, HAS_NAT_STAGES);
        for (int first = 0; first + burst <= pool; first += burst)
        {
            check.count(templates, first, pass(pipeline, batch, scratch, first));
        }
        check.verify(what);
        final long established = templates.classCounts().getOrDefault(PacketClass.ESTABLISHED, 0);
        if (pipeline.flowFilter().bypassed() != established)
        {
            throw new IllegalStateException(what + ": bypassed " + pipeline.flowFilter().bypassed() + ", expected " +
                established + " (are the flows found?)\n" + check.table() + pipeline.dropCounters().dump());
        }
    }
}
