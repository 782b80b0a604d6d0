package io.kairos.engine.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.engine.core.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads a Wycheproof test-vector file (testvectors_v1 layout: {@code numberOfTests} and
 * {@code testGroups[].tests[]}) and turns its cases into named JUnit dynamic tests, one per tcId,
 * followed by a check that exactly {@code numberOfTests} cases ran, so a parsing slip cannot pass by
 * running nothing. Not thread-safe; one suite per test factory.
 */
final class Wycheproof {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Wycheproof() {
    }

    /** The {@code result} of a case. */
    enum Expected {
        VALID, INVALID,
        /** Wycheproof's "either outcome is defensible"; our schemes treat it as must-refuse (strict). */
        ACCEPTABLE;

        static Expected parse(final String text) {
            return switch (text) {
                case "valid" -> VALID;
                case "invalid" -> INVALID;
                case "acceptable" -> ACCEPTABLE;
                default -> throw new IllegalArgumentException("unknown Wycheproof result '" + text + "'");
            };
        }
    }

    /** One test case together with its group (which holds the key). */
    record Case(JsonNode group, JsonNode test, int tcId, String comment, List<String> flags, Expected expected) {
        String displayName() {
            return "tcId " + tcId + ": " + (comment.isEmpty() ? "(no comment)" : comment) + " " + flags
                + " -> " + expected.name().toLowerCase(Locale.ROOT);
        }

        boolean hasFlag(final String flag) {
            return flags.contains(flag);
        }

        /** A hex field of the test, or null when absent or JSON null. */
        byte[] bytes(final String field) {
            return hex(test.get(field));
        }

        /** A hex field of the group, or null when absent or JSON null. */
        byte[] groupBytes(final String field) {
            return hex(group.get(field));
        }

        private static byte[] hex(final JsonNode node) {
            return node == null || node.isNull() ? null : Hex.decode(node.asText());
        }
    }

    record Suite(String file, int numberOfTests, List<Case> cases) {
    }

    static Suite load(final String fileName) {
        final Path file = TestVectors.wycheproofFile(fileName);
        final JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final JsonNode declared = root.get("numberOfTests");
        if (declared == null || !declared.canConvertToInt()) {
            fail(file + " has no numberOfTests");
        }
        final List<Case> cases = new ArrayList<>();
        for (final JsonNode group : root.path("testGroups")) {
            for (final JsonNode test : group.path("tests")) {
                final List<String> flags = new ArrayList<>();
                test.path("flags").forEach(f -> flags.add(f.asText()));
                cases.add(new Case(group, test, test.path("tcId").asInt(-1), test.path("comment").asText(""),
                    List.copyOf(flags), Expected.parse(test.path("result").asText())));
            }
        }
        return new Suite(fileName, declared.asInt(), List.copyOf(cases));
    }

    /**
     * {@link #tests(Suite, ThrowingConsumer)} for a file. When the vectors are absent (outside CI) the
     * result is one skipped test carrying the reason, so the skip shows in Surefire's counts rather
     * than vanishing with an aborted factory.
     */
    static Stream<DynamicTest> tests(final String fileName, final ThrowingConsumer<Case> check) {
        final Suite suite;
        try {
            suite = load(fileName);
        } catch (final TestAbortedException skipped) {
            return Stream.of(DynamicTest.dynamicTest(fileName + " skipped: vectors not found", () -> {
                throw skipped;
            }));
        }
        return tests(suite, check);
    }

    /**
     * One dynamic test per case, named by {@link Case#displayName()}, then one that checks the count.
     * Fails at once if the file's own count disagrees with what was parsed or a tcId repeats.
     */
    static Stream<DynamicTest> tests(final Suite suite, final ThrowingConsumer<Case> check) {
        assertEquals(suite.numberOfTests(), suite.cases().size(),
            suite.file() + ": parsed case count differs from numberOfTests");
        final Set<Integer> ids = new HashSet<>();
        for (final Case c : suite.cases()) {
            assertTrue(c.tcId() > 0 && ids.add(c.tcId()), suite.file() + ": bad or repeated tcId " + c.tcId());
        }
        final AtomicInteger ran = new AtomicInteger();
        final Stream<DynamicTest> each = suite.cases().stream().map(c -> DynamicTest.dynamicTest(c.displayName(),
            () -> {
                ran.incrementAndGet();
                try {
                    check.accept(c);
                } catch (final AssertionError | RuntimeException e) {
                    // Surefire's plain report names dynamic tests by index; put the tcId in the message.
                    throw new AssertionFailedError(suite.file() + " " + c.displayName() + ": " + e.getMessage(), e);
                }
            }));
        final DynamicTest count = DynamicTest.dynamicTest(
            "all " + suite.numberOfTests() + " cases of " + suite.file() + " ran",
            () -> assertEquals(suite.numberOfTests(), ran.get(), "cases executed"));
        return Stream.concat(each, Stream.of(count));
    }
}
