package io.kairos.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchMainTest {
    private static final List<String> FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-Dx=y");

    private static BenchMain parse(final String... args) {
        final CommandLine cl = BenchMain.commandLine();
        cl.parseArgs(args);
        return cl.getCommand();
    }

    @Test
    void everyForkGetsTheFlagsAppended() {
        final Options options = parse("S1").options(FLAGS);
        assertEquals(FLAGS, List.copyOf(options.getJvmArgsAppend().get()));
        assertEquals(List.of(Yardstick.S1.includePattern()), options.getIncludes());
        assertEquals(BenchMain.DEFAULT_FORKS, options.getForkCount().get());
        assertEquals(BenchMain.DEFAULT_ITERATIONS, options.getMeasurementIterations().get());
        assertEquals(TimeValue.fromString(BenchMain.DEFAULT_TIME), options.getMeasurementTime().get());
        assertEquals(true, options.shouldFailOnError().get());
    }

    @Test
    void quickSetsSmokeValuesButExplicitOptionsWin() {
        final BenchReport.Settings quick = parse("s2", "--quick").settings();
        assertEquals(new BenchReport.Settings(List.of(Yardstick.S2.includePattern()), BenchMain.QUICK_FORKS,
            BenchMain.QUICK_WARMUP_ITERATIONS, BenchMain.QUICK_WARMUP_TIME, BenchMain.QUICK_ITERATIONS,
            BenchMain.QUICK_TIME, List.of()), quick);
        final BenchReport.Settings mixed = parse("--quick", "--forks", "3", "-wi", "4", "-w", "500ms", "-i", "6",
            "-r", "3s").settings();
        assertEquals(3, mixed.forks());
        assertEquals(4, mixed.warmupIterations());
        assertEquals("500ms", mixed.warmupTime());
        assertEquals(6, mixed.measurementIterations());
        assertEquals("3s", mixed.measurementTime());
    }

    @Test
    void noPatternMeansEveryYardstickAndOtherPatternsAreRegexes() {
        assertEquals(List.of(Yardstick.S1.includePattern(), Yardstick.S2.includePattern(), Yardstick.E1.includePattern(),
                Yardstick.N1.includePattern(), Yardstick.H1.includePattern(),
                Yardstick.J1.includePattern(), Yardstick.J1R.includePattern(), Yardstick.C0.includePattern(),
                Yardstick.C1.includePattern(), Yardstick.C1L.includePattern()),
            parse().includes());
        assertEquals(List.of("Ed25519.*ours", Yardstick.S2.includePattern()), parse("Ed25519.*ours", "S2").includes());
        final BenchSetupException e = assertThrows(BenchSetupException.class, () -> parse("(").includes());
        assertEquals(BenchSetupException.Reason.NO_MATCHING_BENCHMARK, e.reason());
    }

    @Test
    void profilersPassThroughWithTheirArguments() {
        final Options options = parse("S1", "-prof", "gc", "--prof", "stack:lines=5").options(FLAGS);
        assertEquals(List.of("gc", "stack"), options.getProfilers().stream().map(p -> p.getKlass()).toList());
        assertEquals("lines=5", options.getProfilers().get(1).getOpts());
    }

    @Test
    void badNumbersAndTimesAreUsageErrors() {
        assertThrows(CommandLine.ParameterException.class, () -> parse("--forks", "0").settings());
        assertThrows(CommandLine.ParameterException.class, () -> parse("-r", "soon").options(FLAGS));
        assertEquals(2, BenchMain.commandLine().execute("--forks", "0"));
    }
}
