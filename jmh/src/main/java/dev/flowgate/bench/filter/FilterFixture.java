// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import dev.flowgate.bench.workload.Mix;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.PacketTemplates;
import dev.flowgate.bench.workload.Topology;
import dev.flowgate.bench.workload.TrafficGenerator;
import dev.flowgate.bench.workload.VerdictCheck;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.FlowFilterContext;
import dev.flowgate.filter.FlowFilterStage;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.parse.PacketParser;

/**
 * The flow-filter stage alone over a mix: the default topology, a pool of {@link #POOL} generated packets parsed
 * once into bursts, the flows of the flow classes built directly (no flow lookup in front of the stage), and the
 * setup check. The stage does not rewrite packets, so a pass only resets each packet's metadata and attaches its
 * flow (stale flows put back one genid behind): that restore is part of every measured pass and is measured alone
 * by {@code BurstRestoreBenchmark}.
 */
final class FilterFixture
{
    /** Packets in the pool the bursts cycle through. */
    static final int POOL = 4096;
    /** The pipeline genid of every pass. */
    static final long GENID = 5;
    /** The traffic seed. */
    static final long SEED = 0x5EED_F10FL;
    /** The invalid ratio of the realistic mix. */
    static final double REALISTIC_INVALID_RATIO = 0.1;

    final Mix mix;
    final PacketTemplates templates;
    final FlowFilterContext ctx;
    final FlowInfo[] flows;
    final PacketBatch[] bursts;
    final int burst;

    FilterFixture(final String mix, final FlowInfoAccess access, final LookupKind lookup, final int burst)
    {
        this.burst = burst;
        final Topology topology = Topology.defaultTopology();
        this.mix = Mix.fromLabel(mix);
        templates = new TrafficGenerator(topology, SEED).generate(this.mix, POOL, REALISTIC_INVALID_RATIO);
        ctx = FlowFilterContext.build(topology.overlay(), lookup);
        flows = templates.buildFlows(access, GENID);
        bursts = new PacketBatch[POOL / burst];
        final PacketParser parser = new PacketParser();
        for (int b = 0; b < bursts.length; b++)
        {
            bursts[b] = new PacketBatch(burst, 128);
            templates.restore(bursts[b], b * burst, burst);
            for (int i = 0; i < burst; i++)
            {
                if (parser.parse(bursts[b].packet(i)) != 0)
                {
                    throw new IllegalStateException("template " + (b * burst + i) + " does not parse");
                }
            }
        }
    }

    /**
     * Resets and processes burst {@code b}.
     *
     * @return the burst.
     */
    PacketBatch pass(final FlowFilterStage stage, final FlowInfo[] attached, final int b)
    {
        final PacketBatch batch = bursts[b];
        final int first = b * burst;
        templates.restoreMeta(batch, first, burst);
        templates.attachFlows(flows, attached, first, burst, GENID);
        stage.process(batch, attached, ctx, GENID, 0L);
        return batch;
    }

    /**
     * Runs the whole pool through a fresh stage and fails loudly unless every packet got the verdict its class
     * allows and took the path it names (bypass for established, the early check for invalid-nat under EARLY).
     */
    void check(final NatValidation natValidation, final FlowInfoAccess access, final String what)
    {
        final FlowFilterStage stage = new FlowFilterStage(natValidation, access);
        final VerdictCheck check = VerdictCheck.flowFilter(natValidation)
            .expect(mix.classes(REALISTIC_INVALID_RATIO));
        final FlowInfo[] attached = new FlowInfo[burst];
        final VerdictCounters counters = new VerdictCounters();
        for (int b = 0; b < bursts.length; b++)
        {
            check.count(templates, b * burst, pass(stage, attached, b));
            counters.count(bursts[b]);
        }
        check.verify(what);
        final long established = count(PacketClass.ESTABLISHED);
        final boolean early = natValidation == NatValidation.EARLY;
        final long r1 = early ? count(PacketClass.INVALID_R1) : 0;
        final long r2 = early ? count(PacketClass.INVALID_R2) : 0;
        if (stage.bypassed() != established || stage.natRequirementDrops(true) != r1 ||
            stage.natRequirementDrops(false) != r2 || counters.accepted + stage.dropped() != POOL)
        {
            throw new IllegalStateException(what + ": paths differ from the mix: bypassed " + stage.bypassed() +
                " (expected " + established + "), R1 drops " + stage.natRequirementDrops(true) + " (expected " + r1 +
                "), R2 drops " + stage.natRequirementDrops(false) + " (expected " + r2 + ")\n" + check.table());
        }
    }

    private long count(final PacketClass c)
    {
        return templates.classCounts().getOrDefault(c, 0);
    }
}
