// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import dev.flowgate.config.Expose;
import dev.flowgate.config.NatMode;
import dev.flowgate.config.Overlay;
import dev.flowgate.config.Vpc;
import dev.flowgate.config.VpcPeering;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PortRange;
import dev.flowgate.lpm.PrefixWithOptionalPorts;
import dev.flowgate.packet.hdr.IpProtocol;

/**
 * The port-forwarding rules of one configuration (docs/spec/nat.md sections 3.1 and 3.2). A port-forward expose in VPC
 * V's manifest of its peering with P gives one rule per protocol (TCP, UDP, or both for {@code any}) keyed by (P,
 * protocol): traffic from P to the public (address, port) range goes to V's private range, address by address (same
 * host bits) and port by port (same offset). Per key the rules are kept longest public prefix first (quirk 11 fixed,
 * see docs/deviations.md), and a look-up returns the first whose prefix covers the address and whose port range holds
 * the port: a linear, allocation-free scan (a key holds the rules of one peer towards one protocol, a handful).
 *
 * <p>Timeouts: initial (before the connection is established) {@link #INITIAL_TIMEOUT}; established: the expose's
 * idle timeout, else {@link #TCP_ESTABLISHED_TIMEOUT} or {@link #UDP_ESTABLISHED_TIMEOUT}.
 *
 * <p>Immutable once built. A rule that overlaps an earlier one of the same key with the same public prefix is
 * skipped with a log line, as the reference does; a rule the reference would reject (different families or prefix
 * lengths, port ranges of different sizes or containing port 0, P equal to V) makes {@link #build} throw
 * {@link NatConfigException}.
 */
public final class PortForwardTables
{
    /** Timeout of a flow not yet established (docs/spec/nat.md section 3.1). */
    public static final Duration INITIAL_TIMEOUT = Duration.ofSeconds(10);
    /** Default established timeout of a TCP flow. */
    public static final Duration TCP_ESTABLISHED_TIMEOUT = Duration.ofMinutes(30);
    /** Default established timeout of a UDP flow. */
    public static final Duration UDP_ESTABLISHED_TIMEOUT = Duration.ofSeconds(30);

    /**
     * No rules: every port-forwarding packet without a flow drops as {@code filtered}. Its mappings are empty and
     * stay so (only {@link #build} gives ids): a connection's id reads as a placeholder in its log lines.
     */
    public static final PortForwardTables EMPTY = new PortForwardTables(new PortForwardMappings());

    private static final Logger LOG = System.getLogger("dev.flowgate.nat.port-forwarder");
    private static final PortForwardRule[] NONE = new PortForwardRule[0];

    private final Long2ObjectHashMap<PortForwardRule[]> rules = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<PortForwardRule> byMapping = new Int2ObjectHashMap<>();
    private final PortForwardMappings mappings;
    private int ruleCount;

    private PortForwardTables(final PortForwardMappings mappings)
    {
        this.mappings = mappings;
    }

    /**
     * Builds the rules of an overlay.
     *
     * @param overlay  a validated overlay.
     * @param mappings the mapping ids of every configuration of the flow table (the one {@code ConfigPublisher}'s),
     *                 so that a connection's id means the same mapping in each of them.
     * @return the tables.
     * @throws NatConfigException    for a port-forward expose the reference would reject, or one mapping more than
     *                               {@code mappings} can number.
     * @throws IllegalStateException when the idle-timeout registry is full ({@link dev.flowgate.flow.IdleTimeouts}).
     */
    public static PortForwardTables build(final Overlay overlay, final PortForwardMappings mappings)
    {
        final PortForwardTables tables = new PortForwardTables(mappings);
        final Map<Long, List<PortForwardRule>> byKey = new HashMap<>();
        for (final Vpc vpc : overlay.vpcs())
        {
            for (final VpcPeering peering : overlay.peeringsOf(vpc.name()))
            {
                for (final Expose e : peering.local().exposes())
                {
                    if (!e.isDefault() && e.natMode() == NatMode.PORT_FORWARD)
                    {
                        final L4Protocol proto = e.nat().proto();
                        if (proto.intersects(L4Protocol.TCP))
                        {
                            add(byKey, tables.rule(peering.remoteVni(), vpc.vni(), IpProtocol.TCP, e));
                        }
                        if (proto.intersects(L4Protocol.UDP))
                        {
                            add(byKey, tables.rule(peering.remoteVni(), vpc.vni(), IpProtocol.UDP, e));
                        }
                    }
                }
            }
        }
        for (final Map.Entry<Long, List<PortForwardRule>> entry : byKey.entrySet())
        {
            final List<PortForwardRule> list = new ArrayList<>(entry.getValue());
            // Longest prefix first; the sort is stable, so configuration order breaks ties.
            list.sort(Comparator.comparingInt((final PortForwardRule r) -> r.ext.length()).reversed());
            for (final PortForwardRule r : list)
            {
                r.mappingId = mappings.idOf(r);
                tables.byMapping.put(r.mappingId, r);
            }
            tables.rules.put(entry.getKey().longValue(), list.toArray(NONE));
            tables.ruleCount += list.size();
        }
        return tables;
    }

    private static void add(final Map<Long, List<PortForwardRule>> byKey, final PortForwardRule rule)
    {
        final List<PortForwardRule> list = byKey.computeIfAbsent(key(rule.srcVni, rule.proto), k -> new ArrayList<>());
        for (final PortForwardRule other : list)
        {
            if (other.ext.equals(rule.ext) && rule.extFirst <= other.extLast && other.extFirst <= rule.extLast)
            {
                if (LOG.isLoggable(Level.WARNING))
                {
                    LOG.log(Level.WARNING, "port-forwarder: skipping rule " + rule.describe() +
                        ": its public ports overlap rule " + other.describe());
                }
                return;
            }
        }
        list.add(rule);
    }

    private PortForwardRule rule(final int peerVni, final int vni, final int proto, final Expose e)
    {
        if (e.ips().size() != 1 || e.nat().as().size() != 1 || !e.nots().isEmpty() || !e.nat().notAs().isEmpty())
        {
            throw new NatConfigException("port forwarding of VNI " + vni + " needs exactly one private and one " +
                "public prefix and no exclusions: " + e);
        }
        final PrefixWithOptionalPorts priv = e.ips().get(0);
        final PrefixWithOptionalPorts pub = e.nat().as().get(0);
        final PortRange privPorts = priv.effectivePorts();
        final PortRange pubPorts = pub.effectivePorts();
        if (priv.prefix().isIpv6() != pub.prefix().isIpv6())
        {
            throw new NatConfigException("port forwarding " + priv + " -> " + pub + ": different address families");
        }
        if (priv.prefix().length() != pub.prefix().length())
        {
            throw new NatConfigException("port forwarding " + pub + " -> " + priv + ": prefix lengths differ");
        }
        if (privPorts.size() != pubPorts.size() || privPorts.start() == 0 || pubPorts.start() == 0)
        {
            throw new NatConfigException("port forwarding " + pub + " -> " + priv +
                ": port ranges must have the same size and exclude port 0");
        }
        if (peerVni == vni)
        {
            throw new NatConfigException("port forwarding " + pub + " -> " + priv + ": peer VNI equals VNI " + vni);
        }
        final Duration idle = e.nat().idleTimeout();
        final Duration established = idle != null ? idle :
            proto == IpProtocol.TCP ? TCP_ESTABLISHED_TIMEOUT : UDP_ESTABLISHED_TIMEOUT;
        return new PortForwardRule(this, peerVni, vni, proto, pub.prefix(), pubPorts.start(), pubPorts.end(),
            priv.prefix(), privPorts.start(), established.toNanos());
    }

    static long key(final int srcVni, final int proto)
    {
        return ((long) proto << 24) | srcVni;
    }

    /**
     * The number of rules (one per protocol of each port-forward expose, minus skipped overlaps).
     *
     * @return the count.
     */
    public int size()
    {
        return ruleCount;
    }

    /** The rule for traffic from {@code srcVni} to an IPv4 (address, port), or null. Allocation-free. */
    PortForwardRule lookup4(final int srcVni, final int proto, final int address, final int port)
    {
        final PortForwardRule[] list = rules.get(key(srcVni, proto));
        if (list != null)
        {
            for (final PortForwardRule r : list)
            {
                if (r.matches4(address, port))
                {
                    return r;
                }
            }
        }
        return null;
    }

    /** The rule for traffic from {@code srcVni} to an IPv6 (address, port), or null. Allocation-free. */
    PortForwardRule lookup6(final int srcVni, final int proto, final long hi, final long lo, final int port)
    {
        final PortForwardRule[] list = rules.get(key(srcVni, proto));
        if (list != null)
        {
            for (final PortForwardRule r : list)
            {
                if (r.matches6(hi, lo, port))
                {
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * This configuration's rule of a mapping (docs/spec/flow-table.md section 11.13, P6), or null. Allocation-free.
     *
     * @param mappingId a {@link PortForwardMappings} id.
     * @return the rule, or null when this configuration has no rule of that mapping.
     */
    PortForwardRule ruleOf(final int mappingId)
    {
        return byMapping.get(mappingId);
    }

    /** For log lines: the mapping of an id ({@link #ruleOf}), whether or not this configuration has it. */
    String describeMapping(final int mappingId)
    {
        return mappings.describe(mappingId);
    }

    /** This configuration's rule with the same mapping as a rule of another configuration, or null. */
    PortForwardRule sameMapping(final PortForwardRule rule)
    {
        final PortForwardRule[] list = rules.get(key(rule.srcVni, rule.proto));
        if (list != null)
        {
            for (final PortForwardRule r : list)
            {
                if (r.sameMapping(rule))
                {
                    return r;
                }
            }
        }
        return null;
    }
}
