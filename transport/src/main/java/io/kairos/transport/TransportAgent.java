package io.kairos.transport;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.kairos.transport.codec.BlockResponseEncoder;
import io.kairos.transport.codec.FrameHeader;
import io.kairos.transport.codec.FrameType;
import io.kairos.transport.codec.InnerDecoder;
import io.kairos.transport.codec.Lz4Codec;
import io.kairos.transport.codec.Messages;
import io.kairos.transport.codec.MessageType;
import io.kairos.transport.session.Handshaker;
import io.kairos.transport.session.PeerSession;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.LongSupplier;

import static io.kairos.transport.codec.FrameHeader.ORDER;

/**
 * One node's transport: polls its Aeron subscription, runs the handshake with every peer, decrypts,
 * checks and dispatches inbound messages to a {@link PeerHandler}, and encrypts and offers outbound
 * messages through a {@link PeerPublisher}. Mirrors Aeron's adapter/publisher pair: decode and dispatch
 * in, encode-encrypt-offer out, into buffers made at start-up.
 *
 * <p>Duty cycle ({@link #doWork(long)}): service the Aeron client (it runs without its own thread),
 * poll up to {@code fragmentLimit} fragments (a {@link FragmentAssembler} rebuilds fragmented frames),
 * then for every peer: drop the session when its publication lost its subscriber; initiate or retry a
 * handshake when this node has the lower index, the peer is reachable and not disconnected, no
 * handshake younger than the timeout is in flight, and there is no session or nothing authenticated
 * has come from the peer for {@code sessionIdleTimeoutNs} (it may have restarted).
 *
 * <p><b>Threading:</b> single-threaded. {@link #doWork}, every send method and {@link #close()} must be
 * called from one thread (an {@code AgentRunner}, or a test stepping it by hand). Only
 * {@link #counters()} may be read from other threads.
 *
 * <p>Allocation: steady-state receive and send reuse buffers made here and allocate nothing of their
 * own; re-initialising Bouncy Castle's AEAD for each frame's nonce allocates a few hundred short-lived
 * bytes, and handshakes allocate freely (they are rare).
 */
public final class TransportAgent implements Agent, AutoCloseable {
    private static final int DATA_SEQUENCE_OFFSET = FrameHeader.LENGTH;
    private static final int DATA_CIPHERTEXT_OFFSET = FrameHeader.LENGTH + 8;

    private final TransportConfig config;
    private final int self;
    private final int peers;
    private final PeerHandler handler;
    private final TransportListener listener;
    private final LongSupplier clock;
    private final Handshaker handshaker;
    private final PeerSession[] sessions;
    private final int[] boundImage;
    private final boolean[] bound;
    private final long[] lastHeardNs;
    private final boolean[][] reported;
    private final PeerScoring scoring;
    private final TransportCounters counters;
    private final PeerPublisher publisher;
    private final PeerPublisher.Target[] targets;
    private final Connectivity connectivity;

    private final Aeron aeron;
    private final AgentInvoker invoker;
    private final Subscription subscription;
    private final Publication[] publications;
    private final FragmentHandler assembler;

    private final FrameHeader inHeader = new FrameHeader();
    private final InnerDecoder inner = new InnerDecoder();
    private final Lz4Codec lz4 = new Lz4Codec();
    private final BlockResponseEncoder blockResponse = new BlockResponseEncoder();
    private final byte[] inFrame;
    private final byte[] inPlain;
    private final byte[] inInflated;
    private final UnsafeBuffer inPlainBuffer;
    private final UnsafeBuffer inInflatedBuffer;
    private final byte[] outPlain;
    private final byte[] outCompressed;
    private final byte[] outFrame;
    private final UnsafeBuffer outPlainBuffer;
    private final UnsafeBuffer outFrameBuffer;
    private final UnsafeBuffer handshakeBuffer;
    private byte[] outPayload;
    private int outPayloadLength;
    private int outFlags;
    private boolean blockResponseOpen;
    private long nowNs;
    private boolean closed;

    /** Whether frames can currently reach a peer; Aeron's {@code Publication.isConnected} in production. */
    @FunctionalInterface
    interface Connectivity {
        boolean isConnected(int peer);
    }

    TransportAgent(final TransportConfig config, final PeerHandler handler, final TransportListener listener,
                   final SecureRandom random, final LongSupplier clock, final PeerPublisher.Target[] targets,
                   final Connectivity connectivity, final Aeron aeron, final Subscription subscription,
                   final Publication[] publications) {
        this.config = config;
        this.self = config.self();
        this.peers = config.validators().size();
        this.handler = handler;
        this.listener = listener;
        this.clock = clock;
        this.handshaker = new Handshaker(self, config.signingKey(), config.validators(), config.kem(), random,
            config.nonceCacheSize());
        this.sessions = new PeerSession[peers];
        this.boundImage = new int[peers];
        this.bound = new boolean[peers];
        this.lastHeardNs = new long[peers];
        this.reported = new boolean[peers + 1][TransportError.values().length];
        this.scoring = new PeerScoring(peers, config.scoreThreshold(), config.scoreWindowNs(), config.banBaseNs(),
            config.banMaxNs());
        this.counters = new TransportCounters(peers);
        this.publisher = new PeerPublisher(config.publicationRetryLimit(), config.newRetryIdleStrategy(), counters);
        this.targets = targets;
        this.connectivity = connectivity;
        this.aeron = aeron;
        this.invoker = aeron == null ? null : aeron.conductorAgentInvoker();
        this.subscription = subscription;
        this.publications = publications;
        this.assembler = new FragmentAssembler(this::onFragment);

        final int maxFrame = config.maxFrameBytes();
        final int maxMessage = config.maxMessageBytes();
        inFrame = new byte[maxFrame];
        inPlain = new byte[maxFrame];
        inInflated = new byte[maxMessage];
        inPlainBuffer = new UnsafeBuffer(inPlain);
        inInflatedBuffer = new UnsafeBuffer(inInflated);
        outPlain = new byte[maxMessage];
        outCompressed = new byte[lz4.maxCompressedLength(maxMessage)];
        outFrame = new byte[Math.max(maxFrame, DATA_CIPHERTEXT_OFFSET + outCompressed.length + PeerSession.TAG_LENGTH)];
        outPlainBuffer = new UnsafeBuffer(outPlain);
        outFrameBuffer = new UnsafeBuffer(outFrame);
        handshakeBuffer = new UnsafeBuffer(new byte[Handshaker.maxFrameLength()]);
    }

    /**
     * Connects to the media driver in {@code aeronDirectoryName} (its own, or the shared one in IPC mode),
     * subscribes to this node's channel and adds one publication per peer. The Aeron client runs
     * without a thread of its own; {@link #doWork} services it.
     *
     * @param random randomness for handshake keys and nonces
     * @throws TransportException DRIVER_FAILED when the driver cannot be reached
     */
    public static TransportAgent connect(final TransportConfig config, final String aeronDirectoryName,
                                         final PeerHandler handler, final TransportListener listener,
                                         final SecureRandom random) {
        final Aeron aeron;
        try {
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .useConductorAgentInvoker(true)
                .errorHandler(listener::onAeronError));
        } catch (final RuntimeException e) {
            throw new TransportException(TransportError.DRIVER_FAILED,
                "no media driver in " + aeronDirectoryName + ": " + e.getMessage(), e);
        }
        final int n = config.validators().size();
        final Publication[] publications = new Publication[n];
        final PeerPublisher.Target[] targets = new PeerPublisher.Target[n];
        Subscription subscription = null;
        try {
            subscription = aeron.addSubscription(config.subscriptionChannel(), config.subscriptionStreamId());
            for (int peer = 0; peer < n; peer++) {
                if (peer != config.self()) {
                    final Publication p = aeron.addExclusivePublication(config.publicationChannel(peer),
                        config.publicationStreamId(peer));
                    publications[peer] = p;
                    targets[peer] = p::offer;
                }
            }
        } catch (final RuntimeException e) {
            CloseHelper.quietCloseAll(publications);
            CloseHelper.quietClose(subscription);
            CloseHelper.quietClose(aeron);
            throw new TransportException(TransportError.DRIVER_FAILED,
                "could not open channels for validator " + config.self() + ": " + e.getMessage(), e);
        }
        return new TransportAgent(config, handler, listener, random, System::nanoTime, targets,
            peer -> publications[peer].isConnected(), aeron, subscription, publications);
    }

    public TransportCounters counters() {
        return counters;
    }

    public PeerScoring scoring() {
        return scoring;
    }

    public int self() {
        return self;
    }

    /** Whether a session with {@code validator} is established. */
    public boolean isUp(final int validator) {
        return validator >= 0 && validator < peers && sessions[validator] != null;
    }

    /** How many peers have an established session. */
    public int peersUp() {
        int up = 0;
        for (final PeerSession s : sessions) {
            if (s != null) {
                up++;
            }
        }
        return up;
    }

    @Override
    public String roleName() {
        return "kairos-transport-" + self;
    }

    /** Runs one duty cycle at the time given by the clock (System.nanoTime for {@link #connect}). */
    @Override
    public int doWork() {
        return doWork(clock.getAsLong());
    }

    /** Runs one duty cycle at {@code nowNs}; returns the work done (0 when idle). */
    public int doWork(final long nowNs) {
        this.nowNs = nowNs;
        int work = 0;
        if (invoker != null) {
            work += invoker.invoke();
        }
        if (subscription != null) {
            work += subscription.poll(assembler, config.fragmentLimit());
        }
        for (int peer = 0; peer < peers; peer++) {
            if (peer != self) {
                work += tendPeer(peer, nowNs);
            }
        }
        return work;
    }

    private int tendPeer(final int peer, final long now) {
        final boolean connected = connectivity.isConnected(peer);
        if (sessions[peer] != null && !connected) {
            dropSession(peer);
            return 1;
        }
        if (handshaker.hasPending(peer) && now - handshaker.pendingSinceNs(peer) >= config.handshakeTimeoutNs()) {
            handshaker.abandon(peer);
        }
        final boolean quiet = sessions[peer] == null || now - lastHeardNs[peer] >= config.sessionIdleTimeoutNs();
        if (!Handshaker.initiates(self, peer) || !quiet || !connected || handshaker.hasPending(peer)
            || scoring.isDisconnected(peer, now)) {
            return 0;
        }
        final int length = handshaker.writeInit(peer, handshakeBuffer, now);
        counters.handshakeStarted();
        publisher.offer(peer, targets[peer], handshakeBuffer, 0, length);
        return 1;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
        onFrame(buffer, offset, length, header.sessionId(), nowNs);
    }

    /**
     * Handles one whole frame as it arrived on the Aeron image {@code imageSessionId}. Public for tests
     * and simulations that carry frames without Aeron; production frames come through {@link #doWork}.
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length, final int imageSessionId,
                        final long nowNs) {
        this.nowNs = nowNs;
        final FrameHeader frame;
        try {
            frame = inHeader.wrap(buffer, offset, length, config.maxFrameBytes());
        } catch (final TransportException e) {
            refuse(-1, peerOfImage(imageSessionId), e);
            return;
        }
        final int sender = frame.sender();
        if (sender >= peers || sender == self) {
            refuse(-1, peerOfImage(imageSessionId), new TransportException(TransportError.UNKNOWN_PEER,
                "frame from index " + sender + ", not a peer in a set of " + peers));
            return;
        }
        if (scoring.isDisconnected(sender, nowNs)) {
            counters.ignoredFrom(sender);
            return;
        }
        if (frame.recipient() != self) {
            refuse(sender, peerOfImage(imageSessionId), new TransportException(TransportError.WRONG_RECIPIENT,
                "frame for validator " + frame.recipient() + " reached validator " + self));
            return;
        }
        final int type;
        try {
            if (frame.type() != FrameType.DATA) {
                onHandshake(frame, imageSessionId, nowNs);
                return;
            }
            type = openData(frame);
        } catch (final TransportException e) {
            refuse(sender, bound[sender] && boundImage[sender] == imageSessionId ? sender : peerOfImage(imageSessionId),
                e);
            return;
        }
        counters.received(sender, length);
        lastHeardNs[sender] = nowNs;
        dispatch(sender, type);
    }

    private void onHandshake(final FrameHeader frame, final int imageSessionId, final long now) {
        final int peer = frame.sender();
        switch (frame.type()) {
            case FrameType.HANDSHAKE_INIT -> {
                final int length = handshaker.onInit(frame, handshakeBuffer, now);
                publisher.offer(peer, targets[peer], handshakeBuffer, 0, length);
            }
            case FrameType.HANDSHAKE_RESPONSE -> {
                final int length = handshaker.onResponse(frame, handshakeBuffer);
                final PeerSession session = handshaker.takeEstablished();
                if (publisher.offer(peer, targets[peer], handshakeBuffer, 0, length) == SendResult.SENT) {
                    install(peer, session, imageSessionId);
                }
            }
            case FrameType.HANDSHAKE_FINISH -> install(peer, handshaker.onFinish(frame), imageSessionId);
            default -> throw new TransportException(TransportError.UNKNOWN_TYPE, "frame type " + frame.type());
        }
    }

    private void install(final int peer, final PeerSession session, final int imageSessionId) {
        final boolean wasUp = sessions[peer] != null;
        sessions[peer] = session;
        boundImage[peer] = imageSessionId;
        bound[peer] = true;
        lastHeardNs[peer] = nowNs;
        java.util.Arrays.fill(reported[peer], false);
        counters.handshakeCompleted();
        if (!wasUp) {
            handler.onPeerUp(peer);
        }
    }

    private void dropSession(final int peer) {
        final boolean wasUp = sessions[peer] != null;
        sessions[peer] = null;
        bound[peer] = false;
        handshaker.abandon(peer);
        if (wasUp) {
            handler.onPeerDown(peer);
        }
    }

    /** Decrypts and validates a DATA frame into {@link #inner}; returns the inner message type. */
    private int openData(final FrameHeader frame) {
        final int sender = frame.sender();
        final PeerSession session = sessions[sender];
        if (session == null) {
            throw new TransportException(TransportError.NO_SESSION,
                "data from validator " + sender + " before a session was established");
        }
        final int frameLength = FrameHeader.LENGTH + frame.bodyLength();
        if (frameLength < DATA_CIPHERTEXT_OFFSET + PeerSession.TAG_LENGTH + 1) {
            throw new TransportException(TransportError.MALFORMED,
                "data frame of " + frameLength + " bytes, too short for a sequence number, a message and a tag");
        }
        frame.buffer().getBytes(frame.offset(), inFrame, 0, frameLength);
        final long sequence = frame.buffer().getLong(frame.offset() + DATA_SEQUENCE_OFFSET, ORDER);
        final int plainLength = session.decrypt(sequence, inFrame, 0, DATA_CIPHERTEXT_OFFSET, inFrame,
            DATA_CIPHERTEXT_OFFSET, frameLength - DATA_CIPHERTEXT_OFFSET, inPlain, 0);
        if (frame.compressed()) {
            final int length = lz4.decompress(inPlain, 0, plainLength, inInflated, 0, config.maxMessageBytes());
            return inner.wrap(inInflatedBuffer, 0, length, config.maxMessageBytes());
        }
        return inner.wrap(inPlainBuffer, 0, plainLength, config.maxMessageBytes());
    }

    private void dispatch(final int sender, final int type) {
        switch (type) {
            case MessageType.CONSENSUS -> handler.onConsensus(sender, inner.buffer(), inner.consensusOffset(),
                inner.consensusLength());
            case MessageType.BLOCK_REQUEST -> handler.onBlockRequest(sender, inner.blockRequestFromHeight(),
                inner.blockRequestMaxBlocks(), inner.blockRequestCursor());
            case MessageType.BLOCK_RESPONSE -> handler.onBlockResponse(sender, inner.blockResponse());
            case MessageType.SNAPSHOT_REQUEST -> handler.onSnapshotRequest(sender, inner.snapshotRequestHeight(),
                inner.snapshotRequestChunkIndex());
            case MessageType.SNAPSHOT_CHUNK -> handler.onSnapshotChunk(sender, inner);
            case MessageType.STATUS -> handler.onStatus(sender, inner.statusHeight(), inner.buffer(),
                inner.statusBlockHashOffset());
            case MessageType.TRANSACTIONS -> handler.onTransactions(sender, inner);
            default -> throw new IllegalStateException("validated type " + type + " has no dispatch");
        }
    }

    private int peerOfImage(final int imageSessionId) {
        for (int p = 0; p < peers; p++) {
            if (bound[p] && boundImage[p] == imageSessionId) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Counts a refusal, reports it once per (claimed sender, error), and scores it against the peer the
     * frame's Aeron image is bound to, if any: the claimed index alone is not proof of who sent it.
     */
    private void refuse(final int claimedSender, final int attributedPeer, final TransportException e) {
        final TransportError error = e.error();
        counters.refusal(error);
        final int slot = claimedSender < 0 ? peers : claimedSender;
        if (!reported[slot][error.ordinal()]) {
            reported[slot][error.ordinal()] = true;
            listener.onRefused(claimedSender, error, e.getMessage());
        }
        if (attributedPeer < 0) {
            counters.unattributed();
            return;
        }
        if (!scored(error)) {
            return;
        }
        counters.decodeFailure(attributedPeer);
        if (scoring.recordInvalid(attributedPeer, nowNs)) {
            counters.disconnection();
            dropSession(attributedPeer);
            listener.onDisconnected(attributedPeer, scoring.disconnectedUntilNs(attributedPeer));
        }
    }

    private static boolean scored(final TransportError error) {
        return switch (error) {
            case MALFORMED, OVERSIZED, UNKNOWN_TYPE, UNKNOWN_VERSION, DECRYPT_FAILED, REPLAYED, HANDSHAKE_FAILED -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- outbound

    /** Sends opaque consensus bytes (a {@code MessageCodec} encoding) to one validator. */
    public SendResult send(final int validator, final byte[] message) {
        checkPeer(validator);
        return seal(validator, prepare(Messages.encodeConsensus(outPlainBuffer, 0, outPlain.length, message)));
    }

    /** Sends opaque consensus bytes to every other validator; returns how many were sent (not dropped). */
    public int broadcast(final byte[] message) {
        final int length = prepare(Messages.encodeConsensus(outPlainBuffer, 0, outPlain.length, message));
        return sealToAll(length);
    }

    public SendResult sendBlockRequest(final int validator, final long fromHeight, final int maxBlocks,
                                       final long cursor) {
        checkPeer(validator);
        return seal(validator, prepare(Messages.encodeBlockRequest(outPlainBuffer, 0, outPlain.length, fromHeight,
            maxBlocks, cursor)));
    }

    /**
     * Starts a BLOCK_RESPONSE page in the send buffer: add entries with
     * {@link BlockResponseEncoder#tryAdd} until it returns false or the blocks run out, then
     * {@link #commitBlockResponse}. The page never holds more than 100 blocks nor more than the
     * maximum message size.
     */
    public BlockResponseEncoder beginBlockResponse() {
        blockResponseOpen = true;
        return blockResponse.wrap(outPlainBuffer, 0, outPlain.length);
    }

    /** Finishes the page begun by {@link #beginBlockResponse()} and sends it. */
    public SendResult commitBlockResponse(final int validator, final long nextCursor, final boolean end) {
        if (!blockResponseOpen) {
            throw new IllegalStateException("commitBlockResponse without beginBlockResponse");
        }
        blockResponseOpen = false;
        checkPeer(validator);
        return seal(validator, prepare(blockResponse.finish(nextCursor, end)));
    }

    public SendResult sendSnapshotRequest(final int validator, final long height, final int chunkIndex) {
        checkPeer(validator);
        return seal(validator, prepare(Messages.encodeSnapshotRequest(outPlainBuffer, 0, outPlain.length, height,
            chunkIndex)));
    }

    public SendResult sendSnapshotChunk(final int validator, final long height, final byte[] stateRoot,
                                        final int chunkIndex, final int chunkCount, final DirectBuffer data,
                                        final int dataOffset, final int dataLength) {
        checkPeer(validator);
        return seal(validator, prepare(Messages.encodeSnapshotChunk(outPlainBuffer, 0, outPlain.length, height,
            stateRoot, chunkIndex, chunkCount, data, dataOffset, dataLength)));
    }

    public SendResult sendStatus(final int validator, final long height, final byte[] blockHash) {
        checkPeer(validator);
        return seal(validator, prepare(Messages.encodeStatus(outPlainBuffer, 0, outPlain.length, height, blockHash)));
    }

    /**
     * Forwards {@code count} client transactions of {@code txs} from {@code from} to every peer as one
     * TRANSACTIONS message; returns how many peers it was sent to. The caller packs the batch to fit
     * the maximum message ({@link Messages#transactionsLength}).
     *
     * @throws TransportException MALFORMED or OVERSIZED as {@link Messages#encodeTransactions}
     */
    public int broadcastTransactions(final List<byte[]> txs, final int from, final int count) {
        return sealToAll(prepare(Messages.encodeTransactions(outPlainBuffer, 0, outPlain.length, txs, from, count)));
    }

    /** Sends this node's status to every peer; returns how many were sent. */
    public int broadcastStatus(final long height, final byte[] blockHash) {
        return sealToAll(prepare(Messages.encodeStatus(outPlainBuffer, 0, outPlain.length, height, blockHash)));
    }

    /**
     * The node found what {@code validator} sent invalid after decoding (a snapshot chunk or a synced
     * block that fails its proof): it counts against the peer as a malformed frame does, and enough of
     * them disconnect it for the back-off period. Transport thread.
     */
    public void reportInvalidData(final int validator, final long nowNs) {
        checkPeer(validator);
        counters.decodeFailure(validator);
        if (scoring.recordInvalid(validator, nowNs)) {
            counters.disconnection();
            dropSession(validator);
            listener.onDisconnected(validator, scoring.disconnectedUntilNs(validator));
        }
    }

    private void checkPeer(final int validator) {
        if (validator < 0 || validator >= peers || validator == self) {
            throw new TransportException(TransportError.UNKNOWN_PEER,
                "no peer " + validator + " (validators 0.." + (peers - 1) + ", self " + self + ")");
        }
    }

    /** Compresses the inner message in {@link #outPlain} when it is past the threshold and that pays. */
    private int prepare(final int length) {
        outPayload = outPlain;
        outPayloadLength = length;
        outFlags = 0;
        if (length > config.compressionThresholdBytes()) {
            final int compressed = lz4.compress(outPlain, 0, length, outCompressed, 0);
            if (compressed < length) {
                outPayload = outCompressed;
                outPayloadLength = compressed;
                outFlags = FrameHeader.FLAG_COMPRESSED;
            }
        }
        return outPayloadLength;
    }

    private int sealToAll(final int length) {
        int sent = 0;
        for (int peer = 0; peer < peers; peer++) {
            if (peer != self && seal(peer, length) == SendResult.SENT) {
                sent++;
            }
        }
        return sent;
    }

    private SendResult seal(final int peer, final int payloadLength) {
        if (closed) {
            counters.drop(SendResult.CLOSED);
            return SendResult.CLOSED;
        }
        if (scoring.isDisconnected(peer, nowNs)) {
            counters.drop(SendResult.PEER_DISCONNECTED);
            return SendResult.PEER_DISCONNECTED;
        }
        final PeerSession session = sessions[peer];
        if (session == null) {
            counters.drop(SendResult.NO_SESSION);
            return SendResult.NO_SESSION;
        }
        final long sequence = session.nextSequence();
        final int bodyLength = 8 + payloadLength + PeerSession.TAG_LENGTH;
        FrameHeader.write(outFrameBuffer, 0, FrameType.DATA, outFlags, self, peer, bodyLength);
        outFrameBuffer.putLong(DATA_SEQUENCE_OFFSET, sequence, ORDER);
        final int cipherLength = session.encrypt(sequence, outFrame, 0, DATA_CIPHERTEXT_OFFSET, outPayload, 0,
            payloadLength, outFrame, DATA_CIPHERTEXT_OFFSET);
        return publisher.offer(peer, targets[peer], outFrameBuffer, 0, DATA_CIPHERTEXT_OFFSET + cipherLength);
    }

    @Override
    public void onClose() {
        close();
    }

    /** Closes the publications, the subscription and the Aeron client (never the media driver). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (publications != null) {
            CloseHelper.closeAll(publications);
        }
        CloseHelper.close(subscription);
        CloseHelper.close(aeron);
    }
}
