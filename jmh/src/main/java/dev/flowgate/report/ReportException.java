// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

/**
 * A results file or argument that cannot be used (missing, not JSON, not JMH's format): reported in one line.
 */
public final class ReportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line saying what is wrong.
     */
    public ReportException(final String message)
    {
        super(message);
    }
}
