package io.kairos.bench;

/**
 * One benchmark's primary result from a JMH run.
 *
 * @param benchmark fully qualified {@code class.method}
 * @param params the benchmark's JMH parameters as {@code k=v,k=v}; empty when it has none
 * @param score the primary score, e.g. operations per second
 * @param error JMH's 99.9% confidence half-width of {@code score}; NaN when it could not be computed
 *              (a single measurement iteration)
 * @param unit the unit of {@code score}, e.g. {@code ops/s}
 * @param allocBytesPerOp bytes allocated per operation from {@code -prof gc}; NaN when not profiled
 * @param p50 the median of the samples, in {@code unit}, for a benchmark in JMH's sample mode; else NaN
 * @param p99 the 99th percentile likewise
 */
public record Score(String benchmark, String params, double score, double error, String unit,
                    double allocBytesPerOp, double p50, double p99) {
    /** A score without percentiles (any mode but sample time). */
    public Score(final String benchmark, final String params, final double score, final double error, final String unit,
                 final double allocBytesPerOp) {
        this(benchmark, params, score, error, unit, allocBytesPerOp, Double.NaN, Double.NaN);
    }

    /** The method part of {@link #benchmark}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
