// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

/**
 * A configuration the NAT tables cannot be built from (sizes that differ, a configuration flowgate rejects
 * deliberately, see docs/deviations.md). Thrown only while building tables, never on the data path.
 */
public final class NatConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, in terms of the configuration.
     */
    public NatConfigException(final String message)
    {
        super(message);
    }
}
