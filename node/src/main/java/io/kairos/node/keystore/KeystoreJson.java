package io.kairos.node.keystore;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SignatureSchemes;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keystore's JSON form. Reading is strict: exactly the known fields, no duplicates, no trailing
 * content, fixed lengths, so that nothing in a file escapes the AEAD's associated data. Thread-safe.
 */
final class KeystoreJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();

    private static final Set<String> ROOT_FIELDS =
        Set.of("kairosKeystore", "scheme", "address", "publicKey", "kdf", "cipher", "ciphertext");
    private static final Set<String> KDF_FIELDS = Set.of("name", "n", "r", "p", "salt");
    private static final Set<String> CIPHER_FIELDS = Set.of("name", "nonce");

    private KeystoreJson() {
    }

    private static byte[] bytes(final JsonNode node) {
        try {
            final byte[] json = MAPPER.writeValueAsBytes(node);
            final byte[] withNewline = Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (final IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static byte[] write(final KeystoreFile file) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("kairosKeystore", file.version());
        root.put("scheme", file.scheme().label());
        root.put("address", file.address().toHex());
        root.put("publicKey", Hex.encodePrefixed(file.publicKey()));
        final ObjectNode kdf = root.putObject("kdf");
        kdf.put("name", KeystoreFile.KDF_NAME);
        kdf.put("n", file.kdf().n());
        kdf.put("r", file.kdf().r());
        kdf.put("p", file.kdf().p());
        kdf.put("salt", Hex.encodePrefixed(file.salt()));
        final ObjectNode cipher = root.putObject("cipher");
        cipher.put("name", file.cipher());
        cipher.put("nonce", Hex.encodePrefixed(file.nonce()));
        root.put("ciphertext", Hex.encodePrefixed(file.ciphertext()));
        return bytes(root);
    }

    /**
     * Parses and checks a keystore: version, exact fields, known KDF, cipher and scheme, lengths,
     * KDF parameters against {@code policy}, and that the address belongs to the public key.
     */
    static KeystoreFile parse(final byte[] json, final KeystorePolicy policy) {
        final JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (final JacksonException e) {
            throw malformed("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (final IOException e) {
            throw malformed("not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed("expected a JSON object");
        }
        final JsonNode version = root.get("kairosKeystore");
        if (version == null) {
            throw malformed("no \"kairosKeystore\" field: not a Kairos keystore");
        }
        if (!version.isIntegralNumber()) {
            throw malformed("\"kairosKeystore\" must be an integer version");
        }
        if (!version.canConvertToInt() || version.intValue() != KeystoreFile.VERSION) {
            throw new KeystoreException(KeystoreError.UNSUPPORTED_VERSION, "keystore version " + version.asText()
                + " is not supported (this build reads version " + KeystoreFile.VERSION + ")");
        }
        exactFields(root, ROOT_FIELDS, "the keystore");
        final JsonNode kdfNode = object(root, "kdf");
        final JsonNode cipherNode = object(root, "cipher");
        exactFields(kdfNode, KDF_FIELDS, "\"kdf\"");
        exactFields(cipherNode, CIPHER_FIELDS, "\"cipher\"");

        final String kdfName = text(kdfNode, "name");
        if (!KeystoreFile.KDF_NAME.equals(kdfName)) {
            throw new KeystoreException(KeystoreError.UNKNOWN_KDF,
                "key-derivation function '" + kdfName + "' is not supported (expected scrypt)");
        }
        final String cipherName = text(cipherNode, "name");
        if (!KeystoreFile.CIPHER_NAME.equals(cipherName)) {
            throw new KeystoreException(KeystoreError.UNKNOWN_CIPHER,
                "cipher '" + cipherName + "' is not supported (expected " + KeystoreFile.CIPHER_NAME + ")");
        }
        final KdfParams kdf = new KdfParams(kdfInt(kdfNode, "n"), kdfInt(kdfNode, "r"), kdfInt(kdfNode, "p"));
        policy.check(kdf);

        final SchemeId schemeId;
        try {
            schemeId = SchemeId.fromLabel(text(root, "scheme"));
        } catch (final ValidationException e) {
            throw new KeystoreException(KeystoreError.UNKNOWN_SCHEME,
                "signature scheme '" + text(root, "scheme") + "' is not known (known: ed25519, ml-dsa-44)");
        }
        final SignatureScheme scheme = SignatureSchemes.of(schemeId);
        final byte[] publicKey = hex(root, "publicKey", scheme.publicKeyLength());
        final Address stated = Address.of(hex(root, "address", Address.LENGTH));
        final Address derived = scheme.address(publicKey);
        if (!stated.equals(derived)) {
            throw new KeystoreException(KeystoreError.KEY_MISMATCH, "the stored address " + stated
                + " is not the address of the stored " + schemeId + " public key (" + derived + ")");
        }
        final byte[] salt = hex(kdfNode, "salt", KeystoreFile.SALT_LENGTH);
        final byte[] nonce = hex(cipherNode, "nonce", KeystoreFile.NONCE_LENGTH);
        final byte[] ciphertext = hex(root, "ciphertext", KeystoreFile.CIPHERTEXT_LENGTH);
        return new KeystoreFile(schemeId, derived, publicKey, kdf, salt, nonce, ciphertext);
    }

    private static void exactFields(final JsonNode node, final Set<String> expected, final String where) {
        final Set<String> present = new TreeSet<>();
        node.fieldNames().forEachRemaining(present::add);
        if (!present.equals(expected)) {
            final List<String> missing = new ArrayList<>(new TreeSet<>(expected));
            missing.removeAll(present);
            final List<String> unknown = new ArrayList<>(present);
            unknown.removeAll(expected);
            throw malformed(where + " must have exactly the fields " + new TreeSet<>(expected)
                + (missing.isEmpty() ? "" : "; missing " + missing)
                + (unknown.isEmpty() ? "" : "; unknown " + unknown));
        }
    }

    private static JsonNode object(final JsonNode parent, final String field) {
        final JsonNode node = parent.get(field);
        if (!node.isObject()) {
            throw malformed("\"" + field + "\" must be a JSON object");
        }
        return node;
    }

    private static String text(final JsonNode parent, final String field) {
        final JsonNode node = parent.get(field);
        if (!node.isTextual()) {
            throw malformed("\"" + field + "\" must be a string");
        }
        return node.textValue();
    }

    private static byte[] hex(final JsonNode parent, final String field, final int length) {
        final String text = text(parent, field);
        if (!text.startsWith("0x")) {
            throw malformed("\"" + field + "\" must be 0x followed by hex digits");
        }
        final byte[] bytes;
        try {
            bytes = Hex.decode(text);
        } catch (final ValidationException e) {
            throw malformed("\"" + field + "\": " + e.getMessage());
        }
        if (bytes.length != length) {
            throw malformed("\"" + field + "\" must be " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** A KDF integer; values outside int are refused with the policy's codes before any use. */
    private static int kdfInt(final JsonNode kdf, final String field) {
        final JsonNode node = kdf.get(field);
        if (!node.isIntegralNumber()) {
            throw malformed("\"kdf\".\"" + field + "\" must be an integer");
        }
        final BigInteger value = node.bigIntegerValue();
        if (value.signum() <= 0) {
            throw new KeystoreException(KeystoreError.KDF_INVALID,
                "scrypt " + field + " must be positive, got " + value);
        }
        if (value.bitLength() > 31) {
            throw new KeystoreException(KeystoreError.KDF_ABOVE_CEILING,
                "scrypt " + field + " = " + value + " is far above the ceiling");
        }
        return value.intValue();
    }

    private static KeystoreException malformed(final String message) {
        return new KeystoreException(KeystoreError.MALFORMED, message);
    }
}
