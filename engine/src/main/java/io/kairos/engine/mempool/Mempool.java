package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.state.AccountView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The fee-priority transaction pool: per-sender nonce queues, ready transactions ordered by fee
 * across senders, future transactions held until their nonce gap closes, replace-by-fee, byte and
 * count caps with lowest-fee eviction, expiry, and O(1) lookup by hash. Rules, defaults and costs
 * are in {@code docs/mempool.md}.
 *
 * <p>The caller has already decoded the transaction, checked its chain id and verified its
 * signature; the pool re-checks none of that. It reads committed balances and nonces from the
 * {@link AccountView} and never a clock: time comes in as {@code nowMillis}.
 *
 * <p>Steady state allocates nothing: entries and their byte arrays are recycled, indexes are open
 * addressing tables and indexed heaps that only grow.
 *
 * <p><b>Threading:</b> one thread owns the pool (the sequencer's) and makes every call; there are no
 * locks. Callbacks ({@link ReadyTxConsumer}, {@link DepartureListener}) run on that thread and must
 * not call the mutating methods ({@code admit}, {@code drainReady}, {@code onBlockCommitted},
 * {@code revalidate}, {@code expire}); doing so throws {@link IllegalStateException}. Only
 * {@link #metrics()} may be read from other threads.
 */
public final class Mempool {
    private static final DepartureListener NO_LISTENER = (hash, offset, reason) -> { };

    private final MempoolConfig config;
    private final AccountView accounts;

    private final MempoolIndex index;
    private final SenderHeap readyHeap = new SenderHeap() {
        @Override
        boolean above(final SenderQueue a, final SenderQueue b) {
            final PooledTx x = a.cursor;
            final PooledTx y = b.cursor;
            return x.fee > y.fee || (x.fee == y.fee && x.seq < y.seq);
        }

        @Override
        int indexOf(final SenderQueue s) {
            return s.readyHeapIndex;
        }

        @Override
        void setIndex(final SenderQueue s, final int index) {
            s.readyHeapIndex = index;
        }
    };
    /** Senders by the fee of their highest-nonce transaction, lowest on top: the eviction order. */
    private final SenderHeap tailHeap = new SenderHeap() {
        @Override
        boolean above(final SenderQueue a, final SenderQueue b) {
            final PooledTx x = a.last;
            final PooledTx y = b.last;
            return x.fee < y.fee || (x.fee == y.fee && x.seq > y.seq);
        }

        @Override
        int indexOf(final SenderQueue s) {
            return s.tailHeapIndex;
        }

        @Override
        void setIndex(final SenderQueue s, final int index) {
            s.tailHeapIndex = index;
        }
    };
    private final EntryPool entries;
    private SenderQueue freeSenders;

    private PooledTx oldest;
    private PooledTx newest;
    private int count;
    private long bytes;
    private long seq;
    private long lastArrival = Long.MIN_VALUE;
    private long mark;

    private final UnsafeBuffer hashScratch = new UnsafeBuffer(PooledTx.NO_BYTES);
    private SenderQueue[] touched = new SenderQueue[64];
    private int touchedCount;
    private boolean busy;

    private final MempoolMetrics metrics = new MempoolMetrics();
    private DepartureListener listener = NO_LISTENER;

    public Mempool(final MempoolConfig config, final AccountView accounts) {
        if (config == null || accounts == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "config and accounts are required");
        }
        this.config = config;
        this.accounts = accounts;
        this.index = new MempoolIndex(config.hashSeed());
        // Free arrays are kept up to the byte cap, so worst-case memory stays a small multiple of it.
        this.entries = new EntryPool(config.maxTxBytes(), config.maxBytes());
    }

    public MempoolConfig config() {
        return config;
    }

    /** Sets who hears of departures; {@code null} for nobody. */
    public void departureListener(final DepartureListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    /** Readable from any thread. */
    public MempoolMetrics metrics() {
        return metrics;
    }

    public int size() {
        return count;
    }

    public long bytes() {
        return bytes;
    }

    public boolean contains(final byte[] hash) {
        checkLength("hash", hash.length, Hash.LENGTH);
        hashScratch.wrap(hash);
        return index.findByHash(hashScratch, 0) != null;
    }

    public boolean contains(final DirectBuffer hash, final int offset) {
        checkRegion("hash", hash, offset, Hash.LENGTH);
        return index.findByHash(hash, offset) != null;
    }

    /** Whether some pooled transaction is executable now (a sender's next nonce is pooled). */
    public boolean hasReady() {
        return !readyHeap.isEmpty();
    }

    /** Pooled transactions of the sender at {@code address[offset]}, ready and future. */
    public int senderCount(final DirectBuffer address, final int offset) {
        checkRegion("address", address, offset, Address.LENGTH);
        final SenderQueue s = index.findSender(address, offset, index.addressKey(address, offset));
        return s == null ? 0 : s.count;
    }

    /** Ready transactions of the sender at {@code address[offset]}. */
    public int senderReadyCount(final DirectBuffer address, final int offset) {
        checkRegion("address", address, offset, Address.LENGTH);
        final SenderQueue s = index.findSender(address, offset, index.addressKey(address, offset));
        return s == null ? 0 : s.readyCount;
    }

    /**
     * Offers a transaction that already passed decoding, the chain-id check and signature
     * verification. The pool copies the bytes; the view may be reused after the call.
     *
     * @param tx        a successfully wrapped view of the encoded transaction
     * @param txHash    its 32-byte hash
     * @param sender    buffer holding the sender's 20-byte address at {@code senderOffset}
     * @param nowMillis the caller's clock; starts the transaction's lifetime
     * @return {@code null} if admitted, otherwise why not
     */
    public RejectReason admit(final TransactionView tx, final byte[] txHash, final DirectBuffer sender,
                              final int senderOffset, final long nowMillis) {
        checkLength("hash", txHash.length, Hash.LENGTH);
        checkRegion("sender", sender, senderOffset, Address.LENGTH);
        enter();
        try {
            final RejectReason reason = tryAdmit(tx, txHash, sender, senderOffset, nowMillis);
            if (reason == null) {
                metrics.countAdmitted();
            } else {
                metrics.countReason(reason);
            }
            return reason;
        } finally {
            exit();
        }
    }

    private RejectReason tryAdmit(final TransactionView tx, final byte[] txHash, final DirectBuffer sender,
                                  final int senderOffset, final long nowMillis) {
        if (!tx.isValid()) {
            return RejectReason.MALFORMED;
        }
        final int length = tx.encodedLength();
        if (length > config.maxTxBytes()) {
            return RejectReason.OVERSIZED;
        }
        final long fee = tx.fee();
        if (fee < config.minFee()) {
            return RejectReason.FEE_TOO_LOW;
        }
        hashScratch.wrap(txHash);
        if (index.findByHash(hashScratch, 0) != null) {
            return RejectReason.DUPLICATE;
        }
        final long addressKey = index.addressKey(sender, senderOffset);
        SenderQueue s = index.findSender(sender, senderOffset, addressKey);
        final long accountNonce = accounts.nonce(sender, senderOffset);
        final long balance = accounts.balance(sender, senderOffset);
        if (s != null && s.baseNonce != accountNonce) {
            // A commit this pool was not told about; catch up before judging the newcomer.
            revalidate(s, accountNonce, balance);
            s = index.findSender(sender, senderOffset, addressKey);
        }
        final long nonce = tx.nonce();
        if (nonce < accountNonce) {
            return RejectReason.NONCE_TOO_LOW;
        }
        final PooledTx old = s == null ? null : index.findSlot(s, nonce);
        if (old != null) {
            if (!outbids(fee, old.fee)) {
                return RejectReason.REPLACEMENT_UNDERPRICED;
            }
        } else {
            final long expected = s == null ? accountNonce : s.expectedNonce();
            if (nonce - expected >= config.maxFutureGap()) {
                return RejectReason.NONCE_GAP_TOO_LARGE;
            }
        }
        final long amount = tx.amount();
        if (amount > Long.MAX_VALUE - fee) {
            return RejectReason.INSUFFICIENT_BALANCE;
        }
        final long cost = amount + fee;
        final long pending = s == null ? 0 : s.totalCost - (old == null ? 0 : old.cost);
        if (cost > balance - pending) {
            return RejectReason.INSUFFICIENT_BALANCE;
        }
        if (!makeRoom(s, fee, old == null ? 1 : 0, old == null ? length : length - (long) old.length)) {
            return RejectReason.POOL_FULL;
        }
        if (s == null) {
            s = newSender(sender, senderOffset, addressKey, accountNonce);
        }
        final PooledTx e = entries.acquire(length);
        tx.buffer().getBytes(tx.offset(), e.data, 0, length);
        e.length = length;
        System.arraycopy(txHash, 0, e.hash, 0, Hash.LENGTH);
        e.hashKey = index.hashKey(e.hashBuffer, 0);
        e.slotKey = MempoolIndex.slotKey(s, nonce);
        e.nonce = nonce;
        e.fee = fee;
        e.cost = cost;
        e.seq = ++seq;
        lastArrival = Math.max(lastArrival, nowMillis);
        e.arrivalMillis = lastArrival;
        e.sender = s;
        if (old != null) {
            replace(s, old, e);
        } else {
            insert(s, e);
        }
        publishOccupancy();
        return null;
    }

    /** Whether {@code fee} is above {@code oldFee} by at least the bump, compared in 128 bits. */
    private boolean outbids(final long fee, final long oldFee) {
        if (fee <= oldFee) {
            return false;
        }
        final long factor = 100L + config.replaceBumpPercent();
        final long newHigh = Math.multiplyHigh(fee, 100L);
        final long oldHigh = Math.multiplyHigh(oldFee, factor);
        if (newHigh != oldHigh) {
            return newHigh > oldHigh;
        }
        return Long.compareUnsigned(fee * 100L, oldFee * factor) >= 0;
    }

    /**
     * Evicts sender tails, cheapest first, until {@code extraCount} and {@code extraBytes} fit. The
     * newcomer's own sender is set aside so that its tail is never evicted to admit it (that could
     * open a gap below it). Fails once the cheapest tail left costs at least {@code fee}: the
     * newcomer would itself be the cheapest. Evictions made before such a failure stand; they only
     * removed transactions cheaper than the refused one.
     */
    private boolean makeRoom(final SenderQueue own, final long fee, final int extraCount, final long extraBytes) {
        if (fits(extraCount, extraBytes)) {
            return true;
        }
        final boolean hidden = own != null && tailHeap.contains(own);
        if (hidden) {
            tailHeap.remove(own);
        }
        try {
            while (!fits(extraCount, extraBytes)) {
                final SenderQueue victim = tailHeap.peek();
                if (victim == null || victim.last.fee >= fee) {
                    return false;
                }
                removeEntry(victim.last, RejectReason.EVICTED);
            }
            return true;
        } finally {
            if (hidden) {
                tailHeap.add(own);
            }
        }
    }

    private boolean fits(final int extraCount, final long extraBytes) {
        return (long) count + extraCount <= config.maxCount() && bytes + extraBytes <= config.maxBytes();
    }

    private SenderQueue newSender(final DirectBuffer address, final int offset, final long key, final long nonce) {
        SenderQueue s = freeSenders;
        if (s != null) {
            freeSenders = s.nextFree;
            s.nextFree = null;
        } else {
            s = new SenderQueue();
        }
        address.getBytes(offset, s.address, 0, Address.LENGTH);
        s.addressKey = key;
        s.baseNonce = nonce;
        index.senders.insert(key, s);
        return s;
    }

    private void releaseSender(final SenderQueue s) {
        if (s.readyHeapIndex >= 0) {
            readyHeap.remove(s);
        }
        if (s.tailHeapIndex >= 0) {
            tailHeap.remove(s);
        }
        index.senders.remove(s.addressKey, s);
        s.clear();
        s.nextFree = freeSenders;
        freeSenders = s;
    }

    private void insert(final SenderQueue s, final PooledTx e) {
        // Walking back from the tail passes only future transactions, fewer than maxFutureGap.
        PooledTx p = s.last;
        while (p != null && p.nonce > e.nonce) {
            p = p.prev;
        }
        e.prev = p;
        e.next = p == null ? s.first : p.next;
        if (e.next != null) {
            e.next.prev = e;
        } else {
            s.last = e;
        }
        if (p != null) {
            p.next = e;
        } else {
            s.first = e;
        }
        s.count++;
        s.totalCost += e.cost;
        linkIndexes(e);
        count++;
        bytes += e.length;
        if (e.nonce == s.expectedNonce()) {
            promote(s, e);
        }
        refreshHeaps(s);
    }

    private void replace(final SenderQueue s, final PooledTx old, final PooledTx e) {
        e.prev = old.prev;
        e.next = old.next;
        if (e.prev != null) {
            e.prev.next = e;
        } else {
            s.first = e;
        }
        if (e.next != null) {
            e.next.prev = e;
        } else {
            s.last = e;
        }
        e.ready = old.ready;
        if (s.readyLast == old) {
            s.readyLast = e;
        }
        s.totalCost += e.cost - old.cost;
        unlinkIndexes(old);
        linkIndexes(e);
        bytes += e.length - old.length;
        refreshHeaps(s);
        depart(old, RejectReason.REPLACED);
        entries.release(old);
    }

    /** Marks {@code from} and the future transactions that follow it without a gap as ready. */
    private void promote(final SenderQueue s, final PooledTx from) {
        PooledTx x = from;
        while (x != null && x.nonce == s.expectedNonce()) {
            x.ready = true;
            s.readyCount++;
            s.readyLast = x;
            x = x.next;
        }
    }

    private void linkIndexes(final PooledTx e) {
        index.add(e);
        e.older = newest;
        e.newer = null;
        if (newest != null) {
            newest.newer = e;
        } else {
            oldest = e;
        }
        newest = e;
    }

    private void unlinkIndexes(final PooledTx e) {
        index.remove(e);
        if (e.older != null) {
            e.older.newer = e.newer;
        } else {
            oldest = e.newer;
        }
        if (e.newer != null) {
            e.newer.older = e.older;
        } else {
            newest = e.older;
        }
    }

    /**
     * Removes one transaction; {@code reason} is null for inclusion in a block. Removing the first
     * ready transaction advances the sender's base nonce (that is what inclusion does); removing a
     * later ready one turns those after it into future transactions, since they now wait on a gap.
     */
    private void removeEntry(final PooledTx e, final RejectReason reason) {
        final SenderQueue s = e.sender;
        if (e.ready) {
            if (e.nonce == s.baseNonce) {
                s.baseNonce++;
                s.readyCount--;
                if (s.readyCount == 0) {
                    s.readyLast = null;
                }
            } else {
                s.readyCount = (int) (e.nonce - s.baseNonce);
                s.readyLast = e.prev;
                for (PooledTx x = e.next; x != null && x.ready; x = x.next) {
                    x.ready = false;
                }
            }
        }
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            s.first = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        } else {
            s.last = e.prev;
        }
        s.count--;
        s.totalCost -= e.cost;
        unlinkIndexes(e);
        count--;
        bytes -= e.length;
        if (s.count == 0) {
            releaseSender(s);
        } else {
            refreshHeaps(s);
        }
        if (reason == null) {
            metrics.countIncluded();
        } else {
            depart(e, reason);
        }
        entries.release(e);
        publishOccupancy();
    }

    /** Removes {@code e} and every later transaction of its sender, highest nonce first. */
    private void removeFrom(final PooledTx e, final RejectReason reason) {
        final SenderQueue s = e.sender;
        PooledTx t;
        do {
            t = s.last;
            removeEntry(t, reason);
        } while (t != e);
    }

    private void depart(final PooledTx e, final RejectReason reason) {
        metrics.countReason(reason);
        listener.departed(e.hashBuffer, 0, reason);
    }

    private void refreshHeaps(final SenderQueue s) {
        if (s.touched) {
            return; // a drain is in progress and restores this sender's heap entries when it ends
        }
        s.cursor = s.first;
        if (s.readyCount > 0) {
            readyHeap.update(s);
        } else if (s.readyHeapIndex >= 0) {
            readyHeap.remove(s);
        }
        tailHeap.update(s);
    }

    /**
     * Visits ready transactions, highest fee first, keeping each sender's nonce order: a sender's
     * next transaction competes only once the previous one was taken. Nothing is removed; included
     * transactions leave through {@link #onBlockCommitted}. A transaction that would take the total
     * past {@code maxBytes}, or that the consumer declines, is skipped together with the rest of
     * its sender's queue.
     *
     * @return how many transactions the consumer took
     */
    public int drainReady(final int maxTransactions, final long maxBytes, final ReadyTxConsumer consumer) {
        enter();
        int taken = 0;
        long takenBytes = 0;
        try {
            while (taken < maxTransactions && !readyHeap.isEmpty()) {
                final SenderQueue s = readyHeap.peek();
                final PooledTx e = s.cursor;
                touch(s);
                if (takenBytes + e.length > maxBytes
                    || !consumer.accept(e.buffer, 0, e.length, e.hashBuffer, 0)) {
                    readyHeap.remove(s);
                    continue;
                }
                taken++;
                takenBytes += e.length;
                final PooledTx next = e.next;
                if (next != null && next.ready) {
                    s.cursor = next;
                    readyHeap.update(s);
                } else {
                    readyHeap.remove(s);
                }
            }
            return taken;
        } finally {
            for (int i = 0; i < touchedCount; i++) {
                final SenderQueue s = touched[i];
                touched[i] = null;
                s.touched = false;
                refreshHeaps(s);
            }
            touchedCount = 0;
            exit();
        }
    }

    private void touch(final SenderQueue s) {
        if (s.touched) {
            return;
        }
        s.touched = true;
        if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = s;
    }

    /**
     * Applies a committed block: removes its transactions that are pooled (by hash), then
     * re-checks every sender of the block against the {@link AccountView}, which must already show
     * the state after the block. Pooled transactions whose nonce is now used, or that the sender can
     * no longer pay for, leave as {@link RejectReason#STALE}; future transactions whose gap closed
     * become ready.
     *
     * @param hashes        {@code count} 32-byte transaction hashes, back to back
     * @param senders       the sender of each, {@code count} 20-byte addresses back to back
     * @return how many pooled transactions the block included
     */
    public int onBlockCommitted(final DirectBuffer hashes, final int hashesOffset, final DirectBuffer senders,
                                final int sendersOffset, final int count) {
        if (count < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "count must not be negative, got " + count);
        }
        checkRegion("hashes", hashes, hashesOffset, (long) count * Hash.LENGTH);
        checkRegion("senders", senders, sendersOffset, (long) count * Address.LENGTH);
        enter();
        try {
            int included = 0;
            for (int i = 0; i < count; i++) {
                final PooledTx e = index.findByHash(hashes, hashesOffset + i * Hash.LENGTH);
                if (e != null) {
                    removeEntry(e, null);
                    included++;
                }
            }
            mark++;
            for (int i = 0; i < count; i++) {
                final int offset = sendersOffset + i * Address.LENGTH;
                final SenderQueue s = index.findSender(senders, offset, index.addressKey(senders, offset));
                if (s != null && s.mark != mark) {
                    s.mark = mark;
                    revalidate(s, accounts.nonce(senders, offset), accounts.balance(senders, offset));
                }
            }
            publishOccupancy();
            return included;
        } finally {
            exit();
        }
    }

    /**
     * Re-checks one sender against the {@link AccountView}, for state changes that did not come
     * through {@link #onBlockCommitted}. Does nothing for a sender with nothing pooled.
     */
    public void revalidate(final DirectBuffer sender, final int offset) {
        checkRegion("sender", sender, offset, Address.LENGTH);
        enter();
        try {
            final SenderQueue s = index.findSender(sender, offset, index.addressKey(sender, offset));
            if (s != null) {
                revalidate(s, accounts.nonce(sender, offset), accounts.balance(sender, offset));
            }
            publishOccupancy();
        } finally {
            exit();
        }
    }

    private void revalidate(final SenderQueue s, final long accountNonce, final long balance) {
        while (s.count > 0 && s.first.nonce < accountNonce) {
            removeEntry(s.first, RejectReason.STALE);
        }
        if (s.count == 0) {
            return;
        }
        if (s.readyCount > 0 && s.baseNonce != accountNonce) {
            // The account moved away from the ready run (it cannot move back in a final ledger,
            // but the pool must not trust that): everything waits again.
            for (PooledTx x = s.first; x != null && x.ready; x = x.next) {
                x.ready = false;
            }
            s.readyCount = 0;
            s.readyLast = null;
        }
        s.baseNonce = accountNonce;
        promote(s, s.readyLast == null ? s.first : s.readyLast.next);
        final long expected = s.expectedNonce();
        while (s.count > 0 && !s.last.ready && s.last.nonce - expected >= config.maxFutureGap()) {
            removeEntry(s.last, RejectReason.STALE);
        }
        if (s.count > 0 && s.totalCost > balance) {
            long sum = 0;
            for (PooledTx x = s.first; x != null; x = x.next) {
                if (x.cost > balance - sum) {
                    removeFrom(x, RejectReason.STALE);
                    break;
                }
                sum += x.cost;
            }
        }
        if (s.count > 0) {
            refreshHeaps(s);
        }
    }

    /**
     * Removes every transaction that has waited {@code lifetimeMillis} or longer, with the later
     * transactions of its sender (they cannot execute without it).
     *
     * @return how many transactions left
     */
    public int expire(final long nowMillis) {
        enter();
        try {
            final long lifetime = config.lifetimeMillis();
            final long cutoff = nowMillis >= Long.MIN_VALUE + lifetime ? nowMillis - lifetime : Long.MIN_VALUE;
            final int before = count;
            while (oldest != null && oldest.arrivalMillis <= cutoff) {
                removeFrom(oldest, RejectReason.EXPIRED);
            }
            return before - count;
        } finally {
            exit();
        }
    }

    private void publishOccupancy() {
        metrics.occupancy(count, bytes);
    }

    private void enter() {
        if (busy) {
            throw new IllegalStateException("the mempool was called from one of its own callbacks");
        }
        busy = true;
    }

    private void exit() {
        busy = false;
    }

    private static void checkLength(final String what, final int actual, final int expected) {
        if (actual != expected) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                what + " must be " + expected + " bytes, got " + actual);
        }
    }

    private static void checkRegion(final String what, final DirectBuffer buffer, final int offset, final long length) {
        if (offset < 0 || offset + length > buffer.capacity()) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, what + " needs " + length
                + " bytes at offset " + offset + " of a buffer of " + buffer.capacity());
        }
    }

    /**
     * Checks every structural invariant and throws {@link IllegalStateException} naming the first
     * one broken. Walks the whole pool: for tests.
     */
    void verifyInvariants() {
        long sumBytes = 0;
        int sumCount = 0;
        int sendersSeen = 0;
        for (int i = 0; i < index.senders.capacity(); i++) {
            final SenderQueue s = index.senders.valueAt(i);
            if (s == null) {
                continue;
            }
            sendersSeen++;
            require(s.count > 0, "a registered sender has no transactions");
            require(s.cursor == s.first, "sender cursor left behind by a drain");
            require(tailHeap.contains(s), "sender with transactions missing from the eviction heap");
            require(readyHeap.contains(s) == (s.readyCount > 0), "ready heap membership disagrees with readyCount");
            int n = 0;
            int readySeen = 0;
            long cost = 0;
            PooledTx prev = null;
            for (PooledTx x = s.first; x != null; x = x.next) {
                require(x.sender == s, "transaction linked into another sender's queue");
                require(x.prev == prev, "broken back link");
                require(prev == null || prev.nonce < x.nonce, "sender queue not in strictly increasing nonce order");
                require(x.nonce >= s.baseNonce, "transaction below the sender's base nonce");
                if (n < s.readyCount) {
                    require(x.ready && x.nonce == s.baseNonce + n, "ready run not contiguous from the base nonce");
                    readySeen++;
                } else {
                    require(!x.ready, "future transaction marked ready");
                }
                require(index.findByHash(x.hashBuffer, 0) == x, "transaction not found by its hash");
                require(index.findSlot(s, x.nonce) == x, "transaction not found by sender and nonce");
                sumBytes += x.length;
                cost += x.cost;
                prev = x;
                n++;
            }
            require(prev == s.last, "last pointer wrong");
            require(n == s.count, "sender count wrong");
            require(readySeen == s.readyCount, "ready count wrong");
            require(s.readyLast == (s.readyCount == 0 ? null : index.findSlot(s, s.baseNonce + s.readyCount - 1)),
                "readyLast wrong");
            require(cost == s.totalCost, "sender total cost wrong");
            require(s.last.ready || s.last.nonce - s.expectedNonce() < config.maxFutureGap(),
                "future transaction beyond the gap");
            final PooledTx after = s.readyLast == null ? s.first : s.readyLast.next;
            require(after == null || after.nonce != s.expectedNonce(), "a future transaction should be ready");
            sumCount += n;
        }
        require(sendersSeen == index.senders.size(), "sender table size wrong");
        require(sumCount == count && index.byHash.size() == count && index.bySlot.size() == count, "count wrong");
        require(sumBytes == bytes, "bytes wrong");
        require(count <= config.maxCount() && bytes <= config.maxBytes(), "cap exceeded");
        require(tailHeap.size() == sendersSeen, "eviction heap size wrong");
        int aged = 0;
        long lastSeen = Long.MIN_VALUE;
        for (PooledTx x = oldest; x != null; x = x.newer) {
            require(x.arrivalMillis >= lastSeen, "arrival list out of order");
            lastSeen = x.arrivalMillis;
            aged++;
        }
        require(aged == count, "arrival list length wrong");
    }

    /** The committed nonce this pool last saw for a sender with pooled transactions; for tests. */
    long baseNonce(final DirectBuffer address, final int offset) {
        final SenderQueue s = index.findSender(address, offset, index.addressKey(address, offset));
        return s == null ? -1 : s.baseNonce;
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalStateException("mempool invariant broken: " + message);
        }
    }
}
