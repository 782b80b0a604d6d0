package io.kairos.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmOptionsTest {
    @Test
    void parseKeepsFlagsInOrderAndSkipsCommentsAndBlankLines() {
        final List<String> flags = JvmOptions.parse(List.of(
            "# a comment",
            "",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "   ",
            "  -Dchronicle.analytics.disable=true  ",
            "#--commented-out-flag",
            "-Xss2m"), "test");
        assertEquals(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dchronicle.analytics.disable=true",
            "-Xss2m"), flags);
    }

    @Test
    void parseRefusesALineTheLauncherWouldSplitDifferently() {
        final BenchSetupException spaced = assertThrows(BenchSetupException.class,
            () -> JvmOptions.parse(List.of("-Xss2m", "-Dname=two words"), "jvm.options"));
        assertEquals(BenchSetupException.Reason.JVM_OPTIONS_MALFORMED, spaced.reason());
        assertTrue(spaced.getMessage().contains("jvm.options line 2"), spaced.getMessage());
        final BenchSetupException quoted = assertThrows(BenchSetupException.class,
            () -> JvmOptions.parse(List.of("\"-Dname=x\""), "jvm.options"));
        assertEquals(BenchSetupException.Reason.JVM_OPTIONS_MALFORMED, quoted.reason());
    }

    @Test
    void theRepositoryFileParsesAndCarriesTheProjectFlags() {
        final Path file = JvmOptions.locate();
        final List<String> flags = JvmOptions.read(file);
        assertTrue(flags.contains("--enable-native-access=ALL-UNNAMED"), flags.toString());
        assertTrue(flags.stream().noneMatch(f -> f.startsWith("#")), flags.toString());
    }

    @Test
    void propertyWinsOverEnvironmentAndWorkingDirectory(@TempDir final Path tmp) throws IOException {
        final Path byProperty = root(tmp.resolve("a"));
        final Path byEnv = root(tmp.resolve("b"));
        final Path cwd = root(tmp.resolve("c"));
        assertEquals(byProperty.resolve(JvmOptions.FILE_NAME),
            JvmOptions.locate(byProperty.toString(), byEnv.toString(), cwd));
        assertEquals(byEnv.resolve(JvmOptions.FILE_NAME), JvmOptions.locate(null, byEnv.toString(), cwd));
        assertEquals(byEnv.resolve(JvmOptions.FILE_NAME), JvmOptions.locate("", byEnv.toString(), cwd));
    }

    @Test
    void walksUpFromTheWorkingDirectory(@TempDir final Path tmp) throws IOException {
        final Path repo = root(tmp.resolve("repo"));
        final Path deep = Files.createDirectories(repo.resolve("bench/target/classes"));
        assertEquals(repo.resolve(JvmOptions.FILE_NAME), JvmOptions.locate(null, null, deep));
    }

    @Test
    void anExplicitRootWithoutTheFileIsAnErrorNotAFallback(@TempDir final Path tmp) throws IOException {
        final Path cwd = root(tmp.resolve("repo"));
        final Path empty = Files.createDirectories(tmp.resolve("empty"));
        final BenchSetupException e = assertThrows(BenchSetupException.class,
            () -> JvmOptions.locate(null, empty.toString(), cwd));
        assertEquals(BenchSetupException.Reason.JVM_OPTIONS_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(JvmOptions.ROOT_ENV), e.getMessage());
    }

    private static Path root(final Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JvmOptions.FILE_NAME), "-Xss2m\n");
        return dir;
    }
}
