package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

/** Argument checks shared by the signing keys, so a bad range is a typed error, not an IOOBE. */
final class Bounds {
    private Bounds() {
    }

    static void checkMessageRange(final byte[] message, final int offset, final int length) {
        if (message == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "message to sign is missing");
        }
        if (offset < 0 || length < 0 || offset > message.length - length) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "range [" + offset + ", +" + length
                + ") lies outside a message of " + message.length + " bytes");
        }
    }
}
