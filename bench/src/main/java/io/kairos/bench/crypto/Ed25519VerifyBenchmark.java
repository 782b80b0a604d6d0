package io.kairos.bench.crypto;

import io.kairos.engine.crypto.Ed25519Scheme;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;

/**
 * Yardstick S1: Ed25519 verifications per second on one thread. {@link #ours} is the engine's
 * verifier; the baselines, measured in the same run, are Bouncy Castle's RFC 8032 routine called
 * directly ({@link #bcRfc8032}, which ours wraps today), Bouncy Castle's {@code Ed25519Signer} with
 * a pre-built key ({@link #bcSigner}, the baseline BENCHMARKS.md names) and the JDK's own
 * {@code Signature "Ed25519"} with a pre-built {@code PublicKey} ({@link #jdk}).
 *
 * <p>Every invocation verifies the next triple of a 1024-entry pool. The pre-built keys of the two
 * baselines are their libraries' natural way of use and are decoded once at set-up, while ours takes
 * raw key bytes (as a transaction carries them) and decodes on every call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class Ed25519VerifyBenchmark {
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the key bytes follow. */
    private static final byte[] X509_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private SignedPool pool;
    private Ed25519PublicKeyParameters[] bcKeys;
    private PublicKey[] jdkKeys;
    private Ed25519Signer bcVerifier;
    private Signature jdkVerifier;
    private int index;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        pool = SignedPool.create(Ed25519Scheme.INSTANCE, 0x5131L);
        bcKeys = new Ed25519PublicKeyParameters[SignedPool.SIZE];
        jdkKeys = new PublicKey[SignedPool.SIZE];
        final KeyFactory keyFactory = KeyFactory.getInstance("Ed25519");
        for (int i = 0; i < SignedPool.SIZE; i++) {
            bcKeys[i] = new Ed25519PublicKeyParameters(pool.publicKeys[i], 0);
            final byte[] encoded = new byte[X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE];
            System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
            System.arraycopy(pool.publicKeys[i], 0, encoded, X509_PREFIX.length, Ed25519.PUBLIC_KEY_SIZE);
            jdkKeys[i] = keyFactory.generatePublic(new X509EncodedKeySpec(encoded));
        }
        bcVerifier = new Ed25519Signer();
        jdkVerifier = Signature.getInstance("Ed25519");
        checkEveryVerifier();
        index = 0;
    }

    /**
     * Refuses to measure a verifier that does not verify: each one must accept every pool triple and
     * reject a tampered signature, or the trial fails before its first iteration.
     */
    private void checkEveryVerifier() throws GeneralSecurityException {
        for (int i = 0; i < SignedPool.SIZE; i++) {
            final byte[] bad = pool.tamperedSignature(i);
            SignedPool.expect("ours", i, true, ours(i, pool.signatures[i]));
            SignedPool.expect("ours", i, false, ours(i, bad));
            SignedPool.expect("bcRfc8032", i, true, bcRfc8032(i, pool.signatures[i]));
            SignedPool.expect("bcRfc8032", i, false, bcRfc8032(i, bad));
            SignedPool.expect("bcSigner", i, true, bcSigner(i, pool.signatures[i]));
            SignedPool.expect("bcSigner", i, false, bcSigner(i, bad));
            SignedPool.expect("jdk", i, true, jdk(i, pool.signatures[i]));
            SignedPool.expect("jdk", i, false, jdkVerifies(i, bad));
        }
    }

    /** The JDK throws, rather than returning false, when R is not a point at all; both are rejections. */
    private boolean jdkVerifies(final int i, final byte[] signature) throws GeneralSecurityException {
        try {
            return jdk(i, signature);
        } catch (final SignatureException e) {
            return false;
        }
    }

    private int nextIndex() {
        final int i = index;
        index = SignedPool.next(i);
        return i;
    }

    @Benchmark
    public boolean ours() {
        final int i = nextIndex();
        return ours(i, pool.signatures[i]);
    }

    @Benchmark
    public boolean bcRfc8032() {
        final int i = nextIndex();
        return bcRfc8032(i, pool.signatures[i]);
    }

    @Benchmark
    public boolean bcSigner() {
        final int i = nextIndex();
        return bcSigner(i, pool.signatures[i]);
    }

    @Benchmark
    public boolean jdk() throws GeneralSecurityException {
        final int i = nextIndex();
        return jdk(i, pool.signatures[i]);
    }

    private boolean ours(final int i, final byte[] signature) {
        return Ed25519Scheme.INSTANCE.verify(pool.publicKeys[i], pool.messages[i], signature);
    }

    private boolean bcRfc8032(final int i, final byte[] signature) {
        final byte[] message = pool.messages[i];
        return Ed25519.verify(signature, 0, pool.publicKeys[i], 0, message, 0, message.length);
    }

    private boolean bcSigner(final int i, final byte[] signature) {
        final byte[] message = pool.messages[i];
        bcVerifier.init(false, bcKeys[i]);
        bcVerifier.update(message, 0, message.length);
        return bcVerifier.verifySignature(signature);
    }

    private boolean jdk(final int i, final byte[] signature) throws GeneralSecurityException {
        jdkVerifier.initVerify(jdkKeys[i]);
        jdkVerifier.update(pool.messages[i]);
        return jdkVerifier.verify(signature);
    }
}
