package io.kairos.engine.consensus.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster simulator across many seeds: with at most f byzantine replicas of mixed kinds, crashes,
 * partitions, loss and duplication, the checker must find nothing; with f+1 colluding equivocators it
 * must find a violation. Steps per seed are tuned so that the whole class stays around a minute on
 * two cores.
 */
class SimulationTest {
    static final int STEPS_N4 = 1000;
    static final int STEPS_N7 = 1500;

    private static List<String> failures(final int n, final int faulty, final int steps, final long from,
                                         final long to) {
        final List<String> failures = new ArrayList<>();
        long committed = 0;
        for (long seed = from; seed <= to; seed++) {
            final SimResult r = new Simulation(new SimConfig(n, faulty, seed, steps)).run();
            committed += r.minHonestHeight();
            if (!r.passed()) {
                failures.add(r.config().replayCommand() + " -> " + r.violations());
            }
        }
        assertTrue(committed >= (to - from + 1) * 3, "the cluster should commit blocks at all: " + committed);
        return failures;
    }

    @Test
    void fourValidatorsWithOneByzantine300Seeds() {
        final List<String> failures = failures(4, 1, STEPS_N4, 1, 300);
        assertEquals(List.of(), failures);
    }

    @Test
    void sevenValidatorsWithTwoByzantine200Seeds() {
        final List<String> failures = failures(7, 2, STEPS_N7, 1, 200);
        assertEquals(List.of(), failures);
    }

    @Test
    void noFaultsAndNoChaosCommitsEveryFewMessages() {
        final SimResult r = new Simulation(new SimConfig(4, 0, 42, 2000, false)).run();
        assertTrue(r.passed(), r.violations().toString());
        assertTrue(r.minHonestHeight() >= 50, "a quiet network commits steadily, got " + r.minHonestHeight());
    }

    @Test
    void controlWithFPlusOneColludingEquivocatorsTheCheckerFindsAViolation() {
        int violating = 0;
        for (long seed = 1; seed <= 10; seed++) {
            final SimResult r = new Simulation(new SimConfig(4, 2, seed, STEPS_N4)).run();
            if (!r.passed()) {
                violating++;
                assertTrue(r.violations().get(0).startsWith("SAFETY"), r.violations().toString());
            }
        }
        assertTrue(violating > 0, "f+1 byzantine replicas must be able to break safety in some seed");
        int violating7 = 0;
        for (long seed = 1; seed <= 10; seed++) {
            violating7 += new Simulation(new SimConfig(7, 3, seed, STEPS_N7)).run().passed() ? 0 : 1;
        }
        assertTrue(violating7 > 0, "also with n = 7 and 3 colluders");
    }

    @Test
    void controlReplicasThatForgetTheirSafetyRecordOnRestartAreCaughtDoubleSigning() {
        int caught = 0;
        for (long seed = 1; seed <= 40 && caught == 0; seed++) {
            final SimResult r = new Simulation(new SimConfig(4, 0, seed, STEPS_N4),
                new io.kairos.engine.consensus.CachingSignatureVerifier(
                    io.kairos.engine.consensus.SignatureVerifier.DIRECT, 1 << 20), true).run();
            if (!r.passed()) {
                assertTrue(r.violations().get(0).startsWith("DOUBLE SIGN") || r.violations().get(0).startsWith("SAFETY"),
                    r.violations().toString());
                caught++;
            }
        }
        assertTrue(caught > 0, "a validator that forgets what it signed must be caught equivocating");
    }

    @Test
    void aRunReplaysBitForBit() {
        for (final SimConfig c : List.of(new SimConfig(4, 1, 7, STEPS_N4), new SimConfig(7, 2, 11, STEPS_N7),
            new SimConfig(4, 2, 1, STEPS_N4))) {
            final SimResult a = new Simulation(c).run();
            final SimResult b = new Simulation(c).run();
            assertEquals(a, b, "same config, same run: " + c);
        }
        assertNotEquals(new Simulation(new SimConfig(4, 1, 7, STEPS_N4)).run().traceDigest(),
            new Simulation(new SimConfig(4, 1, 8, STEPS_N4)).run().traceDigest());
    }
}
