// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.FlowFilterStage;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.PacketBatch;

/** One thread's flow-filter: its stage, its flow array and its position in the fixture's pool. */
final class FilterWorker
{
    private final FilterFixture fixture;
    private final FlowFilterStage stage;
    private final FlowInfo[] attached;
    private int next;

    FilterWorker(final FilterFixture fixture, final NatValidation natValidation, final FlowInfoAccess access)
    {
        this.fixture = fixture;
        this.stage = new FlowFilterStage(natValidation, access);
        this.attached = new FlowInfo[fixture.burst];
    }

    /** Processes {@code packets} packets in bursts and counts their verdicts. */
    int run(final int packets, final VerdictCounters counters)
    {
        final FilterFixture f = fixture;
        final int bursts = packets / f.burst;
        final int poolBursts = f.bursts.length;
        int b = next;
        int dst = 0;
        for (int k = 0; k < bursts; k++)
        {
            final PacketBatch batch = f.pass(stage, attached, b);
            counters.count(batch);
            dst += batch.packet(0).meta().dstVni();
            if (++b == poolBursts)
            {
                b = 0;
            }
        }
        next = b;
        return dst;
    }
}
