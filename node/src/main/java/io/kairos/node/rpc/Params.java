package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationException;

import java.math.BigInteger;

/**
 * The positional parameters of one call, read with checks: every wrong parameter becomes an
 * {@link RpcError#INVALID_PARAMS} that names its position and what was expected. Not thread-safe
 * (one per call).
 */
final class Params {
    private static final int MAX_QUANTITY_DIGITS = 64;

    private final String method;
    private final JsonNode array;

    Params(final String method, final JsonNode params) {
        this.method = method;
        this.array = params;
    }

    int size() {
        return array == null ? 0 : array.size();
    }

    /** Refuses more than {@code max} parameters. */
    Params atMost(final int max) {
        if (size() > max) {
            throw invalid(method + " takes at most " + max + " parameter" + (max == 1 ? "" : "s") + ", got " + size());
        }
        return this;
    }

    boolean has(final int index) {
        return index < size() && !array.get(index).isNull();
    }

    JsonNode node(final int index) {
        if (!has(index)) {
            throw invalid("missing parameter " + index + " of " + method);
        }
        return array.get(index);
    }

    String text(final int index, final String what) {
        final JsonNode n = node(index);
        if (!n.isTextual()) {
            throw invalid("parameter " + index + " of " + method + " must be " + what + " as a string, got " + n.getNodeType());
        }
        return n.asText();
    }

    Address address(final int index) {
        return address(text(index, "an address"), "parameter " + index);
    }

    static Address address(final String text, final String where) {
        try {
            final Address a = text != null && text.length() == 42 ? Address.fromHex(text) : null;
            if (a == null) {
                throw invalid(where + " must be an address: 0x and 40 hex digits, got " + quote(text));
            }
            return a;
        } catch (final ValidationException e) {
            throw invalid(where + " must be an address: 0x and 40 hex digits, got " + quote(text));
        }
    }

    Hash hash(final int index) {
        final String text = text(index, "a 32-byte hash");
        if (text.length() != 66 || !text.startsWith("0x")) {
            throw invalid("parameter " + index + " of " + method + " must be a hash: 0x and 64 hex digits, got "
                + quote(text));
        }
        try {
            return Hash.of(Hex.decode(text));
        } catch (final ValidationException e) {
            throw invalid("parameter " + index + " of " + method + " must be a hash: " + e.getMessage());
        }
    }

    byte[] bytes(final int index, final String what) {
        final String text = text(index, what);
        if (!text.startsWith("0x")) {
            throw invalid("parameter " + index + " of " + method + " must be " + what + " as 0x-prefixed hex");
        }
        try {
            return Hex.decode(text);
        } catch (final ValidationException e) {
            throw invalid("parameter " + index + " of " + method + " must be " + what + ": " + e.getMessage());
        }
    }

    boolean bool(final int index, final boolean fallback) {
        if (!has(index)) {
            return fallback;
        }
        final JsonNode n = array.get(index);
        if (!n.isBoolean()) {
            throw invalid("parameter " + index + " of " + method + " must be true or false, got " + n.getNodeType());
        }
        return n.booleanValue();
    }

    /** A quantity: hex "0x..." without leading zeros (leniently accepted) or a JSON integer. */
    long quantity(final int index) {
        final JsonNode n = node(index);
        final BigInteger v = quantity(n, "parameter " + index + " of " + method);
        if (v.bitLength() > 63) {
            throw invalid("parameter " + index + " of " + method + " is too large: " + n);
        }
        return v.longValue();
    }

    static BigInteger quantity(final JsonNode n, final String where) {
        if (n.isIntegralNumber()) {
            final BigInteger v = n.bigIntegerValue();
            if (v.signum() < 0) {
                throw invalid(where + " must not be negative");
            }
            return v;
        }
        if (!n.isTextual()) {
            throw invalid(where + " must be a hex quantity such as \"0x1a\", got " + n.getNodeType());
        }
        final String t = n.asText();
        if (t.length() < 3 || t.length() > 2 + MAX_QUANTITY_DIGITS || !(t.startsWith("0x") || t.startsWith("0X"))) {
            throw invalid(where + " must be a hex quantity such as \"0x1a\", got " + quote(t));
        }
        for (int i = 2; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), 16) < 0) {
                throw invalid(where + " must be a hex quantity such as \"0x1a\", got " + quote(t));
            }
        }
        return new BigInteger(t.substring(2), 16);
    }

    /**
     * A block parameter: "latest", "pending", "safe", "finalized", "earliest" or a height. Returns
     * the height, with {@code latest} for the named tags that mean the newest block (a BFT chain's
     * newest block is final) and 0 for "earliest".
     */
    long blockNumber(final int index, final long latest) {
        if (!has(index)) {
            return latest;
        }
        final JsonNode n = array.get(index);
        if (n.isTextual()) {
            switch (n.asText()) {
                case "latest", "pending", "safe", "finalized" -> {
                    return latest;
                }
                case "earliest" -> {
                    return 0;
                }
                default -> {
                    return quantity(index);
                }
            }
        }
        if (n.isObject()) {
            throw new RpcException(RpcError.UNSUPPORTED,
                "parameter " + index + " of " + method + ": block objects (EIP-1898) are not supported; give a tag or number");
        }
        return quantity(index);
    }

    /** Whether the block parameter asks for pending state. */
    boolean isPending(final int index) {
        return has(index) && array.get(index).isTextual() && "pending".equals(array.get(index).asText());
    }

    static RpcException invalid(final String message) {
        return new RpcException(RpcError.INVALID_PARAMS, message);
    }

    static String quote(final String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "\"";
    }
}
