package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class TransactionCodecPropertyTest {

    @Provide
    Arbitrary<Transaction> transactions() {
        return LedgerArbitraries.transactions();
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return LedgerArbitraries.mutationsOf(LedgerArbitraries.transactions().map(Transaction::encode));
    }

    @Provide
    Arbitrary<byte[]> noise() {
        // A leading 1 (the version) gets random bytes past the first check now and then.
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
            .map(b -> {
                if (b.length > 0 && (b[b.length - 1] & 1) == 0) {
                    b[0] = 1;
                }
                return b;
            });
    }

    @Property(tries = 300)
    void decodeInvertsEncode(@ForAll("transactions") final Transaction tx) {
        final byte[] encoded = tx.encode();
        assertEquals(tx.encodedLength(), encoded.length);
        final Transaction back = Transaction.decode(encoded);
        assertEquals(tx, back);
        assertEquals(tx.hashCode(), back.hashCode());
        assertArrayEquals(encoded, back.encode());
        assertEquals(tx.hash(), back.hash());
    }

    @Property(tries = 300)
    void viewReadsWhatTheValueHolds(@ForAll("transactions") final Transaction tx) {
        final byte[] encoded = tx.encode();
        // An offset inside a larger buffer catches accessors that forget the wrap offset.
        final byte[] framed = new byte[encoded.length + 13];
        System.arraycopy(encoded, 0, framed, 7, encoded.length);
        final TransactionView view = new TransactionView();
        assertNull(view.wrap(new UnsafeBuffer(framed), 7, encoded.length));
        assertEquals(tx.type(), view.type());
        assertEquals(tx.scheme(), view.scheme());
        assertEquals(tx.chainId(), view.chainId());
        assertEquals(tx.nonce(), view.nonce());
        assertEquals(tx.fee(), view.fee());
        assertEquals(tx.amount(), view.amount());
        assertEquals(tx.recipient(), view.recipient());
        final UnsafeBuffer recipient = new UnsafeBuffer(new byte[Address.LENGTH]);
        view.copyRecipient(recipient, 0);
        assertEquals(tx.recipient(), Address.read(recipient, 0));
        assertArrayEquals(tx.publicKey(), slice(framed, view.publicKeyOffset(), view.publicKeyLength()));
        assertArrayEquals(tx.payload(), slice(framed, view.payloadOffset(), view.payloadLength()));
        assertArrayEquals(tx.signature(), slice(framed, view.signatureOffset(), view.signatureLength()));
        final byte[] signing = new byte[view.signingBytesLength()];
        assertEquals(signing.length, view.copySigningBytes(signing, 0));
        assertArrayEquals(tx.signingBytes(), signing);
        assertEquals(tx.hash(), view.hash());
    }

    @Property(tries = 500)
    void damagedEncodingsAreRefusedOrCanonical(@ForAll("damaged") final byte[] bytes) {
        assertRefusedOrCanonical(bytes);
    }

    @Property(tries = 300)
    void randomBytesAreRefusedOrCanonical(@ForAll("noise") final byte[] bytes) {
        assertRefusedOrCanonical(bytes);
    }

    private static void assertRefusedOrCanonical(final byte[] bytes) {
        final TransactionView view = new TransactionView();
        final var error = view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        final Transaction decoded;
        try {
            decoded = Transaction.decode(bytes);
        } catch (final ValidationException e) {
            assertEquals(error, e.error(), "the view and the value decoder must agree");
            assertNotNull(e.getMessage());
            Statistics.collect(e.error());
            return;
        }
        Statistics.collect("ACCEPTED");
        assertNull(error, "the view refused what the value decoder accepted");
        assertArrayEquals(bytes, decoded.encode(), "accepted bytes must be the canonical encoding");
    }

    private static byte[] slice(final byte[] b, final int offset, final int length) {
        final byte[] out = new byte[length];
        System.arraycopy(b, offset, out, 0, length);
        return out;
    }
}
