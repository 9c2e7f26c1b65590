// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.flowgate.alloc.SteadyStateAllocation;
import dev.flowgate.flow.FlowInfo;
import dev.flowgate.flow.FlowInfoAccess;
import dev.flowgate.flow.MutableFlowKey;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

/**
 * The allocator's own layout (docs/spec/nat.md section 2.10): sessions are array rows and addresses reused objects,
 * so session churn and address churn allocate nothing once warm (every measured window clean); the open-addressed
 * ledger keeps every address of many scopes through removals in any order.
 */
class MasqueradeAllocatorLayoutTest
{
    private static final int PAIRS = 256;

    private static MasqueradePool pool(final MasqueradeAllocator a, final int srcVni, final String prefix)
    {
        return new MasqueradePool(a, new MasqueradeAllocator.Scope(true, srcVni, 2, MasqueradeAllocator.PROTO_TCP),
            List.of(PrefixWithOptionalPorts.parse(prefix)), List.of(), 1, "test");
    }

    private static FlowInfo[] pairs()
    {
        final MutableFlowKey k = new MutableFlowKey();
        final FlowInfo[] flows = new FlowInfo[PAIRS];
        for (int i = 0; i < PAIRS; i++)
        {
            flows[i] = FlowInfo.relatedPair(k.ipv4Ports(1, 10, 20, 6, 1000 + i, 80).toImmutable(),
                k.ipv4Ports(2, 20, 30, 6, 80, 1000 + i).toImmutable(), Long.MAX_VALUE, FlowInfoAccess.INLINE);
        }
        return flows;
    }

    /**
     * Sessions of {@code live} at a time: each round ends the oldest (both flows cancelled), reclaims, allocates a
     * port and registers the next pair. With one live session every round also releases and draws an address.
     */
    private static void churn(final int live, final String what)
    {
        final MasqueradeAllocator a = new MasqueradeAllocator(1, true, 7);
        final MasqueradePool p = pool(a, 1, "1.1.1.0/31");
        final MasqueradeIp[] out = new MasqueradeIp[1];
        final FlowInfo[] flows = pairs();
        final int[] next = {0};
        final Runnable open = () ->
        {
            final FlowInfo f = flows[next[0]++ % PAIRS];
            f.status(FlowInfo.ACTIVE);
            f.related().status(FlowInfo.ACTIVE);
            final int port = a.allocate(p, 0, out, 0);
            if (port <= 0)
            {
                fail("no port: " + port); // not a message built per round: that would allocate
            }
            a.register(f, out[0], port, null, -1);
        };
        for (int i = 0; i < live; i++)
        {
            open.run();
        }
        SteadyStateAllocation.assertNone(what, 50_000, 20_000, round ->
        {
            final FlowInfo oldest = flows[(next[0] - live) % PAIRS];
            oldest.status(FlowInfo.CANCELLED);
            oldest.related().status(FlowInfo.CANCELLED);
            a.reclaim(Integer.MAX_VALUE);
            open.run();
        });
        assertEquals(live, a.sessions());
        assertEquals(live, a.sessionRows(), "a reclaimed session's row is reused");
        assertTrue(a.released() > 100_000, "sessions reclaimed: " + a.released());
    }

    @Test
    void shouldChurnSessionsWithoutAllocating()
    {
        churn(64, "64 live sessions, one ended and one created per round");
    }

    @Test
    void shouldChurnAddressesWithoutAllocating()
    {
        churn(1, "one live session: its address released and drawn again every round");
    }

    @Test
    void shouldKeepTheLedgerOfManyScopesThroughRemovalsInAnyOrder()
    {
        final long seed = NatTestSupport.seed("MasqueradeAllocatorLayoutTest");
        final SplittableRandom random = new SplittableRandom(seed);
        final MasqueradeAllocator a = MasqueradeAllocator.deterministic();
        final MasqueradeIp[] out = new MasqueradeIp[1];
        final int scopes = 300;
        final List<MasqueradeIp> ips = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        for (int s = 0; s < scopes; s++)
        {
            final MasqueradePool p = pool(a, 100 + s, "1.1.1.0/30");
            final int port = a.allocate(p, 0, out, 0);
            assertEquals(NatTestSupport.ip("1.1.1.0") & 0xFFFF_FFFFL, out[0].lo, "each scope draws its own lowest");
            ips.add(out[0]);
            ports.add(port);
        }
        assertEquals(scopes, a.addressesInUse());
        final boolean[] live = new boolean[scopes];
        java.util.Arrays.fill(live, true);
        for (int k = 0; k < scopes / 2; k++)
        {
            int s = random.nextInt(scopes);
            while (!live[s])
            {
                s = (s + 1) % scopes;
            }
            a.release(ips.get(s), ports.get(s));
            live[s] = false;
        }
        assertEquals(scopes - scopes / 2, a.addressesInUse(), "seed " + seed);
        for (int s = 0; s < scopes; s++)
        {
            // A later configuration's pool of the same scope adopts exactly the addresses still in use.
            final MasqueradePool again = pool(a, 100 + s, "1.1.1.0/30");
            a.adopt(again);
            assertEquals(live[s] ? 1 : 0, again.inUse.size(), "scope " + s + ", seed " + seed);
        }
        for (int s = 0; s < scopes; s++)
        {
            if (live[s])
            {
                a.release(ips.get(s), ports.get(s));
            }
        }
        assertEquals(0, a.addressesInUse(), "seed " + seed);
    }
}
