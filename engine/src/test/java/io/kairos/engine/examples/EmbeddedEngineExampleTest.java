package io.kairos.engine.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the documented example, so docs/embedding.md cannot drift from what works. */
class EmbeddedEngineExampleTest {
    @Test
    void theDocumentedExampleRunsAndSaysWhatTheDocSays() throws Exception {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddedEngineExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        final String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("with status SUCCESS"), out);
        assertTrue(out.contains("refused: NONCE_TOO_LOW"), out);
        assertTrue(out.contains("bob has 2.5 tokens"), out);
        assertTrue(out.contains("alice's next nonce is 1"), out);
        assertTrue(out.contains("found by hash: true"), out);
    }
}
