package io.kairos.node.keystore;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.crypto.SigningKey;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One keystore as stored: the public header (scheme, address, public key, scrypt parameters, salt,
 * cipher, nonce) and the encrypted 32-byte seed. Every instance has passed the policy it was read or
 * written under, and its address belongs to its public key; only {@link #decrypt} needs the password.
 * Immutable and thread-safe (accessors return copies).
 */
public final class KeystoreFile {
    /** The format version this build reads and writes. */
    public static final int VERSION = 1;
    public static final String KDF_NAME = "scrypt";
    public static final String CIPHER_NAME = "aes-256-gcm";
    public static final int SALT_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    /** The sealed seed: 32 bytes of seed and a 16-byte GCM tag. */
    public static final int CIPHERTEXT_LENGTH = SignatureScheme.SEED_LENGTH + KeystoreCrypto.TAG_BITS / 8;

    private static final byte[] AAD_TAG = "kairos/keystore\0".getBytes(StandardCharsets.US_ASCII);

    private final SchemeId scheme;
    private final Address address;
    private final byte[] publicKey;
    private final KdfParams kdf;
    private final byte[] salt;
    private final byte[] nonce;
    private final byte[] ciphertext;

    /** Callers have checked lengths, policy and that the address belongs to the public key. */
    KeystoreFile(final SchemeId scheme, final Address address, final byte[] publicKey, final KdfParams kdf,
                 final byte[] salt, final byte[] nonce, final byte[] ciphertext) {
        this.scheme = scheme;
        this.address = address;
        this.publicKey = publicKey.clone();
        this.kdf = kdf;
        this.salt = salt.clone();
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
    }

    /**
     * Encrypts {@code seed} under a header naming {@code publicKey}. Does not check that the public key
     * belongs to the seed: {@link Keystore#encrypt} does, and tests use this to build inconsistent files.
     */
    static KeystoreFile seal(final SchemeId scheme, final byte[] publicKey, final byte[] seed, final char[] password,
                             final KdfParams kdf, final byte[] salt, final byte[] nonce) {
        final Address address = SignatureSchemes.of(scheme).address(publicKey);
        final KeystoreFile header = new KeystoreFile(scheme, address, publicKey, kdf, salt, nonce, new byte[0]);
        final byte[] key = KeystoreCrypto.deriveKey(password, salt, kdf);
        try {
            final byte[] sealed = KeystoreCrypto.seal(key, nonce, header.associatedData(), seed);
            return new KeystoreFile(scheme, address, publicKey, kdf, salt, nonce, sealed);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public int version() {
        return VERSION;
    }

    public SchemeId scheme() {
        return scheme;
    }

    public Address address() {
        return address;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public KdfParams kdf() {
        return kdf;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public String cipher() {
        return CIPHER_NAME;
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /**
     * Derives the key from {@code password} (runs scrypt: about a second at the default N), decrypts
     * the seed and rebuilds the signing key. {@code password} is left as it was; the caller wipes it.
     * The caller owns the returned key and should {@link SigningKey#destroy()} it when done.
     *
     * @throws KeystoreException {@link KeystoreError#EMPTY_PASSWORD}; {@link KeystoreError#WRONG_PASSWORD}
     *                           when the password is wrong or any header field or the ciphertext was
     *                           altered; {@link KeystoreError#KEY_MISMATCH} when the decrypted seed does
     *                           not give the stored public key; {@link KeystoreError#INSUFFICIENT_MEMORY}
     */
    public SigningKey decrypt(final char[] password) {
        Keystore.requirePassword(password);
        final byte[] key = KeystoreCrypto.deriveKey(password, salt, kdf);
        byte[] seed = null;
        try {
            seed = KeystoreCrypto.open(key, nonce, associatedData(), ciphertext);
            final SigningKey signingKey = SignatureSchemes.of(scheme).fromSeed(seed);
            if (!MessageDigest.isEqual(signingKey.publicKey(), publicKey)) {
                signingKey.destroy();
                throw new KeystoreException(KeystoreError.KEY_MISMATCH, "the decrypted key's public key is not the "
                    + "one stored in the keystore (address " + address + "); the file was written inconsistently");
            }
            return signingKey;
        } finally {
            Arrays.fill(key, (byte) 0);
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    /** The file's JSON text, as {@link Keystore#write} stores it. */
    public byte[] toJson() {
        return KeystoreJson.write(this);
    }

    /**
     * The AEAD's associated data: every header field in a fixed binary layout, so that changing any
     * of them (scheme, address, public key, KDF and its parameters, salt, cipher, nonce, version)
     * makes decryption fail. Layout: "kairos/keystore" 0x00, version (u32), then scheme label,
     * address, public key, KDF name, N, r, p (u32 each), salt, cipher name, nonce; strings and byte
     * fields are a u32 length and the bytes, integers big-endian.
     */
    byte[] associatedData() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + publicKey.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(AAD_TAG);
            out.writeInt(VERSION);
            field(out, scheme.label().getBytes(StandardCharsets.US_ASCII));
            field(out, address.toByteArray());
            field(out, publicKey);
            field(out, KDF_NAME.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(kdf.n());
            out.writeInt(kdf.r());
            out.writeInt(kdf.p());
            field(out, salt);
            field(out, CIPHER_NAME.getBytes(StandardCharsets.US_ASCII));
            field(out, nonce);
        } catch (final IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void field(final DataOutputStream out, final byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    @Override
    public String toString() {
        return "KeystoreFile[" + scheme + " " + address + ", " + kdf + "]";
    }
}
