// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.config;

/**
 * The NAT mode of an expose.
 */
public enum NatMode
{
    /** Static (stateless) one-to-one NAT; the reference's "stateless". */
    STATIC("static"),
    /** Masquerade (stateful source NAT); the reference's "stateful". */
    MASQUERADE("masquerade"),
    /** Port forwarding of one public prefix and port range to one private prefix and port range. */
    PORT_FORWARD("port-forward");

    private final String label;

    NatMode(final String label)
    {
        this.label = label;
    }

    /**
     * @return the name used in configuration files.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param text {@code static}, {@code masquerade} or {@code port-forward}.
     * @return the mode, or null if the text names none.
     */
    public static NatMode fromLabel(final String text)
    {
        for (final NatMode mode : values())
        {
            if (mode.label.equals(text))
            {
                return mode;
            }
        }
        return null;
    }
}
