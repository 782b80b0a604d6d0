package io.kairos.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.engine.core.Hex;
import io.kairos.node.keystore.Keystore;
import io.kairos.node.keystore.KeystoreFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos keys} end to end through picocli, with real files and real scrypt (N = 2^15). */
class KeysCommandTest {
    private static final Pattern ADDRESS = Pattern.compile("address: +(0x[0-9a-f]{40})");

    @TempDir
    Path dir;

    private Path passwordFile;
    private Path wrongPasswordFile;
    private Path keystore;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void files() throws IOException {
        passwordFile = dir.resolve("pw.txt");
        Files.writeString(passwordFile, "correct horse\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        wrongPasswordFile = dir.resolve("wrong.txt");
        Files.writeString(wrongPasswordFile, "battery staple\n");
        Files.setPosixFilePermissions(wrongPasswordFile, PosixFilePermissions.fromString("rw-------"));
        keystore = dir.resolve("validator.json");
    }

    private int run(final String... args) {
        out = new StringWriter();
        err = new StringWriter();
        final CommandLine cl = KairosCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private int newKey(final String scheme, final String... extra) {
        final List<String> args = new ArrayList<>(List.of("keys", "new", "--scheme", scheme,
            "--out", keystore.toString(), "--scrypt-n", "32768", "--password-file", passwordFile.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static String address(final String output) {
        final Matcher m = ADDRESS.matcher(output);
        assertTrue(m.find(), "no address in: " + output);
        return m.group(1);
    }

    @Test
    void newThenShowPrintTheSameAddressSchemeAndKey() throws IOException {
        assertEquals(0, newKey("ml-dsa-44"), err.toString());
        final String created = out.toString();
        final String address = address(created);
        assertTrue(created.contains("scheme:     ml-dsa-44"), created);
        assertTrue(created.contains("(1312 bytes;"), created);
        assertTrue(created.contains("file:       " + keystore), created);
        assertEquals("", err.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "only the two password files and the keystore");
        }

        final KeystoreFile written = Keystore.read(keystore);
        assertEquals(0, run("keys", "show", keystore.toString()), err.toString());
        final String shown = out.toString();
        assertEquals(address, address(shown));
        assertEquals(written.address().toHex(), address);
        assertTrue(shown.contains("public key: 0x" + Hex.encode(written.publicKey()) + "\n"),
            shown);
        assertTrue(shown.contains("scrypt N=32768 (2^15) r=8 p=1, aes-256-gcm"), shown);
        assertFalse(shown.contains("password:"), shown);
    }

    @Test
    void showJsonIsMachineReadable() throws IOException {
        assertEquals(0, newKey("ed25519"));
        final String address = address(out.toString());
        assertEquals(0, run("keys", "show", "--json", keystore.toString()), err.toString());
        final JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(address, json.get("address").textValue());
        assertEquals("ed25519", json.get("scheme").textValue());
        assertEquals(66, json.get("publicKey").textValue().length());
        assertEquals(32768, json.at("/kdf/n").intValue());
        assertEquals("aes-256-gcm", json.get("cipher").textValue());
        assertFalse(json.get("passwordChecked").booleanValue());
        assertEquals(keystore.toString(), json.get("file").textValue());
    }

    @Test
    void newJsonCarriesTheFullPublicKey() throws IOException {
        assertEquals(0, newKey("ml-dsa-44", "--json"));
        final JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(2 + 2 * 1312, json.get("publicKey").textValue().length());
    }

    @Test
    void checkConfirmsTheRightPasswordAndRefusesAWrongOne() {
        assertEquals(0, newKey("ed25519"));
        assertEquals(0, run("keys", "show", "--check", "--password-file", passwordFile.toString(),
            keystore.toString()), err.toString());
        assertTrue(out.toString().contains("password:   ok"), out.toString());

        assertEquals(2, run("keys", "show", "--check", "--password-file", wrongPasswordFile.toString(),
            keystore.toString()));
        assertTrue(err.toString().startsWith("error: WRONG_PASSWORD: "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void existingFileIsRefusedUnlessForced() throws IOException {
        assertEquals(0, newKey("ed25519"));
        final String first = address(out.toString());
        final byte[] before = Files.readAllBytes(keystore);

        assertEquals(2, newKey("ed25519"));
        assertTrue(err.toString().startsWith("error: FILE_EXISTS: "), err.toString());
        assertArrayEquals(before, Files.readAllBytes(keystore));

        assertEquals(0, newKey("ed25519", "--force"), err.toString());
        assertNotEquals(first, address(out.toString()));
        assertEquals(address(out.toString()), Keystore.read(keystore).address().toHex());
    }

    @Test
    void kdfOutsideThePolicyIsRefused() {
        assertEquals(2, run("keys", "new", "--out", keystore.toString(), "--scrypt-n", "16384",
            "--password-file", passwordFile.toString()));
        assertTrue(err.toString().startsWith("error: KDF_BELOW_FLOOR: "), err.toString());
        assertEquals(2, run("keys", "new", "--out", keystore.toString(), "--scrypt-n", "2097152",
            "--password-file", passwordFile.toString()));
        assertTrue(err.toString().startsWith("error: KDF_ABOVE_CEILING: "), err.toString());
        assertEquals(2, run("keys", "new", "--out", keystore.toString(), "--scrypt-n", "100000",
            "--password-file", passwordFile.toString()));
        assertTrue(err.toString().startsWith("error: KDF_INVALID: "), err.toString());
        assertFalse(Files.exists(keystore));
    }

    @Test
    void badInputsGiveOneTypedLine() throws IOException {
        assertEquals(2, newKey("rsa"));
        assertEquals("error: UNKNOWN_SCHEME: unknown signature scheme 'rsa' (known: ed25519, ml-dsa-44, secp256k1-eth)",
            err.toString().strip());

        final Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "{\"hello\": 1}");
        assertEquals(2, run("keys", "show", garbage.toString()));
        assertTrue(err.toString().startsWith("error: MALFORMED: "), err.toString());

        assertEquals(2, run("keys", "show", dir.resolve("absent.json").toString()));
        assertTrue(err.toString().startsWith("error: IO: "), err.toString());

        assertEquals(2, run("keys", "new", "--out", keystore.toString(), "--password-file",
            dir.resolve("absent.txt").toString()));
        assertTrue(err.toString().startsWith("error: PASSWORD_UNAVAILABLE: "), err.toString());
        assertFalse(Files.exists(keystore));
    }

    @Test
    void misuseOfOptionsIsAUsageError() {
        assertEquals(2, run("keys", "new", "--password-file", passwordFile.toString()));
        assertTrue(err.toString().contains("--out"), err.toString());
        assertEquals(2, run("keys", "new", "--out", keystore.toString(), "--password-file", passwordFile.toString(),
            "--password-env", "X"));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
        assertEquals(0, newKey("ed25519"));
        assertEquals(2, run("keys", "show", "--password-file", passwordFile.toString(), keystore.toString()));
        assertTrue(err.toString().contains("only used with --check"), err.toString());
    }

    @Test
    void groupReadablePasswordFileWarnsButWorks() throws IOException {
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(0, newKey("ed25519"));
        assertTrue(err.toString().startsWith("warning: password file "), err.toString());
    }

    @Test
    void keysAloneAndHelpPrintUsage() {
        assertEquals(0, run("keys"));
        assertTrue(out.toString().contains("new") && out.toString().contains("show"), out.toString());
        assertEquals(0, run("keys", "new", "--help"));
        assertTrue(out.toString().contains("--scrypt-n"), out.toString());
    }
}
