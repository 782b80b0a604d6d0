package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link BatchVerifier} must do, run against each implementation by a subclass (the CPU
 * one here; an accelerator one in its own module): a batch gives exactly the per-item results of
 * verifying each signature alone, and a bad item never changes its neighbours' results.
 */
abstract class BatchVerifierContract {
    private static final SigningKey ED = Ed25519Scheme.INSTANCE.fromSeed(filled(32, 0x11));
    private static final SigningKey ED_OTHER = Ed25519Scheme.INSTANCE.fromSeed(filled(32, 0x12));
    private static final SigningKey ML = MlDsa44Scheme.INSTANCE.fromSeed(filled(32, 0x21));

    private BatchVerifier verifier;

    protected abstract BatchVerifier newVerifier();

    @BeforeEach
    void setUp() {
        verifier = newVerifier();
    }

    static byte[] filled(final int n, final int value) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** One signed message, laid out inside a larger array at odd offsets, as the ring slots hold them. */
    private record Item(SchemeId scheme, byte[] array, int pkOff, int msgOff, int msgLen, int sigOff) {
        static Item of(final SigningKey key, final String text) {
            final byte[] msg = text.getBytes(StandardCharsets.UTF_8);
            final byte[] pk = key.publicKey();
            final byte[] sig = key.sign(msg);
            final byte[] a = new byte[3 + pk.length + msg.length + sig.length + 5];
            System.arraycopy(pk, 0, a, 3, pk.length);
            System.arraycopy(msg, 0, a, 3 + pk.length, msg.length);
            System.arraycopy(sig, 0, a, 3 + pk.length + msg.length, sig.length);
            return new Item(key.scheme().id(), a, 3, 3 + pk.length, msg.length, 3 + pk.length + msg.length);
        }

        Item flipSignatureBit() {
            final byte[] a = array.clone();
            a[sigOff + 10] ^= 1;
            return new Item(scheme, a, pkOff, msgOff, msgLen, sigOff);
        }

        Item flipMessageBit() {
            final byte[] a = array.clone();
            a[msgOff] ^= (byte) 0x80;
            return new Item(scheme, a, pkOff, msgOff, msgLen, sigOff);
        }

        int addTo(final VerificationBatch batch) {
            return batch.add(scheme, array, pkOff, array, msgOff, msgLen, array, sigOff);
        }
    }

    @Test
    void aMixedBatchFailsOnlyItsBadItems() {
        final Item[] items = {
            Item.of(ED, "one"),
            Item.of(ED, "two").flipSignatureBit(),
            Item.of(ML, "three"),
            Item.of(ED_OTHER, "four").flipMessageBit(),
            Item.of(ML, "five").flipSignatureBit(),
            Item.of(ED_OTHER, "six"),
        };
        final boolean[] expected = {true, false, true, false, false, true};
        final VerificationBatch batch = new VerificationBatch(8);
        for (final Item item : items) {
            item.addTo(batch);
        }
        verifier.verify(batch);
        for (int i = 0; i < items.length; i++) {
            assertEquals(expected[i], batch.isValid(i), "item " + i);
        }
        assertEquals(3, batch.validCount());
    }

    @Test
    void resultsMatchVerifyingEachItemAlone() {
        final VerificationBatch batch = new VerificationBatch(16);
        final Item[] items = new Item[16];
        for (int i = 0; i < items.length; i++) {
            final Item good = Item.of(i % 5 == 0 ? ML : ED, "message " + i);
            items[i] = i % 3 == 1 ? good.flipSignatureBit() : good;
            items[i].addTo(batch);
        }
        verifier.verify(batch);
        for (int i = 0; i < items.length; i++) {
            final Item it = items[i];
            final SignatureScheme s = SignatureSchemes.of(it.scheme());
            final boolean alone = s.verify(
                Arrays.copyOfRange(it.array(), it.pkOff(), it.pkOff() + s.publicKeyLength()),
                it.array(), it.msgOff(), it.msgLen(),
                Arrays.copyOfRange(it.array(), it.sigOff(), it.sigOff() + s.signatureLength()));
            assertEquals(alone, batch.isValid(i), "item " + i);
            assertEquals(i % 3 != 1, batch.isValid(i), "item " + i);
        }
    }

    @Test
    void aReusedBatchStartsEveryItemInvalid() {
        final VerificationBatch batch = new VerificationBatch(2);
        Item.of(ED, "a").addTo(batch);
        verifier.verify(batch);
        assertTrue(batch.isValid(0));
        batch.clear();
        assertTrue(batch.isEmpty());
        Item.of(ED, "b").flipSignatureBit().addTo(batch);
        assertFalse(batch.isValid(0), "a fresh item is invalid until verified");
        verifier.verify(batch);
        assertFalse(batch.isValid(0));
    }

    @Test
    void anEmptyBatchIsFine() {
        final VerificationBatch batch = new VerificationBatch(4);
        verifier.verify(batch);
        assertEquals(0, batch.validCount());
    }

    @Test
    void slicesOutsideTheirArraysAreTypedErrors() {
        final VerificationBatch batch = new VerificationBatch(2);
        final byte[] a = new byte[100];
        final ValidationException pk = assertThrows(ValidationException.class,
            () -> batch.add(SchemeId.ED25519, a, 80, a, 0, 10, a, 0));
        assertEquals(ValidationError.WRONG_LENGTH, pk.error());
        final ValidationException msg = assertThrows(ValidationException.class,
            () -> batch.add(SchemeId.ED25519, a, 0, a, 95, 10, a, 0));
        assertEquals(ValidationError.WRONG_LENGTH, msg.error());
        final ValidationException sig = assertThrows(ValidationException.class,
            () -> batch.add(SchemeId.ML_DSA_44, new byte[1312], 0, a, 0, 1, a, 0));
        assertEquals(ValidationError.WRONG_LENGTH, sig.error());
        assertEquals(ValidationError.INVALID_VALUE,
            assertThrows(ValidationException.class, () -> batch.add(null, a, 0, a, 0, 1, a, 0)).error());
        assertTrue(batch.isEmpty(), "a refused item is not added");
    }

    @Test
    void aFullBatchRefusesMoreAndIndexesAreChecked() {
        final VerificationBatch batch = new VerificationBatch(1);
        Item.of(ED, "x").addTo(batch);
        assertTrue(batch.isFull());
        assertEquals(ValidationError.OVERSIZED,
            assertThrows(ValidationException.class, () -> Item.of(ED, "y").addTo(batch)).error());
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> batch.isValid(1)).error());
        assertEquals(ValidationError.INVALID_VALUE,
            assertThrows(ValidationException.class, () -> new VerificationBatch(0)).error());
    }

    @Test
    void garbageKeyAndSignatureFailOnlyTheirOwnItem() {
        // A garbage key of the right length is simply an invalid signature, not an error.
        final VerificationBatch batch = new VerificationBatch(2);
        final Item good = Item.of(ED, "neighbour");
        final byte[] junk = filled(200, 0xFF);
        batch.add(SchemeId.ED25519, junk, 0, junk, 0, 50, junk, 100);
        good.addTo(batch);
        verifier.verify(batch);
        assertFalse(batch.isValid(0));
        assertTrue(batch.isValid(1));
    }
}
