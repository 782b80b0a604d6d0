package io.kairos.node.keystore;

import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SigningKey;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encrypted key files: writing a {@link SigningKey} under a password and reading one back. The
 * format and policy are described in {@code docs/keys.md}. Every method checks the scrypt
 * parameters against a {@link KeystorePolicy} ({@link KeystorePolicy#DEFAULT} unless given), on
 * writing and on reading. Passwords are never kept or modified; callers wipe their arrays.
 * Stateless; thread-safe.
 */
public final class Keystore {
    /** The largest file {@link #read} accepts; an ML-DSA-44 keystore is under 4 KiB. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private Keystore() {
    }

    /**
     * Encrypts {@code key} in memory (runs scrypt), drawing salt and nonce from {@code random}.
     *
     * @throws KeystoreException {@link KeystoreError#EMPTY_PASSWORD}, {@code KDF_*} when {@code kdf}
     *                           is outside {@code policy}, {@link KeystoreError#INSUFFICIENT_MEMORY}
     */
    public static KeystoreFile encrypt(final SigningKey key, final char[] password, final KdfParams kdf,
                                       final SecureRandom random, final KeystorePolicy policy) {
        requirePassword(password);
        policy.check(kdf);
        final byte[] salt = new byte[KeystoreFile.SALT_LENGTH];
        final byte[] nonce = new byte[KeystoreFile.NONCE_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        final byte[] seed = key.seed();
        try {
            final SignatureScheme scheme = key.scheme();
            final byte[] publicKey;
            try (SigningKey rederived = scheme.fromSeed(seed)) {
                publicKey = rederived.publicKey();
            }
            if (!Arrays.equals(publicKey, key.publicKey())) {
                throw new KeystoreException(KeystoreError.KEY_MISMATCH,
                    "the signing key's public key does not derive from its seed");
            }
            return KeystoreFile.seal(scheme.id(), publicKey, seed, password, kdf, salt, nonce);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Encrypts {@code key} and writes it to {@code file} atomically with mode 0600 (see
     * {@link #checkWritable}); checks the target before running scrypt so that a doomed write fails fast.
     *
     * @param overwrite replace an existing file; otherwise an existing file is a {@link KeystoreError#FILE_EXISTS}
     * @return what was written
     * @throws KeystoreException as {@link #encrypt}, and {@link KeystoreError#FILE_EXISTS},
     *                           {@link KeystoreError#UNSUPPORTED_FILESYSTEM} or {@link KeystoreError#IO}
     */
    public static KeystoreFile write(final Path file, final SigningKey key, final char[] password, final KdfParams kdf,
                                     final SecureRandom random, final boolean overwrite, final KeystorePolicy policy) {
        requirePassword(password);
        policy.check(kdf);
        SecureFiles.checkWritable(file, overwrite);
        final KeystoreFile sealed = encrypt(key, password, kdf, random, policy);
        SecureFiles.writeAtomically(file, sealed.toJson(), overwrite);
        return sealed;
    }

    /** {@link #write(Path, SigningKey, char[], KdfParams, SecureRandom, boolean, KeystorePolicy)} under the default policy. */
    public static KeystoreFile write(final Path file, final SigningKey key, final char[] password, final KdfParams kdf,
                                     final SecureRandom random, final boolean overwrite) {
        return write(file, key, password, kdf, random, overwrite, KeystorePolicy.DEFAULT);
    }

    /**
     * Fails fast if {@link #write} could not create {@code file}: its directory is missing, its file
     * system has no POSIX permissions, or it exists and {@code overwrite} is false. Does not create it.
     */
    public static void checkWritable(final Path file, final boolean overwrite) {
        SecureFiles.checkWritable(file, overwrite);
    }

    /**
     * Fails fast if this JVM's maximum heap cannot hold scrypt's table for {@code kdf}
     * ({@link KeystoreError#INSUFFICIENT_MEMORY}); writing and decrypting check this too.
     */
    public static void checkHeap(final KdfParams kdf) {
        KeystoreCrypto.checkHeap(kdf);
    }

    /**
     * Reads a keystore's public part (no password, no scrypt), checking format, version, KDF
     * parameters against {@code policy} and that the address belongs to the public key.
     *
     * @throws KeystoreException {@link KeystoreError#IO}, {@link KeystoreError#MALFORMED},
     *                           {@link KeystoreError#UNSUPPORTED_VERSION}, {@code UNKNOWN_*}, {@code KDF_*},
     *                           {@link KeystoreError#KEY_MISMATCH}
     */
    public static KeystoreFile read(final Path file, final KeystorePolicy policy) {
        return parse(SecureFiles.readBounded(file, MAX_FILE_BYTES, KeystoreError.MALFORMED), policy);
    }

    /** {@link #read(Path, KeystorePolicy)} under the default policy. */
    public static KeystoreFile read(final Path file) {
        return read(file, KeystorePolicy.DEFAULT);
    }

    /** Parses keystore JSON with the checks of {@link #read(Path, KeystorePolicy)}. */
    public static KeystoreFile parse(final byte[] json, final KeystorePolicy policy) {
        return KeystoreJson.parse(json, policy);
    }

    /** Whether group or others may read {@code file} (false where the file system has no POSIX permissions). */
    public static boolean readableByOthers(final Path file) {
        return SecureFiles.readableByOthers(file);
    }

    static void requirePassword(final char[] password) {
        if (password == null || password.length == 0) {
            throw new KeystoreException(KeystoreError.EMPTY_PASSWORD, "the password is empty");
        }
    }
}
