package io.kairos.node.cli;

import io.kairos.node.keystore.Keystore;
import io.kairos.node.keystore.KeystoreFile;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code kairos keys show}: a keystore's public part, and with {@code --check} whether a password opens it. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print a keystore's address, scheme and public key (no password needed).")
public final class KeysShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The keystore file.")
    Path file;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Option(names = "--check", description = "Also ask for the password and check that it decrypts the key.")
    boolean check;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordOptions password;

    @Override
    public Integer call() {
        if (password != null && !check) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--password-file and --password-env are only used with --check");
        }
        final PrintWriter err = spec.commandLine().getErr();
        final KeystoreFile keystore = Keystore.read(file);
        if (Keystore.readableByOthers(file)) {
            err.println("warning: keystore " + file + " is readable by group or others; restrict it with: chmod 600 "
                + file);
            err.flush();
        }
        if (check) {
            Keystore.checkHeap(keystore.kdf());
            final char[] pw = PasswordOptions.sourceOf(password, err, System.getenv())
                .read("Password for " + file + ": ", false);
            try {
                // Decrypting and matching the stored public key is the whole check.
                keystore.decrypt(pw).destroy();
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        KeysOutput.print(spec.commandLine().getOut(), keystore, file, json, true, check);
        return 0;
    }
}
