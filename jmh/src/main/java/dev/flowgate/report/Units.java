// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

/**
 * Conversions between JMH score units: throughput units ({@code ops/s}, {@code ops/ms}, ...) and time units
 * ({@code ns/op}, {@code us/op}, ...). Burst benchmarks declare {@code @OperationsPerInvocation(BURST)}, so an
 * operation is a packet.
 */
public final class Units
{
    private Units()
    {
    }

    /**
     * Whether higher scores are better for this unit (throughput) rather than lower (time per operation).
     *
     * @param unit a JMH score unit.
     * @return true for {@code ops/<time>}.
     */
    public static boolean isThroughput(final String unit)
    {
        return unit.startsWith("ops/");
    }

    /**
     * Whether the unit is a throughput or a time per operation, so that packets/s and ns/packet can be derived.
     *
     * @param unit a JMH score unit.
     * @return true when {@link #nsPerOp} gives a number.
     */
    public static boolean isConvertible(final String unit)
    {
        return isThroughput(unit) ? !Double.isNaN(seconds(unit.substring(4))) :
            unit.endsWith("/op") && !Double.isNaN(seconds(unit.substring(0, unit.length() - 3)));
    }

    /**
     * Nanoseconds per operation for a score in the given unit.
     *
     * @param value the score.
     * @param unit its unit.
     * @return ns/op, NaN when the unit is neither a throughput nor a time per operation.
     */
    public static double nsPerOp(final double value, final String unit)
    {
        if (isThroughput(unit))
        {
            return seconds(unit.substring(4)) * 1e9 / value;
        }
        if (unit.endsWith("/op"))
        {
            return value * seconds(unit.substring(0, unit.length() - 3)) * 1e9;
        }
        return Double.NaN;
    }

    /**
     * Millions of operations (packets) per second for a score in the given unit.
     *
     * @param value the score.
     * @param unit its unit.
     * @return Mops/s (Mpps), NaN when not convertible.
     */
    public static double mopsPerSecond(final double value, final String unit)
    {
        return 1e3 / nsPerOp(value, unit);
    }

    /**
     * A throughput-like value of a sample: the sample itself for throughput units, its inverse for time units,
     * so that ratios of these values are always speed-ups.
     *
     * @param value the sample.
     * @param unit its unit.
     * @return a value where higher means faster.
     */
    public static double speed(final double value, final String unit)
    {
        return isThroughput(unit) ? value : 1.0 / value;
    }

    private static double seconds(final String timeUnit)
    {
        switch (timeUnit)
        {
            case "ns":
                return 1e-9;
            case "us":
                return 1e-6;
            case "ms":
                return 1e-3;
            case "s":
                return 1.0;
            case "min":
                return 60.0;
            case "hr":
                return 3600.0;
            case "day":
                return 86400.0;
            default:
                return Double.NaN;
        }
    }
}
