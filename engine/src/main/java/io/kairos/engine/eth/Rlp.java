package io.kairos.engine.eth;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive Length Prefix, Ethereum's serialisation (Yellow Paper appendix B), strictly: the decoder
 * accepts only the one canonical encoding of each value, so that equal values have equal bytes and
 * the hash of an encoding identifies its value.
 *
 * <p>Refused, each with a {@link ValidationException} naming the offset:
 * <ul>
 *   <li>a single byte below 0x80 wrapped in a one-byte string prefix ({@code 81 05} for {@code 05}),
 *       a long-form length (prefix 0xb8.. / 0xf8..) for a length below 56, a length with leading zero
 *       bytes: {@code INVALID_ENCODING};</li>
 *   <li>an item running past its input or its enclosing list: {@code TRUNCATED};</li>
 *   <li>bytes after the top-level item: {@code TRAILING_BYTES};</li>
 *   <li>lists nested deeper than the caller's bound, an input over its length bound: {@code OVERSIZED}.</li>
 * </ul>
 * As {@link #unsigned} decodes them, integers must have no leading zero bytes (zero is the empty
 * string) and fit 256 bits.
 *
 * <p>Stateless static methods; thread-safe.
 */
public final class Rlp {
    private static final int SHORT_LIMIT = 56;

    private Rlp() {
    }

    /**
     * Decodes {@code input} as exactly one item.
     *
     * @param maxDepth the deepest list nesting accepted (a top-level list is depth 1)
     * @param maxBytes the longest input accepted
     */
    public static RlpItem decode(final byte[] input, final int maxDepth, final int maxBytes) {
        if (input == null) {
            throw new ValidationException(ValidationError.INVALID_ENCODING, "RLP input is missing");
        }
        if (input.length > maxBytes) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "RLP input is " + input.length + " bytes, over the limit of " + maxBytes);
        }
        if (input.length == 0) {
            throw new ValidationException(ValidationError.TRUNCATED, "RLP input is empty, expected one item");
        }
        final int[] end = new int[1];
        final RlpItem item = item(input, 0, input.length, 0, maxDepth, end);
        if (end[0] != input.length) {
            throw new ValidationException(ValidationError.TRAILING_BYTES, "RLP item ends at offset " + end[0]
                + " but the input has " + input.length + " bytes (" + (input.length - end[0]) + " trailing)");
        }
        return item;
    }

    /** Decodes the item at {@code at}, which must end by {@code limit}; its end goes to {@code end[0]}. */
    private static RlpItem item(final byte[] in, final int at, final int limit, final int depth, final int maxDepth,
                                final int[] end) {
        if (at >= limit) {
            throw new ValidationException(ValidationError.TRUNCATED, "RLP item expected at offset " + at
                + " but its enclosing data ends there");
        }
        final int prefix = in[at] & 0xFF;
        if (prefix < 0x80) {
            end[0] = at + 1;
            return new RlpItem.RlpString(new byte[] {(byte) prefix}, at);
        }
        final boolean list = prefix >= 0xc0;
        final int base = list ? 0xc0 : 0x80;
        final int start;
        final int length;
        if (prefix - base < SHORT_LIMIT) {
            length = prefix - base;
            start = at + 1;
        } else {
            final int lengthOfLength = prefix - base - (SHORT_LIMIT - 1);
            if (at + 1 + lengthOfLength > limit) {
                throw new ValidationException(ValidationError.TRUNCATED, "RLP length at offset " + at + " needs "
                    + lengthOfLength + " length bytes, the data ends first");
            }
            if (in[at + 1] == 0) {
                throw new ValidationException(ValidationError.INVALID_ENCODING,
                    "RLP length at offset " + at + " has a leading zero byte");
            }
            long l = 0;
            for (int i = 0; i < lengthOfLength; i++) {
                l = (l << 8) | (in[at + 1 + i] & 0xFF);
                if (l > Integer.MAX_VALUE) {
                    throw new ValidationException(ValidationError.TRUNCATED,
                        "RLP length at offset " + at + " exceeds any input this decoder accepts");
                }
            }
            if (l < SHORT_LIMIT) {
                throw new ValidationException(ValidationError.INVALID_ENCODING, "RLP length " + l + " at offset " + at
                    + " uses the long form, which is only for lengths of 56 and more");
            }
            length = (int) l;
            start = at + 1 + lengthOfLength;
        }
        if (length > limit - start) {
            throw new ValidationException(ValidationError.TRUNCATED, "RLP " + (list ? "list" : "string")
                + " at offset " + at + " announces " + length + " bytes, only " + (limit - start) + " remain");
        }
        final int stop = start + length;
        end[0] = stop;
        if (!list) {
            if (length == 1 && (in[start] & 0xFF) < 0x80) {
                throw new ValidationException(ValidationError.INVALID_ENCODING, "RLP string at offset " + at
                    + " wraps the single byte 0x" + Integer.toHexString(in[start] & 0xFF)
                    + ", which must encode as itself");
            }
            final byte[] bytes = new byte[length];
            System.arraycopy(in, start, bytes, 0, length);
            return new RlpItem.RlpString(bytes, at);
        }
        if (depth + 1 > maxDepth) {
            throw new ValidationException(ValidationError.OVERSIZED, "RLP list at offset " + at
                + " is nested deeper than " + maxDepth + " levels");
        }
        final List<RlpItem> items = new ArrayList<>();
        int p = start;
        while (p < stop) {
            items.add(item(in, p, stop, depth + 1, maxDepth, end));
            p = end[0];
        }
        end[0] = stop;
        return new RlpItem.RlpList(items, at);
    }

    /**
     * A canonical unsigned integer of at most 256 bits from a string item.
     *
     * @param what the field name for the error message
     */
    public static BigInteger unsigned(final RlpItem item, final String what) {
        final byte[] b = string(item, what);
        if (b.length > 32) {
            throw new ValidationException(ValidationError.INVALID_VALUE, what + " at offset " + item.offset()
                + " is " + b.length + " bytes, more than a 256-bit integer");
        }
        if (b.length > 0 && b[0] == 0) {
            throw new ValidationException(ValidationError.INVALID_ENCODING, what + " at offset " + item.offset()
                + " has a leading zero byte; integers are encoded without them");
        }
        return new BigInteger(1, b);
    }

    /** The bytes of a string item, refusing a list. */
    public static byte[] string(final RlpItem item, final String what) {
        if (item instanceof RlpItem.RlpString s) {
            return s.raw();
        }
        throw new ValidationException(ValidationError.INVALID_ENCODING, what + " at offset " + item.offset()
            + " is a list, expected a byte string");
    }

    /** The list behind an item, refusing a string. */
    public static RlpItem.RlpList list(final RlpItem item, final String what) {
        if (item instanceof RlpItem.RlpList l) {
            return l;
        }
        throw new ValidationException(ValidationError.INVALID_ENCODING, what + " at offset " + item.offset()
            + " is a byte string, expected a list");
    }

    /** The encoding of a byte string. */
    public static byte[] encodeString(final byte[] bytes) {
        if (bytes.length == 1 && (bytes[0] & 0xFF) < 0x80) {
            return bytes.clone();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 9);
        header(out, 0x80, bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** The encoding of a non-negative integer: big-endian, no leading zeros, zero as the empty string. */
    public static byte[] encodeUnsigned(final BigInteger value) {
        if (value.signum() < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "RLP integers are unsigned, got " + value);
        }
        final byte[] b = value.toByteArray();
        int skip = 0;
        while (skip < b.length && b[skip] == 0) {
            skip++;
        }
        final byte[] minimal = new byte[b.length - skip];
        System.arraycopy(b, skip, minimal, 0, minimal.length);
        return encodeString(minimal);
    }

    public static byte[] encodeUnsigned(final long value) {
        return encodeUnsigned(BigInteger.valueOf(value));
    }

    /** The encoding of a list whose items are already encoded. */
    public static byte[] encodeList(final List<byte[]> encodedItems) {
        int total = 0;
        for (final byte[] e : encodedItems) {
            total += e.length;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(total + 9);
        header(out, 0xc0, total);
        for (final byte[] e : encodedItems) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    public static byte[] encodeList(final byte[]... encodedItems) {
        return encodeList(List.of(encodedItems));
    }

    private static void header(final ByteArrayOutputStream out, final int base, final int length) {
        if (length < SHORT_LIMIT) {
            out.write(base + length);
            return;
        }
        final int bytes = 4 - Integer.numberOfLeadingZeros(length) / 8;
        out.write(base + SHORT_LIMIT - 1 + bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
