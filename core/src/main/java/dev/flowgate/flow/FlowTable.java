// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The flow table: flow key to {@link FlowInfo}, shared by all workers, with a fixed capacity.
 *
 * <ul>
 *   <li>{@link #lookup} returns only active flows; a non-active flow found is removed (by identity) and not
 *   returned (docs/spec/flows.md section 2.2). The deadline is not checked: expiry is the timer wheel's job.</li>
 *   <li>{@link #insert} maps {@code flow.key()} to the flow, replacing any previous flow of that key (the old flow is
 *   not marked), and returns {@link #INSERTED}, {@link #REPLACED} or {@link #FULL}. {@link #FULL} means the table
 *   holds {@link #capacity()} flows and the key is not among them: the pipeline drops the packet as
 *   {@code flow-capacity-exceeded}. Existing flows keep working.</li>
 *   <li>{@link #insertPair} inserts a flow and its {@link FlowInfo#related()}: the capacity decides for the first;
 *   the second is always admitted (as upstream), so the size may exceed the capacity by one per concurrent pair.</li>
 *   <li>Removal is by key, or by key and identity ({@link #remove(FlowKey, FlowInfo)}: expiry and lazy removal use
 *   it, so they never remove a newer flow that replaced the one they meant).</li>
 *   <li>Expiry: a {@link FlowTimerWheel} per worker, given to {@code insert}; each call does bounded work.</li>
 * </ul>
 * All methods are safe for concurrent use; look-ups with a {@link MutableFlowKey} allocate nothing.
 */
public interface FlowTable extends AutoCloseable
{
    /** {@link #insert} result: the key was absent, the flow is now mapped. */
    int INSERTED = 0;
    /** {@link #insert} result: the key was mapped to another flow, which the new one replaced. */
    int REPLACED = 1;
    /** {@link #insert} result: the table is full and the key was absent; nothing changed. */
    int FULL = 2;

    /**
     * A new table for flows read in mode {@code access}: with inline per-flow state for
     * {@link FlowInfoAccess#INLINE}.
     *
     * @param kind     the implementation.
     * @param capacity the maximum number of flows (at least 1).
     * @param access   the flow-information access the table will serve.
     * @return the table.
     * @throws IllegalArgumentException when the mode does not run over the kind ({@link FlowInfoAccess#refusal}).
     */
    static FlowTable create(final FlowTableKind kind, final int capacity, final FlowInfoAccess access)
    {
        if (!access.supports(kind))
        {
            throw new IllegalArgumentException(access.refusal(kind));
        }
        return access == FlowInfoAccess.INLINE ? new LockFreeFlowTable(capacity, true) : create(kind, capacity);
    }

    /**
     * A new table.
     *
     * @param kind     the implementation.
     * @param capacity the maximum number of flows (at least 1).
     * @return the table.
     */
    static FlowTable create(final FlowTableKind kind, final int capacity)
    {
        switch (kind)
        {
            case LOCK_FREE:
                return new LockFreeFlowTable(capacity);
            case SHARDED_LOCKED:
                return new ShardedLockedFlowTable(capacity);
            case CONCURRENT_HASH_MAP:
                return new ConcurrentHashMapFlowTable(capacity);
            case CHRONICLE_MAP:
                return new ChronicleMapFlowTable(capacity);
            default:
                throw new IllegalArgumentException("kind " + kind);
        }
    }

    /**
     * Which implementation this is.
     *
     * @return the kind.
     */
    FlowTableKind kind();

    /**
     * The active flow of a key.
     *
     * @param key the key (a reused {@link MutableFlowKey} is fine).
     * @return the flow if mapped and active, else null (a non-active mapped flow is removed).
     */
    FlowInfo lookup(FlowKey key);

    /**
     * Looks up a burst: the implementation may hash every key first and then probe.
     *
     * @param keys    the keys.
     * @param hashes  scratch of at least {@code count} entries, owned by the caller.
     * @param results receives each key's {@link #lookup} result.
     * @param count   the number of keys.
     */
    default void lookupBurst(final FlowKey[] keys, final long[] hashes, final FlowInfo[] results, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            results[i] = lookup(keys[i]);
        }
    }

    /**
     * Maps {@code flow.key()} to {@code flow}, without expiry tracking.
     *
     * @param flow the flow.
     * @return {@link #INSERTED}, {@link #REPLACED} or {@link #FULL}.
     */
    int insert(FlowInfo flow);

    /**
     * Maps {@code flow.key()} to {@code flow} and schedules it on the caller's wheel (must be called from the
     * wheel's owner thread).
     *
     * @param flow  the flow.
     * @param wheel the calling worker's wheel, or null for no expiry tracking.
     * @return {@link #INSERTED}, {@link #REPLACED} or {@link #FULL}.
     */
    int insert(FlowInfo flow, FlowTimerWheel wheel);

    /**
     * Inserts a flow and its related flow.
     *
     * @param flow  the flow; {@code flow.related()} must not be null.
     * @param wheel the calling worker's wheel, or null.
     * @return the result for {@code flow} ({@link #FULL}: neither was inserted).
     */
    int insertPair(FlowInfo flow, FlowTimerWheel wheel);

    /**
     * Removes the mapping of a key.
     *
     * @param key the key.
     * @return the removed flow, or null when the key was not mapped.
     */
    FlowInfo remove(FlowKey key);

    /**
     * Removes the mapping of a key only if it maps to this very flow.
     *
     * @param key  the key.
     * @param flow the flow expected.
     * @return true when removed.
     */
    boolean remove(FlowKey key, FlowInfo flow);

    /**
     * The number of mapped flows (any status). Exact when no insert or remove is in flight; a concurrent insert may
     * be counted from its capacity reservation, slightly before its flow becomes visible.
     *
     * @return the size.
     */
    int size();

    /**
     * The fixed capacity.
     *
     * @return the maximum number of flows.
     */
    int capacity();

    /**
     * Releases off-heap resources (no-op for on-heap tables).
     */
    @Override
    void close();
}
