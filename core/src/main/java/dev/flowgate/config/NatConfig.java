// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import dev.flowgate.flow.IdleTimeouts;
import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.time.Duration;
import java.util.List;

/**
 * The NAT part of an expose.
 *
 * @param as          the public prefixes ({@code as_range}), in configuration order.
 * @param notAs       exclusions of {@code as} ({@code not_as}).
 * @param mode        the NAT mode.
 * @param proto       the protocol port forwarding applies to (ANY by default; kept but meaningless for the other
 *                    modes).
 * @param idleTimeout the idle timeout, positive, or null when not configured (the NAT stages then use their
 *                    defaults).
 */
public record NatConfig(
    List<PrefixWithOptionalPorts> as,
    List<PrefixWithOptionalPorts> notAs,
    NatMode mode,
    L4Protocol proto,
    Duration idleTimeout)
{
    /**
     * Copies the lists; a null protocol becomes ANY. A timeout that is not positive is refused here, whoever builds
     * the configuration (the loader reports it with its location first): a session always has a timeout
     * (docs/spec/nat.md section 2.6).
     */
    public NatConfig
    {
        as = List.copyOf(as);
        notAs = List.copyOf(notAs);
        if (mode == null)
        {
            throw new IllegalArgumentException("NAT mode must be set");
        }
        proto = proto == null ? L4Protocol.ANY : proto;
        if (idleTimeout != null && (idleTimeout.isZero() || idleTimeout.isNegative() ||
            idleTimeout.toNanos() > IdleTimeouts.MAX_NANOS))
        {
            throw new IllegalArgumentException(
                "the NAT idle timeout must be positive and at most 24 h: " + idleTimeout);
        }
    }

    /**
     * @return the requirement this configuration places on the NAT stages.
     */
    public NatRequirement requirement()
    {
        return NatRequirement.of(mode, proto);
    }
}
