package io.kairos.journal;

import java.nio.file.Path;

/**
 * What opening the journal found and did. {@code cutCount == 0} means the tail was clean and
 * nothing was cut; otherwise the damaged tail records (Chronicle indices {@code firstCutIndex} to
 * {@code lastCutIndex}, {@code cutBytes} payload bytes in all) were voided by a cut marker, and
 * appends continue at {@code lastValidHeight + 1}.
 *
 * @param lastValidHeight height of the last valid block (0 if none)
 * @param recordsScanned  records read while opening, cut markers and damaged records included
 * @param cutCount        damaged tail records cut on this open
 * @param cutBytes        payload bytes of those records
 * @param firstCutIndex   Chronicle index of the first record cut, -1 if none
 * @param lastCutIndex    Chronicle index of the last record cut, -1 if none
 * @param file            queue file holding the first record cut, null if none
 * @param position        byte position of that record's payload in {@code file}, -1 if none
 * @param fault           why the first record cut was judged damaged, null if none
 */
public record RecoveryReport(long lastValidHeight, long recordsScanned, int cutCount, long cutBytes,
                             long firstCutIndex, long lastCutIndex, Path file, long position, RecordFault fault) {

    /** Whether this open cut anything. */
    public boolean cut() {
        return cutCount > 0;
    }

    /** One line for the node's log. */
    public String describe() {
        if (!cut()) {
            return "journal clean: " + recordsScanned + " records, last valid height " + lastValidHeight;
        }
        return "journal tail cut: " + cutCount + " record(s), " + cutBytes + " bytes, indices 0x"
            + Long.toHexString(firstCutIndex) + "..0x" + Long.toHexString(lastCutIndex) + " from " + file
            + " at position " + position + " (" + fault + "); last valid height " + lastValidHeight;
    }
}
