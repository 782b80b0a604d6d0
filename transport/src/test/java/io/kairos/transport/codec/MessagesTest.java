package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private final InnerDecoder decoder = new InnerDecoder();

    @Property
    void consensusRoundTrips(@ForAll @Size(min = 1, max = 300) final byte[] bytes) {
        final int length = Messages.encodeConsensus(buffer, 0, buffer.capacity(), bytes);
        assertEquals(MessageType.CONSENSUS, decoder.wrap(buffer, 0, length, length));
        final byte[] out = new byte[decoder.consensusLength()];
        decoder.buffer().getBytes(decoder.consensusOffset(), out);
        assertArrayEquals(bytes, out);
    }

    @Property
    void blockRequestRoundTrips(@ForAll @LongRange(min = 0) final long from,
                                @ForAll @IntRange(min = 1, max = 100) final int max,
                                @ForAll @LongRange(min = 0) final long cursor) {
        final int length = Messages.encodeBlockRequest(buffer, 0, buffer.capacity(), from, max, cursor);
        assertEquals(MessageType.BLOCK_REQUEST, decoder.wrap(buffer, 0, length, 1 << 16));
        assertEquals(from, decoder.blockRequestFromHeight());
        assertEquals(max, decoder.blockRequestMaxBlocks());
        assertEquals(cursor, decoder.blockRequestCursor());
    }

    @Test
    void blockRequestLimitsAreEnforcedBothWays() {
        assertThrows(TransportException.class, () -> Messages.encodeBlockRequest(buffer, 0, 100, 0, 101, 0));
        assertThrows(TransportException.class, () -> Messages.encodeBlockRequest(buffer, 0, 100, 0, 0, 0));
        assertThrows(TransportException.class, () -> Messages.encodeBlockRequest(buffer, 0, 100, -1, 5, 0));
        final int length = Messages.encodeBlockRequest(buffer, 0, 100, 0, 100, 0);
        buffer.putInt(Messages.BLOCK_REQUEST_MAX_OFFSET, 101, FrameHeader.ORDER);
        assertEquals(TransportError.MALFORMED, assertThrows(TransportException.class,
            () -> decoder.wrap(buffer, 0, length, 1000)).error());
        assertEquals(TransportError.MALFORMED, assertThrows(TransportException.class,
            () -> decoder.wrap(buffer, 0, length - 1, 1000)).error());
    }

    @Property
    void snapshotAndStatusRoundTrip(@ForAll @LongRange(min = 0) final long height,
                                    @ForAll @IntRange(min = 1, max = 1000) final int count,
                                    @ForAll @Size(32) final byte[] root, @ForAll @Size(max = 500) final byte[] data) {
        final int index = count - 1;
        int length = Messages.encodeSnapshotChunk(buffer, 0, buffer.capacity(), height, root, index, count,
            new UnsafeBuffer(data), 0, data.length);
        assertEquals(MessageType.SNAPSHOT_CHUNK, decoder.wrap(buffer, 0, length, 1 << 16));
        assertEquals(height, decoder.snapshotChunkHeight());
        assertEquals(index, decoder.snapshotChunkIndex());
        assertEquals(count, decoder.snapshotChunkCount());
        final byte[] r = new byte[32];
        decoder.buffer().getBytes(decoder.snapshotChunkStateRootOffset(), r);
        assertArrayEquals(root, r);
        final byte[] d = new byte[decoder.snapshotChunkDataLength()];
        decoder.buffer().getBytes(decoder.snapshotChunkDataOffset(), d);
        assertArrayEquals(data, d);

        length = Messages.encodeSnapshotRequest(buffer, 0, buffer.capacity(), height, index);
        assertEquals(MessageType.SNAPSHOT_REQUEST, decoder.wrap(buffer, 0, length, 1 << 16));
        assertEquals(height, decoder.snapshotRequestHeight());
        assertEquals(index, decoder.snapshotRequestChunkIndex());

        length = Messages.encodeStatus(buffer, 0, buffer.capacity(), height, root);
        assertEquals(MessageType.STATUS, decoder.wrap(buffer, 0, length, 1 << 16));
        assertEquals(height, decoder.statusHeight());
        decoder.buffer().getBytes(decoder.statusBlockHashOffset(), r);
        assertArrayEquals(root, r);
    }

    @Property
    void blockResponsePagesStopAtOneHundredBlocksOrTheSizeLimit(
        @ForAll @IntRange(min = 1, max = 250) final int blocks, @ForAll @IntRange(min = 1, max = 400) final int blockSize,
        @ForAll @IntRange(min = 64, max = 20_000) final int capacity) {
        final BlockResponseEncoder encoder = new BlockResponseEncoder().wrap(buffer, 0, capacity);
        final List<byte[]> added = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            final byte[] block = new byte[blockSize];
            Arrays.fill(block, (byte) i);
            final byte[] cert = new byte[i % 7];
            if (!encoder.tryAdd(block, cert)) {
                break;
            }
            added.add(block);
        }
        final boolean end = added.size() == blocks;
        final int length = encoder.finish(added.size(), end);
        assertTrue(length <= capacity);
        assertTrue(added.size() <= Messages.MAX_BLOCKS_PER_PAGE);
        assertTrue(end || added.size() == 100 || length + 8 + blockSize + (added.size() % 7) > capacity);

        assertEquals(MessageType.BLOCK_RESPONSE, decoder.wrap(buffer, 0, length, capacity));
        final BlockResponseDecoder page = decoder.blockResponse();
        assertEquals(added.size(), page.count());
        assertEquals(end, page.end());
        assertEquals(added.size(), page.nextCursor());
        int i = 0;
        while (page.next()) {
            assertArrayEquals(added.get(i), page.blockBytes());
            assertEquals(i % 7, page.certificateLength());
            i++;
        }
        assertEquals(added.size(), i);
        assertFalse(page.next());
    }

    @Test
    void blockResponseRefusesBadCountsLengthsAndTrailingBytes() {
        final BlockResponseEncoder encoder = new BlockResponseEncoder().wrap(buffer, 0, 1000);
        encoder.tryAdd(new byte[]{1, 2, 3}, new byte[]{4});
        final int length = encoder.finish(7, false);
        assertEquals(MessageType.BLOCK_RESPONSE, decoder.wrap(buffer, 0, length, 1000));
        assertError(TransportError.MALFORMED, length + 1);
        buffer.putShort(Messages.BLOCK_RESPONSE_COUNT_OFFSET, (short) 101, FrameHeader.ORDER);
        assertError(TransportError.OVERSIZED, length);
        buffer.putShort(Messages.BLOCK_RESPONSE_COUNT_OFFSET, (short) 2, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
        buffer.putShort(Messages.BLOCK_RESPONSE_COUNT_OFFSET, (short) 1, FrameHeader.ORDER);
        buffer.putInt(Messages.BLOCK_RESPONSE_ENTRIES_OFFSET, Integer.MAX_VALUE, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
        buffer.putInt(Messages.BLOCK_RESPONSE_ENTRIES_OFFSET, -5, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
    }

    @Property
    void transactionsRoundTrip(@ForAll @Size(min = 1, max = 40) final List<@Size(min = 1, max = 300) byte[]> txs) {
        final int length = Messages.encodeTransactions(buffer, 0, buffer.capacity(), txs, 0, txs.size());
        assertEquals(Messages.transactionsLength(txs.size(), txs.stream().mapToLong(t -> t.length).sum()), length);
        assertEquals(MessageType.TRANSACTIONS, decoder.wrap(buffer, 0, length, length));
        assertEquals(txs.size(), decoder.transactionCount());
        int at = decoder.transactionsEntriesOffset();
        for (final byte[] tx : txs) {
            final byte[] back = new byte[decoder.buffer().getInt(at, FrameHeader.ORDER)];
            decoder.buffer().getBytes(at + Integer.BYTES, back);
            assertArrayEquals(tx, back);
            at += Integer.BYTES + back.length;
        }
    }

    @Test
    void transactionsRefuseBadCountsLengthsAndTrailingBytes() {
        final List<byte[]> two = List.of(new byte[]{1, 2, 3}, new byte[]{4, 5});
        final int length = Messages.encodeTransactions(buffer, 0, 1000, two, 0, 2);
        assertEquals(MessageType.TRANSACTIONS, decoder.wrap(buffer, 0, length, 1000));
        assertError(TransportError.MALFORMED, length + 1);
        assertError(TransportError.MALFORMED, length - 1);
        buffer.putShort(Messages.TRANSACTIONS_COUNT_OFFSET, (short) 0, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
        buffer.putShort(Messages.TRANSACTIONS_COUNT_OFFSET, (short) 3, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
        buffer.putShort(Messages.TRANSACTIONS_COUNT_OFFSET, (short) 2, FrameHeader.ORDER);
        buffer.putInt(Messages.TRANSACTIONS_ENTRIES_OFFSET, -1, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
        buffer.putInt(Messages.TRANSACTIONS_ENTRIES_OFFSET, Integer.MAX_VALUE, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, length);
        assertEquals(TransportError.MALFORMED, assertThrows(TransportException.class,
            () -> Messages.encodeTransactions(buffer, 0, 1000, List.of(new byte[0]), 0, 1)).error());
        assertEquals(TransportError.MALFORMED, assertThrows(TransportException.class,
            () -> Messages.encodeTransactions(buffer, 0, 1000, two, 0, 0)).error());
        assertEquals(TransportError.OVERSIZED, assertThrows(TransportException.class,
            () -> Messages.encodeTransactions(buffer, 0, 10, two, 0, 2)).error());
    }

    @Test
    void oversizedAndUnknownMessagesAreTyped() {
        final int length = Messages.encodeConsensus(buffer, 0, 100, new byte[50]);
        assertError(TransportError.OVERSIZED, length, 50);
        buffer.putByte(0, (byte) 99);
        assertError(TransportError.UNKNOWN_TYPE, length, 1000);
        assertError(TransportError.MALFORMED, 0, 1000);
        assertEquals(TransportError.OVERSIZED, assertThrows(TransportException.class,
            () -> Messages.encodeConsensus(buffer, 0, 10, new byte[10])).error());
    }

    private void assertError(final TransportError expected, final int length) {
        assertError(expected, length, 1 << 16);
    }

    private void assertError(final TransportError expected, final int length, final int max) {
        final TransportException e = assertThrows(TransportException.class, () -> decoder.wrap(buffer, 0, length, max));
        assertEquals(expected, e.error(), e.getMessage());
    }

    @Property
    void arbitraryInnerBytesNeverThrowAnythingButTyped(@ForAll @Size(max = 200) final byte[] bytes) {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        try {
            final int type = decoder.wrap(b, 0, bytes.length, 150);
            assertTrue(MessageType.isKnown(type));
            if (type == MessageType.BLOCK_RESPONSE) {
                while (decoder.blockResponse().next()) {
                    assertTrue(decoder.blockResponse().blockLength() > 0);
                }
            }
        } catch (final TransportException e) {
            assertTrue(e.error() != null);
        }
    }
}
