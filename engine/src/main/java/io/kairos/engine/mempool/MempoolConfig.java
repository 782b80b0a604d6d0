package io.kairos.engine.mempool;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.CodecLimits;

/**
 * Limits and policy of a {@link Mempool}. Immutable and thread-safe; see {@code docs/mempool.md}
 * for what each setting does.
 *
 * @param maxBytes           cap on the summed encoded size of pooled transactions
 * @param maxCount           cap on the number of pooled transactions
 * @param maxTxBytes         largest encoded transaction the pool accepts ({@link RejectReason#OVERSIZED})
 * @param maxFutureGap       a nonce at or beyond the sender's next expected nonce plus this is refused
 *                           ({@link RejectReason#NONCE_GAP_TOO_LARGE}); so a sender holds fewer than
 *                           this many future transactions
 * @param minFee             smallest fee accepted ({@link RejectReason#FEE_TOO_LOW})
 * @param replaceBumpPercent how much higher, in percent, a replacement's fee must be
 * @param lifetimeMillis     how long a transaction may wait in the pool before it expires
 * @param hashSeed           secret mixed into every index hash so that nobody can aim transactions
 *                           at one bucket; give each node its own random value
 */
public record MempoolConfig(long maxBytes, int maxCount, int maxTxBytes, int maxFutureGap, long minFee,
                            int replaceBumpPercent, long lifetimeMillis, long hashSeed) {
    /** 300 MiB, 1,000,000 transactions, 128 KiB per transaction, gap 64, minimum fee 1, 10%, 3 hours. */
    public static final MempoolConfig DEFAULT = new MempoolConfig(300L * 1024 * 1024, 1_000_000,
        CodecLimits.DEFAULT.maxTransactionBytes(), 64, 1, 10, 3L * 60 * 60 * 1000, 0x2545F4914F6CDD1DL);

    /** Upper bound of {@link #replaceBumpPercent}, which keeps {@code 100 + bump} far from overflow. */
    public static final int MAX_BUMP_PERCENT = 1_000_000;

    public MempoolConfig {
        atLeast("maxBytes", maxBytes, 1);
        atLeast("maxCount", maxCount, 1);
        atLeast("maxTxBytes", maxTxBytes, 1);
        atLeast("maxFutureGap", maxFutureGap, 1);
        atLeast("minFee", minFee, 0);
        atLeast("replaceBumpPercent", replaceBumpPercent, 0);
        if (replaceBumpPercent > MAX_BUMP_PERCENT) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "replaceBumpPercent must be at most " + MAX_BUMP_PERCENT + ", got " + replaceBumpPercent);
        }
        atLeast("lifetimeMillis", lifetimeMillis, 1);
    }

    private static void atLeast(final String name, final long value, final long min) {
        if (value < min) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                name + " must be at least " + min + ", got " + value);
        }
    }

    public MempoolConfig withMaxBytes(final long value) {
        return new MempoolConfig(value, maxCount, maxTxBytes, maxFutureGap, minFee, replaceBumpPercent,
            lifetimeMillis, hashSeed);
    }

    public MempoolConfig withMaxCount(final int value) {
        return new MempoolConfig(maxBytes, value, maxTxBytes, maxFutureGap, minFee, replaceBumpPercent,
            lifetimeMillis, hashSeed);
    }

    public MempoolConfig withMaxTxBytes(final int value) {
        return new MempoolConfig(maxBytes, maxCount, value, maxFutureGap, minFee, replaceBumpPercent,
            lifetimeMillis, hashSeed);
    }

    public MempoolConfig withMaxFutureGap(final int value) {
        return new MempoolConfig(maxBytes, maxCount, maxTxBytes, value, minFee, replaceBumpPercent,
            lifetimeMillis, hashSeed);
    }

    public MempoolConfig withMinFee(final long value) {
        return new MempoolConfig(maxBytes, maxCount, maxTxBytes, maxFutureGap, value, replaceBumpPercent,
            lifetimeMillis, hashSeed);
    }

    public MempoolConfig withReplaceBumpPercent(final int value) {
        return new MempoolConfig(maxBytes, maxCount, maxTxBytes, maxFutureGap, minFee, value,
            lifetimeMillis, hashSeed);
    }

    public MempoolConfig withLifetimeMillis(final long value) {
        return new MempoolConfig(maxBytes, maxCount, maxTxBytes, maxFutureGap, minFee, replaceBumpPercent,
            value, hashSeed);
    }

    public MempoolConfig withHashSeed(final long value) {
        return new MempoolConfig(maxBytes, maxCount, maxTxBytes, maxFutureGap, minFee, replaceBumpPercent,
            lifetimeMillis, value);
    }
}
