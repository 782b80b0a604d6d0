package io.kairos.node.crash;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.StateRecovery;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.consensus.CertificateJournal;
import io.kairos.journal.safety.ConsensusSafetyStore;
import io.kairos.journal.JournalConfig;
import io.kairos.journal.SyncPolicy;
import io.kairos.journal.snapshot.SnapshotFiles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link KillNineCrashTest}: a validator on a Chronicle journal (a new file every
 * second) taking a snapshot every {@value #SNAPSHOT_INTERVAL} blocks, under a steady load, printing
 * {@code ACK <height> <txhash>} for every acknowledged transaction, until it is killed. Each start
 * recovers (newest sound snapshot, then a replay proving every later state root), says what it
 * loaded on its {@code START} line, and resumes the senders' nonces.
 */
public final class CrashTestValidator {
    static final int ACCOUNTS = 16;

    private CrashTestValidator() {
    }

    static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[3] = 77;
        return s;
    }

    /**
     * Dormant accounts that only make the state (and so each snapshot) big enough that writing one
     * takes milliseconds, so that some kills land in the middle of a snapshot.
     */
    static final int DORMANT_ACCOUNTS = 30_000;
    /** A snapshot every this many blocks. */
    static final long SNAPSHOT_INTERVAL = 8;

    static Genesis genesis(final SigningKey validator, final List<SigningKey> accounts) {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100");
        for (final SigningKey k : accounts) {
            b.allocation(k.address(), Amounts.tokens(1_000));
        }
        for (int i = 0; i < DORMANT_ACCOUNTS; i++) {
            final byte[] a = new byte[Address.LENGTH];
            a[0] = (byte) 0xD0;
            a[1] = (byte) (i >>> 16);
            a[2] = (byte) (i >>> 8);
            a[3] = (byte) i;
            b.allocation(Address.of(a), 1 + i);
        }
        return b.remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(201)).address()).build();
    }

    /** The journal as the child opens it: unsynced (kill -9 safe), a new queue file every second. */
    static JournalConfig journalConfig(final Path dataDir) {
        return JournalConfig.defaults(dataDir.resolve("journal")).withSyncPolicy(SyncPolicy.NONE)
            .withRollCycle(TestRollCycles.TEST_SECONDLY);
    }

    static Path snapshotDir(final Path dataDir) {
        return dataDir.resolve("snapshots");
    }

    public static void main(final String[] args) throws Exception {
        final Path dataDir = Path.of(args[0]);
        final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(seed(200));
        final List<SigningKey> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
        }
        final Genesis genesis = genesis(validator, accounts);
        final PrintStream out = System.out;
        final BlockJournal journal = BlockJournal.open(journalConfig(dataDir));
        // The real safety record and certificate file: kill -9 lands in their writes too.
        final ConsensusSafetyStore safety = ConsensusSafetyStore.open(dataDir, genesis.hash(), journal.height(),
            SyncPolicy.NONE);
        final CertificateJournal certificates = CertificateJournal.open(dataDir, genesis.hash(), 1, SyncPolicy.NONE);
        final KairosEngine engine = KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).blockStore(journal)
            .safetyStore(safety).certificateStore(certificates)
            .snapshots(SnapshotFiles.open(snapshotDir(dataDir), 2), SNAPSHOT_INTERVAL).build();
        engine.start();
        final StateRecovery.Result recovery = engine.recovery();
        out.println("START " + recovery.replay().height() + " snapshot " + recovery.snapshotHeight() + " replayed "
            + recovery.replayedBlocks() + " skipped " + recovery.skipped().size());
        out.flush();
        final long[] nonces = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            nonces[i] = engine.nonce(accounts.get(i).address()).get(10, TimeUnit.SECONDS);
        }
        for (long n = 0; ; n++) {
            final int from = (int) (n % ACCOUNTS);
            final Transaction tx = Transaction.transfer().chainId(genesis.chainId()).nonce(nonces[from]++).fee(1)
                .recipient(accounts.get((from + 1) % ACCOUNTS).address()).amount(1).sign(accounts.get(from));
            engine.submit(tx, 1, TimeUnit.SECONDS).whenComplete((receipt, error) -> {
                if (error == null && receipt.status() == ReceiptStatus.SUCCESS) {
                    synchronized (out) {
                        out.println("ACK " + receipt.blockHeight() + " " + receipt.txHash().toHex());
                        out.flush();
                    }
                }
            });
            if (n % 64 == 63) {
                Thread.sleep(2);
                if (engine.failure().isPresent()) {
                    // The parent sees the child exit before its kill and fails with this log.
                    engine.failure().get().printStackTrace(out);
                    out.flush();
                    System.exit(3);
                }
            }
        }
    }
}
