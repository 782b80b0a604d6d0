package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SigningKeyArgumentsTest {
    @ParameterizedTest
    @EnumSource(SchemeId.class)
    void badRangesAndMissingMessagesAreTypedErrors(final SchemeId id) {
        try (SigningKey key = SignatureSchemes.of(id).fromSeed(new byte[32])) {
            final byte[] msg = new byte[10];
            assertEquals(ValidationError.WRONG_LENGTH,
                assertThrows(ValidationException.class, () -> key.sign(msg, 5, 6)).error());
            assertEquals(ValidationError.WRONG_LENGTH,
                assertThrows(ValidationException.class, () -> key.sign(msg, -1, 2)).error());
            assertEquals(ValidationError.WRONG_LENGTH,
                assertThrows(ValidationException.class, () -> key.sign(msg, 0, -1)).error());
            assertEquals(ValidationError.INVALID_VALUE,
                assertThrows(ValidationException.class, () -> key.sign(null, 0, 0)).error());
        }
    }
}
