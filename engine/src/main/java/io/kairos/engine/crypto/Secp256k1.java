package io.kairos.engine.crypto;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The secp256k1 operations Ethereum needs, over Bouncy Castle's low-level curve arithmetic:
 * deterministic signing (RFC 6979 with HMAC-SHA-256) normalised to low s (EIP-2), public-key
 * recovery (SEC 1 v2 section 4.1.6, restricted to the two recovery ids Ethereum encodes), point
 * compression, and the Ethereum address of a key.
 *
 * <p>Signatures are 65 bytes {@code r (32, big-endian) || s (32) || yParity (1: 0 or 1)}; public keys
 * on the Kairos wire are 33-byte SEC 1 compressed points. Stateless and thread-safe.
 */
public final class Secp256k1 {
    /** Length of a compressed public key. */
    public static final int COMPRESSED_KEY_LENGTH = 33;
    /** Length of {@code r || s || yParity}. */
    public static final int SIGNATURE_LENGTH = 65;

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(),
        PARAMS.getN(), PARAMS.getH());
    /** The group order n. */
    public static final BigInteger N = PARAMS.getN();
    /** n / 2: EIP-2 refuses any s above it. */
    public static final BigInteger HALF_N = N.shiftRight(1);
    private static final BigInteger P = PARAMS.getCurve().getField().getCharacteristic();

    private Secp256k1() {
    }

    /** Whether {@code d} is a private key: 1 ≤ d &lt; n. */
    public static boolean isValidPrivateKey(final BigInteger d) {
        return d != null && d.signum() > 0 && d.compareTo(N) < 0;
    }

    /** The public point of private key {@code d} (which must be valid). */
    public static ECPoint publicPoint(final BigInteger d) {
        if (!isValidPrivateKey(d)) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "a secp256k1 private key must lie in [1, n)");
        }
        return new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
    }

    /** The 33-byte compressed encoding of a point. */
    public static byte[] compress(final ECPoint point) {
        return point.getEncoded(true);
    }

    /**
     * Decodes a 33-byte compressed key.
     *
     * @return the point, or {@code null} if the bytes are not a compressed encoding of a curve point
     */
    public static ECPoint decompressOrNull(final byte[] key) {
        if (key == null || key.length != COMPRESSED_KEY_LENGTH || (key[0] != 2 && key[0] != 3)) {
            return null;
        }
        final BigInteger x = new BigInteger(1, Arrays.copyOfRange(key, 1, COMPRESSED_KEY_LENGTH));
        if (x.compareTo(P) >= 0) {
            return null;
        }
        try {
            final ECPoint q = PARAMS.getCurve().decodePoint(key).normalize();
            return q.isInfinity() || !q.isValid() ? null : q;
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The Ethereum address of a point: the last 20 bytes of Keccak-256 of its 64-byte uncompressed
     * encoding (x || y, without the 0x04 prefix).
     */
    public static Address ethereumAddress(final ECPoint point) {
        final byte[] uncompressed = point.getEncoded(false);
        final byte[] h = Keccak256.hash(uncompressed, 1, uncompressed.length - 1);
        return Address.of(Arrays.copyOfRange(h, h.length - Address.LENGTH, h.length));
    }

    /**
     * Signs a 32-byte message hash with private key {@code d}: RFC 6979 nonce, s normalised to the
     * lower half, and the recovery id that makes {@link #recover} give back the key.
     *
     * @return {@code r || s || yParity}, 65 bytes
     */
    public static byte[] signHash(final byte[] hash32, final BigInteger d) {
        if (hash32 == null || hash32.length != 32) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "a message hash is 32 bytes");
        }
        final ECPoint q = publicPoint(d);
        final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
        final BigInteger[] rs = signer.generateSignature(hash32);
        final BigInteger r = rs[0];
        final BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
        for (int recId = 0; recId < 2; recId++) {
            final ECPoint back = recover(hash32, r, s, recId);
            if (back != null && back.equals(q)) {
                final byte[] sig = new byte[SIGNATURE_LENGTH];
                writeUnsigned32(r, sig, 0);
                writeUnsigned32(s, sig, 32);
                sig[64] = (byte) recId;
                return sig;
            }
        }
        // Only an r whose point has x ≥ n could need recovery ids 2 or 3; the chance is about 2^-128.
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }

    /**
     * Recovers the public point from a signature over {@code hash32}.
     *
     * @return the point, or {@code null} if r or s is out of range, {@code recId} is not 0 or 1, or no
     *     valid key results
     */
    public static ECPoint recover(final byte[] hash32, final BigInteger r, final BigInteger s, final int recId) {
        if (hash32 == null || hash32.length != 32 || r == null || s == null || (recId != 0 && recId != 1)
            || r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            return null;
        }
        // x = r (j = 0 in SEC 1 4.1.6): Ethereum's yParity cannot say that x = r + n.
        final byte[] enc = new byte[COMPRESSED_KEY_LENGTH];
        enc[0] = (byte) (recId == 0 ? 2 : 3);
        writeUnsigned32(r, enc, 1);
        final ECPoint bigR = decompressOrNull(enc);
        if (bigR == null) {
            return null;
        }
        final BigInteger e = new BigInteger(1, hash32);
        final BigInteger rInv = r.modInverse(N);
        final BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
        final BigInteger u2 = s.multiply(rInv).mod(N);
        final ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, bigR, u2).normalize();
        return q.isInfinity() ? null : q;
    }

    /**
     * Verifies {@code r || s || yParity} over {@code hash32} the Ethereum way: s in the lower half,
     * and the recovered key equal to {@code compressedKey}. Never throws.
     */
    public static boolean verifyHash(final byte[] compressedKey, final byte[] hash32, final byte[] signature) {
        if (compressedKey == null || compressedKey.length != COMPRESSED_KEY_LENGTH || signature == null
            || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        final BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        final BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(HALF_N) > 0) {
            return false;
        }
        final ECPoint q = recover(hash32, r, s, signature[64]);
        return q != null && Arrays.equals(compress(q), compressedKey);
    }

    /** Writes a non-negative value below 2^256 as 32 big-endian bytes. */
    public static void writeUnsigned32(final BigInteger v, final byte[] dst, final int offset) {
        final byte[] b = v.toByteArray();
        final int skip = b.length > 32 ? b.length - 32 : 0;
        final int n = b.length - skip;
        Arrays.fill(dst, offset, offset + 32 - n, (byte) 0);
        System.arraycopy(b, skip, dst, offset + 32 - n, n);
    }
}
