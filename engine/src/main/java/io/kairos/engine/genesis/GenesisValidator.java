package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hex;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A validator of the genesis set: its key, its bonded stake and where peers reach it. Immutable and
 * thread-safe. The account address is derived from the key by the scheme, never declared.
 *
 * <p>Rules checked on construction (errors carry paths relative to the validator, e.g.
 * {@code publicKey}; the genesis adds {@code validators[i]}): the name, if any, is 1 to
 * {@value #MAX_NAME_BYTES} UTF-8 bytes without control characters; the public key has the scheme's
 * length; the stake is greater than zero; the network address is {@code host:port} with a port in
 * 1..65535, a host of letters, digits, dots and hyphens or a bracketed IPv6 literal, and at most
 * {@value #MAX_NETWORK_ADDRESS_LENGTH} characters.
 */
public final class GenesisValidator {
    public static final int MAX_NAME_BYTES = 64;
    public static final int MAX_NETWORK_ADDRESS_LENGTH = 255;

    private final String name;
    private final SchemeId scheme;
    private final byte[] publicKey;
    private final long stake;
    private final String networkAddress;
    private final String host;
    private final int port;
    private final Address address;

    /**
     * @param name           a label for people, or {@code null}
     * @param scheme         the signature scheme of {@code publicKey}
     * @param publicKey      the validator's public key (copied)
     * @param stake          bonded units, greater than zero
     * @param networkAddress {@code host:port} where the validator listens for peers
     * @throws GenesisException with a path relative to the validator when a rule is broken
     */
    public GenesisValidator(final String name, final SchemeId scheme, final byte[] publicKey, final long stake,
                            final String networkAddress) {
        this.name = checkName(name);
        if (scheme == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "scheme", "a validator needs a signature scheme");
        }
        this.scheme = scheme;
        if (publicKey == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "publicKey", "a validator needs a public key");
        }
        final int expected = SignatureSchemes.of(scheme).publicKeyLength();
        if (publicKey.length != expected) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "publicKey",
                scheme.label() + " public keys are " + expected + " bytes, got " + publicKey.length);
        }
        if (!SignatureSchemes.of(scheme).isValidPublicKey(publicKey)) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "publicKey",
                "not a valid " + scheme.label() + " public key (no signature could ever verify under it)");
        }
        this.publicKey = publicKey.clone();
        if (stake <= 0) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "stake",
                "a validator's stake must be greater than zero, got " + stake + " units");
        }
        this.stake = stake;
        if (networkAddress == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "networkAddress",
                "a validator needs a network address host:port");
        }
        this.networkAddress = networkAddress;
        final int colon = networkAddress.lastIndexOf(':');
        if (networkAddress.length() > MAX_NETWORK_ADDRESS_LENGTH || colon < 0) {
            throw badNetworkAddress(networkAddress);
        }
        this.host = networkAddress.substring(0, colon);
        this.port = parsePort(networkAddress, networkAddress.substring(colon + 1));
        if (!validHost(host)) {
            throw badNetworkAddress(networkAddress);
        }
        this.address = SignatureSchemes.of(scheme).address(this.publicKey);
    }

    private static String checkName(final String name) {
        if (name == null) {
            return null;
        }
        final int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_NAME_BYTES) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "name",
                "a validator name is 1 to " + MAX_NAME_BYTES + " UTF-8 bytes, got " + bytes
                    + " (leave the field out for no name)");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new GenesisException(GenesisError.INVALID_FIELD, "name",
                    "a validator name may not contain control characters");
            }
        }
        return name;
    }

    private static int parsePort(final String whole, final String text) {
        // Digits only and no leading zero, so "h:9000" and "h:09000" cannot pass as different addresses.
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0') {
            throw badNetworkAddress(whole);
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw badNetworkAddress(whole);
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65_535) {
            throw badNetworkAddress(whole);
        }
        return port;
    }

    private static boolean validHost(final String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.charAt(0) == '[') {
            if (host.length() < 4 || host.charAt(host.length() - 1) != ']') {
                return false;
            }
            for (int i = 1; i < host.length() - 1; i++) {
                final char c = host.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            final char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static GenesisException badNetworkAddress(final String text) {
        return new GenesisException(GenesisError.INVALID_FIELD, "networkAddress",
            "expected host:port with a host name, IPv4 address or [IPv6] address and a port 1..65535"
                + " without leading zeros, got '" + text + "'");
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public SchemeId scheme() {
        return scheme;
    }

    /** A copy of the public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The stake in units. */
    public long stake() {
        return stake;
    }

    /** As declared, {@code host:port}. */
    public String networkAddress() {
        return networkAddress;
    }

    /** The host part of {@link #networkAddress()}, brackets kept for IPv6. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * The network address with the host in lower case: host names are case-insensitive, so this is
     * the form in which two validators' addresses are compared.
     */
    String normalizedNetworkAddress() {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The account address, {@code scheme.address(publicKey)}. */
    public Address address() {
        return address;
    }

    boolean samePublicKey(final GenesisValidator other) {
        return scheme == other.scheme && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof GenesisValidator v
            && stake == v.stake
            && scheme == v.scheme
            && Arrays.equals(publicKey, v.publicKey)
            && networkAddress.equals(v.networkAddress)
            && java.util.Objects.equals(name, v.name);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(publicKey) + Long.hashCode(stake);
    }

    @Override
    public String toString() {
        return (name == null ? "" : name + " ") + scheme.label() + " " + address + " stake "
            + Amounts.formatTokens(stake) + " at " + networkAddress + " (key " + Hex.encode(publicKey, 0, 4) + "...)";
    }
}
