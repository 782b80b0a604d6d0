package io.kairos.bench.consensus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs C0's set-up and each method once per validator-set size, timing nothing. */
class ConsensusBenchmarkSetUpTest {
    @Test
    void everyMethodAcceptsWhatTheSetUpSigned() {
        for (final int n : new int[] {4, 7}) {
            final ConsensusBenchmark b = new ConsensusBenchmark();
            b.validators = n;
            b.setUp();
            for (int i = 0; i < 2 * n; i++) {
                assertTrue(b.validateVote(), "vote " + i + " of " + n + " validators");
            }
            final var one = b.certificateOneByOne();
            assertSame(one, b.certificateBatched());
            assertEquals(2 * ((n - 1) / 3) + 1, one.size(), "a quorum of " + n + " validators signs");
        }
    }
}
