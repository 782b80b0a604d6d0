package io.kairos.transport;

import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.transport.codec.FrameHeader;
import io.kairos.transport.session.Handshaker;
import io.kairos.transport.session.KemKind;
import io.kairos.transport.session.PeerSession;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything one node's transport needs: who it is (index and {@link SigningKey}), who its peers are
 * ({@link ValidatorSet} plus a UDP {@link Endpoint} per validator, or IPC when every validator runs in
 * one process), the Aeron streams, and the limits and policies. Built and validated once by
 * {@link Builder#build()}, which throws {@link TransportException} INVALID_CONFIG naming the bad value.
 * Immutable; thread-safe.
 *
 * <p>Channels: with UDP, each node subscribes to {@code aeron:udp?endpoint=<own endpoint>} on
 * {@link #streamId()} and publishes to each peer on {@code aeron:udp?endpoint=<peer endpoint>} on
 * the same stream. With IPC, node {@code i} subscribes to {@code aeron:ipc} on
 * {@code ipcBaseStreamId + i} and publishes to peer {@code j} on {@code aeron:ipc}, stream
 * {@code ipcBaseStreamId + j}.
 */
public final class TransportConfig {
    /** The hard cap on an inner message, compressed or not: 10 MiB. */
    public static final int MAX_MESSAGE_BYTES_CAP = 10 * 1024 * 1024;
    /** Frame bytes around an inner message: header, sequence number, compression prefix, tag. */
    public static final int FRAME_OVERHEAD = FrameHeader.LENGTH + 8 + 4 + PeerSession.TAG_LENGTH;

    private final int self;
    private final SigningKey signingKey;
    private final ValidatorSet validators;
    private final List<Endpoint> endpoints;
    private final int streamId;
    private final int ipcBaseStreamId;
    private final int maxMessageBytes;
    private final int compressionThresholdBytes;
    private final int publicationRetryLimit;
    private final Supplier<IdleStrategy> retryIdleStrategy;
    private final long handshakeTimeoutNs;
    private final long sessionIdleTimeoutNs;
    private final KemKind kem;
    private final int termBufferLength;
    private final int fragmentLimit;
    private final int nonceCacheSize;
    private final int scoreThreshold;
    private final long scoreWindowNs;
    private final long banBaseNs;
    private final long banMaxNs;

    private TransportConfig(final Builder b) {
        self = b.self;
        signingKey = b.signingKey;
        validators = b.validators;
        endpoints = b.endpoints == null ? null : List.copyOf(b.endpoints);
        streamId = b.streamId;
        ipcBaseStreamId = b.ipcBaseStreamId;
        maxMessageBytes = b.maxMessageBytes;
        compressionThresholdBytes = b.compressionThresholdBytes;
        publicationRetryLimit = b.publicationRetryLimit;
        retryIdleStrategy = b.retryIdleStrategy;
        handshakeTimeoutNs = b.handshakeTimeoutNs;
        sessionIdleTimeoutNs = b.sessionIdleTimeoutNs;
        kem = b.kem;
        termBufferLength = b.termBufferLength;
        fragmentLimit = b.fragmentLimit;
        nonceCacheSize = b.nonceCacheSize;
        scoreThreshold = b.scoreThreshold;
        scoreWindowNs = b.scoreWindowNs;
        banBaseNs = b.banBaseNs;
        banMaxNs = b.banMaxNs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int self() {
        return self;
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    public ValidatorSet validators() {
        return validators;
    }

    /** True when every validator runs in this process and frames travel over Aeron IPC. */
    public boolean ipc() {
        return endpoints == null;
    }

    public Endpoint endpoint(final int validator) {
        return endpoints.get(validator);
    }

    public int streamId() {
        return streamId;
    }

    public int ipcBaseStreamId() {
        return ipcBaseStreamId;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Largest frame accepted: a full message plus {@link #FRAME_OVERHEAD}, or a handshake frame. */
    public int maxFrameBytes() {
        return Math.max(maxMessageBytes + FRAME_OVERHEAD, Handshaker.maxFrameLength());
    }

    public int compressionThresholdBytes() {
        return compressionThresholdBytes;
    }

    public int publicationRetryLimit() {
        return publicationRetryLimit;
    }

    public IdleStrategy newRetryIdleStrategy() {
        return retryIdleStrategy.get();
    }

    public long handshakeTimeoutNs() {
        return handshakeTimeoutNs;
    }

    /** Silence after which the initiating side runs a fresh handshake over an established session. */
    public long sessionIdleTimeoutNs() {
        return sessionIdleTimeoutNs;
    }

    public KemKind kem() {
        return kem;
    }

    public int termBufferLength() {
        return termBufferLength;
    }

    public int fragmentLimit() {
        return fragmentLimit;
    }

    public int nonceCacheSize() {
        return nonceCacheSize;
    }

    public int scoreThreshold() {
        return scoreThreshold;
    }

    public long scoreWindowNs() {
        return scoreWindowNs;
    }

    public long banBaseNs() {
        return banBaseNs;
    }

    public long banMaxNs() {
        return banMaxNs;
    }

    /** The channel this node subscribes to. */
    public String subscriptionChannel() {
        return ipc() ? "aeron:ipc" : "aeron:udp?endpoint=" + endpoint(self);
    }

    public int subscriptionStreamId() {
        return ipc() ? ipcBaseStreamId + self : streamId;
    }

    /** The channel this node publishes to {@code peer} on. */
    public String publicationChannel(final int peer) {
        return (ipc() ? "aeron:ipc?" : "aeron:udp?endpoint=" + endpoint(peer) + "|") + "term-length=" + termBufferLength;
    }

    public int publicationStreamId(final int peer) {
        return ipc() ? ipcBaseStreamId + peer : streamId;
    }

    /** Collects and checks settings; every setter has a default except identity and peers. Not thread-safe. */
    public static final class Builder {
        private int self = -1;
        private SigningKey signingKey;
        private ValidatorSet validators;
        private List<Endpoint> endpoints;
        private boolean ipc;
        private int streamId = 1001;
        private int ipcBaseStreamId = 2000;
        private int maxMessageBytes = 1024 * 1024;
        private int compressionThresholdBytes = 64 * 1024;
        private int publicationRetryLimit = 3;
        private Supplier<IdleStrategy> retryIdleStrategy = () -> new BackoffIdleStrategy(1, 1,
            TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        private long handshakeTimeoutNs = TimeUnit.SECONDS.toNanos(2);
        private long sessionIdleTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private KemKind kem = KemKind.ML_KEM_768;
        private int termBufferLength = 16 * 1024 * 1024;
        private int fragmentLimit = 64;
        private int nonceCacheSize = 1024;
        private int scoreThreshold = 10;
        private long scoreWindowNs = TimeUnit.SECONDS.toNanos(10);
        private long banBaseNs = TimeUnit.SECONDS.toNanos(5);
        private long banMaxNs = TimeUnit.MINUTES.toNanos(5);

        private Builder() {
        }

        /** This node: its validator index and signing key (the key must be that index's in the set). */
        public Builder self(final int index, final SigningKey key) {
            this.self = index;
            this.signingKey = key;
            return this;
        }

        public Builder validators(final ValidatorSet set) {
            this.validators = set;
            return this;
        }

        /** UDP mode: one endpoint per validator, in validator order (this node's own included). */
        public Builder udp(final List<Endpoint> endpointsByValidator) {
            this.endpoints = endpointsByValidator;
            this.ipc = false;
            return this;
        }

        /** IPC mode: all validators in one process, sharing one media driver. */
        public Builder ipc() {
            this.endpoints = null;
            this.ipc = true;
            return this;
        }

        public Builder streamId(final int id) {
            this.streamId = id;
            return this;
        }

        public Builder ipcBaseStreamId(final int id) {
            this.ipcBaseStreamId = id;
            return this;
        }

        /** Largest inner message, 64 .. {@link #MAX_MESSAGE_BYTES_CAP}; default 1 MiB. */
        public Builder maxMessageBytes(final int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /** Inner messages longer than this are LZ4-compressed; default 64 KiB. */
        public Builder compressionThresholdBytes(final int bytes) {
            this.compressionThresholdBytes = bytes;
            return this;
        }

        /** How many times a BACK_PRESSURED or ADMIN_ACTION offer is retried before a counted drop; default 3. */
        public Builder publicationRetryLimit(final int retries) {
            this.publicationRetryLimit = retries;
            return this;
        }

        /** How to wait between publication retries; default back-off from 1 to 100 microseconds. */
        public Builder retryIdleStrategy(final Supplier<IdleStrategy> supplier) {
            this.retryIdleStrategy = supplier;
            return this;
        }

        public Builder handshakeTimeoutNs(final long ns) {
            this.handshakeTimeoutNs = ns;
            return this;
        }

        /**
         * When the initiating side has heard nothing authenticated from a peer for this long it runs a
         * fresh handshake, keeping the old session until the new one completes. This is how a peer that
         * restarted (and lost its session) is found again; default 10 s.
         */
        public Builder sessionIdleTimeoutNs(final long ns) {
            this.sessionIdleTimeoutNs = ns;
            return this;
        }

        public Builder kem(final KemKind kind) {
            this.kem = kind;
            return this;
        }

        /** Aeron term length of this node's publications: a power of two, 64 KiB .. 1 GiB; default 16 MiB. */
        public Builder termBufferLength(final int bytes) {
            this.termBufferLength = bytes;
            return this;
        }

        public Builder fragmentLimit(final int fragments) {
            this.fragmentLimit = fragments;
            return this;
        }

        public Builder nonceCacheSize(final int entries) {
            this.nonceCacheSize = entries;
            return this;
        }

        /** Invalid frames from one peer within {@code windowNs} that get it disconnected. */
        public Builder peerScore(final int threshold, final long windowNs) {
            this.scoreThreshold = threshold;
            this.scoreWindowNs = windowNs;
            return this;
        }

        /** First disconnection lasts {@code baseNs}; each repeat doubles it, up to {@code maxNs}. */
        public Builder peerBackoff(final long baseNs, final long maxNs) {
            this.banBaseNs = baseNs;
            this.banMaxNs = maxNs;
            return this;
        }

        public TransportConfig build() {
            if (validators == null || signingKey == null) {
                throw invalid("validators and self(index, key) are required");
            }
            if (!validators.isMember(self)) {
                throw invalid("self index " + self + " is not in a validator set of " + validators.size());
            }
            if (validators.size() > 0xFFFF) {
                throw invalid("at most 65535 validators fit the 16-bit index, got " + validators.size());
            }
            if (!java.util.Arrays.equals(validators.publicKeyCopy(self), signingKey.publicKey())) {
                throw invalid("the signing key is not validator " + self + "'s key in the validator set");
            }
            if (!ipc) {
                if (endpoints == null || endpoints.size() != validators.size()
                    || endpoints.stream().anyMatch(java.util.Objects::isNull)) {
                    throw invalid("UDP mode needs one endpoint per validator (" + validators.size() + "), got "
                        + (endpoints == null ? "none" : endpoints.size()));
                }
            } else if ((long) ipcBaseStreamId + validators.size() > Integer.MAX_VALUE) {
                throw invalid("ipcBaseStreamId " + ipcBaseStreamId + " leaves no room for " + validators.size()
                    + " stream ids");
            }
            if (maxMessageBytes < 64 || maxMessageBytes > MAX_MESSAGE_BYTES_CAP) {
                throw invalid("maxMessageBytes must be 64.." + MAX_MESSAGE_BYTES_CAP + ", got " + maxMessageBytes);
            }
            if (compressionThresholdBytes < 0) {
                throw invalid("compressionThresholdBytes must be >= 0, got " + compressionThresholdBytes);
            }
            if (publicationRetryLimit < 0 || publicationRetryLimit > 1_000_000) {
                throw invalid("publicationRetryLimit must be 0..1000000, got " + publicationRetryLimit);
            }
            if (retryIdleStrategy == null || kem == null) {
                throw invalid("retryIdleStrategy and kem must be set");
            }
            if (handshakeTimeoutNs <= 0 || sessionIdleTimeoutNs <= 0 || scoreWindowNs <= 0 || banBaseNs <= 0 || banMaxNs < banBaseNs) {
                throw invalid("timeouts, score window and back-off must be positive, with max >= base");
            }
            if (termBufferLength < 64 * 1024 || termBufferLength > 1 << 30 || Integer.bitCount(termBufferLength) != 1) {
                throw invalid("termBufferLength must be a power of two in 64 KiB..1 GiB, got " + termBufferLength);
            }
            final TransportConfig config = new TransportConfig(this);
            if (config.maxFrameBytes() > termBufferLength / 8) {
                throw invalid("a frame of up to " + config.maxFrameBytes() + " bytes needs a term buffer of at least 8x"
                    + " that (Aeron's largest message is a term / 8), term is " + termBufferLength);
            }
            if (fragmentLimit < 1 || nonceCacheSize < 1 || scoreThreshold < 1) {
                throw invalid("fragmentLimit, nonceCacheSize and score threshold must be >= 1");
            }
            return config;
        }

        private static TransportException invalid(final String message) {
            return new TransportException(TransportError.INVALID_CONFIG, message);
        }
    }
}
