package io.kairos.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the scores of one JMH run into the comparisons BENCHMARKS.md asks for: each yardstick's
 * own score divided by each of its baselines measured in the same run, and a printable table of
 * both. Knows nothing of JMH's types, so it is tested without running a benchmark. Stateless.
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * For every yardstick and parameter set present in {@code scores}, ours/baseline for each
     * baseline that was measured too. A yardstick whose own method or a baseline was not run (e.g.
     * excluded by a narrower pattern) simply yields fewer ratios.
     *
     * <p>The bounds are interval arithmetic over the two confidence intervals:
     * (ours - e) / (baseline + e') to (ours + e) / (baseline - e').
     */
    public static List<Ratio> ratios(final List<Score> scores) {
        final List<Ratio> ratios = new ArrayList<>();
        for (final Yardstick yardstick : Yardstick.values()) {
            for (final String params : paramSets(scores, yardstick)) {
                final Optional<Score> ours = find(scores, yardstick, yardstick.ours(), params);
                if (ours.isEmpty()) {
                    continue;
                }
                for (final String baselineMethod : yardstick.baselines()) {
                    find(scores, yardstick, baselineMethod, params).ifPresent(baseline ->
                        ratios.add(ratio(yardstick, params, ours.get(), baseline)));
                }
            }
        }
        return List.copyOf(ratios);
    }

    private static Ratio ratio(final Yardstick yardstick, final String params, final Score ours,
                               final Score baseline) {
        final double value = ours.score() / baseline.score();
        double low = Double.NaN;
        double high = Double.NaN;
        if (Double.isFinite(ours.error()) && Double.isFinite(baseline.error())) {
            low = Math.max(0, ours.score() - ours.error()) / (baseline.score() + baseline.error());
            final double baselineLow = baseline.score() - baseline.error();
            high = baselineLow > 0 ? (ours.score() + ours.error()) / baselineLow : Double.NaN;
        }
        return new Ratio(yardstick, params, ours.method(), baseline.method(), value, low, high);
    }

    private static Set<String> paramSets(final List<Score> scores, final Yardstick yardstick) {
        final Set<String> sets = new LinkedHashSet<>();
        for (final Score s : scores) {
            if (Yardstick.ofBenchmark(s.benchmark()).orElse(null) == yardstick) {
                sets.add(s.params());
            }
        }
        return sets;
    }

    private static Optional<Score> find(final List<Score> scores, final Yardstick yardstick, final String method,
                                        final String params) {
        final String benchmark = yardstick.benchmarkClass() + "." + method;
        return scores.stream()
            .filter(s -> s.benchmark().equals(benchmark) && s.params().equals(params))
            .findFirst();
    }

    /**
     * A plain-text table: per yardstick, ours first and then the baselines with score, error, (when
     * profiled) bytes allocated per operation and (in sample mode) p50 and p99, followed by the
     * ratios; then any benchmark that belongs to no yardstick.
     */
    public static String table(final List<Score> scores, final List<Ratio> ratios) {
        final StringBuilder out = new StringBuilder();
        final boolean withAlloc = scores.stream().anyMatch(s -> !Double.isNaN(s.allocBytesPerOp()));
        final boolean withPercentiles = scores.stream().anyMatch(s -> !Double.isNaN(s.p50()));
        for (final Yardstick yardstick : Yardstick.values()) {
            for (final String params : paramSets(scores, yardstick)) {
                out.append(yardstick.name()).append("  ").append(yardstick.title());
                if (!params.isEmpty()) {
                    out.append("  [").append(params).append(']');
                }
                out.append('\n');
                header(out, withAlloc, withPercentiles);
                scores.stream()
                    .filter(s -> Yardstick.ofBenchmark(s.benchmark()).orElse(null) == yardstick
                        && s.params().equals(params))
                    .sorted(Comparator.comparingInt(s -> order(yardstick, s.method())))
                    .forEach(s -> row(out, s.method(), s, withAlloc, withPercentiles));
                for (final Ratio r : ratios) {
                    if (r.yardstick() == yardstick && r.params().equals(params)) {
                        out.append(String.format(Locale.ROOT, "  ratio %-20s %8.3f", r.label(), r.value()));
                        if (!Double.isNaN(r.low())) {
                            out.append(String.format(Locale.ROOT, "   (%.3f .. %s)", r.low(),
                                Double.isNaN(r.high()) ? "?" : String.format(Locale.ROOT, "%.3f", r.high())));
                        }
                        out.append('\n');
                    }
                }
                out.append('\n');
            }
        }
        final List<Score> others = scores.stream()
            .filter(s -> Yardstick.ofBenchmark(s.benchmark()).isEmpty())
            .toList();
        if (!others.isEmpty()) {
            out.append("Other benchmarks (no baseline)\n");
            header(out, withAlloc, withPercentiles);
            others.forEach(s -> row(out, s.benchmark() + (s.params().isEmpty() ? "" : " [" + s.params() + "]"),
                s, withAlloc, withPercentiles));
        }
        return out.toString();
    }

    private static int order(final Yardstick yardstick, final String method) {
        if (method.equals(yardstick.ours())) {
            return -1;
        }
        final int i = yardstick.baselines().indexOf(method);
        return i < 0 ? yardstick.baselines().size() : i;
    }

    private static void header(final StringBuilder out, final boolean withAlloc, final boolean withPercentiles) {
        out.append(String.format(Locale.ROOT, "  %-26s %16s %14s %-8s", "benchmark", "score", "error (99.9%)",
            "unit"));
        if (withAlloc) {
            out.append(String.format(Locale.ROOT, " %14s", "alloc B/op"));
        }
        if (withPercentiles) {
            out.append(String.format(Locale.ROOT, " %12s %12s", "p50", "p99"));
        }
        out.append('\n');
    }

    private static void row(final StringBuilder out, final String name, final Score s, final boolean withAlloc,
                            final boolean withPercentiles) {
        out.append(String.format(Locale.ROOT, "  %-26s %16.1f %14s %-8s", name, s.score(),
            Double.isNaN(s.error()) ? "n/a" : String.format(Locale.ROOT, "± %.1f", s.error()), s.unit()));
        if (withAlloc) {
            out.append(String.format(Locale.ROOT, " %14s",
                Double.isNaN(s.allocBytesPerOp()) ? "n/a" : String.format(Locale.ROOT, "%.1f", s.allocBytesPerOp())));
        }
        if (withPercentiles) {
            out.append(String.format(Locale.ROOT, " %12s %12s", percentile(s.p50()), percentile(s.p99())));
        }
        out.append('\n');
    }

    private static String percentile(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
