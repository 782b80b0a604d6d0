package io.kairos.bench;

/**
 * Our score divided by a baseline's, both from the same run. Above 1 means ours is faster (for
 * throughput scores).
 *
 * @param yardstick the yardstick both scores belong to
 * @param params the JMH parameters the two scores share; empty when there are none
 * @param ours the method measuring our code
 * @param baseline the method measuring the baseline
 * @param value ours / baseline
 * @param low the smallest ratio the two scores' confidence intervals allow; NaN when either error
 *            is unknown
 * @param high the largest such ratio; NaN when either error is unknown or the baseline's interval
 *             reaches zero
 */
public record Ratio(Yardstick yardstick, String params, String ours, String baseline, double value,
                    double low, double high) {
    /** The label the report prints, e.g. {@code ours/bcSigner}. */
    public String label() {
        return ours + "/" + baseline;
    }
}
