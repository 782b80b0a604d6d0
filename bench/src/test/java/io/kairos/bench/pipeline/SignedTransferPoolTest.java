package io.kairos.bench.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.genesis.Allocation;
import io.kairos.engine.ledger.Transaction;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedTransferPoolTest {
    private static final int SENDERS = 40;
    private static final int ROUNDS = 3;

    private final SignedTransferPool pool = SignedTransferPool.create(SENDERS, ROUNDS, 11);

    @Test
    void everyTransferIsValidForItsChainAndRoundAndSentByAFundedSender() {
        final Set<Address> funded = new HashSet<>();
        for (final Allocation a : pool.genesis.allocations()) {
            if (a.balance() == SignedTransferPool.INITIAL_BALANCE) {
                funded.add(a.address());
            }
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < SENDERS; i++) {
                final int flat = pool.index(r, i);
                final Transaction tx = Transaction.decode(pool.encoded[flat]);
                assertTrue(tx.verifySignature(), "transfer " + flat);
                assertEquals(pool.genesis.chainId(), tx.chainId());
                assertEquals(r, tx.nonce(), "the nonce is the round");
                assertEquals(SignedTransferPool.FEE, tx.fee());
                assertTrue(tx.amount() >= 1 && tx.amount() <= 64, "amount " + tx.amount());
                assertEquals(Address.read(pool.senderAddresses, i * Address.LENGTH), tx.sender());
                assertTrue(funded.contains(tx.sender()), "sender is funded");
                assertTrue(funded.contains(tx.recipient()), "recipient is another sender");
                assertNotEquals(tx.sender(), tx.recipient());
                assertEquals(tx.hash(), Hash.read(pool.hashes, flat * Hash.LENGTH));
                assertEquals(pool.length, pool.encoded[flat].length);
            }
        }
        assertEquals(SENDERS, funded.size());
    }

    @Test
    void aSlotHoldsTheSigningBytesThenTheEncodingAtTheAdvertisedOffsets() {
        for (int flat = 0; flat < pool.size(); flat++) {
            final Transaction tx = Transaction.decode(pool.encoded[flat]);
            final byte[] slot = pool.slots[flat];
            assertArrayEquals(tx.signingBytes(), Arrays.copyOf(slot, pool.signingLength));
            assertArrayEquals(tx.publicKey(), Arrays.copyOfRange(slot, pool.publicKeyOffset, pool.publicKeyOffset + 32));
            assertArrayEquals(tx.signature(), Arrays.copyOfRange(slot, pool.signatureOffset, slot.length));
            assertTrue(Ed25519Scheme.INSTANCE.verify(tx.publicKey(), slot, 0, pool.signingLength, tx.signature()));
        }
    }

    @Test
    void theSameSeedGivesTheSamePoolAndTransfersAreDistinct() {
        final SignedTransferPool again = SignedTransferPool.create(SENDERS, ROUNDS, 11);
        final Set<Hash> hashes = new HashSet<>();
        for (int flat = 0; flat < pool.size(); flat++) {
            assertArrayEquals(pool.encoded[flat], again.encoded[flat]);
            hashes.add(Hash.read(pool.hashes, flat * Hash.LENGTH));
        }
        assertEquals(pool.size(), hashes.size());
        assertEquals(pool.genesis.hash(), again.genesis.hash());
        assertNotEquals(pool.genesis.hash(), SignedTransferPool.create(SENDERS, ROUNDS, 12).genesis.hash());
    }

    @Test
    void refusesAPoolTooSmallToHaveRecipients() {
        assertThrows(IllegalArgumentException.class, () -> SignedTransferPool.create(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> SignedTransferPool.create(2, 0, 0));
    }

    @Test
    void rawVerifierCountsValidSignaturesOnEveryShareAndRejectsATamperedOne() {
        try (RawVerifier three = new RawVerifier(3, 7)) {
            assertEquals(pool.size(), three.verify(pool, 0, pool.size()));
            assertEquals(SENDERS, three.verify(pool, pool.index(1, 0), SENDERS));
            final byte[] slot = pool.slots[5];
            slot[pool.signatureOffset] ^= 1;
            try {
                assertEquals(SENDERS - 1, three.verify(pool, 0, SENDERS));
            } finally {
                slot[pool.signatureOffset] ^= 1;
            }
        }
    }
}
