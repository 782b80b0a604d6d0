package io.kairos.engine.state;

import io.kairos.engine.core.Address;
import io.kairos.engine.genesis.Allocation;
import io.kairos.engine.genesis.Genesis;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every account's balance (units) and next nonce, keyed by the 20-byte address, plus the stake
 * bonded at genesis; built from a {@link Genesis}.
 *
 * <p>Layout: one open-addressing table in a single {@code long[]}, five words per slot (address
 * bytes 0-7, 8-15, an occupied marker with bytes 16-19, balance, nonce), linear probing, power-of-two
 * capacity, grown when more than 60% full. A lookup touches one or two cache lines and allocates
 * nothing; only growing allocates, and a table sized for the expected account count at construction
 * never grows in steady state. Accounts are never removed, so the table needs no tombstones.
 *
 * <p>Hashing: addresses are SHA-256 output, but a sender picks any recipient bytes it likes, so the
 * slot index is a keyed mix of all 20 bytes (three chained 64-bit finalisers seeded with
 * {@code hashSeed}). Without the seed nobody can aim many addresses at one run of slots; the node
 * passes a random seed at start-up. The seed changes only where accounts sit in the table, never a
 * result: nothing observable depends on table order ({@link #accountsSorted()} sorts), so replicas
 * with different seeds stay in agreement. Probing compares full addresses, so colliding hashes cost
 * time, never correctness.
 *
 * <p>Supply bookkeeping: {@link #totalBalances()} is kept exact by {@link #credit} and {@link #debit},
 * so the executor's per-block supply check is O(1); {@link #sumBalances()} recomputes it in O(n) for
 * audits. The bonded stake is held apart so that supply = sum of balances + bonded stake, as the
 * genesis supply rule states.
 *
 * <p>Slots: the mutating methods address accounts by slot index, found with {@link #find} or
 * {@link #findOrCreate}. A slot stays valid until an insertion grows the table; call
 * {@link #reserve(int)} before a group of insertions to keep earlier slots valid across them.
 *
 * <p>Threading: owned by one thread (the execution thread); no method is safe for concurrent use,
 * reads included while that thread writes.
 */
public final class LedgerState implements AccountView {
    /** Slots beyond this would need a {@code long[]} longer than Java allows; ~161M accounts at 60%. */
    static final int MAX_CAPACITY = 1 << 28;
    private static final int MIN_CAPACITY = 16;
    private static final int STRIDE = 5;
    private static final int W0 = 0;
    private static final int W1 = 1;
    private static final int W2 = 2;
    private static final int BALANCE = 3;
    private static final int NONCE = 4;
    /** Set in word 2 of every occupied slot, so an all-zero address is still told apart from empty. */
    private static final long OCCUPIED = 1L << 32;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final long hashSeed;
    private final long bondedStake;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[Address.LENGTH]);
    private long[] table;
    private int mask;
    private int size;
    private int growAt;
    private long totalBalances;

    private LedgerState(final long hashSeed, final int expectedAccounts, final long bondedStake) {
        this.hashSeed = hashSeed;
        this.bondedStake = bondedStake;
        allocate(capacityFor(Math.max(expectedAccounts, 1)));
    }

    /**
     * The state at genesis: every allocation as a liquid balance with nonce 0, the validators' stakes
     * as bonded stake. Sized for the accounts the genesis names.
     */
    public static LedgerState fromGenesis(final Genesis genesis, final long hashSeed) {
        return fromGenesis(genesis, hashSeed, genesis.allocations().size());
    }

    /**
     * Like {@link #fromGenesis(Genesis, long)} but sized up front for {@code expectedAccounts}, so that
     * the table does not grow (and allocate) until that many accounts exist.
     */
    public static LedgerState fromGenesis(final Genesis genesis, final long hashSeed, final int expectedAccounts) {
        final List<Allocation> allocations = genesis.allocations();
        final LedgerState state = new LedgerState(hashSeed,
            Math.max(expectedAccounts, allocations.size()), genesis.totalStake());
        for (final Allocation a : allocations) {
            state.credit(state.findOrCreate(a.address()), a.balance());
        }
        return state;
    }

    /**
     * The state a snapshot describes: the accounts given (addresses packed 20 bytes apiece, each at
     * most once, balances and nonces not negative) plus {@code bondedStake}, sized for at least
     * {@code expectedAccounts}.
     *
     * @throws IllegalArgumentException if the arrays disagree in length
     * @throws SupplyInvariantViolation if a balance is negative or the sum overflows
     */
    public static LedgerState fromAccounts(final long hashSeed, final int expectedAccounts, final long bondedStake,
                                           final byte[] addresses, final long[] balances, final long[] nonces) {
        final int n = balances.length;
        if (nonces.length != n || addresses.length != n * Address.LENGTH) {
            throw new IllegalArgumentException("account arrays disagree: " + addresses.length + " address bytes, "
                + n + " balances, " + nonces.length + " nonces");
        }
        final LedgerState state = new LedgerState(hashSeed, Math.max(expectedAccounts, n), bondedStake);
        final UnsafeBuffer view = new UnsafeBuffer(addresses);
        for (int i = 0; i < n; i++) {
            if (balances[i] < 0 || nonces[i] < 0) {
                throw new SupplyInvariantViolation("account " + i + " has balance " + balances[i] + " and nonce "
                    + nonces[i] + ": neither may be negative");
            }
            final int slot = state.findOrCreate(view, i * Address.LENGTH);
            state.credit(slot, balances[i]);
            state.setNonce(slot, nonces[i]);
        }
        return state;
    }

    private static int capacityFor(final long accounts) {
        final long needed = (long) Math.ceil(accounts / 0.6) + 1;
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("the ledger state holds at most " + maxAccounts(MAX_CAPACITY)
                + " accounts, " + accounts + " requested");
        }
        return Math.max(MIN_CAPACITY, Integer.highestOneBit((int) needed - 1) << 1);
    }

    private static int maxAccounts(final int capacity) {
        return (int) (capacity * 0.6);
    }

    private void allocate(final int capacity) {
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
        growAt = maxAccounts(capacity);
    }

    // ---- lookups -------------------------------------------------------------------------------

    private int slotIndex(final long w0, final long w1, final long w2) {
        long h = mix(hashSeed ^ w0);
        h = mix(h ^ w1);
        h = mix(h ^ w2);
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
    private static long mix(final long x) {
        long h = x;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The slot of the account at {@code buffer[offset]}, or -1 if it has never been seen. */
    public int find(final DirectBuffer buffer, final int offset) {
        final long w0 = buffer.getLong(offset, ORDER);
        final long w1 = buffer.getLong(offset + 8, ORDER);
        final long w2 = OCCUPIED | (buffer.getInt(offset + 16, ORDER) & 0xFFFF_FFFFL);
        final long[] t = table;
        for (int slot = slotIndex(w0, w1, w2); ; slot = (slot + 1) & mask) {
            final int base = slot * STRIDE;
            final long tag = t[base + W2];
            if (tag == 0) {
                return -1;
            }
            if (tag == w2 && t[base + W0] == w0 && t[base + W1] == w1) {
                return slot;
            }
        }
    }

    /**
     * The slot of the account at {@code buffer[offset]}, creating it with balance 0 and nonce 0 if it
     * is new. Creating may grow the table, which moves every account: earlier slots are then stale
     * unless {@link #reserve(int)} was called first.
     */
    public int findOrCreate(final DirectBuffer buffer, final int offset) {
        final long w0 = buffer.getLong(offset, ORDER);
        final long w1 = buffer.getLong(offset + 8, ORDER);
        final long w2 = OCCUPIED | (buffer.getInt(offset + 16, ORDER) & 0xFFFF_FFFFL);
        long[] t = table;
        int slot = slotIndex(w0, w1, w2);
        for (; ; slot = (slot + 1) & mask) {
            final int base = slot * STRIDE;
            final long tag = t[base + W2];
            if (tag == 0) {
                break;
            }
            if (tag == w2 && t[base + W0] == w0 && t[base + W1] == w1) {
                return slot;
            }
        }
        if (size >= growAt) {
            grow();
            t = table;
            slot = freeSlot(w0, w1, w2);
        }
        final int base = slot * STRIDE;
        t[base + W0] = w0;
        t[base + W1] = w1;
        t[base + W2] = w2;
        size++;
        return slot;
    }

    private int findOrCreate(final Address address) {
        address.write(scratch, 0);
        return findOrCreate(scratch, 0);
    }

    private int freeSlot(final long w0, final long w1, final long w2) {
        int slot = slotIndex(w0, w1, w2);
        while (table[slot * STRIDE + W2] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * Makes sure the next {@code accounts} creations do not grow the table (growing now if needed),
     * so that slots found after this call stay valid across them.
     *
     * @return whether the table grew, i.e. whether slots found before this call are now stale
     */
    public boolean reserve(final int accounts) {
        if ((long) size + accounts <= growAt) {
            return false;
        }
        while ((long) size + accounts > growAt) {
            grow();
        }
        return true;
    }

    private void grow() {
        final int capacity = mask + 1;
        if (capacity >= MAX_CAPACITY) {
            throw new IllegalStateException("the ledger state is full: " + size + " accounts, the most a table of "
                + MAX_CAPACITY + " slots holds");
        }
        final long[] old = table;
        allocate(capacity << 1);
        for (int base = 0; base < old.length; base += STRIDE) {
            final long w2 = old[base + W2];
            if (w2 != 0) {
                final int to = freeSlot(old[base + W0], old[base + W1], w2) * STRIDE;
                System.arraycopy(old, base, table, to, STRIDE);
            }
        }
    }

    // ---- slot access ---------------------------------------------------------------------------

    public long balanceAt(final int slot) {
        return table[slot * STRIDE + BALANCE];
    }

    public long nonceAt(final int slot) {
        return table[slot * STRIDE + NONCE];
    }

    /**
     * Adds {@code units} (not negative) to the balance in {@code slot}.
     *
     * @throws SupplyInvariantViolation if the balance or the balance total would overflow, which a
     *                                  state whose supply fits a {@code long} can never do
     */
    public void credit(final int slot, final long units) {
        final int i = slot * STRIDE + BALANCE;
        final long balance = table[i] + units;
        final long total = totalBalances + units;
        if (balance < 0 || total < 0) {
            throw new SupplyInvariantViolation("crediting " + units + " units overflows: balance " + table[i]
                + ", sum of balances " + totalBalances);
        }
        table[i] = balance;
        totalBalances = total;
    }

    /**
     * Subtracts {@code units} (not negative) from the balance in {@code slot}.
     *
     * @throws SupplyInvariantViolation if the balance would go negative: the caller checks first
     */
    public void debit(final int slot, final long units) {
        final int i = slot * STRIDE + BALANCE;
        final long balance = table[i] - units;
        if (balance < 0) {
            throw new SupplyInvariantViolation("debiting " + units + " units from a balance of " + table[i]
                + " would make it negative");
        }
        table[i] = balance;
        totalBalances -= units;
    }

    public void setNonce(final int slot, final long nonce) {
        table[slot * STRIDE + NONCE] = nonce;
    }

    // ---- AccountView ---------------------------------------------------------------------------

    @Override
    public long balance(final DirectBuffer buffer, final int offset) {
        final int slot = find(buffer, offset);
        return slot < 0 ? 0 : balanceAt(slot);
    }

    @Override
    public long nonce(final DirectBuffer buffer, final int offset) {
        final int slot = find(buffer, offset);
        return slot < 0 ? 0 : nonceAt(slot);
    }

    @Override
    public long balance(final Address address) {
        address.write(scratch, 0);
        return balance(scratch, 0);
    }

    @Override
    public long nonce(final Address address) {
        address.write(scratch, 0);
        return nonce(scratch, 0);
    }

    // ---- totals and audits ---------------------------------------------------------------------

    /** Accounts ever created (credited or sending). */
    public int accountCount() {
        return size;
    }

    /** The sum of all balances as maintained by every credit and debit; O(1). */
    public long totalBalances() {
        return totalBalances;
    }

    /** Stake bonded at genesis; part of the supply, in no account's balance. */
    public long bondedStake() {
        return bondedStake;
    }

    /**
     * The sum of all balances recomputed slot by slot; O(n), for audits and tests.
     *
     * @throws SupplyInvariantViolation if a balance is negative or the sum overflows
     */
    public long sumBalances() {
        long sum = 0;
        for (int base = 0; base < table.length; base += STRIDE) {
            if (table[base + W2] != 0) {
                final long balance = table[base + BALANCE];
                if (balance < 0) {
                    throw new SupplyInvariantViolation("an account holds a negative balance: " + balance);
                }
                sum += balance;
                if (sum < 0) {
                    throw new SupplyInvariantViolation("the sum of all balances overflows a long");
                }
            }
        }
        return sum;
    }

    /** One account in {@link #accountsSorted()}. */
    public record Account(Address address, long balance, long nonce) {
    }

    /**
     * Every account, sorted by address (unsigned byte order), so that the result does not depend on
     * the hash seed or on the order accounts were created in. Allocates; for audits, tests and state
     * commitments, never for the transaction path.
     */
    public List<Account> accountsSorted() {
        // The live table is read in place: this runs on the owning thread, which is not writing.
        final Image view = new Image(table, size, totalBalances, bondedStake);
        final byte[] addresses = new byte[size * Address.LENGTH];
        final long[] balances = new long[size];
        final long[] nonces = new long[size];
        view.sortedInto(addresses, balances, nonces);
        final List<Account> accounts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            accounts.add(new Account(Address.of(Arrays.copyOfRange(addresses, i * Address.LENGTH,
                (i + 1) * Address.LENGTH)), balances[i], nonces[i]));
        }
        return accounts;
    }

    /**
     * A copy of the account table, taken in one array copy (a few milliseconds per million accounts)
     * so that a snapshot can be sorted and written on another thread while execution goes on.
     */
    public Image image() {
        return new Image(table.clone(), size, totalBalances, bondedStake);
    }

    /**
     * A point-in-time copy of the accounts, detached from the live state: safe to hand to one other
     * thread. {@link #sortedInto} is the only reader.
     */
    public static final class Image {
        private final long[] table;
        private final int size;
        private final long totalBalances;
        private final long bondedStake;

        private Image(final long[] table, final int size, final long totalBalances, final long bondedStake) {
            this.table = table;
            this.size = size;
            this.totalBalances = totalBalances;
            this.bondedStake = bondedStake;
        }

        public int accountCount() {
            return size;
        }

        public long totalBalances() {
            return totalBalances;
        }

        public long bondedStake() {
            return bondedStake;
        }

        /**
         * Writes every account, sorted by address in unsigned byte order, into the arrays given
         * ({@code 20 * accountCount()} address bytes, {@code accountCount()} balances and nonces).
         */
        public void sortedInto(final byte[] addresses, final long[] balances, final long[] nonces) {
            final Integer[] order = new Integer[size];
            int n = 0;
            for (int base = 0; base < table.length; base += STRIDE) {
                if (table[base + W2] != 0) {
                    order[n++] = base;
                }
            }
            // Little-endian words byte-reversed compare as the address bytes do, most significant first.
            Arrays.sort(order, (x, y) -> {
                int c = Long.compareUnsigned(Long.reverseBytes(table[x + W0]), Long.reverseBytes(table[y + W0]));
                if (c == 0) {
                    c = Long.compareUnsigned(Long.reverseBytes(table[x + W1]), Long.reverseBytes(table[y + W1]));
                }
                if (c == 0) {
                    c = Integer.compareUnsigned(Integer.reverseBytes((int) table[x + W2]),
                        Integer.reverseBytes((int) table[y + W2]));
                }
                return c;
            });
            final UnsafeBuffer out = new UnsafeBuffer(addresses);
            for (int i = 0; i < n; i++) {
                final int base = order[i];
                out.putLong(i * Address.LENGTH, table[base + W0], ORDER);
                out.putLong(i * Address.LENGTH + 8, table[base + W1], ORDER);
                out.putInt(i * Address.LENGTH + 16, (int) table[base + W2], ORDER);
                balances[i] = table[base + BALANCE];
                nonces[i] = table[base + NONCE];
            }
        }
    }

    // ---- test support --------------------------------------------------------------------------

    /** Slots probed to find the account at {@code buffer[offset]} (1 when it sits at its home slot). */
    int probeLength(final DirectBuffer buffer, final int offset) {
        final long w0 = buffer.getLong(offset, ORDER);
        final long w1 = buffer.getLong(offset + 8, ORDER);
        final long w2 = OCCUPIED | (buffer.getInt(offset + 16, ORDER) & 0xFFFF_FFFFL);
        int probes = 1;
        for (int slot = slotIndex(w0, w1, w2); ; slot = (slot + 1) & mask, probes++) {
            final int base = slot * STRIDE;
            if (table[base + W2] == 0 || (table[base + W2] == w2 && table[base + W0] == w0 && table[base + W1] == w1)) {
                return probes;
            }
        }
    }

    int capacity() {
        return mask + 1;
    }

    /** Overwrites a balance without telling the running total: only tests corrupt state on purpose. */
    void overwriteBalanceBypassingTotals(final int slot, final long balance) {
        table[slot * STRIDE + BALANCE] = balance;
    }
}
