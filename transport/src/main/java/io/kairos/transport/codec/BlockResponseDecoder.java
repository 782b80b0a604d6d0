package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.DirectBuffer;

import static io.kairos.transport.codec.FrameHeader.ORDER;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_COUNT_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_CURSOR_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_ENTRIES_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_FLAGS_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_RESPONSE_FLAG_END;
import static io.kairos.transport.codec.Messages.MAX_BLOCKS_PER_PAGE;

/**
 * Reads a BLOCK_RESPONSE page. {@link #wrap} walks every entry once and refuses the page unless the
 * count is at most {@value Messages#MAX_BLOCKS_PER_PAGE}, every length is in bounds and nothing
 * trails; after that, {@link #next()} steps through the entries and the accessors give the current
 * entry's place in {@link #buffer()}. Valid only until the buffer is reused (inside the handler call).
 * Allocation-free flyweight; not thread-safe.
 */
public final class BlockResponseDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int count;
    private long nextCursor;
    private boolean end;
    private int index;
    private int position;
    private int blockOffset;
    private int blockLength;
    private int certificateOffset;
    private int certificateLength;

    public BlockResponseDecoder wrap(final DirectBuffer buffer, final int offset, final int length) {
        if (length < BLOCK_RESPONSE_ENTRIES_OFFSET) {
            throw new TransportException(TransportError.MALFORMED,
                "block response of " + length + " bytes, the fixed part is " + BLOCK_RESPONSE_ENTRIES_OFFSET);
        }
        if ((buffer.getByte(offset) & 0xFF) != MessageType.BLOCK_RESPONSE) {
            throw new TransportException(TransportError.UNKNOWN_TYPE, "not a block response");
        }
        final int flags = buffer.getByte(offset + BLOCK_RESPONSE_FLAGS_OFFSET) & 0xFF;
        if ((flags & ~BLOCK_RESPONSE_FLAG_END) != 0) {
            throw new TransportException(TransportError.MALFORMED, "unknown block response flags 0x"
                + Integer.toHexString(flags));
        }
        final int n = buffer.getShort(offset + BLOCK_RESPONSE_COUNT_OFFSET, ORDER) & 0xFFFF;
        if (n > MAX_BLOCKS_PER_PAGE) {
            throw new TransportException(TransportError.OVERSIZED,
                "block response with " + n + " blocks, the maximum is " + MAX_BLOCKS_PER_PAGE);
        }
        final long cursor = buffer.getLong(offset + BLOCK_RESPONSE_CURSOR_OFFSET, ORDER);
        if (cursor < 0) {
            throw new TransportException(TransportError.MALFORMED, "negative next cursor " + cursor);
        }
        int p = BLOCK_RESPONSE_ENTRIES_OFFSET;
        for (int i = 0; i < n; i++) {
            p = skipField(buffer, offset, length, p, 1, i, "block");
            p = skipField(buffer, offset, length, p, 0, i, "certificate");
        }
        if (p != length) {
            throw new TransportException(TransportError.MALFORMED,
                (length - p) + " trailing bytes after " + n + " block entries");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.count = n;
        this.nextCursor = cursor;
        this.end = (flags & BLOCK_RESPONSE_FLAG_END) != 0;
        rewind();
        return this;
    }

    private static int skipField(final DirectBuffer buffer, final int offset, final int length, final int p,
                                 final int minLength, final int entry, final String what) {
        if (length - p < 4) {
            throw new TransportException(TransportError.MALFORMED, "entry " + entry + " truncated before its "
                + what + " length");
        }
        final int n = buffer.getInt(offset + p, ORDER);
        if (n < minLength || n > length - p - 4) {
            throw new TransportException(TransportError.MALFORMED, "entry " + entry + " declares a " + what
                + " of " + n + " bytes, " + (length - p - 4) + " remain (minimum " + minLength + ")");
        }
        return p + 4 + n;
    }

    /** Goes back before the first entry. */
    public void rewind() {
        index = 0;
        position = BLOCK_RESPONSE_ENTRIES_OFFSET;
    }

    /** Moves to the next entry; false when there is none. */
    public boolean next() {
        if (index >= count) {
            return false;
        }
        blockLength = buffer.getInt(offset + position, ORDER);
        blockOffset = offset + position + 4;
        position += 4 + blockLength;
        certificateLength = buffer.getInt(offset + position, ORDER);
        certificateOffset = offset + position + 4;
        position += 4 + certificateLength;
        index++;
        return true;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int count() {
        return count;
    }

    public long nextCursor() {
        return nextCursor;
    }

    public boolean end() {
        return end;
    }

    public int length() {
        return length;
    }

    public int blockOffset() {
        return blockOffset;
    }

    public int blockLength() {
        return blockLength;
    }

    public int certificateOffset() {
        return certificateOffset;
    }

    public int certificateLength() {
        return certificateLength;
    }

    /** A copy of the current entry's block (for handing to code that wants arrays). */
    public byte[] blockBytes() {
        final byte[] out = new byte[blockLength];
        buffer.getBytes(blockOffset, out);
        return out;
    }

    public byte[] certificateBytes() {
        final byte[] out = new byte[certificateLength];
        buffer.getBytes(certificateOffset, out);
        return out;
    }
}
