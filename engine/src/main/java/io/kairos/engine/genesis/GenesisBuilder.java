package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Genesis} from a network preset, for {@code kairos init} and tests. Chain id, block
 * reward, interval and limits start at the preset's values and may be overridden; the genesis time,
 * at least one validator and a supply that balances are required. {@link #build()} applies exactly
 * the rules that parsing a genesis file applies. Not thread-safe: one builder per thread.
 *
 * <pre>{@code
 * Genesis g = Genesis.builder(NetworkPreset.DEVNET)
 *     .genesisTimeMillis(clock.millis())
 *     .validator("v0", SchemeId.ED25519, key.publicKey(), Amounts.tokens(1_000_000), "10.0.0.1:7000")
 *     .allocation(alice, Amounts.tokens(5_000))
 *     .remainderTo(treasury)
 *     .build();
 * }</pre>
 */
public final class GenesisBuilder {
    private final NetworkPreset network;
    private long chainId;
    private long genesisTimeMillis;
    private boolean genesisTimeSet;
    private long blockReward;
    private long targetBlockIntervalMillis;
    private int maxBlockBytes;
    private int maxBlockTransactions;
    private int maxTransactionBytes;
    private final List<Allocation> allocations = new ArrayList<>();
    private final List<GenesisValidator> validators = new ArrayList<>();
    private Address remainderTo;

    GenesisBuilder(final NetworkPreset network) {
        if (network == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "network", "a genesis needs a network preset");
        }
        this.network = network;
        this.chainId = network.defaultChainId();
        this.blockReward = network.blockReward();
        this.targetBlockIntervalMillis = network.targetBlockIntervalMillis();
        this.maxBlockBytes = network.maxBlockBytes();
        this.maxBlockTransactions = network.maxBlockTransactions();
        this.maxTransactionBytes = network.maxTransactionBytes();
    }

    public GenesisBuilder chainId(final long chainId) {
        this.chainId = chainId;
        return this;
    }

    /** Milliseconds since the Unix epoch (UTC); the caller reads its clock, the engine does not. */
    public GenesisBuilder genesisTimeMillis(final long millis) {
        this.genesisTimeMillis = millis;
        this.genesisTimeSet = true;
        return this;
    }

    /** The instant truncated to milliseconds, the precision a genesis keeps. */
    public GenesisBuilder genesisTime(final Instant time) {
        return genesisTimeMillis(time.toEpochMilli());
    }

    /** Units paid to each block's proposer. */
    public GenesisBuilder blockReward(final long units) {
        this.blockReward = units;
        return this;
    }

    public GenesisBuilder targetBlockIntervalMillis(final long millis) {
        this.targetBlockIntervalMillis = millis;
        return this;
    }

    public GenesisBuilder maxBlockBytes(final int bytes) {
        this.maxBlockBytes = bytes;
        return this;
    }

    public GenesisBuilder maxBlockTransactions(final int count) {
        this.maxBlockTransactions = count;
        return this;
    }

    public GenesisBuilder maxTransactionBytes(final int bytes) {
        this.maxTransactionBytes = bytes;
        return this;
    }

    /**
     * Credits {@code units} to {@code address}.
     *
     * @throws GenesisException at {@code allocations[i]...} for a balance that is not positive
     */
    public GenesisBuilder allocation(final Address address, final long units) {
        try {
            allocations.add(new Allocation(address, units));
        } catch (final GenesisException e) {
            throw e.under("allocations[" + allocations.size() + "]");
        }
        return this;
    }

    /** Appends a validator; validators rotate as proposers in the order they are added. */
    public GenesisBuilder validator(final GenesisValidator validator) {
        validators.add(validator);
        return this;
    }

    /**
     * Appends a validator made from its parts.
     *
     * @param name may be {@code null}
     * @throws GenesisException at {@code validators[i]...} when a part breaks a rule
     */
    public GenesisBuilder validator(final String name, final SchemeId scheme, final byte[] publicKey,
                                    final long stake, final String networkAddress) {
        try {
            validators.add(new GenesisValidator(name, scheme, publicKey, stake, networkAddress));
        } catch (final GenesisException e) {
            throw e.under("validators[" + validators.size() + "]");
        }
        return this;
    }

    /**
     * Makes {@link #build()} credit whatever the stakes and the other allocations leave of the total
     * supply to {@code address} (a treasury or faucet), so that the supply balances exactly.
     */
    public GenesisBuilder remainderTo(final Address address) {
        this.remainderTo = address;
        return this;
    }

    /**
     * What the total supply still lacks, in units: total supply minus stakes minus allocations added
     * so far. Negative when too much is allocated ({@link Long#MIN_VALUE} when far too much).
     */
    public long unallocated() {
        try {
            long left = network.totalSupply();
            for (final Allocation a : allocations) {
                left = Math.subtractExact(left, a.balance());
            }
            for (final GenesisValidator v : validators) {
                if (v != null) {
                    left = Math.subtractExact(left, v.stake());
                }
            }
            return left;
        } catch (final ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * @throws GenesisException for any rule the result would break, with the path the same value
     *                          would have in a genesis file
     */
    public Genesis build() {
        if (!genesisTimeSet) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "genesisTime", "the genesis time was not set");
        }
        final List<Allocation> all = new ArrayList<>(allocations);
        if (remainderTo != null) {
            all.add(remainder(all));
        }
        return new Genesis(chainId, network, genesisTimeMillis, network.totalSupply(), blockReward,
            targetBlockIntervalMillis, maxBlockBytes, maxBlockTransactions, maxTransactionBytes, all, validators);
    }

    private Allocation remainder(final List<Allocation> others) {
        final String at = "allocations[" + others.size() + "]";
        long used = 0;
        try {
            for (final Allocation a : others) {
                used = Amounts.add(used, a.balance());
            }
            for (final GenesisValidator v : validators) {
                if (v != null) {
                    used = Amounts.add(used, v.stake());
                }
            }
        } catch (final ValidationException overflow) {
            throw new GenesisException(GenesisError.SUPPLY_MISMATCH, at,
                "stakes and allocations already exceed the total supply; nothing remains for " + remainderTo, overflow);
        }
        final long total = network.totalSupply();
        if (used >= total) {
            throw new GenesisException(GenesisError.SUPPLY_MISMATCH, at,
                "stakes and allocations already use " + Amounts.formatTokens(used) + " of the "
                    + Amounts.formatTokens(total) + " tokens; nothing remains for " + remainderTo);
        }
        try {
            return new Allocation(remainderTo, total - used);
        } catch (final GenesisException e) {
            throw e.under(at);
        }
    }
}
