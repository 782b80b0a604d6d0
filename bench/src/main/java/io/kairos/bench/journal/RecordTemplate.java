package io.kairos.bench.journal;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.Block;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.journal.BlockRecord;
import io.kairos.journal.JournalFormat;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One realistic journal record (a block of signed Ed25519 transfers, encoded and sealed by
 * {@link BlockRecord#encode}) that can be re-stamped with any height.
 *
 * <p>The journal refuses a record whose height is not the next one, and an append benchmark runs
 * for as many blocks as the clock allows, so a pre-built chain would have to be as long as the
 * longest iteration (gigabytes). Instead the one template is re-stamped per block: {@link #sealAt}
 * writes the height into the record header and into the encoded block header (so the record still
 * decodes as a block of that height) and recomputes the CRC. The parent hash is left as built: the
 * journal does not check the chain of parent hashes, and the bytes written are otherwise identical.
 * Re-stamping costs a CRC pass over the record, which benchmarks do outside the measured time.
 *
 * <p>Not thread-safe: {@link #sealAt} writes into the caller's buffer, one thread per buffer.
 */
public final class RecordTemplate {
    static final long CHAIN_ID = 0x4A31L;
    /** Where the encoded block header's height sits (little-endian, docs/encoding.md). */
    private static final int HEADER_HEIGHT_AT = JournalFormat.FIXED_LENGTH + BlockHeader.HEIGHT_OFFSET;

    private final byte[] template;
    private final int transactions;

    private RecordTemplate(final byte[] template, final int transactions) {
        this.template = template;
        this.transactions = transactions;
    }

    /** A block of {@code transfers} signed transfers from one sender, sealed at height 1. */
    public static RecordTemplate ofTransfers(final int transfers) {
        final SigningKey sender = Ed25519Scheme.INSTANCE.fromSeed(seed(1));
        final Address recipient = Ed25519Scheme.INSTANCE.fromSeed(seed(2)).address();
        final Address proposer = Ed25519Scheme.INSTANCE.fromSeed(seed(3)).address();
        final List<Transaction> txs = new ArrayList<>(transfers);
        for (int i = 0; i < transfers; i++) {
            txs.add(Transaction.transfer().chainId(CHAIN_ID).nonce(i).fee(1_000 + i % 7)
                .recipient(recipient).amount(1_000_000L + i).sign(sender));
        }
        final Block block = Block.assemble(CHAIN_ID, 1, 1_700_000_000_000L, Hash.ZERO, proposer, txs,
            CodecLimits.DEFAULT);
        final byte[] encoded = block.encode();
        final byte[] hashes = new byte[transfers * Hash.LENGTH];
        final ReceiptStatus[] statuses = new ReceiptStatus[transfers];
        final long[] fees = new long[transfers];
        for (int i = 0; i < transfers; i++) {
            txs.get(i).hash().copyTo(hashes, i * Hash.LENGTH);
            statuses[i] = ReceiptStatus.SUCCESS;
            fees[i] = 1_000 + i % 7;
        }
        final BlockRecord record = BlockRecord.of(block.header(),
            Arrays.copyOfRange(encoded, BlockHeader.LENGTH, encoded.length), hashes, statuses, fees);
        return new RecordTemplate(record.encode(), transfers);
    }

    private static byte[] seed(final int b) {
        final byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** Length of every record this template seals. */
    public int length() {
        return template.length;
    }

    public int transactions() {
        return transactions;
    }

    /** A new buffer holding the record sealed at height 1. */
    public byte[] newBuffer() {
        return template.clone();
    }

    /**
     * Stamps {@code height} into a buffer from {@link #newBuffer} (record header and block header)
     * and re-seals its CRC.
     */
    public void sealAt(final byte[] buffer, final long height) {
        final UnsafeBuffer b = new UnsafeBuffer(buffer);
        b.putLong(JournalFormat.HEIGHT_OFFSET, height, JournalFormat.ORDER);
        b.putLong(HEADER_HEIGHT_AT, height, ByteOrder.LITTLE_ENDIAN);
        JournalFormat.seal(buffer, 0, template.length);
    }
}
