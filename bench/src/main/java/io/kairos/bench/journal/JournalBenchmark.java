package io.kairos.bench.journal;

import io.kairos.engine.ledger.CodecLimits;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.BlockRecord;
import io.kairos.journal.JournalConfig;
import io.kairos.journal.SyncPolicy;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Yardstick J1: the block journal's append throughput and read-back (replay) rate, each against raw
 * Chronicle Queue calls on the same bytes in the same run. One operation is one block of
 * {@value #TRANSFERS} signed Ed25519 transfers (a 160 KB body; 201 KB as a journal record with the
 * hashes, statuses and fees), so every score
 * is blocks per second; bytes and transfers per second follow by multiplying (docs/benchmarks.md).
 *
 * <p>Both comparisons live in this one class because a yardstick is one class with one method for
 * our code and its baselines; {@code workload} selects the pair, and the runner prints one ratio
 * per workload:
 * <ul>
 *   <li>{@code append}: {@link #ours} is {@link BlockJournal#appendEncoded} of a sealed record under
 *       {@link SyncPolicy#NONE} (the journal re-checks its CRC and lengths and writes one excerpt
 *       straight from the caller's array); {@link #rawChronicle} writes the same bytes as one excerpt
 *       through a bare {@code ExcerptAppender} of a queue built the same way.</li>
 *   <li>{@code appendBatch16}: as {@code append} under {@link SyncPolicy#BATCH}, with
 *       {@link BlockJournal#flush()} (an msync) after every {@value #BATCH} blocks; the baseline calls
 *       {@code appender.sync()} as often.</li>
 *   <li>{@code replay}: a journal of {@value #REPLAY_BLOCKS} blocks is written once per trial; then
 *       {@link #ours} reads block after block with {@link BlockJournal#record} (a Chronicle index
 *       move, a copy and a checked decode into a {@link BlockRecord}), and {@link #rawChronicle}
 *       copies excerpt after excerpt out of the same queue directory with a bare tailer. Both
 *       wrap around to the first block. The files are in the page cache: this is the CPU side of
 *       recovery, not a cold-disk read.</li>
 * </ul>
 *
 * <p>The journal's background indexer runs during {@link #ours}' append iterations, as it does in a
 * node: a second thread that follows the queue and puts every block's 1,000 transaction hashes and
 * its block hash into the Chronicle Map indices. It does not touch the measured thread, but it
 * competes with it for the machine's cores (two, on the machine the figures in docs/benchmarks.md
 * come from), and for memory bandwidth; the raw baseline has no such thread. It falls behind at
 * these rates (about a million puts a second against several million transactions appended) and is
 * stopped where it stands when the iteration's journal closes. Every block carries the template's
 * same transactions, so its puts overwrite 1,000 entries rather than grow the map: cheaper per put
 * than a real chain, though the thread is busy either way. In the replay workload the set-up
 * waits for it to index the whole journal before anything is measured, and checks one lookup.
 * During {@link #rawChronicle}'s append iterations the journal is open too, its indexer idle (it
 * polls the queue every 0.5 ms).
 *
 * <p>Appends go to a fresh temporary directory per iteration (deleted at the end of it), which
 * bounds the disk used to one iteration's worth and restarts heights at 1. The height of each next
 * block is stamped and sealed in an invocation-level set-up, outside the measured time, for both
 * methods alike ({@link RecordTemplate}). Set-ups check what they built and tear-downs check that
 * every block landed, so a broken run fails instead of reporting a figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class JournalBenchmark {
    static final int TRANSFERS = 1_000;
    static final int REPLAY_BLOCKS = 1_000;
    static final int BATCH = 16;

    @Param({"append", "appendBatch16", "replay"})
    public String workload;

    RecordTemplate template;
    private byte[] record;
    private Path root;
    private Path iterationDir;
    private int iteration;
    private boolean append;
    private boolean batch;
    private int replayBlocks;

    private BlockJournal journal;
    private ChronicleQueue raw;
    private ExcerptAppender rawAppender;
    private ExcerptTailer rawTailer;
    private byte[] readScratch;
    private long height;
    private long rawWritten;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        setUp(Files.createTempDirectory("kairos-j1-"), TRANSFERS, REPLAY_BLOCKS);
    }

    void setUp(final Path dir, final int transfers, final int blocks) {
        root = dir;
        switch (workload) {
            case "append", "appendBatch16", "replay" -> {
            }
            default -> throw new IllegalStateException("unknown workload " + workload
                + ", expected append, appendBatch16 or replay");
        }
        append = !workload.equals("replay");
        batch = workload.equals("appendBatch16");
        template = RecordTemplate.ofTransfers(transfers);
        record = template.newBuffer();
        readScratch = new byte[template.length()];
        final BlockRecord decoded = BlockRecord.decode(record, 0, record.length);
        if (decoded.transactionCount() != transfers || decoded.height() != 1) {
            throw new IllegalStateException("template record decodes as " + decoded);
        }
        if (!append) {
            replayBlocks = blocks;
            buildReplayJournal(transfers);
        }
    }

    private void buildReplayJournal(final int transfers) {
        final Path dir = root.resolve("replay");
        journal = BlockJournal.open(config(dir, SyncPolicy.NONE));
        for (long h = 1; h <= replayBlocks; h++) {
            template.sealAt(record, h);
            journal.appendEncoded(record, 0, record.length);
        }
        if (journal.height() != replayBlocks) {
            throw new IllegalStateException("replay journal holds " + journal.height() + " blocks, wrote "
                + replayBlocks);
        }
        // Every block carries the template's transactions, so the index holds the last block's location.
        final BlockRecord last = journal.record(replayBlocks);
        final long located = journal.locate(last.transactionHash(transfers - 1));
        if (located != ((long) replayBlocks << 32 | (transfers - 1))) {
            throw new IllegalStateException("the index locates the last transaction of the replay journal at 0x"
                + Long.toHexString(located) + ", expected block " + replayBlocks);
        }
        raw = queue(dir, SyncMode.NONE);
        rawTailer = raw.createTailer();
        long excerpts = 0;
        while (readRaw() == template.length()) {
            excerpts++;
        }
        if (excerpts != replayBlocks) {
            throw new IllegalStateException("a raw tailer sees " + excerpts + " excerpts of " + template.length()
                + " bytes in the replay journal, expected " + replayBlocks);
        }
        rawTailer.toStart();
        height = 0;
    }

    private static JournalConfig config(final Path dir, final SyncPolicy policy) {
        // Default index sizes; a long wait because the replay set-up waits for a million puts on a busy machine.
        return new JournalConfig(dir, policy, RollCycles.FAST_DAILY, 1, CodecLimits.DEFAULT)
            .withIndexWait(Duration.ofMinutes(5));
    }

    /** Built as the journal builds its own queue, so the baseline pays for the same Chronicle settings. */
    private static ChronicleQueue queue(final Path dir, final SyncMode mode) {
        return ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).syncMode(mode).build();
    }

    @Setup(Level.Iteration)
    public void openForAppend() {
        if (!append) {
            return;
        }
        iterationDir = root.resolve("iteration-" + iteration++);
        journal = BlockJournal.open(config(iterationDir.resolve("journal"), batch ? SyncPolicy.BATCH : SyncPolicy.NONE));
        raw = queue(iterationDir.resolve("raw"), batch ? SyncMode.SYNC : SyncMode.NONE);
        rawAppender = raw.createAppender();
        height = 0;
        rawWritten = 0;
    }

    /** Outside the measured time: the next block of an append gets the next height and a fresh CRC. */
    @Setup(Level.Invocation)
    public void nextBlock() {
        if (append) {
            template.sealAt(record, ++height);
        }
    }

    @TearDown(Level.Iteration)
    public void closeAppended() {
        if (!append) {
            return;
        }
        try {
            final long ours = journal.height();
            final boolean oursRan = ours == height && rawWritten == 0;
            final boolean rawRan = rawWritten == height && ours == 0;
            if (!oursRan && !rawRan) {
                throw new IllegalStateException("iteration sealed " + height + " blocks but the journal holds "
                    + ours + " and the raw queue got " + rawWritten);
            }
        } finally {
            journal.close();
            raw.close();
            delete(iterationDir);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!append) {
            journal.close();
            raw.close();
        }
        delete(root);
    }

    @Benchmark
    public long ours() {
        if (append) {
            journal.appendEncoded(record, 0, record.length);
            if (batch && height % BATCH == 0) {
                journal.flush();
            }
            return height;
        }
        if (++height > replayBlocks) {
            height = 1;
        }
        return journal.record(height).transactionCount();
    }

    @Benchmark
    public long rawChronicle() {
        if (append) {
            try (DocumentContext dc = rawAppender.writingDocument()) {
                dc.wire().bytes().write(record, 0, record.length);
            }
            rawWritten++;
            if (batch && height % BATCH == 0) {
                rawAppender.sync();
            }
            return height;
        }
        int length = readRaw();
        if (length < 0) {
            rawTailer.toStart();
            length = readRaw();
        }
        return length;
    }

    /** Copies the next excerpt into the scratch buffer; its length, or -1 at the end of the queue. */
    private int readRaw() {
        try (DocumentContext dc = rawTailer.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = (int) bytes.readRemaining();
            if (length > readScratch.length) {
                throw new IllegalStateException("excerpt of " + length + " bytes, records are " + readScratch.length);
            }
            bytes.read(readScratch, 0, length);
            return length;
        }
    }

    /** The last excerpt the raw tailer copied (tests compare it with the journal's record). */
    byte[] lastRawRead() {
        return Arrays.copyOf(readScratch, template.length());
    }

    BlockJournal journal() {
        return journal;
    }

    long rawWritten() {
        return rawWritten;
    }

    Path root() {
        return root;
    }

    private static void delete(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete benchmark directory " + dir, e);
        }
    }
}
