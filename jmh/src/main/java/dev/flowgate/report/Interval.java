// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

/**
 * A ratio with its 95% confidence interval.
 *
 * @param ratio the point estimate (ratio of the means).
 * @param low the lower bound (NaN when there were too few samples).
 * @param high the upper bound (NaN when there were too few samples).
 */
public record Interval(double ratio, double low, double high)
{
    /**
     * Whether the interval is known.
     *
     * @return true when both bounds are numbers.
     */
    public boolean hasBounds()
    {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * Whether the interval lies wholly on one side of 1.
     *
     * @return true when 1 is outside [low, high].
     */
    public boolean excludesOne()
    {
        return hasBounds() && (low > 1.0 || high < 1.0);
    }

    /**
     * The ratio and interval as text, e.g. {@code 1.234 [1.201, 1.270]}.
     *
     * @return the text.
     */
    public String text()
    {
        if (Double.isNaN(ratio))
        {
            return "-";
        }
        return hasBounds() ? String.format("%.3f [%.3f, %.3f]", ratio, low, high) : String.format("%.3f", ratio);
    }
}
