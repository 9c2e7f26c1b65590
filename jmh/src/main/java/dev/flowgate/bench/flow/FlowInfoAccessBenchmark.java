// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.flow;

import java.util.Arrays;
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
import dev.flowgate.flow.InlineSessions;
import dev.flowgate.flow.LockFreeFlowTable;
import dev.flowgate.flow.FlowKey;
import dev.flowgate.flow.MutableFlowKey;

/**
 * The flow-filter's reads of flow information per packet, per {@code flowAccess}: {@code bypass} (active, fresh,
 * one NAT state: the established path; MULTI_LOCK takes 2 read locks, the others at most 1), {@code staleMultiMatch}
 * (a stale flow through the MultipleMatches flow path: MULTI_LOCK 2 status loads and 2 locks), and
 * {@code contended}: the bypass reader beside a writer thread rewriting the same flows' locked part (same values,
 * so the answers do not change). A burst is {@link #BURST} packets over {@link #FLOWS} flows. INLINE holds sessions
 * without flow objects in a LOCK_FREE table with inline state, created as the NAT stages create them
 * ({@link InlineSessions}; docs/spec/flow-table.md section 11.13, P7), and reads each packet's slot by index (the
 * seqlock read of its state; the probe is the look-up's, as the other modes get their flow reference for free), the
 * packet's flow being the sessions' sentinel with the handle its look-up validated; its writer rewrites the sessions'
 * genid by handle (the same value: a full write of both slots).
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

    /** Each packet's flow (INLINE: the sessions' sentinel). */
    FlowInfo[] fresh;
    FlowInfo[] stale;
    /** INLINE: the table, its sessions and each session's forward handle (slot, validated control word); else null. */
    LockFreeFlowTable table;
    InlineSessions sessions;
    Handles freshHandles;
    Handles staleHandles;

    /** INLINE: per session, the forward direction's slot, its look-up's control word, its key's tag and its link. */
    static final class Handles
    {
        final int[] slots = new int[FLOWS];
        final long[] ctrls = new long[FLOWS];
        final int[] tags = new int[FLOWS];
        final int[] peerSlots = new int[FLOWS];
        final int[] peerTags = new int[FLOWS];
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        fresh = new FlowInfo[FLOWS];
        stale = new FlowInfo[FLOWS];
        if (flowAccess == FlowInfoAccess.INLINE)
        {
            table = new LockFreeFlowTable(8 * FLOWS, true);
            sessions = new InlineSessions(table);
            freshHandles = hold(0, GENID);
            staleHandles = hold(FLOWS, GENID - 1);
            Arrays.fill(fresh, FlowInfo.INLINE_SESSION);
            Arrays.fill(stale, FlowInfo.INLINE_SESSION);
        }
        else
        {
            for (int i = 0; i < FLOWS; i++)
            {
                fresh[i] = pair(i, GENID);
                stale[i] = pair(i + FLOWS, GENID - 1);
            }
        }
        final Reader check = new Reader();
        check.setUp(this);
        check.begin(this, fresh, freshHandles, 0);
        final boolean bypass = check.reader.tryBypass();
        check.begin(this, stale, staleHandles, 0);
        if (!bypass || check.reader.tryBypass() || check.reader.multiMatch() != FlowInfoReader.MM_MASQUERADE)
        {
            throw new IllegalStateException("fresh flows must bypass, stale ones take the MultipleMatches flow path");
        }
    }

    private static FlowKey key(final int i)
    {
        return new MutableFlowKey().ipv4Ports(100, 0x0a000000 + i, 0x0b000001, 6, 1024, 443).toImmutable();
    }

    private FlowInfo pair(final int i, final long genid)
    {
        final FlowKey k = key(i);
        final FlowInfo f = FlowInfo.relatedPair(k, k.reverse(VNI), Long.MAX_VALUE, flowAccess);
        f.writeLocked(VNI, NAT_STATE, null);
        f.genid(genid);
        return f;
    }

    /** INLINE: sessions {@code first} to {@code first + FLOWS - 1} at {@code genid}, created as the NAT stages do. */
    private Handles hold(final int first, final long genid)
    {
        final Handles h = new Handles();
        final InlineFlowView fwd = new InlineFlowView();
        final InlineFlowView rev = new InlineFlowView();
        final InlineFlowView read = new InlineFlowView();
        for (int i = 0; i < FLOWS; i++)
        {
            final FlowKey k = key(first + i);
            final FlowKey r = k.reverse(VNI);
            fwd.state(VNI, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE, 0L, 0L, 0).genid = genid;
            rev.state(VNI, InlineFlowView.NAT_V4 | InlineFlowView.NAT_MASQUERADE | InlineFlowView.NAT_SRC, 0L, 0L,
                0).genid = genid;
            if (sessions.insertPair(k, r, fwd, rev) == FlowTable.FULL || !sessions.publishPair(k, r, fwd, rev, 0L) ||
                sessions.find(k, read) < 0 || read.status != FlowInfo.ACTIVE)
            {
                throw new IllegalStateException("INLINE: session " + (first + i) + " not created");
            }
            h.slots[i] = read.handle;
            h.ctrls[i] = read.ctrl;
            h.tags[i] = read.tag();
            h.peerSlots[i] = read.peerSlot;
            h.peerTags[i] = read.peerTag;
        }
        return h;
    }

    /** One worker's reader. */
    @State(Scope.Thread)
    public static class Reader
    {
        FlowInfoReader reader;
        final InlineFlowView view = new InlineFlowView();
        int cursor;

        /**
         * Starts packet {@code index}: INLINE reads its slot first and keeps the session's handle, as the burst
         * look-up leaves it (a writer in the way: the object path, which reads by the handle).
         */
        void begin(final FlowInfoAccessBenchmark b, final FlowInfo[] flows, final Handles handles, final int index)
        {
            if (b.table != null)
            {
                final int slot = handles.slots[index];
                final boolean read = b.table.readInlineAt(slot, view) >= 0 && view.status == FlowInfo.ACTIVE;
                if (!read)
                {
                    view.clear();
                    view.ctrl = handles.ctrls[index];
                }
                view.handle = slot;
                view.table = b.table;
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
            r.begin(this, flows, freshHandles, c++ & (FLOWS - 1));
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
            r.begin(this, flows, staleHandles, c++ & (FLOWS - 1));
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

    /**
     * The writer of the contended group: rewrites the flows' locked part with the same values; INLINE the sessions'
     * genid by handle (the same value, both directions).
     */
    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public int contendedWriter(final Reader r)
    {
        final FlowInfo[] flows = fresh;
        final Handles h = freshHandles;
        int c = r.cursor;
        for (int i = 0; i < BURST; i++)
        {
            final int f = c++ & (FLOWS - 1);
            if (h != null)
            {
                sessions.setGenid(h.slots[f], h.tags[f], h.peerSlots[f], h.peerTags[f], GENID);
            }
            else
            {
                flows[f].writeLocked(VNI, NAT_STATE, null);
            }
        }
        r.cursor = c;
        return c;
    }
}
