// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.pair;

/**
 * A paired run that could not finish: a fork failed (its message is the fork's own one line).
 */
public final class PairException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message one line.
     */
    public PairException(final String message)
    {
        super(message);
    }
}
