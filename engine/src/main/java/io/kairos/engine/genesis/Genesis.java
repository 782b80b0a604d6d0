package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.core.ValidationException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first state of a Kairos chain and the parameters every node of that chain must share. An
 * instance is always valid: it is made only by {@link GenesisBuilder} or {@link GenesisJson}, which
 * both run the rules of the constructor. Immutable and thread-safe.
 *
 * <p>Supply rule: validator stakes are bonded tokens and count towards the supply, so the sum of all
 * allocation balances plus the sum of all stakes equals {@link #totalSupply()} exactly, and the total
 * supply equals the network's {@link NetworkPreset#totalSupply()}.
 *
 * <p>{@link #allocations()} are kept sorted by address, so the order in which a file or a builder
 * lists them changes neither equality nor {@link #hash()}. {@link #validators()} keep their declared
 * order, which is the proposer rotation order.
 *
 * <p>The hash is SHA-256 over the {@code GENESIS} domain tag and {@link #canonicalEncoding()}; two
 * genesis values are equal exactly when their canonical encodings are. See docs/genesis.md for the
 * layout.
 */
public final class Genesis {
    /** The only format version this build reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /**
     * 2^53 - 1: chain ids travel as JSON numbers through Ethereum tooling written in JavaScript, which
     * cannot hold larger integers exactly.
     */
    public static final long MAX_CHAIN_ID = (1L << 53) - 1;
    /** 9999-12-31T23:59:59.999Z, the last instant with a four-digit RFC 3339 year. */
    public static final long MAX_GENESIS_TIME_MILLIS = 253_402_300_799_999L;

    private final long chainId;
    private final NetworkPreset network;
    private final long genesisTimeMillis;
    private final long totalSupply;
    private final long blockReward;
    private final long targetBlockIntervalMillis;
    private final int maxBlockBytes;
    private final int maxBlockTransactions;
    private final int maxTransactionBytes;
    private final List<Allocation> allocations;
    private final List<GenesisValidator> validators;
    private final byte[] encoding;
    private final Hash hash;

    /**
     * Checks every rule and builds the value. Paths in errors use the declared positions of
     * allocations and validators.
     */
    Genesis(final long chainId, final NetworkPreset network, final long genesisTimeMillis, final long totalSupply,
            final long blockReward, final long targetBlockIntervalMillis, final int maxBlockBytes,
            final int maxBlockTransactions, final int maxTransactionBytes, final List<Allocation> allocations,
            final List<GenesisValidator> validators) {
        if (network == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "network", "a genesis needs a network");
        }
        if (chainId <= 0 || chainId > MAX_CHAIN_ID) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "chainId",
                "the chain id must be in 1.." + MAX_CHAIN_ID + ", got " + chainId);
        }
        if (genesisTimeMillis < 0 || genesisTimeMillis > MAX_GENESIS_TIME_MILLIS) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "genesisTime",
                "the genesis time must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got "
                    + genesisTimeMillis + " ms");
        }
        if (totalSupply != network.totalSupply()) {
            throw new GenesisException(GenesisError.SUPPLY_MISMATCH, "totalSupply",
                "the " + network.label() + " total supply is " + tokens(network.totalSupply()) + " tokens ("
                    + network.totalSupply() + " units), the genesis declares " + tokensOrRaw(totalSupply)
                    + " tokens (" + totalSupply + " units)");
        }
        if (blockReward < 0) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "blockReward",
                "the block reward may not be negative, got " + blockReward + " units");
        }
        positive("targetBlockIntervalMillis", targetBlockIntervalMillis);
        positive("maxBlockBytes", maxBlockBytes);
        positive("maxBlockTransactions", maxBlockTransactions);
        positive("maxTransactionBytes", maxTransactionBytes);
        if (maxTransactionBytes > maxBlockBytes) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "maxTransactionBytes",
                "a transaction of " + maxTransactionBytes + " bytes could never fit a block of maxBlockBytes "
                    + maxBlockBytes);
        }
        this.chainId = chainId;
        this.network = network;
        this.genesisTimeMillis = genesisTimeMillis;
        this.totalSupply = totalSupply;
        this.blockReward = blockReward;
        this.targetBlockIntervalMillis = targetBlockIntervalMillis;
        this.maxBlockBytes = maxBlockBytes;
        this.maxBlockTransactions = maxBlockTransactions;
        this.maxTransactionBytes = maxTransactionBytes;
        this.validators = checkValidators(validators);
        this.allocations = checkAllocations(allocations);
        checkSupply();
        this.encoding = encode();
        this.hash = Hashing.hash(Hashing.Domain.GENESIS, encoding);
    }

    public static GenesisBuilder builder(final NetworkPreset network) {
        return new GenesisBuilder(network);
    }

    private static void positive(final String path, final long value) {
        if (value <= 0) {
            throw new GenesisException(GenesisError.INVALID_FIELD, path,
                path + " must be greater than zero, got " + value);
        }
    }

    private static List<GenesisValidator> checkValidators(final List<GenesisValidator> declared) {
        if (declared == null || declared.isEmpty()) {
            throw new GenesisException(GenesisError.NO_VALIDATORS, "validators",
                "a genesis needs at least one validator");
        }
        final Map<Address, Integer> byAddress = new HashMap<>();
        final Map<String, Integer> byNetworkAddress = new HashMap<>();
        final Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            final GenesisValidator v = declared.get(i);
            final String at = "validators[" + i + "]";
            if (v == null) {
                throw new GenesisException(GenesisError.MISSING_FIELD, at, "a validator entry is missing");
            }
            for (int j = 0; j < i; j++) {
                if (declared.get(j).samePublicKey(v)) {
                    throw new GenesisException(GenesisError.DUPLICATE_VALIDATOR, at + ".publicKey",
                        "the same " + v.scheme().label() + " public key as validators[" + j + "]");
                }
            }
            final Integer sameAddress = byAddress.putIfAbsent(v.address(), i);
            if (sameAddress != null) {
                throw new GenesisException(GenesisError.DUPLICATE_VALIDATOR, at + ".publicKey",
                    "derives the same address " + v.address() + " as validators[" + sameAddress + "]");
            }
            if (v.name().isPresent()) {
                final Integer sameName = byName.putIfAbsent(v.name().get(), i);
                if (sameName != null) {
                    throw new GenesisException(GenesisError.DUPLICATE_VALIDATOR, at + ".name",
                        "the name '" + v.name().get() + "' is already used by validators[" + sameName + "]");
                }
            }
            final Integer sameEndpoint = byNetworkAddress.putIfAbsent(v.normalizedNetworkAddress(), i);
            if (sameEndpoint != null) {
                throw new GenesisException(GenesisError.DUPLICATE_NETWORK_ADDRESS, at + ".networkAddress",
                    "'" + v.networkAddress() + "' is already the network address of validators[" + sameEndpoint + "]");
            }
        }
        return List.copyOf(declared);
    }

    private static List<Allocation> checkAllocations(final List<Allocation> declared) {
        if (declared == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "allocations",
                "a genesis needs an allocation list (it may be empty)");
        }
        final Map<Address, Integer> seen = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            final Allocation a = declared.get(i);
            if (a == null) {
                throw new GenesisException(GenesisError.MISSING_FIELD, "allocations[" + i + "]",
                    "an allocation entry is missing");
            }
            final Integer first = seen.putIfAbsent(a.address(), i);
            if (first != null) {
                throw new GenesisException(GenesisError.DUPLICATE_ALLOCATION, "allocations[" + i + "].address",
                    a.address() + " is already credited by allocations[" + first + "]");
            }
        }
        final List<Allocation> sorted = new ArrayList<>(declared);
        sorted.sort(Comparator.comparing(Allocation::address));
        return List.copyOf(sorted);
    }

    private void checkSupply() {
        long allocated = 0;
        long staked = 0;
        long sum;
        try {
            for (final Allocation a : allocations) {
                allocated = Amounts.add(allocated, a.balance());
            }
            for (final GenesisValidator v : validators) {
                staked = Amounts.add(staked, v.stake());
            }
            sum = Amounts.add(allocated, staked);
        } catch (final ValidationException overflow) {
            throw new GenesisException(GenesisError.SUPPLY_MISMATCH, "allocations",
                "allocations plus validator stakes exceed " + Long.MAX_VALUE + " units, far above the total supply of "
                    + tokens(totalSupply) + " tokens", overflow);
        }
        if (sum != totalSupply) {
            final String gap = sum < totalSupply
                ? tokens(totalSupply - sum) + " tokens are unallocated"
                : tokens(sum - totalSupply) + " tokens too many are allocated";
            throw new GenesisException(GenesisError.SUPPLY_MISMATCH, "allocations",
                "allocations (" + tokens(allocated) + " tokens) plus validator stakes (" + tokens(staked)
                    + " tokens) make " + tokens(sum) + " tokens (" + sum + " units), but totalSupply is "
                    + tokens(totalSupply) + " tokens (" + totalSupply + " units): " + gap);
        }
    }

    private static String tokens(final long units) {
        return Amounts.formatTokens(units);
    }

    private static String tokensOrRaw(final long units) {
        return units < 0 ? Long.toString(units) : Amounts.formatTokens(units);
    }

    private byte[] encode() {
        final byte[] label = network.label().getBytes(StandardCharsets.US_ASCII);
        int size = 1 + 8 + 2 + label.length + 8 + 8 + 8 + 8 + 4 + 4 + 4;
        size += 4 + allocations.size() * (Address.LENGTH + 8);
        size += 4;
        final byte[][] names = new byte[validators.size()][];
        final byte[][] endpoints = new byte[validators.size()][];
        for (int i = 0; i < validators.size(); i++) {
            final GenesisValidator v = validators.get(i);
            names[i] = v.name().map(n -> n.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
            endpoints[i] = v.networkAddress().getBytes(StandardCharsets.UTF_8);
            size += 2 + names[i].length + 1 + 2 + v.publicKey().length + 8 + 2 + endpoints[i].length;
        }
        final ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) FORMAT_VERSION);
        out.putLong(chainId);
        putBytes16(out, label);
        out.putLong(genesisTimeMillis);
        out.putLong(totalSupply);
        out.putLong(blockReward);
        out.putLong(targetBlockIntervalMillis);
        out.putInt(maxBlockBytes);
        out.putInt(maxBlockTransactions);
        out.putInt(maxTransactionBytes);
        out.putInt(allocations.size());
        for (final Allocation a : allocations) {
            out.put(a.address().toByteArray());
            out.putLong(a.balance());
        }
        out.putInt(validators.size());
        for (int i = 0; i < validators.size(); i++) {
            final GenesisValidator v = validators.get(i);
            putBytes16(out, names[i]);
            out.put((byte) v.scheme().code());
            putBytes16(out, v.publicKey());
            out.putLong(v.stake());
            putBytes16(out, endpoints[i]);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("genesis encoding size miscounted by " + out.remaining());
        }
        return out.array();
    }

    private static void putBytes16(final ByteBuffer out, final byte[] bytes) {
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    public int formatVersion() {
        return FORMAT_VERSION;
    }

    public long chainId() {
        return chainId;
    }

    public NetworkPreset network() {
        return network;
    }

    public long genesisTimeMillis() {
        return genesisTimeMillis;
    }

    public Instant genesisTime() {
        return Instant.ofEpochMilli(genesisTimeMillis);
    }

    /** In units. */
    public long totalSupply() {
        return totalSupply;
    }

    /** Units credited to the proposer of each block. */
    public long blockReward() {
        return blockReward;
    }

    public long targetBlockIntervalMillis() {
        return targetBlockIntervalMillis;
    }

    public int maxBlockBytes() {
        return maxBlockBytes;
    }

    public int maxBlockTransactions() {
        return maxBlockTransactions;
    }

    public int maxTransactionBytes() {
        return maxTransactionBytes;
    }

    /** Sorted by address (unsigned byte order); unmodifiable. */
    public List<Allocation> allocations() {
        return allocations;
    }

    /** In declared order, which is the proposer rotation order; unmodifiable. */
    public List<GenesisValidator> validators() {
        return validators;
    }

    /** Sum of all validator stakes, in units. */
    public long totalStake() {
        long s = 0;
        for (final GenesisValidator v : validators) {
            s += v.stake();
        }
        return s;
    }

    /** A copy of the canonical binary encoding that {@link #hash()} covers. */
    public byte[] canonicalEncoding() {
        return encoding.clone();
    }

    /** SHA-256("kairos/genesis/v1" 0x00 || canonical encoding). */
    public Hash hash() {
        return hash;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Genesis g && Arrays.equals(encoding, g.encoding);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Genesis{" + network.label() + ", chainId " + chainId + ", " + genesisTime() + ", "
            + validators.size() + " validators, " + allocations.size() + " allocations, hash " + hash + "}";
    }
}
