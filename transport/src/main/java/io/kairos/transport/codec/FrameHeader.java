package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The 16-byte header in front of every transport frame, little-endian:
 *
 * <pre>
 *  0  u16 magic 0x4B54 ("KT")    6  u16 sender index      12  i32 body length
 *  2  u8  version (1)            8  u16 recipient index
 *  3  u8  frame type            10  u16 reserved, zero
 *  4  u8  flags (bit 0 COMPRESSED, DATA only)
 *  5  u8  reserved, zero
 * </pre>
 *
 * <p>{@link #wrap} checks the total length against the maximum before it reads a single field, then
 * the magic, version, type, flags, reserved bytes and that the declared body length is exactly what
 * follows. A flyweight: reuse one instance; not thread-safe.
 */
public final class FrameHeader {
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int LENGTH = 16;
    public static final short MAGIC = 0x4B54;
    public static final int VERSION = 1;
    public static final int FLAG_COMPRESSED = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 2;
    static final int TYPE_OFFSET = 3;
    static final int FLAGS_OFFSET = 4;
    static final int RESERVED1_OFFSET = 5;
    static final int SENDER_OFFSET = 6;
    static final int RECIPIENT_OFFSET = 8;
    static final int RESERVED2_OFFSET = 10;
    static final int BODY_LENGTH_OFFSET = 12;

    private DirectBuffer buffer;
    private int offset;
    private int type;
    private int flags;
    private int sender;
    private int recipient;
    private int bodyLength;

    /** Writes a header; returns {@link #LENGTH}. */
    public static int write(final MutableDirectBuffer buffer, final int offset, final int type, final int flags,
                            final int sender, final int recipient, final int bodyLength) {
        buffer.putShort(offset + MAGIC_OFFSET, MAGIC, ORDER);
        buffer.putByte(offset + VERSION_OFFSET, (byte) VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte) type);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        buffer.putByte(offset + RESERVED1_OFFSET, (byte) 0);
        buffer.putShort(offset + SENDER_OFFSET, (short) sender, ORDER);
        buffer.putShort(offset + RECIPIENT_OFFSET, (short) recipient, ORDER);
        buffer.putShort(offset + RESERVED2_OFFSET, (short) 0, ORDER);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, bodyLength, ORDER);
        return LENGTH;
    }

    /**
     * Validates and wraps the frame {@code buffer[offset, offset+length)}.
     *
     * @throws TransportException OVERSIZED when {@code length > maxFrameBytes} (checked first),
     *                            MALFORMED, UNKNOWN_VERSION or UNKNOWN_TYPE otherwise
     */
    public FrameHeader wrap(final DirectBuffer buffer, final int offset, final int length, final int maxFrameBytes) {
        if (length > maxFrameBytes) {
            throw new TransportException(TransportError.OVERSIZED,
                "frame of " + length + " bytes, the maximum is " + maxFrameBytes);
        }
        if (length < LENGTH) {
            throw new TransportException(TransportError.MALFORMED,
                "frame of " + length + " bytes, a header alone is " + LENGTH);
        }
        if (buffer.getShort(offset + MAGIC_OFFSET, ORDER) != MAGIC) {
            throw new TransportException(TransportError.MALFORMED, "frame does not start with the magic 0x4B54");
        }
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (version != VERSION) {
            throw new TransportException(TransportError.UNKNOWN_VERSION,
                "frame version " + version + ", expected " + VERSION);
        }
        final int t = buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
        if (!FrameType.isKnown(t)) {
            throw new TransportException(TransportError.UNKNOWN_TYPE, "frame type " + t + " is not known");
        }
        final int f = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if ((f & ~FLAG_COMPRESSED) != 0 || (f != 0 && t != FrameType.DATA)) {
            throw new TransportException(TransportError.MALFORMED,
                "flags 0x" + Integer.toHexString(f) + " are not valid for frame type " + t);
        }
        if (buffer.getByte(offset + RESERVED1_OFFSET) != 0 || buffer.getShort(offset + RESERVED2_OFFSET, ORDER) != 0) {
            throw new TransportException(TransportError.MALFORMED, "reserved header bytes must be zero");
        }
        final int declared = buffer.getInt(offset + BODY_LENGTH_OFFSET, ORDER);
        if (declared != length - LENGTH) {
            throw new TransportException(TransportError.MALFORMED,
                "header declares a body of " + declared + " bytes, " + (length - LENGTH) + " follow");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.type = t;
        this.flags = f;
        this.sender = buffer.getShort(offset + SENDER_OFFSET, ORDER) & 0xFFFF;
        this.recipient = buffer.getShort(offset + RECIPIENT_OFFSET, ORDER) & 0xFFFF;
        this.bodyLength = declared;
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean compressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    public int sender() {
        return sender;
    }

    public int recipient() {
        return recipient;
    }

    public int bodyOffset() {
        return offset + LENGTH;
    }

    public int bodyLength() {
        return bodyLength;
    }
}
