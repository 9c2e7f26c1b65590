// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.nat;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import dev.flowgate.packet.meta.DropReason;

/**
 * A per-stage, rate-limited drop logger: at most one line per drop reason per second, plus the number of lines
 * suppressed since the last one. {@link #shouldLog} is the only call on the data path (two array reads and a
 * compare); the caller builds the message only when it returns true, which it never does while the logger is off
 * (then nothing is allocated, even once a second). Not thread-safe: one per stage instance.
 */
final class NatLog
{
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Logger logger;
    private final String stageName;
    private final long[] nextAllowed = new long[DropReason.values().length];
    private final long[] nextRealAllowed = new long[DropReason.values().length];
    private final long[] suppressed = new long[DropReason.values().length];
    private final boolean[] seen = new boolean[DropReason.values().length];

    NatLog(final String stageName)
    {
        this.stageName = stageName;
        this.logger = System.getLogger("dev.flowgate.nat." + stageName);
    }

    /**
     * Whether a line for this reason may be written now; counts it as suppressed otherwise.
     */
    boolean shouldLog(final DropReason reason, final long nowNanos)
    {
        final int i = reason.ordinal();
        // The stage clock is checked first (free); the real clock only when it allows, so a fast test or benchmark
        // clock cannot turn the limit into a line per few packets.
        if (seen[i] && (nowNanos - nextAllowed[i] < 0 || System.nanoTime() - nextRealAllowed[i] < 0))
        {
            suppressed[i]++;
            return false;
        }
        if (!logger.isLoggable(Level.WARNING))
        {
            // Off: keep the limit's bookkeeping, but spare the caller building a line nobody writes.
            mark(i, nowNanos);
            return false;
        }
        return true;
    }

    /**
     * Writes the line (call only after {@link #shouldLog} returned true).
     */
    void log(final DropReason reason, final long nowNanos, final String message)
    {
        final int i = reason.ordinal();
        final long skipped = mark(i, nowNanos);
        if (logger.isLoggable(Level.WARNING))
        {
            logger.log(Level.WARNING, stageName + ": " + reason.label() + ": " + message +
                (skipped > 0 ? " (" + skipped + " similar lines suppressed)" : ""));
        }
    }

    /** Starts a new interval for reason {@code i}; returns the lines suppressed in the last one. */
    private long mark(final int i, final long nowNanos)
    {
        final long skipped = suppressed[i];
        suppressed[i] = 0;
        seen[i] = true;
        nextAllowed[i] = nowNanos + INTERVAL_NANOS;
        nextRealAllowed[i] = System.nanoTime() + INTERVAL_NANOS;
        return skipped;
    }

    long suppressed(final DropReason reason)
    {
        return suppressed[reason.ordinal()];
    }
}
