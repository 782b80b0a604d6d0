package io.kairos.engine.core;

/** Lower-case hexadecimal with an optional {@code 0x} prefix on input. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(final byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(final byte[] bytes, final int offset, final int length) {
        final char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            final int b = bytes[offset + i] & 0xFF;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xF];
        }
        return new String(out);
    }

    /** {@code 0x} followed by {@link #encode(byte[])}. */
    public static String encodePrefixed(final byte[] bytes) {
        return "0x" + encode(bytes);
    }

    /**
     * Decodes hex text, with or without a {@code 0x} prefix, in either case.
     *
     * @throws ValidationException {@link ValidationError#INVALID_ENCODING} for odd length or a non-hex digit
     */
    public static byte[] decode(final CharSequence text) {
        if (text == null) {
            throw new ValidationException(ValidationError.INVALID_ENCODING, "hex text is missing");
        }
        int start = 0;
        if (text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            start = 2;
        }
        final int digits = text.length() - start;
        if ((digits & 1) != 0) {
            throw new ValidationException(ValidationError.INVALID_ENCODING,
                "hex text has an odd number of digits (" + digits + ")");
        }
        final byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            final int hi = digit(text, start + 2 * i);
            final int lo = digit(text, start + 2 * i + 1);
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int digit(final CharSequence text, final int index) {
        final char c = text.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new ValidationException(ValidationError.INVALID_ENCODING,
            "not a hex digit at position " + index + ": '" + c + "'");
    }
}
