package io.kairos.journal;

/**
 * What opening the journal found of its indices.
 *
 * @param rebuilt            whether the indices were deleted and are being rebuilt from the journal's first block
 * @param reason             why they were rebuilt; null when the ones on disk were trusted
 * @param resumedFromHeight  the height the index covered on open (when rebuilt, 0 or the height the journal starts after); the background indexer
 *                           continues from the block after it
 * @param journalHeight      the journal's height on open
 * @param transactionEntries entries in the transaction-hash index on open
 * @param blockEntries       entries in the block-hash index on open
 * @param recovered          whether the maps were not closed cleanly (a crash) and went through Chronicle Map's recovery
 */
public record IndexReport(boolean rebuilt, IndexRebuildReason reason, long resumedFromHeight, long journalHeight,
                          long transactionEntries, long blockEntries, boolean recovered) {

    /** One line for the node's log. */
    public String describe() {
        final String catchUp = journalHeight > resumedFromHeight
            ? "; indexing heights " + (resumedFromHeight + 1) + ".." + journalHeight + " in the background"
            : "";
        if (rebuilt) {
            return "journal index rebuilt (" + reason + ")" + catchUp;
        }
        return "journal index trusted" + (recovered ? " after Chronicle Map recovery" : "") + " at height "
            + resumedFromHeight + ": " + transactionEntries + " transactions, " + blockEntries + " blocks" + catchUp;
    }
}
