// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.cli;

/**
 * A problem with what the user asked for (bad value, missing file): reported in one line, exit status 2.
 */
final class UsageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    UsageException(final String message)
    {
        super(message);
    }
}
