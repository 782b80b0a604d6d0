package io.kairos.node.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Hex;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.crypto.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real scrypt and real files; most tests use the floor N = 2^15 to stay quick. */
class KeystoreTest {
    private static final KdfParams FAST = new KdfParams(1 << 15, 8, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static SecureRandom random(final long seed) {
        try {
            // SHA1PRNG seeded before first use is deterministic, unlike the platform default.
            final SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (final NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static char[] pw(final String s) {
        return s.toCharArray();
    }

    private static SigningKey key(final SchemeId scheme, final long seed) {
        return SignatureSchemes.of(scheme).generate(random(seed));
    }

    private Path writeFast(final SigningKey key, final String password) {
        final Path file = dir.resolve("key.json");
        Keystore.write(file, key, pw(password), FAST, random(7), false);
        return file;
    }

    private static KeystoreError error(final Runnable action) {
        return assertThrows(KeystoreException.class, action::run).error();
    }

    private Path tampered(final Path file, final Consumer<ObjectNode> change) throws IOException {
        final ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(root);
        final Path out = dir.resolve("tampered.json");
        Files.write(out, JSON.writeValueAsBytes(root));
        return out;
    }

    private static ObjectNode kdf(final ObjectNode root) {
        return (ObjectNode) root.get("kdf");
    }

    @ParameterizedTest
    @EnumSource(SchemeId.class)
    void roundTripGivesBackTheSameKey(final SchemeId scheme) {
        try (SigningKey key = key(scheme, 1)) {
            final Path file = writeFast(key, "hunter2 is a fine password");
            final KeystoreFile read = Keystore.read(file);
            assertEquals(scheme, read.scheme());
            assertEquals(key.address(), read.address());
            assertArrayEquals(key.publicKey(), read.publicKey());
            assertEquals(FAST, read.kdf());
            try (SigningKey back = read.decrypt(pw("hunter2 is a fine password"))) {
                assertArrayEquals(key.seed(), back.seed());
                final byte[] msg = "transfer".getBytes(StandardCharsets.US_ASCII);
                assertTrue(back.scheme().verify(key.publicKey(), msg, back.sign(msg)));
            }
        }
    }

    @Test
    void defaultParametersRoundTrip() {
        try (SigningKey key = key(SchemeId.ED25519, 2)) {
            final Path file = dir.resolve("default.json");
            Keystore.write(file, key, pw("pw"), KeystorePolicy.DEFAULT.defaults(), new SecureRandom(), false);
            final KeystoreFile read = Keystore.read(file);
            assertEquals(new KdfParams(262144, 8, 1), read.kdf());
            try (SigningKey back = read.decrypt(pw("pw"))) {
                assertArrayEquals(key.seed(), back.seed());
            }
        }
    }

    @Test
    void fileHoldsTheDocumentedFieldsAndNoSecret() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 3)) {
            final Path file = writeFast(key, "pw");
            final String text = Files.readString(file);
            final JsonNode root = JSON.readTree(text);
            assertEquals(1, root.get("kairosKeystore").intValue());
            assertEquals("ed25519", root.get("scheme").textValue());
            assertEquals(key.address().toHex(), root.get("address").textValue());
            assertEquals(Hex.encodePrefixed(key.publicKey()), root.get("publicKey").textValue());
            assertEquals("scrypt", root.at("/kdf/name").textValue());
            assertEquals(32768, root.at("/kdf/n").intValue());
            assertEquals(66, root.at("/kdf/salt").textValue().length());
            assertEquals("aes-256-gcm", root.at("/cipher/name").textValue());
            assertEquals(26, root.at("/cipher/nonce").textValue().length());
            assertEquals(2 + 2 * 48, root.get("ciphertext").textValue().length());
            assertFalse(text.contains(Hex.encode(key.seed())), "the seed must not appear in clear");
        }
    }

    @Test
    void sameRandomGivesTheSameFileAndAnotherRandomAnother() {
        try (SigningKey key = key(SchemeId.ED25519, 4)) {
            final byte[] a = Keystore.encrypt(key, pw("pw"), FAST, random(9), KeystorePolicy.DEFAULT).toJson();
            final byte[] b = Keystore.encrypt(key, pw("pw"), FAST, random(9), KeystorePolicy.DEFAULT).toJson();
            final byte[] c = Keystore.encrypt(key, pw("pw"), FAST, random(10), KeystorePolicy.DEFAULT).toJson();
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, c));
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        try (SigningKey key = key(SchemeId.ML_DSA_44, 5)) {
            final KeystoreFile read = Keystore.read(writeFast(key, "right"));
            final KeystoreException e = assertThrows(KeystoreException.class, () -> read.decrypt(pw("wrong")));
            assertEquals(KeystoreError.WRONG_PASSWORD, e.error());
            assertEquals("WRONG_PASSWORD", e.code());
            assertTrue(e.getMessage().startsWith("WRONG_PASSWORD: "), e.getMessage());
        }
    }

    @Test
    void emptyPasswordIsRefusedOnWriteAndDecrypt() {
        try (SigningKey key = key(SchemeId.ED25519, 6)) {
            assertEquals(KeystoreError.EMPTY_PASSWORD,
                error(() -> Keystore.write(dir.resolve("e.json"), key, new char[0], FAST, random(1), false)));
            assertFalse(Files.exists(dir.resolve("e.json")));
            final KeystoreFile read = Keystore.read(writeFast(key, "pw"));
            assertEquals(KeystoreError.EMPTY_PASSWORD, error(() -> read.decrypt(new char[0])));
        }
    }

    @Test
    void passwordIsNormalisedToNfc() {
        try (SigningKey key = key(SchemeId.ED25519, 7)) {
            final KeystoreFile read = Keystore.read(writeFast(key, "caf\u00e9"));
            try (SigningKey back = read.decrypt(pw("cafe\u0301"))) {
                assertArrayEquals(key.publicKey(), back.publicKey());
            }
        }
    }

    @Test
    void tamperedCiphertextSaltNonceOrParametersFailDecryption() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 8)) {
            final Path file = writeFast(key, "pw");
            final List<Consumer<ObjectNode>> changes = List.of(
                root -> root.put("ciphertext", flipLastDigit(root.get("ciphertext").textValue())),
                root -> kdf(root).put("salt", flipLastDigit(kdf(root).get("salt").textValue())),
                root -> ((ObjectNode) root.get("cipher")).put("nonce",
                    flipLastDigit(root.at("/cipher/nonce").textValue())),
                root -> kdf(root).put("n", 1 << 16),
                root -> kdf(root).put("r", 9));
            for (final Consumer<ObjectNode> change : changes) {
                final KeystoreFile read = Keystore.read(tampered(file, change));
                assertEquals(KeystoreError.WRONG_PASSWORD, error(() -> read.decrypt(pw("pw"))));
            }
        }
    }

    @Test
    void tamperedPublicKeyWithItsOwnAddressFailsDecryption() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 9); SigningKey other = key(SchemeId.ED25519, 10)) {
            final Path file = tampered(writeFast(key, "pw"), root -> {
                root.put("publicKey", Hex.encodePrefixed(other.publicKey()));
                root.put("address", other.address().toHex());
            });
            final KeystoreFile read = Keystore.read(file);
            assertEquals(other.address(), read.address());
            assertEquals(KeystoreError.WRONG_PASSWORD, error(() -> read.decrypt(pw("pw"))));
        }
    }

    @Test
    void addressNotOfThePublicKeyIsRefusedOnRead() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 11); SigningKey other = key(SchemeId.ED25519, 12)) {
            final Path file = writeFast(key, "pw");
            final Path keyChanged = tampered(file, root -> root.put("publicKey", Hex.encodePrefixed(other.publicKey())));
            assertEquals(KeystoreError.KEY_MISMATCH, error(() -> Keystore.read(keyChanged)));
            final Path addressChanged = tampered(file, root -> root.put("address", other.address().toHex()));
            assertEquals(KeystoreError.KEY_MISMATCH, error(() -> Keystore.read(addressChanged)));
        }
    }

    @Test
    void seedThatDoesNotGiveTheStoredPublicKeyIsAKeyMismatch() {
        try (SigningKey key = key(SchemeId.ED25519, 13); SigningKey other = key(SchemeId.ED25519, 14)) {
            final byte[] salt = new byte[KeystoreFile.SALT_LENGTH];
            final byte[] nonce = new byte[KeystoreFile.NONCE_LENGTH];
            final KeystoreFile inconsistent = KeystoreFile.seal(SchemeId.ED25519, other.publicKey(), key.seed(),
                pw("pw"), FAST, salt, nonce);
            final KeystoreFile read = Keystore.parse(inconsistent.toJson(), KeystorePolicy.DEFAULT);
            assertEquals(KeystoreError.KEY_MISMATCH, error(() -> read.decrypt(pw("pw"))));
        }
    }

    @Test
    void weakOrCostlyParametersAreRefusedOnWriteWithoutCreatingTheFile() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 15)) {
            final Path file = dir.resolve("k.json");
            assertEquals(KeystoreError.KDF_BELOW_FLOOR,
                error(() -> Keystore.write(file, key, pw("pw"), new KdfParams(1 << 14, 8, 1), random(1), false)));
            assertEquals(KeystoreError.KDF_ABOVE_CEILING,
                error(() -> Keystore.write(file, key, pw("pw"), new KdfParams(1 << 21, 8, 1), random(1), false)));
            assertEquals(KeystoreError.KDF_ABOVE_CEILING,
                error(() -> Keystore.write(file, key, pw("pw"), new KdfParams(1 << 15, 8, 17), random(1), false)));
            assertEquals(KeystoreError.KDF_INVALID,
                error(() -> Keystore.write(file, key, pw("pw"), new KdfParams(100_000, 8, 1), random(1), false)));
            assertFalse(Files.exists(file));
            assertEquals(List.of(), listing());
        }
    }

    @Test
    void weakOrCostlyParametersAreRefusedOnRead() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 16)) {
            final Path file = writeFast(key, "pw");
            assertEquals(KeystoreError.KDF_BELOW_FLOOR, readError(tampered(file, root -> kdf(root).put("n", 1 << 14))));
            assertEquals(KeystoreError.KDF_BELOW_FLOOR, readError(tampered(file, root -> kdf(root).put("r", 1))));
            assertEquals(KeystoreError.KDF_ABOVE_CEILING, readError(tampered(file, root -> kdf(root).put("n", 1 << 30))));
            assertEquals(KeystoreError.KDF_ABOVE_CEILING, readError(tampered(file, root -> kdf(root).put("p", 1000))));
            assertEquals(KeystoreError.KDF_ABOVE_CEILING,
                readError(tampered(file, root -> kdf(root).put("n", 1L << 40))));
            assertEquals(KeystoreError.KDF_INVALID, readError(tampered(file, root -> kdf(root).put("n", 40000))));
            assertEquals(KeystoreError.KDF_INVALID, readError(tampered(file, root -> kdf(root).put("p", 0))));
            assertEquals(KeystoreError.KDF_INVALID, readError(tampered(file, root -> kdf(root).put("r", -8))));
        }
    }

    @Test
    void aStricterPolicyRefusesWhatTheDefaultAccepts() {
        try (SigningKey key = key(SchemeId.ED25519, 17)) {
            final Path file = writeFast(key, "pw");
            final KeystorePolicy strict = new KeystorePolicy(new KdfParams(1 << 18, 8, 1), 1 << 16, 8, 1, 1L << 30, 4);
            assertEquals(KeystoreError.KDF_BELOW_FLOOR, error(() -> Keystore.read(file, strict)));
        }
    }

    @Test
    void malformedFilesAreRefusedWithTypedErrors() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 18)) {
            final Path file = writeFast(key, "pw");
            assertEquals(KeystoreError.UNSUPPORTED_VERSION,
                readError(tampered(file, root -> root.put("kairosKeystore", 2))));
            assertEquals(KeystoreError.UNKNOWN_CIPHER,
                readError(tampered(file, root -> ((ObjectNode) root.get("cipher")).put("name", "aes-128-cbc"))));
            assertEquals(KeystoreError.UNKNOWN_KDF, readError(tampered(file, root -> kdf(root).put("name", "pbkdf2"))));
            assertEquals(KeystoreError.UNKNOWN_SCHEME, readError(tampered(file, root -> root.put("scheme", "rsa"))));
            // ML-DSA-44 keys are 1312 bytes: an Ed25519 key under that label is the wrong length.
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> root.put("scheme", "ml-dsa-44"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> root.put("extra", 1))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> root.remove("ciphertext"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> root.remove("kairosKeystore"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> root.put("kairosKeystore", "1"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> kdf(root).put("n", 32768.0))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> kdf(root).put("n", "32768"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file, root -> root.put("kdf", "scrypt"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file,
                root -> root.put("ciphertext", root.get("ciphertext").textValue() + "00"))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file,
                root -> root.put("ciphertext", root.get("ciphertext").textValue().substring(2)))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file,
                root -> kdf(root).put("salt", "0x" + "zz".repeat(32)))));
            assertEquals(KeystoreError.MALFORMED, readError(tampered(file,
                root -> kdf(root).put("salt", "0x" + "00".repeat(16)))));

            final String text = Files.readString(file);
            assertEquals(KeystoreError.MALFORMED, parseError(text.replaceFirst("\"scheme\"", "\"scheme\" : \"ed25519\", \"scheme\"")));
            assertEquals(KeystoreError.MALFORMED, parseError(text + "{}"));
            assertEquals(KeystoreError.MALFORMED, parseError(text.substring(0, text.length() / 2)));
            assertEquals(KeystoreError.MALFORMED, parseError(""));
            assertEquals(KeystoreError.MALFORMED, parseError("[1, 2]"));
            assertEquals(KeystoreError.MALFORMED, parseError("null"));
        }
    }

    @Test
    void oversizedFileIsRefusedWithoutParsing() throws IOException {
        final Path big = dir.resolve("big.json");
        Files.write(big, new byte[Keystore.MAX_FILE_BYTES + 1]);
        assertEquals(KeystoreError.MALFORMED, readError(big));
    }

    @Test
    void missingFileIsAnIoError() {
        assertEquals(KeystoreError.IO, readError(dir.resolve("absent.json")));
    }

    @Test
    void fileIsOwnerReadWriteOnlyAndNoTempFileRemains() throws IOException {
        try (SigningKey key = key(SchemeId.ML_DSA_44, 19)) {
            final Path file = writeFast(key, "pw");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertFalse(Keystore.readableByOthers(file));
            assertEquals(List.of("key.json"), listing());
        }
    }

    @Test
    void existingFileIsKeptUnlessOverwriteIsAsked() throws IOException {
        try (SigningKey first = key(SchemeId.ED25519, 20); SigningKey second = key(SchemeId.ED25519, 21)) {
            final Path file = writeFast(first, "pw");
            final byte[] before = Files.readAllBytes(file);
            assertEquals(KeystoreError.FILE_EXISTS,
                error(() -> Keystore.write(file, second, pw("pw"), FAST, random(2), false)));
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of("key.json"), listing());

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Keystore.write(file, second, pw("pw"), FAST, random(2), true);
            assertEquals(second.address(), Keystore.read(file).address());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(List.of("key.json"), listing());
        }
    }

    @Test
    void anyExistingEntryCountsAsExisting() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 22)) {
            final Path link = dir.resolve("dangling.json");
            Files.createSymbolicLink(link, dir.resolve("nowhere"));
            assertEquals(KeystoreError.FILE_EXISTS,
                error(() -> Keystore.write(link, key, pw("pw"), FAST, random(3), false)));
            assertFalse(Files.exists(dir.resolve("nowhere")));
        }
    }

    @Test
    void missingDirectoryIsAnIoErrorBeforeAnyWork() {
        try (SigningKey key = key(SchemeId.ED25519, 23)) {
            assertEquals(KeystoreError.IO, error(() -> Keystore.write(dir.resolve("no/such/dir/k.json"), key, pw("pw"),
                FAST, random(4), false)));
            assertEquals(KeystoreError.IO, error(() -> Keystore.checkWritable(dir, true)));
        }
    }

    @Test
    void groupReadableFileIsReported() throws IOException {
        try (SigningKey key = key(SchemeId.ED25519, 24)) {
            final Path file = writeFast(key, "pw");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            assertTrue(Keystore.readableByOthers(file));
        }
    }

    @Test
    void signingKeyWhosePublicKeyIsNotItsOwnIsRefused() {
        try (SigningKey key = key(SchemeId.ED25519, 25); SigningKey other = key(SchemeId.ED25519, 26)) {
            final SigningKey lying = new SigningKey() {
                @Override
                public SignatureScheme scheme() {
                    return Ed25519Scheme.INSTANCE;
                }

                @Override
                public byte[] publicKey() {
                    return other.publicKey();
                }

                @Override
                public byte[] seed() {
                    return key.seed();
                }

                @Override
                public byte[] sign(final byte[] message, final int offset, final int length) {
                    return key.sign(message, offset, length);
                }

                @Override
                public void destroy() {
                }
            };
            assertEquals(KeystoreError.KEY_MISMATCH,
                error(() -> Keystore.encrypt(lying, pw("pw"), FAST, random(5), KeystorePolicy.DEFAULT)));
        }
    }

    private static KeystoreError readError(final Path file) {
        return error(() -> Keystore.read(file));
    }

    private static KeystoreError parseError(final String json) {
        return error(() -> Keystore.parse(json.getBytes(StandardCharsets.UTF_8), KeystorePolicy.DEFAULT));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String flipLastDigit(final String hex) {
        final char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }
}
