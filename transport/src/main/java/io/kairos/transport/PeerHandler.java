package io.kairos.transport;

import io.kairos.transport.codec.BlockResponseDecoder;
import io.kairos.transport.codec.InnerDecoder;
import org.agrona.DirectBuffer;

/**
 * What the node does with authenticated, decrypted, validated inbound messages. Called on the
 * transport agent's thread from {@link TransportAgent#doWork(long)}; buffers and flyweights are valid
 * only during the call (copy what you keep). Every method has an empty default so a node implements
 * what it serves.
 */
public interface PeerHandler {
    /** A session with {@code validator} is established (after a handshake). */
    default void onPeerUp(final int validator) {
    }

    /** The session with {@code validator} ended (its publication lost its subscriber, or it was disconnected). */
    default void onPeerDown(final int validator) {
    }

    /** Opaque {@code MessageCodec} bytes, for {@code ConsensusCore.onMessage}. */
    default void onConsensus(final int validator, final DirectBuffer buffer, final int offset, final int length) {
    }

    default void onBlockRequest(final int validator, final long fromHeight, final int maxBlocks, final long cursor) {
    }

    /** One page of blocks with their certificates; iterate with {@link BlockResponseDecoder#next()}. */
    default void onBlockResponse(final int validator, final BlockResponseDecoder response) {
    }

    default void onSnapshotRequest(final int validator, final long height, final int chunkIndex) {
    }

    /** One snapshot chunk; read it through the {@code snapshotChunk*} accessors of {@code chunk}. */
    default void onSnapshotChunk(final int validator, final InnerDecoder chunk) {
    }

    /**
     * Client transactions the peer forwards: {@code batch.transactionCount()} entries from
     * {@code batch.transactionsEntriesOffset()} in {@code batch.buffer()}, each an i32 length (little-endian)
     * and the encoded transaction. Unverified: hand them to the engine's ingress, which checks them.
     */
    default void onTransactions(final int validator, final InnerDecoder batch) {
    }

    /** The peer's committed height and the hash of its block at that height (32 bytes at {@code hashOffset}). */
    default void onStatus(final int validator, final long height, final DirectBuffer buffer, final int hashOffset) {
    }
}
