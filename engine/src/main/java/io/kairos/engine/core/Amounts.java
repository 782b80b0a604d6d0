package io.kairos.engine.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Token amounts as primitive {@code long} counts of units, one unit being 10^-9 token. The whole
 * genesis supply of 10^9 tokens is 10^18 units, under {@link Long#MAX_VALUE} (about 9.2 * 10^18) with
 * headroom for block rewards. Every arithmetic step here is overflow-checked and refuses negative
 * amounts; amounts stay primitive so the hot path allocates nothing.
 *
 * <p>The JSON-RPC layer shows amounts as 18-decimal wei: {@code wei = units * 10^9}.
 */
public final class Amounts {
    /** Decimal places of one unit. */
    public static final int DECIMALS = 9;
    /** Units in one token. */
    public static final long UNITS_PER_TOKEN = 1_000_000_000L;
    /** Wei (10^-18 token) in one unit. */
    public static final long WEI_PER_UNIT = 1_000_000_000L;
    private static final BigInteger WEI_PER_UNIT_BIG = BigInteger.valueOf(WEI_PER_UNIT);

    private Amounts() {
    }

    /** Returns {@code amount} if it is a valid amount (non-negative), else throws. */
    public static long check(final long amount, final String what) {
        if (amount < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT, what + " is negative: " + amount);
        }
        return amount;
    }

    public static long add(final long a, final long b) {
        check(a, "amount");
        check(b, "amount");
        final long r = a + b;
        if (r < 0) {
            throw new ValidationException(ValidationError.AMOUNT_OVERFLOW, a + " + " + b + " overflows");
        }
        return r;
    }

    /** {@code a - b}; refuses a negative result. */
    public static long subtract(final long a, final long b) {
        check(a, "amount");
        check(b, "amount");
        if (b > a) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT, a + " - " + b + " is negative");
        }
        return a - b;
    }

    public static long multiply(final long a, final long b) {
        check(a, "amount");
        check(b, "factor");
        final long hi = Math.multiplyHigh(a, b);
        final long lo = a * b;
        if (hi != 0 || lo < 0) {
            throw new ValidationException(ValidationError.AMOUNT_OVERFLOW, a + " * " + b + " overflows");
        }
        return lo;
    }

    /** Whole tokens to units. */
    public static long tokens(final long tokens) {
        return multiply(tokens, UNITS_PER_TOKEN);
    }

    /**
     * Parses a decimal token amount ("1", "0.5", "1000000000") into units.
     *
     * @throws ValidationException if it is not a number, is negative, has more than 9 decimals or overflows
     */
    public static long parseTokens(final String text) {
        final BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (final NumberFormatException | NullPointerException e) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT, "not a decimal amount: " + text);
        }
        if (value.signum() < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT, "amount is negative: " + text);
        }
        final BigDecimal units = value.movePointRight(DECIMALS);
        if (units.stripTrailingZeros().scale() > 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT,
                "amount has more than " + DECIMALS + " decimals: " + text);
        }
        try {
            return units.longValueExact();
        } catch (final ArithmeticException e) {
            throw new ValidationException(ValidationError.AMOUNT_OVERFLOW, "amount too large: " + text);
        }
    }

    /** Units as a plain decimal token string without trailing zeros, e.g. 1500000000 -> "1.5". */
    public static String formatTokens(final long units) {
        check(units, "amount");
        final BigDecimal d = BigDecimal.valueOf(units, DECIMALS).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** Units to 18-decimal wei, as the Ethereum-compatible API shows them. */
    public static BigInteger toWei(final long units) {
        return BigInteger.valueOf(check(units, "amount")).multiply(WEI_PER_UNIT_BIG);
    }

    /**
     * Wei to units; refuses wei that is not a whole number of units (sub-unit precision would be
     * silently lost otherwise) or that does not fit.
     */
    public static long fromWei(final BigInteger wei) {
        if (wei.signum() < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT, "wei amount is negative: " + wei);
        }
        final BigInteger[] qr = wei.divideAndRemainder(WEI_PER_UNIT_BIG);
        if (qr[1].signum() != 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT,
                "wei amount " + wei + " is not a multiple of " + WEI_PER_UNIT + " (one ledger unit)");
        }
        if (qr[0].bitLength() > 63) {
            throw new ValidationException(ValidationError.AMOUNT_OVERFLOW, "wei amount too large: " + wei);
        }
        return qr[0].longValue();
    }
}
