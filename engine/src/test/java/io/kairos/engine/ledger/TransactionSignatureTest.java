package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.MlDsa44Scheme;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SigningKey;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

import static io.kairos.engine.ledger.TransactionCodecTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionSignatureTest {
    private static final long CHAIN_A = 7;
    private static final long CHAIN_B = 8;
    private static final Address TO = Address.of(TransactionCodecTest.filled(Address.LENGTH, 0x44));

    static List<SignatureScheme> schemes() {
        return List.of(Ed25519Scheme.INSTANCE, MlDsa44Scheme.INSTANCE);
    }

    private static SigningKey key(final SignatureScheme scheme) {
        return scheme.fromSeed(TransactionCodecTest.filled(32, 0x5A));
    }

    private static Transaction.Builder transfer(final long chainId) {
        return Transaction.transfer().chainId(chainId).nonce(4).fee(10).recipient(TO).amount(99)
            .payload(new byte[] {1, 2});
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void signedTransferVerifiesOnItsChain(final SignatureScheme scheme) {
        final SigningKey key = key(scheme);
        final Transaction tx = transfer(CHAIN_A).sign(key);
        assertTrue(tx.verifySignature());
        tx.checkStateless(CHAIN_A, CodecLimits.DEFAULT);
        assertEquals(key.address(), tx.sender());
        assertEquals(scheme.id(), tx.scheme());
        final Transaction decoded = Transaction.decode(tx.encode());
        assertTrue(decoded.verifySignature());
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void aSignatureForOneChainNeverVerifiesOnAnother(final SignatureScheme scheme) {
        final SigningKey key = key(scheme);
        final Transaction onA = transfer(CHAIN_A).sign(key);
        final Transaction replayedOnB = transfer(CHAIN_B).withSignature(scheme.id(), key.publicKey(), onA.signature());
        assertFalse(replayedOnB.verifySignature());
        assertError(ValidationError.BAD_SIGNATURE, () -> replayedOnB.checkStateless(CHAIN_B, CodecLimits.DEFAULT));
        assertError(ValidationError.WRONG_CHAIN_ID, () -> onA.checkStateless(CHAIN_B, CodecLimits.DEFAULT));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void verifierAgreesWithTheValue(final SignatureScheme scheme) {
        final SigningKey key = key(scheme);
        final byte[] good = transfer(CHAIN_A).sign(key).encode();
        final TransactionView view = new TransactionView();
        final TransactionVerifier verifier = new TransactionVerifier(CodecLimits.DEFAULT);
        assertNull(view.wrap(new UnsafeBuffer(good), 0, good.length));
        assertNull(verifier.check(view, CHAIN_A));
        assertEquals(ValidationError.WRONG_CHAIN_ID, verifier.check(view, CHAIN_B));

        final byte[] tampered = good.clone();
        tampered[TransactionLayout.AMOUNT_OFFSET] ^= 1;
        assertNull(view.wrap(new UnsafeBuffer(tampered), 0, tampered.length));
        assertEquals(ValidationError.BAD_SIGNATURE, verifier.check(view, CHAIN_A));
        assertError(ValidationError.BAD_SIGNATURE,
            () -> Transaction.decode(tampered).checkStateless(CHAIN_A, CodecLimits.DEFAULT));

        final byte[] badSig = good.clone();
        badSig[badSig.length - 1] ^= 1;
        assertNull(view.wrap(new UnsafeBuffer(badSig), 0, badSig.length));
        assertEquals(ValidationError.BAD_SIGNATURE, verifier.check(view, CHAIN_A));
    }

    @Test
    void anotherKeysSignatureIsBad() {
        final SigningKey signer = key(Ed25519Scheme.INSTANCE);
        final SigningKey other = Ed25519Scheme.INSTANCE.fromSeed(new byte[32]);
        final Transaction tx = transfer(CHAIN_A).sign(signer);
        final Transaction forged = transfer(CHAIN_A).withSignature(tx.scheme(), other.publicKey(), tx.signature());
        assertError(ValidationError.BAD_SIGNATURE, () -> forged.checkStateless(CHAIN_A, CodecLimits.DEFAULT));
    }

    @Test
    void checkStatelessAppliesTheLimits() {
        final Transaction tx = transfer(CHAIN_A).payload(new byte[100]).sign(key(Ed25519Scheme.INSTANCE));
        assertError(ValidationError.OVERSIZED,
            () -> tx.checkStateless(CHAIN_A, new CodecLimits(99, 1 << 17, 1, 1 << 20)));
    }

    /**
     * Rebuilds the signing bytes and the hash of the worked example from the written definition and
     * checks them with the JDK's own Ed25519, independent of the code under test.
     */
    @Test
    void workedExampleMatchesTheDocumentedDefinitions() throws Exception {
        final Transaction tx = TransactionCodecTest.example();
        final byte[] encoding = tx.encode();
        final ByteArrayOutputStream signing = new ByteArrayOutputStream();
        signing.writeBytes("kairos/tx-sign/v1\0".getBytes(StandardCharsets.US_ASCII));
        signing.writeBytes(new byte[] {7, 0, 0, 0, 0, 0, 0, 0});
        signing.writeBytes(Arrays.copyOf(encoding, encoding.length - 64));
        assertArrayEquals(signing.toByteArray(), tx.signingBytes());

        final PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(
            new X509EncodedKeySpec(Hex.decode("302a300506032b6570032100" + Hex.encode(tx.publicKey()))));
        final Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkKey);
        jdk.update(signing.toByteArray());
        assertTrue(jdk.verify(tx.signature()));

        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("kairos/tx/v1\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Hash.of(sha.digest(encoding)), tx.hash());
    }
}
