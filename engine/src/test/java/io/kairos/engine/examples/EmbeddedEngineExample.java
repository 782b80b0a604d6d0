package io.kairos.engine.examples;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.TransactionRejectedException;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The example of docs/embedding.md: an exchange runs Kairos in its own process. */
public final class EmbeddedEngineExample {
    private EmbeddedEngineExample() {
    }

    public static void main(final String[] args) throws Exception {
        final SecureRandom random = new SecureRandom();
        final SigningKey validator = Ed25519Scheme.INSTANCE.generate(random);
        final SigningKey alice = Ed25519Scheme.INSTANCE.generate(random);
        final SigningKey bob = Ed25519Scheme.INSTANCE.generate(random);

        // 1. A genesis: alice holds 1,000 tokens, the validator stakes 1,000,000, the rest to a treasury.
        final Genesis genesis = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.now())
            .validator("validator-0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:7100")
            .allocation(alice.address(), Amounts.tokens(1_000))
            .remainderTo(Ed25519Scheme.INSTANCE.generate(random).address())
            .build();

        // 2. The engine: this process is the one validator; it proposes, votes on and commits the blocks
        //    (the n = 1 case of the BFT consensus); time comes from the clocks given.
        try (KairosEngine engine = KairosEngine.builder(genesis)
            .validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
            .hashSeed(random.nextLong())
            .build()) {
            engine.onBlock(block -> System.out.printf("block %d: %d transactions%n",
                block.height(), block.transactionCount()));
            engine.start();

            // 3. A signed transfer of 2.5 tokens with a fee of 0.001 token; the future completes on commit.
            final Transaction transfer = Transaction.transfer()
                .chainId(genesis.chainId())
                .nonce(0)
                .fee(Amounts.parseTokens("0.001"))
                .recipient(bob.address())
                .amount(Amounts.parseTokens("2.5"))
                .sign(alice);
            final Receipt receipt = engine.submit(transfer).get(10, TimeUnit.SECONDS);
            System.out.printf("committed in block %d with status %s%n", receipt.blockHeight(), receipt.status());

            // 4. Refusals are typed: the same nonce again is NONCE_TOO_LOW.
            try {
                engine.submit(transfer).get(10, TimeUnit.SECONDS);
            } catch (final ExecutionException e) {
                final TransactionRejectedException r = (TransactionRejectedException) e.getCause();
                System.out.println("refused: " + r.reason());
            }

            // 5. Queries see committed state.
            System.out.println("bob has " + Amounts.formatTokens(engine.balance(bob.address()).get()) + " tokens");
            System.out.println("alice's next nonce is " + engine.nonce(alice.address()).get());
            System.out.println("found by hash: " + engine.transaction(receipt.txHash()).get().isPresent());
        }
    }
}
