package io.kairos.bench.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs N1's set-up and every benchmark method through more rounds than one engine lives, without JMH
 * and without timing: every transfer must commit successfully (the invocation tear-down checks each
 * receipt), engines are replaced when their rounds run out, and closing leaves no engine or
 * verification thread behind.
 */
class ValidatorBenchmarkSetUpTest {
    private static final int SMALL_BATCH = 300;

    @Test
    void oursCommitsEveryRoundAcrossEngineReplacementsAndLeavesNoThreads() {
        final ValidatorBenchmark b = benchmark("2");
        final ValidatorBenchmark.Engine e = new ValidatorBenchmark.Engine();
        e.start(b);
        try {
            assertEquals(SMALL_BATCH, e.engine.committedTransactions(), "the warm-up round committed");
            final int invocations = 2 * ValidatorBenchmark.ROUNDS;
            for (int i = 0; i < invocations; i++) {
                e.nextRound();
                b.ours(e);
                e.checkRound();
            }
            // Rounds 1..3 of each engine are measured: 3 + 3 + 2 invocations, the third engine has
            // committed its warm-up round and two measured ones.
            assertEquals(3, e.enginesStarted);
            assertEquals(3, e.round);
            assertEquals(3L * SMALL_BATCH, e.engine.committedTransactions());
            assertTrue(e.engine.height() >= 3, "at least a block per round");
        } finally {
            e.close();
        }
        assertTrue(threadsEnd("kairos-"), "threads left: " + threadsNamed("kairos-"));
    }

    @Test
    void rawBaselinesVerifyTheSameBatchAndStopTheirThreads() {
        final ValidatorBenchmark b = benchmark("cores-1");
        final ValidatorBenchmark.Raw raw = new ValidatorBenchmark.Raw();
        raw.start(b);
        try {
            for (int i = 0; i < ValidatorBenchmark.ROUNDS + 1; i++) {
                assertEquals(SMALL_BATCH, b.rawVerify(raw));
                assertEquals(SMALL_BATCH, b.rawVerifyAllCores(raw));
            }
            assertEquals(b.verifierThreads, raw.same.threads());
            assertEquals(Runtime.getRuntime().availableProcessors(), raw.allCores.threads());
        } finally {
            raw.close();
        }
        assertTrue(threadsEnd("n1-raw-verify"), "raw verification threads left");
    }

    @Test
    void verifierCountsResolveAgainstTheCores() {
        assertEquals(1, ValidatorBenchmark.resolveThreads("cores-1", 2));
        assertEquals(1, ValidatorBenchmark.resolveThreads("cores-1", 1));
        assertEquals(16, ValidatorBenchmark.resolveThreads("cores", 16));
        assertEquals(3, ValidatorBenchmark.resolveThreads("3", 2));
        assertThrows(IllegalArgumentException.class, () -> ValidatorBenchmark.resolveThreads("0", 2));
        assertThrows(NumberFormatException.class, () -> ValidatorBenchmark.resolveThreads("many", 2));
    }

    private static ValidatorBenchmark benchmark(final String verifiers) {
        final ValidatorBenchmark b = new ValidatorBenchmark();
        b.verifiers = verifiers;
        b.setUp(SMALL_BATCH);
        return b;
    }

    /**
     * Whether the threads named so are gone: an executor reports termination a moment before its last
     * thread has returned, so this allows that moment (the answer is not about speed).
     */
    private static boolean threadsEnd(final String prefix) {
        for (int i = 0; i < 100 && !threadsNamed(prefix).isEmpty(); i++) {
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return threadsNamed(prefix).isEmpty();
    }

    private static Set<String> threadsNamed(final String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(n -> n.startsWith(prefix))
            .collect(Collectors.toSet());
    }
}
