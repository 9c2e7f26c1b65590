// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

/**
 * The flow-table implementations ({@code flowTable}), all behind the {@link FlowTable} contract.
 */
public enum FlowTableKind
{
    /** Our open-addressing table over primitive arrays, CAS-published slots (docs/spec/flow-table.md). */
    LOCK_FREE,
    /** The reference's design: 1024 shards, each a read-write lock around a hash map. */
    SHARDED_LOCKED,
    /** The JDK's {@code ConcurrentHashMap}. */
    CONCURRENT_HASH_MAP,
    /** Chronicle Map off-heap, key bytes to an index into an on-heap registry of flows. */
    CHRONICLE_MAP
}
