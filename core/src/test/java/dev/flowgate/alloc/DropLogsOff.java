// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.alloc;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Switches the data path's rate-limited drop-log lines off while open (the {@code dev.flowgate} loggers, through
 * java.util.logging, the System.Logger back end), so that an allocation test with a moving clock runs the logs'
 * rate-limit bookkeeping but not the once-a-second line, which is a String by design.
 */
public final class DropLogsOff implements AutoCloseable
{
    private final Logger logger = Logger.getLogger("dev.flowgate");
    private final Level previous;

    /** Switches the lines off. */
    public DropLogsOff()
    {
        previous = logger.getLevel();
        logger.setLevel(Level.OFF);
    }

    @Override
    public void close()
    {
        logger.setLevel(previous);
    }
}
