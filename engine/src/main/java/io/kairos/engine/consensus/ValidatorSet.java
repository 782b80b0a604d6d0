package io.kairos.engine.consensus;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisValidator;

import java.util.List;

/**
 * The validators of a chain in genesis order, each with one vote: {@code n = 3f + 1} (or more) with
 * {@code f = (n - 1) / 3} tolerated faults and a quorum of {@code n - f} (2f+1 when n = 3f+1). A
 * validator is named on the wire by its index here. Immutable; thread-safe.
 */
public final class ValidatorSet {
    private final SignatureScheme[] schemes;
    private final byte[][] keys;
    private final Address[] addresses;

    public ValidatorSet(final List<GenesisValidator> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a validator set needs at least one validator");
        }
        final int n = validators.size();
        schemes = new SignatureScheme[n];
        keys = new byte[n][];
        addresses = new Address[n];
        for (int i = 0; i < n; i++) {
            final GenesisValidator v = validators.get(i);
            schemes[i] = SignatureSchemes.of(v.scheme());
            keys[i] = v.publicKey();
            addresses[i] = schemes[i].address(keys[i]);
        }
    }

    public static ValidatorSet of(final Genesis genesis) {
        return new ValidatorSet(genesis.validators());
    }

    public int size() {
        return keys.length;
    }

    /** Faults tolerated: {@code (n - 1) / 3}. */
    public int maxFaulty() {
        return (size() - 1) / 3;
    }

    /** Votes needed for a certificate: {@code n - f}. */
    public int quorum() {
        return size() - maxFaulty();
    }

    public boolean isMember(final int index) {
        return index >= 0 && index < keys.length;
    }

    /** The leader of {@code round} at {@code height}: rotates with both, the same on every replica. */
    public int leader(final long height, final int round) {
        return (int) Math.floorMod(height + round, (long) keys.length);
    }

    public SignatureScheme scheme(final int index) {
        return schemes[index];
    }

    /** The validator's public key (shared array: do not modify). */
    byte[] publicKey(final int index) {
        return keys[index];
    }

    public byte[] publicKeyCopy(final int index) {
        return keys[index].clone();
    }

    public Address address(final int index) {
        return addresses[index];
    }

    /** Index of the validator with account {@code address}, or -1. */
    public int indexOf(final Address address) {
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i].equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the validator with public key {@code key}, or -1. */
    public int indexOfKey(final byte[] key) {
        for (int i = 0; i < keys.length; i++) {
            if (java.util.Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }
}
