package io.kairos.node.cli;

import io.kairos.node.keystore.Keystore;
import io.kairos.node.keystore.KeystoreError;
import io.kairos.node.keystore.KeystoreException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The implementations behind {@link PasswordSource}'s factories. Stateless. */
final class PasswordSources {
    /** A password file larger than this is a mistake (a key, a log), not a password. */
    static final int MAX_PASSWORD_FILE_BYTES = 4096;

    private static final String USE_NON_INTERACTIVE =
        "use --password-file FILE or --password-env VAR to give the password without a terminal";

    private PasswordSources() {
    }

    static char[] fromFile(final Path file, final PrintWriter warnings) {
        final byte[] bytes = readPasswordFile(file);
        CharBuffer chars = null;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            int start = 0;
            if (chars.length() > 0 && chars.charAt(0) == '\uFEFF') {
                start = 1;
            }
            int end = start;
            while (end < chars.length() && chars.charAt(end) != '\n') {
                end++;
            }
            if (end > start && chars.charAt(end - 1) == '\r') {
                end--;
            }
            final char[] password = new char[end - start];
            for (int i = 0; i < password.length; i++) {
                password[i] = chars.charAt(start + i);
            }
            if (password.length == 0) {
                throw new KeystoreException(KeystoreError.EMPTY_PASSWORD,
                    "the first line of password file " + file + " is empty");
            }
            if (Keystore.readableByOthers(file)) {
                warnings.println("warning: password file " + file + " is readable by group or others; "
                    + "restrict it with: chmod 600 " + file);
                warnings.flush();
            }
            return password;
        } catch (final CharacterCodingException e) {
            throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE,
                "password file " + file + " is not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }

    private static byte[] readPasswordFile(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] bytes = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
            if (bytes.length > MAX_PASSWORD_FILE_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE, "password file " + file
                    + " is larger than " + MAX_PASSWORD_FILE_BYTES + " bytes; it should hold one line");
            }
            return bytes;
        } catch (final NoSuchFileException e) {
            throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE, "password file " + file + " does not exist");
        } catch (final IOException e) {
            throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE,
                "cannot read password file " + file + ": " + e.getMessage());
        }
    }

    static char[] fromEnvironment(final String variable, final Map<String, String> environment) {
        final String value = environment.get(variable);
        if (value == null) {
            throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE,
                "environment variable " + variable + " is not set");
        }
        if (value.isEmpty()) {
            throw new KeystoreException(KeystoreError.EMPTY_PASSWORD, "environment variable " + variable + " is empty");
        }
        // The environment's own String cannot be wiped; the copy handed out can.
        return value.toCharArray();
    }

    static char[] fromTerminal(final PasswordSource.Terminal terminal, final String prompt, final boolean confirm) {
        if (terminal == null) {
            throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE,
                "no terminal to ask for the password; " + USE_NON_INTERACTIVE);
        }
        final char[] first = ask(terminal, prompt);
        if (!confirm) {
            return first;
        }
        final char[] second;
        try {
            second = ask(terminal, "Repeat the password: ");
        } catch (final KeystoreException e) {
            Arrays.fill(first, '\0');
            throw e;
        }
        try {
            if (!Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                throw new KeystoreException(KeystoreError.PASSWORD_MISMATCH, "the two passwords differ");
            }
            return first;
        } finally {
            Arrays.fill(second, '\0');
        }
    }

    private static char[] ask(final PasswordSource.Terminal terminal, final String prompt) {
        final char[] password = terminal.readPassword(prompt);
        if (password == null) {
            throw new KeystoreException(KeystoreError.PASSWORD_UNAVAILABLE,
                "no password was entered (end of input); " + USE_NON_INTERACTIVE);
        }
        if (password.length == 0) {
            throw new KeystoreException(KeystoreError.EMPTY_PASSWORD, "the password is empty");
        }
        return password;
    }
}
