package io.kairos.engine;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.BlockStore;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.time.Instant;

/** Test fixture: a one-validator devnet genesis where one funded account, alice, pays the validator. */
public final class SoloNetwork {
    public final SigningKey validator;
    public final SigningKey alice;
    public final Genesis genesis;

    /** {@code tag} varies the keys so that tests never share accounts by accident. */
    public SoloNetwork(final int tag) {
        validator = Ed25519Scheme.INSTANCE.fromSeed(seed(tag, 1));
        alice = Ed25519Scheme.INSTANCE.fromSeed(seed(tag, 2));
        genesis = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100")
            .allocation(alice.address(), Amounts.tokens(10))
            .remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(tag, 3)).address())
            .build();
    }

    private static byte[] seed(final int tag, final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[2] = (byte) tag;
        return s;
    }

    /** An engine on this genesis with real clocks and the given block store (not started). */
    public KairosEngine engine(final BlockStore store) {
        return KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).blockStore(store).build();
    }

    /** Alice pays the validator 1 unit with fee 1 at {@code nonce}. */
    public Transaction payment(final long nonce) {
        return Transaction.transfer().chainId(genesis.chainId()).nonce(nonce).fee(1)
            .recipient(validator.address()).amount(1).sign(alice);
    }
}
