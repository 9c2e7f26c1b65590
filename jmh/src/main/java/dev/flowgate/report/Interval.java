// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

/**
 * A ratio with its 95% confidence interval.
 *
 * @param ratio the point estimate (ratio of the means).
 * @param low the lower bound (NaN when there were too few samples).
 * @param high the upper bound (NaN when there were too few samples).
 * @param range whether the bounds rest on fewer than {@link Statistics#MIN_FORKS_FOR_INTERVAL} forks, so that they
 *     are a range of what was seen rather than an interval with its stated coverage.
 */
public record Interval(double ratio, double low, double high, boolean range)
{
    /**
     * An interval resting on enough forks.
     *
     * @param ratio the point estimate.
     * @param low the lower bound.
     * @param high the upper bound.
     */
    public Interval(final double ratio, final double low, final double high)
    {
        this(ratio, low, high, false);
    }

    /**
     * The same bounds, marked as a range or not.
     *
     * @param isRange whether the bounds rest on too few forks.
     * @return the marked interval.
     */
    public Interval asRange(final boolean isRange)
    {
        return isRange == range ? this : new Interval(ratio, low, high, isRange);
    }

    /**
     * The reciprocal ratio (B/A from A/B), its bounds swapped.
     *
     * @return 1 / this, still a range when this is one.
     */
    public Interval reciprocal()
    {
        return new Interval(1.0 / ratio, 1.0 / high, 1.0 / low, range);
    }

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
     * The ratio and interval as text, e.g. {@code 1.234 [1.201, 1.270]}, {@code 1.234 range [1.201, 1.270]} for a
     * range, or {@code 1.234 (1 fork: no interval)} for a range without bounds.
     *
     * @return the text.
     */
    public String text()
    {
        if (Double.isNaN(ratio))
        {
            return "-";
        }
        if (hasBounds())
        {
            return String.format("%.3f %s[%.3f, %.3f]", ratio, range ? "range " : "", low, high);
        }
        return String.format(range ? "%.3f (1 fork: no interval)" : "%.3f", ratio);
    }
}
