package io.kairos.engine.consensus;

import io.kairos.engine.crypto.CpuBatchVerifier;
import io.kairos.engine.ledger.BlockHeader;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A quorum certificate checked one signature at a time and as one batch: same verdicts. */
class CertificateTest {
    private static final ConsensusFixture F = new ConsensusFixture(0);
    private static final BlockHeader BLOCK = F.block(1, 5).header();

    private static void bothRefuse(final Certificate c) {
        assertEquals(ConsensusError.BAD_CERTIFICATE, assertThrows(ConsensusException.class,
            () -> c.verify(F.g, F.set, SignatureVerifier.DIRECT)).error());
        assertEquals(ConsensusError.BAD_CERTIFICATE, assertThrows(ConsensusException.class,
            () -> c.verify(F.g, F.set, new CpuBatchVerifier())).error());
    }

    private static Certificate altered(final Certificate c, final Consumer<Certificate> change) {
        final Certificate copy = new Certificate(c.step(), c.height(), c.round(), c.blockHash(), c.stateRoot(),
            c.validators().clone(), c.signatures().clone());
        for (int i = 0; i < copy.signatures().length; i++) {
            copy.signatures()[i] = copy.signatures()[i].clone();
        }
        change.accept(copy);
        return copy;
    }

    @Test
    void aQuorumOfDistinctValidSignaturesVerifiesBothWays() {
        final Certificate c = F.certificate(Step.PRECOMMIT, 1, 0, BLOCK, 0, 2, 3);
        assertDoesNotThrow(() -> c.verify(F.g, F.set, SignatureVerifier.DIRECT));
        assertDoesNotThrow(() -> c.verify(F.g, F.set, new CpuBatchVerifier()));
    }

    @Test
    void tooFewForgedRepeatedOrForeignSignersAreRefusedBothWays() {
        bothRefuse(F.certificate(Step.PRECOMMIT, 1, 0, BLOCK, 0, 2));
        final Certificate good = F.certificate(Step.PRECOMMIT, 1, 0, BLOCK, 0, 2, 3);
        bothRefuse(altered(good, c -> c.signatures()[1][5] ^= 1));
        bothRefuse(altered(good, c -> c.validators()[2] = 0));
        bothRefuse(altered(good, c -> c.validators()[2] = 17));
        bothRefuse(altered(good, c -> c.signatures()[0] = new byte[3]));
        bothRefuse(new Certificate(Step.PREVOTE, 1, 0, good.blockHash(), good.stateRoot(), good.validators(),
            good.signatures()));
    }
}
