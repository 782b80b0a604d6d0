package io.kairos.engine.crypto;

import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519SchemeTest {
    private static final SignatureScheme SCHEME = SignatureSchemes.of(SchemeId.ED25519);
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L =
        BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final byte[] IDENTITY = littleEndian(BigInteger.ONE);

    /** RFC 8032 section 7.1, TEST 1024: the message is 1023 bytes. */
    private static final String TEST_1024_MESSAGE = """
        08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1
        e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d
        658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a
        7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e
        06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10
        3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1
        85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d
        502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270
        88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b
        eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba
        b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b
        e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7
        51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d
        cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df
        f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7
        984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4
        88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09
        43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f
        b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161
        0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d
        b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca
        c60c905c15fc910840b94c00a0b9d0
        """;

    private record Rfc8032(String name, String secretKey, String publicKey, String message, String signature) {
    }

    /** RFC 8032 section 7.1 test vectors for Ed25519 (pure, no context). */
    private static final List<Rfc8032> RFC_8032 = List.of(
        new Rfc8032("TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b"),
        new Rfc8032("TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
                + "387b2eaeb4302aeeb00d291612bb0c00"),
        new Rfc8032("TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc659"
                + "4a7c15e9716ed28dc027beceea1ec40a"),
        new Rfc8032("TEST 1024",
            "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
            "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
            TEST_1024_MESSAGE.replaceAll("\\s", ""),
            "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b"
                + "5e8fcd4f681e30a6ac00a9704a188a03"),
        new Rfc8032("TEST SHA(abc)",
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e030"
                + "3dca179c138ac17ad9bef1177331a704"));

    @TestFactory
    Stream<DynamicTest> rfc8032Section71Vectors() {
        return RFC_8032.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            final byte[] sk = Hex.decode(v.secretKey());
            final byte[] pk = Hex.decode(v.publicKey());
            final byte[] msg = Hex.decode(v.message());
            final byte[] sig = Hex.decode(v.signature());
            try (SigningKey key = SCHEME.fromSeed(sk)) {
                assertSame(SCHEME, key.scheme());
                assertArrayEquals(pk, key.publicKey(), "secret key -> public key");
                assertArrayEquals(sk, key.seed(), "the seed is kept as given");
                assertArrayEquals(sig, key.sign(msg), "sign -> exact RFC signature");
            }
            assertTrue(SCHEME.verify(pk, msg, sig), "verify through SignatureScheme");
            assertTrue(Ed25519Scheme.INSTANCE.verify(pk, msg, 0, msg.length, sig), "verify with offset");
            final byte[] flipped = sig.clone();
            flipped[10] ^= 0x04;
            assertFalse(SCHEME.verify(pk, msg, flipped), "a changed signature is refused");
        }));
    }

    @Test
    void theSha512OfAbcVectorReallySignsSha512OfAbc() throws Exception {
        final byte[] digest = MessageDigest.getInstance("SHA-512")
            .digest("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(RFC_8032.get(4).message(), Hex.encode(digest));
        assertEquals(1023, Hex.decode(RFC_8032.get(3).message()).length, "TEST 1024 signs 1023 bytes");
    }

    @Test
    void signsAndVerifiesASliceOfALargerBuffer() {
        final byte[] buffer = "xxhello kairosyy".getBytes(StandardCharsets.US_ASCII);
        try (SigningKey key = SCHEME.fromSeed(new byte[32])) {
            final byte[] sig = key.sign(buffer, 2, 12);
            assertArrayEquals(sig, key.sign("hello kairos".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(SCHEME.verify(key.publicKey(), buffer, 2, 12, sig));
            assertFalse(SCHEME.verify(key.publicKey(), buffer, 1, 12, sig));
        }
    }

    @Test
    void malformedInputsAreFalseNotExceptions() {
        try (SigningKey key = SCHEME.fromSeed(new byte[32])) {
            final byte[] msg = {1, 2, 3};
            final byte[] pk = key.publicKey();
            final byte[] sig = key.sign(msg);
            assertTrue(SCHEME.verify(pk, msg, sig));
            assertFalse(SCHEME.verify(null, msg, sig));
            assertFalse(SCHEME.verify(pk, null, 0, 0, sig));
            assertFalse(SCHEME.verify(pk, msg, null));
            assertFalse(SCHEME.verify(Arrays.copyOf(pk, 31), msg, sig));
            assertFalse(SCHEME.verify(Arrays.copyOf(pk, 33), msg, sig));
            assertFalse(SCHEME.verify(pk, msg, Arrays.copyOf(sig, 63)));
            assertFalse(SCHEME.verify(pk, msg, Arrays.copyOf(sig, 65)));
            assertFalse(SCHEME.verify(pk, msg, -1, 2, sig));
            assertFalse(SCHEME.verify(pk, msg, 2, 2, sig));
            assertFalse(SCHEME.verify(pk, msg, 0, -1, sig));
            assertFalse(SCHEME.verify(pk, msg, Integer.MAX_VALUE, 1, sig));
        }
    }

    @Test
    void aSeedOfTheWrongLengthIsATypedError() {
        for (final byte[] seed : new byte[][] {null, new byte[31], new byte[33]}) {
            final ValidationException e = assertThrows(ValidationException.class, () -> SCHEME.fromSeed(seed));
            assertEquals(ValidationError.WRONG_LENGTH, e.error());
        }
    }

    @Test
    void aDestroyedKeyCannotSign() {
        final SigningKey key = SCHEME.fromSeed(new byte[32]);
        key.destroy();
        assertThrows(IllegalStateException.class, () -> key.sign(new byte[1]));
        assertThrows(IllegalStateException.class, key::seed);
    }

    @Test
    void theMalleableFormWithSPlusLIsRefused() {
        final Rfc8032 v = RFC_8032.get(1);
        final byte[] pk = Hex.decode(v.publicKey());
        final byte[] msg = Hex.decode(v.message());
        final byte[] sig = Hex.decode(v.signature());
        final BigInteger s = fromLittleEndian(Arrays.copyOfRange(sig, 32, 64));
        final byte[] malleated = sig.clone();
        System.arraycopy(littleEndian(s.add(L)), 0, malleated, 32, 32);
        assertTrue(SCHEME.verify(pk, msg, sig));
        assertFalse(SCHEME.verify(pk, msg, malleated), "S + L is the same scalar mod L but not canonical");
    }

    /**
     * Under a public key A of small order h, R = neutral element and S = 0 satisfy the cofactorless
     * equation [S]B = R + [k]A whenever k = H(R || A || M) is a multiple of h: a forgery that needs no
     * private key. It must be refused, including for the non-canonical encoding of the neutral element
     * (y = p + 1).
     */
    @Test
    void smallOrderPublicKeysCannotBeUsedToForge() throws NoSuchAlgorithmException {
        final byte[][] keys = {
            IDENTITY, littleEndian(P.add(BigInteger.ONE)), littleEndian(P.subtract(BigInteger.ONE)),
            littleEndian(BigInteger.ZERO)};
        final int[] orders = {1, 1, 2, 4};
        final byte[] forged = Arrays.copyOf(IDENTITY, 64);
        for (int i = 0; i < keys.length; i++) {
            final byte[] msg = messageWithChallengeDivisibleBy(orders[i], IDENTITY, keys[i]);
            assertFalse(SCHEME.verify(keys[i], msg, forged), "order-" + orders[i] + " key " + Hex.encode(keys[i]));
        }
    }

    /**
     * RFC 8032 lets R be any point, the neutral element included; Bouncy Castle 1.86 follows it (some
     * libraries refuse a small-order R). Pinned so that a library change in either direction shows up.
     */
    @Test
    void aGenuineSignatureWhoseRIsTheNeutralElementVerifies() throws NoSuchAlgorithmException {
        final byte[] seed = Hex.decode(RFC_8032.get(0).secretKey());
        final byte[] pk = Hex.decode(RFC_8032.get(0).publicKey());
        final byte[] msg = "neutral R".getBytes(StandardCharsets.US_ASCII);
        final byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
        final byte[] clamped = Arrays.copyOf(h, 32);
        clamped[0] &= (byte) 0xF8;
        clamped[31] &= 0x7F;
        clamped[31] |= 0x40;
        final BigInteger a = fromLittleEndian(clamped);
        final BigInteger s = challenge(IDENTITY, pk, msg).multiply(a).mod(L);
        final byte[] sig = Arrays.copyOf(IDENTITY, 64);
        System.arraycopy(littleEndian(s), 0, sig, 32, 32);
        assertTrue(SCHEME.verify(pk, msg, sig));
    }

    private static byte[] messageWithChallengeDivisibleBy(final int order, final byte[] r, final byte[] pk)
        throws NoSuchAlgorithmException {
        for (int m = 0; m < 256; m++) {
            final byte[] msg = {(byte) m};
            if (challenge(r, pk, msg).mod(BigInteger.valueOf(order)).signum() == 0) {
                return msg;
            }
        }
        throw new AssertionError("no message with k divisible by " + order);
    }

    /** k = SHA-512(R || A || M) mod L, RFC 8032 section 5.1.7 step 2. */
    private static BigInteger challenge(final byte[] r, final byte[] pk, final byte[] msg)
        throws NoSuchAlgorithmException {
        final MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update(r);
        sha512.update(pk);
        sha512.update(msg);
        return fromLittleEndian(sha512.digest()).mod(L);
    }

    private static BigInteger fromLittleEndian(final byte[] bytes) {
        final byte[] be = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            be[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static byte[] littleEndian(final BigInteger value) {
        final byte[] be = value.toByteArray();
        final byte[] out = new byte[32];
        for (int i = 0; i < Math.min(32, be.length); i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }
}
