// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static dev.flowgate.filter.StageHarness.M;
import static dev.flowgate.filter.StageHarness.PF_TCP;
import static dev.flowgate.filter.StageHarness.PF_UDP;
import static dev.flowgate.filter.StageHarness.S;
import static dev.flowgate.filter.StageHarness.VPC2;
import static dev.flowgate.filter.StageHarness.VPC3;
import static dev.flowgate.filter.StageHarness.flow;
import static dev.flowgate.filter.StageHarness.multi;
import static dev.flowgate.filter.StageHarness.rd;
import static dev.flowgate.filter.StageHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.PacketBatch;
import dev.flowgate.packet.meta.DropReason;
import dev.flowgate.packet.meta.PacketMeta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per branch of docs/spec/flow-filter.md section 4 (the decision table and the outcome summary) and the
 * subtleties of docs/spec/flow-filter.md section 7, each run in every {@link FlowInfoAccess} mode (verdicts and flags
 * must not depend on it). The lookup result is chosen per test through a fixed table; the pipeline genid is G = 5.
 */
class FlowFilterStageTest
{
    private static final long G = 5;
    private static final int NAT_FLAGS =
        PacketMeta.REQ_STATEFUL_NAT | PacketMeta.REQ_STATELESS_NAT | PacketMeta.REQ_PORT_FORWARDING;

    private final StageHarness h = new StageHarness();

    private Packet run(final FlowInfoAccess access, final Packet p, final FlowInfo f)
    {
        return run(access, NatValidation.EARLY, p, f);
    }

    private Packet run(final FlowInfoAccess access, final NatValidation v, final Packet p, final FlowInfo f)
    {
        new FlowFilterStage(v, access).processPacket(p, f, h.view(access, f), h.ctx, G, 0L);
        return p;
    }

    private static void assertAccepted(final Packet p, final int dstVni, final int natFlags)
    {
        assertNull(p.meta().dropReason(), "verdict");
        assertEquals(dstVni, p.meta().dstVni(), "dst_vpcd");
        assertEquals(natFlags, p.meta().flags() & NAT_FLAGS, "NAT flags");
    }

    private static void assertDropped(final Packet p, final DropReason reason)
    {
        assertEquals(reason, p.meta().dropReason(), "verdict");
        assertEquals(0, p.meta().dstVni(), "dst_vpcd unchanged");
        assertEquals(0, p.meta().flags() & NAT_FLAGS, "a dropped packet carries no flag of this stage");
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropEveryPacketAsInternalFailureWithoutTable(final FlowInfoAccess access)
    {
        final Packet p = h.tcp();
        new FlowFilterStage(NatValidation.EARLY, access).processPacket(p, null, null, G, 0L);
        assertDropped(p, DropReason.INTERNAL_FAILURE);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldPassNonOverlayAndDonePacketsUntouched(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, null);
        final Packet underlay = h.tcp();
        underlay.meta().clearFlags(PacketMeta.IS_OVERLAY);
        run(access, underlay, null);
        assertAccepted(underlay, 0, 0);
        final Packet done = h.tcp();
        done.meta().drop(DropReason.MALFORMED);
        run(access, done, null);
        assertEquals(DropReason.MALFORMED, done.meta().dropReason());
        assertEquals(0, h.table.lookups, "no lookup for either");
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldBypassWithActiveFreshMasqueradeFlowWithoutLookup(final FlowInfoAccess access)
    {
        h.table.result = null;
        final FlowInfo f = flow(access, FlowInfo.ACTIVE, G, VPC3, true, false);
        assertAccepted(run(access, h.tcp(), f), VPC3, PacketMeta.REQ_STATEFUL_NAT);
        assertEquals(0, h.table.lookups);
        assertEquals(G, f.genid());
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldBypassWithPortForwardingFlowEvenWithoutDestinationVpc(final FlowInfoAccess access)
    {
        final FlowInfo f = flow(access, FlowInfo.ACTIVE, G + 1, 0, false, true);
        assertAccepted(run(access, h.udp(), f), 0, PacketMeta.REQ_PORT_FORWARDING);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldBypassBeforeTheIpAndSourceVpcChecks(final FlowInfoAccess access)
    {
        final FlowInfo f = flow(access, FlowInfo.ACTIVE, G, VPC2, true, false);
        assertAccepted(run(access, h.notIp(), f), VPC2, PacketMeta.REQ_STATEFUL_NAT);
        final Packet noVpc = h.tcp();
        noVpc.meta().srcVni(0);
        assertAccepted(run(access, noVpc, f), VPC2, PacketMeta.REQ_STATEFUL_NAT);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldNotBypassWithStaleOrInvalidStateFlow(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, null);
        final FlowInfo stale = flow(access, FlowInfo.ACTIVE, G - 1, VPC3, true, false);
        assertAccepted(run(access, h.tcp(), stale), VPC2, 0);
        assertEquals(G, stale.genid(), "genid refreshed on accept");
        assertEquals(G, stale.related().genid(), "and on the related flow");
        final FlowInfo both = flow(access, FlowInfo.ACTIVE, G, VPC3, true, true);
        assertAccepted(run(access, h.tcp(), both), VPC2, 0);
        final FlowInfo neither = flow(access, FlowInfo.ACTIVE, G, VPC3, false, false);
        assertAccepted(run(access, h.tcp(), neither), VPC2, 0);
        assertEquals(3, h.table.lookups);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropNonIpAsNotIp(final FlowInfoAccess access)
    {
        assertDropped(run(access, h.notIp(), null), DropReason.NOT_IP);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropPacketWithoutSourceVpcAsUnroutable(final FlowInfoAccess access)
    {
        final Packet p = h.tcp();
        p.meta().srcVni(0);
        assertDropped(run(access, p, null), DropReason.UNROUTABLE);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropWithoutLookupResultAndInvalidateAnyAttachedFlow(final FlowInfoAccess access)
    {
        h.table.result = null;
        assertDropped(run(access, h.tcp(), null), DropReason.FILTERED);
        final FlowInfo expired = flow(access, FlowInfo.EXPIRED, 0, VPC2, true, false);
        assertDropped(run(access, h.tcp(), expired), DropReason.FILTERED);
        assertEquals(FlowInfo.CANCELLED, expired.status(), "invalidated even when not active");
        assertEquals(FlowInfo.CANCELLED, expired.related().status());
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldAcceptSingleWithFlagsFromTable(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, M, S);
        assertAccepted(run(access, h.tcp(), null), VPC2, PacketMeta.REQ_STATEFUL_NAT | PacketMeta.REQ_STATELESS_NAT);
        h.table.result = single(VPC2, null, PF_TCP);
        assertAccepted(run(access, h.tcp(), null), VPC2, PacketMeta.REQ_PORT_FORWARDING);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldAcceptSingleUdpToTcpPortForwardWithNoFlagAtAll(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, PF_TCP);
        assertAccepted(run(access, h.udp(), null), VPC2, 0);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldStampGenidOnAcceptEvenOnInactiveFlow(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, null);
        final FlowInfo cancelled = flow(access, FlowInfo.CANCELLED, 1, VPC3, true, false);
        assertAccepted(run(access, h.tcp(), cancelled), VPC2, 0);
        assertEquals(G, cancelled.genid());
        assertEquals(G, cancelled.related().genid());
        assertEquals(FlowInfo.CANCELLED, cancelled.status());
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropSingleDestinationMasqueradeWithoutActiveFlowEarlyOnly(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, M);
        final FlowInfo expired = flow(access, FlowInfo.EXPIRED, 0, VPC2, true, false);
        assertDropped(run(access, h.tcp(), expired), DropReason.FILTERED);
        assertEquals(FlowInfo.EXPIRED, expired.status(), "the NAT-check drop never invalidates");
        assertEquals(0, expired.genid());
        assertAccepted(run(access, NatValidation.LATE, h.tcp(), null), VPC2, PacketMeta.REQ_STATEFUL_NAT);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropSingleSourcePortForwardOfAnyProtocolEarlyOnly(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, PF_TCP, null);
        assertDropped(run(access, h.udp(), null), DropReason.FILTERED);
        assertDropped(run(access, h.tcp(), null), DropReason.FILTERED);
        assertAccepted(run(access, NatValidation.LATE, h.tcp(), null), VPC2, PacketMeta.REQ_PORT_FORWARDING);
        assertAccepted(run(access, NatValidation.LATE, h.udp(), null), VPC2, 0);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldPassSingleNatCheckWithActiveStaleFlowAndTakeFlagsFromTable(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, M);
        final FlowInfo stale = flow(access, FlowInfo.ACTIVE, G - 1, VPC3, false, true);
        assertAccepted(run(access, h.tcp(), stale), VPC2, PacketMeta.REQ_STATEFUL_NAT);
        assertEquals(G, stale.genid());
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropIcmpErrorFailingSingleNatCheckWithoutInvalidation(final FlowInfoAccess access)
    {
        h.table.result = single(VPC2, null, M);
        final FlowInfo cancelled = flow(access, FlowInfo.CANCELLED, 0, VPC2, true, false);
        assertDropped(run(access, h.icmpError(), cancelled), DropReason.FILTERED);
        assertEquals(0, cancelled.genid());
        assertAccepted(run(access, NatValidation.LATE, h.icmpError(), null), VPC2, PacketMeta.REQ_STATEFUL_NAT);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldAcceptIcmpErrorWithoutDestinationAndWithoutTouchingTheFlow(final FlowInfoAccess access)
    {
        h.table.result = null;
        final FlowInfo stale = flow(access, FlowInfo.ACTIVE, 1, VPC2, true, false);
        assertAccepted(run(access, h.icmpError(), stale), 0, 0);
        assertEquals(FlowInfo.ACTIVE, stale.status(), "no invalidation");
        assertEquals(1, stale.genid(), "no genid refresh");
        h.table.result = single(VPC3, S, null);
        assertAccepted(run(access, h.icmpError(), stale), VPC3, PacketMeta.REQ_STATELESS_NAT);
        assertEquals(1, stale.genid(), "no genid refresh");
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropMultipleMatchesWithActiveFlowWithoutDestinationAsUnroutable(final FlowInfoAccess access)
    {
        h.table.result = multi(rd(VPC2, null, null));
        final FlowInfo stale = flow(access, FlowInfo.ACTIVE, 1, 0, true, false);
        assertDropped(run(access, h.tcp(), stale), DropReason.UNROUTABLE);
        assertEquals(FlowInfo.ACTIVE, stale.status(), "no write");
        assertEquals(1, stale.genid());
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldTrustActiveFlowOnMultipleMatchesEvenForVpcOutsideTheSet(final FlowInfoAccess access)
    {
        h.table.result = multi(rd(VPC2, null, M), rd(VPC2, null, PF_TCP));
        final FlowInfo stale = flow(access, FlowInfo.ACTIVE, 1, VPC3, true, false);
        assertAccepted(run(access, h.tcp(), stale), VPC3, PacketMeta.REQ_STATEFUL_NAT);
        assertEquals(G, stale.genid());
        final FlowInfo pf = flow(access, FlowInfo.ACTIVE, 1, VPC3, false, true);
        assertAccepted(run(access, h.udp(), pf), VPC3, PacketMeta.REQ_PORT_FORWARDING);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldDropMultipleMatchesWithActiveFlowInInvalidStateAndInvalidate(final FlowInfoAccess access)
    {
        h.table.result = multi(rd(VPC2, null, null));
        final FlowInfo both = flow(access, FlowInfo.ACTIVE, G, VPC2, true, true);
        assertDropped(run(access, h.tcp(), both), DropReason.FILTERED);
        assertEquals(FlowInfo.CANCELLED, both.status());
        assertEquals(FlowInfo.CANCELLED, both.related().status());
        final FlowInfo neither = flow(access, FlowInfo.ACTIVE, 1, VPC2, false, false);
        assertAccepted(run(access, h.icmpError(), neither), 0, 0);
        assertEquals(FlowInfo.ACTIVE, neither.status(), "ICMP error: no invalidation");
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldResolveMultipleMatchesWithoutFlowFromTheSet(final FlowInfoAccess access)
    {
        // (i) more than one VPC.
        h.table.result = multi(rd(VPC2, null, null), rd(VPC3, null, null));
        assertDropped(run(access, h.tcp(), null), DropReason.FILTERED);
        // one-element set behaves like Single.
        h.table.result = multi(rd(VPC2, S, null));
        assertAccepted(run(access, h.tcp(), null), VPC2, PacketMeta.REQ_STATELESS_NAT);
        // (ii) protocol filter: UDP keeps only the PF(UDP) member.
        h.table.result = multi(rd(VPC2, null, PF_TCP), rd(VPC2, null, PF_UDP));
        assertAccepted(run(access, h.udp(), null), VPC2, PacketMeta.REQ_PORT_FORWARDING);
        // (ii) nothing applies to the protocol.
        h.table.result = multi(rd(VPC2, null, PF_TCP));
        assertDropped(run(access, h.udp(), null), DropReason.FILTERED);
        // (iv) more than two.
        h.table.result = multi(rd(VPC2, null, null), rd(VPC2, S, null), rd(VPC2, M, null));
        assertDropped(run(access, h.tcp(), null), DropReason.FILTERED);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldResolveTwoMembersByRuleAThenRuleB(final FlowInfoAccess access)
    {
        // Rule A: source masquerade wins over a source port-forward of the packet's protocol.
        h.table.result = multi(rd(VPC2, M, null), rd(VPC2, PF_TCP, null));
        assertAccepted(run(access, h.tcp(), null), VPC2, PacketMeta.REQ_STATEFUL_NAT);
        // Rule B: destination port-forward wins over a destination masquerade.
        h.table.result = multi(rd(VPC2, null, M), rd(VPC2, null, PF_TCP));
        assertAccepted(run(access, h.tcp(), null), VPC2, PacketMeta.REQ_PORT_FORWARDING);
        // Two members and neither rule.
        h.table.result = multi(rd(VPC2, null, null), rd(VPC2, S, null));
        assertDropped(run(access, h.tcp(), null), DropReason.FILTERED);
        // With UDP the PF(TCP) member is filtered out first and the survivor decides alone (R1 under EARLY).
        h.table.result = multi(rd(VPC2, null, M), rd(VPC2, null, PF_TCP));
        assertDropped(run(access, h.udp(), null), DropReason.FILTERED);
        assertAccepted(run(access, NatValidation.LATE, h.udp(), null), VPC2, PacketMeta.REQ_STATEFUL_NAT);
    }

    @ParameterizedTest
    @EnumSource(FlowInfoAccess.class)
    void shouldApplyNatCheckToSingleSurvivorAndInvalidateOnThatDrop(final FlowInfoAccess access)
    {
        h.table.result = multi(rd(VPC2, PF_UDP, null));
        final FlowInfo expired = flow(access, FlowInfo.EXPIRED, 0, VPC2, true, false);
        assertDropped(run(access, h.udp(), expired), DropReason.FILTERED);
        assertEquals(FlowInfo.CANCELLED, expired.status(), "the no-destination drop invalidates");
        final FlowInfo expired2 = flow(access, FlowInfo.EXPIRED, 0, VPC2, true, false);
        assertAccepted(run(access, NatValidation.LATE, h.udp(), expired2), VPC2, PacketMeta.REQ_PORT_FORWARDING);
        assertEquals(G, expired2.genid());
        // An ICMP error passes the MM branch even when its survivor fails R1/R2 (the exemption comes first).
        h.table.result = multi(rd(VPC2, null, M));
        assertAccepted(run(access, h.icmpError(), null), 0, 0);
    }

    @Test
    void shouldLogNatRequirementDropsAtMostOncePerSecondNamingTheRule()
    {
        h.table.result = single(VPC2, null, M);
        final FlowFilterStage stage = new FlowFilterStage(NatValidation.EARLY, FlowInfoAccess.SINGLE_LOCK);
        assertNull(stage.lastNatRequirementMessage());
        stage.processPacket(h.tcp(), null, h.ctx, G, 0L);
        final String first = stage.lastNatRequirementMessage();
        assertTrue(first.contains("rule R1"), first);
        assertTrue(first.contains("vpc2"), first);
        h.table.result = single(VPC2, PF_TCP, null);
        stage.processPacket(h.tcp(), null, h.ctx, G, 1L);
        assertTrue(stage.lastNatRequirementMessage().contains("rule R2"));
        stage.processPacket(h.tcp(), null, h.ctx, G, 2L);
        assertEquals(1, stage.natRequirementDrops(true));
        assertEquals(2, stage.natRequirementDrops(false));
        assertEquals(3, stage.dropped());
    }

    @Test
    void shouldProcessBurstSkippingDonePackets()
    {
        h.table.result = single(VPC2, null, null);
        final PacketBatch batch = new PacketBatch(4);
        for (int i = 0; i < 3; i++)
        {
            final Packet p = batch.claim();
            p.copyFrom(h.tcp().buffer(), 0, h.tcp().length());
            new dev.flowgate.packet.parse.PacketParser().parse(p);
            p.meta().srcVni(StageHarness.VPC1).setFlags(PacketMeta.IS_OVERLAY);
        }
        batch.packet(1).meta().drop(DropReason.MALFORMED);
        final FlowFilterStage stage = new FlowFilterStage(NatValidation.EARLY, FlowInfoAccess.SNAPSHOT);
        stage.process(batch, new FlowInfo[4], h.ctx, G, 0L);
        assertEquals(VPC2, batch.packet(0).meta().dstVni());
        assertEquals(DropReason.MALFORMED, batch.packet(1).meta().dropReason());
        assertFalse(batch.packet(2).meta().isDone());
        assertEquals(2, stage.accepted());
    }
}
