package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;


/**
 * LZ4 block compression of inner messages. A compressed payload is {@code i32 decompressedLength}
 * (little-endian) followed by one LZ4 block. {@link #decompress} checks the declared length against the
 * caller's maximum before it decompresses anything and refuses a block that does not expand to
 * exactly that length, so a small frame can never make the receiver allocate or write more than the
 * cap (no zip bombs). Uses the pure-Java "safe" LZ4 implementation (no JNI, no Unsafe) for untrusted
 * input. Stateless after construction; thread-safe.
 */
public final class Lz4Codec {
    public static final int LENGTH_PREFIX = 4;

    private static final LZ4Factory FACTORY = LZ4Factory.safeInstance();

    private final LZ4Compressor compressor = FACTORY.fastCompressor();
    private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();

    /** Room {@link #compress} may need for {@code length} input bytes. */
    public int maxCompressedLength(final int length) {
        return LENGTH_PREFIX + compressor.maxCompressedLength(length);
    }

    /**
     * Compresses {@code src[srcOffset, srcOffset+length)} into {@code dst} at {@code dstOffset}, which
     * needs {@link #maxCompressedLength(int)} bytes; returns the bytes written, prefix included.
     */
    public int compress(final byte[] src, final int srcOffset, final int length, final byte[] dst, final int dstOffset) {
        putInt(dst, dstOffset, length);
        return LENGTH_PREFIX + compressor.compress(src, srcOffset, length, dst, dstOffset + LENGTH_PREFIX,
            dst.length - dstOffset - LENGTH_PREFIX);
    }

    /**
     * Decompresses a payload written by {@link #compress}.
     *
     * @param maxLength the largest decompressed length accepted (the message cap)
     * @return the decompressed length, written at {@code dst[dstOffset]}
     * @throws TransportException OVERSIZED when the declared length passes {@code maxLength} or the room
     *                            in {@code dst}; MALFORMED for a bad prefix or block
     */
    public int decompress(final byte[] src, final int srcOffset, final int length, final byte[] dst,
                          final int dstOffset, final int maxLength) {
        if (length < LENGTH_PREFIX + 1) {
            throw new TransportException(TransportError.MALFORMED,
                "compressed payload of " + length + " bytes, it needs a 4-byte length and a block");
        }
        final int declared = getInt(src, srcOffset);
        if (declared < 1) {
            throw new TransportException(TransportError.MALFORMED, "declared decompressed length " + declared);
        }
        if (declared > maxLength || declared > dst.length - dstOffset) {
            throw new TransportException(TransportError.OVERSIZED, "declared decompressed length " + declared
                + ", the maximum is " + Math.min(maxLength, dst.length - dstOffset));
        }
        final int produced;
        try {
            produced = decompressor.decompress(src, srcOffset + LENGTH_PREFIX, length - LENGTH_PREFIX, dst,
                dstOffset, declared);
        } catch (final LZ4Exception | IndexOutOfBoundsException e) {
            throw new TransportException(TransportError.MALFORMED, "LZ4 block does not decode: " + e.getMessage());
        }
        if (produced != declared) {
            throw new TransportException(TransportError.MALFORMED,
                "LZ4 block expands to " + produced + " bytes, " + declared + " were declared");
        }
        return produced;
    }

    private static void putInt(final byte[] b, final int off, final int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static int getInt(final byte[] b, final int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
