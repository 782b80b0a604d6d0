package io.kairos.node.keystore;

import org.bouncycastle.crypto.generators.SCrypt;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Arrays;

/** scrypt and AES-256-GCM for the keystore. Stateless; thread-safe. */
final class KeystoreCrypto {
    static final int KEY_LENGTH = 32;
    static final int TAG_BITS = 128;

    /** Heap kept free beside the scrypt table, for the JVM and everything else running. */
    private static final long HEAP_HEADROOM = 32L << 20;

    private KeystoreCrypto() {
    }

    /**
     * scrypt(password as NFC UTF-8, salt, N, r, p) into a 32-byte key. Checks first that the heap can
     * hold scrypt's table, so a small heap gives a typed error instead of an OutOfMemoryError.
     */
    static byte[] deriveKey(final char[] password, final byte[] salt, final KdfParams kdf) {
        checkHeap(kdf);
        final byte[] pw = passwordBytes(password);
        try {
            return SCrypt.generate(pw, salt, kdf.n(), kdf.r(), kdf.p(), KEY_LENGTH);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    static void checkHeap(final KdfParams kdf) {
        final long max = Runtime.getRuntime().maxMemory();
        if (max != Long.MAX_VALUE && kdf.memoryBytes() > max - HEAP_HEADROOM) {
            throw new KeystoreException(KeystoreError.INSUFFICIENT_MEMORY, kdf + " needs "
                + (kdf.memoryBytes() >> 20) + " MiB of heap but this JVM may use at most " + (max >> 20)
                + " MiB; raise it, e.g. JDK_JAVA_OPTIONS=-Xmx" + ((kdf.memoryBytes() >> 20) * 2) + "m");
        }
    }

    /**
     * The password as UTF-8 of its NFC form, so that the same password typed on systems that compose
     * accents differently opens the same file.
     */
    static byte[] passwordBytes(final char[] password) {
        final CharBuffer chars = CharBuffer.wrap(password);
        if (Normalizer.isNormalized(chars, Normalizer.Form.NFC)) {
            return utf8(chars);
        }
        // Normalizing yields a String that cannot be wiped; only passwords not already in NFC take this path.
        return utf8(CharBuffer.wrap(Normalizer.normalize(chars, Normalizer.Form.NFC)));
    }

    private static byte[] utf8(final CharBuffer chars) {
        final ByteBuffer encoded = StandardCharsets.UTF_8.encode(chars);
        final byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    static byte[] seal(final byte[] key, final byte[] nonce, final byte[] aad, final byte[] plaintext) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws KeystoreException {@link KeystoreError#WRONG_PASSWORD} when the tag does not verify
     */
    static byte[] open(final byte[] key, final byte[] nonce, final byte[] aad, final byte[] ciphertext) {
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
        } catch (final AEADBadTagException e) {
            throw new KeystoreException(KeystoreError.WRONG_PASSWORD,
                "the password does not open this keystore (or the file was altered)");
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    private static Cipher cipher(final int mode, final byte[] key, final byte[] nonce, final byte[] aad)
        throws GeneralSecurityException {
        final Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(aad);
        return c;
    }
}
