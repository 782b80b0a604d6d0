package io.kairos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's JVM flags, read from {@code jvm.options} at the repository root: the single place
 * they are defined. That file is a java {@code @argfile} written one flag per line, with blank lines
 * and lines starting with {@code #} ignored; this class reads it the same way so that every JMH fork
 * runs under exactly the flags the launcher and Surefire use. Stateless; safe from any thread.
 */
public final class JvmOptions {
    /** The file's name at the repository root. */
    public static final String FILE_NAME = "jvm.options";
    /** System property naming the repository root; wins over the environment variable. */
    public static final String ROOT_PROPERTY = "kairos.root";
    /** Environment variable naming the repository root (bin/lib/env.sh exports it). */
    public static final String ROOT_ENV = "KAIROS_ROOT";

    private JvmOptions() {
    }

    /**
     * Finds jvm.options: under {@code rootProperty} if set, else under {@code rootEnv} if set, else in
     * {@code workingDirectory} or its nearest ancestor that has one. A root that is named explicitly
     * but lacks the file is an error rather than a reason to keep looking, so a typo cannot quietly
     * pick up another checkout's flags.
     *
     * @param rootProperty value of {@value #ROOT_PROPERTY}, or null
     * @param rootEnv value of {@value #ROOT_ENV}, or null
     * @throws BenchSetupException {@code JVM_OPTIONS_NOT_FOUND} when there is none
     */
    public static Path locate(final String rootProperty, final String rootEnv, final Path workingDirectory) {
        if (rootProperty != null && !rootProperty.isBlank()) {
            return existing(Path.of(rootProperty), "system property " + ROOT_PROPERTY);
        }
        if (rootEnv != null && !rootEnv.isBlank()) {
            return existing(Path.of(rootEnv), "environment variable " + ROOT_ENV);
        }
        for (Path dir = workingDirectory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new BenchSetupException(BenchSetupException.Reason.JVM_OPTIONS_NOT_FOUND,
            "no " + FILE_NAME + " in " + workingDirectory.toAbsolutePath() + " or any parent; set -D"
                + ROOT_PROPERTY + "=<repository root> or " + ROOT_ENV);
    }

    /** {@link #locate} with this JVM's system property, environment and working directory. */
    public static Path locate() {
        return locate(System.getProperty(ROOT_PROPERTY), System.getenv(ROOT_ENV),
            Path.of(System.getProperty("user.dir")));
    }

    private static Path existing(final Path root, final String source) {
        final Path file = root.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BenchSetupException(BenchSetupException.Reason.JVM_OPTIONS_NOT_FOUND,
                source + " names " + root + " as the repository root, but " + file + " does not exist");
        }
        return file;
    }

    /** Reads and {@linkplain #parse parses} {@code file}. */
    public static List<String> read(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (final IOException e) {
            throw new BenchSetupException(BenchSetupException.Reason.JVM_OPTIONS_MALFORMED,
                "cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /**
     * The flags in {@code lines}, in order. The java launcher would split a line with spaces or
     * quotes into other arguments than this reader, so such a line is refused rather than passed on
     * differently from how the launcher reads it.
     *
     * @param source names the file in error messages
     * @throws BenchSetupException {@code JVM_OPTIONS_MALFORMED} for a line with whitespace or quotes
     */
    public static List<String> parse(final List<String> lines, final String source) {
        final List<String> flags = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            final String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
                throw new BenchSetupException(BenchSetupException.Reason.JVM_OPTIONS_MALFORMED,
                    source + " line " + (n + 1) + ": expected one flag without spaces or quotes, found '"
                        + line + "'");
            }
            flags.add(line);
        }
        return List.copyOf(flags);
    }
}
