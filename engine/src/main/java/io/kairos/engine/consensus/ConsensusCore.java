package io.kairos.engine.consensus;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.CommittedBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One validator's Tendermint-style consensus as a pure, deterministic state machine (protocol,
 * commit and locking rules, safety argument: docs/consensus.md). It reads no clock, starts no thread
 * and opens no socket: the driver passes in every message and the time, and carries out the
 * {@link ConsensusOutput} each call returns. One height at a time; each height runs rounds of
 * propose, prevote, precommit until 2f+1 precommits for one block decide it.
 *
 * <p>Every incoming message is checked before it touches state, in this order: size (before
 * decoding), decoding, membership, height, round window, signature, duplicate and equivocation; each
 * refusal is counted under a {@link ConsensusError}. Before signing anything the core records it in
 * the {@link SafetyStore}, so that no crash makes it sign two conflicting messages.
 *
 * <p>Not thread-safe: one consensus thread (or the simulator) makes every call.
 */
public final class ConsensusCore {
    /** Decisions a replica sends a lagging peer at once, and the most heights ahead it keeps them for. */
    static final int DECISIONS_AHEAD = 8;
    private final Hash genesisHash;
    private final ValidatorSet validators;
    private final ConsensusConfig config;
    private final SigningKey key;
    private final int self;
    private final Address selfAddress;
    private final SafetyStore safety;
    private final CertificateStore certificates;
    private final LedgerExecution ledger;
    private final TransactionSource transactions;
    private final SignatureVerifier verifier;
    private final BlockClock epochClock;
    private final MessageCodec codec;
    private final int quorum;
    private final int weakQuorum;

    private long height;
    private int round;
    private Step step = Step.PROPOSE;
    private long stepDeadline = Long.MAX_VALUE;
    /** Round-0 leader waiting for transactions (see ConsensusConfig#emptyBlockIntervalNs) until proposeDue. */
    private boolean proposalDeferred;
    private long proposeDue = Long.MAX_VALUE;
    /** A new proof of lock formed during this call; written by finish() unless the height was decided. */
    private boolean proofOfLockPending;
    /** Inside decide(): the driver has not yet told the source what the decided block took. */
    private boolean deciding;
    private int lockedRound = -1;
    private Hash lockedHash;
    private int validRound = -1;
    private CommittedBlock validBlock;
    private Certificate validPol;
    private final TreeMap<Integer, RoundVotes> rounds = new TreeMap<>();
    private final Map<Hash, CommittedBlock> knownBlocks = new HashMap<>();
    private final Set<Long> roundChangesSeen = new HashSet<>();
    private final Set<Long> evidenceKeys = new HashSet<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private final List<byte[]> nextHeight = new ArrayList<>();
    /** Decisions for heights after the next one, sent ahead by a peer helping this replica catch up. */
    private final List<byte[]> futureDecisions = new ArrayList<>();
    private final long[] lastDecisionSent;
    /** Per validator, the highest round at this height it has signed a message for (-1: none seen). */
    private final int[] highestRound;
    private final long[] refusals = new long[ConsensusError.values().length];
    private final List<byte[]> ownMessages = new ArrayList<>(3);
    private ConsensusOutput out;
    private long now;
    private long commitsTotal;
    private long roundsTotal;
    /** True while buffered messages are handled: their refusals are counted but are not the input's. */
    private boolean replaying;

    /**
     * A replica standing on the ledger's last committed block, resuming from what {@code safety}
     * remembers (a restart keeps the lock and never signs below the recorded position).
     *
     * @param key        the validator's key; its public key must be in the genesis validator set
     * @param epochClock the epoch milliseconds a block this replica proposes is stamped with
     * @throws ConsensusException {@link ConsensusError#NOT_A_VALIDATOR} when it is not
     */
    public ConsensusCore(final ConsensusConfig config, final SigningKey key, final SafetyStore safety,
                         final CertificateStore certificates, final LedgerExecution ledger,
                         final TransactionSource transactions, final SignatureVerifier verifier,
                         final BlockClock epochClock) {
        this.certificates = certificates;
        this.epochClock = epochClock;
        this.genesisHash = ledger.genesis().hash();
        this.validators = ValidatorSet.of(ledger.genesis());
        this.config = config;
        this.key = key;
        this.self = validators.indexOfKey(key.publicKey());
        if (self < 0) {
            throw new ConsensusException(ConsensusError.NOT_A_VALIDATOR, "the signing key is not one of the "
                + validators.size() + " genesis validators");
        }
        this.selfAddress = validators.address(self);
        this.safety = safety;
        this.ledger = ledger;
        this.transactions = transactions;
        this.verifier = verifier;
        this.quorum = validators.quorum();
        this.weakQuorum = validators.maxFaulty() + 1;
        this.lastDecisionSent = new long[validators.size()];
        this.highestRound = new int[validators.size()];
        Arrays.fill(highestRound, -1);
        Arrays.fill(lastDecisionSent, Long.MIN_VALUE / 2);
        final int maxBody = ledger.genesis().maxBlockBytes();
        final int certBytes = 64 + validators.size() * (4 + MessageCodec.MAX_SIGNATURE_BYTES);
        this.codec = new MessageCodec(256 + BlockHeader.LENGTH + maxBody + certBytes + MessageCodec.MAX_SIGNATURE_BYTES,
            validators.size(), CodecLimits.DEFAULT);
        this.height = ledger.height() + 1;
    }

    /** Starts (or resumes) consensus at the ledger's next height. Call once before anything else. */
    public ConsensusOutput start(final long nowNs) {
        begin(nowNs);
        final SafetyState s = safety.current();
        int startRound = 0;
        if (s.height() == height && s.round() != Integer.MAX_VALUE) {
            // Resume in the round last signed in, where this replica may still sign the later steps;
            // after a precommit there is nothing left for it to sign in that round.
            startRound = s.step() == Step.PRECOMMIT ? s.round() + 1 : s.round();
        }
        if (s.lockHeight() == height) {
            lockedRound = s.lockRound();
            lockedHash = s.lockTarget();
        }
        restoreProofOfLock();
        startRound(startRound, false);
        evaluate();
        return finish();
    }

    private void restoreProofOfLock() {
        final byte[] kept = safety.proofOfLock();
        if (kept == null) {
            return;
        }
        try {
            if (codec.decode(kept) instanceof RoundChange rc && rc.height() == height && rc.pol() != null) {
                checkPol(rc.pol(), rc.header(), -1);
                final CommittedBlock b = learnBlock(rc.header(), rc.body());
                if (b != null) {
                    validRound = rc.pol().round();
                    validBlock = b;
                    validPol = rc.pol();
                }
            }
        } catch (final ConsensusException e) {
            refuse(e.error());
        }
    }

    /**
     * Marks the proof of lock for keeping: it is written before this replica records a lock (a
     * non-nil precommit), so that a lock never outlives the only copy of its block across a crash,
     * or else at the end of the call if the height is still undecided (see {@link #finish()}).
     */
    private void keepProofOfLock() {
        proofOfLockPending = true;
    }

    /** Keeps the proof of lock durable enough to outlive a restart (see SafetyStore#recordProofOfLock). */
    private void writeProofOfLock() {
        // Kept locally and never sent, so it needs no real signature: the certificate proves it.
        safety.recordProofOfLock(codec.encode(new RoundChange(height, validRound + 1, self, validBlock.header(),
            body(validBlock), validPol, new byte[] {0})));
    }

    /**
     * A page of decided blocks with their certificates from {@code fromHeight} on, for a peer that is
     * behind (see {@link BlockSync#page}). Call on this core's thread.
     */
    public List<BlockSync.Entry> syncPage(final long fromHeight, final int maxBlocks, final long maxBytes) {
        return BlockSync.page(ledger.store(), certificates, codec, fromHeight, maxBlocks, maxBytes);
    }

    /**
     * Makes what this replica recorded durable: the safety record (first) and the certificate store.
     * A driver calls it with every output that sends or commits anything, before it acts on it.
     */
    public void syncStores() {
        safety.sync();
        certificates.sync();
    }

    /** Handles one message from the network. */
    public ConsensusOutput onMessage(final byte[] bytes, final long nowNs) {
        begin(nowNs);
        handle(bytes);
        return finish();
    }

    /**
     * Fires the step timeout if it is due, and makes a round-0 leader that waits for transactions
     * propose once its {@link TransactionSource#ready()} says so or the empty-block interval is over.
     * Cheap when there is nothing to do: a driver may call it whenever transactions arrive.
     */
    public ConsensusOutput onTick(final long nowNs) {
        begin(nowNs);
        if (proposalDeferred && (now >= proposeDue || transactions.ready())) {
            proposalDeferred = false;
            propose();
            evaluate();
        }
        if (now >= stepDeadline) {
            timeout();
            evaluate();
        }
        return finish();
    }

    private void begin(final long nowNs) {
        out = new ConsensusOutput();
        now = nowNs;
    }

    private ConsensusOutput finish() {
        if (proofOfLockPending) {
            proofOfLockPending = false;
            // Before the driver sends anything from this call; a height decided meanwhile needs none.
            if (validBlock != null) {
                writeProofOfLock();
            }
        }
        out.wakeAt(proposalDeferred ? Math.min(stepDeadline, proposeDue) : stepDeadline);
        final ConsensusOutput o = out;
        out = null;
        return o;
    }

    private void refuse(final ConsensusError error) {
        refusals[error.ordinal()]++;
        if (!replaying) {
            out.refuse(error);
        }
    }

    // ---------------------------------------------------------------- message intake

    private void handle(final byte[] bytes) {
        final ConsensusMessage m;
        try {
            m = codec.decode(bytes);
        } catch (final ConsensusException e) {
            refuse(e.error());
            return;
        }
        try {
            switch (m) {
                case Vote v -> onVote(v, bytes);
                case Proposal p -> onProposal(p, bytes);
                case RoundChange r -> onRoundChange(r, bytes);
                case Decision d -> onDecision(d, bytes);
            }
        } catch (final ConsensusException e) {
            refuse(e.error());
        }
    }

    /** Height and round window checks; returns false (refusal counted) when the message goes no further. */
    private boolean placed(final ConsensusMessage m, final int sender, final byte[] bytes) {
        if (m.height() < height) {
            refuse(ConsensusError.STALE_HEIGHT);
            if (sender >= 0) {
                helpLaggard(sender, m.height());
            }
            return false;
        }
        if (m.height() > height) {
            if (m instanceof Decision && m.height() < height + DECISIONS_AHEAD && m.height() > height + 1) {
                if (futureDecisions.size() < 2 * DECISIONS_AHEAD) {
                    futureDecisions.add(bytes);
                } else {
                    refuse(ConsensusError.BUFFER_FULL);
                }
                return false;
            }
            if (m.height() == height + 1 && nextHeight.size() < config.maxBufferedNextHeight()) {
                nextHeight.add(bytes);
            } else {
                refuse(m.height() == height + 1 ? ConsensusError.BUFFER_FULL : ConsensusError.FUTURE_HEIGHT);
            }
            return false;
        }
        if (m.round() > round + config.roundWindow()) {
            refuse(ConsensusError.ROUND_TOO_FAR);
            noteFarRound(m);
            return false;
        }
        return true;
    }

    private void member(final int index) {
        if (!validators.isMember(index)) {
            throw new ConsensusException(ConsensusError.NOT_A_VALIDATOR, "validator index " + index + " of "
                + validators.size());
        }
    }

    private void checkSignature(final int signer, final byte[] message, final byte[] signature) {
        if (!verifier.verify(validators.scheme(signer), validators.publicKey(signer), message, signature)) {
            throw new ConsensusException(ConsensusError.BAD_SIGNATURE, "signature of validator " + signer
                + " does not verify");
        }
    }

    private void onVote(final Vote v, final byte[] bytes) {
        member(v.validator());
        if (!placed(v, v.validator(), bytes)) {
            return;
        }
        checkSignature(v.validator(), v.signingBytes(genesisHash), v.signature());
        if (recordVote(v)) {
            evaluate();
        }
    }

    /** Adds a verified vote to its round; false (refusal counted) for a duplicate or an equivocation. */
    private boolean recordVote(final Vote v) {
        final RoundVotes rv = votes(v.round());
        final Vote existing = rv.get(v.step(), v.validator());
        if (existing != null) {
            if (existing.sameTarget(v)) {
                refuse(ConsensusError.DUPLICATE);
            } else {
                addEvidence(v.validator(), v.height(), v.round(), v.step(), existing, v);
                refuse(ConsensusError.EQUIVOCATION);
            }
            return false;
        }
        rv.put(v);
        noteRound(v.validator(), v.round());
        return true;
    }

    private void addEvidence(final int validator, final long h, final int r, final Step s,
                             final ConsensusMessage first, final ConsensusMessage second) {
        final long k = ((h * 4099 + r) * 4 + s.ordinal()) * 1031 + validator;
        if (evidenceKeys.add(k)) {
            final Evidence e = new Evidence(validator, h, r, s, first, second);
            evidence.add(e);
            out.evidence(e);
        }
    }

    private RoundVotes votes(final int r) {
        return rounds.computeIfAbsent(r, x -> new RoundVotes(validators.size()));
    }

    private void onProposal(final Proposal p, final byte[] bytes) {
        member(p.proposer());
        if (!placed(p, p.proposer(), bytes)) {
            return;
        }
        if (p.proposer() != validators.leader(p.height(), p.round())) {
            throw new ConsensusException(ConsensusError.WRONG_PROPOSER, "validator " + p.proposer()
                + " does not lead round " + p.round() + " at height " + p.height());
        }
        checkSignature(p.proposer(), p.signingBytes(genesisHash), p.signature());
        final RoundVotes rv = votes(p.round());
        final Proposal existing = rv.proposal();
        if (existing != null) {
            if (existing.blockHash().equals(p.blockHash()) && existing.validRound() == p.validRound()) {
                refuse(ConsensusError.DUPLICATE);
            } else {
                addEvidence(p.proposer(), p.height(), p.round(), Step.PROPOSE, existing, p);
                refuse(ConsensusError.EQUIVOCATION);
            }
            return;
        }
        if (p.pol() != null) {
            checkPol(p.pol(), p.header(), p.validRound());
        }
        if (learnBlock(p.header(), p.body()) == null && out.refusal() == ConsensusError.BODY_MISMATCH) {
            // The signature covers the header, not the body: a corrupted copy must not take the place
            // of the leader's real proposal.
            return;
        }
        rv.proposal(p);
        noteRound(p.proposer(), p.round());
        if (p.pol() != null) {
            absorb(p.pol());
        }
        evaluate();
    }

    private void checkPol(final Certificate pol, final BlockHeader header, final int expectedRound) {
        if (pol.step() != Step.PREVOTE || pol.height() != height || (expectedRound >= 0 && pol.round() != expectedRound)
            || !header.hash().equals(pol.blockHash()) || !header.stateRoot().equals(pol.stateRoot())) {
            throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "the proof of lock " + pol
                + " is not over this block's prevotes at height " + height);
        }
        pol.verify(genesisHash, validators, verifier);
    }

    /** Adds a verified certificate's votes to the tallies (finding equivocations among them too). */
    private void absorb(final Certificate c) {
        if (c.round() > round + config.roundWindow()) {
            return;
        }
        for (int i = 0; i < c.size(); i++) {
            final Vote v = c.vote(i);
            final Vote existing = votes(v.round()).get(v.step(), v.validator());
            if (existing == null) {
                votes(v.round()).put(v);
            } else if (!existing.sameTarget(v)) {
                addEvidence(v.validator(), v.height(), v.round(), v.step(), existing, v);
            }
        }
    }

    /** Validates and executes a block seen at this height, remembering it if valid. */
    private CommittedBlock learnBlock(final BlockHeader header, final byte[] body) {
        final Hash hash = header.hash();
        final CommittedBlock known = knownBlocks.get(hash);
        if (known != null) {
            return known;
        }
        if (validators.indexOf(header.proposer()) < 0) {
            refuse(ConsensusError.BAD_BLOCK);
            return null;
        }
        try {
            final CommittedBlock b = ledger.validate(header, body);
            knownBlocks.put(hash, b);
            return b;
        } catch (final ConsensusException e) {
            refuse(e.error());
            return null;
        }
    }

    private void onRoundChange(final RoundChange r, final byte[] bytes) {
        member(r.sender());
        if (!placed(r, r.sender(), bytes)) {
            return;
        }
        checkSignature(r.sender(), RoundChange.signingBytes(genesisHash, r.height(), r.round()), r.signature());
        if (!roundChangesSeen.add((long) r.round() << 16 | r.sender())) {
            refuse(ConsensusError.DUPLICATE);
            return;
        }
        noteRound(r.sender(), r.round());
        if (r.pol() != null && r.pol().round() < r.round()) {
            checkPol(r.pol(), r.header(), -1);
            absorb(r.pol());
            final CommittedBlock b = learnBlock(r.header(), r.body());
            if (b != null && r.pol().round() > validRound) {
                validRound = r.pol().round();
                validBlock = b;
                validPol = r.pol();
                keepProofOfLock();
            }
        }
        evaluate();
    }

    private void onDecision(final Decision d, final byte[] bytes) {
        if (!placed(d, -1, bytes)) {
            return;
        }
        final Certificate c = d.commit();
        if (c.step() != Step.PRECOMMIT || c.height() != height || !d.header().hash().equals(c.blockHash())
            || !d.header().stateRoot().equals(c.stateRoot())) {
            throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "a decision needs precommits for its block");
        }
        c.verify(genesisHash, validators, verifier);
        final CommittedBlock b = learnBlock(d.header(), d.body());
        if (b != null) {
            decide(b, c);
        }
    }

    // ---------------------------------------------------------------- the protocol

    private void startRound(final int r, final boolean announce) {
        round = r;
        step = Step.PROPOSE;
        ownMessages.clear();
        proposalDeferred = false;
        // A round this replica already signed in before a restart gets no empty-block wait: what it
        // would propose now may conflict with what it signed, and then only a timeout moves it on.
        final SafetyState signed = safety.current();
        final boolean resumed = signed.height() == height && signed.round() == r;
        stepDeadline = ConsensusConfig.saturatingAdd(now, resumed ? config.timeoutNs(r) : config.proposeTimeoutNs(r));
        if (announce) {
            final byte[] sig = key.sign(RoundChange.signingBytes(genesisHash, height, r));
            final RoundChange rc = validBlock == null
                ? new RoundChange(height, r, self, null, null, null, sig)
                : new RoundChange(height, r, self, validBlock.header(), body(validBlock), validPol, sig);
            out.broadcast(codec.encode(rc));
            roundChangesSeen.add((long) r << 16 | self);
        }
        noteRound(self, r);
        if (validators.leader(height, r) == self) {
            // Right after a decision the source still offers what the decided block included (the
            // driver updates it from this call's output), so the next proposal waits for a tick.
            // A lone validator decides inside propose(): proposing again inside decide() would recurse
            // block after block, so it always waits for the next call.
            final boolean wait = config.emptyBlockIntervalNs() > 0 || validators.size() == 1;
            if (r == 0 && validBlock == null && wait && !resumed && (deciding || !transactions.ready())) {
                proposalDeferred = true;
                proposeDue = ConsensusConfig.saturatingAdd(now, config.emptyBlockIntervalNs());
            } else {
                propose();
            }
        }
    }

    private static byte[] body(final CommittedBlock b) {
        final byte[] body = new byte[b.bodyLength()];
        b.copyBody(body, 0);
        return body;
    }

    private void propose() {
        final CommittedBlock block;
        final int vr;
        final Certificate pol;
        if (validBlock != null) {
            block = validBlock;
            vr = validRound;
            pol = validPol;
        } else {
            block = ledger.build(epochClock.epochMillis(now), selfAddress, transactions);
            vr = -1;
            pol = null;
        }
        if (!recordSafety(round, Step.PROPOSE, block.hash())) {
            return;
        }
        knownBlocks.put(block.hash(), block);
        final byte[] sig = key.sign(Proposal.signingBytes(genesisHash, height, round, vr, block.hash()));
        final Proposal p = new Proposal(height, round, vr, self, block.header(), body(block), pol, sig);
        votes(round).proposal(p);
        final byte[] bytes = codec.encode(p);
        ownMessages.add(bytes);
        out.broadcast(bytes);
    }

    private boolean recordSafety(final int r, final Step s, final Hash target) {
        try {
            safety.recordVote(height, r, s, target);
            return true;
        } catch (final ConsensusException e) {
            refusals[e.error().ordinal()]++;
            return false;
        }
    }

    /** Signs, records and broadcasts our vote at the current position; moves to {@code s}. */
    private void castVote(final Step s, final CommittedBlock block) {
        step = s;
        stepDeadline = now + config.timeoutNs(round);
        final Hash target = block == null ? null : block.hash();
        if (s == Step.PRECOMMIT && block != null && proofOfLockPending && validBlock != null) {
            proofOfLockPending = false;
            writeProofOfLock();
        }
        if (!recordSafety(round, s, target)) {
            return;
        }
        final Hash root = block == null ? Hash.ZERO : block.header().stateRoot();
        final byte[] sig = key.sign(Vote.signingBytes(genesisHash, s, height, round, target, root));
        final Vote v = new Vote(s, height, round, target, root, self, sig);
        votes(round).put(v);
        final byte[] bytes = codec.encode(v);
        ownMessages.add(bytes);
        out.broadcast(bytes);
    }

    private void timeout() {
        for (final byte[] m : ownMessages) {
            out.broadcast(m);
        }
        switch (step) {
            case PROPOSE -> castVote(Step.PREVOTE, null);
            case PREVOTE -> castVote(Step.PRECOMMIT, null);
            case PRECOMMIT -> startRound(round + 1, true);
        }
    }

    /** Applies every rule that has become true, until none does. */
    private void evaluate() {
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            if (tryCommit()) {
                return;
            }
            final int skip = roundToSkipTo();
            if (skip > round) {
                startRound(skip, true);
                progressed = true;
                continue;
            }
            final RoundVotes rv = votes(round);
            updateValid(rv);
            switch (step) {
                case PROPOSE -> progressed = onProposeStep(rv);
                case PREVOTE -> progressed = onPrevoteStep(rv);
                case PRECOMMIT -> {
                    if (rv.targetWithQuorum(Step.PRECOMMIT, quorum, true) != null) {
                        startRound(round + 1, true);
                        progressed = true;
                    }
                }
            }
        }
    }

    /** Commit rule: 2f+1 precommits for a known valid block in any round of this height. */
    private boolean tryCommit() {
        for (final RoundVotes rv : rounds.values()) {
            final Vote v = rv.targetWithQuorum(Step.PRECOMMIT, quorum, false);
            if (v != null) {
                final CommittedBlock b = knownBlocks.get(v.blockHash());
                if (b != null && b.header().stateRoot().equals(v.stateRoot())) {
                    decide(b, rv.certificate(Step.PRECOMMIT, v));
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The round to skip to: the highest round that at least f+1 validators (so at least one correct
     * one) have reached, if above ours; -1 otherwise.
     */
    private int roundToSkipTo() {
        final int[] sorted = highestRound.clone();
        Arrays.sort(sorted);
        final int candidate = sorted[sorted.length - weakQuorum];
        return candidate > round ? candidate : -1;
    }

    private void noteRound(final int validator, final int r) {
        if (r > highestRound[validator]) {
            highestRound[validator] = r;
        }
    }

    /**
     * A signed message from a round beyond the window is not kept, but it still proves that its signer
     * reached that round: noted (after checking the signature, once per new round) so that a replica
     * left behind by many rounds can skip ahead on f+1 of them instead of staying out of reach.
     */
    private void noteFarRound(final ConsensusMessage m) {
        final int signer;
        final byte[] signed;
        final byte[] signature;
        switch (m) {
            case Vote v -> {
                signer = v.validator();
                signed = v.signingBytes(genesisHash);
                signature = v.signature();
            }
            case Proposal p -> {
                signer = p.proposer();
                signed = p.signingBytes(genesisHash);
                signature = p.signature();
            }
            case RoundChange r -> {
                signer = r.sender();
                signed = RoundChange.signingBytes(genesisHash, r.height(), r.round());
                signature = r.signature();
            }
            case Decision d -> {
                return;
            }
        }
        if (validators.isMember(signer) && m.round() > highestRound[signer]) {
            checkSignature(signer, signed, signature);
            highestRound[signer] = m.round();
            evaluate();
        }
    }

    private void updateValid(final RoundVotes rv) {
        if (validRound >= round) {
            return;
        }
        final Vote v = rv.targetWithQuorum(Step.PREVOTE, quorum, false);
        if (v != null) {
            final CommittedBlock b = knownBlocks.get(v.blockHash());
            if (b != null && b.header().stateRoot().equals(v.stateRoot())) {
                validRound = round;
                validBlock = b;
                validPol = rv.certificate(Step.PREVOTE, v);
                keepProofOfLock();
            }
        }
    }

    private boolean onProposeStep(final RoundVotes rv) {
        final Proposal p = rv.proposal();
        if (p == null) {
            return false;
        }
        final CommittedBlock b = knownBlocks.get(p.blockHash());
        final boolean vote;
        if (b == null) {
            vote = false;
        } else if (p.validRound() < 0) {
            vote = lockedRound < 0 || p.blockHash().equals(lockedHash);
        } else {
            vote = lockedRound <= p.validRound() || p.blockHash().equals(lockedHash);
        }
        castVote(Step.PREVOTE, vote ? b : null);
        return true;
    }

    private boolean onPrevoteStep(final RoundVotes rv) {
        final Vote v = rv.targetWithQuorum(Step.PREVOTE, quorum, false);
        if (v != null) {
            final CommittedBlock b = knownBlocks.get(v.blockHash());
            if (b != null && b.header().stateRoot().equals(v.stateRoot())) {
                lockedRound = round;
                lockedHash = b.hash();
                validRound = round;
                validBlock = b;
                validPol = rv.certificate(Step.PREVOTE, v);
                keepProofOfLock();
                castVote(Step.PRECOMMIT, b);
                return true;
            }
        }
        if (rv.targetWithQuorum(Step.PREVOTE, quorum, true) != null) {
            castVote(Step.PRECOMMIT, null);
            return true;
        }
        return false;
    }

    private void decide(final CommittedBlock block, final Certificate certificate) {
        // The block first: a kill between the two then leaves a record one height behind the journal,
        // which the node accepts, rather than a decided height whose block is nowhere (with one
        // validator, or all of them down at once, the chain would halt there for good).
        ledger.commit(block);
        safety.recordCommitted(height);
        out.commit(block, certificate);
        certificates.put(certificate);
        commitsTotal++;
        roundsTotal += round + 1;
        height++;
        rounds.clear();
        knownBlocks.clear();
        roundChangesSeen.clear();
        Arrays.fill(highestRound, -1);
        lockedRound = -1;
        lockedHash = null;
        validRound = -1;
        validBlock = null;
        validPol = null;
        deciding = true;
        try {
            startRound(0, false);
        } finally {
            deciding = false;
        }
        final List<byte[]> buffered = new ArrayList<>(nextHeight);
        nextHeight.clear();
        final boolean outer = replaying;
        replaying = true;
        for (final byte[] m : buffered) {
            handle(m);
        }
        // Decisions sent ahead by a peer helping this replica catch up: the next one can apply now.
        final List<byte[]> ahead = new ArrayList<>(futureDecisions);
        futureDecisions.clear();
        for (final byte[] m : ahead) {
            handle(m);
        }
        replaying = outer;
        evaluate();
    }

    /** Sends a peer that is behind the block and certificate of the height it is at (rate-limited). */
    private void helpLaggard(final int peer, final long theirHeight) {
        if (peer == self || now - lastDecisionSent[peer] < config.decisionResendIntervalNs()) {
            return;
        }
        for (long h = theirHeight; h < height && h < theirHeight + DECISIONS_AHEAD; h++) {
            final Certificate c = certificates.get(h);
            final CommittedBlock b = c == null ? null : ledger.store().block(h);
            if (b == null) {
                return;
            }
            lastDecisionSent[peer] = now;
            out.send(peer, codec.encode(new Decision(b.header(), body(b), c)));
        }
    }

    // ---------------------------------------------------------------- queries

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public Step step() {
        return step;
    }

    /** This validator's index in the genesis set. */
    public int validatorIndex() {
        return self;
    }

    /** The round this replica is locked in at the current height, -1 if none. */
    public int lockedRound() {
        return lockedRound;
    }

    public Hash lockedHash() {
        return lockedHash;
    }

    public int validRound() {
        return validRound;
    }

    /** Every equivocation seen, in order (for slashing). */
    public List<Evidence> evidence() {
        return List.copyOf(evidence);
    }

    /** How many messages (or own signings, for the safety codes) were refused for {@code error}. */
    public long refusals(final ConsensusError error) {
        return refusals[error.ordinal()];
    }

    public long commits() {
        return commitsTotal;
    }

    /** Rounds this replica went through for the heights it decided (one per height when all goes well). */
    public long roundsUsed() {
        return roundsTotal;
    }

    public MessageCodec codec() {
        return codec;
    }

    public ValidatorSet validators() {
        return validators;
    }

    public LedgerExecution ledger() {
        return ledger;
    }

    /** When the pending step timeout fires, {@link Long#MAX_VALUE} if none. */
    public long stepDeadlineNs() {
        return stepDeadline;
    }
}
