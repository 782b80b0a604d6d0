package io.kairos.engine.eth;

import java.util.List;

/**
 * One decoded RLP item with the offset where its encoding starts in the input (for error messages).
 * Immutable; the byte arrays are copies owned by the item.
 */
public sealed interface RlpItem permits RlpItem.RlpString, RlpItem.RlpList {
    /** Offset of the item's first byte (its prefix) in the decoded input. */
    int offset();

    /** A byte string. */
    record RlpString(byte[] bytes, int offset) implements RlpItem {
        public RlpString {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        byte[] raw() {
            return bytes;
        }
    }

    /** A list of items. */
    record RlpList(List<RlpItem> items, int offset) implements RlpItem {
        public RlpList {
            items = List.copyOf(items);
        }

        public int size() {
            return items.size();
        }

        public RlpItem get(final int i) {
            return items.get(i);
        }
    }
}
