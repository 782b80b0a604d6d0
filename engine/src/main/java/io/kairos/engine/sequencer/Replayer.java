package io.kairos.engine.sequencer;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.AddressDeriver;
import io.kairos.engine.crypto.MlDsa44Scheme;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rebuilds the ledger state from the genesis by re-executing every block of a {@link BlockStore}
 * (the journal, after a restart), and proves the result: every block must follow its parent, every
 * stored transaction must hash to its stored hash, every re-executed outcome must equal the stored
 * receipt, and the account tree's root after each block must equal the one in its header. Any
 * difference stops the replay with a {@link ReplayException} naming the height: a node never starts
 * on a state it cannot prove.
 *
 * <p>Runs on the thread that will own the state, before the sequencer starts. Not thread-safe.
 */
public final class Replayer {
    /** What was replayed. */
    public record Result(long height, Hash lastBlockHash, long lastTimestampMillis, long transactions) {
    }

    private Replayer() {
    }

    /** Replays blocks 1 to {@code store.height()} onto {@code executor}, which must hold the genesis state. */
    public static Result replay(final Genesis genesis, final BlockStore store, final BlockExecutor executor,
                                final CodecLimits limits) {
        final LedgerState state = executor.state();
        final StateTree tree = StateTree.fromAccounts(state.accountsSorted());
        final TransactionView view = new TransactionView(limits);
        final AddressDeriver addresses = new AddressDeriver();
        final byte[] key = new byte[MlDsa44Scheme.PUBLIC_KEY_LENGTH];
        final byte[] hash = new byte[Hash.LENGTH];
        final byte[] stored = new byte[Hash.LENGTH];
        Hash parent = genesis.hash();
        long parentTimestamp = genesis.genesisTimeMillis();
        long transactions = 0;
        final long top = store.height();
        for (long h = 1; h <= top; h++) {
            final CommittedBlock block = store.block(h);
            if (block == null) {
                throw new ReplayException(ReplayError.MISSING_BLOCK, h, "the block store has no block at this height");
            }
            final BlockHeader header = block.header();
            if (header.height() != h || header.chainId() != genesis.chainId() || !header.parentHash().equals(parent)) {
                throw new ReplayException(ReplayError.BROKEN_CHAIN, h, "expected chain " + genesis.chainId()
                    + " and parent " + parent + ", found chain " + header.chainId() + ", height " + header.height()
                    + " and parent " + header.parentHash());
            }
            final int n = block.transactionCount();
            final byte[] bodyBytes = new byte[block.bodyLength()];
            block.copyBody(bodyBytes, 0);
            final UnsafeBuffer body = new UnsafeBuffer(bodyBytes);
            final UnsafeBuffer senders = new UnsafeBuffer(new byte[Math.max(1, n) * Address.LENGTH]);
            final UnsafeBuffer recipients = new UnsafeBuffer(new byte[Math.max(1, n) * Address.LENGTH]);
            final byte[] hashes = new byte[n * Hash.LENGTH];
            block.copyTransactionHashes(hashes, 0);
            final UnsafeBuffer hashBuffer = new UnsafeBuffer(hashes);
            final UnsafeBuffer proposer = new UnsafeBuffer(header.proposer().toByteArray());

            executor.beginBlock(h, proposer, 0, n);
            int offset = 0;
            for (int i = 0; i < n; i++) {
                final int length = body.getInt(offset, ByteOrder.LITTLE_ENDIAN);
                if (view.wrap(body, offset + Integer.BYTES, length) != null) {
                    throw new ReplayException(ReplayError.MALFORMED_TRANSACTION, h,
                        "transaction " + i + " does not decode: " + view.errorMessage());
                }
                view.hashInto(hash, 0);
                System.arraycopy(hashes, i * Hash.LENGTH, stored, 0, Hash.LENGTH);
                if (!Arrays.equals(hash, stored)) {
                    throw new ReplayException(ReplayError.TRANSACTION_HASH_MISMATCH, h,
                        "transaction " + i + " hashes to " + Hash.of(hash) + ", stored as " + Hash.of(stored));
                }
                body.getBytes(view.publicKeyOffset(), key, 0, view.publicKeyLength());
                final byte[] sender = new byte[Address.LENGTH];
                addresses.derive(view.scheme(), key, 0, view.publicKeyLength(), sender, 0);
                senders.putBytes(i * Address.LENGTH, sender);
                recipients.putBytes(i * Address.LENGTH, body, offset + Integer.BYTES + TransactionLayout.RECIPIENT_OFFSET,
                    Address.LENGTH);
                final ReceiptStatus status = executor.execute(view, senders, i * Address.LENGTH, hashBuffer,
                    i * Hash.LENGTH);
                if (status.ordinal() != block.statusCode(i)) {
                    throw new ReplayException(ReplayError.RECEIPT_MISMATCH, h, "transaction " + i + " re-executes to "
                        + status + " but its receipt says " + ReceiptStatus.values()[block.statusCode(i)]);
                }
                offset += Integer.BYTES + length;
            }
            executor.endBlock();

            for (int i = 0; i < n; i++) {
                touch(tree, state, senders, i * Address.LENGTH);
                touch(tree, state, recipients, i * Address.LENGTH);
            }
            touch(tree, state, proposer, 0);
            final Hash root = tree.root();
            if (!root.equals(header.stateRoot())) {
                throw new ReplayException(ReplayError.STATE_ROOT_MISMATCH, h, "re-executed state has root " + root
                    + " but the header commits to " + header.stateRoot());
            }
            parent = block.hash();
            parentTimestamp = header.timestampMillis();
            transactions += n;
        }
        return new Result(top, parent, parentTimestamp, transactions);
    }

    private static void touch(final StateTree tree, final LedgerState state, final UnsafeBuffer addresses,
                              final int offset) {
        tree.update(Address.read(addresses, offset), state.balance(addresses, offset), state.nonce(addresses, offset));
    }
}
