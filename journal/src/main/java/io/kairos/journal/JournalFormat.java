package io.kairos.journal;

import io.kairos.engine.ledger.BlockHeader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of one journal record (one Chronicle Queue excerpt), little-endian. Every
 * record is a fixed 32-byte header, a payload and a CRC32C over everything before it:
 *
 * <pre>
 *  0  u32  magic "KJRN"            16 i32  block header length (152 for a block, 0 for a cut)
 *  4  u16  format version (1)      20 i32  body length
 *  6  u8   kind (1 block, 2 cut,   24 i32  transaction count n
 *            3 base)
 *  7  u8   reserved, 0             28 i32  reserved, 0
 *  8  i64  height                  32 ...  payload
 *
 *  block payload: header bytes, body bytes, n * 32 tx hashes, n status bytes, n * 8 fees (i64)
 *  cut payload:   first void index (i64), last void index (i64), void bytes (i64), void count (i32)
 *  base payload:  the certified header of the block the journal starts after (152 bytes), as
 *                 the first record of a journal begun from a snapshot (state sync); height = its height
 *  last 4 bytes:  CRC32C of bytes [0, length - 4)
 * </pre>
 *
 * Stateless; safe from any thread.
 */
public final class JournalFormat {
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** "KJRN" read as a little-endian u32. */
    public static final int MAGIC = 'K' | 'J' << 8 | 'R' << 16 | 'N' << 24;
    public static final int VERSION = 1;
    public static final int KIND_BLOCK = 1;
    public static final int KIND_CUT = 2;
    /** The first record of a journal that starts above the genesis: the header of the block it follows. */
    public static final int KIND_BASE = 3;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int KIND_OFFSET = 6;
    public static final int RESERVED_OFFSET = 7;
    public static final int HEIGHT_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 16;
    public static final int BODY_LENGTH_OFFSET = 20;
    public static final int TRANSACTION_COUNT_OFFSET = 24;
    public static final int RESERVED2_OFFSET = 28;
    public static final int FIXED_LENGTH = 32;
    public static final int CRC_LENGTH = Integer.BYTES;
    public static final int HASH_LENGTH = 32;
    /** Per transaction: hash, status byte, fee. */
    public static final int PER_TRANSACTION = HASH_LENGTH + 1 + Long.BYTES;

    public static final int CUT_FIRST_INDEX_OFFSET = FIXED_LENGTH;
    public static final int CUT_LAST_INDEX_OFFSET = FIXED_LENGTH + 8;
    public static final int CUT_BYTES_OFFSET = FIXED_LENGTH + 16;
    public static final int CUT_COUNT_OFFSET = FIXED_LENGTH + 24;
    public static final int CUT_LENGTH = FIXED_LENGTH + 28 + CRC_LENGTH;
    public static final int BASE_LENGTH = FIXED_LENGTH + BlockHeader.LENGTH + CRC_LENGTH;

    private JournalFormat() {
    }

    /** Length of a block record with these parts; -1 if it would not fit in an int. */
    public static int blockRecordLength(final int headerLength, final int bodyLength, final int transactionCount) {
        final long n = (long) FIXED_LENGTH + headerLength + bodyLength + (long) transactionCount * PER_TRANSACTION
            + CRC_LENGTH;
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    /** CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int crc(final byte[] bytes, final int offset, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Writes the CRC of the record's first {@code length - 4} bytes into its last four. */
    public static void seal(final byte[] record, final int offset, final int length) {
        new UnsafeBuffer(record).putInt(offset + length - CRC_LENGTH,
            crc(record, offset, length - CRC_LENGTH), ORDER);
    }

    /**
     * Checks one record: length, CRC, magic, version, kind and that the header's lengths add up.
     *
     * @return null if the record is sound, else why not
     */
    public static RecordFault check(final byte[] record, final int offset, final int length) {
        if (length < FIXED_LENGTH + CRC_LENGTH || offset < 0 || offset + length > record.length) {
            return RecordFault.TOO_SHORT;
        }
        final UnsafeBuffer b = new UnsafeBuffer(record, offset, length);
        if (b.getInt(length - CRC_LENGTH, ORDER) != crc(record, offset, length - CRC_LENGTH)) {
            return RecordFault.CRC_MISMATCH;
        }
        if (b.getInt(MAGIC_OFFSET, ORDER) != MAGIC) {
            return RecordFault.BAD_MAGIC;
        }
        if ((b.getShort(VERSION_OFFSET, ORDER) & 0xFFFF) != VERSION) {
            return RecordFault.UNKNOWN_VERSION;
        }
        final int kind = b.getByte(KIND_OFFSET);
        final int headerLength = b.getInt(HEADER_LENGTH_OFFSET, ORDER);
        final int bodyLength = b.getInt(BODY_LENGTH_OFFSET, ORDER);
        final int count = b.getInt(TRANSACTION_COUNT_OFFSET, ORDER);
        if (kind == KIND_BLOCK) {
            if (headerLength < 0 || bodyLength < 0 || count < 0
                || blockRecordLength(headerLength, bodyLength, count) != length) {
                return RecordFault.LENGTH_MISMATCH;
            }
            return null;
        }
        if (kind == KIND_CUT) {
            return headerLength == 0 && bodyLength == 0 && count == 0 && length == CUT_LENGTH
                ? null : RecordFault.LENGTH_MISMATCH;
        }
        if (kind == KIND_BASE) {
            return headerLength == BlockHeader.LENGTH && bodyLength == 0 && count == 0 && length == BASE_LENGTH
                ? null : RecordFault.LENGTH_MISMATCH;
        }
        return RecordFault.UNKNOWN_KIND;
    }

    /** The kind byte of a record that passed {@link #check}. */
    public static int kind(final byte[] record, final int offset) {
        return record[offset + KIND_OFFSET];
    }

    /** The height field of a record that passed {@link #check}. */
    public static long height(final byte[] record, final int offset) {
        return new UnsafeBuffer(record).getLong(offset + HEIGHT_OFFSET, ORDER);
    }

    static void writeFixed(final UnsafeBuffer b, final int kind, final long height, final int headerLength,
                           final int bodyLength, final int count) {
        b.putInt(MAGIC_OFFSET, MAGIC, ORDER);
        b.putShort(VERSION_OFFSET, (short) VERSION, ORDER);
        b.putByte(KIND_OFFSET, (byte) kind);
        b.putByte(RESERVED_OFFSET, (byte) 0);
        b.putLong(HEIGHT_OFFSET, height, ORDER);
        b.putInt(HEADER_LENGTH_OFFSET, headerLength, ORDER);
        b.putInt(BODY_LENGTH_OFFSET, bodyLength, ORDER);
        b.putInt(TRANSACTION_COUNT_OFFSET, count, ORDER);
        b.putInt(RESERVED2_OFFSET, 0, ORDER);
    }

    /** Encodes a cut marker voiding Chronicle indices {@code first..last} after block {@code height}. */
    static byte[] cutMarker(final long height, final long first, final long last, final long bytes, final int count) {
        final byte[] out = new byte[CUT_LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        writeFixed(b, KIND_CUT, height, 0, 0, 0);
        b.putLong(CUT_FIRST_INDEX_OFFSET, first, ORDER);
        b.putLong(CUT_LAST_INDEX_OFFSET, last, ORDER);
        b.putLong(CUT_BYTES_OFFSET, bytes, ORDER);
        b.putInt(CUT_COUNT_OFFSET, count, ORDER);
        seal(out, 0, CUT_LENGTH);
        return out;
    }

    /** Encodes a base record: the journal starts after the block whose encoded header this is. */
    static byte[] baseMarker(final long height, final byte[] encodedHeader) {
        if (encodedHeader.length != BlockHeader.LENGTH) {
            throw new IllegalArgumentException("a block header is " + BlockHeader.LENGTH + " bytes, got "
                + encodedHeader.length);
        }
        final byte[] out = new byte[BASE_LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        writeFixed(b, KIND_BASE, height, BlockHeader.LENGTH, 0, 0);
        b.putBytes(FIXED_LENGTH, encodedHeader);
        seal(out, 0, BASE_LENGTH);
        return out;
    }
}
