package io.kairos.engine.crypto;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@link SignatureScheme#address(byte[])} without allocating: the same definition
 * (SHA-256("kairos/address/v1" 0x00 || scheme tag || public key), first 20 bytes) over a reused
 * digest and scratch array. {@link SchemeId#SECP256K1_ETH} keys take Ethereum's rule instead (see
 * {@link Secp256k1EthScheme#address}), which allocates; the other schemes do not. One instance per
 * thread; not thread-safe.
 */
public final class AddressDeriver {
    private static final byte[] TAG = Hashing.Domain.ADDRESS.tag();

    private final MessageDigest md = Hashing.newSha256();
    private final byte[] digest = new byte[Hash.LENGTH];

    /**
     * Writes the 20-byte address of the key {@code src[offset, offset+length)} of {@code scheme} to
     * {@code dst[dstOffset]}.
     */
    public void derive(final SchemeId scheme, final byte[] src, final int offset, final int length,
                       final byte[] dst, final int dstOffset) {
        if (scheme == SchemeId.SECP256K1_ETH) {
            Secp256k1EthScheme.INSTANCE.address(Arrays.copyOfRange(src, offset, offset + length))
                .copyTo(dst, dstOffset);
            return;
        }
        md.reset();
        md.update(TAG);
        md.update((byte) scheme.code());
        md.update(src, offset, length);
        try {
            md.digest(digest, 0, Hash.LENGTH);
        } catch (final DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output slot", e);
        }
        System.arraycopy(digest, 0, dst, dstOffset, Address.LENGTH);
    }
}
