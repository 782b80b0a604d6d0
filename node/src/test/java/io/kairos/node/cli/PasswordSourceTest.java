package io.kairos.node.cli;

import io.kairos.node.keystore.KeystoreError;
import io.kairos.node.keystore.KeystoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordSourceTest {
    @TempDir
    Path dir;

    private final StringWriter warnings = new StringWriter();

    private char[] fromFile(final byte[] content, final String mode) throws IOException {
        final Path file = dir.resolve("pw.txt");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return PasswordSource.file(file, new PrintWriter(warnings)).read("ignored", true);
    }

    private char[] fromFile(final String content) throws IOException {
        return fromFile(content.getBytes(StandardCharsets.UTF_8), "rw-------");
    }

    private static KeystoreError error(final PasswordSource source, final boolean confirm) {
        return assertThrows(KeystoreException.class, () -> source.read("Password: ", confirm)).error();
    }

    @Test
    void fileGivesItsFirstLineWithoutTheLineEnd() throws IOException {
        assertArrayEquals("s3cret pass".toCharArray(), fromFile("s3cret pass\n"));
        assertArrayEquals("s3cret".toCharArray(), fromFile("s3cret\r\nsecond line\n"));
        assertArrayEquals("no newline".toCharArray(), fromFile("no newline"));
        assertArrayEquals(" spaces kept ".toCharArray(), fromFile(" spaces kept \n"));
        assertArrayEquals("bom".toCharArray(), fromFile("\uFEFFbom\n"));
        assertArrayEquals("\u00fcber".toCharArray(), fromFile("\u00fcber\n"));
        assertEquals("", warnings.toString());
    }

    @Test
    void emptyFirstLineIsRefused() {
        assertEquals(KeystoreError.EMPTY_PASSWORD,
            assertThrows(KeystoreException.class, () -> fromFile("\nsecond\n")).error());
        assertEquals(KeystoreError.EMPTY_PASSWORD, assertThrows(KeystoreException.class, () -> fromFile("")).error());
    }

    @Test
    void unreadableOrOddFilesAreRefused() {
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE,
            error(PasswordSource.file(dir.resolve("absent"), new PrintWriter(warnings)), false));
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE, assertThrows(KeystoreException.class,
            () -> fromFile(new byte[] {'a', (byte) 0xC3, '\n'}, "rw-------")).error());
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE, assertThrows(KeystoreException.class,
            () -> fromFile("x".repeat(PasswordSources.MAX_PASSWORD_FILE_BYTES + 1))).error());
    }

    @Test
    void groupOrWorldReadableFileGivesAWarning() throws IOException {
        assertArrayEquals("pw".toCharArray(), fromFile("pw\n".getBytes(StandardCharsets.UTF_8), "rw-r--r--"));
        assertTrue(warnings.toString().startsWith("warning: password file "), warnings.toString());
        assertTrue(warnings.toString().contains("chmod 600"), warnings.toString());
    }

    @Test
    void environmentVariableGivesItsValue() {
        final Map<String, String> env = Map.of("KAIROS_PW", "from env", "EMPTY", "");
        assertArrayEquals("from env".toCharArray(), PasswordSource.environment("KAIROS_PW", env).read("x", true));
        final KeystoreException unset = assertThrows(KeystoreException.class,
            () -> PasswordSource.environment("UNSET", env).read("x", false));
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE, unset.error());
        assertTrue(unset.getMessage().contains("UNSET is not set"), unset.getMessage());
        assertEquals(KeystoreError.EMPTY_PASSWORD, error(PasswordSource.environment("EMPTY", env), false));
    }

    /** A scripted terminal that records its prompts. */
    private static final class ScriptedTerminal implements PasswordSource.Terminal {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(final String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public char[] readPassword(final String prompt) {
            prompts.add(prompt);
            final String next = answers.poll();
            return next == null ? null : next.toCharArray();
        }
    }

    @Test
    void terminalAsksOnceToOpenAndTwiceToCreate() {
        final ScriptedTerminal once = new ScriptedTerminal("pw1");
        assertArrayEquals("pw1".toCharArray(), PasswordSource.terminal(once).read("Password: ", false));
        assertEquals(List.of("Password: "), once.prompts);

        final ScriptedTerminal twice = new ScriptedTerminal("pw2", "pw2");
        assertArrayEquals("pw2".toCharArray(), PasswordSource.terminal(twice).read("New: ", true));
        assertEquals(2, twice.prompts.size());
    }

    @Test
    void terminalRefusesMismatchEmptyAndEndOfInput() {
        assertEquals(KeystoreError.PASSWORD_MISMATCH, error(PasswordSource.terminal(new ScriptedTerminal("a", "b")), true));
        assertEquals(KeystoreError.EMPTY_PASSWORD, error(PasswordSource.terminal(new ScriptedTerminal("")), false));
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE, error(PasswordSource.terminal(new ScriptedTerminal()), false));
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE, error(PasswordSource.terminal(new ScriptedTerminal("a")), true));
    }

    @Test
    void noTerminalTellsHowToGiveThePasswordOtherwise() {
        final KeystoreException e = assertThrows(KeystoreException.class,
            () -> PasswordSource.terminal(null).read("Password: ", false));
        assertEquals(KeystoreError.PASSWORD_UNAVAILABLE, e.error());
        assertTrue(e.getMessage().contains("--password-file") && e.getMessage().contains("--password-env"),
            e.getMessage());
    }
}
