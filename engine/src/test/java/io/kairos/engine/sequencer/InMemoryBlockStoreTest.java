package io.kairos.engine.sequencer;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.BlockHeader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryBlockStoreTest {
    /** A block of {@code n} transactions whose hashes are {@code seed, seed+1, ...} in the last byte. */
    private static CommittedBlock block(final long height, final int n, final int bodyBytes, final byte[][] hashes) {
        final byte[] txHashes = new byte[n * Hash.LENGTH];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hashes[i], 0, txHashes, i * Hash.LENGTH, Hash.LENGTH);
        }
        final BlockHeader header = new BlockHeader(1, height, height, Hash.ZERO, Address.ZERO, Hash.ZERO, Hash.ZERO,
            n, bodyBytes);
        return new CommittedBlock(header, header.hash(), new byte[bodyBytes], txHashes, new byte[n], new long[n]);
    }

    private static byte[] hash(final int a, final int b) {
        final byte[] h = new byte[Hash.LENGTH];
        h[0] = (byte) a;
        h[31] = (byte) b;
        return h;
    }

    @Test
    void findsBlocksAndTransactionsByHeightAndHash() {
        final InMemoryBlockStore store = new InMemoryBlockStore(1 << 20);
        store.append(block(1, 2, 100, new byte[][] {hash(1, 1), hash(1, 2)}));
        store.append(block(2, 1, 100, new byte[][] {hash(2, 1)}));
        assertEquals(2, store.height());
        assertEquals(2, store.block(2).height());
        assertNull(store.block(3));
        assertNull(store.block(0));
        assertEquals(1L << 32 | 1, store.locate(Hash.of(hash(1, 2))));
        assertEquals(2L << 32, store.locate(Hash.of(hash(2, 1))));
        assertEquals(-1, store.locate(Hash.of(hash(9, 9))));
        assertEquals(ReceiptStatus.SUCCESS, store.block(1).receipt(1).status());
    }

    @Test
    void hashesSharingAnIndexPrefixAreStillTellApart() {
        final InMemoryBlockStore store = new InMemoryBlockStore(1 << 20);
        // Same first 8 bytes, different tails: the index key collides, the full hash decides.
        store.append(block(1, 2, 10, new byte[][] {hash(7, 1), hash(7, 2)}));
        assertEquals(1L << 32, store.locate(Hash.of(hash(7, 1))));
        assertEquals(1L << 32 | 1, store.locate(Hash.of(hash(7, 2))));
        assertEquals(-1, store.locate(Hash.of(hash(7, 3))));
    }

    @Test
    void dropsTheOldestBlocksBeyondTheBudgetAndForgetsTheirTransactions() {
        final InMemoryBlockStore store = new InMemoryBlockStore(250);
        for (int h = 1; h <= 5; h++) {
            store.append(block(h, 1, 100, new byte[][] {hash(h, 0)}));
        }
        assertEquals(2, store.retainedBlocks());
        assertNull(store.block(3));
        assertEquals(4, store.block(4).height());
        assertEquals(-1, store.locate(Hash.of(hash(1, 0))));
        assertEquals(5L << 32, store.locate(Hash.of(hash(5, 0))));
    }

    @Test
    void findsRetainedBlocksByHashAndForgetsDroppedOnes() {
        final InMemoryBlockStore store = new InMemoryBlockStore(250);
        final CommittedBlock[] blocks = new CommittedBlock[6];
        for (int h = 1; h <= 5; h++) {
            blocks[h] = block(h, 1, 100, new byte[][] {hash(h, 0)});
            store.append(blocks[h]);
        }
        assertEquals(5, store.blockHeight(blocks[5].hash()));
        assertEquals(4, store.blockHeight(blocks[4].hash()));
        assertEquals(-1, store.blockHeight(blocks[1].hash()), "dropped with its block");
        assertEquals(-1, store.blockHeight(Hash.of(hash(9, 9))));
    }

    @Test
    void aStoreWithoutBlockHashesKnowsNone() {
        final BlockStore bare = new BlockStore() {
            @Override
            public void append(final CommittedBlock block) {
            }

            @Override
            public CommittedBlock block(final long height) {
                return null;
            }

            @Override
            public long locate(final Hash hash) {
                return -1;
            }

            @Override
            public long height() {
                return 0;
            }
        };
        assertEquals(-1, bare.blockHeight(Hash.ZERO));
    }

    @Test
    void refusesOutOfOrderAppends() {
        final InMemoryBlockStore store = new InMemoryBlockStore(1 << 20);
        assertThrows(IllegalStateException.class, () -> store.append(block(2, 0, 0, new byte[0][])));
    }
}
