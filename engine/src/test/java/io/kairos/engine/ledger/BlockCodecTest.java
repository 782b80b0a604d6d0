package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.kairos.engine.ledger.TransactionCodecTest.assertError;
import static io.kairos.engine.ledger.TransactionCodecTest.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockCodecTest {
    private static final long CHAIN = 7;
    private static final Hash PARENT = Hash.of(filled(32, 0xAB));
    private static final Address PROPOSER = Address.of(filled(20, 0xCD));

    private static Transaction tx(final long chainId, final long nonce) {
        return Transaction.transfer().chainId(chainId).nonce(nonce).fee(1).amount(2)
            .withSignature(SchemeId.ED25519, filled(32, 1), filled(64, 2));
    }

    private static Block block(final int txs) {
        final List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < txs; i++) {
            list.add(tx(CHAIN, i));
        }
        return Block.assemble(CHAIN, 12, 1_700_000_000_000L, PARENT, PROPOSER, list, CodecLimits.DEFAULT);
    }

    private static ValidationError refusal(final byte[] bytes) {
        return refusal(bytes, CodecLimits.DEFAULT);
    }

    private static ValidationError refusal(final byte[] bytes, final CodecLimits limits) {
        return assertThrows(ValidationException.class, () -> Block.decode(bytes, limits)).error();
    }

    private static UnsafeBuffer buf(final byte[] b) {
        return new UnsafeBuffer(b);
    }

    @Test
    void assembledBlockCommitsToItsBody() {
        final Block b = block(3);
        final BlockHeader h = b.header();
        assertEquals(3, h.transactionCount());
        assertEquals(3 * (4 + 156), h.bodyLength());
        assertEquals(Hash.ZERO, h.stateRoot());
        assertEquals(MerkleTree.root(b.transactions().stream().map(Transaction::hash).toList()),
            h.transactionsRoot());
        assertEquals(b, Block.decode(b.encode()));
    }

    @Test
    void emptyBlockHasTheEmptyRoot() {
        final Block b = block(0);
        assertEquals(MerkleTree.EMPTY_ROOT, b.header().transactionsRoot());
        assertEquals(BlockHeader.LENGTH, b.encode().length);
        assertEquals(b, Block.decode(b.encode()));
    }

    @Test
    void headerLayoutIsLittleEndianAtTheDocumentedOffsets() {
        final byte[] h = block(1).header().encode();
        final UnsafeBuffer b = buf(h);
        assertEquals(152, h.length);
        assertEquals(1, h[0]);
        assertEquals(CHAIN, b.getLong(4, ByteOrder.LITTLE_ENDIAN));
        assertEquals(12, b.getLong(12, ByteOrder.LITTLE_ENDIAN));
        assertEquals(1_700_000_000_000L, b.getLong(20, ByteOrder.LITTLE_ENDIAN));
        assertEquals(PARENT, Hash.read(b, 28));
        assertEquals(PROPOSER, Address.read(b, 60));
        assertEquals(1, b.getInt(144, ByteOrder.LITTLE_ENDIAN));
        assertEquals(160, b.getInt(148, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void blockHashCoversEveryHeaderField() {
        final Block b = block(2);
        final byte[] header = b.header().encode();
        for (int i = 4; i < header.length; i++) {
            final byte[] changed = header.clone();
            changed[i] ^= 1;
            // Some flips are invalid headers; those that decode must hash differently.
            try {
                assertNotEquals(b.hash(), BlockHeader.decode(changed).hash(), "byte " + i);
            } catch (final ValidationException refused) {
                assertTrue(i >= 144, "only the count and body length can make a flip invalid, byte " + i);
            }
        }
    }

    @Test
    void headerErrors() {
        final byte[] good = block(1).header().encode();
        assertError(ValidationError.TRUNCATED, () -> BlockHeader.decode(new byte[0]));
        assertError(ValidationError.TRUNCATED, () -> BlockHeader.decode(Arrays.copyOf(good, 151)));
        assertError(ValidationError.TRAILING_BYTES, () -> BlockHeader.decode(Arrays.copyOf(good, 153)));
        final byte[] version = good.clone();
        version[0] = 2;
        assertError(ValidationError.UNKNOWN_VERSION, () -> BlockHeader.decode(version));
        for (int i = 1; i <= 3; i++) {
            final byte[] reserved = good.clone();
            reserved[i] = 1;
            assertError(ValidationError.RESERVED_NOT_ZERO, () -> BlockHeader.decode(reserved));
        }
        final byte[] height = good.clone();
        buf(height).putLong(BlockHeader.HEIGHT_OFFSET, -1, ByteOrder.LITTLE_ENDIAN);
        assertError(ValidationError.INVALID_VALUE, () -> BlockHeader.decode(height));
        final byte[] time = good.clone();
        buf(time).putLong(BlockHeader.TIMESTAMP_OFFSET, Long.MIN_VALUE, ByteOrder.LITTLE_ENDIAN);
        assertError(ValidationError.INVALID_VALUE, () -> BlockHeader.decode(time));
        final byte[] count = good.clone();
        buf(count).putInt(BlockHeader.TRANSACTION_COUNT_OFFSET, -1, ByteOrder.LITTLE_ENDIAN);
        assertError(ValidationError.OVERSIZED, () -> BlockHeader.decode(count));
        final byte[] body = good.clone();
        buf(body).putInt(BlockHeader.BODY_LENGTH_OFFSET, -1, ByteOrder.LITTLE_ENDIAN);
        assertError(ValidationError.OVERSIZED, () -> BlockHeader.decode(body));
        assertError(ValidationError.WRONG_LENGTH, () -> BlockHeader.read(buf(good), 1, 152, CodecLimits.DEFAULT));
    }

    @Test
    void headerConstructorRefusesNegativesAndNulls() {
        assertError(ValidationError.INVALID_VALUE,
            () -> new BlockHeader(1, -1, 0, Hash.ZERO, Address.ZERO, Hash.ZERO, Hash.ZERO, 0, 0));
        assertError(ValidationError.INVALID_VALUE,
            () -> new BlockHeader(1, 0, 0, null, Address.ZERO, Hash.ZERO, Hash.ZERO, 0, 0));
        assertError(ValidationError.INVALID_VALUE,
            () -> new BlockHeader(1, 0, 0, Hash.ZERO, Address.ZERO, Hash.ZERO, Hash.ZERO, -1, 0));
    }

    @Test
    void bodyShorterOrLongerThanAnnouncedIsRefused() {
        final byte[] good = block(2).encode();
        assertEquals(ValidationError.TRUNCATED, refusal(Arrays.copyOf(good, good.length - 1)));
        assertEquals(ValidationError.TRUNCATED, refusal(Arrays.copyOf(good, 100)));
        assertEquals(ValidationError.TRAILING_BYTES, refusal(Arrays.copyOf(good, good.length + 1)));
    }

    @Test
    void fewerTransactionsThanAnnouncedIsTruncated() {
        final byte[] b = block(2).encode();
        buf(b).putInt(BlockHeader.TRANSACTION_COUNT_OFFSET, 3, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ValidationError.TRUNCATED, refusal(b));
    }

    @Test
    void moreTransactionsThanAnnouncedIsTrailing() {
        final byte[] b = block(2).encode();
        buf(b).putInt(BlockHeader.TRANSACTION_COUNT_OFFSET, 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ValidationError.TRAILING_BYTES, refusal(b));
    }

    @Test
    void transactionLengthPrefixBeyondTheBodyIsTruncated() {
        final byte[] b = block(1).encode();
        buf(b).putInt(BlockHeader.LENGTH, 157, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ValidationError.TRUNCATED, refusal(b));
    }

    @Test
    void malformedTransactionKeepsItsCodeAndIndex() {
        final byte[] b = block(2).encode();
        final int secondTx = BlockHeader.LENGTH + 4 + 156 + 4;
        b[secondTx + TransactionLayout.FLAGS_OFFSET] = 1;
        final ValidationException e = assertThrows(ValidationException.class, () -> Block.decode(b));
        assertEquals(ValidationError.RESERVED_NOT_ZERO, e.error());
        assertTrue(e.getMessage().contains("transaction 1"), e.getMessage());
    }

    @Test
    void rootMismatchIsAnInvalidValue() {
        final byte[] b = block(2).encode();
        b[BlockHeader.TRANSACTIONS_ROOT_OFFSET] ^= 1;
        assertEquals(ValidationError.INVALID_VALUE, refusal(b));
        final byte[] body = block(2).encode();
        body[BlockHeader.LENGTH + 4 + TransactionLayout.AMOUNT_OFFSET] ^= 1;
        final ValidationException e = assertThrows(ValidationException.class, () -> Block.decode(body));
        assertEquals(ValidationError.INVALID_VALUE, e.error());
        assertTrue(e.getMessage().contains("transactions root"), e.getMessage());
    }

    @Test
    void transactionForAnotherChainIsRefused() {
        assertError(ValidationError.WRONG_CHAIN_ID, () -> Block.assemble(CHAIN, 1, 0, PARENT, PROPOSER,
            List.of(tx(CHAIN, 0), tx(CHAIN + 1, 1)), CodecLimits.DEFAULT));
        final byte[] b = block(1).encode();
        buf(b).putLong(BlockHeader.CHAIN_ID_OFFSET, CHAIN + 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ValidationError.WRONG_CHAIN_ID, refusal(b));
    }

    @Test
    void limitsBoundCountAndSize() {
        final CodecLimits twoTxs = new CodecLimits(1024, 1 << 17, 2, 1 << 20);
        final byte[] three = block(3).encode();
        assertEquals(ValidationError.OVERSIZED, refusal(three, twoTxs));
        final CodecLimits small = new CodecLimits(1024, 1 << 17, 100, 300);
        assertEquals(ValidationError.OVERSIZED, refusal(three, small));
        assertEquals(ValidationError.OVERSIZED, refusal(Arrays.copyOf(three, 200), small));
        assertError(ValidationError.OVERSIZED, () -> Block.assemble(CHAIN, 1, 0, PARENT, PROPOSER,
            List.of(tx(CHAIN, 0), tx(CHAIN, 1), tx(CHAIN, 2)), twoTxs));
    }

    @Test
    void ofChecksTheHeaderAgainstTheBody() {
        final Block b = block(2);
        final List<Transaction> txs = b.transactions();
        assertError(ValidationError.INVALID_VALUE, () -> Block.of(b.header(), txs.subList(0, 1)));
        assertError(ValidationError.INVALID_VALUE, () -> Block.of(b.header(), List.of(txs.get(1), txs.get(0))));
        final BlockHeader h = b.header();
        final BlockHeader wrongBody = new BlockHeader(h.chainId(), h.height(), h.timestampMillis(), h.parentHash(),
            h.proposer(), h.transactionsRoot(), h.stateRoot(), h.transactionCount(), h.bodyLength() + 1);
        assertError(ValidationError.INVALID_VALUE, () -> Block.of(wrongBody, txs));
    }

    @Test
    void decodesFromAnOffsetInALargerBuffer() {
        final byte[] enc = block(2).encode();
        final byte[] framed = new byte[enc.length + 10];
        System.arraycopy(enc, 0, framed, 5, enc.length);
        final Block b = Block.decode(buf(framed), 5, enc.length, CodecLimits.DEFAULT);
        assertArrayEquals(enc, b.encode());
        assertError(ValidationError.WRONG_LENGTH, () -> Block.decode(buf(framed), 11, enc.length, CodecLimits.DEFAULT));
    }
}
