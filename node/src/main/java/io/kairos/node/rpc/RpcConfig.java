package io.kairos.node.rpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of an {@link RpcServer}; immutable. Build one with {@link #builder()}; every limit has a
 * default (see docs/api.md). Authentication is on when API keys or a JWT secret are given; a server
 * without authentication binds only to a loopback address unless {@link Builder#allowUnauthenticatedRemote}
 * says otherwise.
 *
 * @param host                          address to bind (default 127.0.0.1)
 * @param port                          TCP port for HTTP and WebSocket (default 8545; 0 picks a free one)
 * @param maxBodyBytes                  largest HTTP request body (default 5 MiB)
 * @param maxBatch                      most calls in one batch (default 1,000)
 * @param maxFrameBytes                 largest WebSocket frame (default 1 MiB)
 * @param maxMessageBytes               largest WebSocket message, frames joined (default 5 MiB)
 * @param maxConnections                open connections, HTTP and WebSocket together (default 1,000)
 * @param maxSubscriptionsPerConnection subscriptions one WebSocket may hold (default 128)
 * @param ratePerSecond                 calls per second each client may make on average (default 1,000;
 *                                      0 disables rate limiting)
 * @param rateBurst                     calls a client may make at once (token bucket size, default 2,000)
 * @param apiKeys                       accepted API keys (header {@code X-API-Key}); empty for none
 * @param jwtSecret                     HS256 secret for {@code Authorization: Bearer}; null for none
 * @param jwtMaxAge                     oldest accepted {@code iat} (default 5 minutes)
 * @param authenticateReads             with authentication on, require it for read methods too (default false:
 *                                      only methods that change node state need it)
 * @param tlsCertificate                PEM certificate chain; with {@code tlsKey}, serves HTTPS and WSS
 * @param tlsKey                        PEM private key (PKCS#8 or PKCS#1)
 * @param callTimeout                   longest a call may wait for the node before -32603 (default 30 s)
 * @param clientVersion                 what web3_clientVersion answers
 * @param allowUnauthenticatedRemote    allow binding a non-loopback address with authentication off
 */
public record RpcConfig(String host, int port, int maxBodyBytes, int maxBatch, int maxFrameBytes, int maxMessageBytes,
                        int maxConnections, int maxSubscriptionsPerConnection, double ratePerSecond, double rateBurst,
                        Set<String> apiKeys, byte[] jwtSecret, Duration jwtMaxAge, boolean authenticateReads,
                        Path tlsCertificate, Path tlsKey, Duration callTimeout, String clientVersion,
                        boolean allowUnauthenticatedRemote) {
    public static final int DEFAULT_PORT = 8545;

    public RpcConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxBatch", maxBatch);
        positive("maxFrameBytes", maxFrameBytes);
        positive("maxMessageBytes", maxMessageBytes);
        positive("maxConnections", maxConnections);
        positive("maxSubscriptionsPerConnection", maxSubscriptionsPerConnection);
        if (ratePerSecond < 0 || rateBurst < 1 && ratePerSecond > 0) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
        }
        apiKeys = Set.copyOf(apiKeys);
        jwtSecret = jwtSecret == null ? null : jwtSecret.clone();
        if (jwtSecret != null && jwtSecret.length < 32) {
            throw new IllegalArgumentException("a JWT HS256 secret must be at least 32 bytes");
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
        Objects.requireNonNull(jwtMaxAge, "jwtMaxAge");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(clientVersion, "clientVersion");
    }

    private static void positive(final String name, final long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether requests may authenticate (API keys or a JWT secret are configured). */
    public boolean authEnabled() {
        return !apiKeys.isEmpty() || jwtSecret != null;
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    @Override
    public byte[] jwtSecret() {
        return jwtSecret == null ? null : jwtSecret.clone();
    }

    /** Mutable builder of an {@link RpcConfig}; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int maxBodyBytes = 5 * 1024 * 1024;
        private int maxBatch = 1_000;
        private int maxFrameBytes = 1024 * 1024;
        private int maxMessageBytes = 5 * 1024 * 1024;
        private int maxConnections = 1_000;
        private int maxSubscriptionsPerConnection = 128;
        private double ratePerSecond = 1_000;
        private double rateBurst = 2_000;
        private Set<String> apiKeys = Set.of();
        private byte[] jwtSecret;
        private Duration jwtMaxAge = Duration.ofMinutes(5);
        private boolean authenticateReads;
        private Path tlsCertificate;
        private Path tlsKey;
        private Duration callTimeout = Duration.ofSeconds(30);
        private String clientVersion = "kairos/" + version();
        private boolean allowUnauthenticatedRemote;

        private Builder() {
        }

        private static String version() {
            final String v = RpcConfig.class.getPackage().getImplementationVersion();
            return v == null ? "development" : "v" + v;
        }

        public Builder host(final String value) {
            this.host = value;
            return this;
        }

        public Builder port(final int value) {
            this.port = value;
            return this;
        }

        public Builder maxBodyBytes(final int value) {
            this.maxBodyBytes = value;
            return this;
        }

        public Builder maxBatch(final int value) {
            this.maxBatch = value;
            return this;
        }

        public Builder maxFrameBytes(final int value) {
            this.maxFrameBytes = value;
            return this;
        }

        public Builder maxMessageBytes(final int value) {
            this.maxMessageBytes = value;
            return this;
        }

        public Builder maxConnections(final int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder maxSubscriptionsPerConnection(final int value) {
            this.maxSubscriptionsPerConnection = value;
            return this;
        }

        /** Token bucket per client: {@code perSecond} refill, {@code burst} capacity; 0 per second disables it. */
        public Builder rateLimit(final double perSecond, final double burst) {
            this.ratePerSecond = perSecond;
            this.rateBurst = burst;
            return this;
        }

        public Builder apiKeys(final Set<String> value) {
            this.apiKeys = value;
            return this;
        }

        public Builder jwtSecret(final byte[] value) {
            this.jwtSecret = value;
            return this;
        }

        public Builder jwtMaxAge(final Duration value) {
            this.jwtMaxAge = value;
            return this;
        }

        public Builder authenticateReads(final boolean value) {
            this.authenticateReads = value;
            return this;
        }

        public Builder tls(final Path certificatePem, final Path keyPem) {
            this.tlsCertificate = certificatePem;
            this.tlsKey = keyPem;
            return this;
        }

        public Builder callTimeout(final Duration value) {
            this.callTimeout = value;
            return this;
        }

        public Builder clientVersion(final String value) {
            this.clientVersion = value;
            return this;
        }

        public Builder allowUnauthenticatedRemote(final boolean value) {
            this.allowUnauthenticatedRemote = value;
            return this;
        }

        public RpcConfig build() {
            return new RpcConfig(host, port, maxBodyBytes, maxBatch, maxFrameBytes, maxMessageBytes, maxConnections,
                maxSubscriptionsPerConnection, ratePerSecond, rateBurst, apiKeys, jwtSecret, jwtMaxAge,
                authenticateReads, tlsCertificate, tlsKey, callTimeout, clientVersion, allowUnauthenticatedRemote);
        }
    }
}
