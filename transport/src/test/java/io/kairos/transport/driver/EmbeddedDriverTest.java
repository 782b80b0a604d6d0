package io.kairos.transport.driver;

import io.aeron.Aeron;
import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDriverTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EmbeddedDriver.Threading.class)
    void everyThreadingModeStartsServesAClientAndCleansUp(final EmbeddedDriver.Threading threading) throws Exception {
        final Path aeronDir = dir.resolve("node-" + threading);
        Files.createDirectories(aeronDir.resolve("stale"));
        try (EmbeddedDriver driver = EmbeddedDriver.launch(EmbeddedDriver.Options.defaults(aeronDir)
            .withThreading(threading).withIdleStrategy(() -> new SleepingMillisIdleStrategy(1))
            .withTermBufferLength(128 * 1024))) {
            assertFalse(Files.exists(aeronDir.resolve("stale")), "the directory is cleared on start");
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()))) {
                assertTrue(aeron.clientId() >= 0);
            }
        }
        assertFalse(Files.exists(aeronDir), "the directory is deleted on close");
    }

    @Test
    void badOptionsAreTypedErrors() {
        assertEquals(TransportError.INVALID_CONFIG, assertThrows(TransportException.class,
            () -> EmbeddedDriver.Options.defaults(dir).withTermBufferLength(1000)).error());
        assertEquals(TransportError.INVALID_CONFIG, assertThrows(TransportException.class,
            () -> EmbeddedDriver.Options.defaults(null)).error());
    }
}
