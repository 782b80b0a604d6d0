package io.kairos.node.cli;

import io.kairos.engine.core.Hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The fixed seeds of devnet keys, so that {@code kairos init --network devnet} gives the same
 * validators and treasury every time and a devnet comes up with no set-up.
 *
 * <p>These seeds are public knowledge by design: anything they hold can be taken by anyone. They are
 * used only for the devnet preset; testnet and mainnet keys always come from a {@code SecureRandom}.
 */
final class DevnetKeys {
    private static final byte[] TAG = "kairos/devnet-seed/v1\0".getBytes(StandardCharsets.US_ASCII);

    private DevnetKeys() {
    }

    /** Seed of devnet validator {@code index}. */
    static byte[] validatorSeed(final int index) {
        return seed("validator", index);
    }

    /** Seed of devnet load-generator account {@code index}. */
    static byte[] loadSeed(final int index) {
        return seed("load", index);
    }

    /** Seed of the devnet treasury, which holds the supply that is not staked. */
    static byte[] treasurySeed() {
        return seed("treasury", 0);
    }

    private static byte[] seed(final String role, final int index) {
        final MessageDigest md = Hashing.newSha256();
        md.update(TAG);
        md.update(role.getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(new byte[] {(byte) index, (byte) (index >>> 8), (byte) (index >>> 16), (byte) (index >>> 24)});
        return md.digest();
    }
}
