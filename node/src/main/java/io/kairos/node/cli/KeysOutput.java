package io.kairos.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Hex;
import io.kairos.node.keystore.KeystoreFile;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** Prints a keystore's public part for the {@code keys} commands, as aligned text or JSON. Stateless. */
final class KeysOutput {
    /** Public keys longer than this are shortened in text unless the full key was asked for. */
    private static final int SHORT_KEY_BYTES = 64;
    private static final int SHOWN_BYTES = 16;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private KeysOutput() {
    }

    /**
     * @param fullKey       print a long (ML-DSA) public key in full in text form; JSON always has it all
     * @param passwordChecked a password was shown to decrypt the key
     */
    static void print(final PrintWriter out, final KeystoreFile keystore, final Path file, final boolean json,
                      final boolean fullKey, final boolean passwordChecked) {
        final byte[] publicKey = keystore.publicKey();
        final String path = file.toAbsolutePath().normalize().toString();
        if (json) {
            final ObjectNode root = JSON.createObjectNode();
            root.put("file", path);
            root.put("address", keystore.address().toHex());
            root.put("scheme", keystore.scheme().label());
            root.put("publicKey", Hex.encodePrefixed(publicKey));
            final ObjectNode kdf = root.putObject("kdf");
            kdf.put("name", KeystoreFile.KDF_NAME);
            kdf.put("n", keystore.kdf().n());
            kdf.put("r", keystore.kdf().r());
            kdf.put("p", keystore.kdf().p());
            root.put("cipher", keystore.cipher());
            root.put("passwordChecked", passwordChecked);
            try {
                out.println(JSON.writeValueAsString(root));
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        } else {
            out.println("address:    " + keystore.address().toHex());
            out.println("scheme:     " + keystore.scheme().label());
            out.println("public key: " + (fullKey || publicKey.length <= SHORT_KEY_BYTES
                ? Hex.encodePrefixed(publicKey)
                : Hex.encodePrefixed(Arrays.copyOf(publicKey, SHOWN_BYTES)) + "... (" + publicKey.length
                    + " bytes; 'kairos keys show " + path + "' prints it in full)"));
            out.println("kdf:        " + keystore.kdf() + ", " + keystore.cipher());
            out.println("file:       " + path);
            if (passwordChecked) {
                out.println("password:   ok, it decrypts the key");
            }
        }
        out.flush();
    }
}
