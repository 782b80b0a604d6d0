package io.kairos.bench.pipeline;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.AddressDeriver;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionVerifier;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.state.LedgerState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * The replicated state machine of {@link AeronClusterLedger}: one per cluster member, fed the
 * committed log by Aeron Cluster. Every session message is one encoded transaction, and every member
 * does to it what a Kairos validator does to each transfer: wrap it with the engine's
 * {@link TransactionView} (decode), derive the sender's address and the transaction hash, check the
 * chain id and the Ed25519 signature with {@link TransactionVerifier}, then apply it with the
 * engine's {@link BlockExecutor} to a {@link LedgerState} built from the genesis (nonce and balance
 * checks, debit, credit, fee to the fee sink). Each transfer is executed as a block of its own
 * (height = its place in the log), so the block reward of the genesis is minted once per transfer on
 * every member alike.
 *
 * <p>The leader's copy answers the client session with an {@link Ack} of {@value Ack#LENGTH} bytes
 * (outcome, code, hash); Aeron Cluster drops what followers offer to sessions. A message reaches
 * {@link #onSessionMessage} only once a majority of members has appended it to the log, so the
 * acknowledgement means committed.
 *
 * <p>Snapshots: {@link #onTakeSnapshot} writes nothing. The benchmark never asks for one, and a
 * member restarted from its log would replay every transfer from genesis anyway.
 *
 * <p>Threading: Aeron's service container thread makes every {@link ClusteredService} call. The
 * other methods ({@link #executed}, {@link #accountsSorted}) may be called from any thread; the
 * accounts only once {@link #executed} has stopped moving.
 */
final class LedgerService implements ClusteredService {
    private final long chainId;
    private final TransactionView view = new TransactionView(CodecLimits.DEFAULT);
    private final TransactionVerifier verifier = new TransactionVerifier(CodecLimits.DEFAULT);
    private final AddressDeriver addresses = new AddressDeriver();
    private final LedgerState state;
    private final BlockExecutor executor;
    private final UnsafeBuffer feeSink = new UnsafeBuffer(new byte[Address.LENGTH]);
    private final byte[] key = new byte[CodecLimits.DEFAULT.maxTransactionBytes()];
    private final UnsafeBuffer sender = new UnsafeBuffer(new byte[Address.LENGTH]);
    private final UnsafeBuffer hash = new UnsafeBuffer(new byte[Hash.LENGTH]);
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[Ack.LENGTH]);
    private Cluster cluster;
    private long height;
    private volatile long executed;

    /**
     * @param genesis the ledger's genesis (its chain id, balances and block reward)
     * @param feeSink the account credited with fees and block rewards, the same on every member
     */
    LedgerService(final Genesis genesis, final Address feeSink) {
        this.chainId = genesis.chainId();
        this.state = LedgerState.fromGenesis(genesis, 0x5EED, genesis.allocations().size() + 16);
        this.executor = new BlockExecutor(genesis, state);
        feeSink.write(this.feeSink, 0);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage) {
        this.cluster = cluster;
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp) {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason) {
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
                                 final int offset, final int length, final Header header) {
        final ValidationError malformed = view.wrap(buffer, offset, length);
        if (malformed != null) {
            hash.setMemory(0, Hash.LENGTH, (byte) 0);
            reply(session, Ack.Outcome.MALFORMED, malformed.ordinal());
            return;
        }
        view.hashInto(hash.byteArray(), 0);
        final ValidationError invalid = verifier.check(view, chainId);
        if (invalid != null) {
            reply(session, Ack.Outcome.INVALID, invalid.ordinal());
            return;
        }
        buffer.getBytes(view.publicKeyOffset(), key, 0, view.publicKeyLength());
        addresses.derive(view.scheme(), key, 0, view.publicKeyLength(), sender.byteArray(), 0);
        executor.beginBlock(++height, feeSink, 0, 1);
        final ReceiptStatus status = executor.execute(view, sender, 0, hash, 0);
        executor.endBlock();
        executed++;
        reply(session, status == ReceiptStatus.SUCCESS ? Ack.Outcome.APPLIED : Ack.Outcome.NOT_APPLIED,
            status.ordinal());
    }

    /** Retries while the session's egress is back-pressured; a closed or gone session gets nothing. */
    private void reply(final ClientSession session, final Ack.Outcome outcome, final int code) {
        Ack.write(ack, outcome, code, hash);
        while (true) {
            final long result = session.offer(ack, 0, Ack.LENGTH);
            if (result > 0 || (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)) {
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp) {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication) {
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole) {
    }

    @Override
    public void onTerminate(final Cluster cluster) {
    }

    /** Transactions this member has executed, applied or not; those refused before execution excluded. */
    long executed() {
        return executed;
    }

    /** This member's accounts, sorted by address; call once {@link #executed} has stopped moving. */
    List<LedgerState.Account> accountsSorted() {
        return state.accountsSorted();
    }
}
