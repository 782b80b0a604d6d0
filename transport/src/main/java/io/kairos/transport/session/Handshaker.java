package io.kairos.transport.session;

import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import io.kairos.transport.codec.FrameHeader;
import io.kairos.transport.codec.FrameType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static io.kairos.transport.codec.FrameHeader.ORDER;

/**
 * The three-message authenticated handshake of this node with every peer, and the keys it yields.
 * The validator with the lower index initiates; the other responds.
 *
 * <pre>
 * INIT      I -> R  kem, nonce_I, X25519 e_I, ML-KEM ek_I, pk_I, sig_I(init)
 * RESPONSE  R -> I  kem, nonce_R, X25519 e_R, ML-KEM ct = Encaps(ek_I), pk_R, sig_R(init || response)
 * FINISH    I -> R  sig_I(init || response)
 * keys = HKDF-SHA256(ikm = X25519(e_I, e_R) || ML-KEM secret, salt = SHA-256(tag || init || response),
 *                    info = "kairos/transport/v1/keys") -> 32 bytes I->R, 32 bytes R->I
 * </pre>
 *
 * Every signature is by the validator's {@link SigningKey} over a SHA-256 digest of a domain tag and the
 * exact frame bytes (headers included, so sender and recipient indices are bound). A receiver refuses
 * a key that is not in the {@link ValidatorSet} (UNKNOWN_PEER) or is there under another index than the
 * claimed sender (HANDSHAKE_FAILED), any bad signature (HANDSHAKE_FAILED), and a nonce it has seen
 * before (REPLAYED). Both nonces and both fresh ephemeral keys enter the transcript, so a recorded INIT
 * or RESPONSE replayed later can never complete. Randomness comes from the given {@link SecureRandom};
 * time only as {@code nowNs} arguments. Handshakes allocate (they are rare); single-threaded.
 */
public final class Handshaker {
    public static final int NONCE_LENGTH = 32;
    public static final int X25519_LENGTH = 32;
    public static final int KEY_LENGTH = 32;
    public static final int MAX_PUBLIC_KEY_LENGTH = 4096;
    public static final int MAX_SIGNATURE_LENGTH = 8192;

    static final int KEM_OFFSET = 0;
    static final int RESERVED_OFFSET = 1;
    static final int PK_LENGTH_OFFSET = 2;
    static final int SIG_LENGTH_OFFSET = 4;
    static final int NONCE_OFFSET = 6;
    static final int X25519_OFFSET = NONCE_OFFSET + NONCE_LENGTH;
    static final int KEM_DATA_OFFSET = X25519_OFFSET + X25519_LENGTH;
    static final int FINISH_SIG_LENGTH_OFFSET = 0;
    static final int FINISH_SIG_OFFSET = 4;

    private static final byte[] INIT_TAG = tag("kairos/transport/v1/init");
    private static final byte[] RESPONSE_TAG = tag("kairos/transport/v1/response");
    private static final byte[] FINISH_TAG = tag("kairos/transport/v1/finish");
    private static final byte[] TRANSCRIPT_TAG = tag("kairos/transport/v1/transcript");
    private static final byte[] KEYS_INFO = "kairos/transport/v1/keys".getBytes(StandardCharsets.US_ASCII);

    private final int self;
    private final SigningKey key;
    private final byte[] publicKey;
    private final ValidatorSet validators;
    private final KemKind kem;
    private final SecureRandom random;
    private final NonceCache seenNonces;
    private final Pending[] pending;
    private PeerSession established;

    /** A handshake in progress with one peer: what the next message must match. */
    private static final class Pending {
        final boolean initiator;
        final long startedNs;
        final byte[] initFrame;
        final X25519PrivateKeyParameters x25519;
        final MLKEMPrivateKeyParameters mlkem;
        byte[] responseFrame;
        byte[] sendKey;
        byte[] receiveKey;

        Pending(final boolean initiator, final long startedNs, final byte[] initFrame,
                final X25519PrivateKeyParameters x25519, final MLKEMPrivateKeyParameters mlkem) {
            this.initiator = initiator;
            this.startedNs = startedNs;
            this.initFrame = initFrame;
            this.x25519 = x25519;
            this.mlkem = mlkem;
        }
    }

    /**
     * @param nonceCacheSize how many peer nonces to remember for replay detection
     */
    public Handshaker(final int self, final SigningKey key, final ValidatorSet validators, final KemKind kem,
                      final SecureRandom random, final int nonceCacheSize) {
        if (!validators.isMember(self) || !Arrays.equals(validators.publicKeyCopy(self), key.publicKey())) {
            throw new TransportException(TransportError.INVALID_CONFIG,
                "the signing key is not validator " + self + "'s key in the validator set");
        }
        this.self = self;
        this.key = key;
        this.publicKey = key.publicKey();
        this.validators = validators;
        this.kem = kem;
        this.random = random;
        this.seenNonces = new NonceCache(nonceCacheSize);
        this.pending = new Pending[validators.size()];
    }

    /** The fixed rule: the lower index initiates. */
    public static boolean initiates(final int self, final int peer) {
        return self < peer;
    }

    /** Upper bound of any handshake frame this node writes or accepts. */
    public static int maxFrameLength() {
        return FrameHeader.LENGTH + KEM_DATA_OFFSET + KemKind.ML_KEM_768.encapsulationKeyLength() + MAX_PUBLIC_KEY_LENGTH
            + MAX_SIGNATURE_LENGTH;
    }

    public boolean hasPending(final int peer) {
        return pending[peer] != null;
    }

    public long pendingSinceNs(final int peer) {
        return pending[peer].startedNs;
    }

    public void abandon(final int peer) {
        pending[peer] = null;
    }

    /** The session {@link #onResponse} completed, once; null afterwards. */
    public PeerSession takeEstablished() {
        final PeerSession s = established;
        established = null;
        return s;
    }

    /** Starts (or restarts, with fresh keys) a handshake to {@code peer}; returns the INIT frame length. */
    public int writeInit(final int peer, final MutableDirectBuffer out, final long nowNs) {
        if (!validators.isMember(peer) || peer == self) {
            throw new TransportException(TransportError.UNKNOWN_PEER, "no validator " + peer + " to handshake with");
        }
        final X25519PrivateKeyParameters x = new X25519PrivateKeyParameters(random);
        final MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
        generator.init(new MLKEMKeyGenerationParameters(random, kem.parameters()));
        final AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        final byte[] ek = ((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded();
        final int length = writeHello(FrameType.HANDSHAKE_INIT, peer, out, x, ek, INIT_TAG, null);
        final byte[] frame = new byte[length];
        out.getBytes(0, frame);
        pending[peer] = new Pending(true, nowNs, frame, x, (MLKEMPrivateKeyParameters) pair.getPrivate());
        return length;
    }

    private int writeHello(final int type, final int peer, final MutableDirectBuffer out,
                           final X25519PrivateKeyParameters x, final byte[] kemData, final byte[] tag,
                           final byte[] initFrame) {
        final int sigLength = key.scheme().signatureLength();
        final int bodyLength = KEM_DATA_OFFSET + kemData.length + publicKey.length + sigLength;
        FrameHeader.write(out, 0, type, 0, self, peer, bodyLength);
        final int b = FrameHeader.LENGTH;
        out.putByte(b + KEM_OFFSET, (byte) kem.code());
        out.putByte(b + RESERVED_OFFSET, (byte) 0);
        out.putShort(b + PK_LENGTH_OFFSET, (short) publicKey.length, ORDER);
        out.putShort(b + SIG_LENGTH_OFFSET, (short) sigLength, ORDER);
        final byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        out.putBytes(b + NONCE_OFFSET, nonce);
        out.putBytes(b + X25519_OFFSET, x.generatePublicKey().getEncoded());
        out.putBytes(b + KEM_DATA_OFFSET, kemData);
        final int pkOffset = b + KEM_DATA_OFFSET + kemData.length;
        out.putBytes(pkOffset, publicKey);
        final int sigOffset = pkOffset + publicKey.length;
        final byte[] signed = new byte[sigOffset];
        out.getBytes(0, signed);
        final byte[] signature = key.sign(digest(tag, initFrame, signed));
        if (signature.length != sigLength) {
            throw new IllegalStateException("signature of " + signature.length + " bytes, scheme says " + sigLength);
        }
        out.putBytes(sigOffset, signature);
        return sigOffset + sigLength;
    }

    /**
     * Answers an INIT from {@code frame.sender()}; returns the RESPONSE frame length.
     *
     * @throws TransportException UNKNOWN_PEER, HANDSHAKE_FAILED, REPLAYED or MALFORMED
     */
    public int onInit(final FrameHeader frame, final MutableDirectBuffer out, final long nowNs) {
        final int peer = checkSender(frame);
        if (!initiates(peer, self)) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED, "validator " + peer
                + " sent an INIT, but validator " + self + " initiates to it (the lower index initiates)");
        }
        final byte[] initFrame = copy(frame);
        final Hello hello = parseHello(frame, initFrame, kem.encapsulationKeyLength(), INIT_TAG, null);
        seenNonces.add(hello.nonce);
        final MLKEMPublicKeyParameters ek;
        final SecretWithEncapsulation encapsulated;
        try {
            ek = new MLKEMPublicKeyParameters(kem.parameters(), hello.kemData);
            encapsulated = new MLKEMGenerator(random).generateEncapsulated(ek);
        } catch (final IllegalArgumentException e) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED,
                "validator " + peer + " sent an invalid ML-KEM encapsulation key");
        }
        final X25519PrivateKeyParameters x = new X25519PrivateKeyParameters(random);
        final int length = writeHello(FrameType.HANDSHAKE_RESPONSE, peer, out, x, encapsulated.getEncapsulation(),
            RESPONSE_TAG, initFrame);
        final byte[] responseFrame = new byte[length];
        out.getBytes(0, responseFrame);
        final byte[] okm = deriveKeys(x, hello.x25519, encapsulated.getSecret(), initFrame, responseFrame, peer);
        final Pending p = new Pending(false, nowNs, initFrame, null, null);
        p.responseFrame = responseFrame;
        p.receiveKey = Arrays.copyOfRange(okm, 0, KEY_LENGTH);
        p.sendKey = Arrays.copyOfRange(okm, KEY_LENGTH, 2 * KEY_LENGTH);
        Arrays.fill(okm, (byte) 0);
        pending[peer] = p;
        return length;
    }

    /**
     * Completes the handshake this node initiated: checks the RESPONSE, writes the FINISH into
     * {@code out} and makes the session available from {@link #takeEstablished()}; returns the FINISH
     * frame length.
     */
    public int onResponse(final FrameHeader frame, final MutableDirectBuffer out) {
        final int peer = checkSender(frame);
        final byte[] responseFrame = copy(frame);
        final Pending p = pending[peer];
        if (p == null || !p.initiator) {
            if (frame.bodyLength() >= NONCE_OFFSET + NONCE_LENGTH && seenNonces.contains(nonceOf(frame))) {
                throw new TransportException(TransportError.REPLAYED,
                    "RESPONSE from validator " + peer + " repeats a nonce already seen");
            }
            throw new TransportException(TransportError.STALE_HANDSHAKE,
                "RESPONSE from validator " + peer + " without an INIT in flight to it");
        }
        final Hello hello = parseHello(frame, responseFrame, kem.ciphertextLength(), RESPONSE_TAG, p.initFrame);
        seenNonces.add(hello.nonce);
        final byte[] mlkemSecret;
        try {
            mlkemSecret = new MLKEMExtractor(p.mlkem).extractSecret(hello.kemData);
        } catch (final RuntimeException e) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED,
                "validator " + peer + " sent an ML-KEM ciphertext that does not decapsulate");
        }
        final byte[] okm = deriveKeys(p.x25519, hello.x25519, mlkemSecret, p.initFrame, responseFrame, peer);
        final byte[] signature = key.sign(digest(FINISH_TAG, p.initFrame, responseFrame));
        FrameHeader.write(out, 0, FrameType.HANDSHAKE_FINISH, 0, self, peer, FINISH_SIG_OFFSET + signature.length);
        out.putShort(FrameHeader.LENGTH + FINISH_SIG_LENGTH_OFFSET, (short) signature.length, ORDER);
        out.putShort(FrameHeader.LENGTH + FINISH_SIG_LENGTH_OFFSET + 2, (short) 0, ORDER);
        out.putBytes(FrameHeader.LENGTH + FINISH_SIG_OFFSET, signature);
        established = new PeerSession(peer, Arrays.copyOfRange(okm, 0, KEY_LENGTH),
            Arrays.copyOfRange(okm, KEY_LENGTH, 2 * KEY_LENGTH));
        Arrays.fill(okm, (byte) 0);
        pending[peer] = null;
        return FrameHeader.LENGTH + FINISH_SIG_OFFSET + signature.length;
    }

    /** Completes a handshake this node answered; returns the session. */
    public PeerSession onFinish(final FrameHeader frame) {
        final int peer = checkSender(frame);
        final Pending p = pending[peer];
        if (p == null || p.initiator) {
            throw new TransportException(TransportError.STALE_HANDSHAKE,
                "FINISH from validator " + peer + " without a RESPONSE in flight to it");
        }
        final DirectBuffer b = frame.buffer();
        final int body = frame.bodyOffset();
        if (frame.bodyLength() < FINISH_SIG_OFFSET) {
            throw new TransportException(TransportError.MALFORMED, "FINISH body of " + frame.bodyLength() + " bytes");
        }
        final int sigLength = b.getShort(body + FINISH_SIG_LENGTH_OFFSET, ORDER) & 0xFFFF;
        if (b.getShort(body + FINISH_SIG_LENGTH_OFFSET + 2, ORDER) != 0
            || sigLength != frame.bodyLength() - FINISH_SIG_OFFSET) {
            throw new TransportException(TransportError.MALFORMED, "FINISH declares a " + sigLength
                + "-byte signature, " + (frame.bodyLength() - FINISH_SIG_OFFSET) + " bytes follow");
        }
        final byte[] signature = new byte[sigLength];
        b.getBytes(body + FINISH_SIG_OFFSET, signature);
        final byte[] digest = digest(FINISH_TAG, p.initFrame, p.responseFrame);
        if (!validators.scheme(peer).verify(validators.publicKeyCopy(peer), digest, signature)) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED,
                "FINISH signature of validator " + peer + " does not verify");
        }
        pending[peer] = null;
        return new PeerSession(peer, p.sendKey, p.receiveKey);
    }

    private int checkSender(final FrameHeader frame) {
        final int peer = frame.sender();
        if (!validators.isMember(peer) || peer == self) {
            throw new TransportException(TransportError.UNKNOWN_PEER,
                "handshake from index " + peer + ", not a peer in a set of " + validators.size());
        }
        if (frame.recipient() != self) {
            throw new TransportException(TransportError.WRONG_RECIPIENT,
                "handshake for validator " + frame.recipient() + " reached validator " + self);
        }
        return peer;
    }

    private record Hello(byte[] nonce, X25519PublicKeyParameters x25519, byte[] kemData) {
    }

    private static byte[] nonceOf(final FrameHeader frame) {
        final byte[] nonce = new byte[NONCE_LENGTH];
        frame.buffer().getBytes(frame.bodyOffset() + NONCE_OFFSET, nonce);
        return nonce;
    }

    private Hello parseHello(final FrameHeader frame, final byte[] frameBytes, final int kemDataLength,
                             final byte[] tag, final byte[] initFrame) {
        final int peer = frame.sender();
        final DirectBuffer b = frame.buffer();
        final int body = frame.bodyOffset();
        final int bodyLength = frame.bodyLength();
        if (bodyLength < KEM_DATA_OFFSET) {
            throw new TransportException(TransportError.MALFORMED,
                "handshake body of " + bodyLength + " bytes, the fixed part is " + KEM_DATA_OFFSET);
        }
        final int kemCode = b.getByte(body + KEM_OFFSET) & 0xFF;
        if (kemCode != kem.code()) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED, "validator " + peer + " uses KEM code "
                + kemCode + ", this node " + kem + " (" + kem.code() + ")");
        }
        if (b.getByte(body + RESERVED_OFFSET) != 0) {
            throw new TransportException(TransportError.MALFORMED, "reserved handshake byte must be zero");
        }
        final int pkLength = b.getShort(body + PK_LENGTH_OFFSET, ORDER) & 0xFFFF;
        final int sigLength = b.getShort(body + SIG_LENGTH_OFFSET, ORDER) & 0xFFFF;
        if (pkLength > MAX_PUBLIC_KEY_LENGTH || sigLength > MAX_SIGNATURE_LENGTH
            || bodyLength != KEM_DATA_OFFSET + kemDataLength + pkLength + sigLength) {
            throw new TransportException(TransportError.MALFORMED, "handshake body of " + bodyLength
                + " bytes does not match its " + kemDataLength + "-byte KEM data, " + pkLength
                + "-byte key and " + sigLength + "-byte signature");
        }
        final byte[] nonce = new byte[NONCE_LENGTH];
        b.getBytes(body + NONCE_OFFSET, nonce);
        final byte[] x = new byte[X25519_LENGTH];
        b.getBytes(body + X25519_OFFSET, x);
        final byte[] kemData = new byte[kemDataLength];
        b.getBytes(body + KEM_DATA_OFFSET, kemData);
        final byte[] pk = new byte[pkLength];
        final int pkOffset = body + KEM_DATA_OFFSET + kemDataLength;
        b.getBytes(pkOffset, pk);
        final byte[] signature = new byte[sigLength];
        b.getBytes(pkOffset + pkLength, signature);

        final int keyIndex = validators.indexOfKey(pk);
        if (keyIndex < 0) {
            throw new TransportException(TransportError.UNKNOWN_PEER,
                "handshake key claimed by index " + peer + " is not in the validator set");
        }
        if (keyIndex != peer) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED,
                "handshake claims index " + peer + " with the key of validator " + keyIndex);
        }
        if (seenNonces.contains(nonce)) {
            throw new TransportException(TransportError.REPLAYED,
                "handshake from validator " + peer + " repeats a nonce already seen");
        }
        final int signedLength = pkOffset + pkLength - frame.offset();
        final byte[] digest = digest(tag, initFrame, Arrays.copyOf(frameBytes, signedLength));
        if (!validators.scheme(peer).verify(pk, digest, signature)) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED,
                "handshake signature of validator " + peer + " does not verify");
        }
        return new Hello(nonce, new X25519PublicKeyParameters(x), kemData);
    }

    private byte[] deriveKeys(final X25519PrivateKeyParameters mine, final X25519PublicKeyParameters theirs,
                              final byte[] mlkemSecret, final byte[] initFrame, final byte[] responseFrame,
                              final int peer) {
        final byte[] ikm = new byte[X25519_LENGTH + mlkemSecret.length];
        try {
            final X25519Agreement agreement = new X25519Agreement();
            agreement.init(mine);
            agreement.calculateAgreement(theirs, ikm, 0);
        } catch (final IllegalStateException e) {
            throw new TransportException(TransportError.HANDSHAKE_FAILED,
                "X25519 with validator " + peer + " gives the all-zero secret (a low-order key)");
        }
        System.arraycopy(mlkemSecret, 0, ikm, X25519_LENGTH, mlkemSecret.length);
        final HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, digest(TRANSCRIPT_TAG, initFrame, responseFrame), KEYS_INFO));
        final byte[] okm = new byte[2 * KEY_LENGTH];
        hkdf.generateBytes(okm, 0, okm.length);
        Arrays.fill(ikm, (byte) 0);
        Arrays.fill(mlkemSecret, (byte) 0);
        return okm;
    }

    private static byte[] digest(final byte[] tag, final byte[] first, final byte[] second) {
        final SHA256Digest sha = new SHA256Digest();
        sha.update(tag, 0, tag.length);
        if (first != null) {
            sha.update(first, 0, first.length);
        }
        sha.update(second, 0, second.length);
        final byte[] out = new byte[32];
        sha.doFinal(out, 0);
        return out;
    }

    private static byte[] copy(final FrameHeader frame) {
        final byte[] bytes = new byte[FrameHeader.LENGTH + frame.bodyLength()];
        frame.buffer().getBytes(frame.offset(), bytes);
        return bytes;
    }

    private static byte[] tag(final String name) {
        final byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(ascii, ascii.length + 1);
    }
}
