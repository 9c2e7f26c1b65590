// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

import java.util.EnumSet;
import java.util.Set;

/**
 * The traffic mixes of docs/spec/benchmarks.md section 2.2; benchmarks take the label as their {@code mix} parameter.
 */
public enum Mix
{
    /** Packets of active flows of the current generation with one NAT state each: the flow-filter bypass. */
    ESTABLISHED("established"),
    /** First packets of valid connections: no NAT, static, masquerade source, port-forward to the public side. */
    NEW_VALID("new-valid"),
    /** New packets towards a masquerade pool (R1) or from a port-forwarded private endpoint (R2), no flow. */
    INVALID_NAT("invalid-nat"),
    /** Packets whose lookup gives two candidates (the masquerade and port-forward overlap), no flow. */
    MULTI_MATCH("multi-match"),
    /** Packets of active flows whose genid is older than the pipeline's: revalidation. */
    STALE("stale"),
    /** A weighted blend; {@code invalidRatio} sets the share of invalid-nat. */
    REALISTIC("realistic");

    private final String label;

    Mix(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }

    /**
     * The packet classes a pool of this mix must contain (a setup check fails when one is missing).
     *
     * @param invalidRatio for {@link #REALISTIC}: the share of invalid-nat packets (R1 and R2 only above 0).
     * @return the classes.
     */
    public Set<PacketClass> classes(final double invalidRatio)
    {
        switch (this)
        {
            case ESTABLISHED:
                return EnumSet.of(PacketClass.ESTABLISHED);
            case NEW_VALID:
                return EnumSet.of(PacketClass.NEW_VALID);
            case INVALID_NAT:
                return EnumSet.of(PacketClass.INVALID_R1, PacketClass.INVALID_R2);
            case MULTI_MATCH:
                return EnumSet.of(PacketClass.MULTI_MATCH);
            case STALE:
                return EnumSet.of(PacketClass.STALE);
            default:
                final Set<PacketClass> all = EnumSet.of(PacketClass.ESTABLISHED, PacketClass.NEW_VALID,
                    PacketClass.MULTI_MATCH, PacketClass.STALE);
                if (invalidRatio > 0)
                {
                    all.add(PacketClass.INVALID_R1);
                    all.add(PacketClass.INVALID_R2);
                }
                return all;
        }
    }

    /**
     * The mix of a label.
     *
     * @param label e.g. {@code new-valid}.
     * @return the mix.
     * @throws IllegalArgumentException for an unknown label.
     */
    public static Mix fromLabel(final String label)
    {
        for (final Mix mix : values())
        {
            if (mix.label.equals(label))
            {
                return mix;
            }
        }
        throw new IllegalArgumentException("unknown mix '" + label + "'");
    }
}
