// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.filter;

/**
 * Whether the flow-filter checks NAT requirements itself ({@code natValidation}, docs/spec/architecture.md section 2).
 */
public enum NatValidation
{
    /**
     * The check of reference commit 188bd57a: without an active flow, a destination masquerade (R1) or a source
     * port-forwarding (R2) requirement drops the packet as {@code filtered} in the flow-filter, before any NAT lookup.
     */
    EARLY,
    /**
     * The parent commit's behaviour: no check; the packet goes on with its NAT flags and a NAT stage fails it after
     * its own lookups.
     */
    LATE
}
