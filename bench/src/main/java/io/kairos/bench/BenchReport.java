package io.kairos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run measured, with enough context to compare it with another run later: when, on which JVM
 * and machine, under which flags and JMH settings, every score and every ratio. Written as JSON by
 * {@link #write}; values JMH could not compute (NaN) are written as {@code null}. Immutable.
 *
 * @param date ISO-8601 instant the run finished
 * @param jdk {@code java.version} of the runner (the forks use the same java)
 * @param vm {@code java.vm.name} and {@code java.vm.version}
 * @param processors processors available to the runner's JVM
 * @param jvmOptionsFile the jvm.options the forks' flags came from
 * @param jvmFlags the flags appended to every fork
 * @param settings the JMH settings of the run
 * @param scores every benchmark's primary score
 * @param ratios every ours/baseline ratio
 */
public record BenchReport(String date, String jdk, String vm, int processors, String jvmOptionsFile,
                          List<String> jvmFlags, Settings settings, List<ScoreEntry> scores,
                          List<RatioEntry> ratios) {

    /**
     * @param includes the JMH include patterns the run used
     * @param forks forks per benchmark
     * @param warmupIterations warm-up iterations per fork
     * @param warmupTime length of one warm-up iteration, e.g. {@code 2 s}
     * @param measurementIterations measured iterations per fork
     * @param measurementTime length of one measured iteration
     * @param profilers the {@code -prof} arguments
     */
    public record Settings(List<String> includes, int forks, int warmupIterations, String warmupTime,
                           int measurementIterations, String measurementTime, List<String> profilers) {
    }

    /** A {@link Score} as written to JSON; absent figures are null. */
    public record ScoreEntry(String benchmark, String params, Double score, Double error, String unit,
                             Double allocBytesPerOp, Double p50, Double p99) {
    }

    /** A {@link Ratio} as written to JSON. */
    public record RatioEntry(String yardstick, String params, String ratio, Double value, Double low, Double high) {
    }

    public static BenchReport of(final String date, final Path jvmOptionsFile, final List<String> jvmFlags,
                                 final Settings settings, final List<Score> scores, final List<Ratio> ratios) {
        return new BenchReport(date, System.getProperty("java.version"),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
            Runtime.getRuntime().availableProcessors(), jvmOptionsFile.toString(), List.copyOf(jvmFlags), settings,
            scores.stream().map(s -> new ScoreEntry(s.benchmark(), s.params(), finite(s.score()),
                finite(s.error()), s.unit(), finite(s.allocBytesPerOp()), finite(s.p50()), finite(s.p99()))).toList(),
            ratios.stream().map(r -> new RatioEntry(r.yardstick().name(), r.params(), r.label(),
                finite(r.value()), finite(r.low()), finite(r.high()))).toList());
    }

    private static Double finite(final double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Writes this report to {@code file} as indented JSON, replacing any file there. */
    public void write(final Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report to " + file, e);
        }
    }
}
