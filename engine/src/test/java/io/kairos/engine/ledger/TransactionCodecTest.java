package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionCodecTest {
    private static final Address TO = Address.of(filled(Address.LENGTH, 0x11));

    static byte[] filled(final int n, final int value) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The worked example of docs/encoding.md. */
    static Transaction example() {
        final byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i + 1);
        }
        final SigningKey key = Ed25519Scheme.INSTANCE.fromSeed(seed);
        return Transaction.transfer().chainId(7).nonce(3).fee(1_000).recipient(TO).amount(5_000_000_000L)
            .payload("hi".getBytes(StandardCharsets.US_ASCII)).sign(key);
    }

    private static byte[] valid() {
        return Transaction.transfer().chainId(7).nonce(1).fee(2).recipient(TO).amount(3)
            .payload(new byte[] {9, 9, 9})
            .withSignature(SchemeId.ED25519, filled(32, 0x22), filled(64, 0x33)).encode();
    }

    private static ValidationError refusal(final byte[] bytes) {
        return refusal(bytes, CodecLimits.DEFAULT);
    }

    /** Decodes through both the view and the value decoder, which must agree, and returns the error. */
    private static ValidationError refusal(final byte[] bytes, final CodecLimits limits) {
        final TransactionView view = new TransactionView(limits);
        final ValidationError viaView = view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        final ValidationException e = assertThrows(ValidationException.class, () -> Transaction.decode(bytes, limits));
        assertEquals(e.error(), viaView);
        assertTrue(e.getMessage().startsWith(viaView.name() + ": "), e.getMessage());
        assertEquals(view.errorMessage(), e.getMessage().substring(viaView.name().length() + 2));
        return viaView;
    }

    private static void putLong(final byte[] b, final int offset, final long v) {
        new UnsafeBuffer(b).putLong(offset, v, ByteOrder.LITTLE_ENDIAN);
    }

    private static void putInt(final byte[] b, final int offset, final int v) {
        new UnsafeBuffer(b).putInt(offset, v, ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void workedExampleHasAFixedEncoding() {
        final Transaction tx = example();
        assertEquals(EXAMPLE_HEX, Hex.encode(tx.encode()));
        assertEquals(EXAMPLE_HASH, tx.hash().toHex());
        assertTrue(tx.verifySignature());
    }

    @Test
    void layoutIsLittleEndianAtTheDocumentedOffsets() {
        final byte[] b = valid();
        assertEquals(60 + 32 + 3 + 64, b.length);
        assertEquals(1, b[0]);
        assertEquals(TxType.TRANSFER.code(), b[1]);
        assertEquals(SchemeId.ED25519.code(), b[2]);
        assertEquals(0, b[3]);
        assertEquals(7, b[4]);
        assertEquals(1, b[12]);
        assertEquals(2, b[20]);
        assertEquals(0x11, b[28]);
        assertEquals(3, b[48]);
        assertEquals(3, b[56]);
        assertEquals(0x22, b[60]);
        assertEquals(9, b[92]);
        assertEquals(0x33, b[95]);
    }

    @Test
    void emptyInputIsTruncated() {
        assertEquals(ValidationError.TRUNCATED, refusal(new byte[0]));
    }

    @Test
    void cutInsideTheFixedPartIsTruncated() {
        assertEquals(ValidationError.TRUNCATED, refusal(Arrays.copyOf(valid(), 59)));
    }

    @Test
    void missingSignatureBytesAreTruncated() {
        final byte[] b = valid();
        assertEquals(ValidationError.TRUNCATED, refusal(Arrays.copyOf(b, b.length - 1)));
    }

    @Test
    void payloadLengthBeyondTheInputIsTruncated() {
        final byte[] b = valid();
        putInt(b, TransactionLayout.PAYLOAD_LENGTH_OFFSET, 4);
        assertEquals(ValidationError.TRUNCATED, refusal(b));
    }

    @Test
    void extraByteIsTrailing() {
        final byte[] b = valid();
        assertEquals(ValidationError.TRAILING_BYTES, refusal(Arrays.copyOf(b, b.length + 1)));
    }

    @Test
    void otherVersionsAreUnknown() {
        for (final int version : new int[] {0, 2, 255}) {
            final byte[] b = valid();
            b[0] = (byte) version;
            assertEquals(ValidationError.UNKNOWN_VERSION, refusal(b));
        }
        assertEquals(ValidationError.UNKNOWN_VERSION, refusal(new byte[] {2}));
    }

    @Test
    void unassignedTypeCodeIsUnknown() {
        final byte[] b = valid();
        b[1] = 0;
        assertEquals(ValidationError.UNKNOWN_TYPE, refusal(b));
        b[1] = 99;
        assertEquals(ValidationError.UNKNOWN_TYPE, refusal(b));
    }

    @Test
    void reservedTypesAreRefusedUntilEnabled() {
        for (final TxType t : TxType.values()) {
            if (!t.enabled()) {
                final byte[] b = valid();
                b[1] = (byte) t.code();
                assertEquals(ValidationError.UNKNOWN_TYPE, refusal(b));
                final ValidationException e = assertThrows(ValidationException.class, () -> Transaction.builder(t)
                    .withSignature(SchemeId.ED25519, new byte[32], new byte[64]));
                assertEquals(ValidationError.UNKNOWN_TYPE, e.error());
                assertTrue(e.getMessage().contains("reserved"), e.getMessage());
            }
        }
    }

    @Test
    void unknownSchemeTagIsRefused() {
        final byte[] b = valid();
        b[2] = 0;
        assertEquals(ValidationError.UNKNOWN_SCHEME, refusal(b));
        b[2] = 7;
        assertEquals(ValidationError.UNKNOWN_SCHEME, refusal(b));
    }

    @Test
    void nonZeroFlagsAreRefused() {
        final byte[] b = valid();
        b[3] = (byte) 0x80;
        assertEquals(ValidationError.RESERVED_NOT_ZERO, refusal(b));
    }

    @Test
    void negativeNonceIsInvalid() {
        final byte[] b = valid();
        putLong(b, TransactionLayout.NONCE_OFFSET, -1);
        assertEquals(ValidationError.INVALID_VALUE, refusal(b));
    }

    @Test
    void negativeFeeAndAmountAreInvalidAmounts() {
        final byte[] fee = valid();
        putLong(fee, TransactionLayout.FEE_OFFSET, Long.MIN_VALUE);
        assertEquals(ValidationError.INVALID_AMOUNT, refusal(fee));
        final byte[] amount = valid();
        putLong(amount, TransactionLayout.AMOUNT_OFFSET, -5);
        assertEquals(ValidationError.INVALID_AMOUNT, refusal(amount));
    }

    @Test
    void payloadOverTheLimitIsOversized() {
        final CodecLimits tight = new CodecLimits(2, CodecLimits.DEFAULT.maxTransactionBytes(), 10, 1 << 20);
        assertEquals(ValidationError.OVERSIZED, refusal(valid(), tight));
        final byte[] huge = valid();
        putInt(huge, TransactionLayout.PAYLOAD_LENGTH_OFFSET, -1);
        assertEquals(ValidationError.OVERSIZED, refusal(huge));
    }

    @Test
    void transactionOverTheLimitIsOversized() {
        final int limit = TransactionLayout.largestFixedLength();
        final CodecLimits tight = new CodecLimits(1 << 16, limit, 10, 1 << 20);
        final byte[] big = Transaction.transfer().payload(new byte[limit])
            .withSignature(SchemeId.ED25519, new byte[32], new byte[64]).encode();
        assertEquals(ValidationError.OVERSIZED, refusal(big, tight));
        // The announced total is checked before the input length, so a short input cannot hide it.
        assertEquals(ValidationError.OVERSIZED, refusal(Arrays.copyOf(big, 100), tight));
    }

    @Test
    void regionOutsideTheBufferIsAWrongLength() {
        final TransactionView view = new TransactionView();
        final UnsafeBuffer buffer = new UnsafeBuffer(valid());
        assertEquals(ValidationError.WRONG_LENGTH, view.wrap(buffer, 1, buffer.capacity()));
        assertEquals(ValidationError.WRONG_LENGTH, view.wrap(buffer, -1, 10));
        assertEquals(ValidationError.WRONG_LENGTH, view.wrap(buffer, 0, -1));
        final ValidationException e = assertThrows(ValidationException.class,
            () -> view.wrapOrThrow(buffer, 5, buffer.capacity()));
        assertEquals(ValidationError.WRONG_LENGTH, e.error());
    }

    @Test
    void accessorsRefuseToReadAFailedWrap() {
        final TransactionView view = new TransactionView();
        assertEquals(ValidationError.TRUNCATED, view.wrap(new UnsafeBuffer(new byte[] {1}), 0, 1));
        assertThrows(IllegalStateException.class, view::nonce);
    }

    @Test
    void builderRefusesWhatADecoderWouldRefuse() {
        assertError(ValidationError.WRONG_LENGTH,
            () -> Transaction.transfer().withSignature(SchemeId.ED25519, new byte[31], new byte[64]));
        assertError(ValidationError.WRONG_LENGTH,
            () -> Transaction.transfer().withSignature(SchemeId.ML_DSA_44, new byte[1312], new byte[64]));
        assertError(ValidationError.INVALID_VALUE,
            () -> Transaction.transfer().nonce(-1).withSignature(SchemeId.ED25519, new byte[32], new byte[64]));
        assertError(ValidationError.INVALID_AMOUNT,
            () -> Transaction.transfer().fee(-1).withSignature(SchemeId.ED25519, new byte[32], new byte[64]));
        assertError(ValidationError.INVALID_AMOUNT,
            () -> Transaction.transfer().amount(-1).withSignature(SchemeId.ED25519, new byte[32], new byte[64]));
    }

    @Test
    void encoderRefusesBadValuesAndShortBuffers() {
        final TransactionEncoder enc = new TransactionEncoder();
        assertError(ValidationError.WRONG_LENGTH, () -> enc.wrap(new UnsafeBuffer(new byte[59]), 0));
        enc.wrap(new UnsafeBuffer(new byte[100]), 0).scheme(SchemeId.ED25519);
        assertError(ValidationError.INVALID_AMOUNT, () -> enc.amount(-1));
        assertError(ValidationError.INVALID_AMOUNT, () -> enc.fee(-1));
        assertError(ValidationError.INVALID_VALUE, () -> enc.nonce(-1));
        assertError(ValidationError.UNKNOWN_TYPE, () -> enc.type(TxType.STAKE));
        assertError(ValidationError.WRONG_LENGTH, () -> enc.publicKey(new byte[33]));
        enc.publicKey(new byte[32]);
        assertError(ValidationError.WRONG_LENGTH, () -> enc.signature(new byte[64]));
    }

    @Test
    void encoderRefusesStepsOutOfOrder() {
        final TransactionEncoder enc = new TransactionEncoder().wrap(new ExpandableArrayBuffer(), 0);
        assertThrows(IllegalStateException.class, () -> enc.publicKey(new byte[32]));
        enc.type(TxType.TRANSFER).scheme(SchemeId.ED25519);
        assertThrows(IllegalStateException.class, () -> enc.signature(new byte[64]));
        enc.publicKey(new byte[32]).signature(new byte[64]);
        assertThrows(IllegalStateException.class, () -> enc.payload(new byte[1]));
        assertThrows(IllegalStateException.class, () -> enc.scheme(SchemeId.ML_DSA_44));
        assertEquals(156, enc.encodedLength());
        assertThrows(IllegalStateException.class,
            () -> new TransactionEncoder().wrap(new ExpandableArrayBuffer(), 0).encodedLength());
    }

    @Test
    void encoderWritesAtAnOffsetAndMatchesTheValue() {
        final Transaction tx = example();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = new TransactionEncoder().wrap(buffer, 40)
            .amount(tx.amount()).fee(tx.fee()).nonce(tx.nonce()).chainId(tx.chainId()).recipient(tx.recipient())
            .type(tx.type()).scheme(tx.scheme())
            .publicKey(new UnsafeBuffer(tx.publicKey()), 0)
            .payload(new UnsafeBuffer(tx.payload()), 0, tx.payload().length)
            .signature(new UnsafeBuffer(tx.signature()), 0)
            .encodedLength();
        final byte[] out = new byte[length];
        buffer.getBytes(40, out);
        assertArrayEquals(tx.encode(), out);
    }

    @Test
    void limitsRefuseNonsense() {
        assertError(ValidationError.INVALID_VALUE, () -> new CodecLimits(-1, 1 << 17, 1, 1 << 20));
        assertError(ValidationError.INVALID_VALUE, () -> new CodecLimits(0, 1000, 1, 1 << 20));
        assertError(ValidationError.INVALID_VALUE, () -> new CodecLimits(0, 1 << 17, -1, 1 << 20));
        assertError(ValidationError.INVALID_VALUE, () -> new CodecLimits(0, 1 << 17, 1, 151));
    }

    @Test
    void defaultLimitsAdmitTheLargestPayload() {
        final Transaction tx = Transaction.transfer().payload(new byte[CodecLimits.DEFAULT.maxPayloadBytes()])
            .withSignature(SchemeId.ML_DSA_44, new byte[1312], new byte[2420]);
        assertEquals(tx, Transaction.decode(tx.encode()));
    }

    static void assertError(final ValidationError expected, final Executable action) {
        final ValidationException e = assertThrows(ValidationException.class, action);
        assertEquals(expected, e.error(), e.getMessage());
    }

    @Test
    void successfulWrapClearsThePreviousError() {
        final TransactionView view = new TransactionView();
        view.wrap(new UnsafeBuffer(new byte[0]), 0, 0);
        final byte[] b = valid();
        assertNull(view.wrap(new UnsafeBuffer(b), 0, b.length));
        assertNull(view.error());
        assertTrue(view.isValid());
    }

    static final String EXAMPLE_HEX = "0101010007000000000000000300000000000000e803000000000000"
        + "1111111111111111111111111111111111111111" + "00f2052a01000000" + "02000000"
        + "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664" + "6869"
        + "b9aa2fad0122d2d15f8b1a03c98ff6463415cc9690a3c19b1e65629a5137fa65"
        + "ae2c86371065b621b4f6bed3f7182d94e22f9830c4c32ebeaa48254e7b17290a";
    static final String EXAMPLE_HASH = "0xfa7d06cc4cc2546e2542938f8a96f55587f62f83e8f629587c0e8022467fba09";
}
