// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * A peering seen from one VPC, as the reference's {@code collect_peerings()} gives it: the local manifest (this
 * VPC's), the remote manifest and the resolved remote VPC.
 *
 * @param name         the peering's name.
 * @param local        the manifest of this VPC.
 * @param remote       the manifest of the peer.
 * @param remoteVpc    the peer VPC, resolved by name.
 * @param gatewayGroup the gateway group, or null.
 */
public record VpcPeering(String name, Manifest local, Manifest remote, Vpc remoteVpc, String gatewayGroup)
{
    /**
     * @return the peer's VNI.
     */
    public int remoteVni()
    {
        return remoteVpc.vni();
    }
}
