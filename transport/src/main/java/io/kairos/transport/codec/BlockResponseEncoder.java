package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.kairos.transport.codec.FrameHeader.ORDER;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_COUNT_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_CURSOR_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_ENTRIES_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_FLAGS_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_FLAG_END;
import static io.kairos.transport.codec.Messages.MAX_BLOCKS_PER_PAGE;

/**
 * Fills one BLOCK_RESPONSE page: {@link #tryAdd} appends (block, certificate) entries until the page
 * holds {@value Messages#MAX_BLOCKS_PER_PAGE} blocks or the next entry would pass the capacity it was
 * wrapped with (the maximum message size), then {@link #finish} writes the cursor the requester sends
 * back for the next page. Allocation-free; reuse one instance; not thread-safe.
 */
public final class BlockResponseEncoder {
    private static final int ENTRY_OVERHEAD = 8;

    private MutableDirectBuffer buffer;
    private int offset;
    private int capacity;
    private int position;
    private int count;

    /** Starts an empty page in {@code buffer[offset, offset+capacity)}. */
    public BlockResponseEncoder wrap(final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < BLOCK_RESPONSE_ENTRIES_OFFSET) {
            throw new TransportException(TransportError.OVERSIZED,
                "a block response needs at least " + BLOCK_RESPONSE_ENTRIES_OFFSET + " bytes, capacity " + capacity);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacity;
        this.position = BLOCK_RESPONSE_ENTRIES_OFFSET;
        this.count = 0;
        buffer.putByte(offset, (byte) MessageType.BLOCK_RESPONSE);
        return this;
    }

    /**
     * Appends one entry if the page has room for it.
     *
     * @return false, leaving the page unchanged, when the page is full (by count or by bytes)
     * @throws TransportException MALFORMED for an empty block
     */
    public boolean tryAdd(final DirectBuffer block, final int blockOffset, final int blockLength,
                          final DirectBuffer certificate, final int certificateOffset, final int certificateLength) {
        if (blockLength < 1 || certificateLength < 0) {
            throw new TransportException(TransportError.MALFORMED,
                "a block entry needs a non-empty block and a certificate length >= 0");
        }
        if (count == MAX_BLOCKS_PER_PAGE
            || (long) position + ENTRY_OVERHEAD + blockLength + certificateLength > capacity) {
            return false;
        }
        buffer.putInt(offset + position, blockLength, ORDER);
        buffer.putBytes(offset + position + 4, block, blockOffset, blockLength);
        position += 4 + blockLength;
        buffer.putInt(offset + position, certificateLength, ORDER);
        buffer.putBytes(offset + position + 4, certificate, certificateOffset, certificateLength);
        position += 4 + certificateLength;
        count++;
        return true;
    }

    public boolean tryAdd(final byte[] block, final byte[] certificate) {
        if (block.length < 1) {
            throw new TransportException(TransportError.MALFORMED, "a block entry needs a non-empty block");
        }
        if (count == MAX_BLOCKS_PER_PAGE || (long) position + ENTRY_OVERHEAD + block.length + certificate.length > capacity) {
            return false;
        }
        buffer.putInt(offset + position, block.length, ORDER);
        buffer.putBytes(offset + position + 4, block);
        position += 4 + block.length;
        buffer.putInt(offset + position, certificate.length, ORDER);
        buffer.putBytes(offset + position + 4, certificate);
        position += 4 + certificate.length;
        count++;
        return true;
    }

    public int count() {
        return count;
    }

    /**
     * Closes the page.
     *
     * @param nextCursor where the next page starts (for a height-keyed store: the first height not in
     *                   this page); echoed by the requester in its next BLOCK_REQUEST
     * @param end        true when there is nothing after this page
     * @return the encoded length
     */
    public int finish(final long nextCursor, final boolean end) {
        if (nextCursor < 0) {
            throw new TransportException(TransportError.MALFORMED, "nextCursor must be >= 0, got " + nextCursor);
        }
        buffer.putByte(offset + BLOCK_RESPONSE_FLAGS_OFFSET, (byte) (end ? BLOCK_RESPONSE_FLAG_END : 0));
        buffer.putShort(offset + BLOCK_RESPONSE_COUNT_OFFSET, (short) count, ORDER);
        buffer.putLong(offset + BLOCK_RESPONSE_CURSOR_OFFSET, nextCursor, ORDER);
        return position;
    }

    /** The encoded length so far (the page's length once finished). */
    public int length() {
        return position;
    }
}
