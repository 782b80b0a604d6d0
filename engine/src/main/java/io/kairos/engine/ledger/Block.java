package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A block: a {@link BlockHeader} and its body, the transactions in order. Encoding: the header,
 * then for each transaction a u32 little-endian length and the transaction's encoding. Every
 * instance is consistent: the header's count, body length and transactions root match the body,
 * and every transaction is for the header's chain.
 *
 * <p>Thread-safe (immutable).
 */
public final class Block {
    /** Bytes of the length prefix in front of each transaction in the body. */
    public static final int LENGTH_PREFIX = Integer.BYTES;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final BlockHeader header;
    private final List<Transaction> transactions;

    private Block(final BlockHeader header, final List<Transaction> transactions) {
        this.header = header;
        this.transactions = transactions;
    }

    /**
     * Assembles a block from its parts, computing the transactions root, count and body length.
     * The state root is {@link Hash#ZERO} until state commitments exist.
     *
     * @param timestampMillis epoch milliseconds chosen by consensus
     * @throws ValidationException {@code WRONG_CHAIN_ID} if a transaction is for another chain,
     *                             {@code OVERSIZED} if the block exceeds the limits, or the header's errors
     */
    public static Block assemble(final long chainId, final long height, final long timestampMillis,
                                 final Hash parentHash, final Address proposer, final List<Transaction> transactions,
                                 final CodecLimits limits) {
        final List<Transaction> txs = List.copyOf(transactions);
        final List<Hash> hashes = new ArrayList<>(txs.size());
        long body = 0;
        for (int i = 0; i < txs.size(); i++) {
            final Transaction tx = txs.get(i);
            requireChain(chainId, tx.chainId(), i);
            hashes.add(tx.hash());
            body += LENGTH_PREFIX + tx.encodedLength();
        }
        checkLimits(txs.size(), body, limits);
        final BlockHeader header = new BlockHeader(chainId, height, timestampMillis, parentHash, proposer,
            MerkleTree.root(hashes), Hash.ZERO, txs.size(), (int) body);
        return new Block(header, txs);
    }

    /**
     * Pairs a header with its transactions after checking that they match.
     *
     * @throws ValidationException {@code INVALID_VALUE} if the count, body length or root differ,
     *                             {@code WRONG_CHAIN_ID} if a transaction is for another chain
     */
    public static Block of(final BlockHeader header, final List<Transaction> transactions) {
        final List<Transaction> txs = List.copyOf(transactions);
        if (txs.size() != header.transactionCount()) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "header announces "
                + header.transactionCount() + " transactions, the body has " + txs.size());
        }
        final List<Hash> hashes = new ArrayList<>(txs.size());
        long body = 0;
        for (int i = 0; i < txs.size(); i++) {
            requireChain(header.chainId(), txs.get(i).chainId(), i);
            hashes.add(txs.get(i).hash());
            body += LENGTH_PREFIX + txs.get(i).encodedLength();
        }
        if (body != header.bodyLength()) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "header announces a body of "
                + header.bodyLength() + " bytes, the transactions take " + body);
        }
        requireRoot(header, MerkleTree.root(hashes));
        return new Block(header, txs);
    }

    public static Block decode(final byte[] bytes) {
        return decode(bytes, CodecLimits.DEFAULT);
    }

    public static Block decode(final byte[] bytes, final CodecLimits limits) {
        return decode(new UnsafeBuffer(bytes), 0, bytes.length, limits);
    }

    /**
     * Decodes exactly one block from {@code buffer[offset, offset+length)}, checking every
     * transaction's encoding, the framing, the limits and the transactions root (signatures are
     * not verified here).
     *
     * @throws ValidationException with the typed reason; errors inside a transaction keep that
     *                             transaction's code and name its index
     */
    public static Block decode(final DirectBuffer buffer, final int offset, final int length,
                               final CodecLimits limits) {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "region [" + offset + ", +" + length
                + ") lies outside the buffer of capacity " + buffer.capacity());
        }
        if (length > limits.maxBlockBytes()) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "block is " + length + " bytes, over the limit of " + limits.maxBlockBytes());
        }
        final BlockHeader header = BlockHeader.read(buffer, offset, Math.min(length, BlockHeader.LENGTH), limits);
        final long expected = (long) BlockHeader.LENGTH + header.bodyLength();
        if (length < expected) {
            throw new ValidationException(ValidationError.TRUNCATED,
                "block ends after " + length + " bytes, its header announces " + expected);
        }
        if (length > expected) {
            throw new ValidationException(ValidationError.TRAILING_BYTES,
                "block is " + expected + " bytes by its header, got " + length);
        }
        final int count = header.transactionCount();
        final List<Transaction> txs = new ArrayList<>(Math.min(count, 1024));
        final List<Hash> hashes = new ArrayList<>(Math.min(count, 1024));
        final TransactionView view = new TransactionView(limits);
        final int end = offset + length;
        int pos = offset + BlockHeader.LENGTH;
        for (int i = 0; i < count; i++) {
            if (end - pos < LENGTH_PREFIX) {
                throw new ValidationException(ValidationError.TRUNCATED,
                    "block body ends after " + i + " of " + count + " transactions");
            }
            final long txLength = buffer.getInt(pos, ORDER) & 0xFFFF_FFFFL;
            pos += LENGTH_PREFIX;
            if (txLength > end - pos) {
                throw new ValidationException(ValidationError.TRUNCATED, "transaction " + i + " announces "
                    + txLength + " bytes, the body has " + (end - pos) + " left");
            }
            final ValidationError e = view.wrap(buffer, pos, (int) txLength);
            if (e != null) {
                throw new ValidationException(e, "transaction " + i + ": " + view.errorMessage());
            }
            requireChain(header.chainId(), view.chainId(), i);
            hashes.add(view.hash());
            txs.add(Transaction.from(view));
            pos += (int) txLength;
        }
        if (pos != end) {
            throw new ValidationException(ValidationError.TRAILING_BYTES,
                (end - pos) + " bytes follow the " + count + " transactions the header announces");
        }
        requireRoot(header, MerkleTree.root(hashes));
        return new Block(header, List.copyOf(txs));
    }

    private static void requireChain(final long chainId, final long txChainId, final int index) {
        if (txChainId != chainId) {
            throw new ValidationException(ValidationError.WRONG_CHAIN_ID,
                "transaction " + index + " is for chain " + txChainId + ", the block for chain " + chainId);
        }
    }

    private static void requireRoot(final BlockHeader header, final Hash computed) {
        if (!computed.equals(header.transactionsRoot())) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "transactions root mismatch: header has "
                + header.transactionsRoot() + ", the body gives " + computed);
        }
    }

    private static void checkLimits(final int count, final long body, final CodecLimits limits) {
        if (count > limits.maxBlockTransactions()) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "block has " + count + " transactions, over the limit of " + limits.maxBlockTransactions());
        }
        if (BlockHeader.LENGTH + body > limits.maxBlockBytes()) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "block is " + (BlockHeader.LENGTH + body) + " bytes, over the limit of " + limits.maxBlockBytes());
        }
    }

    public BlockHeader header() {
        return header;
    }

    /** The transactions in block order (unmodifiable). */
    public List<Transaction> transactions() {
        return transactions;
    }

    /** The block hash, which is the header's hash. */
    public Hash hash() {
        return header.hash();
    }

    public int encodedLength() {
        return BlockHeader.LENGTH + header.bodyLength();
    }

    /** The canonical encoding: header, then each transaction with its u32 length prefix. */
    public byte[] encode() {
        final byte[] out = new byte[encodedLength()];
        final UnsafeBuffer buf = new UnsafeBuffer(out);
        header.write(buf, 0);
        int pos = BlockHeader.LENGTH;
        for (final Transaction tx : transactions) {
            final byte[] enc = tx.encode();
            buf.putInt(pos, enc.length, ORDER);
            buf.putBytes(pos + LENGTH_PREFIX, enc);
            pos += LENGTH_PREFIX + enc.length;
        }
        return out;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Block b && header.equals(b.header) && transactions.equals(b.transactions);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + transactions.hashCode();
    }

    @Override
    public String toString() {
        return "Block{" + header + "}";
    }
}
