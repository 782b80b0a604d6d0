package io.kairos.transport.driver;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One node's Aeron media driver, run inside the node's process. The Aeron directory (its memory-mapped
 * files) is the given path, which must be unique per node: it is deleted when the driver starts and
 * again when it closes. {@link Threading#SHARED} (one driver thread) is the default, fitting small
 * machines; idle strategies default to back-off. Thread-safe to close once; the driver's own threads
 * do the work.
 */
public final class EmbeddedDriver implements AutoCloseable {
    /** How many threads the driver runs, as in Aeron's {@link ThreadingMode}. */
    public enum Threading {
        /** Conductor, sender and receiver on one thread. */
        SHARED,
        /** Conductor on one thread, sender and receiver on another. */
        SHARED_NETWORK,
        /** One thread each. */
        DEDICATED
    }

    /**
     * @param directory        the Aeron directory, unique per node
     * @param threading        the driver's threading mode
     * @param idleStrategy     makes one idle strategy per driver thread
     * @param termBufferLength term length of publications the driver creates without an explicit
     *                         {@code term-length} (a power of two, 64 KiB .. 1 GiB)
     */
    public record Options(Path directory, Threading threading, Supplier<IdleStrategy> idleStrategy,
                          int termBufferLength) {
        public Options {
            if (directory == null || threading == null || idleStrategy == null) {
                throw new TransportException(TransportError.INVALID_CONFIG,
                    "driver directory, threading and idle strategy are required");
            }
            if (termBufferLength < 64 * 1024 || termBufferLength > 1 << 30 || Integer.bitCount(termBufferLength) != 1) {
                throw new TransportException(TransportError.INVALID_CONFIG,
                    "termBufferLength must be a power of two in 64 KiB..1 GiB, got " + termBufferLength);
            }
        }

        /** SHARED threading, back-off idling (1 us to 1 ms), 16 MiB terms. */
        public static Options defaults(final Path directory) {
            return new Options(directory, Threading.SHARED, () -> new BackoffIdleStrategy(10, 20,
                TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)), 16 * 1024 * 1024);
        }

        public Options withThreading(final Threading t) {
            return new Options(directory, t, idleStrategy, termBufferLength);
        }

        public Options withIdleStrategy(final Supplier<IdleStrategy> idle) {
            return new Options(directory, threading, idle, termBufferLength);
        }

        public Options withTermBufferLength(final int bytes) {
            return new Options(directory, threading, idleStrategy, bytes);
        }
    }

    private final MediaDriver driver;
    private final Path directory;

    private EmbeddedDriver(final MediaDriver driver, final Path directory) {
        this.driver = driver;
        this.directory = directory;
    }

    /**
     * Starts the driver.
     *
     * @throws TransportException DRIVER_FAILED when Aeron cannot start (directory, ports, memory)
     */
    public static EmbeddedDriver launch(final Options options) {
        final MediaDriver.Context ctx = new MediaDriver.Context()
            .aeronDirectoryName(options.directory().toAbsolutePath().toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(options.termBufferLength())
            .ipcTermBufferLength(options.termBufferLength());
        final Supplier<IdleStrategy> idle = options.idleStrategy();
        switch (options.threading()) {
            case SHARED -> ctx.threadingMode(ThreadingMode.SHARED).sharedIdleStrategy(idle.get());
            case SHARED_NETWORK -> ctx.threadingMode(ThreadingMode.SHARED_NETWORK)
                .sharedNetworkIdleStrategy(idle.get()).conductorIdleStrategy(idle.get());
            case DEDICATED -> ctx.threadingMode(ThreadingMode.DEDICATED).conductorIdleStrategy(idle.get())
                .senderIdleStrategy(idle.get()).receiverIdleStrategy(idle.get());
            default -> throw new IllegalStateException("unhandled threading " + options.threading());
        }
        try {
            return new EmbeddedDriver(MediaDriver.launch(ctx), options.directory());
        } catch (final RuntimeException e) {
            ctx.close();
            throw new TransportException(TransportError.DRIVER_FAILED,
                "media driver in " + options.directory() + " did not start: " + e.getMessage(), e);
        }
    }

    /** The directory Aeron clients connect through. */
    public String aeronDirectoryName() {
        return driver.aeronDirectoryName();
    }

    @Override
    public void close() {
        CloseHelper.close(driver);
        IoUtil.delete(directory.toFile(), true);
    }
}
