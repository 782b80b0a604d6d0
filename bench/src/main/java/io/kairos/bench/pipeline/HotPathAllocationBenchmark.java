package io.kairos.bench.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.AddressDeriver;
import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.VerificationBatch;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.Mempool;
import io.kairos.engine.mempool.MempoolConfig;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.BlockAssembly;
import io.kairos.engine.pipeline.PipelineConfig;
import io.kairos.engine.state.LedgerState;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Yardstick H1: what each per-transaction path of the validator allocates in steady state, one
 * transaction per operation, on one thread and without the pipeline's threads, so that JMH's
 * {@code -prof gc} ({@code gc.alloc.rate.norm}, bytes per operation) can attribute allocation to a
 * path. The paths re-enact the pipeline's stages through the engine's public API (the stage classes
 * themselves are package-private):
 *
 * <ul>
 *   <li>{@link #decode}: what {@code DecodeStage} does to a ring slot: {@link TransactionView#wrap},
 *       the chain-id check, writing the signing prefix in front of the encoding, the sender address
 *       ({@link AddressDeriver}) and the hash ({@link TransactionView#hashInto}).</li>
 *   <li>{@link #verifyDispatch}: what {@code VerifyStage} does around the crypto: add the slot to a
 *       {@link VerificationBatch} and, every {@value PipelineConfig#DEFAULT_BATCH_SIZE} transactions,
 *       hand the full batch to a {@link BatchVerifier} and read the results back. The verifier here
 *       accepts everything without checking: signature checking is Bouncy Castle's and its
 *       allocation is S1's figure.</li>
 *   <li>{@link #admit}: what the sequencer does per transaction: wrap, {@link Mempool#admit}; and per
 *       block of {@value #BLOCK}: {@link Mempool#drainReady} into the sequencer's own
 *       {@link BlockAssembly} (copying bytes and hashes, deriving senders and recipients) and
 *       {@link Mempool#onBlockCommitted}. The state is not changed (execution is the next path), so
 *       every round re-admits the same nonce-0 transfers once the block removed them.</li>
 *   <li>{@link #execute}: {@link BlockExecutor#execute} inside {@code beginBlock}/{@code endBlock}
 *       every {@value #BLOCK} transactions, on a copy of the pool whose nonces are rewritten (one
 *       {@code putLong} per operation) so that every transfer succeeds.</li>
 * </ul>
 *
 * Scores are operations (transactions) per second, but the figure that matters is bytes allocated
 * per operation: the target is 0. A path that refuses a transaction fails the trial at tear-down.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class HotPathAllocationBenchmark {
    /** Distinct transfers cycled through; a multiple of {@link #BLOCK}. */
    static final int SENDERS = 1024;
    /** Transactions per block in the admit and execute paths. */
    static final int BLOCK = 256;
    private static final long SEED = 0x4831L;
    private static final long NOW_MILLIS = 1;
    /** {@code Domain.tag()} returns a copy, so decode takes it once, as the decode stage does. */
    private static final byte[] SIGNING_TAG = Hashing.Domain.TRANSACTION_SIGNING.tag();

    SignedTransferPool pool;
    private long chainId;
    private int next;
    long refused;

    // decode
    private final TransactionView view = new TransactionView();
    private final AddressDeriver addresses = new AddressDeriver();
    private byte[][] decodeSlots;
    private UnsafeBuffer[] decodeBuffers;
    final byte[] sender = new byte[Address.LENGTH];
    final byte[] hash = new byte[Hash.LENGTH];

    // verify-dispatch
    private final VerificationBatch batch = new VerificationBatch(PipelineConfig.DEFAULT_BATCH_SIZE);
    private final boolean[] results = new boolean[PipelineConfig.DEFAULT_BATCH_SIZE];
    private final AcceptingVerifier verifier = new AcceptingVerifier();
    long accepted;

    // admit
    private UnsafeBuffer[] slotBuffers;
    private byte[][] hashArrays;
    private Mempool mempool;
    private final BlockAssembly body = new BlockAssembly(BLOCK, BLOCK * 256, CodecLimits.DEFAULT);
    private int pooled;

    // execute
    private BlockExecutor executor;
    private UnsafeBuffer[] executeBuffers;
    private final UnsafeBuffer proposer = new UnsafeBuffer(new byte[Address.LENGTH]);
    private long height;
    private int inBlock;
    private long pass;

    @Setup(Level.Trial)
    public void setUp() {
        pool = SignedTransferPool.create(SENDERS, 1, SEED);
        chainId = pool.genesis.chainId();
        final int n = SENDERS;
        decodeSlots = new byte[n][];
        decodeBuffers = new UnsafeBuffer[n];
        slotBuffers = new UnsafeBuffer[n];
        hashArrays = new byte[n][];
        executeBuffers = new UnsafeBuffer[n];
        for (int i = 0; i < n; i++) {
            // Decode writes the prefix itself, so its slots start with zeros there.
            decodeSlots[i] = new byte[pool.slots[i].length];
            System.arraycopy(pool.encoded[i], 0, decodeSlots[i], TransactionLayout.SIGNING_PREFIX_LENGTH,
                pool.length);
            decodeBuffers[i] = new UnsafeBuffer(decodeSlots[i]);
            slotBuffers[i] = new UnsafeBuffer(pool.slots[i]);
            hashArrays[i] = new byte[Hash.LENGTH];
            pool.hashes.getBytes(i * Hash.LENGTH, hashArrays[i]);
            executeBuffers[i] = new UnsafeBuffer(pool.encoded[i].clone());
        }
        final LedgerState admitState = LedgerState.fromGenesis(pool.genesis, SEED, SENDERS + 16);
        mempool = new Mempool(MempoolConfig.DEFAULT, admitState);
        executor = new BlockExecutor(pool.genesis, LedgerState.fromGenesis(pool.genesis, SEED, SENDERS + 16));
        pool.proposer.write(proposer, 0);
        checkDecodeMatchesThePool();
    }

    /** Refuses to time a decode path that derives another hash or sender than the pool's. */
    private void checkDecodeMatchesThePool() {
        final byte[] expected = new byte[Hash.LENGTH];
        final byte[] expectedSender = new byte[Address.LENGTH];
        for (int i = 0; i < SENDERS; i++) {
            next = i;
            decode();
            pool.hashes.getBytes(i * Hash.LENGTH, expected);
            pool.senderAddresses.getBytes(i * Address.LENGTH, expectedSender);
            if (!Arrays.equals(expected, hash) || !Arrays.equals(expectedSender, sender)
                || !Arrays.equals(decodeSlots[i], pool.slots[i])) {
                throw new IllegalStateException("decoding pool transfer " + i + " gave another hash, sender or "
                    + "signing prefix than the pool's");
            }
        }
        next = 0;
        refused = 0;
    }

    private int nextIndex() {
        final int i = next;
        next = i + 1 == SENDERS ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public int decode() {
        final int i = nextIndex();
        final byte[] slot = decodeSlots[i];
        final ValidationError error = view.wrap(decodeBuffers[i], TransactionLayout.SIGNING_PREFIX_LENGTH,
            pool.length);
        if (error != null || view.chainId() != chainId) {
            refused++;
            return -1;
        }
        System.arraycopy(SIGNING_TAG, 0, slot, 0, SIGNING_TAG.length);
        decodeBuffers[i].putLong(SIGNING_TAG.length, view.chainId(), TransactionLayout.ORDER);
        addresses.derive(view.scheme(), slot, view.publicKeyOffset(), view.publicKeyLength(), sender, 0);
        view.hashInto(hash, 0);
        return hash[0] + sender[0];
    }

    @Benchmark
    public long verifyDispatch() {
        final int i = nextIndex();
        final SignedTransferPool p = pool;
        final byte[] slot = p.slots[i];
        batch.add(SchemeId.ED25519, slot, p.publicKeyOffset, slot, 0, p.signingLength, slot, p.signatureOffset);
        if (batch.isFull()) {
            verifier.verify(batch);
            final int n = batch.size();
            for (int j = 0; j < n; j++) {
                results[j] = batch.isValid(j);
                if (results[j]) {
                    accepted++;
                } else {
                    refused++;
                }
            }
            batch.clear();
        }
        return accepted;
    }

    @Benchmark
    public int admit() {
        final int i = nextIndex();
        view.wrap(slotBuffers[i], TransactionLayout.SIGNING_PREFIX_LENGTH, pool.length);
        final RejectReason reason = mempool.admit(view, hashArrays[i], pool.senderAddresses, i * Address.LENGTH,
            NOW_MILLIS);
        if (reason != null) {
            refused++;
        }
        if (++pooled == BLOCK) {
            pooled = 0;
            body.reset();
            final int taken = mempool.drainReady(BLOCK, Long.MAX_VALUE, body);
            final int included = mempool.onBlockCommitted(body.hashes(), 0, body.senders(), 0, taken);
            if (taken != BLOCK || included != BLOCK) {
                refused += BLOCK;
            }
        }
        return mempool.size();
    }

    @Benchmark
    public int execute() {
        final int i = nextIndex();
        if (inBlock == 0) {
            executor.beginBlock(++height, proposer, 0, BLOCK);
        }
        final UnsafeBuffer tx = executeBuffers[i];
        tx.putLong(TransactionLayout.NONCE_OFFSET, pass, TransactionLayout.ORDER);
        view.wrap(tx, 0, pool.length);
        if (executor.execute(view, pool.senderAddresses, i * Address.LENGTH, pool.hashes, i * Hash.LENGTH)
            != ReceiptStatus.SUCCESS) {
            refused++;
        }
        if (++inBlock == BLOCK) {
            inBlock = 0;
            executor.endBlock();
        }
        if (i == SENDERS - 1) {
            pass++;
        }
        return inBlock;
    }

    @TearDown(Level.Trial)
    public void checkNothingWasRefused() {
        if (refused != 0) {
            throw new IllegalStateException(refused + " transactions were refused on a measured path; the "
                + "benchmark is broken");
        }
    }

    /** Accepts every item without checking: the dispatch path's cost without the crypto. */
    static final class AcceptingVerifier implements BatchVerifier {
        long items;

        @Override
        public void verify(final VerificationBatch b) {
            for (int i = 0, n = b.size(); i < n; i++) {
                b.setValid(i, true);
            }
            items += b.size();
        }
    }
}
