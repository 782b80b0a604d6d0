package io.kairos.node.cli;

import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.node.keystore.KdfParams;
import io.kairos.node.keystore.Keystore;
import io.kairos.node.keystore.KeystoreFile;
import io.kairos.node.keystore.KeystorePolicy;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code kairos keys new}: generates a key and writes it to a new encrypted keystore. */
@Command(name = "new", mixinStandardHelpOptions = true,
    description = "Generate a key and write it to an encrypted keystore file (mode 600, written atomically).")
public final class KeysNewCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "ed25519",
        description = "Signature scheme: ed25519 or ml-dsa-44 (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The keystore file to create.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists (the key in it is lost).")
    boolean force;

    @Option(names = "--scrypt-n", paramLabel = "N",
        description = "scrypt cost N, a power of two from 32768 (2^15) to 1048576 (2^20); default 262144 (2^18).")
    Integer scryptN;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordOptions password;

    @Override
    public Integer call() {
        final SchemeId schemeId = SchemeId.fromLabel(scheme);
        final KeystorePolicy policy = KeystorePolicy.DEFAULT;
        final KdfParams kdf = scryptN == null ? policy.defaults() : policy.defaults().withN(scryptN);
        // Refuse bad parameters, a too-small heap and an existing file before asking for a password.
        policy.check(kdf);
        Keystore.checkHeap(kdf);
        Keystore.checkWritable(out, force);
        final char[] pw = PasswordOptions.sourceOf(password, spec.commandLine().getErr(), System.getenv())
            .read("Password for the new keystore: ", true);
        try {
            final SecureRandom random = new SecureRandom();
            final KeystoreFile written;
            try (SigningKey key = SignatureSchemes.of(schemeId).generate(random)) {
                written = Keystore.write(out, key, pw, kdf, random, force, policy);
            }
            KeysOutput.print(spec.commandLine().getOut(), written, out, json, false, false);
        } finally {
            Arrays.fill(pw, '\0');
        }
        return 0;
    }
}
