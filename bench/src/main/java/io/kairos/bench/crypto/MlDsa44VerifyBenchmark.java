package io.kairos.bench.crypto;

import io.kairos.engine.crypto.MlDsa44Scheme;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;

/**
 * Yardstick S2: ML-DSA-44 verifications per second on one thread. {@link #ours} is the engine's
 * verifier, which takes raw key bytes; the baseline {@link #bcSigner}, measured in the same run, is
 * Bouncy Castle's {@code MLDSASigner} used directly with public-key parameters built once at set-up.
 * Every invocation verifies the next triple of a 1024-entry pool.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class MlDsa44VerifyBenchmark {
    private SignedPool pool;
    private MLDSAPublicKeyParameters[] bcKeys;
    private MLDSASigner bcVerifier;
    private int index;

    @Setup(Level.Trial)
    public void setUp() {
        pool = SignedPool.create(MlDsa44Scheme.INSTANCE, 0x5232L);
        bcKeys = new MLDSAPublicKeyParameters[SignedPool.SIZE];
        for (int i = 0; i < SignedPool.SIZE; i++) {
            bcKeys[i] = new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_44, pool.publicKeys[i]);
        }
        bcVerifier = new MLDSASigner();
        // Refuse to measure a verifier that does not verify: the trial fails before it starts.
        for (int i = 0; i < SignedPool.SIZE; i++) {
            final byte[] bad = pool.tamperedSignature(i);
            SignedPool.expect("ours", i, true, ours(i, pool.signatures[i]));
            SignedPool.expect("ours", i, false, ours(i, bad));
            SignedPool.expect("bcSigner", i, true, bcSigner(i, pool.signatures[i]));
            SignedPool.expect("bcSigner", i, false, bcSigner(i, bad));
        }
        index = 0;
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
    public boolean bcSigner() {
        final int i = nextIndex();
        return bcSigner(i, pool.signatures[i]);
    }

    private boolean ours(final int i, final byte[] signature) {
        return MlDsa44Scheme.INSTANCE.verify(pool.publicKeys[i], pool.messages[i], signature);
    }

    private boolean bcSigner(final int i, final byte[] signature) {
        final byte[] message = pool.messages[i];
        bcVerifier.init(false, bcKeys[i]);
        bcVerifier.update(message, 0, message.length);
        return bcVerifier.verifySignature(signature);
    }
}
