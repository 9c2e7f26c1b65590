// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * The kinds of overlay validation errors: one per rule of docs/spec/flow-filter.md section 2.3.
 */
public enum ConfigErrorKind
{
    /** A manifest names a VPC that is not in the VPC table. */
    UNKNOWN_VPC,
    /** A VPC peers more than once with the same remote VPC. */
    DUPLICATE_PEERING,
    /** A manifest has no VPC name. */
    MANIFEST_WITHOUT_NAME,
    /** A manifest has no expose. */
    MANIFEST_WITHOUT_EXPOSE,
    /** A manifest has more than one default expose. */
    MULTIPLE_DEFAULT_EXPOSES,
    /** A default expose carries ips, exclusions or NAT. */
    DEFAULT_EXPOSE_WITH_CONTENT,
    /** A non-default expose has no ips. */
    EMPTY_IPS,
    /** An expose has NAT but no public prefixes ({@code as}). */
    NAT_WITHOUT_AS_RANGE,
    /** The lists of one expose (ips, not, as, not_as) mix IPv4 and IPv6. */
    MIXED_IP_FAMILIES,
    /** Two entries of one list of an expose overlap (port-aware). */
    OVERLAPPING_LIST_ENTRIES,
    /** The exclusions are at least as large as what they exclude from (addresses times ports). */
    EXCLUSIONS_COVER_ALL,
    /** Static NAT with different sizes on the private and public sides. */
    STATIC_NAT_SIZE_MISMATCH,
    /** Port forwarding without exactly one prefix on each side, with exclusions, or with different sizes. */
    PORT_FORWARD_SHAPE,
    /** A masquerade expose carries port ranges. */
    STATEFUL_WITH_PORTS,
    /** Two exposes of one manifest overlap and are not masquerade with port-forward or port-forwards with
     * disjoint protocols. */
    OVERLAP_WITHIN_MANIFEST,
    /** A default expose faces a default expose in one peering. */
    DEFAULT_FACING_DEFAULT,
    /** NAT on both sides of a peering that is not static facing static only. */
    NAT_ON_BOTH_SIDES,
    /** Public prefixes exposed to one VPC by different peerings overlap, and not both exposes are masquerade. */
    REMOTE_OVERLAP_ACROSS_PEERINGS,
    /** A VPC sees more than one default destination across its peerings. */
    MULTIPLE_DEFAULT_DESTINATIONS
}
