package io.kairos.engine.genesis;

import io.kairos.engine.core.Amounts;

import java.util.Locale;

/**
 * The networks Kairos knows, each with the parameters a new genesis starts from. A genesis may
 * change the chain id, interval, limits and reward of its preset, but never its total supply:
 * every Kairos network begins with {@link #totalSupply()} units.
 *
 * <table>
 *   <caption>Preset values</caption>
 *   <tr><th>preset</th><th>chain id</th><th>interval</th></tr>
 *   <tr><td>mainnet</td><td>7770</td><td>1000 ms</td></tr>
 *   <tr><td>devnet</td><td>7771</td><td>200 ms</td></tr>
 *   <tr><td>testnet</td><td>7772</td><td>1000 ms</td></tr>
 * </table>
 * All three: 4 MiB and 20,000 transactions per block, 128 KiB per transaction, reward 1 token,
 * supply 10^9 tokens.
 */
public enum NetworkPreset {
    DEVNET("devnet", 7771L, 200L),
    TESTNET("testnet", 7772L, 1_000L),
    MAINNET("mainnet", 7770L, 1_000L);

    /** 10^9 tokens, i.e. 10^18 units. */
    public static final long TOTAL_SUPPLY = Amounts.tokens(1_000_000_000L);
    public static final long BLOCK_REWARD = Amounts.tokens(1L);
    public static final int MAX_BLOCK_BYTES = 4 * 1024 * 1024;
    public static final int MAX_BLOCK_TRANSACTIONS = 20_000;
    public static final int MAX_TRANSACTION_BYTES = 128 * 1024;

    private final String label;
    private final long defaultChainId;
    private final long targetBlockIntervalMillis;

    NetworkPreset(final String label, final long defaultChainId, final long targetBlockIntervalMillis) {
        this.label = label;
        this.defaultChainId = defaultChainId;
        this.targetBlockIntervalMillis = targetBlockIntervalMillis;
    }

    /** The name used in genesis files and on the command line. */
    public String label() {
        return label;
    }

    public long defaultChainId() {
        return defaultChainId;
    }

    /** The supply every genesis of this network must declare and distribute, in units. */
    public long totalSupply() {
        return TOTAL_SUPPLY;
    }

    public long blockReward() {
        return BLOCK_REWARD;
    }

    public long targetBlockIntervalMillis() {
        return targetBlockIntervalMillis;
    }

    public int maxBlockBytes() {
        return MAX_BLOCK_BYTES;
    }

    public int maxBlockTransactions() {
        return MAX_BLOCK_TRANSACTIONS;
    }

    public int maxTransactionBytes() {
        return MAX_TRANSACTION_BYTES;
    }

    /** The preset with this label (case-insensitive), or {@code null}. */
    public static NetworkPreset fromLabelOrNull(final String label) {
        if (label == null) {
            return null;
        }
        final String l = label.trim().toLowerCase(Locale.ROOT);
        for (final NetworkPreset p : values()) {
            if (p.label.equals(l)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The preset with this label (case-insensitive).
     *
     * @throws GenesisException {@link GenesisError#INVALID_FIELD} at {@code network} for an unknown label
     */
    public static NetworkPreset fromLabel(final String label) {
        final NetworkPreset p = fromLabelOrNull(label);
        if (p == null) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "network",
                "unknown network '" + label + "' (known: devnet, testnet, mainnet)");
        }
        return p;
    }

    @Override
    public String toString() {
        return label;
    }
}
