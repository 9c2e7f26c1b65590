// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The slot cache of a flow in a lock-free table (docs/spec/flow-table.md section 11.11): set before the flow is
 * published, cleared when it leaves the slot, and used by {@link LockFreeFlowTable#slotOf} only after checking that
 * the slot still maps the flow.
 */
class SlotCacheTest
{
    private final LockFreeFlowTable table = new LockFreeFlowTable(64, true);
    private final MutableFlowKey k = new MutableFlowKey();

    private FlowInfo flow(final int port)
    {
        return new FlowInfo(k.ipv4Ports(1, 10, 20, 6, port, 80).toImmutable(), Long.MAX_VALUE, FlowInfoAccess.INLINE);
    }

    @Test
    void shouldCacheTheSlotAtPublishAndClearItAtRemoval()
    {
        final FlowInfo f = flow(1000);
        assertEquals(-1, f.cachedSlot());
        assertEquals(FlowTable.INSERTED, table.insert(f));
        final int slot = f.cachedSlot();
        assertNotEquals(-1, slot, "cached at publish");
        assertEquals(slot, table.slotOf(f));
        assertEquals(f, table.remove(f.key()));
        assertEquals(-1, f.cachedSlot(), "cleared at removal");
        assertEquals(-1, table.slotOf(f));
    }

    @Test
    void shouldMoveTheCacheOnReplace()
    {
        final FlowInfo old = flow(1000);
        final FlowInfo replacement = flow(1000);
        table.insert(old);
        final int slot = old.cachedSlot();
        assertEquals(FlowTable.REPLACED, table.insert(replacement));
        assertEquals(slot, replacement.cachedSlot(), "the replacement takes the slot");
        assertEquals(-1, old.cachedSlot(), "the replaced flow no longer maps it");
    }

    @Test
    void shouldNotTrustACacheThatMapsAnotherFlow()
    {
        final FlowInfo a = flow(1000);
        final FlowInfo b = flow(1001);
        table.insert(a);
        table.insert(b);
        table.remove(a.key());
        a.cacheSlot(b.cachedSlot()); // stale: that slot maps b
        assertEquals(-1, table.slotOf(a));
        assertEquals(b.cachedSlot(), table.slotOf(b));
    }

    @Test
    void shouldFindAFlowWhoseCacheBelongsToAnotherTable()
    {
        final LockFreeFlowTable other = new LockFreeFlowTable(1024, false);
        final FlowInfo f = flow(1000);
        table.insert(f);
        final int here = f.cachedSlot();
        other.insert(f); // the cache now names the other table's slot
        assertEquals(here, table.slotOf(f), "found by probing when the cached index does not map it here");
    }
}
