package io.kairos.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerScoringTest {
    private final PeerScoring scoring = new PeerScoring(2, 3, 100, 1_000, 5_000);

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        long now = 0;
        for (int i = 0; i < 10; i++) {
            assertFalse(scoring.recordInvalid(1, now));
            assertFalse(scoring.recordInvalid(1, now + 50));
            now += 200;
        }
        assertFalse(scoring.isDisconnected(1, now));
    }

    @Test
    void backOffDoublesUpToTheMaximumAndEnds() {
        long now = 10_000;
        final long[] expected = {1_000, 2_000, 4_000, 5_000, 5_000};
        for (final long backoff : expected) {
            assertFalse(scoring.recordInvalid(1, now));
            assertFalse(scoring.recordInvalid(1, now));
            assertTrue(scoring.recordInvalid(1, now));
            assertEquals(now + backoff, scoring.disconnectedUntilNs(1));
            assertTrue(scoring.isDisconnected(1, now + backoff - 1));
            assertFalse(scoring.recordInvalid(1, now + 1), "failures while disconnected are not scored again");
            assertFalse(scoring.isDisconnected(1, now + backoff));
            now += backoff + 1;
        }
        assertEquals(5, scoring.strikes(1));
        assertFalse(scoring.isDisconnected(0, now), "peers are scored separately");
    }
}
