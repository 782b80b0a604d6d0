package io.kairos.engine.sequencer;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.AddressDeriver;
import io.kairos.engine.crypto.MlDsa44Scheme;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.ReadyTxConsumer;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One block's transactions laid out for execution: the encoded body (each transaction prefixed by
 * its u32 length, as in the block encoding), and beside it each transaction's hash, sender and
 * recipient. Filled either from the mempool ({@link #accept}, as a {@link ReadyTxConsumer}) when the
 * sequencer cuts a block, or from a stored block ({@link #load}) when the journal is replayed; then
 * {@link #execute executed} and {@link #commitTouched committed to the state tree} the same way in
 * both cases, so producing and replaying a block cannot drift apart.
 *
 * <p>All buffers are allocated at construction and reused: filling and executing allocate nothing.
 * One instance per thread; not thread-safe.
 */
public final class BlockAssembly implements ReadyTxConsumer {
    private final int maxTransactions;
    private final UnsafeBuffer body;
    private final UnsafeBuffer hashes;
    private final UnsafeBuffer senders;
    private final UnsafeBuffer recipients;
    private final TransactionView view;
    private final AddressDeriver addresses = new AddressDeriver();
    private final byte[] key = new byte[MlDsa44Scheme.PUBLIC_KEY_LENGTH];
    private final byte[] sender = new byte[Address.LENGTH];
    private final byte[] hash = new byte[Hash.LENGTH];
    private int count;
    private int bodyLength;

    /**
     * @param maxTransactions   most transactions in one block
     * @param maxTransactionBytes most transaction bytes in one block (length prefixes come on top)
     */
    public BlockAssembly(final int maxTransactions, final int maxTransactionBytes, final CodecLimits limits) {
        this.maxTransactions = maxTransactions;
        this.body = new UnsafeBuffer(new byte[maxTransactionBytes + Integer.BYTES * maxTransactions]);
        this.hashes = new UnsafeBuffer(new byte[Hash.LENGTH * maxTransactions]);
        this.senders = new UnsafeBuffer(new byte[Address.LENGTH * maxTransactions]);
        this.recipients = new UnsafeBuffer(new byte[Address.LENGTH * maxTransactions]);
        this.view = new TransactionView(limits);
    }

    public void reset() {
        count = 0;
        bodyLength = 0;
    }

    /**
     * Takes one ready transaction from the pool: copies it and its hash, derives its sender.
     * Declines (false) when the block is full or the transaction does not decode.
     */
    @Override
    public boolean accept(final DirectBuffer tx, final int off, final int len, final DirectBuffer txHash,
                          final int hashOff) {
        if (count == maxTransactions || bodyLength + Integer.BYTES + len > body.capacity()
            || view.wrap(tx, off, len) != null) {
            return false;
        }
        body.putInt(bodyLength, len, ByteOrder.LITTLE_ENDIAN);
        body.putBytes(bodyLength + Integer.BYTES, tx, off, len);
        hashes.putBytes(count * Hash.LENGTH, txHash, hashOff, Hash.LENGTH);
        record(tx);
        bodyLength += Integer.BYTES + len;
        count++;
        return true;
    }

    /**
     * Lays out a stored block for replay, checking that it fits, that every transaction decodes and
     * that every one hashes to the hash stored beside it.
     *
     * @throws ReplayException {@code MALFORMED_TRANSACTION} or {@code TRANSACTION_HASH_MISMATCH}
     */
    public void load(final CommittedBlock block) {
        reset();
        final long height = block.height();
        final int n = block.transactionCount();
        if (n > maxTransactions || block.bodyLength() > body.capacity()) {
            throw new ReplayException(ReplayError.MALFORMED_TRANSACTION, height, "the block's " + n
                + " transactions and " + block.bodyLength() + " body bytes exceed the genesis block limits");
        }
        block.copyBody(body.byteArray(), 0);
        block.copyTransactionHashes(hashes.byteArray(), 0);
        for (int i = 0; i < n; i++) {
            final int length = body.getInt(bodyLength, ByteOrder.LITTLE_ENDIAN);
            if (length < 0 || bodyLength + Integer.BYTES + length > block.bodyLength()
                || view.wrap(body, bodyLength + Integer.BYTES, length) != null) {
                throw new ReplayException(ReplayError.MALFORMED_TRANSACTION, height,
                    "transaction " + i + " does not decode: " + (view.isValid() ? "bad length" : view.errorMessage()));
            }
            view.hashInto(hash, 0);
            if (!Arrays.equals(hash, 0, Hash.LENGTH, hashes.byteArray(), i * Hash.LENGTH, (i + 1) * Hash.LENGTH)) {
                throw new ReplayException(ReplayError.TRANSACTION_HASH_MISMATCH, height, "transaction " + i
                    + " hashes to " + Hash.of(hash) + ", stored as " + block.transactionHash(i));
            }
            count = i;
            record(body);
            bodyLength += Integer.BYTES + length;
        }
        count = n;
    }

    /** Sender and recipient of the transaction {@link #view} is wrapped over, at index {@link #count}. */
    private void record(final DirectBuffer tx) {
        tx.getBytes(view.publicKeyOffset(), key, 0, view.publicKeyLength());
        addresses.derive(view.scheme(), key, 0, view.publicKeyLength(), sender, 0);
        senders.putBytes(count * Address.LENGTH, sender, 0, Address.LENGTH);
        recipients.putBytes(count * Address.LENGTH, tx, view.recipientOffset(), Address.LENGTH);
    }

    /** Executes the block on {@code executor} (begin, every transaction in order, end). */
    public void execute(final BlockExecutor executor, final long height, final DirectBuffer proposer,
                        final int proposerOffset) {
        executor.beginBlock(height, proposer, proposerOffset, count);
        int offset = 0;
        for (int i = 0; i < count; i++) {
            final int length = body.getInt(offset, ByteOrder.LITTLE_ENDIAN);
            view.wrap(body, offset + Integer.BYTES, length);
            executor.execute(view, senders, i * Address.LENGTH, hashes, i * Hash.LENGTH);
            offset += Integer.BYTES + length;
        }
        executor.endBlock();
    }

    /**
     * Brings {@code tree} up to date with the accounts the block touched (senders, recipients and the
     * proposer) and returns its root: only those paths are rehashed.
     */
    public Hash commitTouched(final StateTree tree, final LedgerState state, final DirectBuffer proposer) {
        for (int i = 0; i < count; i++) {
            touch(tree, state, senders, i * Address.LENGTH);
            touch(tree, state, recipients, i * Address.LENGTH);
        }
        touch(tree, state, proposer, 0);
        return tree.root();
    }

    private static void touch(final StateTree tree, final LedgerState state, final DirectBuffer addressBytes,
                              final int offset) {
        tree.update(Address.read(addressBytes, offset), state.balance(addressBytes, offset),
            state.nonce(addressBytes, offset));
    }

    public int count() {
        return count;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** The length-prefixed transactions, {@link #bodyLength()} bytes from index 0. */
    public UnsafeBuffer body() {
        return body;
    }

    /** 32-byte transaction hashes, back to back from index 0. */
    public UnsafeBuffer hashes() {
        return hashes;
    }

    /** 20-byte sender addresses, back to back from index 0. */
    public UnsafeBuffer senders() {
        return senders;
    }
}
