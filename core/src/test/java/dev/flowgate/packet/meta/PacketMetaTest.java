// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.packet.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketMetaTest
{
    @Test
    void shouldKeepTheFirstDropReason()
    {
        final PacketMeta meta = new PacketMeta();
        assertFalse(meta.isDone());
        assertTrue(meta.drop(DropReason.MALFORMED));
        assertFalse(meta.drop(DropReason.FILTERED));
        assertEquals(DropReason.MALFORMED, meta.dropReason());
        assertTrue(meta.isDropped());
    }

    @Test
    void shouldNotCountDeliveredAsDropped()
    {
        final PacketMeta meta = new PacketMeta();
        meta.drop(DropReason.DELIVERED);
        assertTrue(meta.isDone());
        assertFalse(meta.isDropped());
    }

    @Test
    void shouldUseSeedFlagValuesAndResetEverything()
    {
        assertEquals(0x001, PacketMeta.INITIALIZED);
        assertEquals(0x002, PacketMeta.IS_L2_BCAST);
        assertEquals(0x004, PacketMeta.NATTED);
        assertEquals(0x008, PacketMeta.REFR_CHKSUM);
        assertEquals(0x010, PacketMeta.KEEP);
        assertEquals(0x020, PacketMeta.IS_OVERLAY);
        assertEquals(0x040, PacketMeta.REQ_STATEFUL_NAT);
        assertEquals(0x080, PacketMeta.REQ_STATELESS_NAT);
        assertEquals(0x100, PacketMeta.REQ_PORT_FORWARDING);
        final PacketMeta meta = new PacketMeta();
        assertEquals(PacketMeta.INITIALIZED, meta.flags());
        meta.srcVni(7).dstVni(0xFFFFFF).setFlags(PacketMeta.IS_OVERLAY | PacketMeta.REQ_STATEFUL_NAT);
        assertTrue(meta.hasFlags(PacketMeta.IS_OVERLAY | PacketMeta.REQ_STATEFUL_NAT));
        meta.clearFlags(PacketMeta.REQ_STATEFUL_NAT);
        assertFalse(meta.hasFlags(PacketMeta.REQ_STATEFUL_NAT));
        assertEquals(7, meta.srcVni());
        assertEquals(0xFFFFFF, meta.dstVni());
        meta.drop(DropReason.FILTERED);
        meta.reset();
        assertEquals(0, meta.srcVni());
        assertEquals(0, meta.dstVni());
        assertEquals(PacketMeta.INITIALIZED, meta.flags());
        assertNull(meta.dropReason());
    }
}
