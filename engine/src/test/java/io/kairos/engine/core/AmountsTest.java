package io.kairos.engine.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmountsTest {
    @Test
    void genesisSupplyFitsWithHeadroom() {
        final long supply = Amounts.tokens(1_000_000_000L);
        assertEquals(1_000_000_000_000_000_000L, supply);
        assertTrue(Long.MAX_VALUE / supply >= 9, "room for nine times the supply in rewards");
    }

    @Test
    void additionOverflowIsTyped() {
        final ValidationException e = assertThrows(ValidationException.class,
            () -> Amounts.add(Long.MAX_VALUE, 1));
        assertEquals(ValidationError.AMOUNT_OVERFLOW, e.error());
    }

    @Test
    void multiplicationOverflowIsTyped() {
        assertEquals(ValidationError.AMOUNT_OVERFLOW,
            assertThrows(ValidationException.class, () -> Amounts.tokens(10_000_000_000L)).error());
        assertEquals(ValidationError.AMOUNT_OVERFLOW,
            assertThrows(ValidationException.class, () -> Amounts.multiply(1L << 32, 1L << 31)).error());
    }

    @Test
    void negativeInputsAndResultsAreRefused() {
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.add(-1, 1)).error());
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.subtract(1, 2)).error());
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.check(-5, "fee")).error());
    }

    @Test
    void parsesAndFormatsTokenText() {
        assertEquals(1_500_000_000L, Amounts.parseTokens("1.5"));
        assertEquals(1L, Amounts.parseTokens("0.000000001"));
        assertEquals(Amounts.tokens(1_000_000_000L), Amounts.parseTokens("1000000000"));
        assertEquals("1.5", Amounts.formatTokens(1_500_000_000L));
        assertEquals("1000000000", Amounts.formatTokens(Amounts.tokens(1_000_000_000L)));
        assertEquals("0", Amounts.formatTokens(0));
        assertEquals("0.000000001", Amounts.formatTokens(1));
    }

    @Test
    void refusesBadTokenText() {
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.parseTokens("0.0000000001")).error());
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.parseTokens("-1")).error());
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.parseTokens("1e")).error());
        assertEquals(ValidationError.AMOUNT_OVERFLOW,
            assertThrows(ValidationException.class, () -> Amounts.parseTokens("10000000000")).error());
    }

    @Test
    void weiScalingIsExactAndRefusesSubUnitPrecision() {
        assertEquals(new BigInteger("1000000000000000000"), Amounts.toWei(Amounts.tokens(1)));
        assertEquals(Amounts.tokens(1), Amounts.fromWei(new BigInteger("1000000000000000000")));
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> Amounts.fromWei(BigInteger.ONE)).error());
        assertEquals(ValidationError.AMOUNT_OVERFLOW, assertThrows(ValidationException.class,
            () -> Amounts.fromWei(BigInteger.TWO.pow(63).multiply(BigInteger.valueOf(Amounts.WEI_PER_UNIT)))).error());
    }

    @Property(tries = 500)
    void formatThenParseIsIdentity(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long units) {
        assertEquals(units, Amounts.parseTokens(Amounts.formatTokens(units)));
        assertEquals(units, Amounts.fromWei(Amounts.toWei(units)));
    }

    @Property(tries = 500)
    void checkedAdditionMatchesExactArithmetic(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long a,
                                               @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long b) {
        final BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        if (exact.bitLength() < 64) {
            assertEquals(exact.longValueExact(), Amounts.add(a, b));
        } else {
            assertEquals(ValidationError.AMOUNT_OVERFLOW,
                assertThrows(ValidationException.class, () -> Amounts.add(a, b)).error());
        }
    }

    @Property(tries = 500)
    void checkedMultiplicationMatchesExactArithmetic(
        @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long a,
        @ForAll @LongRange(min = 0, max = 1L << 40) final long b) {
        final BigInteger exact = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        if (exact.bitLength() < 64) {
            assertEquals(exact.longValueExact(), Amounts.multiply(a, b));
        } else {
            assertEquals(ValidationError.AMOUNT_OVERFLOW,
                assertThrows(ValidationException.class, () -> Amounts.multiply(a, b)).error());
        }
    }
}
