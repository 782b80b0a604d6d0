package io.kairos.engine.consensus;

import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Block sync in pages: a node that is behind asks a peer for the decided blocks after its own,
 * at most {@link #MAX_BLOCKS_PER_PAGE} at a time, and hands each one to its consensus core as the
 * {@link Decision} it is (the block and its 2f+1 precommits). The core checks it like any decision
 * from the network: the certificate against the validator set, then the block executed and its
 * state root compared, so a page from a lying peer commits nothing.
 *
 * <p>An entry on the wire is the block (header then body, {@code BlockHeader.LENGTH + bodyLength}
 * bytes) and the certificate ({@link MessageCodec#encodeCertificate}). Stateless; {@link #page} must
 * run on the thread that owns the store and the certificates (a node's sequencer thread, see
 * {@code KairosEngine.syncPage}); {@link #decision} on any thread.
 */
public final class BlockSync {
    /** Most blocks one response holds (the transport pages at the same bound). */
    public static final int MAX_BLOCKS_PER_PAGE = 100;

    /** One decided block as it travels: the block bytes and its commit certificate's bytes. */
    public record Entry(long height, byte[] block, byte[] certificate) {
        public Entry {
            block = block.clone();
            certificate = certificate.clone();
        }

        @Override
        public byte[] block() {
            return block.clone();
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }

        /** Bytes this entry takes in a page, without framing. */
        public int size() {
            return block.length + certificate.length;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Entry e && e.height == height && Arrays.equals(e.block, block)
                && Arrays.equals(e.certificate, certificate);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(height) * 31 + Arrays.hashCode(block);
        }

        @Override
        public String toString() {
            return "Entry{height " + height + ", " + block.length + " + " + certificate.length + " bytes}";
        }
    }

    private BlockSync() {
    }

    /**
     * The decided blocks from {@code fromHeight} on with their certificates, in height order: at most
     * {@code maxBlocks} (capped at {@link #MAX_BLOCKS_PER_PAGE}) and {@code maxBytes} (the first entry
     * is returned even when larger, so that one large block cannot stall a sync). Stops early at the
     * first height the store or the certificate store does not hold; empty when {@code fromHeight}
     * is past the tip.
     */
    public static List<Entry> page(final BlockStore store, final CertificateStore certificates,
                                   final MessageCodec codec, final long fromHeight, final int maxBlocks,
                                   final long maxBytes) {
        if (fromHeight < 1 || maxBlocks < 1 || maxBytes < 1) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a page starts at height >= 1 and holds at "
                + "least one block and one byte, got from " + fromHeight + ", " + maxBlocks + " blocks, "
                + maxBytes + " bytes");
        }
        final int limit = Math.min(maxBlocks, MAX_BLOCKS_PER_PAGE);
        final List<Entry> out = new ArrayList<>(Math.min(limit, 16));
        long bytes = 0;
        for (long h = fromHeight; h <= store.height() && out.size() < limit; h++) {
            final Certificate c = certificates.get(h);
            final CommittedBlock b = c == null ? null : store.block(h);
            if (b == null) {
                break;
            }
            final byte[] block = new byte[BlockHeader.LENGTH + b.bodyLength()];
            System.arraycopy(b.header().encode(), 0, block, 0, BlockHeader.LENGTH);
            b.copyBody(block, BlockHeader.LENGTH);
            final Entry e = new Entry(h, block, codec.encodeCertificate(c));
            if (!out.isEmpty() && bytes + e.size() > maxBytes) {
                break;
            }
            bytes += e.size();
            out.add(e);
        }
        return out;
    }

    /**
     * As {@link #decision(long, byte[], byte[], MessageCodec, CodecLimits)} for an entry whose height is
     * the one its block header names (a page's entries carry no height of their own).
     */
    public static byte[] decision(final byte[] block, final byte[] certificate, final MessageCodec codec,
                                  final CodecLimits limits) {
        if (block.length < BlockHeader.LENGTH) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a synced block of " + block.length
                + " bytes is shorter than its header");
        }
        final long height;
        try {
            height = BlockHeader.decode(Arrays.copyOf(block, BlockHeader.LENGTH), limits).height();
        } catch (final ValidationException e) {
            throw new ConsensusException(ConsensusError.MALFORMED, "synced block header: " + e.getMessage());
        }
        return decision(height, block, certificate, codec, limits);
    }

    /**
     * The decision message of one entry, to be handed to {@link ConsensusCore#onMessage} (through the
     * node's ingress) like one from the network. Checks only the form; consensus checks the rest.
     *
     * @throws ConsensusException {@link ConsensusError#MALFORMED} or {@link ConsensusError#OVERSIZED}
     *     when the bytes are not a block and a certificate of the same height
     */
    public static byte[] decision(final long height, final byte[] block, final byte[] certificate,
                                  final MessageCodec codec, final CodecLimits limits) {
        if (block.length < BlockHeader.LENGTH) {
            throw new ConsensusException(ConsensusError.MALFORMED, "a synced block of " + block.length
                + " bytes is shorter than its header");
        }
        final BlockHeader header;
        try {
            header = BlockHeader.decode(Arrays.copyOf(block, BlockHeader.LENGTH), limits);
        } catch (final ValidationException e) {
            throw new ConsensusException(ConsensusError.MALFORMED, "synced block header: " + e.getMessage());
        }
        if (header.height() != height || header.bodyLength() != block.length - BlockHeader.LENGTH) {
            throw new ConsensusException(ConsensusError.MALFORMED, "synced entry for height " + height
                + " holds block " + header.height() + " with a body of " + header.bodyLength() + " bytes in "
                + (block.length - BlockHeader.LENGTH));
        }
        final Certificate c = codec.decodeCertificate(certificate);
        if (c.height() != height) {
            throw new ConsensusException(ConsensusError.MALFORMED, "synced entry for height " + height
                + " carries the certificate of height " + c.height());
        }
        return codec.encode(new Decision(header, Arrays.copyOfRange(block, BlockHeader.LENGTH, block.length), c));
    }
}
