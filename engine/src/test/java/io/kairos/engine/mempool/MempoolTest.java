package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.Txs.Signed;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kairos.engine.mempool.Txs.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MempoolTest {
    private static final long RICH = 1_000_000_000L;
    private static final MempoolConfig BASE = MempoolConfig.DEFAULT.withMaxFutureGap(4).withLifetimeMillis(1_000);

    private final TestAccounts accounts = new TestAccounts();
    private final TransactionView view = new TransactionView();
    private final List<String> departures = new ArrayList<>();
    private Mempool pool = newPool(BASE);

    private Mempool newPool(final MempoolConfig config) {
        final Mempool p = new Mempool(config, accounts);
        p.departureListener((hash, offset, reason) -> departures.add(reason + " " + hex(hash, offset)));
        return p;
    }

    private static String hex(final DirectBuffer buffer, final int offset) {
        final byte[] b = new byte[32];
        buffer.getBytes(offset, b);
        return Hex.encode(b);
    }

    private static String departed(final RejectReason reason, final Signed t) {
        return reason + " " + Hex.encode(t.hash);
    }

    private void fund(final int... senders) {
        for (final int s : senders) {
            accounts.set(Txs.address(s), RICH, 0);
        }
    }

    private RejectReason admit(final Signed t) {
        return admit(t, 0);
    }

    private RejectReason admit(final Signed t, final long now) {
        final RejectReason r = t.admitTo(pool, view, now);
        pool.verifyInvariants();
        return r;
    }

    private void admitAll(final Signed... txs) {
        for (final Signed t : txs) {
            assertNull(admit(t), () -> "admitting " + t.tx);
        }
    }

    /** Applies {@code included} to the accounts as execution would, then tells the pool. */
    private int commit(final Signed... included) {
        final UnsafeBuffer hashes = new UnsafeBuffer(new byte[included.length * 32]);
        final UnsafeBuffer senders = new UnsafeBuffer(new byte[included.length * 20]);
        for (int i = 0; i < included.length; i++) {
            final Signed t = included[i];
            hashes.putBytes(i * 32, t.hash);
            t.senderAddress.write(senders, i * 20);
            accounts.set(t.senderAddress, accounts.balance(t.senderAddress) - t.cost(), t.tx.nonce() + 1);
        }
        final int n = pool.onBlockCommitted(hashes, 0, senders, 0, included.length);
        pool.verifyInvariants();
        return n;
    }

    /** The drain order as "sender:nonce" strings. */
    private List<String> drain(final int maxTx, final long maxBytes) {
        final List<String> order = new ArrayList<>();
        pool.drainReady(maxTx, maxBytes, (tx, offset, length, hash, hashOffset) -> {
            final var t = io.kairos.engine.ledger.Transaction.decode(tx, offset, length,
                io.kairos.engine.ledger.CodecLimits.DEFAULT);
            order.add(senderIndexOf(t.sender()) + ":" + t.nonce());
            return true;
        });
        pool.verifyInvariants();
        return order;
    }

    private static int senderIndexOf(final Address a) {
        for (int i = 0; i < 16; i++) {
            if (Txs.address(i).equals(a)) {
                return i;
            }
        }
        throw new AssertionError("unknown sender " + a);
    }

    private long count(final RejectReason r) {
        return pool.metrics().count(r);
    }

    @Test
    void admitsAndFindsByHash() {
        fund(1);
        final Signed t = sign(1, 0, 10);
        assertNull(admit(t));
        assertTrue(pool.contains(t.hash));
        assertTrue(pool.contains(new UnsafeBuffer(t.hash), 0));
        final byte[] other = t.hash.clone();
        other[31] ^= 1;
        assertFalse(pool.contains(other));
        assertEquals(1, pool.size());
        assertEquals(t.length(), pool.bytes());
        assertEquals(1, pool.metrics().admitted());
        assertEquals(1, pool.metrics().size());
        assertEquals(t.length(), pool.metrics().bytes());
    }

    @Test
    void refusesNonceBelowTheCommittedNonce() {
        accounts.set(Txs.address(1), RICH, 5);
        assertEquals(RejectReason.NONCE_TOO_LOW, admit(sign(1, 4, 10)));
        assertNull(admit(sign(1, 5, 10)));
        assertEquals(1, count(RejectReason.NONCE_TOO_LOW));
    }

    @Test
    void holdsFutureTransactionsUpToTheGapAndPromotesThemWhenTheGapCloses() {
        fund(1);
        // maxFutureGap 4: with nonce 0 expected, nonces 1..3 wait as future, 4 is too far.
        assertEquals(RejectReason.NONCE_GAP_TOO_LARGE, admit(sign(1, 4, 10)));
        admitAll(sign(1, 3, 10), sign(1, 1, 10), sign(1, 2, 10));
        final UnsafeBuffer a = new UnsafeBuffer(Txs.address(1).toByteArray());
        assertEquals(3, pool.senderCount(a, 0));
        assertEquals(0, pool.senderReadyCount(a, 0));
        assertEquals(List.of(), drain(100, Long.MAX_VALUE));

        assertNull(admit(sign(1, 0, 10)));
        assertEquals(4, pool.senderReadyCount(a, 0));
        assertEquals(List.of("1:0", "1:1", "1:2", "1:3"), drain(100, Long.MAX_VALUE));
        // The gap is measured from the next expected nonce, which is now 4.
        assertNull(admit(sign(1, 7, 10)));
        assertEquals(RejectReason.NONCE_GAP_TOO_LARGE, admit(sign(1, 8, 10)));
        assertEquals(2, count(RejectReason.NONCE_GAP_TOO_LARGE));
    }

    @Test
    void futureTransactionsPerSenderAreBounded() {
        pool = newPool(BASE.withMaxFutureGap(64));
        fund(1);
        for (int n = 1; n < 64; n++) {
            assertNull(admit(sign(1, n, 10)));
        }
        assertEquals(RejectReason.NONCE_GAP_TOO_LARGE, admit(sign(1, 64, 10)));
        assertEquals(63, pool.size());
    }

    @Test
    void balanceMustCoverThisAndThePendingTransactions() {
        accounts.set(Txs.address(1), 100, 0);
        assertNull(admit(sign(1, 0, 10, 50, 0)));
        // 60 pending, 40 left: 30 + 10 fits exactly, one more unit does not.
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, admit(sign(1, 1, 10, 31, 0)));
        assertNull(admit(sign(1, 1, 10, 30, 0)));
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, admit(sign(1, 2, 1, 0, 0)));
        assertEquals(2, count(RejectReason.INSUFFICIENT_BALANCE));
    }

    @Test
    void amountPlusFeeOverflowIsInsufficientBalanceNotAnException() {
        accounts.set(Txs.address(1), Long.MAX_VALUE, 0);
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, admit(sign(1, 0, 10, Long.MAX_VALUE - 5, 0)));
        assertNull(admit(sign(1, 0, 10, Long.MAX_VALUE - 10, 0)));
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, admit(sign(1, 1, 1, 0, 0)));
    }

    @Test
    void refusesFeesBelowTheMinimum() {
        pool = newPool(BASE.withMinFee(10));
        fund(1);
        assertEquals(RejectReason.FEE_TOO_LOW, admit(sign(1, 0, 9)));
        assertNull(admit(sign(1, 0, 10)));
        assertEquals(1, count(RejectReason.FEE_TOO_LOW));
    }

    @Test
    void refusesTheSameTransactionTwice() {
        fund(1);
        final Signed t = sign(1, 0, 10);
        assertNull(admit(t));
        assertEquals(RejectReason.DUPLICATE, admit(t));
        assertEquals(1, pool.size());
        assertEquals(1, count(RejectReason.DUPLICATE));
    }

    @Test
    void refusesTransactionsOverTheSizeLimit() {
        final Signed big = sign(1, 0, 10, 1, 300);
        pool = newPool(BASE.withMaxTxBytes(big.length() - 1));
        fund(1);
        assertEquals(RejectReason.OVERSIZED, admit(big));
        assertNull(admit(sign(1, 0, 10, 1, 299)));
        assertEquals(1, count(RejectReason.OVERSIZED));
    }

    @Test
    void refusesAnInvalidView() {
        fund(1);
        final Signed t = sign(1, 0, 10);
        view.wrap(t.bytes, 0, t.length() - 1);
        assertEquals(RejectReason.MALFORMED, pool.admit(view, t.hash, t.sender, 0, 0));
    }

    @Test
    void replacementNeedsTheBumpExactly() {
        fund(1);
        final Signed original = sign(1, 0, 100);
        assertNull(admit(original));
        assertEquals(RejectReason.REPLACEMENT_UNDERPRICED, admit(sign(1, 0, 109)));
        final Signed replacement = sign(1, 0, 110);
        assertNull(admit(replacement));
        assertFalse(pool.contains(original.hash));
        assertTrue(pool.contains(replacement.hash));
        assertEquals(1, pool.size());
        assertEquals(List.of(departed(RejectReason.REPLACED, original)), departures);
        assertEquals(1, count(RejectReason.REPLACED));
        assertEquals(1, count(RejectReason.REPLACEMENT_UNDERPRICED));
        assertEquals(List.of("1:0"), drain(10, Long.MAX_VALUE));
    }

    @Test
    void replacementBumpIsConfigurable() {
        pool = newPool(BASE.withReplaceBumpPercent(25));
        fund(1);
        assertNull(admit(sign(1, 0, 100)));
        assertEquals(RejectReason.REPLACEMENT_UNDERPRICED, admit(sign(1, 0, 124)));
        assertNull(admit(sign(1, 0, 125)));
        // Even with no bump the fee must rise, or replacements could churn forever.
        pool = newPool(BASE.withReplaceBumpPercent(0));
        assertNull(admit(sign(1, 0, 100)));
        assertEquals(RejectReason.REPLACEMENT_UNDERPRICED, admit(sign(1, 0, 100, 2, 0)));
        assertNull(admit(sign(1, 0, 101)));
    }

    @Test
    void replacementComparisonDoesNotOverflowNearTheTopOfTheRange() {
        accounts.set(Txs.address(1), Long.MAX_VALUE, 0);
        assertNull(admit(sign(1, 0, 8_000_000_000_000_000_000L, 0, 0)));
        // 8.7e18 is short of 8.8e18; a naive fee * 110 would have overflowed.
        assertEquals(RejectReason.REPLACEMENT_UNDERPRICED, admit(sign(1, 0, 8_700_000_000_000_000_000L, 0, 0)));
        assertNull(admit(sign(1, 0, 8_800_000_000_000_000_000L, 0, 0)));
        // From 8.4e18, 10% more would exceed Long.MAX_VALUE: nothing can replace it.
        accounts.set(Txs.address(2), Long.MAX_VALUE, 0);
        assertNull(admit(sign(2, 0, 8_400_000_000_000_000_000L, 0, 0)));
        assertEquals(RejectReason.REPLACEMENT_UNDERPRICED, admit(sign(2, 0, Long.MAX_VALUE, 0, 0)));
    }

    @Test
    void replacementMustStayAffordable() {
        accounts.set(Txs.address(1), 200, 0);
        assertNull(admit(sign(1, 0, 100, 50, 0)));
        // The replaced transaction's cost no longer counts: 190 fits in 200, 201 does not.
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, admit(sign(1, 0, 110, 91, 0)));
        assertNull(admit(sign(1, 0, 110, 80, 0)));
    }

    @Test
    void countCapEvictsTheCheapestTailAndRefusesANewCheapest() {
        pool = newPool(BASE.withMaxCount(3));
        fund(1, 2, 3, 4, 5);
        final Signed a = sign(1, 0, 10);
        final Signed b = sign(2, 0, 20);
        final Signed c = sign(3, 0, 30);
        admitAll(a, b, c);
        final Signed d = sign(4, 0, 15);
        assertNull(admit(d));
        assertEquals(List.of(departed(RejectReason.EVICTED, a)), departures);
        assertFalse(pool.contains(a.hash));
        // The cheapest now is d at 15: a newcomer at 15 or less would itself be evicted first.
        assertEquals(RejectReason.POOL_FULL, admit(sign(5, 0, 15)));
        assertEquals(RejectReason.POOL_FULL, admit(sign(5, 0, 5)));
        assertEquals(3, pool.size());
        assertEquals(1, count(RejectReason.EVICTED));
        assertEquals(2, count(RejectReason.POOL_FULL));
    }

    @Test
    void evictionTakesSenderTailsSoThatNoGapOpens() {
        pool = newPool(BASE.withMaxCount(3));
        fund(1, 2, 3);
        final Signed a0 = sign(1, 0, 5);
        final Signed a1 = sign(1, 1, 50);
        final Signed b0 = sign(2, 0, 10);
        admitAll(a0, a1, b0);
        // a0 is the cheapest transaction, but evicting it would strand a1 behind a gap: the
        // candidates are the tails a1 (50) and b0 (10).
        assertNull(admit(sign(3, 0, 20)));
        assertEquals(List.of(departed(RejectReason.EVICTED, b0)), departures);
        assertTrue(pool.contains(a0.hash));
        // Now the only other tail is a1 at 50, dearer than a newcomer at 20.
        assertEquals(RejectReason.POOL_FULL, admit(sign(3, 1, 20)));
        assertEquals(List.of("3:0", "1:0", "1:1"), drain(10, Long.MAX_VALUE));
    }

    @Test
    void aSenderIsNeverEvictedToMakeRoomForItsOwnLaterTransaction() {
        pool = newPool(BASE.withMaxCount(2));
        fund(1);
        admitAll(sign(1, 0, 1), sign(1, 1, 2));
        // Evicting nonce 1 for nonce 2 would leave nonce 2 behind a gap.
        assertEquals(RejectReason.POOL_FULL, admit(sign(1, 2, 100)));
        assertEquals(2, pool.size());
        assertEquals(List.of(), departures);
    }

    @Test
    void byteCapEvictsOnItsOwn() {
        final Signed a = sign(1, 0, 10);
        final Signed b = sign(2, 0, 20);
        pool = newPool(BASE.withMaxBytes(2L * a.length() + 10));
        fund(1, 2, 3, 4);
        admitAll(a, b);
        final Signed c = sign(3, 0, 30);
        assertNull(admit(c));
        assertEquals(List.of(departed(RejectReason.EVICTED, a)), departures);
        assertEquals(2, pool.size());
        assertTrue(pool.bytes() <= 2L * a.length() + 10);
        // A larger newcomer needs two evictions; both victims are cheaper than it.
        final Signed big = sign(4, 0, 40, 1, 20);
        assertNull(admit(big));
        assertEquals(1, pool.size());
        assertEquals(3, count(RejectReason.EVICTED));
        assertEquals(RejectReason.POOL_FULL, admit(sign(1, 0, 39, 1, 20)));
    }

    @Test
    void transactionsExpireAfterTheirLifetimeWithTheirSuccessors() {
        fund(1, 2);
        final Signed a0 = sign(1, 0, 10);
        final Signed b0 = sign(2, 0, 10);
        final Signed a1 = sign(1, 1, 10);
        assertNull(admit(a0, 0));
        assertNull(admit(b0, 400));
        assertNull(admit(a1, 600));
        assertEquals(0, pool.expire(999));
        assertEquals(2, pool.expire(1_000));
        assertEquals(List.of(departed(RejectReason.EXPIRED, a1), departed(RejectReason.EXPIRED, a0)), departures);
        assertTrue(pool.contains(b0.hash));
        assertEquals(0, pool.expire(1_399));
        assertEquals(1, pool.expire(1_400));
        assertEquals(0, pool.size());
        assertEquals(3, count(RejectReason.EXPIRED));
    }

    @Test
    void drainVisitsByFeeAcrossSendersAndByNonceWithinOne() {
        fund(1, 2, 3);
        admitAll(sign(1, 1, 100), sign(1, 0, 10), sign(2, 0, 50), sign(2, 1, 60), sign(3, 0, 30));
        final List<String> expected = List.of("2:0", "2:1", "3:0", "1:0", "1:1");
        assertEquals(expected, drain(100, Long.MAX_VALUE));
        // Draining does not remove: a second drain sees the same.
        assertEquals(5, pool.size());
        assertEquals(expected, drain(100, Long.MAX_VALUE));
        assertEquals(expected.subList(0, 2), drain(2, Long.MAX_VALUE));
    }

    @Test
    void drainSkipsASenderThatDoesNotFitOrIsDeclined() {
        fund(1, 2);
        final Signed big = sign(1, 0, 100, 1, 500);
        final Signed small = sign(2, 0, 10);
        admitAll(big, sign(1, 1, 100), small, sign(2, 1, 5));
        assertEquals(List.of("2:0", "2:1"), drain(100, big.length() - 1));
        final List<String> seen = new ArrayList<>();
        final int taken = pool.drainReady(100, Long.MAX_VALUE, (tx, offset, length, hash, hashOffset) -> {
            seen.add(Hex.encode(hashBytes(hash, hashOffset)));
            return !Hex.encode(hashBytes(hash, hashOffset)).equals(Hex.encode(big.hash));
        });
        assertEquals(2, taken);
        assertEquals(3, seen.size()); // big declined, its successor never offered
        pool.verifyInvariants();
    }

    private static byte[] hashBytes(final DirectBuffer hash, final int offset) {
        final byte[] b = new byte[32];
        hash.getBytes(offset, b);
        return b;
    }

    @Test
    void commitRemovesIncludedTransactionsAndCountsThem() {
        fund(1, 2);
        final Signed a0 = sign(1, 0, 10);
        final Signed a1 = sign(1, 1, 10);
        final Signed b0 = sign(2, 0, 20);
        admitAll(a0, a1, b0);
        assertEquals(2, commit(b0, a0));
        assertEquals(1, pool.size());
        assertTrue(pool.contains(a1.hash));
        assertEquals(List.of("1:1"), drain(10, Long.MAX_VALUE));
        assertEquals(2, pool.metrics().included());
        assertEquals(List.of(), departures);
    }

    @Test
    void commitDropsTransactionsWhoseNonceWasUsedAndPromotesClosedGaps() {
        fund(1);
        final Signed mine0 = sign(1, 0, 10);
        final Signed mine2 = sign(1, 2, 10);
        admitAll(mine0, mine2);
        // Another proposer's block used nonces 0 and 1 with transactions this pool never saw.
        assertEquals(0, commit(sign(1, 0, 11), sign(1, 1, 11)));
        assertEquals(List.of(departed(RejectReason.STALE, mine0)), departures);
        assertEquals(List.of("1:2"), drain(10, Long.MAX_VALUE));
        assertEquals(1, count(RejectReason.STALE));
    }

    @Test
    void revalidateDropsWhatTheSenderCanNoLongerPay() {
        accounts.set(Txs.address(1), 100, 0);
        final Signed a0 = sign(1, 0, 10, 50, 0);
        final Signed a1 = sign(1, 1, 10, 20, 0);
        admitAll(a0, a1);
        accounts.setBalance(Txs.address(1), 70);
        pool.revalidate(a0.sender, 0);
        pool.verifyInvariants();
        assertEquals(List.of(departed(RejectReason.STALE, a1)), departures);
        assertTrue(pool.contains(a0.hash));
    }

    @Test
    void admissionCatchesUpWithACommitItWasNotToldAbout() {
        fund(1);
        final Signed a0 = sign(1, 0, 10);
        admitAll(a0, sign(1, 1, 10));
        accounts.setNonce(Txs.address(1), 1);
        assertNull(admit(sign(1, 2, 10)));
        assertEquals(List.of(departed(RejectReason.STALE, a0)), departures);
        assertEquals(List.of("1:1", "1:2"), drain(10, Long.MAX_VALUE));
    }

    @Test
    void sendersWhoseAddressesShareALongPrefixStayApart() {
        final byte[] x = new byte[20];
        final byte[] y = new byte[20];
        x[19] = 1;
        y[19] = 2;
        final Address ax = Address.of(x);
        final Address ay = Address.of(y);
        accounts.set(ax, RICH, 0);
        accounts.set(ay, RICH, 0);
        final Signed tx = new Signed(sign(1, 0, 10).tx, ax);
        final Signed ty = new Signed(sign(2, 0, 20).tx, ay);
        admitAll(tx, ty);
        assertEquals(1, pool.senderReadyCount(tx.sender, 0));
        assertEquals(1, pool.senderReadyCount(ty.sender, 0));
        assertEquals(2, drain(10, Long.MAX_VALUE).size());
    }

    @Test
    void hashesThatShareTheirIndexPrefixAreStillDistinct() {
        fund(1, 2);
        final byte[] h1 = new byte[32];
        final byte[] h2 = new byte[32];
        h1[31] = 1;
        h2[31] = 2;
        final byte[] h3 = new byte[32];
        h3[31] = 3;
        admitAll(new Signed(sign(1, 0, 10).tx, h1, Txs.address(1)), new Signed(sign(2, 0, 10).tx, h2, Txs.address(2)));
        assertTrue(pool.contains(h1));
        assertTrue(pool.contains(h2));
        assertFalse(pool.contains(h3));
    }

    @Test
    void lookupStaysCorrectAcrossManyTransactions() {
        pool = newPool(BASE.withMaxFutureGap(64));
        final List<Signed> all = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            fund(s);
            for (int n = 0; n < 40; n++) {
                final Signed t = sign(s, n, 10 + n);
                all.add(t);
                assertNull(t.admitTo(pool, view, 0));
            }
        }
        pool.verifyInvariants();
        for (final Signed t : all) {
            assertTrue(pool.contains(t.hash));
        }
        assertEquals(320, pool.size());
    }

    @Test
    void callbacksMayNotMutateThePool() {
        fund(1);
        final Signed t = sign(1, 0, 10);
        admitAll(t);
        assertThrows(IllegalStateException.class, () -> pool.drainReady(10, Long.MAX_VALUE,
            (tx, offset, length, hash, hashOffset) -> pool.expire(Long.MAX_VALUE) > 0));
        // The guard resets once the drain ends.
        assertEquals(1, pool.expire(Long.MAX_VALUE));
    }

    @Test
    void metricsSnapshotCountsEveryOutcome() {
        pool = newPool(BASE.withMaxCount(2));
        fund(1, 2, 3);
        admitAll(sign(1, 0, 10), sign(2, 0, 20));
        admit(sign(1, 0, 10, 2, 0)); // same nonce, same fee
        admit(sign(3, 0, 30));       // evicts 1:0
        admit(sign(3, 0, 30));       // duplicate
        final MempoolMetrics.Snapshot s = pool.metrics().snapshot();
        assertEquals(3, s.admitted());
        assertEquals(1, s.count(RejectReason.REPLACEMENT_UNDERPRICED));
        assertEquals(1, s.count(RejectReason.EVICTED));
        assertEquals(1, s.count(RejectReason.DUPLICATE));
        assertEquals(0, s.count(RejectReason.POOL_FULL));
        assertEquals(2, s.size());
        assertEquals(pool.bytes(), s.bytes());
        assertEquals(RejectReason.values().length, s.byReason().size());
    }

    @Test
    void configRefusesNonsense() {
        assertThrows(ValidationException.class, () -> MempoolConfig.DEFAULT.withMaxCount(0));
        assertThrows(ValidationException.class, () -> MempoolConfig.DEFAULT.withMaxBytes(-1));
        assertThrows(ValidationException.class, () -> MempoolConfig.DEFAULT.withMinFee(-1));
        assertThrows(ValidationException.class, () -> MempoolConfig.DEFAULT.withReplaceBumpPercent(-1));
        assertThrows(ValidationException.class, () -> MempoolConfig.DEFAULT.withLifetimeMillis(0));
        assertThrows(ValidationException.class, () -> MempoolConfig.DEFAULT.withMaxFutureGap(0));
    }

    @Test
    void badArgumentsAreTypedErrors() {
        fund(1);
        final Signed t = sign(1, 0, 10);
        t.admitTo(pool, view, 0);
        assertThrows(ValidationException.class, () -> pool.contains(new byte[31]));
        assertThrows(ValidationException.class, () -> pool.admit(view, new byte[32], new UnsafeBuffer(new byte[19]), 0, 0));
        assertThrows(ValidationException.class,
            () -> pool.onBlockCommitted(new UnsafeBuffer(new byte[32]), 0, new UnsafeBuffer(new byte[20]), 0, 2));
    }
}
