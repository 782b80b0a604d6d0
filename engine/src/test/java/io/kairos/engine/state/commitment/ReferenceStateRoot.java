package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state root written straight from docs/state-commitment.md, recursively over the whole account
 * set, sharing no code with the tree: the incremental tree must agree with it.
 */
final class ReferenceStateRoot {
    record Account(long balance, long nonce) {
    }

    private record Entry(byte[] key, byte[] leaf) {
    }

    private ReferenceStateRoot() {
    }

    static byte[] sha(final String tag, final byte[]... parts) {
        final MessageDigest md = Hashing.newSha256();
        md.update(tag.getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        for (final byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    static byte[] empty() {
        return sha("kairos/smt-empty/v1");
    }

    static byte[] key(final Address a) {
        return sha("kairos/smt-key/v1", a.toByteArray());
    }

    static byte[] leaf(final Address a, final long balance, final long nonce) {
        final byte[] value = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN)
            .put(a.toByteArray()).putLong(balance).putLong(nonce).array();
        return sha("kairos/smt-leaf/v1", value);
    }

    static Hash root(final Map<Address, Account> accounts) {
        final List<Entry> entries = new ArrayList<>();
        accounts.forEach((a, v) -> entries.add(new Entry(key(a), leaf(a, v.balance(), v.nonce()))));
        return Hash.of(subtree(entries, 0));
    }

    private static boolean bit(final byte[] key, final int i) {
        return (key[i / 8] & (0x80 >> (i % 8))) != 0;
    }

    private static byte[] subtree(final List<Entry> entries, final int depth) {
        if (entries.isEmpty()) {
            return empty();
        }
        if (entries.size() == 1) {
            return entries.getFirst().leaf();
        }
        final List<Entry> zeros = entries.stream().filter(e -> !bit(e.key(), depth)).toList();
        final List<Entry> ones = entries.stream().filter(e -> bit(e.key(), depth)).toList();
        return sha("kairos/smt-node/v1", subtree(zeros, depth + 1), subtree(ones, depth + 1));
    }
}
