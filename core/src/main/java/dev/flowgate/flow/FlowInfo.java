// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.StampedLock;

/**
 * The information of one direction of a flow, shared between the flow table, the packets that carry it and the
 * stages that read or write it.
 *
 * <ul>
 *   <li>{@code status} ({@link #ACTIVE}, {@link #CANCELLED}, {@link #EXPIRED}), {@code genid} and {@code expiresAt}
 *   are atomics accessed through VarHandles: volatile loads (plain loads on x86) and release stores; the reference's
 *   Relaxed ordering is weaker, ours costs nothing more on the read side. The flow owns its status; the
 *   {@link LockFreeFlowTable} it is bound to (the first one that published it) keeps an "inactive" hint in the flow's
 *   slot so that a look-up need not load the flow, and every store of a non-active status (a volatile store) writes
 *   through to that hint: one probe of the bound table.</li>
 *   <li>The locked part (destination VNI, masquerade state, port-forwarding state: type-erased {@code Object}s, of
 *   which the flow-filter only tests presence) is guarded according to the {@link FlowInfoAccess} the flow was
 *   created for: MULTI_LOCK, SINGLE_LOCK and OPTIMISTIC flows carry a {@link StampedLock} (the lock modes take its
 *   read lock, OPTIMISTIC tries an optimistic read first), SNAPSHOT flows an immutable {@link FlowLockedState}
 *   published through a volatile reference. The reference's {@code std::sync::RwLock} costs a read two atomic RMW on
 *   one word; so does {@code StampedLock}, while {@code ReentrantReadWriteLock} also records its first reader (a
 *   reference store per acquisition, which G1's barrier makes dear once the flow is in the old generation) and
 *   allocates hold counters once two threads read.
 *   Only the structure of that mode is allocated (memory per flow matters at 10^7 flows); the writer
 *   {@link #writeLocked} serves every mode, and a {@link FlowInfoReader} of the same mode reads it.</li>
 *   <li>{@code related}, the reverse direction, is a plain reference set once before the pair is published (pair
 *   creation, {@link #relatedPair}). The reference holds a weak link to avoid a reference-count cycle; the JVM's
 *   collector has no trouble with cycles, and a {@code WeakReference} would cost an object and a dependent load per
 *   pair operation. A pair stays reachable while either direction is in a table, a timer wheel or a packet.</li>
 * </ul>
 */
public final class FlowInfo
{
    /** Status: the flow may be used. */
    public static final int ACTIVE = 0;
    /** Status: invalidated by a stage; removed lazily. */
    public static final int CANCELLED = 1;
    /** Status: reaped by expiry. */
    public static final int EXPIRED = 2;
    /**
     * The one flow reference every slot of a session without flow objects maps (docs/spec/flow-table.md section 11.13,
     * P7, H1): a session is named by its slots ({@link InlineSessions}), not by this reference. Its status is
     * {@link #ACTIVE} for good; it has no key and is never bound to a table, and it takes no status or genid store.
     */
    public static final FlowInfo INLINE_SESSION = new FlowInfo(null, Long.MAX_VALUE, FlowInfoAccess.INLINE);

    private static final VarHandle STATUS_VH;
    private static final VarHandle GENID_VH;
    private static final VarHandle EXPIRES_AT_VH;
    private static final VarHandle SNAPSHOT_VH;
    private static final VarHandle TABLE_VH;
    private static final VarHandle SLOT_VH;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATUS_VH = lookup.findVarHandle(FlowInfo.class, "status", int.class);
            GENID_VH = lookup.findVarHandle(FlowInfo.class, "genid", long.class);
            EXPIRES_AT_VH = lookup.findVarHandle(FlowInfo.class, "expiresAt", long.class);
            SNAPSHOT_VH = lookup.findVarHandle(FlowInfo.class, "snapshot", FlowLockedState.class);
            TABLE_VH = lookup.findVarHandle(FlowInfo.class, "table", LockFreeFlowTable.class);
            SLOT_VH = lookup.findVarHandle(FlowInfo.class, "slot", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final FlowKey key;
    private final FlowInfoAccess access;
    /** Null in SNAPSHOT mode. */
    final StampedLock lock;

    @SuppressWarnings("unused") // accessed through STATUS_VH
    private int status;
    @SuppressWarnings("unused") // accessed through GENID_VH
    private long genid;
    @SuppressWarnings("unused") // accessed through EXPIRES_AT_VH
    private long expiresAt;
    @SuppressWarnings("unused") // accessed through SNAPSHOT_VH
    private FlowLockedState snapshot;
    @SuppressWarnings("unused") // accessed through TABLE_VH: the lock-free table this flow is bound to, set once
    private LockFreeFlowTable table;
    @SuppressWarnings("unused") // accessed through SLOT_VH: the lock-free slot last mapping this flow, or -1
    private int slot = -1;

    // Locked part for the lock-based modes: guarded by lock.
    int dstVni;
    Object natState;
    Object portFwState;

    private FlowInfo related;
    /** Idle timeout of the last extension (INLINE flows: the expiry wheel extends from the slots' last-seen times). */
    private long idleTimeoutNanos;

    // Timer-wheel links: owned by the worker whose wheel scheduled this flow (see FlowTimerWheel); sessions without
    // flow objects are the wheel's nodes over their slots instead (docs/spec/flow-table.md section 11.13, P4, P7).
    FlowTimerWheel wheelOwner;
    FlowInfo wheelNext;
    FlowInfo wheelPrev;
    long wheelTick;

    /**
     * A new active flow with genid 0 and an empty locked part.
     *
     * @param key       the flow's key (immutable; a {@link MutableFlowKey} is copied).
     * @param expiresAt absolute deadline in the clock of the caller (nanoseconds).
     * @param access    the read mode the flow will be read with.
     */
    public FlowInfo(final FlowKey key, final long expiresAt, final FlowInfoAccess access)
    {
        this.key = key instanceof MutableFlowKey ? FlowKey.copyOf(key) : key;
        this.access = access;
        this.lock = access == FlowInfoAccess.SNAPSHOT || access == FlowInfoAccess.INLINE ? null : new StampedLock();
        this.snapshot = FlowLockedState.EMPTY;
        this.expiresAt = expiresAt;
    }

    /**
     * Two flows, one per direction, each the {@link #related()} of the other, both active with genid 0 and the same
     * deadline. Fill their locked parts, then publish them (e.g. {@link FlowTable#insertPair}).
     *
     * @param forward   the forward key.
     * @param reverse   the reverse key (must differ from {@code forward}).
     * @param expiresAt the deadline of both.
     * @param access    the read mode.
     * @return the forward flow; {@code related()} is the reverse flow.
     */
    public static FlowInfo relatedPair(
        final FlowKey forward, final FlowKey reverse, final long expiresAt, final FlowInfoAccess access)
    {
        if (forward.equalsKey(reverse))
        {
            throw new IllegalArgumentException("keys of a related pair must differ: " + forward);
        }
        final FlowInfo a = new FlowInfo(forward, expiresAt, access);
        final FlowInfo b = new FlowInfo(reverse, expiresAt, access);
        a.related = b;
        b.related = a;
        return a;
    }

    /**
     * The flow's key.
     *
     * @return the immutable key, or null for {@link #INLINE_SESSION} (a session's key words are only in its slots).
     */
    public FlowKey key()
    {
        return key;
    }

    /**
     * The read mode this flow was created for.
     *
     * @return the mode.
     */
    public FlowInfoAccess access()
    {
        return access;
    }

    /**
     * The reverse direction.
     *
     * @return the related flow, or null.
     */
    public FlowInfo related()
    {
        return related;
    }

    /**
     * Status load (volatile; pairs with {@link #soStatus} and {@link #svStatus}): the status decides whether the flow
     * may be used.
     *
     * @return {@link #ACTIVE}, {@link #CANCELLED} or {@link #EXPIRED}.
     */
    public int status()
    {
        return (int) STATUS_VH.getVolatile(this);
    }

    /**
     * Status store: release when {@link #ACTIVE}; otherwise volatile, then written through to the lock-free table the
     * flow is bound to (its slot's inactive hint, see {@link LockFreeFlowTable}), so that no look-up that starts
     * after this call returns returns the flow. An INLINE flow bound to a table with inline state then writes the
     * status into its slot, which owns it (docs/spec/flow-table.md section 11.13, P3, T1).
     *
     * @param newStatus the new status.
     */
    public void status(final int newStatus)
    {
        requireObject();
        if (newStatus == ACTIVE)
        {
            soStatus(newStatus);
            final LockFreeFlowTable inline = slotOwned();
            if (inline != null)
            {
                inline.inlineStatus(this, newStatus);
            }
        }
        else
        {
            deactivate(newStatus);
        }
    }

    /**
     * docs/spec/flow-table.md section 11.13, P3: the table whose slot owns this INLINE flow's status and genid, or
     * null (object modes, or not yet bound: until its activation the object is the only copy, which C2 copies). A
     * binding never changes, so a non-null answer stays true.
     */
    private LockFreeFlowTable slotOwned()
    {
        if (access != FlowInfoAccess.INLINE)
        {
            return null;
        }
        final LockFreeFlowTable t = lvTable();
        return t != null && t.hasInlineState() ? t : null;
    }

    /**
     * docs/spec/flow-table.md section 8, step W1: the volatile status store is ordered before the load of the binding
     * and the table's control words, the mirror of the inserter's volatile publication before its status re-check.
     */
    private void deactivate(final int newStatus)
    {
        svStatus(newStatus);
        final LockFreeFlowTable t = lvTable();
        if (t != null)
        {
            t.statusChanged(this);
            if (access == FlowInfoAccess.INLINE && t.hasInlineState())
            {
                t.inlineStatus(this, newStatus); // P3, T1: then the slot, which owns it
            }
        }
    }

    /**
     * Binds this flow to a lock-free table, once: only the slots of the bound table may carry a clear inactive hint
     * for it (a status change writes through to one table only).
     *
     * @param table the table that publishes the flow.
     * @return true when the flow is bound to {@code table} (now or before); false when bound to another table.
     */
    boolean bindTo(final LockFreeFlowTable table)
    {
        final LockFreeFlowTable current = lvTable();
        if (current == table)
        {
            return true;
        }
        return current == null && (casTable(null, table) || lvTable() == table);
    }

    /**
     * The lock-free table with inline state this flow is bound to (docs/spec/flow-table.md section 11.12: where the
     * NAT words of a flow without a locked part live).
     *
     * @return the table, or null when unbound or bound to a table without inline state.
     */
    LockFreeFlowTable inlineTable()
    {
        final LockFreeFlowTable t = lvTable();
        return t != null && t.hasInlineState() ? t : null;
    }

    /**
     * docs/spec/flow-table.md section 11.11: the lock-free slot that last mapped this flow (a hint: a table uses it
     * only after checking that its own slot of that index maps this very flow).
     *
     * @return the slot, or -1.
     */
    int cachedSlot()
    {
        return lvSlot();
    }

    /**
     * Caches the slot about to map this flow (section 11.11, X1: before the flow reference is published there).
     */
    void cacheSlot(final int newSlot)
    {
        if (this != INLINE_SESSION) // P7: the shared sentinel caches nothing (every session's slot maps it)
        {
            svSlot(newSlot);
        }
    }

    /**
     * Clears the cached slot if it is still {@code oldSlot} (section 11.11, X2: after the flow reference left it).
     */
    void uncacheSlot(final int oldSlot)
    {
        if (this != INLINE_SESSION)
        {
            casSlot(oldSlot, -1);
        }
    }

    /** P7, H1: a status or genid store into the shared sentinel is a programming error (sessions write their slots). */
    private void requireObject()
    {
        if (this == INLINE_SESSION)
        {
            throw new IllegalStateException("a session without flow objects is written by its slots (InlineSessions)");
        }
    }

    /**
     * Whether the status is {@link #ACTIVE} (one volatile status load, as {@link #status()}).
     *
     * @return true when active.
     */
    public boolean isActive()
    {
        return (int) STATUS_VH.getVolatile(this) == ACTIVE;
    }

    /**
     * Genid load (volatile; pairs with {@link #soGenid}).
     *
     * @return the last configuration generation under which the flow was accepted; 0 at creation.
     */
    public long genid()
    {
        return (long) GENID_VH.getVolatile(this);
    }

    /**
     * Genid store (release).
     *
     * @param newGenid the generation.
     */
    public void genid(final long newGenid)
    {
        requireObject();
        soGenid(newGenid);
        final LockFreeFlowTable inline = slotOwned();
        if (inline != null)
        {
            inline.inlineGenid(this, newGenid);
        }
    }

    /**
     * Stores the genid on this flow, then on the related flow if there is one (reference {@code set_genid_pair}).
     *
     * @param newGenid the generation.
     */
    public void setGenidPair(final long newGenid)
    {
        genid(newGenid);
        final FlowInfo other = related;
        if (other != null)
        {
            other.genid(newGenid); // docs/spec/flow-table.md 11.5: the reverse may take the stale path once more
        }
    }

    /**
     * Stores {@link #CANCELLED} unconditionally (an expired flow becomes cancelled, as in the reference), written
     * through like {@link #status(int)}.
     */
    public void invalidate()
    {
        status(CANCELLED);
    }

    /**
     * Invalidates this flow and the related flow if there is one (reference {@code invalidate_pair}).
     */
    public void invalidatePair()
    {
        status(CANCELLED);
        final FlowInfo other = related;
        if (other != null)
        {
            other.status(CANCELLED);
        }
    }

    /**
     * The deadline (volatile load; pairs with {@link #soExpiresAt}).
     *
     * @return absolute deadline, nanoseconds.
     */
    public long expiresAt()
    {
        return (long) EXPIRES_AT_VH.getVolatile(this);
    }

    /**
     * Sets the deadline (the expiry wheel re-reads it lazily; extending never touches the wheel).
     *
     * @param deadline absolute deadline, nanoseconds.
     */
    public void expiresAt(final long deadline)
    {
        soExpiresAt(deadline);
    }

    /**
     * Moves the deadline to {@code now + timeout} unless that is earlier than the current one (reference
     * {@code reset_expiry_unchecked}: volatile load then release store, last writer wins).
     *
     * @param now     current time, nanoseconds.
     * @param timeout idle timeout, nanoseconds.
     */
    public void resetExpiry(final long now, final long timeout)
    {
        final long deadline = now + timeout;
        if (deadline >= (long) EXPIRES_AT_VH.getVolatile(this))
        {
            EXPIRES_AT_VH.setRelease(this, deadline);
        }
    }

    /**
     * The idle timeout recorded by {@link #idleTimeout(long)}.
     *
     * @return nanoseconds, 0 when none was recorded.
     */
    public long idleTimeout()
    {
        return idleTimeoutNanos;
    }

    /**
     * Records the idle timeout the flow's deadline is extended by (INLINE: established packets only touch their slot's
     * last-seen time, and the expiry wheel moves the deadline to the pair's last-seen time plus this timeout). Owner
     * writes only (the creating or the extending worker); read by the worker whose wheel holds the flow.
     *
     * @param timeoutNanos the timeout, nanoseconds.
     */
    public void idleTimeout(final long timeoutNanos)
    {
        idleTimeoutNanos = timeoutNanos;
    }

    /**
     * Writes the locked part, under the write side of this flow's synchronisation structure (or by publishing a new
     * snapshot in SNAPSHOT mode).
     *
     * @param newDstVni      destination VNI, 0 for none.
     * @param newNatState    masquerade state, or null.
     * @param newPortFwState port-forwarding state, or null.
     */
    public void writeLocked(final int newDstVni, final Object newNatState, final Object newPortFwState)
    {
        if (lock != null)
        {
            final long stamp = lock.writeLock();
            try
            {
                storeLocked(newDstVni, newNatState, newPortFwState);
            }
            finally
            {
                lock.unlockWrite(stamp);
            }
        }
        else
        {
            soSnapshot(new FlowLockedState(newDstVni, newNatState, newPortFwState));
        }
    }

    private void storeLocked(final int newDstVni, final Object newNatState, final Object newPortFwState)
    {
        dstVni = newDstVni;
        natState = newNatState;
        portFwState = newPortFwState;
    }

    /**
     * A consistent copy of the locked part (allocates in the lock modes: for display and tests, not for packets).
     *
     * @return the locked part.
     */
    public FlowLockedState lockedState()
    {
        if (lock != null)
        {
            final long stamp = lock.readLock();
            try
            {
                return new FlowLockedState(dstVni, natState, portFwState);
            }
            finally
            {
                lock.unlockRead(stamp);
            }
        }
        return laSnapshot();
    }

    /**
     * The masquerade state, read under this flow's synchronisation structure (one read lock, a validated optimistic
     * read, or one acquire load), allocation-free: for the NAT stages' per-packet reads.
     *
     * @return the state object, or null.
     */
    public Object readNatState()
    {
        return readLockedObject(true);
    }

    /**
     * The port-forwarding state, read like {@link #readNatState()}.
     *
     * @return the state object, or null.
     */
    public Object readPortFwState()
    {
        return readLockedObject(false);
    }

    /**
     * The destination VNI of the locked part, read like {@link #readNatState()} (allocation-free): for the
     * ICMP-error handler, which takes the destination from the flow.
     *
     * @return the VNI, 0 for none.
     */
    public int readDstVni()
    {
        if (lock != null)
        {
            if (access == FlowInfoAccess.OPTIMISTIC)
            {
                final long stamp = lock.tryOptimisticRead();
                final int value = dstVni;
                if (stamp != 0 && lock.validate(stamp))
                {
                    return value;
                }
            }
            final long readStamp = lock.readLock();
            try
            {
                return dstVni;
            }
            finally
            {
                lock.unlockRead(readStamp);
            }
        }
        return laSnapshot().dstVni();
    }

    private Object readLockedObject(final boolean nat)
    {
        if (lock != null)
        {
            if (access == FlowInfoAccess.OPTIMISTIC)
            {
                final long stamp = lock.tryOptimisticRead();
                final Object value = nat ? natState : portFwState;
                if (stamp != 0 && lock.validate(stamp))
                {
                    return value;
                }
            }
            final long readStamp = lock.readLock();
            try
            {
                return nat ? natState : portFwState;
            }
            finally
            {
                lock.unlockRead(readStamp);
            }
        }
        final FlowLockedState s = laSnapshot();
        return nat ? s.natState() : s.portFwState();
    }

    // ---- memory-ordered accessors (JCTools naming). The per-packet readers above (status, isActive, genid,
    // expiresAt, resetExpiry) are accessors themselves and load the VarHandle directly: one more private level
    // cost the SINGLE_LOCK pipeline 1.3% (docs/measuring.md, "Issue #15's refactors against the data path");
    // MemoryOrderNames lists them.

    /** Release, pairs with {@link #status()}: an activation publishes what was written before it. */
    private void soStatus(final int newStatus)
    {
        STATUS_VH.setRelease(this, newStatus);
    }

    /** Volatile (section 8, W1): ordered before the loads of the binding and the bound table's control words. */
    private void svStatus(final int newStatus)
    {
        STATUS_VH.setVolatile(this, newStatus);
    }

    /** Release, pairs with {@link #genid()}: a reader that sees the genid sees the writes before it. */
    private void soGenid(final long newGenid)
    {
        GENID_VH.setRelease(this, newGenid);
    }

    /** Release, pairs with {@link #expiresAt()}: the expiry wheel of another worker reads the deadline lazily. */
    private void soExpiresAt(final long deadline)
    {
        EXPIRES_AT_VH.setRelease(this, deadline);
    }

    /** Acquire, pairs with {@link #soSnapshot}: the snapshot's fields are seen as constructed. */
    FlowLockedState laSnapshot()
    {
        return (FlowLockedState) SNAPSHOT_VH.getAcquire(this);
    }

    /** Release, pairs with {@link #laSnapshot}: publishes a fully constructed snapshot. */
    private void soSnapshot(final FlowLockedState newSnapshot)
    {
        SNAPSHOT_VH.setRelease(this, newSnapshot);
    }

    /** Volatile, pairs with {@link #casTable}: W1's status store is ordered before this load (section 8). */
    private LockFreeFlowTable lvTable()
    {
        return (LockFreeFlowTable) TABLE_VH.getVolatile(this);
    }

    /** CAS, pairs with {@link #lvTable}: the binding is set once, by the first table that publishes the flow. */
    private boolean casTable(final LockFreeFlowTable expect, final LockFreeFlowTable update)
    {
        return TABLE_VH.compareAndSet(this, expect, update);
    }

    /** Volatile, pairs with {@link #svSlot}/{@link #casSlot} (section 11.11: a hint the table checks before use). */
    private int lvSlot()
    {
        return (int) SLOT_VH.getVolatile(this);
    }

    /** Volatile (section 11.11, X1): ordered before the flow reference is published in the slot. */
    private void svSlot(final int newSlot)
    {
        SLOT_VH.setVolatile(this, newSlot);
    }

    /** CAS (section 11.11, X2): clears the cache only if no newer slot replaced it. */
    private boolean casSlot(final int expect, final int update)
    {
        return SLOT_VH.compareAndSet(this, expect, update);
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "FlowInfo{" + (key != null ? key : "session") + ", status=" + status() + ", genid=" +
            genid() + '}';
    }
}
