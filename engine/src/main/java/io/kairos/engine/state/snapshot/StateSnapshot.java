package io.kairos.engine.state.snapshot;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.state.LedgerState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every account after the block at {@link #height()}, sorted by address, with what identifies that
 * block: its hash, timestamp and state root, and the genesis it descends from. A snapshot plus the
 * journal after its height rebuilds the state without replaying from genesis.
 *
 * <p>The constructor checks the shape (array lengths, strictly ascending addresses, no negative
 * balance or nonce, supply = balances + bonded stake) and throws {@link SnapshotError#CORRUPT} when
 * it is wrong; whether the accounts really hash to {@link #stateRoot()} is checked by whoever loads
 * it, because that needs the tree.
 *
 * <p>Immutable once built (the arrays are not exposed); thread-safe.
 */
public final class StateSnapshot {
    private final Hash genesisHash;
    private final long height;
    private final Hash blockHash;
    private final long timestampMillis;
    private final Hash stateRoot;
    private final long bondedStake;
    private final long supply;
    private final byte[] addresses;
    private final long[] balances;
    private final long[] nonces;

    /**
     * @param addresses 20 bytes per account, ascending in unsigned byte order, each address once
     * @param supply    balances plus bonded stake (checked)
     * @throws SnapshotException {@link SnapshotError#CORRUPT} if the shape is wrong
     */
    public StateSnapshot(final Hash genesisHash, final long height, final Hash blockHash, final long timestampMillis,
                         final Hash stateRoot, final long bondedStake, final long supply, final byte[] addresses,
                         final long[] balances, final long[] nonces) {
        this.genesisHash = Objects.requireNonNull(genesisHash, "genesisHash");
        this.blockHash = Objects.requireNonNull(blockHash, "blockHash");
        this.stateRoot = Objects.requireNonNull(stateRoot, "stateRoot");
        this.height = height;
        this.timestampMillis = timestampMillis;
        this.bondedStake = bondedStake;
        this.supply = supply;
        this.addresses = addresses;
        this.balances = balances;
        this.nonces = nonces;
        checkShape();
    }

    /**
     * Sorts an {@link LedgerState#image() image} of the state after block {@code height}: the slow
     * part of taking a snapshot, meant for a background thread.
     */
    public static StateSnapshot of(final Hash genesisHash, final long height, final Hash blockHash,
                                   final long timestampMillis, final Hash stateRoot, final LedgerState.Image image) {
        final int n = image.accountCount();
        final byte[] addresses = new byte[n * Address.LENGTH];
        final long[] balances = new long[n];
        final long[] nonces = new long[n];
        image.sortedInto(addresses, balances, nonces);
        return new StateSnapshot(genesisHash, height, blockHash, timestampMillis, stateRoot, image.bondedStake(),
            image.totalBalances() + image.bondedStake(), addresses, balances, nonces);
    }

    private void checkShape() {
        if (height < 1) {
            throw corrupt("height " + height + " is below 1 (the genesis needs no snapshot)");
        }
        if (timestampMillis < 0 || bondedStake < 0) {
            throw corrupt("negative timestamp " + timestampMillis + " or bonded stake " + bondedStake);
        }
        final int n = balances.length;
        if (nonces.length != n || addresses.length != (long) n * Address.LENGTH) {
            throw corrupt("account arrays disagree: " + addresses.length + " address bytes, " + n + " balances, "
                + nonces.length + " nonces");
        }
        long sum = bondedStake;
        for (int i = 0; i < n; i++) {
            if (balances[i] < 0 || nonces[i] < 0) {
                throw corrupt("account " + i + " has balance " + balances[i] + " and nonce " + nonces[i]);
            }
            sum += balances[i];
            if (sum < 0) {
                throw corrupt("the balances overflow a 64-bit supply");
            }
            if (i > 0 && Arrays.compareUnsigned(addresses, (i - 1) * Address.LENGTH, i * Address.LENGTH,
                addresses, i * Address.LENGTH, (i + 1) * Address.LENGTH) >= 0) {
                throw corrupt("account " + i + " is not in strictly ascending address order");
            }
        }
        if (sum != supply) {
            throw corrupt("balances plus bonded stake are " + sum + " units but the snapshot records a supply of "
                + supply);
        }
    }

    private static SnapshotException corrupt(final String message) {
        return new SnapshotException(SnapshotError.CORRUPT, message);
    }

    public Hash genesisHash() {
        return genesisHash;
    }

    public long height() {
        return height;
    }

    public Hash blockHash() {
        return blockHash;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public Hash stateRoot() {
        return stateRoot;
    }

    public long bondedStake() {
        return bondedStake;
    }

    /** Balances plus bonded stake, in units. */
    public long supply() {
        return supply;
    }

    public int accountCount() {
        return balances.length;
    }

    /** The address of account {@code i} (in ascending order). */
    public Address address(final int i) {
        return Address.of(Arrays.copyOfRange(addresses, i * Address.LENGTH, (i + 1) * Address.LENGTH));
    }

    public long balance(final int i) {
        return balances[i];
    }

    public long nonce(final int i) {
        return nonces[i];
    }

    /** Copies address {@code i}'s 20 bytes into {@code dst[offset]}; allocation-free for writers. */
    public void copyAddress(final int i, final byte[] dst, final int offset) {
        System.arraycopy(addresses, i * Address.LENGTH, dst, offset, Address.LENGTH);
    }

    /** The accounts as a list, for building the state tree; allocates. */
    public List<LedgerState.Account> accounts() {
        final List<LedgerState.Account> out = new ArrayList<>(balances.length);
        for (int i = 0; i < balances.length; i++) {
            out.add(new LedgerState.Account(address(i), balances[i], nonces[i]));
        }
        return out;
    }

    /** A live state holding these accounts, sized for at least {@code expectedAccounts}. */
    public LedgerState toState(final long hashSeed, final int expectedAccounts) {
        return LedgerState.fromAccounts(hashSeed, expectedAccounts, bondedStake, addresses, balances, nonces);
    }

    @Override
    public String toString() {
        return "snapshot at height " + height + " (block " + blockHash + ", " + balances.length + " accounts)";
    }
}
