package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.Keccak256;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.eth.EthTransactions;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable transaction: the convenience form for wallets, RPC, tests and tools. Equality is by
 * content. The canonical encoding ({@link #encode()}) is written afresh from the fields, never kept
 * from the input, and the byte layout is in {@code docs/encoding.md}.
 *
 * <p>Every instance is structurally valid (enabled type, non-negative nonce, fee and amount, key and
 * signature lengths of its scheme), but not necessarily correctly signed, for the expected chain or
 * within a node's {@link CodecLimits}: {@link #checkStateless} decides those.
 *
 * <p>Thread-safe (immutable).
 */
public final class Transaction {
    private final TxType type;
    private final SchemeId scheme;
    private final long chainId;
    private final long nonce;
    private final long fee;
    private final Address recipient;
    private final long amount;
    private final byte[] publicKey;
    private final byte[] payload;
    private final byte[] signature;

    private Transaction(final Builder b, final SchemeId scheme, final byte[] publicKey, final byte[] signature) {
        this.type = b.type;
        this.scheme = scheme;
        this.chainId = b.chainId;
        this.nonce = b.nonce;
        this.fee = b.fee;
        this.recipient = b.recipient;
        this.amount = b.amount;
        this.publicKey = publicKey;
        this.payload = b.payload;
        this.signature = signature;
    }

    /** A builder for a transaction of {@code type}. */
    public static Builder builder(final TxType type) {
        return new Builder(type);
    }

    /** A builder for a transfer. */
    public static Builder transfer() {
        return new Builder(TxType.TRANSFER);
    }

    /** Decodes exactly one transaction under the default limits. */
    public static Transaction decode(final byte[] bytes) {
        return decode(bytes, CodecLimits.DEFAULT);
    }

    public static Transaction decode(final byte[] bytes, final CodecLimits limits) {
        return decode(new UnsafeBuffer(bytes), 0, bytes.length, limits);
    }

    /**
     * Decodes exactly the bytes {@code buffer[offset, offset+length)}.
     *
     * @throws ValidationException with the typed reason if they are not one valid transaction
     */
    public static Transaction decode(final DirectBuffer buffer, final int offset, final int length,
                                     final CodecLimits limits) {
        return from(new TransactionView(limits).wrapOrThrow(buffer, offset, length));
    }

    /** Copies a successfully wrapped view into a value. */
    public static Transaction from(final TransactionView view) {
        final DirectBuffer buf = view.buffer();
        final byte[] pk = new byte[view.publicKeyLength()];
        buf.getBytes(view.publicKeyOffset(), pk);
        final byte[] payload = new byte[view.payloadLength()];
        buf.getBytes(view.payloadOffset(), payload);
        final byte[] sig = new byte[view.signatureLength()];
        buf.getBytes(view.signatureOffset(), sig);
        return builder(view.type())
            .chainId(view.chainId())
            .nonce(view.nonce())
            .fee(view.fee())
            .recipient(view.recipient())
            .amount(view.amount())
            .payload(payload)
            .withSignature(view.scheme(), pk, sig);
    }

    public TxType type() {
        return type;
    }

    public SchemeId scheme() {
        return scheme;
    }

    public long chainId() {
        return chainId;
    }

    public long nonce() {
        return nonce;
    }

    public long fee() {
        return fee;
    }

    public Address recipient() {
        return recipient;
    }

    public long amount() {
        return amount;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] payload() {
        return payload.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The sender's address, derived from the scheme and public key. */
    public Address sender() {
        return SignatureSchemes.of(scheme).address(publicKey);
    }

    public int encodedLength() {
        return TransactionLayout.encodedLength(scheme, payload.length);
    }

    /** The canonical version 1 encoding. */
    public byte[] encode() {
        final byte[] out = new byte[encodedLength()];
        writeUnsigned(new TransactionEncoder().wrap(new UnsafeBuffer(out), 0), type, scheme, chainId, nonce, fee,
            recipient, amount, publicKey, payload).signature(signature);
        return out;
    }

    private static TransactionEncoder writeUnsigned(final TransactionEncoder enc, final TxType type,
                                                    final SchemeId scheme, final long chainId, final long nonce,
                                                    final long fee, final Address recipient, final long amount,
                                                    final byte[] publicKey, final byte[] payload) {
        return enc.type(type).scheme(scheme).chainId(chainId).nonce(nonce).fee(fee).recipient(recipient)
            .amount(amount).publicKey(publicKey).payload(payload);
    }

    /**
     * The bytes the sender signs: tag("kairos/tx-sign/v1") || chainId (i64 LE) || the encoding
     * without its signature. The chain id up front keeps a signature made for one chain from ever
     * verifying on another.
     */
    public byte[] signingBytes() {
        final byte[] enc = encode();
        return signingBytes(chainId, enc, enc.length - signature.length);
    }

    private static byte[] signingBytes(final long chainId, final byte[] encoding, final int unsignedLength) {
        final byte[] out = new byte[TransactionLayout.SIGNING_PREFIX_LENGTH + unsignedLength];
        final byte[] tag = TransactionLayout.SIGNING_TAG;
        System.arraycopy(tag, 0, out, 0, tag.length);
        new UnsafeBuffer(out).putLong(tag.length, chainId, TransactionLayout.ORDER);
        System.arraycopy(encoding, 0, out, TransactionLayout.SIGNING_PREFIX_LENGTH, unsignedLength);
        return out;
    }

    /**
     * SHA-256(tag("kairos/tx/v1") || the full encoding, signature included); for
     * {@link SchemeId#SECP256K1_ETH}, Keccak-256 of the payload, the signed Ethereum transaction
     * (docs/ethereum.md).
     */
    public Hash hash() {
        if (scheme == SchemeId.SECP256K1_ETH) {
            return Hash.of(Keccak256.hash(payload));
        }
        return Hashing.hash(Hashing.Domain.TRANSACTION, encode());
    }

    /**
     * Whether the signature verifies over {@link #signingBytes()} under the public key; for
     * {@link SchemeId#SECP256K1_ETH}, whether the payload is a valid signed Ethereum transaction for
     * this chain id from which every field of this transaction derives ({@link EthTransactions#verifyKairos}).
     */
    public boolean verifySignature() {
        if (scheme == SchemeId.SECP256K1_ETH) {
            try {
                EthTransactions.verifyKairos(this, chainId, CodecLimits.DEFAULT);
                return true;
            } catch (final ValidationException e) {
                return false;
            }
        }
        return SignatureSchemes.of(scheme).verify(publicKey, signingBytes(), signature);
    }

    /**
     * Every check that needs no ledger state: size limits, chain id, then the signature.
     *
     * @throws ValidationException {@code OVERSIZED}, {@code WRONG_CHAIN_ID} or {@code BAD_SIGNATURE}, and for
     *     {@link SchemeId#SECP256K1_ETH} any error of {@link EthTransactions#verifyKairos}
     */
    public void checkStateless(final long expectedChainId, final CodecLimits limits) {
        if (payload.length > limits.maxPayloadBytes()) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "payload is " + payload.length + " bytes, over the limit of " + limits.maxPayloadBytes());
        }
        if (encodedLength() > limits.maxTransactionBytes()) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "transaction is " + encodedLength() + " bytes, over the limit of " + limits.maxTransactionBytes());
        }
        if (chainId != expectedChainId) {
            throw new ValidationException(ValidationError.WRONG_CHAIN_ID,
                "transaction is for chain " + chainId + ", this chain is " + expectedChainId);
        }
        if (scheme == SchemeId.SECP256K1_ETH) {
            EthTransactions.verifyKairos(this, expectedChainId, limits);
            return;
        }
        if (!verifySignature()) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE,
                "the " + scheme + " signature does not verify for sender " + sender());
        }
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Transaction t
            && type == t.type && scheme == t.scheme && chainId == t.chainId && nonce == t.nonce && fee == t.fee
            && amount == t.amount && recipient.equals(t.recipient) && Arrays.equals(publicKey, t.publicKey)
            && Arrays.equals(payload, t.payload) && Arrays.equals(signature, t.signature);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(type, scheme, chainId, nonce, fee, amount, recipient);
        h = 31 * h + Arrays.hashCode(publicKey);
        h = 31 * h + Arrays.hashCode(payload);
        return 31 * h + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Transaction{" + type + ", " + scheme + ", chain " + chainId + ", nonce " + nonce + ", fee " + fee
            + ", to " + recipient + ", amount " + amount + ", payload " + payload.length + " bytes, sig "
            + Hex.encode(signature, 0, Math.min(8, signature.length)) + "..}";
    }

    /**
     * Collects the fields of a transaction, then {@linkplain #sign signs} it or takes a ready
     * {@linkplain #withSignature signature}. Defaults: chain id, nonce, fee and amount 0, recipient
     * {@link Address#ZERO}, empty payload. Not thread-safe.
     */
    public static final class Builder {
        private final TxType type;
        private long chainId;
        private long nonce;
        private long fee;
        private Address recipient = Address.ZERO;
        private long amount;
        private byte[] payload = new byte[0];

        private Builder(final TxType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder chainId(final long chainId) {
            this.chainId = chainId;
            return this;
        }

        public Builder nonce(final long nonce) {
            this.nonce = nonce;
            return this;
        }

        public Builder fee(final long fee) {
            this.fee = fee;
            return this;
        }

        public Builder recipient(final Address recipient) {
            this.recipient = Objects.requireNonNull(recipient, "recipient");
            return this;
        }

        public Builder amount(final long amount) {
            this.amount = amount;
            return this;
        }

        public Builder payload(final byte[] payload) {
            this.payload = payload.clone();
            return this;
        }

        /**
         * Signs with {@code key} over the signing bytes of these fields under the key's scheme. A
         * {@link SchemeId#SECP256K1_ETH} key instead signs an EIP-1559 transfer of these fields and
         * returns the transaction that carries it ({@link EthTransactions#transfer}); it needs a TRANSFER
         * without payload (the payload becomes the Ethereum transaction).
         */
        public Transaction sign(final SigningKey key) {
            final SchemeId scheme = key.scheme().id();
            if (scheme == SchemeId.SECP256K1_ETH) {
                if (type != TxType.TRANSFER || payload.length != 0) {
                    throw new ValidationException(ValidationError.INVALID_VALUE,
                        "a secp256k1-eth key signs only transfers without payload");
                }
                return EthTransactions.transfer(key, chainId, nonce, fee, recipient, amount);
            }
            final byte[] pk = key.publicKey();
            final byte[] unsigned = new byte[TransactionLayout.encodedLength(scheme, payload.length)];
            final TransactionEncoder enc = writeUnsigned(new TransactionEncoder().wrap(new UnsafeBuffer(unsigned), 0),
                type, scheme, chainId, nonce, fee, recipient, amount, pk, payload);
            final byte[] message = signingBytes(chainId, unsigned, enc.unsignedLength());
            return withSignature(scheme, pk, key.sign(message));
        }

        /**
         * Completes the transaction with a signature made elsewhere (or any bytes of the right
         * length: nothing is verified here).
         *
         * @throws ValidationException if a field is out of range or a length does not match the scheme
         */
        public Transaction withSignature(final SchemeId scheme, final byte[] publicKey, final byte[] signature) {
            Objects.requireNonNull(scheme, "scheme");
            if (!type.enabled()) {
                throw new ValidationException(ValidationError.UNKNOWN_TYPE, TransactionView.typeMessage(type.code()));
            }
            if (nonce < 0) {
                throw new ValidationException(ValidationError.INVALID_VALUE,
                    "nonce must not be negative, got " + nonce);
            }
            if (fee < 0) {
                throw new ValidationException(ValidationError.INVALID_AMOUNT, "fee must not be negative, got " + fee);
            }
            if (amount < 0) {
                throw new ValidationException(ValidationError.INVALID_AMOUNT,
                    "amount must not be negative, got " + amount);
            }
            checkLength("public key", publicKey, TransactionLayout.publicKeyLength(scheme), scheme);
            checkLength("signature", signature, TransactionLayout.signatureLength(scheme), scheme);
            return new Transaction(this, scheme, publicKey.clone(), signature.clone());
        }

        private static void checkLength(final String what, final byte[] bytes, final int expected,
                                        final SchemeId scheme) {
            if (bytes == null || bytes.length != expected) {
                throw new ValidationException(ValidationError.WRONG_LENGTH, "a " + scheme + " " + what + " is "
                    + expected + " bytes, got " + (bytes == null ? "none" : bytes.length));
            }
        }
    }
}
