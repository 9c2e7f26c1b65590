// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.lpm;

/**
 * Text that does not denote a prefix, a port range or a prefix with ports. The message says precisely what is
 * wrong, in terms a configuration author understands; the configuration loader reports it as is.
 */
public final class PrefixFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the text, including the text itself.
     */
    public PrefixFormatException(final String message)
    {
        super(message);
    }
}
