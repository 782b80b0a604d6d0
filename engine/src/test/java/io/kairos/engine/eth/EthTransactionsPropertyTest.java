package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.CodecLimits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class EthTransactionsPropertyTest {
    private static final BigInteger KEY = BigInteger.valueOf(0x5EED);

    @Provide
    Arbitrary<EthTransactionRequest> requests() {
        final Arbitrary<Long> chain = Arbitraries.longs().between(1, Long.MAX_VALUE / 4);
        final Arbitrary<Long> nonce = Arbitraries.longs().between(0, Long.MAX_VALUE);
        final Arbitrary<BigInteger> price = Arbitraries.bigIntegers().between(BigInteger.ZERO,
            BigInteger.valueOf(1_000_000_000_000L));
        final Arbitrary<Long> gas = Arbitraries.longs().between(21_000, 10_000_000);
        final Arbitrary<Address> to = Arbitraries.bytes().array(byte[].class).ofSize(Address.LENGTH).map(Address::of);
        final Arbitrary<BigInteger> value = Arbitraries.longs().between(0, Long.MAX_VALUE)
            .map(u -> BigInteger.valueOf(u).multiply(BigInteger.valueOf(1_000_000_000L)));
        return Combinators.combine(Arbitraries.of(0, 2), chain, nonce, price, gas, to, value)
            .as((type, c, n, p, g, t, v) -> type == 0
                ? EthTransactionRequest.legacy(c, n, p, g, t, v)
                : EthTransactionRequest.eip1559(c, n, p, p, g, t, v));
    }

    @Property(tries = 60)
    void signedTransfersDecodeToTheirFields(@ForAll("requests") final EthTransactionRequest u) {
        final byte[] raw = EthTransactions.sign(u, KEY);
        final EthTransaction tx = EthTransactions.decode(raw, u.chainId(), CodecLimits.DEFAULT);
        assertEquals(u.nonce(), tx.nonce());
        assertEquals(u.to(), tx.to());
        assertEquals(u.value(), tx.value());
        assertEquals(u.gasLimit(), tx.gasLimit());
        assertEquals(u.chainId(), tx.chainId());
        assertArrayEquals(raw, tx.raw());
        assertEquals(tx.hash(), tx.toKairos().hash());
        assertEquals(tx.sender(), tx.toKairos().sender());
    }

    @Property(tries = 300)
    void mutatedTransactionsDecodeOrGiveATypedError(@ForAll("requests") final EthTransactionRequest u,
                                                     @ForAll final int position, @ForAll final byte b) {
        final byte[] raw = EthTransactions.sign(u, KEY);
        raw[Math.floorMod(position, raw.length)] = b;
        try {
            assertNotNull(EthTransactions.decode(raw, u.chainId(), CodecLimits.DEFAULT).sender());
        } catch (final ValidationException expected) {
            assertNotNull(expected.error());
        }
    }

    @Property(tries = 300)
    void arbitraryBytesGiveOnlyTypedErrors(@ForAll @Size(max = 200) final byte[] tail,
                                           @ForAll @IntRange(min = 0, max = 255) final int first) {
        final byte[] raw = new byte[tail.length + 1];
        raw[0] = (byte) first;
        System.arraycopy(tail, 0, raw, 1, tail.length);
        try {
            EthTransactions.decode(raw, 1, CodecLimits.DEFAULT);
        } catch (final ValidationException expected) {
            assertNotNull(expected.error());
        }
    }
}
