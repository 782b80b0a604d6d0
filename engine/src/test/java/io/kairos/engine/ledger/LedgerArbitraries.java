package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SchemeId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.Arrays;

/**
 * Generators shared by the codec properties. Signatures and keys are random bytes of the right
 * length: the codec does not care whether they verify, and real ML-DSA signing would be too slow.
 */
final class LedgerArbitraries {
    private LedgerArbitraries() {
    }

    static Arbitrary<Long> nonNegativeLongs() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    static Arbitrary<byte[]> bytes(final int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    static Arbitrary<byte[]> payloads() {
        return Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
            Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(2048)),
            Tuple.of(1, Arbitraries.of(0, CodecLimits.DEFAULT.maxPayloadBytes()).map(n -> filled(n))));
    }

    private static byte[] filled(final int n) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xA5);
        return b;
    }

    static Arbitrary<Address> addresses() {
        return bytes(Address.LENGTH).map(Address::of);
    }

    static Arbitrary<Hash> hashes() {
        return bytes(Hash.LENGTH).map(Hash::of);
    }

    static Arbitrary<Transaction> transactions() {
        return Arbitraries.longs().flatMap(LedgerArbitraries::transactions);
    }

    static Arbitrary<Transaction> transactions(final long chainId) {
        return Arbitraries.of(SchemeId.class).flatMap(s -> Combinators.combine(
            nonNegativeLongs(), nonNegativeLongs(), nonNegativeLongs(), addresses(),
            bytes(TransactionLayout.publicKeyLength(s)), payloads(), bytes(TransactionLayout.signatureLength(s)))
            .as((nonce, fee, amount, to, pk, payload, sig) -> Transaction.transfer()
                .chainId(chainId).nonce(nonce).fee(fee).recipient(to).amount(amount).payload(payload)
                .withSignature(s, pk, sig)));
    }

    static Arbitrary<BlockHeader> headers() {
        return Combinators.combine(Arbitraries.longs(), nonNegativeLongs(), nonNegativeLongs(), hashes(),
                addresses(), hashes(), hashes(), Combinators.combine(
                    Arbitraries.integers().between(0, CodecLimits.DEFAULT.maxBlockTransactions()),
                    Arbitraries.integers().between(0, CodecLimits.DEFAULT.maxBlockBytes() - BlockHeader.LENGTH))
                    .as((count, body) -> new int[] {count, body}))
            .as((chain, height, time, parent, proposer, txRoot, stateRoot, sizes) ->
                new BlockHeader(chain, height, time, parent, proposer, txRoot, stateRoot, sizes[0], sizes[1]));
    }

    static Arbitrary<Block> blocks() {
        return Arbitraries.longs().flatMap(chain -> Combinators.combine(nonNegativeLongs(), nonNegativeLongs(),
                hashes(), addresses(), smallTransactions(chain).list().ofMaxSize(6))
            .as((height, time, parent, proposer, txs) ->
                Block.assemble(chain, height, time, parent, proposer, txs, CodecLimits.DEFAULT)));
    }

    /** Ed25519 transfers with short payloads, so that blocks stay small and mutations hit every part. */
    static Arbitrary<Transaction> smallTransactions(final long chainId) {
        return Combinators.combine(nonNegativeLongs(), nonNegativeLongs(), nonNegativeLongs(), addresses(),
                bytes(32), Arbitraries.bytes().array(byte[].class).ofMaxSize(8), bytes(64))
            .as((nonce, fee, amount, to, pk, payload, sig) -> Transaction.transfer()
                .chainId(chainId).nonce(nonce).fee(fee).recipient(to).amount(amount).payload(payload)
                .withSignature(SchemeId.ED25519, pk, sig));
    }

    /**
     * Damages a valid encoding in one of the ways a faulty or hostile peer might: flip bits in a
     * byte, overwrite a byte, cut the tail, append bytes, or set a little-endian field to an
     * arbitrary 32-bit value.
     */
    static Arbitrary<byte[]> mutationsOf(final Arbitrary<byte[]> valid) {
        // Without edge cases the position would be 0 (the version byte) far too often.
        final Arbitrary<Integer> positions = Arbitraries.integers().greaterOrEqual(0).withoutEdgeCases();
        return Combinators.combine(valid, Arbitraries.integers().between(0, 4), positions, Arbitraries.integers(),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
            .as(LedgerArbitraries::mutate);
    }

    private static byte[] mutate(final byte[] valid, final int kind, final int where, final int value,
                                 final byte[] extra) {
        final int at = valid.length == 0 ? 0 : where % valid.length;
        switch (kind) {
            case 0 -> {
                final byte[] b = valid.clone();
                b[at] ^= (byte) (value == 0 ? 1 : value);
                return b;
            }
            case 1 -> {
                final byte[] b = valid.clone();
                b[at] = (byte) value;
                return b;
            }
            case 2 -> {
                return Arrays.copyOf(valid, at);
            }
            case 3 -> {
                final byte[] b = Arrays.copyOf(valid, valid.length + extra.length);
                System.arraycopy(extra, 0, b, valid.length, extra.length);
                return b;
            }
            default -> {
                final byte[] b = valid.clone();
                final int i = Math.min(at, b.length - 4);
                for (int k = 0; k < 4; k++) {
                    b[i + k] = (byte) (value >>> (8 * k));
                }
                return b;
            }
        }
    }
}
