package io.kairos.engine.pipeline;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.CodecLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineConfigTest {
    private static final PipelineConfig D = PipelineConfig.defaults(9);

    private static void invalid(final Executable e, final String mentions) {
        final ValidationException ex = assertThrows(ValidationException.class, e);
        assertEquals(ValidationError.INVALID_VALUE, ex.error());
        assertTrue(ex.getMessage().contains(mentions), ex.getMessage());
    }

    @Test
    void defaultsAreSane() {
        assertEquals(PipelineConfig.DEFAULT_RING_SIZE, D.ringSize());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), D.verifierThreads());
        assertEquals(WaitMode.BLOCKING, D.waitMode());
        assertEquals(CodecLimits.DEFAULT, D.limits());
        assertEquals(9, D.chainId());
        assertEquals(4096L * (IngressEvent.TRANSACTION_OFFSET + 128 * 1024), D.worstCaseSlotBytes());
    }

    @Test
    void outOfRangeSettingsAreRefusedByName() {
        invalid(() -> D.withRingSize(1000), "ringSize");
        invalid(() -> D.withRingSize(1), "ringSize");
        invalid(() -> D.withRingSize(1 << 21), "ringSize");
        invalid(() -> D.withVerifierThreads(0), "verifierThreads");
        invalid(() -> D.withVerifierThreads(257), "verifierThreads");
        invalid(() -> D.withBatchSize(0), "batchSize");
        invalid(() -> D.withWaitMode(null), "waitMode");
        invalid(() -> D.withLimits(null), "limits");
        assertEquals(2, D.withRingSize(2).ringSize());
    }

    @Test
    void everyWaitModeMakesAFreshStrategy() {
        for (final WaitMode m : WaitMode.values()) {
            assertTrue(m.newStrategy() != m.newStrategy(), m.name());
        }
    }
}
