package io.kairos.engine;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.Keccak256;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.eth.EthDevAccounts;
import io.kairos.engine.eth.EthTransaction;
import io.kairos.engine.eth.EthTransactionRequest;
import io.kairos.engine.eth.EthTransactions;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.CommittedBlock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ethereum-signed transfers through the real ingress pipeline, mempool, sequencer and executor. */
class EthTransferEngineTest {
    private static final long FUNDS = Amounts.tokens(1_000);
    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);

    private final List<EthDevAccounts.DevAccount> dev = EthDevAccounts.derive(3);
    private Genesis genesis;
    private KairosEngine engine;

    @BeforeEach
    void start() {
        final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(new byte[] {
            9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        final var b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100");
        for (final EthDevAccounts.DevAccount a : dev) {
            b.allocation(a.address(), FUNDS);
        }
        b.remainderTo(Address.fromHex("0x" + "77".repeat(20)));
        genesis = b.build();
        engine = KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).build();
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private byte[] legacy(final EthDevAccounts.DevAccount from, final long nonce, final Address to, final long units) {
        return EthTransactions.sign(EthTransactionRequest.legacy(genesis.chainId(), nonce, GWEI, 21_000, to,
            Amounts.toWei(units)), new BigInteger(1, from.privateKey()));
    }

    private byte[] dynamic(final EthDevAccounts.DevAccount from, final long nonce, final Address to,
                           final long units) {
        return EthTransactions.sign(EthTransactionRequest.eip1559(genesis.chainId(), nonce, GWEI,
            GWEI.multiply(BigInteger.TWO), 30_000, to, Amounts.toWei(units)), new BigInteger(1, from.privateKey()));
    }

    @Test
    void walletTransfersWithNoncesZeroOneTwoCommitAndAreFoundByTheirEthereumHash() throws Exception {
        final EthDevAccounts.DevAccount alice = dev.get(0);
        final Address bob = dev.get(1).address();
        final byte[][] raws = {legacy(alice, 0, bob, 1_000), dynamic(alice, 1, bob, 2_000), legacy(alice, 2, bob, 3)};
        final List<CompletableFuture<Receipt>> pending = new ArrayList<>();
        long fees = 0;
        for (final byte[] raw : raws) {
            final EthTransaction eth = EthTransactions.decode(raw, genesis.chainId(), CodecLimits.DEFAULT);
            assertEquals(alice.address(), eth.sender());
            fees += eth.fee();
            pending.add(engine.submit(eth.toKairos()));
        }
        // 1 gwei x 21000 = 21,000 units (legacy); 2 gwei fee cap x 21000 = 42,000 units (EIP-1559).
        assertEquals(21_000 + 42_000 + 21_000, fees);
        for (int i = 0; i < raws.length; i++) {
            final Receipt r = pending.get(i).get(10, TimeUnit.SECONDS);
            final Hash ethHash = Hash.of(Keccak256.hash(raws[i]));
            assertEquals(ethHash, r.txHash(), "the receipt carries the hash the wallet computed");
            assertEquals(ReceiptStatus.SUCCESS, r.status());
            final var found = engine.transaction(ethHash).get(5, TimeUnit.SECONDS).orElseThrow();
            assertEquals(i, found.transaction().nonce());
            assertEquals(SchemeId.SECP256K1_ETH, found.transaction().scheme());
            final CommittedBlock block = engine.block(r.blockHeight()).get(5, TimeUnit.SECONDS).orElseThrow();
            // The stored block decodes (its Merkle root is recomputed from the Keccak hashes).
            assertEquals(block.transactionCount(), block.toBlock(CodecLimits.DEFAULT).transactions().size());
        }
        assertEquals(3L, engine.nonce(alice.address()).get(5, TimeUnit.SECONDS));
        assertEquals(FUNDS - 3_003 - fees, engine.balance(alice.address()).get(5, TimeUnit.SECONDS));
        assertEquals(FUNDS + 3_003, engine.balance(bob).get(5, TimeUnit.SECONDS));
    }

    @Test
    void tamperedAndForeignTransactionsAreRejectedAtIngress() {
        final EthDevAccounts.DevAccount alice = dev.get(0);
        final Address bob = dev.get(1).address();
        final Transaction good = EthTransactions.decode(legacy(alice, 0, bob, 5), genesis.chainId(),
            CodecLimits.DEFAULT).toKairos();
        final Transaction moreMoney = Transaction.transfer().chainId(good.chainId()).nonce(0).fee(good.fee())
            .recipient(bob).amount(good.amount() + 1).payload(good.payload())
            .withSignature(SchemeId.SECP256K1_ETH, good.publicKey(), good.signature());
        assertEquals(RejectReason.BAD_SIGNATURE, reason(engine.submit(moreMoney)));
        final Transaction otherPayer = Transaction.transfer().chainId(good.chainId()).nonce(0).fee(good.fee())
            .recipient(bob).amount(good.amount()).payload(good.payload())
            .withSignature(SchemeId.SECP256K1_ETH, EthTransactions.decode(legacy(dev.get(2), 0, bob, 5),
                genesis.chainId(), CodecLimits.DEFAULT).publicKey(), good.signature());
        assertEquals(RejectReason.BAD_SIGNATURE, reason(engine.submit(otherPayer)));

        final Transaction withData = EthTransactions.decode(legacy(alice, 0, bob, 5), genesis.chainId(),
            CodecLimits.DEFAULT).toKairos();
        final byte[] callRaw = EthTransactions.sign(EthTransactionRequest.legacy(genesis.chainId(), 0, GWEI, 50_000,
            bob, BigInteger.ZERO).withData(new byte[] {1, 2, 3, 4}), new BigInteger(1, alice.privateKey()));
        final Transaction call = Transaction.transfer().chainId(genesis.chainId()).nonce(0).fee(withData.fee())
            .recipient(bob).amount(0).payload(callRaw)
            .withSignature(SchemeId.SECP256K1_ETH, withData.publicKey(), withData.signature());
        assertEquals(RejectReason.MALFORMED, reason(engine.submit(call)));

        final byte[] foreign = EthTransactions.sign(EthTransactionRequest.legacy(genesis.chainId() + 1, 0, GWEI,
            21_000, bob, BigInteger.ZERO), new BigInteger(1, alice.privateKey()));
        assertEquals(RejectReason.WRONG_CHAIN_ID, reason(engine.submit(EthTransactions.decode(foreign,
            genesis.chainId() + 1, CodecLimits.DEFAULT).toKairos())));
    }

    private static RejectReason reason(final CompletableFuture<Receipt> f) {
        final ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(TransactionRejectedException.class, e.getCause()).reason();
    }
}
