package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.Txs.Signed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random sequences of admissions, drains, commits (ours and other proposers'), balance changes and
 * expiries against a small, tight pool never break its invariants: counts and bytes match the
 * entries, every sender's ready run is contiguous from its committed nonce, caps hold, and a
 * transaction reported as departed is never still present.
 */
class MempoolPropertyTest {
    private static final int SENDERS = 4;
    private static final int NONCES = 12;
    private static final long[] FEES = {10, 11, 30};
    private static final int[] PAYLOADS = {0, 40, 0};
    private static final long[] BALANCES = {10_000, 100, 60, 1_000_000};
    private static final int KEY_OFFSET = 40;
    /** UNIVERSE[sender][nonce][feeIndex]. */
    private static final Signed[][][] UNIVERSE = new Signed[SENDERS][NONCES][FEES.length];

    static {
        for (int s = 0; s < SENDERS; s++) {
            for (int n = 0; n < NONCES; n++) {
                for (int f = 0; f < FEES.length; f++) {
                    UNIVERSE[s][n][f] = Txs.sign(KEY_OFFSET + s, n, FEES[f], 1, PAYLOADS[f]);
                }
            }
        }
    }

    sealed interface Op permits Admit, Drain, Commit, External, Spend, Expire {
    }

    /** Nonce {@code ahead} of the sender's committed nonce (mostly near it, where the rules bite). */
    record Admit(int sender, int ahead, int fee, int dt) implements Op {
    }

    record Drain(int max) implements Op {
    }

    record Commit(int max) implements Op {
    }

    record External(int sender) implements Op {
    }

    record Spend(int sender, int amount) implements Op {
    }

    record Expire(int dt) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<Op> admit = Combinators.combine(Arbitraries.integers().between(0, SENDERS - 1),
            Arbitraries.integers().between(-1, 4), Arbitraries.integers().between(0, FEES.length - 1),
            Arbitraries.integers().between(0, 10)).as(Admit::new);
        final Arbitrary<Op> drain = Arbitraries.integers().between(0, 6).map(Drain::new);
        final Arbitrary<Op> commit = Arbitraries.integers().between(0, 6).map(Commit::new);
        final Arbitrary<Op> external = Arbitraries.integers().between(0, SENDERS - 1).map(External::new);
        final Arbitrary<Op> spend = Combinators.combine(Arbitraries.integers().between(0, SENDERS - 1),
            Arbitraries.integers().between(1, 80)).as(Spend::new);
        final Arbitrary<Op> expire = Arbitraries.integers().between(0, 40).map(Expire::new);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, admit), net.jqwik.api.Tuple.of(1, drain), net.jqwik.api.Tuple.of(2, commit),
            net.jqwik.api.Tuple.of(1, external), net.jqwik.api.Tuple.of(1, spend), net.jqwik.api.Tuple.of(1, expire))
            .list().ofMinSize(20).ofMaxSize(80);
    }

    @Property(tries = 300)
    void invariantsHold(@ForAll("ops") final List<Op> ops) {
        new Run().execute(ops);
    }

    private static final class Run {
        final TestAccounts accounts = new TestAccounts();
        final Mempool pool;
        final TransactionView view = new TransactionView();
        final Map<String, Signed> byHash = new HashMap<>();
        final Set<String> present = new HashSet<>();
        long now;
        long externalCount;

        Run() {
            final int size = UNIVERSE[0][0][0].length();
            pool = new Mempool(MempoolConfig.DEFAULT.withMaxCount(7).withMaxBytes(5L * size + 30)
                .withMaxFutureGap(3).withMinFee(10).withLifetimeMillis(50), accounts);
            for (int s = 0; s < SENDERS; s++) {
                accounts.set(Txs.address(KEY_OFFSET + s), BALANCES[s], 0);
                for (final Signed[] variants : UNIVERSE[s]) {
                    for (final Signed t : variants) {
                        byHash.put(Hex.encode(t.hash), t);
                    }
                }
            }
            pool.departureListener(this::departed);
        }

        void departed(final DirectBuffer hash, final int offset, final RejectReason reason) {
            final String h = hex(hash, offset);
            assertTrue(present.remove(h), () -> reason + " reported for a transaction that was not present");
            assertFalse(pool.contains(hash, offset), "a departing transaction is still present");
            assertTrue(reason == RejectReason.REPLACED || reason == RejectReason.EVICTED
                || reason == RejectReason.EXPIRED || reason == RejectReason.STALE, reason::toString);
        }

        void execute(final List<Op> ops) {
            for (final Op op : ops) {
                switch (op) {
                    case Admit a -> {
                        now += a.dt();
                        final long committed = accounts.nonce(Txs.address(KEY_OFFSET + a.sender()));
                        final int nonce = (int) Math.max(0, Math.min(NONCES - 1, committed + a.ahead()));
                        final Signed t = UNIVERSE[a.sender()][nonce][a.fee()];
                        if (t.admitTo(pool, view, now) == null) {
                            assertTrue(present.add(Hex.encode(t.hash)), "admitted twice");
                        }
                    }
                    case Drain d -> checkDrainOrder(drain(d.max()));
                    case Commit c -> commit(drain(c.max()));
                    case External e -> external(e.sender());
                    case Spend s -> {
                        final Address a = Txs.address(KEY_OFFSET + s.sender());
                        accounts.setBalance(a, Math.max(0, accounts.balance(a) - s.amount()));
                        pool.revalidate(new UnsafeBuffer(a.toByteArray()), 0);
                    }
                    case Expire x -> {
                        now += x.dt();
                        pool.expire(now);
                    }
                }
                check();
            }
            final MempoolMetrics m = pool.metrics();
            for (final RejectReason r : List.of(RejectReason.REPLACED, RejectReason.EVICTED, RejectReason.EXPIRED,
                RejectReason.STALE, RejectReason.POOL_FULL, RejectReason.INSUFFICIENT_BALANCE)) {
                Statistics.label(r.name()).collect(m.count(r) > 0);
            }
        }

        List<Signed> drain(final int max) {
            final List<Signed> out = new ArrayList<>();
            pool.drainReady(max, Long.MAX_VALUE, (tx, offset, length, hash, hashOffset) -> {
                final Signed t = byHash.get(hex(hash, hashOffset));
                final byte[] bytes = new byte[length];
                tx.getBytes(offset, bytes);
                assertEquals(Hex.encode(t.bytes.byteArray()), Hex.encode(bytes), "drained bytes differ");
                out.add(t);
                return true;
            });
            return out;
        }

        /** Within one sender a drain yields consecutive nonces from the committed one. */
        void checkDrainOrder(final List<Signed> drained) {
            final Map<Address, Long> next = new HashMap<>();
            for (final Signed t : drained) {
                final long expected = next.getOrDefault(t.senderAddress, accounts.nonce(t.senderAddress));
                assertEquals(expected, t.tx.nonce(), "drain broke a sender's nonce order");
                next.put(t.senderAddress, expected + 1);
            }
        }

        void commit(final List<Signed> block) {
            checkDrainOrder(block);
            final UnsafeBuffer hashes = new UnsafeBuffer(new byte[block.size() * Hash.LENGTH]);
            final UnsafeBuffer senders = new UnsafeBuffer(new byte[block.size() * Address.LENGTH]);
            for (int i = 0; i < block.size(); i++) {
                final Signed t = block.get(i);
                hashes.putBytes(i * Hash.LENGTH, t.hash);
                t.senderAddress.write(senders, i * Address.LENGTH);
                accounts.set(t.senderAddress, accounts.balance(t.senderAddress) - t.cost(), t.tx.nonce() + 1);
                present.remove(Hex.encode(t.hash));
            }
            assertEquals(block.size(), pool.onBlockCommitted(hashes, 0, senders, 0, block.size()));
        }

        /** Another proposer's block spends the sender's next nonce with a transaction we never saw. */
        void external(final int sender) {
            final Address a = Txs.address(KEY_OFFSET + sender);
            final long cost = 11;
            if (accounts.balance(a) < cost) {
                return;
            }
            accounts.set(a, accounts.balance(a) - cost, accounts.nonce(a) + 1);
            final UnsafeBuffer hash = new UnsafeBuffer(new byte[Hash.LENGTH]);
            hash.putLong(0, ++externalCount);
            hash.putLong(8, 0x5EED);
            final UnsafeBuffer senders = new UnsafeBuffer(a.toByteArray());
            assertEquals(0, pool.onBlockCommitted(hash, 0, senders, 0, 1));
        }

        void check() {
            pool.verifyInvariants();
            long bytes = 0;
            for (final Signed t : byHash.values()) {
                final boolean in = present.contains(Hex.encode(t.hash));
                assertEquals(in, pool.contains(t.hash), "pool and model disagree on a transaction");
                if (in) {
                    bytes += t.length();
                }
            }
            assertEquals(present.size(), pool.size());
            assertEquals(bytes, pool.bytes());
            for (int s = 0; s < SENDERS; s++) {
                final Address a = Txs.address(KEY_OFFSET + s);
                final UnsafeBuffer buf = new UnsafeBuffer(a.toByteArray());
                if (pool.senderCount(buf, 0) > 0) {
                    assertEquals(accounts.nonce(a), pool.baseNonce(buf, 0), "ready run not anchored at the account nonce");
                }
            }
            final MempoolMetrics m = pool.metrics();
            final long departed = m.count(RejectReason.REPLACED) + m.count(RejectReason.EVICTED)
                + m.count(RejectReason.EXPIRED) + m.count(RejectReason.STALE);
            assertEquals(pool.size(), m.admitted() - departed - m.included(), "metrics do not add up");
            assertEquals(pool.size(), m.size());
            assertEquals(pool.bytes(), m.bytes());
        }

        private static String hex(final DirectBuffer buffer, final int offset) {
            final byte[] b = new byte[Hash.LENGTH];
            buffer.getBytes(offset, b);
            return Hex.encode(b);
        }
    }
}
