// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.pipeline;

import java.util.Map;

import dev.flowgate.bench.HeapUsage;
import dev.flowgate.bench.workload.PacketClass;
import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.LookupKind;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowTableKind;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.pipeline.Pipeline;
import dev.flowgate.pipeline.PipelineOptions;

/**
 * One thread's pipeline over a fixture: its burst, its scratch flow array, its position in the pool, its pool cycle
 * (which sets the new-valid packets' source ports) and its clock (advanced by the fixture's step per burst).
 */
final class PipelineWorker
{
    /**
     * Packets a worker of a session-creating mix runs in its trial setup ({@link #settle()}): enough for the JIT to
     * have compiled the measured loop with the measured traffic's profile (setup's single-packet passes train it
     * on another shape) and for the sessions, the expiry wheel and the allocator to reach their steady population,
     * a fixed amount of work so that what the first iteration measures does not depend on the fork's speed (at least
     * two pool cycles, so that new sessions have been created and reaped at every position of a large pool).
     */
    static final int SETTLE_PACKETS = 1 << 20;
    /** Source-port offset between workers' cycles (half the ephemeral range). */
    private static final int WORKER_PORT_OFFSET = 32_256;

    private final PipelineFixture fixture;
    private final Pipeline pipeline;
    private final PacketBatch batch;
    private final FlowInfo[] scratch;
    private final int portBase;
    private int next;
    private int cycle;
    private long now;

    PipelineWorker(final PipelineFixture fixture)
    {
        this.fixture = fixture;
        final int worker = fixture.nextWorker();
        this.pipeline = fixture.pipeline(worker);
        this.batch = new PacketBatch(fixture.options.burstSize(), 128);
        this.scratch = new FlowInfo[fixture.options.burstSize()];
        this.portBase = worker * WORKER_PORT_OFFSET;
    }

    /** Builds and checks a fixture (flow capacity: twice {@code flows}). */
    static PipelineFixture fixture(final String mix, final double invalidRatio, final NatValidation natValidation,
        final FlowInfoAccess access, final FlowTableKind table, final LookupKind lookup, final int flows,
        final int burst, final String benchmark)
    {
        final PipelineOptions options = new PipelineOptions(natValidation, access, table, lookup, 2 * flows, burst);
        final PipelineFixture fixture = new PipelineFixture(mix, invalidRatio, options, flows);
        fixture.checkMix(natValidation, benchmark + " mix=" + mix + " invalidRatio=" + invalidRatio + " " + options);
        return fixture;
    }

    Pipeline pipeline()
    {
        return pipeline;
    }

    /**
     * Whether this is the fixture's first worker (the one that reports the fixture's {@link WorkingSet}).
     *
     * @return true for worker 0.
     */
    boolean isFirst()
    {
        return portBase == 0;
    }

    /**
     * Runs {@link #SETTLE_PACKETS} packets when the mix creates sessions (new-valid and multi-match packets), else
     * nothing: established and stale mixes are in their steady state from the first packet. The first worker then
     * has the fixture take its heap per entry over the settled table ({@link PipelineFixture#settled}).
     *
     * @return this.
     */
    PipelineWorker settle()
    {
        final Map<PacketClass, Integer> counts = fixture.templates.classCounts();
        if (counts.containsKey(PacketClass.NEW_VALID) || counts.containsKey(PacketClass.MULTI_MATCH))
        {
            final int burst = batch.capacity();
            final boolean measure = isFirst();
            final long before = measure ? HeapUsage.usedAfterGc(2) : 0L;
            run(Math.max(SETTLE_PACKETS, (2 * fixture.pool + burst - 1) / burst * burst), new VerdictCounters());
            if (measure)
            {
                fixture.settled(HeapUsage.usedAfterGc(2) - before);
                System.out.println("settled: " + fixture.workingSet());
            }
        }
        return this;
    }

    /**
     * Processes {@code packets} packets in bursts and counts their verdicts, the packets whose verdict is not the one
     * setup's check saw for their template, and how far the flow-filter's bypasses are from the established packets'.
     */
    int run(final int packets, final VerdictCounters counters)
    {
        final PipelineFixture f = fixture;
        final int burst = batch.capacity();
        final int bursts = packets / burst;
        final long bypassedBefore = pipeline.flowFilter().bypassed();
        long bypasses = 0;
        int first = next;
        int dst = 0;
        for (int k = 0; k < bursts; k++)
        {
            if (first == 0)
            {
                cycle++; // 1 .. 64511 differ from the setup check's ports (cycle 0)
                if (cycle == 64_512)
                {
                    cycle = 1;
                }
            }
            now += f.clockStep;
            f.pass(pipeline, batch, scratch, first, portBase + cycle, now);
            pipeline.wheel().expire(now, 8 * burst);
            counters.count(batch, f.expectedVerdicts, first);
            bypasses += f.bypassesBefore[first + burst] - f.bypassesBefore[first];
            dst += batch.packet(0).meta().dstVni();
            first += burst;
            if (first + burst > f.pool)
            {
                first = 0;
            }
        }
        next = first;
        counters.bypassMismatch += Math.abs(pipeline.flowFilter().bypassed() - bypassedBefore - bypasses);
        return dst;
    }
}
