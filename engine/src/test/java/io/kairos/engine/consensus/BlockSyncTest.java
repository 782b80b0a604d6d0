package io.kairos.engine.consensus;

import io.kairos.engine.consensus.sim.TransferPool;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kairos.engine.consensus.ConsensusFixture.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A replica that is behind catches up from pages of decided blocks, checked like any decision. */
class BlockSyncTest {
    private final Genesis genesis = TransferPool.genesis(1);
    private final InMemoryBlockStore aheadStore = new InMemoryBlockStore(Long.MAX_VALUE);
    private final InMemoryCertificateStore aheadCertificates = new InMemoryCertificateStore(256);
    private final InMemoryBlockStore behindStore = new InMemoryBlockStore(Long.MAX_VALUE);

    private ConsensusCore core(final InMemoryBlockStore store, final InMemoryCertificateStore certificates,
                               final TransactionSource source) {
        return new ConsensusCore(ConsensusFixture.CONFIG.withEmptyBlockInterval(Long.MAX_VALUE),
            TransferPool.validatorKey(0), new InMemorySafetyStore(), certificates,
            new LedgerExecution(genesis, store, CodecLimits.DEFAULT, SignatureVerifier.DIRECT), source,
            SignatureVerifier.DIRECT, BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
    }

    /** The replica behind: its source is never ready, so it only learns blocks, as a non-leader would. */
    private ConsensusCore behind() {
        final ConsensusCore b = core(behindStore, new InMemoryCertificateStore(256), new TransactionSource() {
            @Override
            public void fill(final io.kairos.engine.mempool.ReadyTxConsumer consumer,
                             final io.kairos.engine.state.AccountView state, final int max, final long bytes) {
            }

            @Override
            public boolean ready() {
                return false;
            }
        });
        b.start(0);
        return b;
    }

    /** The replica ahead: one validator deciding a block per tick. */
    private ConsensusCore ahead(final int blocks) {
        final ConsensusCore a = core(aheadStore, aheadCertificates, TransferPool.instance());
        a.start(0);
        for (int i = 1; a.ledger().height() < blocks; i++) {
            a.onTick(i * MS);
        }
        return a;
    }

    @Test
    void aReplicaBehindCommitsEveryPagedBlockAndEndsOnTheSameChain() {
        final ConsensusCore a = ahead(7);
        final ConsensusCore b = behind();
        long from = 1;
        int pages = 0;
        while (true) {
            final List<BlockSync.Entry> page = a.syncPage(from, 3, Long.MAX_VALUE);
            if (page.isEmpty()) {
                break;
            }
            pages++;
            assertTrue(page.size() <= 3);
            for (final BlockSync.Entry e : page) {
                assertEquals(from, e.height());
                final byte[] decision = BlockSync.decision(e.block(), e.certificate(), a.codec(), CodecLimits.DEFAULT);
                assertArrayEquals(decision, BlockSync.decision(e.height(), e.block(), e.certificate(), a.codec(),
                    CodecLimits.DEFAULT), "the height in the header is the entry's");
                final ConsensusOutput out = b.onMessage(decision, 100 * MS);
                assertEquals(null, out.refusal());
                assertEquals(1, out.commits().size(), "each entry commits its block");
                from++;
            }
        }
        assertEquals(3, pages, "7 blocks in pages of 3");
        assertEquals(aheadStore.height(), behindStore.height());
        for (long h = 1; h <= aheadStore.height(); h++) {
            assertEquals(aheadStore.block(h).hash(), behindStore.block(h).hash(), "height " + h);
            assertEquals(aheadStore.block(h).header().stateRoot(), behindStore.block(h).header().stateRoot());
        }
    }

    @Test
    void pagesStopAtTheByteLimitTheTipAndTheFirstMissingCertificate() {
        final ConsensusCore a = ahead(5);
        assertEquals(1, a.syncPage(1, 100, 1).size(), "the first entry goes even when larger than the limit");
        assertTrue(a.syncPage(6, 100, Long.MAX_VALUE).isEmpty(), "nothing past the tip");
        assertEquals(5, a.syncPage(1, 1_000, Long.MAX_VALUE).size());
        final CertificateStore holed = new CertificateStore() {
            @Override
            public void put(final Certificate commit) {
            }

            @Override
            public Certificate get(final long height) {
                return height == 3 ? null : aheadCertificates.get(height);
            }
        };
        assertEquals(2, BlockSync.page(aheadStore, holed, a.codec(), 1, 100, Long.MAX_VALUE).size(),
            "a height without its certificate ends the page");
        assertEquals(ConsensusError.MALFORMED, assertThrows(ConsensusException.class,
            () -> a.syncPage(0, 10, 10)).error());
    }

    @Test
    void aPageNeverHoldsMoreThanAHundredBlocks() {
        final ConsensusCore a = ahead(BlockSync.MAX_BLOCKS_PER_PAGE + 5);
        assertEquals(BlockSync.MAX_BLOCKS_PER_PAGE, a.syncPage(1, 1_000, Long.MAX_VALUE).size());
        assertEquals(5, a.syncPage(BlockSync.MAX_BLOCKS_PER_PAGE + 1, 1_000, Long.MAX_VALUE).size());
    }

    @Test
    void aTamperedOrMismatchedEntryCommitsNothing() {
        final ConsensusCore a = ahead(2);
        final ConsensusCore b = behind();
        final BlockSync.Entry e = a.syncPage(1, 1, Long.MAX_VALUE).get(0);
        final BlockSync.Entry next = a.syncPage(2, 1, Long.MAX_VALUE).get(0);

        final byte[] body = e.block();
        body[body.length - 1] ^= 0x01;
        final ConsensusOutput tampered = b.onMessage(BlockSync.decision(1, body, e.certificate(), a.codec(),
            CodecLimits.DEFAULT), MS);
        assertTrue(tampered.commits().isEmpty(), "a block that is not the certified one is refused");
        assertTrue(tampered.refusal() != null);

        assertEquals(ConsensusError.MALFORMED, assertThrows(ConsensusException.class,
            () -> BlockSync.decision(1, e.block(), next.certificate(), a.codec(), CodecLimits.DEFAULT)).error(),
            "another height's certificate");
        assertEquals(ConsensusError.MALFORMED, assertThrows(ConsensusException.class,
            () -> BlockSync.decision(1, new byte[3], e.certificate(), a.codec(), CodecLimits.DEFAULT)).error());
        assertThrows(ConsensusException.class,
            () -> BlockSync.decision(1, e.block(), new byte[] {1, 2, 3}, a.codec(), CodecLimits.DEFAULT));
        assertEquals(0, behindStore.height());

        assertEquals(1, b.onMessage(BlockSync.decision(1, e.block(), e.certificate(), a.codec(),
            CodecLimits.DEFAULT), 2 * MS).commits().size(), "the genuine entry still commits afterwards");
    }
}
