package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;
import io.kairos.engine.state.AccountView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * An in-memory {@link AccountView} for tests. Lookups scan a small array by full address, so they
 * allocate nothing and the allocation test can use it too.
 */
final class TestAccounts implements AccountView {
    private byte[][] addresses = new byte[16][];
    private long[] balances = new long[16];
    private long[] nonces = new long[16];
    private int size;

    void set(final Address address, final long balance, final long nonce) {
        final int i = indexOrAdd(address.toByteArray());
        balances[i] = balance;
        nonces[i] = nonce;
    }

    void setNonce(final Address address, final long nonce) {
        nonces[indexOrAdd(address.toByteArray())] = nonce;
    }

    void setBalance(final Address address, final long balance) {
        balances[indexOrAdd(address.toByteArray())] = balance;
    }

    /** The slot of {@code address}, for the allocation-free setters. */
    int slotOf(final Address address) {
        return indexOrAdd(address.toByteArray());
    }

    void setNonceAt(final int slot, final long nonce) {
        nonces[slot] = nonce;
    }

    private int indexOrAdd(final byte[] address) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(addresses[i], address)) {
                return i;
            }
        }
        if (size == addresses.length) {
            addresses = Arrays.copyOf(addresses, size * 2);
            balances = Arrays.copyOf(balances, size * 2);
            nonces = Arrays.copyOf(nonces, size * 2);
        }
        addresses[size] = address.clone();
        return size++;
    }

    private int index(final DirectBuffer buffer, final int offset) {
        outer:
        for (int i = 0; i < size; i++) {
            final byte[] a = addresses[i];
            for (int j = 0; j < Address.LENGTH; j++) {
                if (a[j] != buffer.getByte(offset + j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public long balance(final DirectBuffer buffer, final int offset) {
        final int i = index(buffer, offset);
        return i < 0 ? 0 : balances[i];
    }

    @Override
    public long nonce(final DirectBuffer buffer, final int offset) {
        final int i = index(buffer, offset);
        return i < 0 ? 0 : nonces[i];
    }

    @Override
    public long balance(final Address address) {
        return balance(new UnsafeBuffer(address.toByteArray()), 0);
    }

    @Override
    public long nonce(final Address address) {
        return nonce(new UnsafeBuffer(address.toByteArray()), 0);
    }
}
