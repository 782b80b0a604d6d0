package io.kairos.bench.execution;

import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.state.LedgerState;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;

/**
 * Yardstick E1: pre-verified transfers per second applied by the single execution thread, over
 * 1,000,000 funded accounts. {@link #ours} runs {@link BlockExecutor} over {@link LedgerState};
 * {@link #naiveMap} runs the same rules over an Agrona {@code Object2ObjectHashMap} of account
 * objects ({@link NaiveLedger}). One invocation executes one block of {@value TransferPool#BLOCK}
 * transfers (begin, transfers, end with reward and supply check), so the score is transfers per
 * second.
 *
 * <p>Both read the same pool of 2^19 pre-encoded transfers ({@link TransferPool}); sender and
 * recipient are uniform or Zipf-distributed ({@code access}). Every measured transfer succeeds: the
 * pool's nonces follow each sender's order, and when a pass over the pool is complete the nonces are
 * advanced by one pass in an invocation-level set-up, outside the measured time. A transfer that
 * did not succeed fails the trial at tear-down, so a figure never includes refused transfers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ExecutionBenchmark {
    static final int ACCOUNTS = 1_000_000;
    /** 53 blocks of 10,000: about 2^19 transfers, 82 MB of encodings. */
    static final int POOL_BLOCKS = 53;
    private static final long SEED = 0xE1L;

    @Param({"uniform", "zipf"})
    public String access;

    TransferPool pool;
    private BlockExecutor executor;
    private NaiveLedger naive;
    private final TransactionView view = new TransactionView();
    private final UnsafeBuffer proposer = new UnsafeBuffer(new byte[20]);
    private int block;
    private long height;
    private long refused;

    @Setup(Level.Trial)
    public void setUp() {
        setUp(ACCOUNTS, POOL_BLOCKS);
    }

    void setUp(final int accounts, final int blocks) {
        pool = TransferPool.create(accounts, blocks, access.equals("zipf"), SEED);
        executor = new BlockExecutor(pool.genesis, LedgerState.fromGenesis(pool.genesis, SEED, accounts + 16));
        naive = new NaiveLedger(pool.genesis);
        pool.proposer.write(proposer, 0);
        block = 0;
        height = 0;
        refused = 0;
    }

    /** Between passes over the pool, outside the measured time: the next pass needs later nonces. */
    @Setup(Level.Invocation)
    public void nextPassIfNeeded() {
        if (block == pool.blocks()) {
            pool.advanceNonces();
            block = 0;
        }
    }

    @TearDown(Level.Trial)
    public void checkEveryTransferSucceeded() {
        if (refused != 0) {
            throw new IllegalStateException(refused + " measured transfers were refused; the pool is broken");
        }
    }

    @Benchmark
    @OperationsPerInvocation(TransferPool.BLOCK)
    public long ours() {
        final TransferPool p = pool;
        final int first = block++ * TransferPool.BLOCK;
        executor.beginBlock(++height, proposer, 0, TransferPool.BLOCK);
        for (int i = first; i < first + TransferPool.BLOCK; i++) {
            view.wrap(p.transactions, i * p.txLength, p.txLength);
            if (executor.execute(view, p.senders, i * 20, p.hashes, i * 32) != ReceiptStatus.SUCCESS) {
                refused++;
            }
        }
        executor.endBlock();
        return executor.state().totalBalances();
    }

    @Benchmark
    @OperationsPerInvocation(TransferPool.BLOCK)
    public long naiveMap() {
        final TransferPool p = pool;
        final int first = block++ * TransferPool.BLOCK;
        naive.beginBlock(p.proposer);
        for (int i = first; i < first + TransferPool.BLOCK; i++) {
            view.wrap(p.transactions, i * p.txLength, p.txLength);
            if (naive.execute(view, p.senderAddresses[i]) != ReceiptStatus.SUCCESS) {
                refused++;
            }
        }
        naive.endBlock();
        return naive.balance(p.proposer);
    }

    BlockExecutor executor() {
        return executor;
    }

    NaiveLedger naive() {
        return naive;
    }

    long refused() {
        return refused;
    }
}
