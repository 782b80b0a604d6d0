package io.kairos.bench;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Entry point of {@code bin/jmh}: runs the selected JMH benchmarks with every fork under the flags of
 * the repository's jvm.options, then prints each yardstick's scores beside its baselines with the
 * ratios, and optionally writes them as JSON. Single-threaded; one instance per invocation.
 */
@Command(name = "bin/jmh", sortOptions = false,
    description = {
        "Runs Kairos's JMH benchmarks, every fork under the flags of jvm.options at",
        "the repository root, and prints each yardstick's score beside its baselines",
        "from the same run with the ours/baseline ratios."},
    footer = {
        "",
        "Yardsticks:",
        "  S1  Ed25519 verify: ours vs Bouncy Castle Ed25519Signer, BC rfc8032",
        "      Ed25519.verify and the JDK's Signature \"Ed25519\"",
        "  S2  ML-DSA-44 verify: ours vs Bouncy Castle MLDSASigner",
        "  E1  execution only, 1M accounts, uniform and Zipf: ours vs an Agrona map loop",
        "  N1  one validator end to end (decode, verify, mempool, execute) vs raw",
        "      signature verification on the same threads and on all cores",
        "  H1  bytes allocated per transaction on decode, verify-dispatch, admit and",
        "      execute (run with -prof gc); no baseline",
        "  J1  block journal append (no sync, sync every 16 blocks) and replay of",
        "      1,000-transfer blocks vs raw Chronicle Queue appends and tailer reads",
        "  J1R J1's recovery: replay through execution and state roots vs replay from",
        "      memory; state-root update vs hashing the touched leaves only",
        "  C0  consensus validation per validator-set size (4, 7, 16, 31): a commit",
        "      certificate as one verifier batch vs one by one; one vote beside them",
        "  C1  four validators over Aeron IPC in one JVM vs one validator on the same",
        "      node stack (consensus, journal, transport) and vs Aeron Cluster (Raft,",
        "      3 members, UDP loopback) doing the same per-transfer work: transfers",
        "      finalized per second",
        "  C1L commit latency of one transfer at a time (JMH sample mode: p50, p99),",
        "      four validators vs Aeron Cluster (Raft, 3 members)",
        "",
        "Defaults: 3 forks, 3 x 2s warm-up, 5 x 2s measured (for published figures,",
        "on a quiet machine). --quick: 1 fork, 2 x 1s warm-up, 3 x 1s measured, for",
        "smoke runs only.",
        "jvm.options is found via -Dkairos.root, else $KAIROS_ROOT, else the nearest",
        "parent directory that has one.",
        "",
        "Examples:",
        "  bin/jmh S1",
        "  bin/jmh S2 --forks 3",
        "  bin/jmh S1 --quick -prof gc --result s1.json",
        "  bin/jmh H1 --quick -prof gc"})
public final class BenchMain implements Callable<Integer> {
    static final int DEFAULT_FORKS = 3;
    static final int DEFAULT_WARMUP_ITERATIONS = 3;
    static final String DEFAULT_WARMUP_TIME = "2s";
    static final int DEFAULT_ITERATIONS = 5;
    static final String DEFAULT_TIME = "2s";
    static final int QUICK_FORKS = 1;
    static final int QUICK_WARMUP_ITERATIONS = 2;
    static final String QUICK_WARMUP_TIME = "1s";
    static final int QUICK_ITERATIONS = 3;
    static final String QUICK_TIME = "1s";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATTERN", arity = "0..*",
        description = "Yardstick ids (S1, S2, E1, N1, H1, J1, J1R, C0, C1, C1L; any case) or JMH benchmark regexes. Default: every yardstick.")
    List<String> patterns = new ArrayList<>();

    @Option(names = {"-f", "--forks"}, paramLabel = "N", description = "Forks per benchmark, at least 1 (default 3).")
    Integer forks;

    @Option(names = {"-wi", "--warmup-iterations"}, paramLabel = "N",
        description = "Warm-up iterations per fork (default 3).")
    Integer warmupIterations;

    @Option(names = {"-w", "--warmup-time"}, paramLabel = "TIME",
        description = "Length of one warm-up iteration, e.g. 2s, 500ms (default 2s).")
    String warmupTime;

    @Option(names = {"-i", "--iterations"}, paramLabel = "N",
        description = "Measured iterations per fork (default 5).")
    Integer iterations;

    @Option(names = {"-r", "--time"}, paramLabel = "TIME",
        description = "Length of one measured iteration (default 2s).")
    String time;

    @Option(names = "--quick", description = "Smoke settings: 1 fork, 2 x 1s warm-up, 3 x 1s measured. "
        + "Options given explicitly still win.")
    boolean quick;

    @Option(names = {"-prof", "--prof"}, paramLabel = "PROFILER[:ARGS]",
        description = "A JMH profiler, passed through (repeatable), e.g. -prof gc.")
    List<String> profilers = new ArrayList<>();

    @Option(names = {"-o", "--result"}, paramLabel = "FILE",
        description = "Also write scores and ratios to FILE as JSON.")
    Path result;

    @Option(names = "--jmh-result", paramLabel = "FILE", description = "Also write JMH's own JSON result to FILE.")
    Path jmhResult;

    @Option(names = {"-l", "--list"}, description = "List the benchmarks the patterns select, and exit.")
    boolean list;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new BenchMain());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BenchSetupException) {
                commandLine.getErr().println("jmh: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public Integer call() throws RunnerException {
        final Path optionsFile = JvmOptions.locate();
        final List<String> flags = JvmOptions.read(optionsFile);
        final PrintStream out = System.out;
        final Options options = options(flags);
        if (list) {
            new Runner(options).list();
            return 0;
        }
        out.printf("jmh: %d JVM flags for every fork from %s%n", flags.size(), optionsFile);
        final Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (final NoBenchmarksException e) {
            throw new BenchSetupException(BenchSetupException.Reason.NO_MATCHING_BENCHMARK,
                "no benchmark matches " + includes() + "; bin/jmh --list shows them all", e);
        }
        final List<Score> scores = results.stream().map(BenchMain::score).toList();
        final List<Ratio> ratios = Comparison.ratios(scores);
        out.println();
        out.println(settingsLine());
        out.print(Comparison.table(scores, ratios));
        if (result != null) {
            BenchReport.of(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), optionsFile, flags,
                settings(), scores, ratios).write(result);
            out.println("jmh: wrote " + result);
        }
        return 0;
    }

    /** The JMH options for this invocation, every fork getting {@code flags} appended. */
    Options options(final List<String> flags) {
        final BenchReport.Settings s = settings();
        final ChainedOptionsBuilder builder = new OptionsBuilder()
            .forks(s.forks())
            .warmupIterations(s.warmupIterations())
            .warmupTime(time(s.warmupTime(), "--warmup-time"))
            .measurementIterations(s.measurementIterations())
            .measurementTime(time(s.measurementTime(), "--time"))
            .jvmArgsAppend(flags.toArray(String[]::new))
            .shouldFailOnError(true);
        for (final String include : s.includes()) {
            builder.include(include);
        }
        for (final String profiler : s.profilers()) {
            final int colon = profiler.indexOf(':');
            if (colon < 0) {
                builder.addProfiler(profiler);
            } else {
                builder.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
            }
        }
        if (jmhResult != null) {
            builder.resultFormat(ResultFormatType.JSON).result(jmhResult.toString());
        }
        return builder.build();
    }

    /** The settings in force: explicit options, else the --quick or the default values. */
    BenchReport.Settings settings() {
        return new BenchReport.Settings(includes(),
            // At least one fork: in-process runs would not get the flags of jvm.options.
            atLeast(forks, quick ? QUICK_FORKS : DEFAULT_FORKS, "--forks", 1),
            atLeast(warmupIterations, quick ? QUICK_WARMUP_ITERATIONS : DEFAULT_WARMUP_ITERATIONS,
                "--warmup-iterations", 0),
            warmupTime != null ? warmupTime : quick ? QUICK_WARMUP_TIME : DEFAULT_WARMUP_TIME,
            atLeast(iterations, quick ? QUICK_ITERATIONS : DEFAULT_ITERATIONS, "--iterations", 1),
            time != null ? time : quick ? QUICK_TIME : DEFAULT_TIME,
            List.copyOf(profilers));
    }

    private String settingsLine() {
        final BenchReport.Settings s = settings();
        return String.format("Settings: %d fork(s), %d x %s warm-up, %d x %s measured%s%s", s.forks(),
            s.warmupIterations(), s.warmupTime(), s.measurementIterations(), s.measurementTime(),
            s.profilers().isEmpty() ? "" : ", -prof " + String.join(" -prof ", s.profilers()),
            quick ? " (--quick: smoke figures, not for publishing)" : "");
    }

    /** Yardstick ids become their class patterns; anything else is a JMH regex, checked here. */
    List<String> includes() {
        if (patterns.isEmpty()) {
            return Arrays.stream(Yardstick.values()).map(Yardstick::includePattern).toList();
        }
        final List<String> includes = new ArrayList<>();
        for (final String p : patterns) {
            final var yardstick = Yardstick.byId(p);
            if (yardstick.isPresent()) {
                includes.add(yardstick.get().includePattern());
                continue;
            }
            try {
                Pattern.compile(p);
            } catch (final PatternSyntaxException e) {
                throw new BenchSetupException(BenchSetupException.Reason.NO_MATCHING_BENCHMARK,
                    "'" + p + "' is neither a yardstick id nor a valid regular expression: " + e.getDescription(), e);
            }
            includes.add(p);
        }
        return List.copyOf(includes);
    }

    private int atLeast(final Integer given, final int fallback, final String option, final int min) {
        final int value = given != null ? given : fallback;
        if (value < min) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                option + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private TimeValue time(final String text, final String option) {
        try {
            return TimeValue.fromString(text);
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                option + " expects a time such as 2s or 500ms, got '" + text + "'");
        }
    }

    /**
     * The primary score of one JMH result, with the {@code -prof gc} allocation per op if present and,
     * in sample mode, the median and 99th percentile of the samples.
     */
    static Score score(final RunResult run) {
        final BenchmarkParams params = run.getParams();
        final List<String> pairs = new ArrayList<>();
        for (final String key : params.getParamsKeys()) {
            pairs.add(key + "=" + params.getParam(key));
        }
        final Result<?> primary = run.getPrimaryResult();
        double alloc = Double.NaN;
        for (final String label : run.getSecondaryResults().keySet()) {
            if (label.endsWith("gc.alloc.rate.norm")) {
                final Result<?> secondary = run.getSecondaryResults().get(label);
                alloc = secondary.getScore();
            }
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        if (params.getMode() == Mode.SampleTime) {
            p50 = primary.getStatistics().getPercentile(50);
            p99 = primary.getStatistics().getPercentile(99);
        }
        return new Score(params.getBenchmark(), String.join(",", pairs), primary.getScore(),
            primary.getScoreError(), primary.getScoreUnit(), alloc, p50, p99);
    }
}
