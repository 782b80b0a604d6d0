package io.kairos.transport;

import io.kairos.transport.codec.BlockResponseDecoder;
import io.kairos.transport.codec.InnerDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/** Records every callback as a line of text (and consensus payloads as bytes) for assertions. */
final class RecordingHandler implements PeerHandler, TransportListener {
    final List<String> events = new ArrayList<>();
    final List<byte[]> consensus = new ArrayList<>();
    final List<Integer> consensusFrom = new ArrayList<>();
    final List<byte[]> blocks = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();

    @Override
    public void onPeerUp(final int validator) {
        events.add("up " + validator);
    }

    @Override
    public void onPeerDown(final int validator) {
        events.add("down " + validator);
    }

    @Override
    public void onConsensus(final int validator, final DirectBuffer buffer, final int offset, final int length) {
        final byte[] b = new byte[length];
        buffer.getBytes(offset, b);
        consensus.add(b);
        consensusFrom.add(validator);
    }

    @Override
    public void onBlockRequest(final int validator, final long fromHeight, final int maxBlocks, final long cursor) {
        events.add("blockRequest " + validator + " " + fromHeight + " " + maxBlocks + " " + cursor);
    }

    @Override
    public void onBlockResponse(final int validator, final BlockResponseDecoder response) {
        events.add("blockResponse " + validator + " " + response.count() + " " + response.nextCursor() + " "
            + response.end());
        while (response.next()) {
            blocks.add(response.blockBytes());
        }
    }

    @Override
    public void onSnapshotRequest(final int validator, final long height, final int chunkIndex) {
        events.add("snapshotRequest " + validator + " " + height + " " + chunkIndex);
    }

    @Override
    public void onSnapshotChunk(final int validator, final InnerDecoder chunk) {
        events.add("snapshotChunk " + validator + " " + chunk.snapshotChunkHeight() + " " + chunk.snapshotChunkIndex()
            + "/" + chunk.snapshotChunkCount() + " " + chunk.snapshotChunkDataLength() + " root0="
            + chunk.buffer().getByte(chunk.snapshotChunkStateRootOffset()));
    }

    @Override
    public void onStatus(final int validator, final long height, final DirectBuffer buffer, final int hashOffset) {
        events.add("status " + validator + " " + height + " hash0=" + buffer.getByte(hashOffset));
    }

    @Override
    public void onRefused(final int claimedSender, final TransportError error, final String message) {
        refusals.add(claimedSender + " " + error);
    }

    @Override
    public void onDisconnected(final int peer, final long untilNs) {
        events.add("disconnected " + peer + " until " + untilNs);
    }
}
