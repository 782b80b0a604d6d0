package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

/**
 * Up to {@link #capacity()} signature checks handed to a {@link BatchVerifier} at once, each a
 * (scheme, public key, message, signature) whose bytes stay where the caller keeps them: an item
 * records arrays and offsets, nothing is copied. The key and signature lengths follow from the
 * scheme. Each item has a result, {@code false} until a verifier sets it, so an item a verifier
 * skips fails closed.
 *
 * <p>The referenced bytes must not change between {@link #add} and the end of
 * {@link BatchVerifier#verify}. A batch is reused: {@link #clear()} empties it without allocating.
 *
 * <p>Not thread-safe: one batch per worker; a verifier that fans a batch out to other threads
 * publishes the results back before {@code verify} returns.
 */
public final class VerificationBatch {
    private final int capacity;
    private final SchemeId[] schemes;
    private final byte[][] publicKeys;
    private final int[] publicKeyOffsets;
    private final byte[][] messages;
    private final int[] messageOffsets;
    private final int[] messageLengths;
    private final byte[][] signatures;
    private final int[] signatureOffsets;
    private final boolean[] valid;
    private int size;

    /**
     * @param capacity the most items the batch holds, at least 1
     * @throws ValidationException {@code INVALID_VALUE} for a capacity below 1
     */
    public VerificationBatch(final int capacity) {
        if (capacity < 1) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "a verification batch holds at least 1 item, got capacity " + capacity);
        }
        this.capacity = capacity;
        this.schemes = new SchemeId[capacity];
        this.publicKeys = new byte[capacity][];
        this.publicKeyOffsets = new int[capacity];
        this.messages = new byte[capacity][];
        this.messageOffsets = new int[capacity];
        this.messageLengths = new int[capacity];
        this.signatures = new byte[capacity][];
        this.signatureOffsets = new int[capacity];
        this.valid = new boolean[capacity];
    }

    /**
     * Appends one check; its result starts as {@code false}.
     *
     * @return the item's index
     * @throws ValidationException {@code OVERSIZED} when the batch is full, {@code INVALID_VALUE} for a
     *     missing scheme or array, {@code WRONG_LENGTH} when a slice does not lie inside its array
     */
    public int add(final SchemeId scheme, final byte[] publicKey, final int publicKeyOffset,
                   final byte[] message, final int messageOffset, final int messageLength,
                   final byte[] signature, final int signatureOffset) {
        if (size == capacity) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "the verification batch is full at " + capacity + " items");
        }
        if (scheme == null || publicKey == null || message == null || signature == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "a verification item needs a scheme, a public key, a message and a signature");
        }
        final SignatureScheme s = SignatureSchemes.of(scheme);
        checkSlice("public key", publicKey, publicKeyOffset, s.publicKeyLength());
        checkSlice("message", message, messageOffset, messageLength);
        checkSlice("signature", signature, signatureOffset, s.signatureLength());
        final int i = size++;
        schemes[i] = scheme;
        publicKeys[i] = publicKey;
        publicKeyOffsets[i] = publicKeyOffset;
        messages[i] = message;
        messageOffsets[i] = messageOffset;
        messageLengths[i] = messageLength;
        signatures[i] = signature;
        signatureOffsets[i] = signatureOffset;
        valid[i] = false;
        return i;
    }

    private static void checkSlice(final String what, final byte[] array, final int offset, final int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, what + " slice [" + offset + ", +" + length
                + ") lies outside its array of " + array.length + " bytes");
        }
    }

    /** Empties the batch for reuse; keeps the arrays it was given only until they are overwritten. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            valid[i] = false;
        }
        size = 0;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public SchemeId scheme(final int index) {
        return schemes[checkIndex(index)];
    }

    /** The array holding item {@code index}'s public key, which starts at {@link #publicKeyOffset}. */
    public byte[] publicKey(final int index) {
        return publicKeys[checkIndex(index)];
    }

    public int publicKeyOffset(final int index) {
        return publicKeyOffsets[checkIndex(index)];
    }

    /** The key length of the item's scheme. */
    public int publicKeyLength(final int index) {
        return SignatureSchemes.of(scheme(index)).publicKeyLength();
    }

    /** The array holding item {@code index}'s message, which starts at {@link #messageOffset}. */
    public byte[] message(final int index) {
        return messages[checkIndex(index)];
    }

    public int messageOffset(final int index) {
        return messageOffsets[checkIndex(index)];
    }

    public int messageLength(final int index) {
        return messageLengths[checkIndex(index)];
    }

    /** The array holding item {@code index}'s signature, which starts at {@link #signatureOffset}. */
    public byte[] signature(final int index) {
        return signatures[checkIndex(index)];
    }

    public int signatureOffset(final int index) {
        return signatureOffsets[checkIndex(index)];
    }

    /** The signature length of the item's scheme. */
    public int signatureLength(final int index) {
        return SignatureSchemes.of(scheme(index)).signatureLength();
    }

    /** Records item {@code index}'s result; what a {@link BatchVerifier} calls once per item. */
    public void setValid(final int index, final boolean isValid) {
        valid[checkIndex(index)] = isValid;
    }

    /** Item {@code index}'s result: {@code true} only if a verifier found its signature valid. */
    public boolean isValid(final int index) {
        return valid[checkIndex(index)];
    }

    /** How many items are marked valid. */
    public int validCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (valid[i]) {
                n++;
            }
        }
        return n;
    }

    private int checkIndex(final int index) {
        if (index < 0 || index >= size) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "item " + index + " is outside a batch of " + size + " items");
        }
        return index;
    }
}
