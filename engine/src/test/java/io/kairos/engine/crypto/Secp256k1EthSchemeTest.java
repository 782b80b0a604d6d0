package io.kairos.engine.crypto;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Secp256k1EthSchemeTest {
    private static final Secp256k1EthScheme SCHEME = Secp256k1EthScheme.INSTANCE;

    private static byte[] key32(final BigInteger d) {
        final byte[] b = new byte[32];
        Secp256k1.writeUnsigned32(d, b, 0);
        return b;
    }

    @Test
    void registeredUnderTag3() {
        assertSame(SCHEME, SignatureSchemes.of(SchemeId.SECP256K1_ETH));
        assertSame(SCHEME, SignatureSchemes.ofCode(3));
        assertSame(SCHEME, SignatureSchemes.ofLabel("SECP256K1-ETH"));
        assertEquals(33, SCHEME.publicKeyLength());
        assertEquals(65, SCHEME.signatureLength());
    }

    @Test
    void knownAddresses() {
        // Well-known: private key 1 is 0x7E5F..5Bdf; the EIP-155 example key 0x4646..46 is 0x9d8A..5A4F.
        assertEquals(Address.fromHex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"),
            SCHEME.fromSeed(key32(BigInteger.ONE)).address());
        final SigningKey k = SCHEME.fromSeed(Hex.decode("46".repeat(32)));
        assertEquals(Address.fromHex("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"), k.address());
        assertEquals(k.address(), SCHEME.address(k.publicKey()));
        final byte[] derived = new byte[Address.LENGTH + 3];
        final byte[] padded = new byte[40];
        System.arraycopy(k.publicKey(), 0, padded, 5, 33);
        new AddressDeriver().derive(SchemeId.SECP256K1_ETH, padded, 5, 33, derived, 3);
        assertEquals(k.address(), Address.of(Arrays.copyOfRange(derived, 3, 23)));
    }

    @Test
    void aValidPrivateKeyIsItsOwnSeedAndOtherSeedsAreMapped() {
        final byte[] seed = Hex.decode("46".repeat(32));
        assertEquals(new BigInteger("46".repeat(32), 16), Secp256k1EthScheme.privateKeyOf(seed));
        final BigInteger zero = Secp256k1EthScheme.privateKeyOf(new byte[32]);
        assertTrue(Secp256k1.isValidPrivateKey(zero));
        assertEquals(new BigInteger(1, Keccak256.hash(new byte[32], new byte[] {0})), zero);
        final BigInteger overN = Secp256k1EthScheme.privateKeyOf(key32(Secp256k1.N));
        assertTrue(Secp256k1.isValidPrivateKey(overN));
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> SCHEME.fromSeed(new byte[31])).error());
    }

    @Test
    void signaturesAreLowSAndRecoverable() {
        try (SigningKey k = SCHEME.fromSeed(key32(BigInteger.valueOf(0xC0FFEE)))) {
            for (int i = 0; i < 20; i++) {
                final byte[] msg = ("message " + i).getBytes();
                final byte[] sig = k.sign(msg);
                assertEquals(65, sig.length);
                assertTrue(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).compareTo(Secp256k1.HALF_N) <= 0);
                assertTrue(SCHEME.verify(k.publicKey(), msg, sig));
                assertArrayEquals(sig, k.sign(msg), "RFC 6979: deterministic");

                final byte[] high = sig.clone();
                Secp256k1.writeUnsigned32(Secp256k1.N.subtract(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))),
                    high, 32);
                high[64] ^= 1;
                assertFalse(SCHEME.verify(k.publicKey(), msg, high), "the high-s twin is refused (EIP-2)");
                final byte[] parity = sig.clone();
                parity[64] ^= 1;
                assertFalse(SCHEME.verify(k.publicKey(), msg, parity));
                final byte[] badV = sig.clone();
                badV[64] = 27;
                assertFalse(SCHEME.verify(k.publicKey(), msg, badV));
            }
        }
    }

    @Test
    void malformedKeysAndSignaturesAreFalseNotExceptions() {
        final SigningKey k = SCHEME.fromSeed(key32(BigInteger.TEN));
        final byte[] msg = {1, 2, 3};
        final byte[] sig = k.sign(msg);
        assertFalse(SCHEME.verify(null, msg, sig));
        assertFalse(SCHEME.verify(k.publicKey(), msg, null));
        assertFalse(SCHEME.verify(new byte[33], msg, sig));
        assertFalse(SCHEME.verify(k.publicKey(), msg, new byte[65]));
        assertFalse(SCHEME.verify(k.publicKey(), msg, 2, 5, sig));
        final byte[] notOnCurve = k.publicKey();
        notOnCurve[0] = 4;
        assertFalse(SCHEME.isValidPublicKey(notOnCurve));
        assertTrue(SCHEME.isValidPublicKey(k.publicKey()));
        final byte[] xTooBig = new byte[33];
        xTooBig[0] = 2;
        Arrays.fill(xTooBig, 1, 33, (byte) 0xff);
        assertFalse(SCHEME.isValidPublicKey(xTooBig));
        assertEquals(ValidationError.INVALID_PUBLIC_KEY,
            assertThrows(ValidationException.class, () -> SCHEME.address(xTooBig)).error());
    }

    @Test
    void destroyedKeysCannotSign() {
        final SigningKey k = SCHEME.fromSeed(key32(BigInteger.TWO));
        k.destroy();
        assertThrows(IllegalStateException.class, () -> k.sign(new byte[1]));
        assertThrows(IllegalStateException.class, k::seed);
    }

    @Property(tries = 40)
    void signThenVerifyAndFlipAnyBitFails(@ForAll @Size(32) final byte[] seed, @ForAll @Size(max = 64) final byte[] msg,
                                          @ForAll final int bit) {
        final SigningKey k = SCHEME.fromSeed(seed);
        final byte[] sig = k.sign(msg);
        assertTrue(SCHEME.verify(k.publicKey(), msg, sig));
        final byte[] flipped = sig.clone();
        final int b = Math.floorMod(bit, 65 * 8);
        flipped[b / 8] ^= (byte) (1 << (b % 8));
        assertFalse(SCHEME.verify(k.publicKey(), msg, flipped));
        assertNotEquals(Address.ZERO, k.address());
    }
}
