// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.Arrays;
import java.util.Random;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.InlineFlowView;
import dev.flowgate.flow.LockFreeFlowTable;

/**
 * The masquerade allocator (docs/spec/nat.md sections 2.2 to 2.4), shared by the workers of one pipeline and kept
 * across configuration changes: a ledger of the addresses in use per scope (source or destination pool, source VNI,
 * destination VNI, protocol class) and the live sessions. Pools of each configuration ({@link MasqueradeTables}) draw
 * from it.
 *
 * <p>Allocation: the pool's addresses in use, in the order they were drawn, are tried first; a "no port block" on
 * one of them ends that scan (docs/spec/nat.md section 2.3), then the lowest free address of the pool is drawn; none
 * gives {@link #NO_FREE_IP}. Release: a session whose two flows are both no longer active (expired, cancelled) gives
 * its ports back one by one. Sessions are reclaimed lazily by the new-session path: a few per allocation, and all of
 * them before an allocation is declared out of resources. Every method holds this object's monitor (new-session path
 * only; the established path never touches the allocator).
 *
 * <p>Layout (docs/spec/nat.md section 2.10): no object per session or per call. The ledger is an open-addressed
 * table of (scope id, address) keys in a {@code long[]}, mapping to an index of {@link #ips}; an address whose last
 * port is released goes back to a free list and its {@link MasqueradeIp} is re-initialised for the next address drawn.
 * Sessions are rows of parallel arrays linked into an int ring, with a free list of rows. The arrays grow by doubling
 * (amortised, not per session), so a steady session rate allocates nothing here.
 */
public final class MasqueradeAllocator
{
    /** Protocol class TCP. */
    static final int PROTO_TCP = 0;
    /** Protocol class UDP. */
    static final int PROTO_UDP = 1;
    /** Protocol class ICMP (ICMPv4 and ICMPv6 echo: quirk 6 fixed). */
    static final int PROTO_ICMP = 2;
    /** Allocation result: the pool has no free address. */
    static final int NO_FREE_IP = -1;
    /** Allocation result: the address has no free port block for this worker. */
    static final int NO_PORT_BLOCK = -2;
    /** Sessions visited per new-session allocation by the incremental reclaim. */
    static final int RECLAIM_PER_ALLOCATION = 8;
    /** Minimum time between two full reclaims triggered by failing allocations. */
    static final long FULL_RECLAIM_INTERVAL_NANOS = 1_000_000L;

    /** Who a pool allocates for. */
    record Scope(boolean source, int srcVni, int dstVni, int protoClass)
    {
        /** The scope as one ledger key word: source (1) | source VNI (24) | destination VNI (24) | class (8). */
        long id()
        {
            return ((source ? 1L : 0L) << 56) | ((long) (srcVni & 0xFF_FFFF) << 32) |
                ((long) (dstVni & 0xFF_FFFF) << 8) | (protoClass & 0xFF);
        }
    }

    private static final int LEDGER_STRIDE = 3;
    private static final int NONE = -1;

    // Ledger: keys (scope id, hi, lo) at 3 * i; ledgerIp[i] is the address's index in ips, NONE when empty.
    private long[] ledgerKeys = new long[LEDGER_STRIDE * 16];
    private int[] ledgerIp = filled(16);
    private int ledgerSize;
    // Addresses: ips[0..ipCount) ever created; freeIps[0..freeIpCount) those not in use, re-initialised on reuse.
    private MasqueradeIp[] ips = new MasqueradeIp[8];
    private int ipCount;
    private int[] freeIps = new int[8];
    private int freeIpCount;
    // Sessions: one row per live session; free rows are chained through sessionNext from freeSession. A row holds
    // its forward flow (sessionFlow), or, for a session without flow objects, the table and both sides' slot and tag
    // (sessionTable, sessionFwd, sessionRev: slot << 32 | tag; docs/spec/flow-table.md section 11.13, P5).
    private FlowInfo[] sessionFlow = new FlowInfo[16];
    private LockFreeFlowTable[] sessionTable = new LockFreeFlowTable[16];
    private long[] sessionFwd = new long[16];
    private long[] sessionRev = new long[16];
    private int[] sessionSrcIp = new int[16];
    private int[] sessionSrcPort = new int[16];
    private int[] sessionDstIp = new int[16];
    private int[] sessionDstPort = new int[16];
    private int[] sessionNext = new int[16];
    private int[] sessionPrev = new int[16];
    private int sessionRows;
    private int freeSession = NONE;

    private final Random shuffle;
    private final int workers;
    private int ring = NONE;
    private int reclaimCursor = NONE;
    private int sessions;
    private long released;
    private boolean sweptOnce;
    private long lastFullReclaimNanos;
    private final InlineFlowView scratch = new InlineFlowView();

    /**
     * An allocator.
     *
     * @param workers       the number of workers that allocate (worker ids 0..workers-1).
     * @param randomBlocks  shuffle each address's port blocks (the reference's behaviour); false gives ports 1, 2, 3...
     *                      in order (the reference's test mode).
     * @param seed          the shuffle seed.
     */
    public MasqueradeAllocator(final int workers, final boolean randomBlocks, final long seed)
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers=" + workers);
        }
        this.workers = workers;
        this.shuffle = randomBlocks ? new Random(seed) : null;
    }

    /**
     * A deterministic single-worker allocator (tests, scenarios).
     *
     * @return the allocator.
     */
    public static MasqueradeAllocator deterministic()
    {
        return new MasqueradeAllocator(1, false, 0);
    }

    /**
     * The number of workers (worker ids 0..workers-1) that may allocate.
     *
     * @return the count.
     */
    public int workers()
    {
        return workers;
    }

    /**
     * Live sessions (not yet reclaimed).
     *
     * @return the count.
     */
    public synchronized int sessions()
    {
        return sessions;
    }

    /**
     * Sessions reclaimed so far.
     *
     * @return the count.
     */
    public synchronized long released()
    {
        return released;
    }

    /**
     * Addresses in use over all scopes.
     *
     * @return the count.
     */
    public synchronized int addressesInUse()
    {
        return ledgerSize;
    }

    /** Adopts the ledger's addresses of the pool's scope that lie in the pool (configuration time). */
    synchronized void adopt(final MasqueradePool pool)
    {
        for (int i = 0; i < ledgerIp.length; i++)
        {
            final MasqueradeIp ip = ledgerIp[i] == NONE ? null : ips[ledgerIp[i]];
            if (ip != null && ip.scopeId == pool.scopeId)
            {
                final int off = pool.offsetOf(ip.hi, ip.lo);
                if (off >= 0)
                {
                    ip.offset = off;
                    pool.markInUse(ip);
                }
            }
        }
    }

    /**
     * Allocates an (address, port) from a pool for a worker.
     *
     * @param pool   the pool.
     * @param worker the worker id.
     * @param out    receives the address on success.
     * @param nowNanos the current time: a failing allocation reclaims every dead session first, at most once per
     *                 {@link #FULL_RECLAIM_INTERVAL_NANOS} (so an exhausted pool fails fast).
     * @return the port (identifier for ICMP), or {@link #NO_FREE_IP} / {@link #NO_PORT_BLOCK}.
     */
    synchronized int allocate(
        final MasqueradePool pool, final int worker, final MasqueradeIp[] out, final long nowNanos)
    {
        int port = tryAllocate(pool, worker, out);
        if (port < 0 && (!sweptOnce || nowNanos - lastFullReclaimNanos >= FULL_RECLAIM_INTERVAL_NANOS))
        {
            sweptOnce = true;
            lastFullReclaimNanos = nowNanos;
            reclaim(Integer.MAX_VALUE);
            port = tryAllocate(pool, worker, out);
        }
        return port;
    }

    private int tryAllocate(final MasqueradePool pool, final int worker, final MasqueradeIp[] out)
    {
        for (int i = 0; i < pool.inUse.size(); i++)
        {
            final MasqueradeIp ip = pool.inUse.get(i);
            if (ip.hasFreePorts())
            {
                final int port = ip.allocate(worker);
                if (port >= 0)
                {
                    out[0] = ip;
                    return port;
                }
                break; // refinement: a NoPortBlock ends the reuse scan
            }
        }
        final int off = pool.lowestFreeOffset();
        if (off < 0)
        {
            return NO_FREE_IP;
        }
        final MasqueradeIp ip = newIp(pool.scopeId, pool.hiOf(off), pool.loOf(off), pool);
        ip.offset = off;
        ledgerPut(ip);
        pool.markInUse(ip);
        final int port = ip.allocate(worker);
        if (port < 0)
        {
            releaseIpIfIdle(ip);
            return NO_PORT_BLOCK;
        }
        out[0] = ip;
        return port;
    }

    /** Gives one port back (undoing a half-created session, or reclaiming one). */
    synchronized void release(final MasqueradeIp ip, final int port)
    {
        if (ip.release(port))
        {
            releaseIpIfIdle(ip);
        }
    }

    private void releaseIpIfIdle(final MasqueradeIp ip)
    {
        if (ip.livePorts() == 0)
        {
            ledgerRemove(ip);
            ip.owner.markFree(ip);
            if (freeIpCount == freeIps.length)
            {
                freeIps = Arrays.copyOf(freeIps, freeIpCount * 2);
            }
            freeIps[freeIpCount++] = ip.index;
        }
    }

    /** An address object for a newly drawn address: a released one re-initialised, else a new one. */
    private MasqueradeIp newIp(final long scopeId, final long hi, final long lo, final MasqueradePool pool)
    {
        if (freeIpCount > 0)
        {
            final MasqueradeIp ip = ips[freeIps[--freeIpCount]];
            ip.reset(scopeId, hi, lo, pool.icmp, pool.reserved, shuffle);
            return ip;
        }
        if (ipCount == ips.length)
        {
            ips = Arrays.copyOf(ips, ipCount * 2);
            freeIps = Arrays.copyOf(freeIps, ipCount * 2);
        }
        final MasqueradeIp ip = new MasqueradeIp(ipCount, workers);
        ip.reset(scopeId, hi, lo, pool.icmp, pool.reserved, shuffle);
        ips[ipCount++] = ip;
        return ip;
    }

    private static int[] filled(final int length)
    {
        final int[] a = new int[length];
        Arrays.fill(a, NONE);
        return a;
    }

    private int ledgerHome(final long scopeId, final long hi, final long lo)
    {
        long h = scopeId * 0x9E37_79B9_7F4A_7C15L ^ hi * 0xC2B2_AE3D_27D4_EB4FL ^ lo * 0x1656_67B1_9E37_79F9L;
        h ^= h >>> 29;
        return (int) h & (ledgerIp.length - 1);
    }

    private void ledgerPut(final MasqueradeIp ip)
    {
        if (2 * (ledgerSize + 1) > ledgerIp.length)
        {
            final long[] oldKeys = ledgerKeys;
            final int[] oldIps = ledgerIp;
            ledgerKeys = new long[oldKeys.length * 2];
            ledgerIp = filled(oldIps.length * 2);
            for (int i = 0; i < oldIps.length; i++)
            {
                if (oldIps[i] != NONE)
                {
                    ledgerInsert(oldKeys[LEDGER_STRIDE * i], oldKeys[LEDGER_STRIDE * i + 1],
                        oldKeys[LEDGER_STRIDE * i + 2], oldIps[i]);
                }
            }
        }
        ledgerInsert(ip.scopeId, ip.hi, ip.lo, ip.index);
        ledgerSize++;
    }

    private void ledgerInsert(final long scopeId, final long hi, final long lo, final int index)
    {
        final int mask = ledgerIp.length - 1;
        int i = ledgerHome(scopeId, hi, lo);
        while (ledgerIp[i] != NONE)
        {
            i = (i + 1) & mask;
        }
        ledgerKeys[LEDGER_STRIDE * i] = scopeId;
        ledgerKeys[LEDGER_STRIDE * i + 1] = hi;
        ledgerKeys[LEDGER_STRIDE * i + 2] = lo;
        ledgerIp[i] = index;
    }

    /** Removes an address's entry with backward-shift deletion (single-threaded: the monitor), so no tombstones. */
    private void ledgerRemove(final MasqueradeIp ip)
    {
        final int mask = ledgerIp.length - 1;
        int i = ledgerHome(ip.scopeId, ip.hi, ip.lo);
        while (ledgerIp[i] != ip.index)
        {
            if (ledgerIp[i] == NONE)
            {
                throw new IllegalStateException("address not in the ledger");
            }
            i = (i + 1) & mask;
        }
        int hole = i;
        int j = i;
        while (true)
        {
            j = (j + 1) & mask;
            if (ledgerIp[j] == NONE)
            {
                break;
            }
            final int home = ledgerHome(ledgerKeys[LEDGER_STRIDE * j], ledgerKeys[LEDGER_STRIDE * j + 1],
                ledgerKeys[LEDGER_STRIDE * j + 2]);
            // Move j into the hole unless its home lies cyclically in (hole, j].
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                System.arraycopy(ledgerKeys, LEDGER_STRIDE * j, ledgerKeys, LEDGER_STRIDE * hole, LEDGER_STRIDE);
                ledgerIp[hole] = ledgerIp[j];
                hole = j;
            }
        }
        ledgerIp[hole] = NONE;
        ledgerSize--;
    }

    /**
     * Registers a created session (its flows are in the table): a row of the session arrays, linked at the ring's
     * tail.
     *
     * @param forward the session's forward flow (its related flow is the reverse).
     * @param srcIp   the source address allocated, or null.
     * @param srcPort its port.
     * @param dstIp   the destination address allocated, or null.
     * @param dstPort its port.
     */
    synchronized void register(
        final FlowInfo forward, final MasqueradeIp srcIp, final int srcPort, final MasqueradeIp dstIp,
        final int dstPort)
    {
        final int row = newSessionRow(srcIp, srcPort, dstIp, dstPort);
        sessionFlow[row] = forward;
    }

    /**
     * Registers a created session known by its slots (docs/spec/flow-table.md section 11.13, P5): after the creator's
     * write ({@link LockFreeFlowTable#publishInlinePair}), each view's peer link names the other side's slot and tag.
     * The row keeps no flow object.
     *
     * @param table   the table whose slots hold the session.
     * @param fwd     the forward side's view as published (its peer link is the reverse side).
     * @param rev     the reverse side's (its peer link is the forward side).
     * @param srcIp   the source address allocated, or null.
     * @param srcPort its port.
     * @param dstIp   the destination address allocated, or null.
     * @param dstPort its port.
     */
    synchronized void register(
        final LockFreeFlowTable table, final InlineFlowView fwd, final InlineFlowView rev, final MasqueradeIp srcIp,
        final int srcPort, final MasqueradeIp dstIp, final int dstPort)
    {
        final int row = newSessionRow(srcIp, srcPort, dstIp, dstPort);
        sessionTable[row] = table;
        sessionFwd[row] = side(rev.peerSlot, rev.peerTag);
        sessionRev[row] = side(fwd.peerSlot, fwd.peerTag);
    }

    private static long side(final int slot, final int tag)
    {
        return ((long) slot << 32) | (tag & 0xFFFF_FFFFL);
    }

    private int newSessionRow(final MasqueradeIp srcIp, final int srcPort, final MasqueradeIp dstIp, final int dstPort)
    {
        final int row = newSessionRow();
        sessionSrcIp[row] = srcIp == null ? NONE : srcIp.index;
        sessionSrcPort[row] = srcPort;
        sessionDstIp[row] = dstIp == null ? NONE : dstIp.index;
        sessionDstPort[row] = dstPort;
        if (ring == NONE)
        {
            sessionNext[row] = row;
            sessionPrev[row] = row;
            ring = row;
        }
        else
        {
            final int tail = sessionPrev[ring];
            sessionNext[row] = ring;
            sessionPrev[row] = tail;
            sessionNext[tail] = row;
            sessionPrev[ring] = row;
        }
        sessions++;
        return row;
    }

    private int newSessionRow()
    {
        if (freeSession != NONE)
        {
            final int row = freeSession;
            freeSession = sessionNext[row];
            return row;
        }
        if (sessionRows == sessionFlow.length)
        {
            final int n = sessionRows * 2;
            sessionFlow = Arrays.copyOf(sessionFlow, n);
            sessionTable = Arrays.copyOf(sessionTable, n);
            sessionFwd = Arrays.copyOf(sessionFwd, n);
            sessionRev = Arrays.copyOf(sessionRev, n);
            sessionSrcIp = Arrays.copyOf(sessionSrcIp, n);
            sessionSrcPort = Arrays.copyOf(sessionSrcPort, n);
            sessionDstIp = Arrays.copyOf(sessionDstIp, n);
            sessionDstPort = Arrays.copyOf(sessionDstPort, n);
            sessionNext = Arrays.copyOf(sessionNext, n);
            sessionPrev = Arrays.copyOf(sessionPrev, n);
        }
        return sessionRows++;
    }

    /** Session rows ever used (the high-water mark of live sessions while rows are reused). */
    synchronized int sessionRows()
    {
        return sessionRows;
    }

    /** Dead when neither direction is active: no stage will translate with its state again. */
    private boolean isDead(final int row)
    {
        final FlowInfo forward = sessionFlow[row];
        if (forward != null)
        {
            return !forward.isActive() && !forward.related().isActive();
        }
        // Section 11.13, P5, A4: each side by its slot, tag and peer link; one that is gone counts as not active.
        final LockFreeFlowTable table = sessionTable[row];
        final long fwd = sessionFwd[row];
        final long rev = sessionRev[row];
        return !isLive(table, fwd, rev) && !isLive(table, rev, fwd);
    }

    private boolean isLive(final LockFreeFlowTable table, final long side, final long peer)
    {
        return table.sessionSide((int) (side >> 32), (int) side, (int) (peer >> 32), (int) peer, scratch) ==
            LockFreeFlowTable.SIDE_LIVE;
    }

    /**
     * Visits up to {@code maxWork} sessions and releases those whose flows are both no longer active.
     *
     * @param maxWork the most sessions to visit.
     * @return sessions released.
     */
    public synchronized int reclaim(final int maxWork)
    {
        int work = 0;
        int count = 0;
        final int limit = Math.min(maxWork, sessions);
        int s = reclaimCursor != NONE ? reclaimCursor : ring;
        while (s != NONE && work < limit)
        {
            work++;
            final int next = sessionNext[s];
            if (isDead(s))
            {
                unlink(s);
                if (sessionSrcIp[s] != NONE)
                {
                    release(ips[sessionSrcIp[s]], sessionSrcPort[s]);
                }
                if (sessionDstIp[s] != NONE)
                {
                    release(ips[sessionDstIp[s]], sessionDstPort[s]);
                }
                freeRow(s);
                count++;
                released++;
                s = ring == NONE ? NONE : (next == s ? NONE : next);
            }
            else
            {
                s = next;
            }
        }
        reclaimCursor = ring == NONE ? NONE : s;
        return count;
    }

    private void freeRow(final int row)
    {
        sessionFlow[row] = null; // the flows may be collected
        sessionTable[row] = null;
        sessionNext[row] = freeSession;
        freeSession = row;
    }

    private void unlink(final int s)
    {
        final int next = sessionNext[s];
        if (next == s)
        {
            ring = NONE;
        }
        else
        {
            final int prev = sessionPrev[s];
            sessionNext[prev] = next;
            sessionPrev[next] = prev;
            if (ring == s)
            {
                ring = next;
            }
        }
        if (reclaimCursor == s)
        {
            reclaimCursor = ring == NONE ? NONE : next;
        }
        sessionNext[s] = NONE;
        sessionPrev[s] = NONE;
        sessions--;
    }
}
