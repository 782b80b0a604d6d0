package io.kairos.transport;

import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.GenesisValidator;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Deterministic validator keys and sets for tests. */
public final class TestValidators {
    public final List<SigningKey> keys;
    public final ValidatorSet set;

    private TestValidators(final List<SigningKey> keys, final ValidatorSet set) {
        this.keys = keys;
        this.set = set;
    }

    public static TestValidators of(final int n) {
        return of(n, SchemeId.ED25519);
    }

    public static TestValidators of(final int n, final SchemeId scheme) {
        return of(n, scheme, 0);
    }

    /** {@code n} validators whose seeds start at {@code seedBase}. */
    public static TestValidators of(final int n, final SchemeId scheme, final int seedBase) {
        final List<SigningKey> keys = new ArrayList<>();
        final List<GenesisValidator> validators = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(key(scheme, seedBase + i));
            validators.add(new GenesisValidator("v" + i, scheme, keys.get(i).publicKey(), 1, "127.0.0.1:" + (40000 + i)));
        }
        return new TestValidators(keys, new ValidatorSet(validators));
    }

    public static SigningKey key(final SchemeId scheme, final int seed) {
        final byte[] s = new byte[32];
        s[0] = (byte) seed;
        s[1] = (byte) (seed >>> 8);
        s[31] = 7;
        return SignatureSchemes.of(scheme).fromSeed(s);
    }

    /** A seeded SecureRandom: the same seed gives the same handshake keys and nonces. */
    public static SecureRandom random(final long seed) {
        try {
            final SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            // setSeed(long) ignores 0, which would leave the generator self-seeded.
            r.setSeed(java.nio.ByteBuffer.allocate(8).putLong(seed).array());
            return r;
        } catch (final NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
