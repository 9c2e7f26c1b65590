// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.flow;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.flowgate.bench.Question;
import dev.flowgate.bench.SteadyState;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.FlowInfoReader;
import dev.flowgate.flow.FlowTable;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.MutableFlowKey;

/**
 * The flow-filter's reads of flow information per packet, per {@code flowAccess}: {@code bypass} (active, fresh,
 * one NAT state: the established path; MULTI_LOCK takes 2 read locks, the others at most 1), {@code staleMultiMatch}
 * (a stale flow through the MultipleMatches flow path: MULTI_LOCK 2 status loads and 2 locks), and
 * {@code contended}: the bypass reader beside a writer thread rewriting the same flows' locked part (same values,
 * so the answers do not change). A burst is {@link #BURST} packets over {@link #FLOWS} flows. INLINE holds the flows
 * in a LOCK_FREE table with inline state and reads each packet's slot by index (the seqlock read of its state, the
 * flow object not loaded: the probe is the look-up's, as the other modes get their flow reference for free); its
 * writer rewrites the inline state as well.
 */
@Question("How much does reading a flow's information cost per packet for each flowAccess, alone and with a "
    + "concurrent writer?")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class FlowInfoAccessBenchmark
{
    public static final int BURST = 64;
    static final int FLOWS = 1024;
    static final long GENID = 7;
    static final int VNI = 300;
    static final Object NAT_STATE = new Object();

    @Param({"MULTI_LOCK", "SINGLE_LOCK", "OPTIMISTIC", "SNAPSHOT", "INLINE"})
    public FlowInfoAccess flowAccess;

    FlowInfo[] fresh;
    FlowInfo[] stale;
    /** INLINE: the table holding the flows, and each flow's slot; null otherwise. */
    LockFreeFlowTable table;
    int[] freshSlots;
    int[] staleSlots;
    final InlineFlowView writerState = new InlineFlowView();

    @Setup(Level.Trial)
    public void setUp()
    {
        fresh = new FlowInfo[FLOWS];
        stale = new FlowInfo[FLOWS];
        for (int i = 0; i < FLOWS; i++)
        {
            fresh[i] = pair(i, GENID);
            stale[i] = pair(i + FLOWS, GENID - 1);
        }
        if (flowAccess == FlowInfoAccess.INLINE)
        {
            table = new LockFreeFlowTable(8 * FLOWS, true);
            freshSlots = hold(fresh);
            staleSlots = hold(stale);
            writerState.state(VNI, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0L, 0).genid = GENID;
        }
        final FlowInfoReader reader = FlowInfoReader.create(flowAccess);
        reader.begin(fresh[0], GENID);
        reader.begin(stale[0], GENID);
        if (reader.tryBypass() || reader.multiMatch() != FlowInfoReader.MM_MASQUERADE)
        {
            throw new IllegalStateException("stale flows must take the MultipleMatches flow path");
        }
    }

    private FlowInfo pair(final int i, final long genid)
    {
        final FlowKey k = new MutableFlowKey().ipv4Ports(100, 0x0a000000 + i, 0x0b000001, 6, 1024, 443)
            .toImmutable();
        final FlowInfo f = FlowInfo.relatedPair(k, k.reverse(VNI), Long.MAX_VALUE, flowAccess);
        f.writeLocked(VNI, NAT_STATE, null);
        f.genid(genid);
        return f;
    }

    private int[] hold(final FlowInfo[] flows)
    {
        final int[] slots = new int[flows.length];
        final InlineFlowView state = new InlineFlowView();
        for (int i = 0; i < flows.length; i++)
        {
            if (table.insertPair(flows[i], null) == FlowTable.FULL)
            {
                throw new IllegalStateException("table full");
            }
            state.state(VNI, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0L, 0);
            table.publishInlinePair(flows[i], state, state, 0L);
            slots[i] = table.slotOf(flows[i]);
        }
        return slots;
    }

    /** One worker's reader. */
    @State(Scope.Thread)
    public static class Reader
    {
        FlowInfoReader reader;
        final InlineFlowView view = new InlineFlowView();
        int cursor;

        /** Starts packet {@code index}: INLINE reads its slot first (a writer in the way: the object path). */
        void begin(final FlowInfoAccessBenchmark b, final FlowInfo[] flows, final int[] slots, final int index)
        {
            if (b.table != null)
            {
                if (b.table.readInlineAt(slots[index], view) < 0 || view.status != FlowInfo.ACTIVE)
                {
                    view.clear();
                }
                reader.begin(flows[index], view, GENID);
            }
            else
            {
                reader.begin(flows[index], GENID);
            }
        }

        @Setup(Level.Trial)
        public void setUp(final FlowInfoAccessBenchmark b)
        {
            reader = FlowInfoReader.create(b.flowAccess);
        }
    }

    private int bypassBurst(final Reader r)
    {
        final FlowInfoReader reader = r.reader;
        final FlowInfo[] flows = fresh;
        int c = r.cursor;
        int sum = 0;
        for (int i = 0; i < BURST; i++)
        {
            r.begin(this, flows, freshSlots, c++ & (FLOWS - 1));
            if (reader.tryBypass())
            {
                sum += reader.dstVni() + reader.natFlag();
            }
        }
        r.cursor = c;
        return sum;
    }

    /** The established path's reads of one active, fresh flow, per flowAccess. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState
    public int bypass(final Reader r)
    {
        return bypassBurst(r);
    }

    /** The stale MultipleMatches flow path's reads, per flowAccess (MULTI_LOCK: two status loads, two locks). */
    @Benchmark
    @OperationsPerInvocation(BURST)
    @SteadyState
    public int staleMultiMatch(final Reader r)
    {
        final FlowInfoReader reader = r.reader;
        final FlowInfo[] flows = stale;
        int c = r.cursor;
        int sum = 0;
        for (int i = 0; i < BURST; i++)
        {
            r.begin(this, flows, staleSlots, c++ & (FLOWS - 1));
            if (!reader.tryBypass())
            {
                sum += reader.multiMatch() + reader.dstVni();
            }
        }
        r.cursor = c;
        return sum;
    }

    /** The bypass reads while {@link #contendedWriter} rewrites the same flows: the cost of sharing. */
    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public int contendedReader(final Reader r)
    {
        return bypassBurst(r);
    }

    /** The writer of the contended group: rewrites the flows' locked part with the same values. */
    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public int contendedWriter(final Reader r)
    {
        final FlowInfo[] flows = fresh;
        int c = r.cursor;
        for (int i = 0; i < BURST; i++)
        {
            final FlowInfo f = flows[c++ & (FLOWS - 1)];
            f.writeLocked(VNI, NAT_STATE, null);
            if (table != null)
            {
                table.writeInline(f.key(), writerState);
            }
        }
        r.cursor = c;
        return c;
    }
}
