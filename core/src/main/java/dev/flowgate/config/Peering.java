// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * A peering between two VPCs.
 *
 * @param name         its unique name; the peerings of a VPC are processed in name order.
 * @param left         the left manifest.
 * @param right        the right manifest.
 * @param gatewayGroup the gateway group, or null (ignored by the flow-filter).
 */
public record Peering(String name, Manifest left, Manifest right, String gatewayGroup)
{
    /**
     * @param name  the name.
     * @param left  the left manifest.
     * @param right the right manifest.
     * @return a peering without gateway group.
     */
    public static Peering of(final String name, final Manifest left, final Manifest right)
    {
        return new Peering(name, left, right, null);
    }
}
