package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.MlDsa44Scheme;
import io.kairos.engine.crypto.SigningKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Deterministic keys and the genesis that src/test/resources/.../devnet-genesis.json holds. */
final class TestGenesis {
    static final String FIXTURE = "devnet-genesis.json";
    /** 2026-11-21T00:00:00Z. */
    static final long TIME = 1_795_219_200_000L;
    static final long STAKE = Amounts.tokens(1_000_000);

    private TestGenesis() {
    }

    static byte[] seed(final int fill) {
        final byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) fill);
        return seed;
    }

    static SigningKey ed25519(final int fill) {
        return Ed25519Scheme.INSTANCE.fromSeed(seed(fill));
    }

    static SigningKey mlDsa44(final int fill) {
        return MlDsa44Scheme.INSTANCE.fromSeed(seed(fill));
    }

    static Address alice() {
        return ed25519(0x10).address();
    }

    static Address bob() {
        return mlDsa44(0x11).address();
    }

    static Address treasury() {
        return ed25519(0x12).address();
    }

    static GenesisValidator validator(final String name, final SigningKey key, final String endpoint) {
        return new GenesisValidator(name, key.scheme().id(), key.publicKey(), STAKE, endpoint);
    }

    /**
     * Four validators (three Ed25519, one ML-DSA-44, one without a name), two allocations and the
     * rest of the supply to the treasury.
     */
    static GenesisBuilder fixtureBuilder() {
        return Genesis.builder(NetworkPreset.DEVNET)
            .genesisTimeMillis(TIME)
            .validator(validator("v0", ed25519(1), "127.0.0.1:7001"))
            .validator(validator("v1", ed25519(2), "127.0.0.1:7002"))
            .validator(validator("v2", mlDsa44(3), "127.0.0.1:7003"))
            .validator(validator(null, ed25519(4), "[::1]:7004"))
            .allocation(alice(), Amounts.tokens(1_000))
            .allocation(bob(), Amounts.parseTokens("0.5"))
            .remainderTo(treasury());
    }

    static Genesis fixture() {
        return fixtureBuilder().build();
    }

    static String fixtureText() {
        try (InputStream in = TestGenesis.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + FIXTURE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
