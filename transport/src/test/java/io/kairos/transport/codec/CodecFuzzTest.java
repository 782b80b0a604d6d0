package io.kairos.transport.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kairos.transport.TransportException;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets for every decoder that reads peer bytes. Under plain {@code mvn test} Jazzer runs each
 * target once per file in {@code src/test/resources/io/kairos/transport/codec/CodecFuzzTestInputs/<method>/}
 * (regression mode); {@code JAZZER_FUZZ=1} fuzzes. The only exception a decoder may throw is
 * {@link TransportException}; valid inputs must survive a round trip.
 */
class CodecFuzzTest {
    private static final int MAX = 1 << 16;

    private final FrameHeader header = new FrameHeader();
    private final InnerDecoder decoder = new InnerDecoder();
    private final Lz4Codec lz4 = new Lz4Codec();

    @FuzzTest(maxDuration = "30s")
    void frameHeader(final byte[] data) {
        try {
            header.wrap(new UnsafeBuffer(data), 0, data.length, MAX);
            assertEquals(data.length - FrameHeader.LENGTH, header.bodyLength());
            final UnsafeBuffer again = new UnsafeBuffer(new byte[data.length]);
            FrameHeader.write(again, 0, header.type(), header.flags(), header.sender(), header.recipient(),
                header.bodyLength());
            again.putBytes(FrameHeader.LENGTH, data, FrameHeader.LENGTH, header.bodyLength());
            assertArrayEquals(data, again.byteArray());
        } catch (final TransportException expected) {
            assertNotNull(expected.error());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void innerMessage(final byte[] data) {
        try {
            final int type = decoder.wrap(new UnsafeBuffer(data), 0, data.length, MAX);
            assertEquals(type, data[0] & 0xFF);
            final UnsafeBuffer out = new UnsafeBuffer(new byte[MAX]);
            final int length = reencode(type, out);
            assertEquals(data.length, length);
            final byte[] copy = new byte[length];
            out.getBytes(0, copy);
            assertArrayEquals(data, copy);
        } catch (final TransportException expected) {
            assertNotNull(expected.error());
        }
    }

    /** Encodes what the decoder read, through the public encoders. */
    private int reencode(final int type, final UnsafeBuffer out) {
        final byte[] hash = new byte[32];
        return switch (type) {
            case MessageType.CONSENSUS -> Messages.encodeConsensus(out, 0, MAX, decoder.buffer(),
                decoder.consensusOffset(), decoder.consensusLength());
            case MessageType.BLOCK_REQUEST -> Messages.encodeBlockRequest(out, 0, MAX, decoder.blockRequestFromHeight(),
                decoder.blockRequestMaxBlocks(), decoder.blockRequestCursor());
            case MessageType.BLOCK_RESPONSE -> {
                final BlockResponseDecoder page = decoder.blockResponse();
                final BlockResponseEncoder encoder = new BlockResponseEncoder().wrap(out, 0, MAX);
                while (page.next()) {
                    assertTrue(encoder.tryAdd(page.buffer(), page.blockOffset(), page.blockLength(), page.buffer(),
                        page.certificateOffset(), page.certificateLength()));
                }
                yield encoder.finish(page.nextCursor(), page.end());
            }
            case MessageType.SNAPSHOT_REQUEST -> Messages.encodeSnapshotRequest(out, 0, MAX,
                decoder.snapshotRequestHeight(), decoder.snapshotRequestChunkIndex());
            case MessageType.SNAPSHOT_CHUNK -> {
                decoder.buffer().getBytes(decoder.snapshotChunkStateRootOffset(), hash);
                yield Messages.encodeSnapshotChunk(out, 0, MAX, decoder.snapshotChunkHeight(), hash,
                    decoder.snapshotChunkIndex(), decoder.snapshotChunkCount(), decoder.buffer(),
                    decoder.snapshotChunkDataOffset(), decoder.snapshotChunkDataLength());
            }
            case MessageType.STATUS -> {
                decoder.buffer().getBytes(decoder.statusBlockHashOffset(), hash);
                yield Messages.encodeStatus(out, 0, MAX, decoder.statusHeight(), hash);
            }
            case MessageType.TRANSACTIONS -> {
                final List<byte[]> txs = new ArrayList<>();
                int at = decoder.transactionsEntriesOffset();
                for (int i = 0; i < decoder.transactionCount(); i++) {
                    final byte[] tx = new byte[decoder.buffer().getInt(at, FrameHeader.ORDER)];
                    decoder.buffer().getBytes(at + Integer.BYTES, tx);
                    txs.add(tx);
                    at += Integer.BYTES + tx.length;
                }
                yield Messages.encodeTransactions(out, 0, MAX, txs, 0, txs.size());
            }
            default -> throw new AssertionError("decoder accepted unknown type " + type);
        };
    }

    @FuzzTest(maxDuration = "30s")
    void decompress(final byte[] data) {
        final byte[] out = new byte[MAX];
        try {
            final int n = lz4.decompress(data, 0, data.length, out, 0, MAX);
            assertTrue(n > 0 && n <= MAX);
        } catch (final TransportException expected) {
            assertNotNull(expected.error());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void compressionRoundTrip(final byte[] data) {
        if (data.length == 0) {
            return;
        }
        final byte[] compressed = new byte[lz4.maxCompressedLength(data.length)];
        final int n = lz4.compress(data, 0, data.length, compressed, 0);
        final byte[] back = new byte[data.length];
        assertEquals(data.length, lz4.decompress(compressed, 0, n, back, 0, data.length));
        assertArrayEquals(data, back);
    }

    @FuzzTest(maxDuration = "30s")
    void blockResponseRoundTrip(final FuzzedDataProvider data) {
        final int capacity = data.consumeInt(Messages.BLOCK_RESPONSE_ENTRIES_OFFSET, 4096);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[capacity]);
        final BlockResponseEncoder encoder = new BlockResponseEncoder().wrap(out, 0, capacity);
        final List<byte[]> blocks = new ArrayList<>();
        final List<byte[]> certificates = new ArrayList<>();
        while (data.remainingBytes() > 0 && blocks.size() < 120) {
            final byte[] block = data.consumeBytes(data.consumeInt(1, 200));
            final byte[] certificate = data.consumeBytes(data.consumeInt(0, 50));
            if (block.length == 0 || !encoder.tryAdd(block, certificate)) {
                break;
            }
            blocks.add(block);
            certificates.add(certificate);
        }
        final int length = encoder.finish(blocks.size(), blocks.isEmpty());
        assertTrue(length <= capacity && blocks.size() <= Messages.MAX_BLOCKS_PER_PAGE);
        assertEquals(MessageType.BLOCK_RESPONSE, decoder.wrap(out, 0, length, capacity));
        final BlockResponseDecoder page = decoder.blockResponse();
        for (int i = 0; i < blocks.size(); i++) {
            assertTrue(page.next());
            assertArrayEquals(blocks.get(i), page.blockBytes());
            assertArrayEquals(certificates.get(i), page.certificateBytes());
        }
        assertTrue(!page.next());
    }
}
