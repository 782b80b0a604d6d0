package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.Keccak256;
import io.kairos.engine.crypto.Secp256k1;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EthDevAccountsTest {
    @Test
    void derivationFollowsTheDocumentedRule() {
        final List<EthDevAccounts.DevAccount> accounts = EthDevAccounts.derive(10);
        assertEquals(10, accounts.size());
        assertEquals(10, new HashSet<>(accounts.stream().map(EthDevAccounts.DevAccount::address).toList()).size());
        for (final EthDevAccounts.DevAccount a : accounts) {
            final byte[] expected = Keccak256.hash("kairos devnet".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 0, 0, (byte) a.index()});
            assertArrayEquals(expected, a.privateKey());
            // web3j derives the same address from the same private key.
            assertEquals(Address.fromHex(Credentials.create(a.privateKeyHex()).getAddress()), a.address());
            assertEquals(a.address(), a.signingKey().address());
            assertEquals(new BigInteger(1, a.privateKey()), new BigInteger(a.privateKeyHex().substring(2), 16));
        }
        assertEquals(accounts.subList(0, 3), EthDevAccounts.derive(EthDevAccounts.DEFAULT_SEED_PHRASE, 3));
    }

    @Test
    void theDocumentedAccountsAreStable() {
        final List<EthDevAccounts.DevAccount> a = EthDevAccounts.derive(3);
        assertEquals(DOC_ADDRESS_0, a.get(0).address().toHex());
        assertEquals(DOC_KEY_0, a.get(0).privateKeyHex());
        assertEquals(DOC_ADDRESS_1, a.get(1).address().toHex());
        assertEquals(DOC_ADDRESS_2, a.get(2).address().toHex());
    }

    @Test
    void otherPhrasesGiveOtherAccountsAndBadArgumentsAreTyped() {
        final Address other = EthDevAccounts.derive("something else", 1).getFirst().address();
        assertEquals(false, other.equals(EthDevAccounts.derive(1).getFirst().address()));
        assertEquals(0, EthDevAccounts.derive(0).size());
        assertEquals(ValidationError.INVALID_VALUE,
            assertThrows(ValidationException.class, () -> EthDevAccounts.derive(-1)).error());
        assertEquals(ValidationError.INVALID_VALUE,
            assertThrows(ValidationException.class, () -> EthDevAccounts.derive(null, 1)).error());
        assertEquals(ValidationError.INVALID_VALUE, assertThrows(ValidationException.class,
            () -> EthDevAccounts.derive(EthDevAccounts.MAX_COUNT + 1)).error());
        for (final EthDevAccounts.DevAccount a : EthDevAccounts.derive("x", 50)) {
            assertEquals(true, Secp256k1.isValidPrivateKey(new BigInteger(1, a.privateKey())));
        }
    }

    /** The values docs/ethereum.md lists: a change here means the documentation (and every devnet) changes. */
    static final String DOC_ADDRESS_0 = "0x14ed408a0be258677a81a518aff53a8356e28c25";
    static final String DOC_KEY_0 = "0xdc7f5aff0474e30b8a2982b9e980f025e23e4f98b3aa7b748b3b377507e8cb65";
    static final String DOC_ADDRESS_1 = "0xbcc272c0d3f6d82962b8407afa071c64392c62d4";
    static final String DOC_ADDRESS_2 = "0x8ef999e4b358ef647006f6ad249c19e67bfbc89a";
}
