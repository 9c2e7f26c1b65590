// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 the flowgate authors
package dev.flowgate.report;

import java.util.List;

/**
 * One metric of a JMH result: score, error, unit and the per-iteration samples of each fork.
 *
 * @param score the score JMH reports.
 * @param scoreError JMH's half-width of its 99.9% interval (NaN when unknown).
 * @param unit the unit, for example {@code ops/s} or {@code B/op}.
 * @param forks the per-iteration samples, one array per fork (empty for sample-mode histograms).
 */
public record Metric(double score, double scoreError, String unit, List<double[]> forks)
{
    /**
     * All samples of all forks, in order.
     *
     * @return the samples.
     */
    public double[] samples()
    {
        int n = 0;
        for (final double[] fork : forks)
        {
            n += fork.length;
        }
        final double[] all = new double[n];
        int i = 0;
        for (final double[] fork : forks)
        {
            System.arraycopy(fork, 0, all, i, fork.length);
            i += fork.length;
        }
        return all;
    }
}
