// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

import java.util.List;

/**
 * One side of a peering: what a VPC exposes to its peer.
 *
 * @param vpc     the VPC's name.
 * @param exposes the exposes, in configuration order (the order matters to validation and table building).
 */
public record Manifest(String vpc, List<Expose> exposes)
{
    /**
     * Copies the list.
     */
    public Manifest
    {
        exposes = List.copyOf(exposes);
    }

    /**
     * @param vpc     the VPC's name.
     * @param exposes the exposes in order.
     * @return the manifest.
     */
    public static Manifest of(final String vpc, final Expose... exposes)
    {
        return new Manifest(vpc, List.of(exposes));
    }

    /**
     * @return the default expose of this manifest, or null if there is none (the first one if, invalidly, there
     *     are several).
     */
    public Expose defaultExpose()
    {
        for (final Expose expose : exposes)
        {
            if (expose.isDefault())
            {
                return expose;
            }
        }
        return null;
    }
}
