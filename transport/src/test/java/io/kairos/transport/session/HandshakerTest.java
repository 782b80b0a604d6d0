package io.kairos.transport.session;

import io.kairos.engine.crypto.SchemeId;
import io.kairos.transport.TestValidators;
import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import io.kairos.transport.codec.FrameHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakerTest {
    private static final int MAX = Handshaker.maxFrameLength();

    private final TestValidators validators = TestValidators.of(4);
    private final SecureRandom random = TestValidators.random(1);
    private final Handshaker v0 = new Handshaker(0, validators.keys.get(0), validators.set, KemKind.ML_KEM_768, random, 16);
    private final Handshaker v1 = new Handshaker(1, validators.keys.get(1), validators.set, KemKind.ML_KEM_768, random, 16);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[MAX]);

    private static FrameHeader header(final byte[] frame) {
        return new FrameHeader().wrap(new UnsafeBuffer(frame), 0, frame.length, MAX);
    }

    private byte[] take(final int length) {
        final byte[] b = new byte[length];
        out.getBytes(0, b);
        return b;
    }

    private record Pair(PeerSession initiator, PeerSession responder, byte[] init, byte[] response, byte[] finish) {
    }

    private Pair handshake(final Handshaker initiator, final Handshaker responder, final int responderIndex) {
        final byte[] init = take(initiator.writeInit(responderIndex, out, 0));
        final byte[] response = take(responder.onInit(header(init), out, 0));
        final byte[] finish = take(initiator.onResponse(header(response), out));
        final PeerSession i = initiator.takeEstablished();
        final PeerSession r = responder.onFinish(header(finish));
        return new Pair(i, r, init, response, finish);
    }

    private static void assertTalks(final PeerSession from, final PeerSession to) {
        final byte[] plain = "prevote h=7 r=0".getBytes(StandardCharsets.US_ASCII);
        final byte[] aad = {1, 2, 3};
        final byte[] cipher = new byte[plain.length + PeerSession.TAG_LENGTH];
        final long seq = from.nextSequence();
        assertEquals(cipher.length, from.encrypt(seq, aad, 0, 3, plain, 0, plain.length, cipher, 0));
        final byte[] back = new byte[plain.length];
        assertEquals(plain.length, to.decrypt(seq, aad, 0, 3, cipher, 0, cipher.length, back, 0));
        assertArrayEquals(plain, back);
    }

    @Test
    void bothSidesAgreeOnKeysAndExchangeMessagesBothWays() {
        final Pair p = handshake(v0, v1, 1);
        assertNotNull(p.initiator);
        assertEquals(1, p.initiator.peer());
        assertEquals(0, p.responder.peer());
        for (int i = 0; i < 5; i++) {
            assertTalks(p.initiator, p.responder);
            assertTalks(p.responder, p.initiator);
        }
    }

    @ParameterizedTest
    @EnumSource(KemKind.class)
    void everyKemAndMlDsaKeysWork(final KemKind kem) {
        final TestValidators pq = TestValidators.of(2, SchemeId.ML_DSA_44);
        final Handshaker a = new Handshaker(0, pq.keys.get(0), pq.set, kem, random, 4);
        final Handshaker b = new Handshaker(1, pq.keys.get(1), pq.set, kem, random, 4);
        final Pair p = handshake(a, b, 1);
        assertTalks(p.initiator, p.responder);
        assertTalks(p.responder, p.initiator);
        assertEquals(kem.encapsulationKeyLength(), p.init.length - FrameHeader.LENGTH - Handshaker.KEM_DATA_OFFSET
            - pq.keys.get(0).publicKey().length - pq.keys.get(0).scheme().signatureLength());
    }

    @Test
    void mismatchedKemsAreRefused() {
        final Handshaker small = new Handshaker(1, validators.keys.get(1), validators.set, KemKind.ML_KEM_512, random, 4);
        final byte[] init = take(v0.writeInit(1, out, 0));
        assertError(TransportError.HANDSHAKE_FAILED, () -> small.onInit(header(init), out, 0));
    }

    @Test
    void aKeyOutsideTheValidatorSetIsRefused() {
        final TestValidators strangers = TestValidators.of(4, SchemeId.ED25519, 100);
        final Handshaker stranger = new Handshaker(0, strangers.keys.get(0), strangers.set, KemKind.ML_KEM_768, random, 4);
        final byte[] init = take(stranger.writeInit(1, out, 0));
        assertError(TransportError.UNKNOWN_PEER, () -> v1.onInit(header(init), out, 0));
    }

    @Test
    void aWrongClaimedIndexIsRefused() {
        final byte[] init = take(v0.writeInit(2, out, 0));
        final UnsafeBuffer b = new UnsafeBuffer(init);
        b.putShort(6, (short) 1, FrameHeader.ORDER);
        final Handshaker v2 = new Handshaker(2, validators.keys.get(2), validators.set, KemKind.ML_KEM_768, random, 4);
        assertError(TransportError.HANDSHAKE_FAILED, () -> v2.onInit(header(init), out, 0));
    }

    @Test
    void aTamperedSignatureOrFieldIsRefused() {
        final byte[] init = take(v0.writeInit(1, out, 0));
        final byte[] flipped = init.clone();
        flipped[FrameHeader.LENGTH + Handshaker.X25519_OFFSET] ^= 1;
        assertError(TransportError.HANDSHAKE_FAILED, () -> v1.onInit(header(flipped), out, 0));
        final byte[] badSig = init.clone();
        badSig[badSig.length - 1] ^= 1;
        assertError(TransportError.HANDSHAKE_FAILED, () -> v1.onInit(header(badSig), out, 0));
    }

    @Test
    void aReplayedInitIsRefused() {
        final byte[] init = take(v0.writeInit(1, out, 0));
        v1.onInit(header(init), out, 0);
        assertError(TransportError.REPLAYED, () -> v1.onInit(header(init), out, 0));
    }

    @Test
    void aReplayedResponseIsRefused() {
        final Pair first = handshake(v0, v1, 1);
        assertNotNull(first.initiator);
        assertError(TransportError.REPLAYED, () -> v0.onResponse(header(first.response), out));
        v0.writeInit(1, out, 0);
        assertError(TransportError.REPLAYED, () -> v0.onResponse(header(first.response), out));
    }

    @Test
    void aReplayedFinishIsRefused() {
        final Pair first = handshake(v0, v1, 1);
        // Nothing in flight: refused as stale (no crypto is done, and a slow honest peer causes it too).
        assertError(TransportError.STALE_HANDSHAKE, () -> v1.onFinish(header(first.finish)));
        final byte[] init = take(v0.writeInit(1, out, 0));
        v1.onInit(header(init), out, 0);
        assertError(TransportError.HANDSHAKE_FAILED, () -> v1.onFinish(header(first.finish)));
    }

    /** An INIT from validator 0 to 1, changed by {@code change}, then signed again with 0's real key. */
    private byte[] resignedInit(final java.util.function.Consumer<byte[]> change) throws Exception {
        final byte[] init = take(v0.writeInit(1, out, 0));
        change.accept(init);
        final int sigOffset = init.length - validators.keys.get(0).scheme().signatureLength();
        final java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("kairos/transport/v1/init\0".getBytes(StandardCharsets.US_ASCII));
        sha.update(init, 0, sigOffset);
        final byte[] signature = validators.keys.get(0).sign(sha.digest());
        System.arraycopy(signature, 0, init, sigOffset, signature.length);
        return init;
    }

    @Test
    void anInvalidMlKemKeyUnderAValidSignatureIsRefused() throws Exception {
        final int ekOffset = FrameHeader.LENGTH + Handshaker.KEM_DATA_OFFSET;
        final byte[] init = resignedInit(f -> Arrays.fill(f, ekOffset,
            ekOffset + KemKind.ML_KEM_768.encapsulationKeyLength(), (byte) 0xFF));
        final TransportException e = assertThrows(TransportException.class, () -> v1.onInit(header(init), out, 0));
        assertEquals(TransportError.HANDSHAKE_FAILED, e.error());
        assertTrue(e.getMessage().contains("ML-KEM"), e.getMessage());
    }

    @Test
    void aLowOrderX25519KeyUnderAValidSignatureIsRefused() throws Exception {
        final int xOffset = FrameHeader.LENGTH + Handshaker.X25519_OFFSET;
        final byte[] init = resignedInit(f -> Arrays.fill(f, xOffset, xOffset + Handshaker.X25519_LENGTH, (byte) 0));
        final TransportException e = assertThrows(TransportException.class, () -> v1.onInit(header(init), out, 0));
        assertEquals(TransportError.HANDSHAKE_FAILED, e.error());
        assertTrue(e.getMessage().contains("X25519"), e.getMessage());
    }

    @Test
    void theHigherIndexMayNotInitiate() {
        final byte[] init = take(v1.writeInit(0, out, 0));
        assertError(TransportError.HANDSHAKE_FAILED, () -> v0.onInit(header(init), out, 0));
    }

    @Test
    void aFrameForAnotherValidatorIsRefused() {
        final byte[] init = take(v0.writeInit(2, out, 0));
        assertError(TransportError.WRONG_RECIPIENT, () -> v1.onInit(header(init), out, 0));
    }

    @Test
    void truncatedHandshakeBodiesAreMalformed() {
        final byte[] init = take(v0.writeInit(1, out, 0));
        for (final int cut : new int[]{1, 40, 500}) {
            final byte[] shorter = Arrays.copyOf(init, init.length - cut);
            new UnsafeBuffer(shorter).putInt(12, shorter.length - FrameHeader.LENGTH, FrameHeader.ORDER);
            assertError(TransportError.MALFORMED, () -> v1.onInit(header(shorter), out, 0));
        }
    }

    @Test
    void sessionsRefuseReplaysTamperingAndStaleSequenceNumbers() {
        final Pair p = handshake(v0, v1, 1);
        final byte[] plain = {9, 8, 7};
        final byte[][] frames = new byte[70][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new byte[plain.length + PeerSession.TAG_LENGTH];
            p.initiator.encrypt(i + 1, plain, 0, 0, plain, 0, 3, frames[i], 0);
        }
        final byte[] back = new byte[3];
        p.responder.decrypt(2, plain, 0, 0, frames[1], 0, frames[1].length, back, 0);
        p.responder.decrypt(1, plain, 0, 0, frames[0], 0, frames[0].length, back, 0);
        assertError(TransportError.REPLAYED, () -> p.responder.decrypt(1, plain, 0, 0, frames[0], 0, 19, back, 0));
        p.responder.decrypt(70, plain, 0, 0, frames[69], 0, 19, back, 0);
        assertError(TransportError.REPLAYED, () -> p.responder.decrypt(3, plain, 0, 0, frames[2], 0, 19, back, 0));
        p.responder.decrypt(60, plain, 0, 0, frames[59], 0, 19, back, 0);
        final byte[] tampered = frames[64].clone();
        tampered[0] ^= 1;
        assertError(TransportError.DECRYPT_FAILED, () -> p.responder.decrypt(65, plain, 0, 0, tampered, 0, 19, back, 0));
        p.responder.decrypt(65, plain, 0, 0, frames[64], 0, 19, back, 0);
        assertError(TransportError.DECRYPT_FAILED, () -> p.responder.decrypt(66, plain, 0, 0, frames[64], 0, 19, back, 0));
        assertError(TransportError.REPLAYED, () -> p.responder.decrypt(0, plain, 0, 0, frames[0], 0, 19, back, 0));
    }

    private static void assertError(final TransportError expected, final org.junit.jupiter.api.function.Executable e) {
        final TransportException x = assertThrows(TransportException.class, e);
        assertEquals(expected, x.error(), x.getMessage());
    }
}
