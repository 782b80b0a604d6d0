package io.kairos.engine.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.TransactionEncoder;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import io.kairos.engine.state.LedgerState;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.List;

/**
 * Genesis values and encoded transfers for the execution tests. Transfers carry zero keys and
 * signatures: execution never verifies them (the pipeline did), and the sender is passed alongside.
 */
final class ExecutionFixtures {
    static final long STAKE = 7_000_000;
    static final long REWARD = 5;
    static final int MAX_BLOCK_TXS = 64;

    private ExecutionFixtures() {
    }

    static Address address(final int n) {
        final byte[] b = new byte[Address.LENGTH];
        Arrays.fill(b, (byte) n);
        b[0] = (byte) 0xAC;
        return Address.of(b);
    }

    static final Address TREASURY = address(0x7E);
    static final Address PROPOSER = address(0x70);

    /** Accounts {@code address(1) .. address(balances.length)} with those balances; the rest to the treasury. */
    static Genesis genesis(final long... balances) {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTimeMillis(0)
            .blockReward(REWARD)
            .maxBlockTransactions(MAX_BLOCK_TXS)
            .validator("v0", SchemeId.ED25519, Ed25519Scheme.INSTANCE.fromSeed(new byte[32]).publicKey(), STAKE,
                "127.0.0.1:7000");
        for (int i = 0; i < balances.length; i++) {
            b.allocation(address(i + 1), balances[i]);
        }
        return b.remainderTo(TREASURY).build();
    }

    /** One transfer's inputs; {@link #type} other than TRANSFER goes through the package-private path. */
    record Transfer(Address sender, Address recipient, long nonce, long amount, long fee, TxType type) {
        Transfer(final Address sender, final Address recipient, final long nonce, final long amount, final long fee) {
            this(sender, recipient, nonce, amount, fee, TxType.TRANSFER);
        }
    }

    /** Encodes {@code t}, wraps {@code view} around it and returns its hash in a buffer. */
    static UnsafeBuffer encode(final Transfer t, final UnsafeBuffer into, final TransactionView view) {
        final int length = new TransactionEncoder().wrap(into, 0).type(TxType.TRANSFER).scheme(SchemeId.ED25519)
            .chainId(NetworkPreset.DEVNET.defaultChainId()).nonce(t.nonce()).fee(t.fee()).amount(t.amount())
            .recipient(t.recipient()).publicKey(new byte[32]).signature(new byte[64]).encodedLength();
        view.wrapOrThrow(into, 0, length);
        final byte[] hash = new byte[32];
        view.hashInto(hash, 0);
        return new UnsafeBuffer(hash);
    }

    /** Executes one block and returns its statuses. */
    static List<ReceiptStatus> block(final BlockExecutor executor, final long height, final Address proposer,
                                     final List<Transfer> transfers) {
        executor.beginBlock(height, proposer, transfers.size());
        final UnsafeBuffer txBuffer = new UnsafeBuffer(new byte[512]);
        final TransactionView view = new TransactionView();
        for (final Transfer t : transfers) {
            final UnsafeBuffer hash = encode(t, txBuffer, view);
            final UnsafeBuffer sender = buffer(t.sender());
            if (t.type() == TxType.TRANSFER) {
                executor.execute(view, sender, 0, hash, 0);
            } else {
                executor.apply(t.type(), t.nonce(), t.fee(), t.amount(), sender, 0, view.buffer(),
                    view.recipientOffset(), hash, 0);
            }
        }
        executor.endBlock();
        final ReceiptStatus[] statuses = new ReceiptStatus[transfers.size()];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = executor.receipts().status(i);
        }
        return List.of(statuses);
    }

    static UnsafeBuffer buffer(final Address address) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[Address.LENGTH]);
        address.write(b, 0);
        return b;
    }

    static BlockExecutor executor(final Genesis genesis, final long hashSeed) {
        return new BlockExecutor(genesis, LedgerState.fromGenesis(genesis, hashSeed));
    }
}
