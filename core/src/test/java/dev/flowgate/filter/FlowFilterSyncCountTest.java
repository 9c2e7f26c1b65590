// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

import static dev.flowgate.filter.StageHarness.M;
import static dev.flowgate.filter.StageHarness.VPC2;
import static dev.flowgate.filter.StageHarness.flow;
import static dev.flowgate.filter.StageHarness.multi;
import static dev.flowgate.filter.StageHarness.rd;
import static dev.flowgate.filter.StageHarness.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flowgate.flow.CountingSyncCounter;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.packet.Packet;
import dev.flowgate.packet.meta.DropReason;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-packet synchronisation table of docs/spec/flow-filter.md section 5, through the real stage: MULTI_LOCK
 * reproduces S / Gl / L / W exactly; SINGLE_LOCK loads the status and genid at most once and locks at most once;
 * OPTIMISTIC and SNAPSHOT (no writer) take no lock; the writes and the verdicts are the same in every mode.
 */
class FlowFilterSyncCountTest
{
    private static final long G = 5;
    private static final long STALE = 3;
    private static final int ACTIVE = FlowInfo.ACTIVE;
    private static final int EXPIRED = FlowInfo.EXPIRED;

    private static final LookupResult SINGLE = single(VPC2, null, null);
    private static final LookupResult SINGLE_R1 = single(VPC2, null, M);
    private static final LookupResult MM = multi(rd(VPC2, null, null));

    /** How a row builds its packet. */
    private enum Kind
    {
        TCP(StageHarness::tcp),
        NOT_IP(StageHarness::notIp);

        private final Function<StageHarness, Packet> make;

        Kind(final Function<StageHarness, Packet> make)
        {
            this.make = make;
        }
    }

    private static Stream<Arguments> rows()
    {
        final List<Arguments> rows = new ArrayList<>();
        // name, status, genid, dst, nat, pf, lookup, packet, verdict (null = accept), MULTI_LOCK {S, Gl, L, W}
        rows.add(row("active fresh valid: bypass", ACTIVE, G, VPC2, true, false, null, Kind.TCP, null, 1, 1, 2, 0));
        rows.add(row("active fresh invalid: Single", ACTIVE, G, VPC2, true, true, SINGLE, Kind.TCP, null, 2, 1, 2, 1));
        rows.add(row("active fresh invalid: MM flow path", ACTIVE, G, VPC2, false, false, MM, Kind.TCP,
            DropReason.FILTERED, 2, 1, 4, 1));
        rows.add(row("active fresh invalid, no dst: MM", ACTIVE, G, 0, true, true, MM, Kind.TCP,
            DropReason.UNROUTABLE, 2, 1, 3, 0));
        rows.add(row("active fresh invalid: no result", ACTIVE, G, VPC2, true, true, null, Kind.TCP,
            DropReason.FILTERED, 1, 1, 2, 1));
        rows.add(row("active stale: Single", ACTIVE, STALE, VPC2, true, false, SINGLE_R1, Kind.TCP, null,
            2, 1, 0, 1));
        rows.add(row("active stale valid: MM flow path", ACTIVE, STALE, VPC2, false, true, MM, Kind.TCP, null,
            2, 1, 2, 1));
        rows.add(row("active stale invalid: MM flow path", ACTIVE, STALE, VPC2, true, true, MM, Kind.TCP,
            DropReason.FILTERED, 2, 1, 2, 1));
        rows.add(row("active stale no dst: MM", ACTIVE, STALE, 0, true, false, MM, Kind.TCP, DropReason.UNROUTABLE,
            2, 1, 1, 0));
        rows.add(row("active stale: no result", ACTIVE, STALE, VPC2, true, false, null, Kind.TCP,
            DropReason.FILTERED, 1, 1, 0, 1));
        rows.add(row("not active: Single", EXPIRED, G, VPC2, true, false, SINGLE, Kind.TCP, null, 2, 0, 0, 1));
        rows.add(row("not active: Single fails R1", EXPIRED, G, VPC2, true, false, SINGLE_R1, Kind.TCP,
            DropReason.FILTERED, 2, 0, 0, 0));
        rows.add(row("not active: MM deal", EXPIRED, G, VPC2, true, false, MM, Kind.TCP, null, 2, 0, 0, 1));
        rows.add(row("not active: no result", EXPIRED, G, VPC2, true, false, null, Kind.TCP, DropReason.FILTERED,
            1, 0, 0, 1));
        rows.add(row("active fresh invalid: NotIp", ACTIVE, G, VPC2, true, true, SINGLE, Kind.NOT_IP,
            DropReason.NOT_IP, 1, 1, 2, 0));
        rows.add(row("active stale: NotIp", ACTIVE, STALE, VPC2, true, false, SINGLE, Kind.NOT_IP,
            DropReason.NOT_IP, 1, 1, 0, 0));
        rows.add(row("not active: NotIp", EXPIRED, G, VPC2, true, false, SINGLE, Kind.NOT_IP, DropReason.NOT_IP,
            1, 0, 0, 0));
        rows.add(row("no flow: Single", -1, 0, 0, false, false, SINGLE, Kind.TCP, null, 0, 0, 0, 0));
        rows.add(row("no flow: MM", -1, 0, 0, false, false, MM, Kind.TCP, null, 0, 0, 0, 0));
        final List<Arguments> all = new ArrayList<>();
        for (final Arguments r : rows)
        {
            for (final FlowInfoAccess access : FlowInfoAccess.values())
            {
                final Object[] a = r.get();
                final Object[] b = new Object[a.length + 1];
                b[0] = access;
                System.arraycopy(a, 0, b, 1, a.length);
                all.add(Arguments.of(b));
            }
        }
        return all.stream();
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static Arguments row(
        final String name, final int status, final long genid, final int dst, final boolean nat, final boolean pf,
        final LookupResult lookup, final Kind kind, final DropReason verdict, final int s, final int gl,
        final int l, final int w)
    {
        return Arguments.of(name, status, genid, dst, nat, pf, lookup, kind, verdict, new int[] {s, gl, l, w});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    @SuppressWarnings("checkstyle:ParameterNumber")
    void shouldCountSynchronisationOfEachSection5Row(
        final FlowInfoAccess access, final String name, final int status, final long genid, final int dst,
        final boolean nat, final boolean pf, final LookupResult lookup, final Kind kind, final DropReason verdict,
        final int[] multi)
    {
        final StageHarness h = new StageHarness();
        h.table.result = lookup;
        final CountingSyncCounter counter = new CountingSyncCounter();
        final FlowFilterStage stage = new FlowFilterStage(NatValidation.EARLY, access, counter);
        final FlowInfo f = status < 0 ? null : flow(access, status, genid, dst, nat, pf);
        final Packet p = kind.make.apply(h);
        stage.processPacket(p, f, h.ctx, G, 0L);
        assertEquals(verdict, p.meta().dropReason(), "verdict");
        final int[] got = {counter.packetStatusLoads(), counter.packetGenidLoads(), counter.packetLocks(),
            counter.packetWrites()};
        final int[] want;
        switch (access)
        {
            case MULTI_LOCK:
                want = multi.clone();
                break;
            case SINGLE_LOCK:
                want = new int[] {Math.min(1, multi[0]), multi[1], Math.min(1, multi[2]), multi[3]};
                break;
            default:
                want = new int[] {Math.min(1, multi[0]), multi[1], 0, multi[3]};
                break;
        }
        assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(got), "S, Gl, L, W");
    }
}
