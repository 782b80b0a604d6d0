package io.kairos.engine.crypto;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds the shared test-vector folder (the one holding {@code wycheproof/}) for tests.
 *
 * <p>Where it looks, first match wins:
 * <ol>
 *   <li>the environment variable {@value #ENV_VECTORS}, if set (a wrong value fails the test, so a typo
 *       cannot turn into a silent skip);</li>
 *   <li>{@code ../shared/vectors} beside the repository root, the root being {@value #ENV_ROOT}
 *       (Surefire sets it) or else the nearest directory above the working directory that holds
 *       {@code jvm.options}.</li>
 * </ol>
 * When nothing is found the calling test is skipped with a message saying where it looked and how to
 * point at the vectors, except with {@code CI=true}, where a missing folder fails the test. Stateless;
 * safe from any thread.
 */
final class TestVectors {
    static final String ENV_VECTORS = "KAIROS_VECTORS";
    static final String ENV_ROOT = "KAIROS_ROOT";
    static final String ENV_CI = "CI";
    static final String MARKER = "wycheproof";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private TestVectors() {
    }

    /**
     * The outcome of a search: the vectors folder (null if not found), where it looked, and whether
     * the location was given explicitly by {@value #ENV_VECTORS}.
     */
    record Lookup(Path folder, String lookedAt, boolean explicit) {
        boolean found() {
            return folder != null;
        }
    }

    /** What the test should do about a lookup, decided without side effects so it can be tested. */
    enum Verdict { USE, SKIP, FAIL }

    /** The {@code wycheproof/} folder for the running JVM's environment; skips or fails if absent. */
    static Path wycheproofFolder() {
        final Map<String, String> env = System.getenv();
        final Lookup lookup = locate(env, Path.of("").toAbsolutePath());
        final String message = explain(lookup);
        return switch (verdict(lookup, env)) {
            case USE -> lookup.folder().resolve(MARKER);
            case FAIL -> Assertions.fail(message);
            case SKIP -> {
                if (WARNED.compareAndSet(false, true)) {
                    System.err.println("[WARNING] " + message);
                }
                yield Assumptions.abort(message);
            }
        };
    }

    /** A file under {@code wycheproof/}; a missing file in a present folder is a broken checkout: fail. */
    static Path wycheproofFile(final String name) {
        final Path file = wycheproofFolder().resolve(name);
        if (!Files.isRegularFile(file)) {
            Assertions.fail("test-vector file " + file + " is missing although its folder exists");
        }
        return file;
    }

    static Lookup locate(final Map<String, String> env, final Path workingDir) {
        final String explicit = env.get(ENV_VECTORS);
        if (explicit != null && !explicit.isBlank()) {
            final Path folder = Path.of(explicit.trim()).toAbsolutePath().normalize();
            return new Lookup(holdsVectors(folder) ? folder : null,
                ENV_VECTORS + "=" + explicit + " (expected " + folder.resolve(MARKER) + ")", true);
        }
        final Path root = repositoryRoot(env, workingDir);
        if (root == null) {
            return new Lookup(null, "no " + ENV_ROOT + " and no jvm.options above " + workingDir, false);
        }
        final Path folder = root.resolve("..").resolve("shared").resolve("vectors").normalize();
        return new Lookup(holdsVectors(folder) ? folder : null, folder.resolve(MARKER).toString(), false);
    }

    static Verdict verdict(final Lookup lookup, final Map<String, String> env) {
        if (lookup.found()) {
            return Verdict.USE;
        }
        final boolean ci = "true".equalsIgnoreCase(String.valueOf(env.get(ENV_CI)).trim());
        return ci || lookup.explicit() ? Verdict.FAIL : Verdict.SKIP;
    }

    static String explain(final Lookup lookup) {
        if (lookup.found()) {
            return "test vectors from " + lookup.folder();
        }
        return "test vectors not found (looked at " + lookup.lookedAt() + "). Set " + ENV_VECTORS
            + " to a folder that contains " + MARKER + "/, e.g. " + ENV_VECTORS
            + "=/path/to/shared/vectors; with CI=true a missing folder fails instead of skipping";
    }

    private static Path repositoryRoot(final Map<String, String> env, final Path workingDir) {
        final String fromEnv = env.get(ENV_ROOT);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim()).toAbsolutePath().normalize();
        }
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("jvm.options"))) {
                return dir;
            }
        }
        return null;
    }

    private static boolean holdsVectors(final Path folder) {
        return Files.isDirectory(folder.resolve(MARKER));
    }
}
