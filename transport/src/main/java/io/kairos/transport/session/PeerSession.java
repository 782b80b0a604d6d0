package io.kairos.transport.session;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

import java.util.Arrays;

/**
 * An established session with one peer: a ChaCha20-Poly1305 key per direction, the next outbound
 * sequence number and the inbound replay window. The 96-bit nonce is four zero bytes then the
 * 64-bit sequence number (little-endian); sequence numbers start at 1 and a key is never used with
 * the same number twice (a session ends long before 2^64 messages). Inbound, a number above the
 * highest seen is accepted; one within the last {@value #WINDOW} below it is accepted once; anything
 * older or repeated is REPLAYED. The window is updated only after the tag verifies, so forged frames
 * cannot move it. Single-threaded (the transport agent's).
 */
public final class PeerSession {
    public static final int TAG_LENGTH = 16;
    public static final int WINDOW = 64;

    private final int peer;
    private final KeyParameter sendKey;
    private final KeyParameter receiveKey;
    private final ChaCha20Poly1305 sealer = new ChaCha20Poly1305();
    private final ChaCha20Poly1305 opener = new ChaCha20Poly1305();
    private final byte[] nonce = new byte[12];
    private long nextSendSequence = 1;
    private long highestReceived;
    private long window;

    PeerSession(final int peer, final byte[] sendKey, final byte[] receiveKey) {
        this.peer = peer;
        this.sendKey = new KeyParameter(sendKey);
        this.receiveKey = new KeyParameter(receiveKey);
    }

    public int peer() {
        return peer;
    }

    /** Takes the sequence number for the next outbound frame. */
    public long nextSequence() {
        return nextSendSequence++;
    }

    /**
     * Encrypts {@code plain[plainOffset, +length)} into {@code out} at {@code outOffset} with the additional
     * data {@code aad[0, aadLength)}; returns the ciphertext length ({@code length + TAG_LENGTH}).
     */
    public int encrypt(final long sequence, final byte[] aad, final int aadOffset, final int aadLength,
                       final byte[] plain, final int plainOffset, final int length, final byte[] out,
                       final int outOffset) {
        setNonce(sequence);
        sealer.init(true, new ParametersWithIV(sendKey, nonce));
        sealer.processAADBytes(aad, aadOffset, aadLength);
        final int n = sealer.processBytes(plain, plainOffset, length, out, outOffset);
        try {
            return n + sealer.doFinal(out, outOffset + n);
        } catch (final InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail a tag check", e);
        }
    }

    /**
     * Checks {@code sequence} against the replay window, then decrypts and authenticates; returns the
     * plaintext length.
     *
     * @throws TransportException REPLAYED or DECRYPT_FAILED
     */
    public int decrypt(final long sequence, final byte[] aad, final int aadOffset, final int aadLength,
                       final byte[] cipherText, final int offset, final int length, final byte[] out,
                       final int outOffset) {
        checkFresh(sequence);
        if (length < TAG_LENGTH) {
            throw new TransportException(TransportError.DECRYPT_FAILED,
                "ciphertext of " + length + " bytes is shorter than the tag");
        }
        setNonce(sequence);
        opener.init(false, new ParametersWithIV(receiveKey, nonce));
        opener.processAADBytes(aad, aadOffset, aadLength);
        final int written;
        try {
            final int n = opener.processBytes(cipherText, offset, length, out, outOffset);
            written = n + opener.doFinal(out, outOffset + n);
        } catch (final InvalidCipherTextException e) {
            throw new TransportException(TransportError.DECRYPT_FAILED,
                "frame " + sequence + " from validator " + peer + " fails authentication");
        }
        accept(sequence);
        return written;
    }

    private void checkFresh(final long sequence) {
        if (sequence <= 0) {
            throw new TransportException(TransportError.REPLAYED, "sequence number " + sequence + " is never sent");
        }
        if (sequence > highestReceived) {
            return;
        }
        final long age = highestReceived - sequence;
        if (age >= WINDOW || (window & (1L << age)) != 0) {
            throw new TransportException(TransportError.REPLAYED, "sequence number " + sequence
                + " from validator " + peer + " already seen or too old (highest " + highestReceived + ")");
        }
    }

    private void accept(final long sequence) {
        if (sequence > highestReceived) {
            final long shift = sequence - highestReceived;
            window = shift >= WINDOW ? 1L : (window << shift) | 1L;
            highestReceived = sequence;
        } else {
            window |= 1L << (highestReceived - sequence);
        }
    }

    private void setNonce(final long sequence) {
        Arrays.fill(nonce, 0, 4, (byte) 0);
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (sequence >>> (8 * i));
        }
    }
}
