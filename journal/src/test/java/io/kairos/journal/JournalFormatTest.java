package io.kairos.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JournalFormatTest {
    private static byte[] resealed(final byte[] record) {
        JournalFormat.seal(record, 0, record.length);
        return record;
    }

    @Test
    void soundRecordsPassAndEachDefectHasItsFault() {
        final byte[] good = JournalFixtures.chain(3).get(2).encode();
        assertNull(JournalFormat.check(good, 0, good.length));
        assertEquals(RecordFault.TOO_SHORT, JournalFormat.check(good, 0, JournalFormat.FIXED_LENGTH));

        final byte[] flipped = good.clone();
        flipped[flipped.length - 9] ^= 1;
        assertEquals(RecordFault.CRC_MISMATCH, JournalFormat.check(flipped, 0, flipped.length));

        final byte[] magic = good.clone();
        magic[0] = 'X';
        assertEquals(RecordFault.BAD_MAGIC, JournalFormat.check(resealed(magic), 0, magic.length));

        final byte[] version = good.clone();
        version[JournalFormat.VERSION_OFFSET] = 2;
        assertEquals(RecordFault.UNKNOWN_VERSION, JournalFormat.check(resealed(version), 0, version.length));

        final byte[] kind = good.clone();
        kind[JournalFormat.KIND_OFFSET] = 9;
        assertEquals(RecordFault.UNKNOWN_KIND, JournalFormat.check(resealed(kind), 0, kind.length));

        final byte[] lengths = good.clone();
        new UnsafeBuffer(lengths).putInt(JournalFormat.TRANSACTION_COUNT_OFFSET, 2, JournalFormat.ORDER);
        assertEquals(RecordFault.LENGTH_MISMATCH, JournalFormat.check(resealed(lengths), 0, lengths.length));
        assertEquals(JournalError.INVALID_RECORD, assertThrows(JournalException.class,
            () -> BlockRecord.decode(lengths, 0, lengths.length)).error());
    }

    @Test
    void layoutOffsetsMatchTheDocumentedRecord() {
        final BlockRecord r = JournalFixtures.chain(2).get(1);
        final byte[] e = r.encode();
        final UnsafeBuffer b = new UnsafeBuffer(e);
        assertEquals('K', e[0]);
        assertEquals('N', e[3]);
        assertEquals(JournalFormat.MAGIC, b.getInt(0, JournalFormat.ORDER));
        assertEquals(2, b.getLong(JournalFormat.HEIGHT_OFFSET, JournalFormat.ORDER));
        assertEquals(152, b.getInt(JournalFormat.HEADER_LENGTH_OFFSET, JournalFormat.ORDER));
        assertEquals(r.body().length, b.getInt(JournalFormat.BODY_LENGTH_OFFSET, JournalFormat.ORDER));
        assertEquals(2, b.getInt(JournalFormat.TRANSACTION_COUNT_OFFSET, JournalFormat.ORDER));
        assertEquals(32 + 152 + r.body().length + 2 * 41 + 4, e.length);
        assertEquals(JournalFormat.crc(e, 0, e.length - 4), b.getInt(e.length - 4, JournalFormat.ORDER));
        assertEquals(r.fee(1), b.getLong(32 + 152 + r.body().length + 64 + 2 + 8, JournalFormat.ORDER));
    }

    @Test
    void cutMarkerIsASoundRecord() {
        final byte[] cut = JournalFormat.cutMarker(9, 100, 102, 3000, 3);
        assertNull(JournalFormat.check(cut, 0, cut.length));
        assertEquals(JournalFormat.KIND_CUT, JournalFormat.kind(cut, 0));
        assertEquals(JournalError.INVALID_RECORD,
            assertThrows(JournalException.class, () -> BlockRecord.decode(cut, 0, cut.length)).error());
    }
}
