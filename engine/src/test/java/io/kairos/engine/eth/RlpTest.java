package io.kairos.engine.eth;

import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RlpTest {
    private static final int DEPTH = 16;
    private static final int MAX = 1 << 20;

    @Test
    void yellowPaperExamples() {
        assertEquals("83646f67", Hex.encode(Rlp.encodeString("dog".getBytes())));
        assertEquals("c88363617483646f67", Hex.encode(Rlp.encodeList(Rlp.encodeString("cat".getBytes()),
            Rlp.encodeString("dog".getBytes()))));
        assertEquals("80", Hex.encode(Rlp.encodeString(new byte[0])));
        assertEquals("c0", Hex.encode(Rlp.encodeList()));
        assertEquals("80", Hex.encode(Rlp.encodeUnsigned(0)));
        assertEquals("0f", Hex.encode(Rlp.encodeUnsigned(15)));
        assertEquals("820400", Hex.encode(Rlp.encodeUnsigned(1024)));
        assertEquals("c7c0c1c0c3c0c1c0", Hex.encode(Rlp.encodeList(Rlp.encodeList(),
            Rlp.encodeList(Rlp.encodeList()), Rlp.encodeList(Rlp.encodeList(), Rlp.encodeList(Rlp.encodeList())))));
        final byte[] lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit".getBytes();
        assertEquals("b838" + Hex.encode(lorem), Hex.encode(Rlp.encodeString(lorem)));
        final RlpItem.RlpList l = Rlp.list(Rlp.decode(Hex.decode("c88363617483646f67"), DEPTH, MAX), "x");
        assertArrayEquals("cat".getBytes(), Rlp.string(l.get(0), "x"));
        assertEquals(5, l.get(1).offset());
    }

    @Test
    void nonCanonicalEncodingsAreRefused() {
        refused(ValidationError.INVALID_ENCODING, "8105", "must encode as itself");
        refused(ValidationError.INVALID_ENCODING, "8100", "must encode as itself");
        refused(ValidationError.INVALID_ENCODING, "b801" + "ff", "only for lengths of 56");
        refused(ValidationError.INVALID_ENCODING, "b837" + "00".repeat(55), "only for lengths of 56");
        refused(ValidationError.INVALID_ENCODING, "b90038" + "00".repeat(56), "leading zero");
        refused(ValidationError.INVALID_ENCODING, "f801", "only for lengths of 56");
        refused(ValidationError.INVALID_ENCODING, "f90000", "leading zero");
    }

    @Test
    void truncationAndTrailingBytesAreRefused() {
        refused(ValidationError.TRUNCATED, "", "empty");
        refused(ValidationError.TRUNCATED, "83646f", "announces 3 bytes");
        refused(ValidationError.TRUNCATED, "b8", "length bytes");
        refused(ValidationError.TRUNCATED, "c4826566", "announces 4 bytes");
        refused(ValidationError.TRUNCATED, "c283656667", "announces 3 bytes, only 1 remain");
        refused(ValidationError.TRUNCATED, "c2c3", "announces 2 bytes, only 1 remain");
        refused(ValidationError.TRUNCATED, "c1c3", "announces 3 bytes, only 0 remain");
        refused(ValidationError.TRUNCATED, "bbffffffff", "exceeds");
        refused(ValidationError.TRUNCATED, "bf0102030405060708", "exceeds");
        refused(ValidationError.TRAILING_BYTES, "8364 6f67 00".replace(" ", ""), "1 trailing");
        refused(ValidationError.TRAILING_BYTES, "c0c0", "1 trailing");
    }

    @Test
    void nestingAndSizeAreBounded() {
        byte[] deep = Rlp.encodeList();
        for (int i = 1; i < 5; i++) {
            deep = Rlp.encodeList(deep);
        }
        Rlp.decode(deep, 5, MAX);
        final byte[] tooDeep = deep;
        final ValidationException e = assertThrows(ValidationException.class, () -> Rlp.decode(tooDeep, 4, MAX));
        assertEquals(ValidationError.OVERSIZED, e.error());
        assertTrue(e.getMessage().contains("nested deeper than 4"), e.getMessage());
        // Ten thousand nested lists: refused by the depth bound long before the stack runs out.
        byte[] nested = Rlp.encodeList();
        for (int i = 0; i < 10_000; i++) {
            nested = Rlp.encodeList(nested);
        }
        final byte[] hostile = nested;
        assertEquals(ValidationError.OVERSIZED,
            assertThrows(ValidationException.class, () -> Rlp.decode(hostile, DEPTH, MAX)).error());
        assertEquals(ValidationError.OVERSIZED,
            assertThrows(ValidationException.class, () -> Rlp.decode(new byte[11], DEPTH, 10)).error());
    }

    @Test
    void integersAreCanonicalAndAtMost256Bits() {
        assertEquals(BigInteger.valueOf(1024), Rlp.unsigned(Rlp.decode(Hex.decode("820400"), 1, MAX), "n"));
        assertEquals(BigInteger.ZERO, Rlp.unsigned(Rlp.decode(Hex.decode("80"), 1, MAX), "n"));
        assertEquals(ValidationError.INVALID_ENCODING, assertThrows(ValidationException.class,
            () -> Rlp.unsigned(Rlp.decode(Hex.decode("820004"), 1, MAX), "n")).error());
        assertEquals(ValidationError.INVALID_ENCODING, assertThrows(ValidationException.class,
            () -> Rlp.unsigned(Rlp.decode(Hex.decode("c0"), 1, MAX), "n")).error());
        assertEquals(ValidationError.INVALID_VALUE, assertThrows(ValidationException.class,
            () -> Rlp.unsigned(Rlp.decode(Rlp.encodeString(new byte[33]), 1, MAX), "n")).error());
        assertEquals(ValidationError.INVALID_VALUE, assertThrows(ValidationException.class,
            () -> Rlp.encodeUnsigned(BigInteger.valueOf(-1))).error());
    }

    @Property
    void integersRoundTrip(@ForAll("uint256") final BigInteger v) {
        assertEquals(v, Rlp.unsigned(Rlp.decode(Rlp.encodeUnsigned(v), 1, MAX), "v"));
    }

    @Property
    void structuresRoundTrip(@ForAll("items") final Object value) {
        final byte[] enc = encode(value);
        assertArrayEquals(enc, encode(toValue(Rlp.decode(enc, DEPTH, MAX))));
    }

    @Property
    void anyBytesDecodeOrGiveATypedError(@ForAll @Size(max = 80) final byte[] input) {
        try {
            final RlpItem item = Rlp.decode(input, DEPTH, MAX);
            assertArrayEquals(input, encode(toValue(item)), "whatever decodes is the canonical encoding");
        } catch (final ValidationException expected) {
            assertTrue(expected.getMessage().length() > 12);
        }
    }

    @Property
    void mutatedEncodingsDecodeCanonicallyOrGiveATypedError(@ForAll("items") final Object value,
                                                             @ForAll final int position, @ForAll final byte b) {
        final byte[] enc = encode(value);
        enc[Math.floorMod(position, enc.length)] = b;
        try {
            assertArrayEquals(enc, encode(toValue(Rlp.decode(enc, DEPTH, MAX))));
        } catch (final ValidationException expected) {
            assertTrue(expected.error() != null);
        }
    }

    @Provide
    Arbitrary<BigInteger> uint256() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(256).subtract(BigInteger.ONE))
            .edgeCases(c -> c.includeOnly(BigInteger.ZERO, BigInteger.valueOf(127), BigInteger.valueOf(128)));
    }

    @Provide
    Arbitrary<Object> items() {
        final Arbitrary<Object> strings = Arbitraries.bytes().array(byte[].class).ofMaxSize(70).map(b -> b);
        return Arbitraries.recursive(() -> strings,
            inner -> Arbitraries.oneOf(strings, inner.list().ofMaxSize(4).map(l -> l)), 0, 5);
    }

    private static byte[] encode(final Object value) {
        if (value instanceof byte[] b) {
            return Rlp.encodeString(b);
        }
        final List<byte[]> encoded = new ArrayList<>();
        for (final Object o : (List<?>) value) {
            encoded.add(encode(o));
        }
        return Rlp.encodeList(encoded);
    }

    private static Object toValue(final RlpItem item) {
        if (item instanceof RlpItem.RlpString s) {
            return s.bytes();
        }
        final List<Object> out = new ArrayList<>();
        for (final RlpItem i : ((RlpItem.RlpList) item).items()) {
            out.add(toValue(i));
        }
        return out;
    }

    private static void refused(final ValidationError error, final String hex, final String text) {
        final ValidationException e = assertThrows(ValidationException.class,
            () -> Rlp.decode(Hex.decode(hex), DEPTH, MAX));
        assertEquals(error, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
