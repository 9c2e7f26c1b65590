// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

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
    }

    /** A ledger entry's key: scope and address. */
    record LedgerKey(Scope scope, long hi, long lo)
    {
    }

    private final Map<LedgerKey, MasqueradeIp> ledger = new HashMap<>();
    private final Random shuffle;
    private final int workers;
    private MasqueradeSession ring;
    private MasqueradeSession reclaimCursor;
    private int sessions;
    private long released;
    private boolean sweptOnce;
    private long lastFullReclaimNanos;

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
        return ledger.size();
    }

    /** Adopts the ledger's addresses of the pool's scope that lie in the pool (configuration time). */
    synchronized void adopt(final MasqueradePool pool)
    {
        for (final MasqueradeIp ip : ledger.values())
        {
            if (ip.key.scope().equals(pool.scope))
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
        final LedgerKey key = new LedgerKey(pool.scope, pool.hiOf(off), pool.loOf(off));
        final MasqueradeIp ip = new MasqueradeIp(key, pool.icmp, pool.reserved, shuffle, workers);
        ip.offset = off;
        ledger.put(key, ip);
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
            ledger.remove(ip.key);
            ip.owner.markFree(ip);
        }
    }

    /** Registers a created session (its flows are in the table). */
    synchronized void register(final MasqueradeSession session)
    {
        if (ring == null)
        {
            session.next = session;
            session.prev = session;
            ring = session;
        }
        else
        {
            session.next = ring;
            session.prev = ring.prev;
            ring.prev.next = session;
            ring.prev = session;
        }
        sessions++;
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
        MasqueradeSession s = reclaimCursor != null ? reclaimCursor : ring;
        while (s != null && work < limit)
        {
            work++;
            final MasqueradeSession next = s.next;
            if (s.isDead())
            {
                unlink(s);
                if (s.srcIp != null)
                {
                    release(s.srcIp, s.srcPort);
                }
                if (s.dstIp != null)
                {
                    release(s.dstIp, s.dstPort);
                }
                count++;
                released++;
                s = ring == null ? null : (next == s ? null : next);
            }
            else
            {
                s = next;
            }
        }
        reclaimCursor = ring == null ? null : s;
        return count;
    }

    private void unlink(final MasqueradeSession s)
    {
        if (s.next == s)
        {
            ring = null;
        }
        else
        {
            s.prev.next = s.next;
            s.next.prev = s.prev;
            if (ring == s)
            {
                ring = s.next;
            }
        }
        if (reclaimCursor == s)
        {
            reclaimCursor = ring == null ? null : s.next;
        }
        s.next = null;
        s.prev = null;
        sessions--;
    }
}
