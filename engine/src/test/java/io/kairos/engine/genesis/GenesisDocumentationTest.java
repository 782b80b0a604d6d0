package io.kairos.engine.genesis;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hashing;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps docs/genesis.md honest: its example must be a valid genesis, exactly as the writer prints it. */
class GenesisDocumentationTest {
    private static String documentation() throws Exception {
        final String root = System.getenv("KAIROS_ROOT");
        final Path doc = (root != null ? Path.of(root) : Path.of("..")).resolve("docs").resolve("genesis.md");
        assertTrue(Files.isRegularFile(doc), "docs/genesis.md not found at " + doc.toAbsolutePath());
        return Files.readString(doc);
    }

    @Test
    void theExampleIsAValidGenesisAsTheWriterPrintsIt() throws Exception {
        final Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(documentation());
        assertTrue(m.find(), "docs/genesis.md has a ```json example");
        final String example = m.group(1);
        final Genesis parsed = GenesisJson.parse(example);
        final Genesis expected = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(TestGenesis.TIME)
            .validator(TestGenesis.validator("v0", TestGenesis.ed25519(1), "127.0.0.1:7001"))
            .validator(TestGenesis.validator("v1", TestGenesis.ed25519(2), "127.0.0.1:7002"))
            .validator(TestGenesis.validator("v2", TestGenesis.ed25519(3), "127.0.0.1:7003"))
            .validator(TestGenesis.validator("v3", TestGenesis.ed25519(4), "127.0.0.1:7004"))
            .allocation(TestGenesis.alice(), Amounts.parseTokens("1000.5"))
            .remainderTo(TestGenesis.treasury())
            .build();
        assertEquals(expected, parsed);
        assertEquals(GenesisJson.write(expected), example);
    }

    @Test
    void theDocumentedHashTagIsTheOneInUse() throws Exception {
        final String doc = documentation();
        final byte[] tag = Hashing.Domain.GENESIS.tag();
        final String text = new String(tag, 0, tag.length - 1, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(doc.contains("SHA-256( \"" + text + "\" || 0x00 || canonical encoding )"), text);
    }
}
