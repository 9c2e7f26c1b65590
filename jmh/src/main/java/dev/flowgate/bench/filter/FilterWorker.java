// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.filter;

import dev.flowgate.bench.workload.VerdictCounters;
import dev.flowgate.filter.FlowFilterStage;
import dev.flowgate.filter.NatValidation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.packet.PacketBatch;

/** One thread's flow-filter: its stage, its flow array (INLINE: and views) and its position in the fixture's pool. */
final class FilterWorker
{
    private final FilterFixture fixture;
    private final FlowFilterStage stage;
    private final FlowInfo[] attached;
    private final InlineFlowView[] views;
    private int next;

    FilterWorker(final FilterFixture fixture, final NatValidation natValidation, final FlowInfoAccess access)
    {
        this.fixture = fixture;
        this.stage = new FlowFilterStage(natValidation, access);
        this.attached = new FlowInfo[fixture.burst];
        this.views = fixture.newViews();
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
            final PacketBatch batch = f.pass(stage, attached, views, b);
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

    /**
     * Packets the stage bypassed from their inline read (INLINE).
     *
     * @return the count.
     */
    long bypassedInline()
    {
        return stage.bypassedInline();
    }
}
