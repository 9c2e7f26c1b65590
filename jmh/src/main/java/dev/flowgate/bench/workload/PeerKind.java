// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.bench.workload;

/**
 * The six peers of the default topology, in the order of {@code default-topology.yaml}: each is peered with the
 * {@code clients} VPC once per group.
 */
public enum PeerKind
{
    /** No NAT on either side. */
    PLAIN("plain"),
    /** The clients' prefix is statically translated towards this peer. */
    STATIC("static"),
    /** The clients masquerade towards this peer. */
    MASQUERADE("masq"),
    /** This peer exposes one TCP port through port forwarding. */
    PORT_FORWARD("portfw"),
    /** This peer exposes a masquerade and a port-forward that overlap: the multiple-match case. */
    OVERLAP("overlap"),
    /** This peer is the default destination (group 0 only; later groups expose plain prefixes). */
    INTERNET("internet");

    private final String vpcName;

    PeerKind(final String vpcName)
    {
        this.vpcName = vpcName;
    }

    /**
     * The VPC name in group 0 (later groups add {@code -<group>}).
     *
     * @return the name.
     */
    public String vpcName()
    {
        return vpcName;
    }
}
