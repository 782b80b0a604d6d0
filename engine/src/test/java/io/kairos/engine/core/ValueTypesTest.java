package io.kairos.engine.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTypesTest {
    @Test
    void addressAndHashRefuseWrongLengths() {
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> Address.of(new byte[19])).error());
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> Address.of(null)).error());
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> Hash.of(new byte[33])).error());
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> Hash.fromHex("0x00")).error());
    }

    @Test
    void addressTextNeedsPrefixAndHexDigits() {
        assertEquals(ValidationError.INVALID_ENCODING,
            assertThrows(ValidationException.class, () -> Address.fromHex("00".repeat(20))).error());
        assertEquals(ValidationError.INVALID_ENCODING,
            assertThrows(ValidationException.class, () -> Address.fromHex("0x" + "zz".repeat(20))).error());
        assertEquals(ValidationError.INVALID_ENCODING,
            assertThrows(ValidationException.class, () -> Hex.decode("0x123")).error());
        final Address a = Address.fromHex("0x" + "AB".repeat(20));
        assertEquals("0x" + "ab".repeat(20), a.toHex());
    }

    @Test
    void valueTypesAreImmutable() {
        final byte[] raw = new byte[Address.LENGTH];
        final Address a = Address.of(raw);
        raw[0] = 1;
        assertEquals(Address.ZERO, a);
        a.toByteArray()[0] = 1;
        assertEquals(Address.ZERO, a);
        final Hash h = Hash.of(new byte[Hash.LENGTH]);
        h.toByteArray()[0] = 1;
        assertTrue(h.isZero());
    }

    @Test
    void flyweightReadAndWriteAgreeWithArrays() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[64]);
        final Address a = Address.fromHex("0x" + "0102030405".repeat(4));
        final Hash h = Hashing.hash(Hashing.Domain.TRANSACTION, new byte[] {1, 2, 3});
        a.write(buf, 3);
        h.write(buf, 23);
        assertEquals(a, Address.read(buf, 3));
        assertEquals(h, Hash.read(buf, 23));
    }

    @Test
    void domainTagsSeparateOtherwiseEqualInputs() throws Exception {
        final byte[] data = "same bytes".getBytes(StandardCharsets.US_ASCII);
        final Hash tx = Hashing.hash(Hashing.Domain.TRANSACTION, data);
        final Hash block = Hashing.hash(Hashing.Domain.BLOCK_HEADER, data);
        assertNotEquals(tx, block);
        // The definition: SHA-256 over the ASCII tag, a zero byte, then the data.
        final MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("kairos/tx/v1".getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(data);
        assertEquals(Hash.of(md.digest()), tx);
        assertEquals(tx, Hashing.hash(Hashing.Domain.TRANSACTION, "same ".getBytes(StandardCharsets.US_ASCII),
            "bytes".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void hashesOrderAsUnsignedBigEndian() {
        final byte[] lo = new byte[Hash.LENGTH];
        final byte[] hi = new byte[Hash.LENGTH];
        lo[0] = 0x7F;
        hi[0] = (byte) 0x80;
        assertTrue(Hash.of(lo).compareTo(Hash.of(hi)) < 0);
    }

    @Property(tries = 300)
    void hexRoundTrips(@ForAll @Size(max = 64) final byte[] bytes) {
        assertArrayEquals(bytes, Hex.decode(Hex.encode(bytes)));
        assertArrayEquals(bytes, Hex.decode(Hex.encodePrefixed(bytes)));
        assertArrayEquals(bytes, Hex.decode(Hex.encode(bytes).toUpperCase(java.util.Locale.ROOT)));
    }
}
