// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Direct and indirect keys of a table with inline state (docs/spec/flow-table.md section 11.14): a session whose key
 * is IPv4 with ports or an ICMP query fits its 8-long slot; every other key keeps its remaining words (and an IPv6
 * rewrite's address) in a record of the table's {@link KeyRecordPool}, and so does every flow object, whose reference
 * lives in the record (P8c: no {@code infos} array). A record is taken with the claim and given back when it ends.
 */
class InlineKeyRecordTest
{
    private static final long NET = 0x2001_0db8_0000_0000L;

    private static FlowKey v6(final long srcLo, final int srcPort)
    {
        return new MutableFlowKey().ipv6Ports(100, NET, srcLo, NET, 2L, 6, srcPort, 443).toImmutable();
    }

    private static FlowKey v4(final int src, final int dst, final int srcPort)
    {
        return new MutableFlowKey().ipv4Ports(100, src, dst, 6, srcPort, 443).toImmutable();
    }

    private static FlowInfo flow(final FlowKey key)
    {
        return new FlowInfo(key, 0L, FlowInfoAccess.SNAPSHOT);
    }

    @Test
    void shouldTellDirectKeysFromIndirectOnes()
    {
        assertTrue(v4(0x0a00_0001, 0x0b00_0001, 1024).fitsTwoWords());
        assertTrue(new MutableFlowKey().icmpQuery(100, false, 0L, 0x0a00_0001L, 0L, 0x0b00_0001L, 7).toImmutable()
            .fitsTwoWords());
        assertFalse(v6(1L, 1024).fitsTwoWords());
        assertFalse(new MutableFlowKey().icmpUnsupported(100, false, 0L, 0x0a00_0001L, 0L, 0x0b00_0001L)
            .toImmutable().fitsTwoWords(), "an ICMP message that is not a query");
        assertFalse(new MutableFlowKey().ipv4Ports(100, 0x0a00_0001, 0x0b00_0001, 1, 7, 0).toImmutable()
            .fitsTwoWords(), "ports under protocol ICMP: word 1 is no longer a function of the protocol");
        assertEquals(0x0a00_0001_0b00_0001L, v4(0x0a00_0001, 0x0b00_0001, 1024).addressWord());
    }

    @Test
    void shouldKeepAnIpv6KeyAndItsRewriteInARecord()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo f = flow(v6(1L, 1024));
        assertEquals(FlowTable.INSERTED, t.insert(f));
        assertEquals(1, t.recordsTakenForTest());
        assertSame(f, t.lookup(new MutableFlowKey().set(f.key())));
        assertNull(t.lookup(v6(3L, 1024)), "another source address, same slot words");
        final InlineFlowView state = InlineFlowStateTest.natState(FlowInfo.ACTIVE, 1L);
        state.natFlags = InlineFlowView.NAT_V6;
        state.nat6Hi = NET;
        state.nat6Lo = 0xABCDL;
        final int slot = t.writeInline(f.key(), state);
        assertTrue((t.ctrlForTest(slot) & LockFreeFlowTable.INDIRECT) != 0);
        final InlineFlowView out = new InlineFlowView();
        assertEquals(slot, t.readInline(f.key(), out));
        assertEquals(NET, out.nat6Hi);
        assertEquals(0xABCDL, out.nat6Lo);
        assertEquals(state.natPort, out.natPort);
        assertSame(f, t.remove(f.key()));
        assertEquals(0, t.recordsTakenForTest(), "the removal gives the record back");
    }

    @Test
    void shouldKeepADirectSessionKeyInItsSlotAndRefuseAnIpv6RewriteForIt()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowKey key = v4(0x0a00_0001, 0x0b00_0001, 1024);
        assertEquals(FlowTable.INSERTED, t.putSession(key, false, null));
        assertEquals(0, t.recordsTakenForTest());
        final InlineFlowView out = new InlineFlowView();
        final int slot = t.readInline(key, out);
        assertEquals(0L, t.ctrlForTest(slot) & LockFreeFlowTable.INDIRECT);
        assertSame(FlowInfo.INLINE_SESSION, out.flow);
        final InlineFlowView state = InlineFlowStateTest.natState(FlowInfo.ACTIVE, 1L);
        state.natFlags = InlineFlowView.NAT_V6;
        assertThrows(IllegalArgumentException.class, () -> t.writeInline(key, state));
    }

    @Test
    void shouldKeepAFlowObjectInARecordEvenWhenItsKeyFitsTheSlot()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowKey key = v4(0x0a00_0001, 0x0b00_0001, 1024);
        final FlowInfo f = flow(key);
        assertEquals(FlowTable.INSERTED, t.insert(f));
        assertEquals(1, t.recordsTakenForTest(), "the record holds the flow's reference (P8c)");
        assertSame(f, t.lookup(key));
        assertSame(f, t.remove(key));
        assertEquals(0, t.recordsTakenForTest());
    }

    @Test
    void shouldMoveASessionKeyToARecordWhenAFlowObjectReplacesIt()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowKey key = v4(0x0a00_0001, 0x0b00_0001, 1024);
        t.putSession(key, false, null);
        final FlowInfo f = flow(key);
        assertEquals(FlowTable.INSERTED, t.insert(f), "K6: the session goes, the flow takes an indirect slot");
        assertSame(f, t.lookup(key));
        assertEquals(1, t.size());
        final int slot = t.readInline(key, new InlineFlowView());
        assertTrue((t.ctrlForTest(slot) & LockFreeFlowTable.INDIRECT) != 0);
    }

    @Test
    void shouldNeverMatchADirectKeyAgainstAnIndirectSlotWhoseIndexEqualsItsAddresses()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(16, true);
        final FlowInfo indirect = flow(v6(1L, 1024));
        t.insert(indirect); // the pool's first record: index 0, so the slot's word 2 is 0
        final FlowKey direct = v4(0, 0, 1024); // 0.0.0.0 to 0.0.0.0: address word 0, same first word
        assertTrue(direct.fitsTwoWords());
        assertEquals(indirect.key().word0(), direct.word0());
        assertEquals(0L, direct.addressWord());
        final int slot = t.readInline(indirect.key(), new InlineFlowView());
        assertTrue(t.keyInSlotForTest(slot, indirect.key()));
        assertFalse(t.keyInSlotForTest(slot, direct), "the INDIRECT bit tells the two apart");
    }

    @Test
    void shouldGiveBackEveryRecordWhenKeysComeAndGo()
    {
        final LockFreeFlowTable t = new LockFreeFlowTable(64, true);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 40; i++)
            {
                assertEquals(FlowTable.INSERTED, t.insert(flow(v6(i, 2000 + i))));
            }
            final FlowInfo again = flow(v6(5, 2005));
            assertEquals(FlowTable.REPLACED, t.insert(again), "a replace keeps the key and its record");
            assertEquals(40, t.recordsTakenForTest());
            for (int i = 0; i < 40; i++)
            {
                assertTrue(t.remove(v6(i, 2000 + i)) != null);
            }
            assertEquals(0, t.recordsTakenForTest());
        }
    }
}
