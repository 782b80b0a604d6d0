package io.kairos.journal;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.Block;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Real signed blocks as journal records, and helpers to find and damage their bytes in .cq4 files. */
final class JournalFixtures {
    static final long CHAIN_ID = 7;
    private static final SigningKey SENDER = Ed25519Scheme.INSTANCE.fromSeed(seed(1));
    private static final Address RECIPIENT = Ed25519Scheme.INSTANCE.fromSeed(seed(2)).address();
    private static final Address PROPOSER = Ed25519Scheme.INSTANCE.fromSeed(seed(3)).address();

    private JournalFixtures() {
    }

    private static byte[] seed(final int b) {
        final byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** Blocks 1..count, each with {@code height % 4} transfers, chained by parent hash. */
    static List<BlockRecord> chain(final int count) {
        final List<BlockRecord> out = new ArrayList<>();
        Hash parent = Hash.ZERO;
        long nonce = 0;
        for (int h = 1; h <= count; h++) {
            final BlockRecord r = block(h, parent, nonce, h % 4);
            nonce += h % 4;
            parent = r.hash();
            out.add(r);
        }
        return out;
    }

    static BlockRecord block(final long height, final Hash parent, final long firstNonce, final int txCount) {
        final List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < txCount; i++) {
            txs.add(Transaction.transfer().chainId(CHAIN_ID).nonce(firstNonce + i).fee(1000 + i)
                .recipient(RECIPIENT).amount(5_000_000L * (i + 1)).sign(SENDER));
        }
        final Block block = Block.assemble(CHAIN_ID, height, 1_700_000_000_000L + height * 1000, parent, PROPOSER,
            txs, CodecLimits.DEFAULT);
        final byte[] encoded = block.encode();
        final byte[] hashes = new byte[txCount * Hash.LENGTH];
        final ReceiptStatus[] statuses = new ReceiptStatus[txCount];
        final long[] fees = new long[txCount];
        for (int i = 0; i < txCount; i++) {
            txs.get(i).hash().copyTo(hashes, i * Hash.LENGTH);
            statuses[i] = i == 2 ? ReceiptStatus.NONCE_MISMATCH : ReceiptStatus.SUCCESS;
            fees[i] = statuses[i] == ReceiptStatus.SUCCESS ? 1000 + i : 0;
        }
        return BlockRecord.of(block.header(), Arrays.copyOfRange(encoded, BlockHeader.LENGTH, encoded.length),
            hashes, statuses, fees);
    }

    /** The only .cq4 file of a journal directory (tests write within one cycle). */
    static Path queueFile(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            final List<Path> cq4 = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            if (cq4.size() != 1) {
                throw new IllegalStateException("expected one .cq4 file in " + dir + ", found " + cq4);
            }
            return cq4.getFirst();
        }
    }

    /** The first bytes of a queue file (Chronicle pre-allocates large sparse files; records sit near the start). */
    static byte[] head(final Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4 << 20));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // Reads until the head is full or the file ends.
            }
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** Overwrites bytes of the file at {@code position}. */
    static void overwrite(final Path file, final long position, final byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), position);
        }
    }

    /** Flips one bit of the byte at {@code position}. */
    static void flipBit(final Path file, final long position, final int bit) throws IOException {
        final byte[] head = head(file);
        overwrite(file, position, new byte[] {(byte) (head[(int) position] ^ (1 << bit))});
    }

    /**
     * Where the record's bytes start in the file. Chronicle stores an excerpt's payload verbatim after
     * a 4-byte length header, so the encoded record (magic, height and CRC included) occurs exactly once.
     */
    static int locate(final byte[] file, final BlockRecord record) {
        final byte[] needle = record.encode();
        int found = -1;
        for (int i = 0; i <= file.length - needle.length; i++) {
            if (Arrays.equals(file, i, i + needle.length, needle, 0, needle.length)) {
                if (found >= 0) {
                    throw new IllegalStateException("record of block " + record.height() + " found twice");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("record of block " + record.height() + " not found in the file");
        }
        return found;
    }
}
