// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import dev.flowgate.lpm.L4Protocol;
import dev.flowgate.lpm.PrefixWithOptionalPorts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a manifest exposes: private prefixes (with optional port ranges), their exclusions and an optional NAT
 * configuration; or, with {@code isDefault}, "any address" (no prefixes, no NAT). Equality is structural, as the
 * reference's overlap detection expects.
 *
 * @param isDefault whether this is the default (catch-all) expose.
 * @param ips       the private prefixes, in configuration order.
 * @param nots      exclusions of {@code ips}.
 * @param nat       the NAT configuration, or null for none.
 */
public record Expose(
    boolean isDefault,
    List<PrefixWithOptionalPorts> ips,
    List<PrefixWithOptionalPorts> nots,
    NatConfig nat)
{
    /** The default expose (no prefixes, no NAT). */
    public static final Expose DEFAULT = new Expose(true, List.of(), List.of(), null);

    /**
     * Copies the lists.
     */
    public Expose
    {
        ips = List.copyOf(ips);
        nots = List.copyOf(nots);
    }

    /**
     * @param ips private prefixes in the text form of {@link PrefixWithOptionalPorts#parse}.
     * @return an expose without NAT.
     */
    public static Expose of(final String... ips)
    {
        return builder().ips(ips).build();
    }

    /**
     * @return a builder for a non-default expose.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return true if NAT is configured.
     */
    public boolean hasNat()
    {
        return nat != null;
    }

    /**
     * The addresses the peer sees: {@code as} when NAT is configured and {@code as} is non-empty, otherwise
     * {@code ips}.
     *
     * @return the public prefixes.
     */
    public List<PrefixWithOptionalPorts> publicIps()
    {
        return nat != null && !nat.as().isEmpty() ? nat.as() : ips;
    }

    /**
     * @return the exclusions matching {@link #publicIps()}: {@code not_as} or {@code nots}.
     */
    public List<PrefixWithOptionalPorts> publicExclusions()
    {
        return nat != null && !nat.as().isEmpty() ? nat.notAs() : nots;
    }

    /**
     * @return the NAT requirement (Stateless, Stateful or PortForwarding(proto)), or null without NAT.
     */
    public NatRequirement natRequirement()
    {
        return nat == null ? null : nat.requirement();
    }

    /**
     * @return the NAT mode, or null without NAT.
     */
    public NatMode natMode()
    {
        return nat == null ? null : nat.mode();
    }

    /**
     * Builds non-default exposes in code, e.g.
     * {@code Expose.builder().ips("10.0.0.0/24").not("10.0.0.0/28").masquerade("1.1.1.0/30").build()}.
     */
    public static final class Builder
    {
        private final List<PrefixWithOptionalPorts> ips = new ArrayList<>();
        private final List<PrefixWithOptionalPorts> nots = new ArrayList<>();
        private final List<PrefixWithOptionalPorts> as = new ArrayList<>();
        private final List<PrefixWithOptionalPorts> notAs = new ArrayList<>();
        private NatMode mode;
        private L4Protocol proto = L4Protocol.ANY;
        private Duration idleTimeout;

        private Builder()
        {
        }

        private static void addAll(final List<PrefixWithOptionalPorts> list, final String... texts)
        {
            for (final String text : texts)
            {
                list.add(PrefixWithOptionalPorts.parse(text));
            }
        }

        /**
         * @param texts private prefixes to add.
         * @return this.
         */
        public Builder ips(final String... texts)
        {
            addAll(ips, texts);
            return this;
        }

        /**
         * @param values private prefixes to add.
         * @return this.
         */
        public Builder ips(final List<PrefixWithOptionalPorts> values)
        {
            ips.addAll(values);
            return this;
        }

        /**
         * @param texts exclusions of the private prefixes to add.
         * @return this.
         */
        public Builder not(final String... texts)
        {
            addAll(nots, texts);
            return this;
        }

        /**
         * @param values exclusions of the private prefixes to add.
         * @return this.
         */
        public Builder nots(final List<PrefixWithOptionalPorts> values)
        {
            nots.addAll(values);
            return this;
        }

        /**
         * @param newMode the NAT mode.
         * @param texts   public prefixes to add.
         * @return this.
         */
        public Builder nat(final NatMode newMode, final String... texts)
        {
            mode = newMode;
            addAll(as, texts);
            return this;
        }

        /**
         * @param texts public prefixes of a static NAT.
         * @return this.
         */
        public Builder staticNat(final String... texts)
        {
            return nat(NatMode.STATIC, texts);
        }

        /**
         * @param texts public prefixes (the pool) of a masquerade.
         * @return this.
         */
        public Builder masquerade(final String... texts)
        {
            return nat(NatMode.MASQUERADE, texts);
        }

        /**
         * @param protocol the protocol forwarded.
         * @param texts    the public prefix (with its port range).
         * @return this.
         */
        public Builder portForward(final L4Protocol protocol, final String... texts)
        {
            proto = protocol;
            return nat(NatMode.PORT_FORWARD, texts);
        }

        /**
         * @param texts exclusions of the public prefixes to add.
         * @return this.
         */
        public Builder notAs(final String... texts)
        {
            addAll(notAs, texts);
            return this;
        }

        /**
         * @param timeout the NAT idle timeout.
         * @return this.
         */
        public Builder idleTimeout(final Duration timeout)
        {
            idleTimeout = timeout;
            return this;
        }

        /**
         * @return the expose; it has NAT if a mode was set.
         */
        public Expose build()
        {
            final NatConfig nat = mode == null ? null : new NatConfig(as, notAs, mode, proto, idleTimeout);
            return new Expose(false, ips, nots, nat);
        }
    }
}
