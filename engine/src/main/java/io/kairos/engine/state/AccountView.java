package io.kairos.engine.state;

import io.kairos.engine.core.Address;
import org.agrona.DirectBuffer;

/**
 * Read access to committed account state: balance (units) and next nonce per address. An account
 * never seen has balance 0 and nonce 0. Implementations are owned by one thread (the sequencer);
 * callers on that thread may read without synchronisation, and the buffer-based methods allocate
 * nothing.
 */
public interface AccountView {
    /** Balance of the 20-byte address at {@code buffer[offset]}. */
    long balance(DirectBuffer buffer, int offset);

    /** Next expected nonce of the 20-byte address at {@code buffer[offset]}. */
    long nonce(DirectBuffer buffer, int offset);

    long balance(Address address);

    long nonce(Address address);
}
