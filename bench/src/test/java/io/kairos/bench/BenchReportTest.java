package io.kairos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {
    @Test
    void writesScoresRatiosAndSettingsWithUnknownValuesAsNull(@TempDir final Path tmp) throws IOException {
        final String s1 = Yardstick.S1.benchmarkClass() + ".";
        final List<Score> scores = List.of(
            new Score(s1 + "ours", "", 12_000, Double.NaN, "ops/s", 96.0),
            new Score(s1 + "jdk", "", 2_000, 10, "ops/s", Double.NaN, 0.4, 1.25));
        final BenchReport.Settings settings = new BenchReport.Settings(List.of(Yardstick.S1.includePattern()), 1, 2,
            "1s", 3, "1s", List.of("gc"));
        final Path file = tmp.resolve("result.json");
        BenchReport.of("2025-01-01T00:00:00Z", Path.of("/repo/jvm.options"), List.of("-Xss2m"), settings, scores,
            Comparison.ratios(scores)).write(file);

        final JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("2025-01-01T00:00:00Z", json.get("date").asText());
        assertEquals("-Xss2m", json.get("jvmFlags").get(0).asText());
        assertEquals(List.of("gc"), List.of(json.get("settings").get("profilers").get(0).asText()));
        assertEquals(12_000.0, json.get("scores").get(0).get("score").asDouble());
        assertTrue(json.get("scores").get(0).get("error").isNull());
        assertEquals(96.0, json.get("scores").get(0).get("allocBytesPerOp").asDouble());
        assertTrue(json.get("scores").get(0).get("p50").isNull());
        assertEquals(0.4, json.get("scores").get(1).get("p50").asDouble());
        assertEquals(1.25, json.get("scores").get(1).get("p99").asDouble());
        final JsonNode ratio = json.get("ratios").get(0);
        assertEquals("S1", ratio.get("yardstick").asText());
        assertEquals("ours/jdk", ratio.get("ratio").asText());
        assertEquals(6.0, ratio.get("value").asDouble(), 1e-12);
        assertTrue(ratio.get("low").isNull() && ratio.get("high").isNull());
    }
}
