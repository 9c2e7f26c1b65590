// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

/**
 * The inline per-flow state of a {@link LockFreeFlowTable} built with it (docs/spec/flow-table.md section 11): the
 * whole flow-table contract on the 8-long layout, then the state's reads, writes, versions, peer links and
 * allocation.
 */
class InlineFlowStateTest extends FlowTableContractTest
{
    @Override
    FlowTableKind kind()
    {
        return FlowTableKind.LOCK_FREE;
    }

    @Override
    FlowTable table(final int capacity)
    {
        return new LockFreeFlowTable(capacity, true);
    }

    static InlineFlowView natState(final int status, final long genid)
    {
        final InlineFlowView v = new InlineFlowView();
        v.status = status;
        v.dstVni = 0xFF_FFFE;
        v.natFlags = InlineFlowView.NAT_V4;
        v.genid = genid;
        v.natAddress = 0xC0A8_0001;
        v.natPort = 0xFFFF;
        v.natChecksumDelta = 0x8001;
        v.peerSlot = 5;
        v.peerTag = -7;
        return v;
    }

    @Test
    void shouldReadPendingAfterInsertThenWhatTheCreatorWrote()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo f = flow(1, 0);
        final InlineFlowView out = new InlineFlowView();
        assertEquals(LockFreeFlowTable.INLINE_MISS, t.readInline(f.key(), out));
        t.insert(f);
        final int slot = t.readInline(f.key(), out);
        assertTrue(slot >= 0);
        assertEquals(InlineFlowView.PENDING, out.status);
        assertEquals(-1, out.peerSlot);
        final long pendingSeq = out.seq;

        assertEquals(slot, t.writeInline(f.key(), natState(FlowInfo.ACTIVE, 42L)));
        assertEquals(slot, t.readInline(f.key(), out));
        assertEquals(pendingSeq + 2, out.seq);
        assertEquals(FlowInfo.ACTIVE, out.status);
        assertEquals(0xFF_FFFE, out.dstVni);
        assertEquals(InlineFlowView.NAT_V4, out.natFlags);
        assertEquals(42L, out.genid);
        assertEquals(0xC0A8_0001, out.natAddress);
        assertEquals(0xFFFF, out.natPort);
        assertEquals(0x8001, out.natChecksumDelta);
        assertEquals(5, out.peerSlot);
        assertEquals(-7, out.peerTag);
    }

    @Test
    void shouldWriteStatusAndGenidOnlyOverTheStateRead()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo f = flow(2, 0);
        t.insert(f);
        t.writeInline(f.key(), natState(FlowInfo.ACTIVE, 1L));
        final InlineFlowView out = new InlineFlowView();
        final int slot = t.readInline(f.key(), out);
        final long seq = out.seq;
        assertTrue(t.writeGenid(slot, seq, 9L));
        assertFalse(t.writeStatus(slot, seq, FlowInfo.CANCELLED), "a write over a state that changed since");
        t.readInline(f.key(), out);
        assertEquals(9L, out.genid);
        assertEquals(FlowInfo.ACTIVE, out.status);
        assertTrue(t.writeStatus(slot, out.seq, FlowInfo.CANCELLED));
        t.readInline(f.key(), out);
        assertEquals(FlowInfo.CANCELLED, out.status);
        assertEquals(0xFF_FFFE, out.dstVni, "a status write keeps the rest of the word");
        assertEquals(seq + 4, out.seq);
    }

    @Test
    void shouldSendReadersToTheSlowPathWhileAWriterHoldsTheVersion()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo f = flow(3, 0);
        t.insert(f);
        final InlineFlowView out = new InlineFlowView();
        final int slot = t.readInline(f.key(), out);
        final int base = t.baseOf(slot);
        assertTrue(t.claimSeq(base, out.seq));
        assertEquals(LockFreeFlowTable.INLINE_SLOW, t.readInline(f.key(), out));
        assertFalse(t.writeGenid(slot, out.seq, 1L), "a second writer cannot claim an odd version");
        t.releaseSeq(base, out.seq);
        assertEquals(slot, t.readInline(f.key(), out));
    }

    @Test
    void shouldFailStaleWritersAfterTheSlotIsReclaimed()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo f = flow(4, 0);
        t.insert(f);
        t.writeInline(f.key(), natState(FlowInfo.ACTIVE, 1L));
        final InlineFlowView out = new InlineFlowView();
        final int slot = t.readInline(f.key(), out);
        final long staleSeq = out.seq;
        t.remove(f.key());
        assertEquals(LockFreeFlowTable.INLINE_MISS, t.readInline(f.key(), out));
        assertEquals(LockFreeFlowTable.INLINE_MISS, t.readInlineAt(slot, out));
        t.insert(flow(4, 1));
        assertEquals(slot, t.readInline(f.key(), out), "the tombstone is reused");
        assertEquals(InlineFlowView.PENDING, out.status, "a reclaimed slot starts PENDING, not with old state");
        assertFalse(t.writeStatus(slot, staleSeq, FlowInfo.EXPIRED), "the creator's init bumped the version");
    }

    @Test
    void shouldDeriveThePairsLastSeenFromBothSlots()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo a = FlowInfo.relatedPair(key(10), key(11), 0, FlowInfoAccess.SNAPSHOT);
        final FlowInfo b = a.related();
        t.insertPair(a, null);
        final InlineFlowView va = new InlineFlowView();
        final InlineFlowView vb = new InlineFlowView();
        final int sa = t.readInline(a.key(), va);
        final int sb = t.readInline(b.key(), vb);
        link(t, a.key(), sb, b.key());
        link(t, b.key(), sa, a.key());
        t.readInline(a.key(), va);
        t.readInline(b.key(), vb);
        final long u = LockFreeFlowTable.SEEN_TICK_NANOS;
        t.touch(sa, 100 * u);
        t.touch(sb, 250 * u);
        assertEquals(100 * u, t.lastSeen(sa, 300 * u));
        assertEquals(250 * u, t.pairLastSeen(va, 300 * u));
        assertEquals(250 * u, t.pairLastSeen(vb, 300 * u));
        assertEquals(vb.seq, readSeq(t, b.key()), "touch leaves the version alone");

        t.remove(b.key());
        t.insert(flow(12, 0)); // may reuse b's slot: the link must not count a stranger's time
        assertEquals(100 * u, t.pairLastSeen(va, 300 * u));
    }

    private static void link(final LockFreeFlowTable t, final FlowKey key, final int peerSlot, final FlowKey peer)
    {
        final InlineFlowView v = natState(FlowInfo.ACTIVE, 0L);
        v.peerSlot = peerSlot;
        v.peerTag = InlineFlowView.tagOf(peer);
        t.writeInline(key, v);
    }

    private static long readSeq(final LockFreeFlowTable t, final FlowKey key)
    {
        final InlineFlowView v = new InlineFlowView();
        t.readInline(key, v);
        return v.seq;
    }

    @Test
    void shouldRefuseInlineWritesOnATableWithout()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16);
        assertFalse(t.hasInlineState());
        assertTrue(new LockFreeFlowTable(16, true).hasInlineState());
        assertThrows(IllegalStateException.class, () -> t.writeInline(key(1), new InlineFlowView()));
    }

    @Test
    void shouldAllocateNothingOnTheEstablishedPathAndItsWriters()
    {
        final int n = 1024;
        final LockFreeFlowTable t = new LockFreeFlowTable(2 * n, true);
        final FlowKey[] keys = new FlowKey[n];
        final InlineFlowView init = natState(FlowInfo.ACTIVE, 0L);
        for (int i = 0; i < n; i++)
        {
            final FlowInfo f = flow(i, 0);
            keys[i] = f.key();
            t.insert(f);
            t.writeInline(keys[i], init);
        }
        final MutableFlowKey probe = new MutableFlowKey();
        final InlineFlowView out = new InlineFlowView();
        final long[] sink = new long[1];
        final LongSupplier established = () ->
        {
            long hits = 0;
            for (int i = 0; i < n; i++)
            {
                final int slot = t.readInline(probe.set(keys[i]), out);
                if (slot >= 0)
                {
                    t.touch(slot, out.genid);
                    hits += t.writeGenid(slot, out.seq, out.genid + 1) ? 1 : 0;
                    hits += t.pairLastSeen(out, out.genid) >= 0 ? 1 : 0;
                }
            }
            sink[0] += hits;
            return hits;
        };
        assertEquals(0L, allocatedPerRound(established), "bytes per round of " + n + " inline reads and writes");
        // Canary: the same measurement must see one boxed long per round.
        final Object[] escape = new Object[1];
        assertTrue(allocatedPerRound(() ->
        {
            escape[0] = Long.valueOf(established.getAsLong() + 1_000_000L);
            return 0;
        }) > 0, "the measurement sees an allocation");
        assertTrue(sink[0] > 0);
    }

    /** Every one of 20 windows after warm-up must be zero; returns the largest. */
    private static long allocatedPerRound(final LongSupplier round)
    {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 2000; warm++)
        {
            round.getAsLong();
        }
        long worst = 0;
        for (int w = 0; w < 20; w++)
        {
            final long before = bean.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < 10; r++)
            {
                round.getAsLong();
            }
            worst = Math.max(worst, bean.getCurrentThreadAllocatedBytes() - before);
        }
        return worst;
    }
}
