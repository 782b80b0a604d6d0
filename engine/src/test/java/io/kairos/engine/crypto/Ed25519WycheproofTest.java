package io.kairos.engine.crypto;

import io.kairos.engine.core.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every case of Wycheproof's {@code ed25519_test.json} through {@link SignatureScheme#verify}. The
 * match must be exact: a consensus signature check may not be lenient where another implementation is
 * strict, so an "acceptable" case (none in the current file) would have to be refused.
 */
class Ed25519WycheproofTest {
    private static final SignatureScheme SCHEME = SignatureSchemes.of(SchemeId.ED25519);

    @TestFactory
    Stream<DynamicTest> ed25519Verify() {
        return Wycheproof.tests("ed25519_test.json", c -> {
            final byte[] pk = Hex.decode(c.group().path("publicKey").path("pk").asText());
            final byte[] msg = c.bytes("msg");
            final byte[] sig = c.bytes("sig");
            assertEquals(c.expected() == Wycheproof.Expected.VALID, SCHEME.verify(pk, msg, sig),
                "verify(pk, msg, sig)");
        });
    }
}
