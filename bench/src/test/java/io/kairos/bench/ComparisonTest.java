package io.kairos.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    private static final String S1 = Yardstick.S1.benchmarkClass() + ".";
    private static final String S2 = Yardstick.S2.benchmarkClass() + ".";

    private static Score score(final String benchmark, final double score, final double error) {
        return new Score(benchmark, "", score, error, "ops/s", Double.NaN);
    }

    @Test
    void oursIsDividedByEveryBaselineOfItsYardstickInDeclaredOrder() {
        final List<Score> scores = List.of(
            score(S1 + "jdk", 2_000, 100),
            score(S1 + "ours", 12_000, 300),
            score(S1 + "bcSigner", 10_000, 200),
            score(S1 + "bcRfc8032", 12_000, 0),
            score(S2 + "ours", 9_000, 90),
            score(S2 + "bcSigner", 10_000, 100));
        final List<Ratio> ratios = Comparison.ratios(scores);
        assertEquals(List.of("ours/bcSigner", "ours/bcRfc8032", "ours/jdk", "ours/bcSigner"),
            ratios.stream().map(Ratio::label).toList());
        assertEquals(List.of(Yardstick.S1, Yardstick.S1, Yardstick.S1, Yardstick.S2),
            ratios.stream().map(Ratio::yardstick).toList());
        assertEquals(1.2, ratios.get(0).value(), 1e-12);
        assertEquals(1.0, ratios.get(1).value(), 1e-12);
        assertEquals(6.0, ratios.get(2).value(), 1e-12);
        assertEquals(0.9, ratios.get(3).value(), 1e-12);
    }

    @Test
    void boundsComeFromBothConfidenceIntervals() {
        final Ratio r = Comparison.ratios(List.of(score(S2 + "ours", 110, 10), score(S2 + "bcSigner", 100, 20)))
            .getFirst();
        assertEquals(100.0 / 120.0, r.low(), 1e-12);
        assertEquals(120.0 / 80.0, r.high(), 1e-12);
    }

    @Test
    void unknownErrorsLeaveTheBoundsOpen() {
        final Ratio r = Comparison.ratios(List.of(score(S2 + "ours", 110, Double.NaN), score(S2 + "bcSigner", 100, 1)))
            .getFirst();
        assertEquals(1.1, r.value(), 1e-12);
        assertTrue(Double.isNaN(r.low()) && Double.isNaN(r.high()));
    }

    @Test
    void aBaselineIntervalReachingZeroHasNoUpperBound() {
        final Ratio r = Comparison.ratios(List.of(score(S2 + "ours", 110, 10), score(S2 + "bcSigner", 100, 100)))
            .getFirst();
        assertEquals(100.0 / 200.0, r.low(), 1e-12);
        assertTrue(Double.isNaN(r.high()));
    }

    @Test
    void aMissingSideGivesNoRatio() {
        assertEquals(List.of(), Comparison.ratios(List.of(score(S1 + "bcSigner", 1, 0), score(S1 + "jdk", 1, 0))));
        assertEquals(List.of("ours/jdk"),
            Comparison.ratios(List.of(score(S1 + "ours", 1, 0), score(S1 + "jdk", 1, 0))).stream()
                .map(Ratio::label).toList());
    }

    @Test
    void scoresWithDifferentParametersAreNotCompared() {
        final List<Score> scores = List.of(
            new Score(S2 + "ours", "n=1", 100, 0, "ops/s", Double.NaN),
            new Score(S2 + "bcSigner", "n=2", 100, 0, "ops/s", Double.NaN),
            new Score(S2 + "ours", "n=2", 50, 0, "ops/s", Double.NaN));
        final List<Ratio> ratios = Comparison.ratios(scores);
        assertEquals(1, ratios.size());
        assertEquals("n=2", ratios.getFirst().params());
        assertEquals(0.5, ratios.getFirst().value(), 1e-12);
    }

    @Test
    void theTableListsOursFirstThenBaselinesThenRatiosAndOthers() {
        final List<Score> scores = List.of(
            score(S1 + "jdk", 1_700, 50),
            new Score(S1 + "ours", "", 12_000, 300, "ops/s", 1_234.5),
            score(S1 + "bcSigner", 11_000, 200),
            score("org.example.Other.run", 5, Double.NaN));
        final String table = Comparison.table(scores, Comparison.ratios(scores));
        assertTrue(table.startsWith("S1  " + Yardstick.S1.title()), table);
        final int ours = table.indexOf("  ours ");
        final int bc = table.indexOf("  bcSigner ");
        final int jdk = table.indexOf("  jdk ");
        assertTrue(0 < ours && ours < bc && bc < jdk, table);
        assertTrue(table.contains("ratio ours/bcSigner"), table);
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%.3f", 12_000.0 / 11_000)), table);
        assertTrue(table.contains("alloc B/op") && table.contains("1234.5"), table);
        assertTrue(table.contains("Other benchmarks") && table.contains("org.example.Other.run"), table);
        assertFalse(table.contains("S2 "), table);
    }

    @Test
    void sampleModeScoresShowTheirPercentilesAndOthersShowNone() {
        final String c1l = Yardstick.C1L.benchmarkClass() + ".";
        final List<Score> scores = List.of(
            new Score(c1l + "fourValidators", "", 7.4, 0.2, "ms/op", Double.NaN, 6.611, 18.871),
            new Score(c1l + "aeronCluster", "", 1.0, 0.02, "ms/op", Double.NaN, 0.904, 2.941),
            score(S1 + "ours", 12_000, 300));
        final String table = Comparison.table(scores, Comparison.ratios(scores));
        assertTrue(table.contains("p50") && table.contains("p99"), table);
        final String four = table.lines().filter(l -> l.startsWith("  fourValidators ")).findFirst().orElseThrow();
        assertTrue(four.contains("6.611") && four.contains("18.871"), four);
        final String ours = table.lines().filter(l -> l.startsWith("  ours ")).findFirst().orElseThrow();
        assertTrue(ours.trim().endsWith("n/a"), ours);
        assertTrue(table.contains("ratio fourValidators/aeronCluster"), table);
    }

    @Test
    void aYardstickPatternSelectsOnlyItsOwnClass() {
        final Pattern s1 = Pattern.compile(Yardstick.S1.includePattern());
        assertTrue(s1.matcher(S1 + "ours").find());
        assertFalse(s1.matcher(S2 + "ours").find());
        assertEquals(Yardstick.S2, Yardstick.ofBenchmark(S2 + "bcSigner").orElseThrow());
        assertTrue(Yardstick.ofBenchmark("ours").isEmpty());
        assertEquals(Yardstick.S1, Yardstick.byId("s1").orElseThrow());
        assertTrue(Yardstick.byId("S9").isEmpty());
    }
}
