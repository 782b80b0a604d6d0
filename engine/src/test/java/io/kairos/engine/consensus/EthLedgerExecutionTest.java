package io.kairos.engine.consensus;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.eth.EthDevAccounts;
import io.kairos.engine.eth.EthTransactionRequest;
import io.kairos.engine.eth.EthTransactions;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A replica validating a proposed block re-checks the Ethereum transactions in it. */
class EthLedgerExecutionTest {
    private static final EthDevAccounts.DevAccount ALICE = EthDevAccounts.derive(1).getFirst();
    private static final Address BOB = Address.fromHex("0x" + "b0".repeat(20));
    private static final Address PROPOSER = Ed25519Scheme.INSTANCE.fromSeed(new byte[32]).address();

    private static Genesis genesis() {
        return Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0)
            .validator("v0", SchemeId.ED25519, Ed25519Scheme.INSTANCE.fromSeed(new byte[32]).publicKey(),
                Amounts.tokens(1000), "10.0.0.1:7000")
            .allocation(ALICE.address(), Amounts.tokens(10)).remainderTo(BOB).build();
    }

    /** A block proposed by a ledger that takes {@code tx} without checking it. */
    private static CommittedBlock proposed(final Genesis genesis, final Transaction tx) {
        final LedgerExecution proposer = new LedgerExecution(genesis, new InMemoryBlockStore(Long.MAX_VALUE),
            CodecLimits.DEFAULT, SignatureVerifier.DIRECT);
        final byte[] enc = tx.encode();
        final UnsafeBuffer hash = new UnsafeBuffer(tx.hash().toByteArray());
        return proposer.build(1, PROPOSER, (consumer, state, max, bytes) ->
            assertTrue(consumer.accept(new UnsafeBuffer(enc), 0, enc.length, hash, 0)));
    }

    private static byte[] body(final CommittedBlock block) {
        final byte[] body = new byte[block.bodyLength()];
        block.copyBody(body, 0);
        return body;
    }

    @Test
    void aBlockWithAValidEthereumTransferValidatesAndOneWithATamperedCopyDoesNot() {
        final Genesis genesis = genesis();
        final Transaction good = EthTransactions.decode(EthTransactions.sign(EthTransactionRequest.legacy(
            genesis.chainId(), 0, BigInteger.valueOf(1_000_000_000L), 21_000, BOB, Amounts.toWei(Amounts.tokens(1))),
            new BigInteger(1, ALICE.privateKey())), genesis.chainId(), CodecLimits.DEFAULT).toKairos();
        final CommittedBlock block = proposed(genesis, good);
        assertEquals(1, block.transactionCount());
        assertEquals(good.hash(), block.transactionHash(0));
        assertEquals(Hash.of(io.kairos.engine.crypto.Keccak256.hash(good.payload())), block.transactionHash(0));

        final LedgerExecution replica = new LedgerExecution(genesis, new InMemoryBlockStore(Long.MAX_VALUE),
            CodecLimits.DEFAULT, SignatureVerifier.DIRECT);
        assertEquals(block.hash(), replica.validate(block.header(), body(block)).hash());

        final Transaction tampered = Transaction.transfer().chainId(good.chainId()).nonce(0).fee(good.fee())
            .recipient(BOB).amount(good.amount() * 2).payload(good.payload())
            .withSignature(SchemeId.SECP256K1_ETH, good.publicKey(), good.signature());
        final CommittedBlock bad = proposed(genesis, tampered);
        final LedgerExecution other = new LedgerExecution(genesis, new InMemoryBlockStore(Long.MAX_VALUE),
            CodecLimits.DEFAULT, SignatureVerifier.DIRECT);
        final ConsensusException e = assertThrows(ConsensusException.class,
            () -> other.validate(bad.header(), body(bad)));
        assertEquals(ConsensusError.BAD_TRANSACTIONS, e.error());
        assertTrue(e.getMessage().contains("BAD_SIGNATURE"), e.getMessage());
    }
}
