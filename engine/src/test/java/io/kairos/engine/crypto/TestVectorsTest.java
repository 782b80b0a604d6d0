package io.kairos.engine.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestVectorsTest {
    @TempDir
    Path tmp;

    private Path repo;
    private Path shared;

    private void layout(final boolean withVectors) throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo").resolve("engine")).getParent();
        Files.writeString(repo.resolve("jvm.options"), "# test\n");
        shared = tmp.resolve("shared").resolve("vectors");
        if (withVectors) {
            Files.createDirectories(shared.resolve("wycheproof"));
        }
    }

    @Test
    void kairosVectorsWinsOverTheRepositoryLayout() throws IOException {
        layout(true);
        final Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere").resolve("wycheproof")).getParent();
        final Map<String, String> env = Map.of("KAIROS_VECTORS", elsewhere.toString(), "KAIROS_ROOT", repo.toString());
        final TestVectors.Lookup lookup = TestVectors.locate(env, repo.resolve("engine"));
        assertEquals(elsewhere, lookup.folder());
        assertEquals(TestVectors.Verdict.USE, TestVectors.verdict(lookup, env));
    }

    @Test
    void aWrongKairosVectorsFailsEvenOutsideCi() throws IOException {
        layout(true);
        final Map<String, String> env = Map.of("KAIROS_VECTORS", tmp.resolve("typo").toString());
        final TestVectors.Lookup lookup = TestVectors.locate(env, repo);
        assertNull(lookup.folder());
        assertEquals(TestVectors.Verdict.FAIL, TestVectors.verdict(lookup, env));
        assertTrue(TestVectors.explain(lookup).contains("typo"), TestVectors.explain(lookup));
    }

    @Test
    void kairosRootPointsAtTheSharedFolderBesideIt() throws IOException {
        layout(true);
        final Map<String, String> env = Map.of("KAIROS_ROOT", repo.toString());
        final TestVectors.Lookup lookup = TestVectors.locate(env, tmp);
        assertEquals(shared, lookup.folder());
    }

    @Test
    void withoutEnvironmentTheRootIsFoundByWalkingUpToJvmOptions() throws IOException {
        layout(true);
        final TestVectors.Lookup lookup = TestVectors.locate(Map.of(), repo.resolve("engine"));
        assertEquals(shared, lookup.folder());
        assertEquals(TestVectors.Verdict.USE, TestVectors.verdict(lookup, Map.of()));
    }

    @Test
    void aMissingFolderSkipsWithDirectionsOutsideCi() throws IOException {
        layout(false);
        final TestVectors.Lookup lookup = TestVectors.locate(Map.of(), repo.resolve("engine"));
        assertFalse(lookup.found());
        assertEquals(TestVectors.Verdict.SKIP, TestVectors.verdict(lookup, Map.of("CI", "false")));
        final String message = TestVectors.explain(lookup);
        assertTrue(message.contains(shared.resolve("wycheproof").toString()), message);
        assertTrue(message.contains("KAIROS_VECTORS"), message);
    }

    @Test
    void aMissingFolderFailsInCi() throws IOException {
        layout(false);
        final TestVectors.Lookup lookup = TestVectors.locate(Map.of(), repo.resolve("engine"));
        assertEquals(TestVectors.Verdict.FAIL, TestVectors.verdict(lookup, Map.of("CI", "true")));
        assertEquals(TestVectors.Verdict.FAIL, TestVectors.verdict(lookup, Map.of("CI", "TRUE")));
    }

    @Test
    void noRepositoryRootAtAllIsReported() {
        final TestVectors.Lookup lookup = TestVectors.locate(Map.of(), tmp);
        assertFalse(lookup.found());
        assertTrue(TestVectors.explain(lookup).contains("jvm.options"), TestVectors.explain(lookup));
    }
}
