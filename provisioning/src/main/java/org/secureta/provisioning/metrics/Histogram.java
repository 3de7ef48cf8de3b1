package org.secureta.provisioning.metrics;

import java.util.Arrays;

/**
 * A Prometheus histogram as it is exposed: upper bounds, the cumulative count of observations at
 * or under each bound, the sum and the count of all observations. Immutable.
 *
 * @param bounds upper bounds in seconds, increasing, without +Inf
 * @param cumulative observations at or under each bound, same length as {@code bounds}
 * @param sum the sum of all observations, seconds
 * @param count all observations (the +Inf bucket)
 */
public record Histogram(double[] bounds, long[] cumulative, double sum, long count) {

    public Histogram {
        if (bounds.length != cumulative.length) {
            throw new IllegalArgumentException("one cumulative count per bound");
        }
        bounds = bounds.clone();
        cumulative = cumulative.clone();
    }

    /** An empty histogram with these bounds. */
    public static Histogram empty(double... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must increase: " + Arrays.toString(bounds));
            }
        }
        return new Histogram(bounds, new long[bounds.length], 0, 0);
    }

    /** This histogram with one more observation of {@code seconds}. */
    public Histogram observe(double seconds) {
        long[] c = cumulative.clone();
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                c[i]++;
            }
        }
        return new Histogram(bounds, c, sum + seconds, count + 1);
    }

    @Override
    public double[] bounds() {
        return bounds.clone();
    }

    @Override
    public long[] cumulative() {
        return cumulative.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(bounds, h.bounds) && Arrays.equals(cumulative, h.cumulative)
                && Double.compare(sum, h.sum) == 0 && count == h.count;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(bounds) + Arrays.hashCode(cumulative)) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "Histogram" + Arrays.toString(bounds) + Arrays.toString(cumulative) + " sum=" + sum + " count=" + count;
    }
}
